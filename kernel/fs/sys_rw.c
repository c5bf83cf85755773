/*
 * Data system calls: read, write, readv, writev, pread64, pwrite64, lseek,
 * getdents64, and the sync family.
 */
#include <vfs.h>
#include <fdtable.h>
#include <syscall.h>
#include <uaccess.h>
#include <slab.h>
#include <string.h>
#include <errno.h>
#include <uapi/fcntl.h>
#include <uapi/uio.h>
#include <uapi/dirent.h>
#include "fs_impl.h"

#define OFF_MAX		0x7fffffffffffffffL
#define DIRENT_BUF_MAX	65536UL	/* bytes of records gathered per call */

typedef ssize_t (*rw_fn)(struct file *, struct uio *, off_t *);

/* One transfer on fd; pos NULL: at the file position. */
static long
do_rw(int fd, uintptr_t buf, size_t count, off_t *pos, enum uio_rw dir, rw_fn fn)
{
	struct file *f = fd_get(fd);
	struct uio uio = uio_user(buf, count, dir);
	long r;

	if (f == NULL)
		return -EBADF;
	if (pos != NULL && !f->ops->seekable)
		r = -ESPIPE;
	else if (pos != NULL && *pos < 0)
		r = -EINVAL;
	else if (!access_ok(buf, count))
		r = -EFAULT;
	else
		r = fn(f, &uio, pos);
	file_put(f);
	return r;
}

SYSCALL_DEFINE3(read, int, fd, uintptr_t, buf, size_t, count)
{
	return do_rw(fd, buf, count, NULL, UIO_READ, vfs_read);
}

SYSCALL_DEFINE3(write, int, fd, uintptr_t, buf, size_t, count)
{
	return do_rw(fd, buf, count, NULL, UIO_WRITE, vfs_write);
}

SYSCALL_DEFINE4(pread64, int, fd, uintptr_t, buf, size_t, count, off_t, pos)
{
	return do_rw(fd, buf, count, &pos, UIO_READ, vfs_read);
}

SYSCALL_DEFINE4(pwrite64, int, fd, uintptr_t, buf, size_t, count, off_t, pos)
{
	return do_rw(fd, buf, count, &pos, UIO_WRITE, vfs_write);
}

/* readv/writev: one transfer per vector, stopping at the first short one. */
static long
do_rwv(int fd, uintptr_t uiov, int iovcnt, enum uio_rw dir, rw_fn fn)
{
	struct iovec *iov;
	size_t total = 0;
	long done = 0, r = 0;

	if (iovcnt < 0 || iovcnt > UIO_MAXIOV)
		return -EINVAL;
	iov = kmalloc(sizeof(*iov) * (size_t)MAX(iovcnt, 1), 0);
	if (iov == NULL)
		return -ENOMEM;
	if (copy_from_user(iov, uiov, sizeof(*iov) * (size_t)iovcnt) != 0) {
		r = -EFAULT;
		goto out;
	}
	for (int i = 0; i < iovcnt; i++) {
		if (iov[i].iov_len > (size_t)OFF_MAX - total) {
			r = -EINVAL;
			goto out;
		}
		total += iov[i].iov_len;
	}
	for (int i = 0; i < iovcnt; i++) {
		if (iov[i].iov_len == 0)
			continue;
		r = do_rw(fd, iov[i].iov_base, iov[i].iov_len, NULL, dir, fn);
		if (r < 0)
			break;
		done += r;
		if ((size_t)r < iov[i].iov_len)
			break;
	}
	if (iovcnt == 0 || (done == 0 && r == 0))
		r = do_rw(fd, 0, 0, NULL, dir, fn);	/* still checks fd */
out:
	kfree(iov);
	return done > 0 ? done : r;
}

SYSCALL_DEFINE3(readv, int, fd, uintptr_t, iov, int, iovcnt)
{
	return do_rwv(fd, iov, iovcnt, UIO_READ, vfs_read);
}

SYSCALL_DEFINE3(writev, int, fd, uintptr_t, iov, int, iovcnt)
{
	return do_rwv(fd, iov, iovcnt, UIO_WRITE, vfs_write);
}

