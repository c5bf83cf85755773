/*
 * Open file descriptions and open(2) itself.
 *
 * A struct file is shared by every descriptor dup() or fork() made of it and
 * lives until the last of them is closed, when the driver's ->release runs
 * and the inode reference is dropped.
 *
 * Locking: f->flags is changed by F_SETFL with an atomic store and read
 * without a lock; f->pos is under f->pos_lock (read_write.c).
 */
#include <vfs.h>
#include <fdtable.h>
#include <cred.h>
#include <slab.h>
#include <mm.h>
#include <string.h>
#include <panic.h>
#include <errno.h>
#include <uapi/fcntl.h>
#include <uapi/mount.h>
#include "fs_impl.h"

static struct kmem_cache *file_cache;

void
file_cache_init(void)
{
	file_cache = kmem_cache_create("file", sizeof(struct file));
	if (file_cache == NULL)
		panic("vfs: cannot create the file cache");
}

struct file *
file_alloc(struct inode *inode, int flags)
{
	struct file *f = kmem_cache_alloc(file_cache, ALLOC_ZERO);

	if (f == NULL)
		return NULL;
	atomic_set(&f->refcount, 1);
	f->inode = inode;
	f->ops = inode->fops;
	f->flags = flags & ~(O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC | O_CLOEXEC);
	mutex_init(&f->pos_lock, "file pos");
	return f;
}

struct file *
file_get(struct file *f)
{
	atomic_inc(&f->refcount);
	return f;
}

void
file_put(struct file *f)
{
	if (!atomic_dec_and_test(&f->refcount))
		return;
	if (f->ops != NULL && f->ops->release != NULL)
		f->ops->release(f);
	iput(f->inode);
	if (f->dir != NULL)
		iput(f->dir);
	kfree(f->name);
	kmem_cache_free(file_cache, f);
}

/* What opening with these flags asks of the file's permission bits. */
static int
open_mask(int flags)
{
	int mask = 0;

	if ((flags & O_ACCMODE) != O_WRONLY)
		mask |= MAY_READ;
	if ((flags & O_ACCMODE) != O_RDONLY || (flags & O_TRUNC))
		mask |= MAY_WRITE;
	return mask;
}

/* Create name in dir (locked) with the umask applied; a new inode in *out. */
static int
create_in(struct inode *dir, const char *name, size_t len, uint32_t mode, struct inode **out)
{
	int error;

	error = inode_permission(dir, MAY_WRITE | MAY_EXEC);
	if (error != 0)
		return error;
	if (dir->ops->create == NULL)
		return -EACCES;
	mode = S_IFREG | (mode & S_IALLUGO & ~current_fs()->umask);
	return dir->ops->create(dir, name, len, mode, out);
}

/*
 * O_CREAT: find or create the last component. *created tells whether it
 * is new (then no permission check applies to the opening itself). *tail
 * is where the file was found.
 */
static int
open_create(int dirfd, const char *path, int flags, uint32_t mode, struct inode **out,
    bool *created, struct lookup_tail *tail)
{
	struct inode *dir, *inode;
	const char *name;
	size_t len;
	int error;

	error = vfs_lookup_parent(dirfd, path, &dir, &name, &len);
	if (error != 0)
		return error;
	*created = false;
	if (path[strlen(path) - 1] == '/' || (len <= 2 && name[0] == '.' &&
	    (len == 1 || name[1] == '.'))) {
		error = -EISDIR;
		goto out;
	}
	mutex_lock(&dir->lock);
	error = dir->ops->lookup(dir, name, len, &inode);
	if (error == -ENOENT) {
		error = create_in(dir, name, len, mode, &inode);
		*created = error == 0;
	} else if (error == 0 && (flags & O_EXCL)) {
		iput(inode);
		error = -EEXIST;
	}
	mutex_unlock(&dir->lock);
	if (error != 0 || *created)
		goto out;
	/* It exists: a symbolic link is followed (or refused) like any open. */
	if (S_ISLNK(inode->mode)) {
		iput(inode);
		error = vfs_lookup_tail(dirfd, path, (flags & O_NOFOLLOW) ? 0 : LOOKUP_FOLLOW,
		    &inode, tail);
		if (error != 0)
			goto out;
	}
	if (S_ISDIR(inode->mode)) {
		iput(inode);
		error = -EISDIR;
		goto out;
	}
out:
	if (error == 0 && tail->dir == NULL) {
		tail->dir = igrab(dir);
		memcpy(tail->name, name, len);
		tail->name[len] = '\0';
	}
	iput(dir);
	if (error == 0)
		*out = inode;
	return error;
}

/* The checks an existing file must pass before it is opened. */
static int
may_open(struct inode *inode, int flags)
{
	uint32_t mode = inode->mode;

	if (S_ISLNK(mode))
		return -ELOOP;		/* O_NOFOLLOW on a symbolic link */
	if ((flags & O_DIRECTORY) && !S_ISDIR(mode))
		return -ENOTDIR;
	if (S_ISDIR(mode) && (open_mask(flags) & MAY_WRITE))
		return -EISDIR;
	if ((S_ISCHR(mode) || S_ISBLK(mode)) && (inode->sb->mnt_flags & MS_NODEV))
		return -EACCES;
	if (S_ISBLK(mode) || S_ISSOCK(mode))
		return -ENXIO;		/* no block device files; sockets open by connect */
	return inode_permission(inode, open_mask(flags));
}

/* Keep where f was found (the reference in tail passes to f); 0 or -ENOMEM. */
static int
remember_tail(struct file *f, struct lookup_tail *tail)
{
	size_t len = strlen(tail->name) + 1;

	f->name = kmalloc(len, 0);
	if (f->name == NULL)
		return -ENOMEM;
	memcpy(f->name, tail->name, len);
	f->dir = tail->dir;
	tail->dir = NULL;
	return 0;
}

int
vfs_open(int dirfd, const char *path, int flags, uint32_t mode, struct file **out)
{
	struct lookup_tail *tail;
	struct inode *inode;
	struct file *f = NULL;
	bool created = false;
	int error;

	if (flags & (O_PATH | __O_TMPFILE))
		return -EINVAL;		/* not supported */
	tail = kzalloc(sizeof(*tail));
	if (tail == NULL)
		return -ENOMEM;
	if (flags & O_CREAT)
		error = open_create(dirfd, path, flags, mode, &inode, &created, tail);
	else
		error = vfs_lookup_tail(dirfd, path, (flags & O_NOFOLLOW) ? 0 : LOOKUP_FOLLOW,
		    &inode, tail);
	if (error != 0)
		goto out;
	if (!created) {
		error = may_open(inode, flags);
		if (error == 0 && (flags & O_TRUNC) && S_ISREG(inode->mode))
			error = vfs_truncate(inode, 0);
		if (error != 0) {
			iput(inode);
			goto out;
		}
	}
	f = file_alloc(inode, flags);
	if (f == NULL) {
		iput(inode);
		error = -ENOMEM;
		goto out;
	}
	if (tail->dir != NULL)
		error = remember_tail(f, tail);
	if (error == 0 && f->ops != NULL && f->ops->open != NULL)
		error = f->ops->open(inode, f);
	if (error != 0) {
		f->ops = NULL;	/* not opened: no ->release */
		file_put(f);
		goto out;
	}
	*out = f;
out:
	if (tail->dir != NULL)
		iput(tail->dir);
	kfree(tail);
	return error;
}

ssize_t
kernel_read(struct file *f, void *buf, size_t n, off_t off)
{
	struct uio uio = uio_kernel(buf, n, UIO_READ);

	return vfs_read(f, &uio, &off);
}
