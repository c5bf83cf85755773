/*
 * Name-space system calls: openat, mknodat, mkdirat, unlinkat, symlinkat,
 * linkat, renameat2, readlinkat. Each resolves the parent directory,
 * checks write and search permission on it, and calls the directory's
 * operation under its inode->lock.
 */
#include <vfs.h>
#include <fdtable.h>
#include <cred.h>
#include <syscall.h>
#include <uaccess.h>
#include <slab.h>
#include <string.h>
#include <errno.h>
#include <uapi/fcntl.h>
#include "fs_impl.h"

SYSCALL_DEFINE4(openat, int, dirfd, uintptr_t, upath, int, flags, uint32_t, mode)
{
	struct file *f;
	char *path;
	int error, fd;

	path = getname(upath, &error);
	if (path == NULL)
		return error;
	error = vfs_open(dirfd, path, flags, mode, &f);
	kfree(path);
	if (error != 0)
		return error;
	fd = fd_install(f, 0, (flags & O_CLOEXEC) != 0);
	if (fd < 0)
		file_put(f);
	return fd;
}

static bool
is_dot_or_dotdot(const char *name, size_t len)
{
	return name[0] == '.' && (len == 1 || (len == 2 && name[1] == '.'));
}

/*
 * The parent of a user path, locked, checked for search permission (write
 * permission is checked once the entry is known to exist or not, as Linux
 * reports EEXIST and ENOENT before EACCES and EROFS); *path must be kfree'd
 * and the parent unlocked and put.
 */
static int
lock_parent(int dirfd, uintptr_t upath, char **path, struct inode **dir, const char **name,
    size_t *len)
{
	int error;

	*path = getname(upath, &error);
	if (*path == NULL)
		return error;
	error = vfs_lookup_parent(dirfd, *path, dir, name, len);
	if (error == 0 && (error = inode_permission(*dir, MAY_EXEC)) != 0)
		iput(*dir);
	if (error != 0) {
		kfree(*path);
		return error;
	}
	mutex_lock(&(*dir)->lock);
	return 0;
}

static void
unlock_parent(char *path, struct inode *dir)
{
	mutex_unlock(&dir->lock);
	iput(dir);
	kfree(path);
}

/* May name be created in dir (locked) by an operation dir supports? */
static int
may_create(struct inode *dir, const char *name, size_t len, bool supported)
{
	struct inode *existing;

	if (is_dot_or_dotdot(name, len))
		return -EEXIST;
	if (dir->ops->lookup(dir, name, len, &existing) == 0) {
		iput(existing);
		return -EEXIST;
	}
	if (!supported)
		return -EPERM;
	return inode_permission(dir, MAY_WRITE);
}

static uint32_t
apply_umask(uint32_t mode)
{
	return mode & ~current_fs()->umask;
}

SYSCALL_DEFINE3(mkdirat, int, dirfd, uintptr_t, upath, uint32_t, mode)
{
	struct inode *dir;
	const char *name;
	char *path;
	size_t len;
	int error;

	error = lock_parent(dirfd, upath, &path, &dir, &name, &len);
	if (error != 0)
		return error;
	error = may_create(dir, name, len, dir->ops->mkdir != NULL);
	if (error == 0)
		error = dir->ops->mkdir(dir, name, len, apply_umask(mode & (S_IRWXUGO | S_ISVTX)));
	unlock_parent(path, dir);
	return error;
}

/* mknod's file types: regular, devices (root only), FIFOs, sockets. */
static int
check_mknod(uint32_t mode)
{
	switch (mode & S_IFMT) {
	case 0:
	case S_IFREG:
	case S_IFIFO:
	case S_IFSOCK:
		return 0;
	case S_IFCHR:
	case S_IFBLK:
		return fs_capable() ? 0 : -EPERM;
	case S_IFDIR:
		return -EPERM;
	default:
		return -EINVAL;
	}
}

SYSCALL_DEFINE4(mknodat, int, dirfd, uintptr_t, upath, uint32_t, mode, unsigned, dev)
{
	struct inode *dir;
	const char *name;
	char *path;
	size_t len;
	int error;

	error = check_mknod(mode);
	if (error != 0)
		return error;
	if ((mode & S_IFMT) == 0)
		mode |= S_IFREG;
	error = lock_parent(dirfd, upath, &path, &dir, &name, &len);
	if (error != 0)
		return error;
	error = may_create(dir, name, len, dir->ops->mknod != NULL);
	if (error == 0)
		error = dir->ops->mknod(dir, name, len,
		    (mode & S_IFMT) | apply_umask(mode & S_IALLUGO), (dev_t)dev);
	unlock_parent(path, dir);
	return error;
}

SYSCALL_DEFINE3(symlinkat, uintptr_t, utarget, int, dirfd, uintptr_t, upath)
{
	struct inode *dir;
	const char *name;
	char *path, *target;
	size_t len;
	int error;

	target = getname(utarget, &error);
	if (target == NULL)
		return error;
	if (target[0] == '\0') {
		kfree(target);
		return -ENOENT;
	}
	error = lock_parent(dirfd, upath, &path, &dir, &name, &len);
	if (error == 0) {
		error = may_create(dir, name, len, dir->ops->symlink != NULL);
		if (error == 0)
			error = dir->ops->symlink(dir, name, len, target);
		unlock_parent(path, dir);
	}
	kfree(target);
	return error;
}

