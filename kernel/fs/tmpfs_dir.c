/*
 * tmpfs directories: a list of named entries, each pointing at an inode
 * that stays in memory while linked. Every operation runs with the
 * directory's inode->lock held by the VFS (rename: both directories, under
 * the super block's rename_lock).
 */
#include <vfs.h>
#include <slab.h>
#include <string.h>
#include <errno.h>
#include <uapi/dirent.h>
#include "tmpfs.h"

/* readdir positions: 0 is ".", 1 is "..", entries count from here. */
#define FIRST_COOKIE	2

void
tmpfs_dir_init(struct inode *dir, struct inode *parent)
{
	struct tmpfs_inode *ti = TI(dir);

	list_init(&ti->entries);
	ti->parent = parent;
	ti->next_cookie = FIRST_COOKIE;
	dir->nlink = 2;
	dir->size = 0;
}

void
tmpfs_free_entries(struct inode *dir)
{
	struct tmpfs_dirent *de, *tmp;

	list_for_each_entry_safe(de, tmp, &TI(dir)->entries, link) {
		list_del(&de->link);
		kfree(de);
	}
}

static struct tmpfs_dirent *
find_entry(struct inode *dir, const char *name, size_t len)
{
	struct tmpfs_dirent *de;

	list_for_each_entry(de, &TI(dir)->entries, link) {
		if (de->len == len && memcmp(de->name, name, len) == 0)
			return de;
	}
	return NULL;
}

int
tmpfs_add_entry(struct inode *dir, const char *name, size_t len, struct inode *inode)
{
	struct tmpfs_dirent *de = kmalloc(sizeof(*de) + len, 0);

	if (de == NULL)
		return -ENOMEM;
	de->inode = inode;
	de->len = len;
	memcpy(de->name, name, len);
	de->cookie = TI(dir)->next_cookie++;
	list_add_tail(&de->link, &TI(dir)->entries);
	dir->size += len;	/* some size, as stat shows one for directories */
	inode_touch(dir, true, true);
	return 0;
}

static void
remove_entry(struct inode *dir, struct tmpfs_dirent *de)
{
	list_del(&de->link);
	dir->size -= de->len;
	inode_touch(dir, true, true);
	kfree(de);
}

static int
tmpfs_lookup(struct inode *dir, const char *name, size_t len, struct inode **out)
{
	struct tmpfs_dirent *de;

	if (dir->nlink == 0)
		return -ENOENT;		/* removed: not even ".." is left */
	if (len == 2 && name[0] == '.' && name[1] == '.') {
		*out = igrab(TI(dir)->parent);
		return 0;
	}
	de = find_entry(dir, name, len);
	if (de == NULL)
		return -ENOENT;
	*out = igrab(de->inode);
	return 0;
}

/* Make and link a new inode of the given type; *out gets a reference if asked. */
static int
make_node(struct inode *dir, const char *name, size_t len, uint32_t mode, dev_t rdev,
    struct inode **out)
{
	struct inode *inode;
	int error;

	if (dir->nlink == 0)
		return -ENOENT;		/* the directory was removed */
	if (find_entry(dir, name, len) != NULL)
		return -EEXIST;
	error = tmpfs_new_inode(dir->sb, dir, mode, rdev, &inode);
	if (error != 0)
		return error;
	error = tmpfs_add_entry(dir, name, len, inode);
	if (error != 0) {
		inode->nlink = 0;
		iput(inode);
		return error;
	}
	if (S_ISDIR(mode))
		dir->nlink++;
	if (out != NULL)
		*out = inode;
	else
		iput(inode);
	return 0;
}

static int
tmpfs_create(struct inode *dir, const char *name, size_t len, uint32_t mode,
    struct inode **out)
{
	return make_node(dir, name, len, mode, 0, out);
}

static int
tmpfs_mkdir(struct inode *dir, const char *name, size_t len, uint32_t mode)
{
	return make_node(dir, name, len, S_IFDIR | mode, 0, NULL);
}

static int
tmpfs_mknod(struct inode *dir, const char *name, size_t len, uint32_t mode, dev_t rdev)
{
	return make_node(dir, name, len, mode, rdev, NULL);
}

static int
tmpfs_symlink(struct inode *dir, const char *name, size_t len, const char *target)
{
	size_t tlen = strlen(target);
	struct inode *inode;
	char *copy;
	int error;

	copy = kmalloc(tlen + 1, 0);
	if (copy == NULL)
		return -ENOMEM;
	memcpy(copy, target, tlen + 1);
	error = make_node(dir, name, len, S_IFLNK | 0777, 0, &inode);
	if (error != 0) {
		kfree(copy);
		return error;
	}
	TI(inode)->target = copy;
	inode->size = tlen;
	iput(inode);
	return 0;
}

static int
tmpfs_link(struct inode *dir, const char *name, size_t len, struct inode *target)
{
	int error;

	if (dir->nlink == 0)
		return -ENOENT;
	if (find_entry(dir, name, len) != NULL)
		return -EEXIST;
	error = tmpfs_add_entry(dir, name, len, target);
	if (error != 0)
		return error;
	target->nlink++;
	inode_touch(target, false, true);
	return 0;
}

