/*
 * The block device registry and the checks every transfer needs, so that
 * drivers only move sectors.
 *
 * Locking: blk_lock protects the list of devices. Devices are never
 * unregistered, so a pointer from blk_lookup stays valid.
 */
#include <blk.h>
#include <spinlock.h>
#include <string.h>
#include <errno.h>

#define DEV_PREFIX	"/dev/"

static spinlock_t blk_lock = SPINLOCK_INIT("blk");
static LIST_HEAD(blk_devices);	/* under blk_lock */

static struct blk_dev *
find_locked(const char *name)
{
	struct blk_dev *dev;

	list_for_each_entry(dev, &blk_devices, link) {
		if (strcmp(dev->name, name) == 0)
			return dev;
	}
	return NULL;
}

int
blk_register(struct blk_dev *dev)
{
	int err = 0;

	spin_lock(&blk_lock);
	if (find_locked(dev->name) != NULL)
		err = -EEXIST;
	else
		list_add_tail(&dev->link, &blk_devices);
	spin_unlock(&blk_lock);
	return err;
}

struct blk_dev *
blk_lookup(const char *name)
{
	struct blk_dev *dev;

	if (strncmp(name, DEV_PREFIX, strlen(DEV_PREFIX)) == 0)
		name += strlen(DEV_PREFIX);
	spin_lock(&blk_lock);
	dev = find_locked(name);
	spin_unlock(&blk_lock);
	return dev;
}

static bool
in_bounds(struct blk_dev *dev, uint64_t sector, size_t nsect)
{
	return nsect <= dev->nr_sectors && sector <= dev->nr_sectors - nsect;
}

int
blk_read(struct blk_dev *dev, uint64_t sector, void *buf, size_t nsect)
{
	if (!in_bounds(dev, sector, nsect))
		return -EIO;
	return dev->ops->transfer(dev, sector, buf, nsect, false);
}

int
blk_write(struct blk_dev *dev, uint64_t sector, const void *buf, size_t nsect)
{
	if (dev->read_only)
		return -EROFS;
	if (!in_bounds(dev, sector, nsect))
		return -EIO;
	/* The driver only reads the buffer on a write. */
	return dev->ops->transfer(dev, sector, (void *)buf, nsect, true);
}

int
blk_flush(struct blk_dev *dev)
{
	if (dev->read_only)
		return 0;
	return dev->ops->flush(dev);
}