/*
 * The sticky-bit rule: in a sticky directory only the owner of the file,
 * the owner of the directory or root may remove or rename it.
 */
static int
check_sticky(struct inode *dir, struct inode *victim)
{
	const struct cred *c = fs_cred();

	if (!(dir->mode & S_ISVTX) || c->fsuid == 0 || c->fsuid == victim->uid ||
	    c->fsuid == dir->uid)
		return 0;
	return -EPERM;
}

/* Whether inode is the root of a mount (or the process root): EBUSY to remove. */
static bool
is_mount_root(struct inode *inode)
{
	struct inode *mp = mount_point_of(inode);

	if (mp == NULL)
		return inode == inode->sb->root;
	iput(mp);
	return true;
}

static bool
is_mount_point(struct inode *dir)
{
	struct inode *root = mount_covering(dir);

	iput(root);
	return root != NULL;
}

static int
do_remove(struct inode *dir, const char *name, size_t len, bool rmdir)
{
	struct inode *victim;
	int error;

	if (rmdir && len == 1 && name[0] == '.')
		return -EINVAL;
	if (rmdir && is_dot_or_dotdot(name, len))
		return -ENOTEMPTY;
	if (!rmdir && is_dot_or_dotdot(name, len))
		return -EISDIR;
	error = dir->ops->lookup(dir, name, len, &victim);
	if (error != 0)
		return error;
	error = inode_permission(dir, MAY_WRITE);
	if (error == 0)
		error = check_sticky(dir, victim);
	if (error == 0 && rmdir && !S_ISDIR(victim->mode))
		error = -ENOTDIR;
	else if (error == 0 && !rmdir && S_ISDIR(victim->mode))
		error = -EISDIR;
	else if (error == 0 && S_ISDIR(victim->mode) && is_mount_point(victim))
		error = -EBUSY;
	iput(victim);
	if (error != 0)
		return error;
	if (rmdir)
		return dir->ops->rmdir != NULL ? dir->ops->rmdir(dir, name, len) : -EPERM;
	return dir->ops->unlink != NULL ? dir->ops->unlink(dir, name, len) : -EPERM;
}

SYSCALL_DEFINE3(unlinkat, int, dirfd, uintptr_t, upath, int, flags)
{
	struct inode *dir;
	const char *name;
	char *path;
	size_t len;
	int error;

	if (flags & ~AT_REMOVEDIR)
		return -EINVAL;
	error = lock_parent(dirfd, upath, &path, &dir, &name, &len);
	if (error != 0)
		return error;
	if ((flags & AT_REMOVEDIR) && name[0] == '.' && len == 1 && path[0] == '/' &&
	    is_mount_root(dir))
		error = -EBUSY;		/* rmdir("/") */
	else
		error = do_remove(dir, name, len, (flags & AT_REMOVEDIR) != 0);
	unlock_parent(path, dir);
	return error;
}

SYSCALL_DEFINE5(linkat, int, olddirfd, uintptr_t, oldpath, int, newdirfd, uintptr_t, newpath,
    int, flags)
{
	struct inode *target, *dir;
	const char *name;
	char *path;
	size_t len;
	int error;

	if (flags & ~(AT_SYMLINK_FOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	error = user_path_at(olddirfd, oldpath, flags,
	    (flags & AT_SYMLINK_FOLLOW) ? LOOKUP_FOLLOW : 0, &target);
	if (error != 0)
		return error;
	if (S_ISDIR(target->mode)) {
		iput(target);
		return -EPERM;
	}
	error = lock_parent(newdirfd, newpath, &path, &dir, &name, &len);
	if (error == 0) {
		if (dir->sb != target->sb)
			error = -EXDEV;
		else
			error = may_create(dir, name, len, dir->ops->link != NULL);
		if (error == 0)
			error = dir->ops->link(dir, name, len, target);
		unlock_parent(path, dir);
	}
	iput(target);
	return error;
}

SYSCALL_DEFINE4(readlinkat, int, dirfd, uintptr_t, upath, uintptr_t, ubuf, int, size)
{
	struct inode *link;
	char *buf;
	int error;

	if (size <= 0)
		return -EINVAL;
	error = user_path_at(dirfd, upath, AT_EMPTY_PATH, 0, &link);
	if (error != 0)
		return error;
	if (!S_ISLNK(link->mode) || link->ops->readlink == NULL) {
		iput(link);
		return -EINVAL;
	}
	buf = kmalloc(PATH_MAX, 0);
	if (buf == NULL) {
		iput(link);
		return -ENOMEM;
	}
	error = link->ops->readlink(link, buf, MIN((size_t)size, (size_t)PATH_MAX));
	if (error > 0 && copy_to_user(ubuf, buf, (size_t)error) != 0)
		error = -EFAULT;
	kfree(buf);
	iput(link);
	return error;
}
