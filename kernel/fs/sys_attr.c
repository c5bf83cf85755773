/*
 * Attribute changes: fchmod, fchmodat, fchown, fchownat, truncate,
 * ftruncate, utimensat, umask, with Linux's rules on who may do what.
 * Every change goes through inode_setattr under the inode's lock.
 */
#include <vfs.h>
#include <fdtable.h>
#include <cred.h>
#include <syscall.h>
#include <uaccess.h>
#include <timer.h>
#include <errno.h>
#include <uapi/fcntl.h>
#include "fs_impl.h"

static int
setattr_locked(struct inode *inode, struct iattr *attr)
{
	int error;

	if (inode->sb->read_only)
		return -EROFS;
	attr->valid |= ATTR_CTIME;
	attr->ctime = current_time();
	mutex_lock(&inode->lock);
	error = inode_setattr(inode, attr);
	mutex_unlock(&inode->lock);
	return error;
}

static bool
is_owner(struct inode *inode)
{
	const struct cred *c = fs_cred();

	return c->fsuid == 0 || c->fsuid == inode->uid;
}

static bool
in_group_fs(uint32_t gid)
{
	const struct cred *c = fs_cred();

	return cred_in_group(c, c->fsgid, gid);
}

static int
do_chmod(struct inode *inode, uint32_t mode)
{
	struct iattr attr = { .valid = ATTR_MODE, .mode = mode & S_IALLUGO };

	if (!is_owner(inode))
		return -EPERM;
	/* Set-group-ID needs membership of the file's group (or root). */
	if (fs_cred()->fsuid != 0 && !in_group_fs(inode->gid))
		attr.mode &= ~S_ISGID;
	return setattr_locked(inode, &attr);
}

SYSCALL_DEFINE2(fchmod, int, fd, uint32_t, mode)
{
	struct inode *inode;
	int error = fd_inode(fd, &inode);

	if (error != 0)
		return error;
	error = do_chmod(inode, mode);
	iput(inode);
	return error;
}

SYSCALL_DEFINE3(fchmodat, int, dirfd, uintptr_t, upath, uint32_t, mode)
{
	struct inode *inode;
	int error;

	error = user_path_at(dirfd, upath, 0, LOOKUP_FOLLOW, &inode);
	if (error != 0)
		return error;
	error = do_chmod(inode, mode);
	iput(inode);
	return error;
}

/* (uint32_t)-1 leaves an id unchanged. */
static int
do_chown(struct inode *inode, uint32_t uid, uint32_t gid)
{
	const struct cred *c = fs_cred();
	struct iattr attr = { .valid = 0 };

	if (uid != (uint32_t)-1 && uid != inode->uid) {
		if (c->fsuid != 0)
			return -EPERM;
		attr.valid |= ATTR_UID;
		attr.uid = uid;
	}
	if (gid != (uint32_t)-1 && gid != inode->gid) {
		if (c->fsuid != 0 && (c->fsuid != inode->uid || !in_group_fs(gid)))
			return -EPERM;
		attr.valid |= ATTR_GID;
		attr.gid = gid;
	}
	if (uid != (uint32_t)-1 || gid != (uint32_t)-1) {
		if (c->fsuid != 0 && c->fsuid != inode->uid)
			return -EPERM;
		/* A change of owner drops set-user-ID, and set-group-ID of executables. */
		if (!S_ISDIR(inode->mode) && (inode->mode & (S_ISUID | S_ISGID))) {
			attr.valid |= ATTR_MODE;
			attr.mode = inode->mode & ~S_ISUID;
			if (inode->mode & S_IXGRP)
				attr.mode &= ~S_ISGID;
		}
	}
	return setattr_locked(inode, &attr);
}

SYSCALL_DEFINE3(fchown, int, fd, uint32_t, uid, uint32_t, gid)
{
	struct inode *inode;
	int error = fd_inode(fd, &inode);

	if (error != 0)
		return error;
	error = do_chown(inode, uid, gid);
	iput(inode);
	return error;
}