static off_t
seek_to(struct file *f, off_t offset, int whence)
{
	off_t base;

	switch (whence) {
	case SEEK_SET:
		base = 0;
		break;
	case SEEK_CUR:
		base = f->pos;
		break;
	case SEEK_END:
		base = (off_t)f->inode->size;
		break;
	default:
		return -EINVAL;
	}
	if ((offset > 0 && base > OFF_MAX - offset) || base + offset < 0)
		return -EINVAL;
	f->pos = base + offset;
	return f->pos;
}

SYSCALL_DEFINE3(lseek, int, fd, off_t, offset, int, whence)
{
	struct file *f = fd_get(fd);
	off_t r;

	if (f == NULL)
		return -EBADF;
	if (f->ops == NULL || !f->ops->seekable) {
		file_put(f);
		return -ESPIPE;
	}
	mutex_lock(&f->pos_lock);
	r = seek_to(f, offset, whence);
	mutex_unlock(&f->pos_lock);
	file_put(f);
	return r;
}

/*
 * getdents64: records are packed into a kernel buffer. A record's d_off is
 * the position after it, which the file system has set in ctx->pos by the
 * time it emits the next entry or returns.
 */
struct dirent_buf {
	struct dir_context ctx;
	char *buf;
	size_t size, used;
	struct linux_dirent64 *prev;	/* its d_off still to set */
};

static bool
fill_dirent(struct dir_context *ctx, const char *name, size_t len, uint64_t ino,
    unsigned type)
{
	struct dirent_buf *db = container_of(ctx, struct dirent_buf, ctx);
	size_t head = offsetof(struct linux_dirent64, d_name);
	size_t reclen = ALIGN_UP(head + len + 1, 8);
	struct linux_dirent64 *d;

	if (db->used + reclen > db->size)
		return false;
	if (db->prev != NULL)
		db->prev->d_off = ctx->pos;
	d = (struct linux_dirent64 *)(db->buf + db->used);
	memset(d, 0, reclen);
	d->d_ino = ino;
	d->d_reclen = (uint16_t)reclen;
	d->d_type = (uint8_t)type;
	memcpy(d->d_name, name, len);
	db->used += reclen;
	db->prev = d;
	return true;
}

/* Fill db from f's position (f->pos_lock held); bytes filled or -errno. */
static long
read_dir(struct file *f, struct dirent_buf *db)
{
	int error;

	db->ctx.pos = f->pos;
	mutex_lock(&f->inode->lock);
	error = f->ops->readdir(f, &db->ctx);
	mutex_unlock(&f->inode->lock);
	if (db->prev != NULL)
		db->prev->d_off = db->ctx.pos;
	f->pos = db->ctx.pos;
	if (error != 0 && db->used == 0)
		return error;
	return (long)db->used;
}

SYSCALL_DEFINE3(getdents64, int, fd, uintptr_t, dirp, size_t, count)
{
	struct dirent_buf db = { .ctx.emit = fill_dirent };
	struct file *f = fd_get(fd);
	off_t start;
	long r;

	if (f == NULL)
		return -EBADF;
	if (f->ops == NULL || f->ops->readdir == NULL) {
		file_put(f);
		return -ENOTDIR;
	}
	db.size = MIN(count, DIRENT_BUF_MAX);
	db.buf = kmalloc(MAX(db.size, 1UL), 0);
	if (db.buf == NULL) {
		file_put(f);
		return -ENOMEM;
	}
	mutex_lock(&f->pos_lock);
	start = f->pos;
	r = read_dir(f, &db);
	if (r == 0 && f->pos != start)
		r = -EINVAL;	/* an entry did not fit in the buffer */
	else if (r > 0 && copy_to_user(dirp, db.buf, db.used) != 0)
		r = -EFAULT;
	if (r < 0)
		f->pos = start;
	mutex_unlock(&f->pos_lock);
	kfree(db.buf);
	file_put(f);
	return r;
}

SYSCALL_DEFINE0(sync)
{
	vfs_sync_all();
	return 0;
}

static long
do_fsync(int fd)
{
	struct file *f = fd_get(fd);
	long r = 0;

	if (f == NULL)
		return -EBADF;
	if (f->ops != NULL && f->ops->fsync != NULL)
		r = f->ops->fsync(f);
	file_put(f);
	return r;
}

SYSCALL_DEFINE1(fsync, int, fd)
{
	return do_fsync(fd);
}

SYSCALL_DEFINE1(fdatasync, int, fd)
{
	return do_fsync(fd);
}
