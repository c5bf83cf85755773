/*
 * Character devices: a table from device number to the driver's file_ops.
 * A device node (on any file system) opens through chrdev_fops, whose
 * ->open swaps in the driver's operations. FIFOs open through fifo_fops.
 *
 * Locking: chrdev_lock protects the table; entries are never removed.
 */
#include <vfs.h>
#include <spinlock.h>
#include <errno.h>
#include "fs_impl.h"

#define MAX_CHRDEVS	32

static spinlock_t chrdev_lock = SPINLOCK_INIT("chrdev");
static struct {
	dev_t rdev;
	const struct file_ops *fops;
} chrdevs[MAX_CHRDEVS];		/* under chrdev_lock */
static int nr_chrdevs;		/* under chrdev_lock */

int
register_chrdev(dev_t rdev, const struct file_ops *fops)
{
	int error = -ENOMEM;

	spin_lock(&chrdev_lock);
	if (nr_chrdevs < MAX_CHRDEVS) {
		chrdevs[nr_chrdevs].rdev = rdev;
		chrdevs[nr_chrdevs].fops = fops;
		nr_chrdevs++;
		error = 0;
	}
	spin_unlock(&chrdev_lock);
	return error;
}

static const struct file_ops *
find_chrdev(dev_t rdev)
{
	const struct file_ops *fops = NULL;

	spin_lock(&chrdev_lock);
	for (int i = 0; i < nr_chrdevs && fops == NULL; i++) {
		if (chrdevs[i].rdev == rdev)
			fops = chrdevs[i].fops;
	}
	spin_unlock(&chrdev_lock);
	return fops;
}

static int
chrdev_open(struct inode *inode, struct file *file)
{
	const struct file_ops *fops = find_chrdev(inode->rdev);

	if (fops == NULL)
		return -ENXIO;
	file->ops = fops;
	return fops->open != NULL ? fops->open(inode, file) : 0;
}

static const struct file_ops chrdev_fops = {
	.open = chrdev_open,
};

void
init_special_inode(struct inode *inode, uint32_t mode, dev_t rdev)
{
	inode->mode = mode;
	inode->rdev = 0;
	inode->fops = NULL;
	if (S_ISCHR(mode) || S_ISBLK(mode))
		inode->rdev = rdev;
	if (S_ISCHR(mode))
		inode->fops = &chrdev_fops;
	else if (S_ISFIFO(mode))
		inode->fops = &fifo_fops;
}