SYSCALL_DEFINE5(fchownat, int, dirfd, uintptr_t, upath, uint32_t, uid, uint32_t, gid,
    int, flags)
{
	struct inode *inode;
	int error;

	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	error = user_path_at(dirfd, upath, flags,
	    (flags & AT_SYMLINK_NOFOLLOW) ? 0 : LOOKUP_FOLLOW, &inode);
	if (error != 0)
		return error;
	error = do_chown(inode, uid, gid);
	iput(inode);
	return error;
}

SYSCALL_DEFINE2(truncate, uintptr_t, upath, off_t, length)
{
	struct inode *inode;
	int error;

	if (length < 0)
		return -EINVAL;
	error = user_path_at(AT_FDCWD, upath, 0, LOOKUP_FOLLOW, &inode);
	if (error != 0)
		return error;
	if (S_ISDIR(inode->mode))
		error = -EISDIR;
	else
		error = inode_permission(inode, MAY_WRITE);
	if (error == 0)
		error = vfs_truncate(inode, (uint64_t)length);
	iput(inode);
	return error;
}

SYSCALL_DEFINE2(ftruncate, int, fd, off_t, length)
{
	struct file *f = fd_get(fd);
	int error;

	if (f == NULL)
		return -EBADF;
	if (length < 0 || (f->flags & O_ACCMODE) == O_RDONLY || !S_ISREG(f->inode->mode))
		error = -EINVAL;
	else
		error = vfs_truncate(f->inode, (uint64_t)length);
	file_put(f);
	return error;
}

/* One utimensat time: UTIME_NOW, UTIME_OMIT or a value; sets valid bit `bit`. */
static int
take_time(const struct timespec64 *t, unsigned bit, struct timespec64 *out,
    struct iattr *attr, bool *explicit)
{
	if (t->tv_nsec == UTIME_OMIT)
		return 0;
	if (t->tv_nsec == UTIME_NOW) {
		*out = current_time();
	} else {
		if (t->tv_nsec < 0 || t->tv_nsec >= (long)NSEC_PER_SEC)
			return -EINVAL;
		*out = *t;
		*explicit = true;
	}
	attr->valid |= bit;
	return 0;
}

SYSCALL_DEFINE4(utimensat, int, dirfd, uintptr_t, upath, uintptr_t, utimes, int, flags)
{
	struct timespec64 times[2] = { { 0, UTIME_NOW }, { 0, UTIME_NOW } };
	struct iattr attr = { .valid = 0 };
	struct inode *inode;
	bool explicit = false;
	int error;

	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	if (utimes != 0 && copy_from_user(times, utimes, sizeof(times)) != 0)
		return -EFAULT;
	if ((error = take_time(&times[0], ATTR_ATIME, &attr.atime, &attr, &explicit)) != 0 ||
	    (error = take_time(&times[1], ATTR_MTIME, &attr.mtime, &attr, &explicit)) != 0)
		return error;
	if (upath == 0)		/* Linux: a NULL path means dirfd itself */
		error = fd_inode(dirfd, &inode);
	else
		error = user_path_at(dirfd, upath, flags,
		    (flags & AT_SYMLINK_NOFOLLOW) ? 0 : LOOKUP_FOLLOW, &inode);
	if (error != 0)
		return error;
	/* Setting times to now needs write access; setting given times, ownership. */
	if (explicit && !is_owner(inode))
		error = -EPERM;
	else if (!explicit && !is_owner(inode))
		error = inode_permission(inode, MAY_WRITE);
	if (error == 0 && attr.valid != 0)
		error = setattr_locked(inode, &attr);
	iput(inode);
	return error;
}

SYSCALL_DEFINE1(umask, uint32_t, mask)
{
	return fs_umask(current_fs(), mask);
}
