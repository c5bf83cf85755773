/*
 * The memory devices: /dev/null (reads end at once, writes vanish),
 * /dev/zero (reads give zeros, writes vanish) and /dev/full (reads give
 * zeros, writes fail with ENOSPC). Numbers as Linux's: major 1, which
 * also holds /dev/random and /dev/urandom (random_dev.c).
 */
#include <vfs.h>
#include <errno.h>
#include "fs_impl.h"

#define MEM_MAJOR	1
#define NULL_MINOR	3
#define ZERO_MINOR	5
#define FULL_MINOR	7

static ssize_t
null_read(struct file *f, struct uio *uio, off_t *pos)
{
	return 0;
}

static ssize_t
null_write(struct file *f, struct uio *uio, off_t *pos)
{
	size_t n = uio->resid;

	uio->resid = 0;
	return (ssize_t)n;
}

static ssize_t
zero_read(struct file *f, struct uio *uio, off_t *pos)
{
	static const char zeros[256];
	size_t done = 0;
	int error;

	while (uio->resid > 0) {
		size_t n = MIN(uio->resid, sizeof(zeros));

		error = uiomove((void *)zeros, n, uio);
		if (error != 0)
			return done > 0 ? (ssize_t)done : error;
		done += n;
	}
	return (ssize_t)done;
}

static ssize_t
full_write(struct file *f, struct uio *uio, off_t *pos)
{
	return -ENOSPC;
}

/* Positions are accepted and ignored, as Linux's memory devices do. */
static const struct file_ops null_fops = {
	.read = null_read, .write = null_write, .seekable = true,
};
static const struct file_ops zero_fops = {
	.read = zero_read, .write = null_write, .seekable = true,
};
static const struct file_ops full_fops = {
	.read = zero_read, .write = full_write, .seekable = true,
};

void
memdev_init(void)
{
	register_chrdev(MKDEV(MEM_MAJOR, NULL_MINOR), &null_fops);
	register_chrdev(MKDEV(MEM_MAJOR, ZERO_MINOR), &zero_fops);
	register_chrdev(MKDEV(MEM_MAJOR, FULL_MINOR), &full_fops);
	random_dev_init();
}
