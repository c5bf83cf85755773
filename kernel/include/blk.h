/*
 * Block devices: disks addressed in 512-byte sectors, found by name ("vda",
 * "/dev/vda"). Drivers register them once at boot; they are never removed.
 *
 * A transfer buffer must be kernel memory (the direct map or the kernel
 * image), which is physically contiguous, so a driver can hand it to a
 * device as one piece. Transfers sleep until the device has finished.
 *
 * Locking: blk_lock (blk.c) protects the registry list; a registered
 * device's fields are immutable, except block_size, which belongs to the
 * buffer cache (bcache.h).
 */
#ifndef KITE_BLK_H
#define KITE_BLK_H

#include <types.h>
#include <list.h>

#define SECTOR_SIZE	512
#define SECTOR_SHIFT	9
#define BLK_NAME_MAX	16

struct blk_dev;

struct blk_ops {
	/* Move nsect sectors from/to the disk; 0 or -errno. Bounds already checked. */
	int (*transfer)(struct blk_dev *dev, uint64_t sector, void *buf, size_t nsect,
	    bool write);
	/* Make every completed write durable; 0 or -errno. */
	int (*flush)(struct blk_dev *dev);
};

struct blk_dev {
	char name[BLK_NAME_MAX];
	uint32_t devno;			/* major/minor, as st_dev shows it */
	uint64_t nr_sectors;
	bool read_only;
	const struct blk_ops *ops;
	void *private;			/* the driver's */
	unsigned block_size;		/* the buffer cache's (bcache_set_blocksize) */
	struct list_head link;		/* under blk_lock */
};

/* Add a device to the registry; -EEXIST if its name is taken. */
int blk_register(struct blk_dev *dev);
/* A device by name, with or without "/dev/"; NULL if there is none. */
struct blk_dev *blk_lookup(const char *name);
/* -EIO beyond the end of the disk, -EROFS writing a read-only one. */
int blk_read(struct blk_dev *dev, uint64_t sector, void *buf, size_t nsect);
int blk_write(struct blk_dev *dev, uint64_t sector, const void *buf, size_t nsect);
int blk_flush(struct blk_dev *dev);

#endif