static bool
dir_is_empty(struct inode *dir)
{
	return list_empty(&TI(dir)->entries);
}

/* Drop an entry's link to its inode (which may then be evicted). */
static void
drop_link(struct inode *dir, struct tmpfs_dirent *de)
{
	struct inode *inode = igrab(de->inode);

	if (S_ISDIR(inode->mode)) {
		inode->nlink = 0;
		dir->nlink--;
	} else {
		inode->nlink--;
	}
	inode_touch(inode, false, true);
	remove_entry(dir, de);
	iput(inode);
}

static int
tmpfs_unlink(struct inode *dir, const char *name, size_t len)
{
	struct tmpfs_dirent *de = find_entry(dir, name, len);

	if (de == NULL)
		return -ENOENT;
	if (S_ISDIR(de->inode->mode))
		return -EISDIR;
	drop_link(dir, de);
	return 0;
}

static int
tmpfs_rmdir(struct inode *dir, const char *name, size_t len)
{
	struct tmpfs_dirent *de = find_entry(dir, name, len);

	if (de == NULL)
		return -ENOENT;
	if (!S_ISDIR(de->inode->mode))
		return -ENOTDIR;
	if (!dir_is_empty(de->inode))
		return -ENOTEMPTY;
	drop_link(dir, de);
	return 0;
}

/* Whether dir is inode or lies below it (rename_lock held: parents are stable). */
static bool
is_ancestor(struct inode *inode, struct inode *dir)
{
	for (;;) {
		if (dir == inode)
			return true;
		if (TI(dir)->parent == dir)
			return false;
		dir = TI(dir)->parent;
	}
}

/* May the existing target be replaced by src? 0 or the errno Linux gives. */
static int
may_replace(struct inode *src, struct inode *target)
{
	if (S_ISDIR(src->mode) && !S_ISDIR(target->mode))
		return -ENOTDIR;
	if (!S_ISDIR(src->mode) && S_ISDIR(target->mode))
		return -EISDIR;
	if (S_ISDIR(target->mode) && !dir_is_empty(target))
		return -ENOTEMPTY;
	return 0;
}

static int
tmpfs_rename(struct inode *odir, const char *oname, size_t olen,
    struct inode *ndir, const char *nname, size_t nlen)
{
	struct tmpfs_dirent *ode = find_entry(odir, oname, olen);
	struct tmpfs_dirent *nde = find_entry(ndir, nname, nlen);
	struct inode *src;
	int error;

	if (ode == NULL)
		return -ENOENT;
	src = ode->inode;
	if (nde != NULL && nde->inode == src)
		return 0;	/* two links to one file: nothing to do, as POSIX says */
	if (S_ISDIR(src->mode) && is_ancestor(src, ndir))
		return -EINVAL;
	if (nde != NULL && (error = may_replace(src, nde->inode)) != 0)
		return error;
	if (ndir->nlink == 0)
		return -ENOENT;
	if (nde != NULL)
		drop_link(ndir, nde);
	error = tmpfs_add_entry(ndir, nname, nlen, src);
	if (error != 0)
		return error;
	list_del(&ode->link);
	odir->size -= ode->len;
	kfree(ode);
	if (S_ISDIR(src->mode) && odir != ndir) {
		odir->nlink--;
		ndir->nlink++;
		TI(src)->parent = ndir;
	}
	inode_touch(odir, true, true);
	inode_touch(src, false, true);
	return 0;
}

static int
tmpfs_readdir(struct file *file, struct dir_context *ctx)
{
	struct inode *dir = file->inode;
	struct tmpfs_dirent *de;

	if (ctx->pos == 0) {
		if (!ctx->emit(ctx, ".", 1, dir->ino, DT_DIR))
			return 0;
		ctx->pos = 1;
	}
	if (ctx->pos == 1) {
		if (!ctx->emit(ctx, "..", 2, TI(dir)->parent->ino, DT_DIR))
			return 0;
		ctx->pos = FIRST_COOKIE;
	}
	list_for_each_entry(de, &TI(dir)->entries, link) {
		if ((uint64_t)ctx->pos > de->cookie)
			continue;
		if (!ctx->emit(ctx, de->name, de->len, de->inode->ino,
		    IFTODT(de->inode->mode)))
			return 0;
		ctx->pos = (off_t)de->cookie + 1;
	}
	return 0;
}

const struct inode_ops tmpfs_dir_iops = {
	.lookup = tmpfs_lookup,
	.create = tmpfs_create,
	.mkdir = tmpfs_mkdir,
	.mknod = tmpfs_mknod,
	.symlink = tmpfs_symlink,
	.link = tmpfs_link,
	.unlink = tmpfs_unlink,
	.rmdir = tmpfs_rmdir,
	.rename = tmpfs_rename,
};

const struct file_ops tmpfs_dir_fops = {
	.readdir = tmpfs_readdir,
	.seekable = true,
};
