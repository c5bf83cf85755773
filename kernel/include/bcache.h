/*
 * The buffer cache: a fixed set of block buffers shared by every file system
 * on block devices, recycled least-recently-used first.
 *
 * A device is cached in one block size at a time (1 KiB .. 4 KiB, a multiple
 * of the sector size), chosen by its file system with bcache_set_blocksize();
 * block numbers are in that unit.
 *
 * Use: bread() returns the block locked and referenced; the caller reads or
 * changes b->data, then either bwrite()s it (written through at once) or
 * bdirty()s it (written by bcache_sync, or before its buffer is recycled),
 * and finally brelse()s it. Holding a buffer locked across a sleep is fine.
 *
 * Locking: bcache_lock (bcache.c) protects the hash chains, the LRU list,
 * every refcount and every buffer's identity (dev, blockno). b->lock, a
 * sleeping lock held from bread to brelse, protects data, valid and dirty.
 * Order: b->lock before bcache_lock; never two buffer locks at once except
 * in the order a caller documents.
 */
#ifndef KITE_BCACHE_H
#define KITE_BCACHE_H

#include <types.h>
#include <list.h>
#include <mutex.h>

#define BCACHE_MIN_BLOCK	1024
#define BCACHE_MAX_BLOCK	4096

struct blk_dev;

struct buf {
	struct blk_dev *dev;		/* under bcache_lock */
	uint64_t blockno;		/* under bcache_lock */
	int refcount;			/* under bcache_lock */
	struct list_head hash_link;	/* under bcache_lock */
	struct list_head lru_link;	/* under bcache_lock; most recent first */
	struct mutex lock;
	bool valid;			/* under lock: data holds the block */
	bool dirty;			/* under lock: data is newer than the disk */
	void *data;			/* under lock; BCACHE_MAX_BLOCK bytes, immutable pointer */
};

void bcache_init(void);
/*
 * Cache dev in blocks of size bytes from now on. Changing the size writes
 * back and forgets the device's buffers; -EBUSY if one is in use. 0 or -errno.
 */
int bcache_set_blocksize(struct blk_dev *dev, unsigned size);
/* The locked, referenced buffer of a block, read from disk if needed; 0 or -errno. */
int bread(struct blk_dev *dev, uint64_t blockno, struct buf **out);
/* Write the block now; 0 or -errno (it stays dirty on error). */
int bwrite(struct buf *b);
void bdirty(struct buf *b);
void brelse(struct buf *b);
/*
 * Write every dirty buffer of dev and flush the disk's cache; 0 or -errno.
 * The caller must hold no buffer of dev (it would wait for itself).
 */
int bcache_sync(struct blk_dev *dev);

#endif
