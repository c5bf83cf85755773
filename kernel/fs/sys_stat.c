/*
 * Attribute queries: newfstatat, fstat, statx, statfs, fstatfs, and
 * faccessat/faccessat2 (which check with the real ids, as access(2) says,
 * unless AT_EACCESS).
 */
#include <vfs.h>
#include <fdtable.h>
#include <cred.h>
#include <syscall.h>
#include <uaccess.h>
#include <string.h>
#include <errno.h>
#include <uapi/fcntl.h>
#include <uapi/mount.h>
#include "fs_impl.h"

#define STAT_BLKSIZE	4096

static int
stat_lookup_flags(int atflags)
{
	return (atflags & AT_SYMLINK_NOFOLLOW) ? 0 : LOOKUP_FOLLOW;
}

static void
fill_stat(struct inode *inode, struct stat *st)
{
	memset(st, 0, sizeof(*st));
	st->st_dev = inode->sb->dev;
	st->st_ino = inode->ino;
	st->st_mode = inode->mode;
	st->st_nlink = inode->nlink;
	st->st_uid = inode->uid;
	st->st_gid = inode->gid;
	st->st_rdev = inode->rdev;
	st->st_size = (int64_t)inode->size;
	st->st_blksize = STAT_BLKSIZE;
	st->st_blocks = (int64_t)inode->blocks;
	st->st_atime = inode->atime.tv_sec;
	st->st_atime_nsec = (uint64_t)inode->atime.tv_nsec;
	st->st_mtime = inode->mtime.tv_sec;
	st->st_mtime_nsec = (uint64_t)inode->mtime.tv_nsec;
	st->st_ctime = inode->ctime.tv_sec;
	st->st_ctime_nsec = (uint64_t)inode->ctime.tv_nsec;
}

static int
put_stat(struct inode *inode, uintptr_t ubuf)
{
	struct stat st;

	fill_stat(inode, &st);
	iput(inode);
	return copy_to_user(ubuf, &st, sizeof(st));
}

SYSCALL_DEFINE4(newfstatat, int, dirfd, uintptr_t, upath, uintptr_t, ubuf, int, flags)
{
	struct inode *inode;
	int error;

	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH | AT_NO_AUTOMOUNT))
		return -EINVAL;
	error = user_path_at(dirfd, upath, flags, stat_lookup_flags(flags), &inode);
	if (error != 0)
		return error;
	return put_stat(inode, ubuf);
}

SYSCALL_DEFINE2(fstat, int, fd, uintptr_t, ubuf)
{
	struct inode *inode;
	int error = fd_inode(fd, &inode);

	return error != 0 ? error : put_stat(inode, ubuf);
}

static struct statx_timestamp
statx_time(struct timespec64 t)
{
	return (struct statx_timestamp){ .tv_sec = t.tv_sec, .tv_nsec = (uint32_t)t.tv_nsec };
}

SYSCALL_DEFINE5(statx, int, dirfd, uintptr_t, upath, int, flags, unsigned, mask,
    uintptr_t, ubuf)
{
	struct inode *inode;
	struct statx sx;
	int error;

	if ((flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH | AT_NO_AUTOMOUNT |
	    AT_STATX_SYNC_TYPE)) || (flags & AT_STATX_SYNC_TYPE) == AT_STATX_SYNC_TYPE ||
	    (mask & STATX__RESERVED))
		return -EINVAL;
	error = user_path_at(dirfd, upath, flags, stat_lookup_flags(flags), &inode);
	if (error != 0)
		return error;
	memset(&sx, 0, sizeof(sx));
	sx.stx_mask = STATX_BASIC_STATS;
	sx.stx_blksize = STAT_BLKSIZE;
	sx.stx_nlink = inode->nlink;
	sx.stx_uid = inode->uid;
	sx.stx_gid = inode->gid;
	sx.stx_mode = (uint16_t)inode->mode;
	sx.stx_ino = inode->ino;
	sx.stx_size = inode->size;
	sx.stx_blocks = inode->blocks;
	sx.stx_atime = statx_time(inode->atime);
	sx.stx_mtime = statx_time(inode->mtime);
	sx.stx_ctime = statx_time(inode->ctime);
	sx.stx_rdev_major = MAJOR(inode->rdev);
	sx.stx_rdev_minor = MINOR(inode->rdev);
	sx.stx_dev_major = MAJOR(inode->sb->dev);
	sx.stx_dev_minor = MINOR(inode->sb->dev);
	iput(inode);
	return copy_to_user(ubuf, &sx, sizeof(sx));
}

static int
put_statfs(struct inode *inode, uintptr_t ubuf)
{
	struct super_block *sb = inode->sb;
	struct kstatfs k = { .namelen = NAME_MAX, .bsize = PAGE_SIZE, .frsize = PAGE_SIZE };
	struct statfs st;
	int error = 0;

	if (sb->ops->statfs != NULL)
		error = sb->ops->statfs(sb, &k);
	if (error == 0) {
		memset(&st, 0, sizeof(st));
		st.f_type = (int64_t)k.type;
		st.f_bsize = (int64_t)k.bsize;
		st.f_blocks = k.blocks;
		st.f_bfree = k.bfree;
		st.f_bavail = k.bavail;
		st.f_files = k.files;
		st.f_ffree = k.ffree;
		st.f_fsid[0] = (int32_t)sb->dev;
		st.f_namelen = (int64_t)k.namelen;
		st.f_frsize = (int64_t)k.frsize;
		/* ST_* flags have the MS_* values; ST_VALID says f_flags is filled. */
		st.f_flags = ST_VALID | (sb->read_only ? MS_RDONLY : 0) | (int64_t)sb->mnt_flags;
		error = copy_to_user(ubuf, &st, sizeof(st));
	}
	iput(inode);
	return error;
}

SYSCALL_DEFINE2(statfs, uintptr_t, upath, uintptr_t, ubuf)
{
	struct inode *inode;
	int error;

	error = user_path_at(AT_FDCWD, upath, 0, LOOKUP_FOLLOW, &inode);
	if (error != 0)
		return error;
	return put_statfs(inode, ubuf);
}

SYSCALL_DEFINE2(fstatfs, int, fd, uintptr_t, ubuf)
{
	struct inode *inode;
	int error = fd_inode(fd, &inode);

	return error != 0 ? error : put_statfs(inode, ubuf);
}

static long
do_faccessat(int dirfd, uintptr_t upath, int mode, int flags)
{
	struct inode *inode;
	int error;

	if (mode & ~(R_OK | W_OK | X_OK))
		return -EINVAL;
	if (flags & ~(AT_EACCESS | AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	error = user_path_at(dirfd, upath, flags, stat_lookup_flags(flags), &inode);
	if (error != 0)
		return error;
	error = access_check(inode, mode, (flags & AT_EACCESS) != 0);
	iput(inode);
	return error;
}

SYSCALL_DEFINE3(faccessat, int, dirfd, uintptr_t, upath, int, mode)
{
	return do_faccessat(dirfd, upath, mode, 0);
}

SYSCALL_DEFINE4(faccessat2, int, dirfd, uintptr_t, upath, int, mode, int, flags)
{
	return do_faccessat(dirfd, upath, mode, flags);
}
