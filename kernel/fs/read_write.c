/*
 * Reading, writing and truncating through an open file: the access-mode
 * checks every caller needs, and the file position.
 *
 * Locking: f->pos_lock serializes users of the shared position of a
 * seekable file (Linux's f_pos_lock). Streams (pipes, terminals) have no
 * position, and a reader blocked on one must not hold up writers of the
 * same open file, so they are called without it.
 */
#include <vfs.h>
#include <errno.h>
#include <uapi/fcntl.h>

/* Largest count one read or write moves, as Linux's MAX_RW_COUNT. */
#define MAX_RW_COUNT	(0x7ffff000UL)

static ssize_t
do_rw(struct file *f, struct uio *uio, off_t *pos,
    ssize_t (*op)(struct file *, struct uio *, off_t *))
{
	ssize_t n;

	uio->resid = MIN(uio->resid, MAX_RW_COUNT);
	if (pos != NULL || !f->ops->seekable)
		return op(f, uio, pos != NULL ? pos : &f->pos);
	mutex_lock(&f->pos_lock);
	n = op(f, uio, &f->pos);
	mutex_unlock(&f->pos_lock);
	return n;
}

ssize_t
vfs_read(struct file *f, struct uio *uio, off_t *pos)
{
	if ((f->flags & O_ACCMODE) == O_WRONLY)
		return -EBADF;
	if (S_ISDIR(f->inode->mode))
		return -EISDIR;
	if (f->ops == NULL || f->ops->read == NULL)
		return -EINVAL;
	return do_rw(f, uio, pos, f->ops->read);
}

ssize_t
vfs_write(struct file *f, struct uio *uio, off_t *pos)
{
	if ((f->flags & O_ACCMODE) == O_RDONLY)
		return -EBADF;
	if (f->ops == NULL || f->ops->write == NULL)
		return -EINVAL;
	return do_rw(f, uio, pos, f->ops->write);
}

int
vfs_truncate(struct inode *inode, uint64_t size)
{
	struct iattr attr = { .valid = ATTR_SIZE | ATTR_MTIME | ATTR_CTIME, .size = size };
	int error;

	if (S_ISDIR(inode->mode))
		return -EISDIR;
	if (!S_ISREG(inode->mode))
		return -EINVAL;
	if ((int64_t)size < 0)
		return -EINVAL;
	attr.mtime = attr.ctime = current_time();
	mutex_lock(&inode->lock);
	error = inode_setattr(inode, &attr);
	mutex_unlock(&inode->lock);
	return error;
}
