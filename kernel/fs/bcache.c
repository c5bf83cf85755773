/*
 * The buffer cache (see bcache.h for its use and lock table).
 *
 * NR_BUFS buffers, each with a page for its data, live for ever; a buffer
 * changes identity when it is recycled. Identities are found through a hash
 * of (device, block number). Released buffers go to the front of the LRU
 * list, and a miss recycles the unreferenced buffer nearest its back.
 *
 * A buffer whose refcount is 0 has no holder of its sleeping lock (brelse
 * unlocks before it drops the reference), so whoever holds bcache_lock may
 * read and reset its valid and dirty fields too.
 *
 * Recycling a dirty buffer: it is written back first, outside bcache_lock,
 * with a reference held so that nobody else recycles it meanwhile; then the
 * lookup starts over, since another thread may have brought our block in
 * while we slept.
 */
#include <bcache.h>
#include <blk.h>
#include <spinlock.h>
#include <wait.h>
#include <mm.h>
#include <errno.h>
#include <printk.h>

#define NR_BUFS		512	/* 2 MiB of block data */
#define HASH_BUCKETS	128

static spinlock_t bcache_lock = SPINLOCK_INIT("bcache");
static struct buf bufs[NR_BUFS];
static int nr_bufs;				/* set once by bcache_init */
static struct list_head hash[HASH_BUCKETS];	/* under bcache_lock */
static LIST_HEAD(lru);				/* under bcache_lock: every buffer */
static int nr_unreferenced;			/* under bcache_lock */
static struct waitq free_wq = WAITQ_INIT(free_wq);	/* waiting for nr_unreferenced > 0 */

void
bcache_init(void)
{
	for (int i = 0; i < HASH_BUCKETS; i++)
		list_init(&hash[i]);
	for (nr_bufs = 0; nr_bufs < NR_BUFS; nr_bufs++) {
		struct buf *b = &bufs[nr_bufs];

		_Static_assert(BCACHE_MAX_BLOCK <= PAGE_SIZE, "a block must fit in a page");
		if ((b->data = alloc_page_kva(0)) == NULL)
			break;
		mutex_init(&b->lock, "buf");
		list_init(&b->hash_link);
		list_add_tail(&b->lru_link, &lru);
	}
	nr_unreferenced = nr_bufs;
	printk("bcache: %d buffers of up to %d bytes\n", nr_bufs, BCACHE_MAX_BLOCK);
}

static struct list_head *
bucket(struct blk_dev *dev, uint64_t blockno)
{
	return &hash[((uintptr_t)dev / sizeof(*dev) + blockno) % HASH_BUCKETS];
}

static struct buf *
lookup_locked(struct blk_dev *dev, uint64_t blockno)
{
	struct buf *b;

	list_for_each_entry(b, bucket(dev, blockno), hash_link) {
		if (b->dev == dev && b->blockno == blockno)
			return b;
	}
	return NULL;
}

static void
ref_locked(struct buf *b)
{
	if (b->refcount++ == 0)
		nr_unreferenced--;
}

/* Drop a reference; an unreferenced buffer becomes the most recently used. */
static void
unref(struct buf *b)
{
	bool freed;

	spin_lock(&bcache_lock);
	freed = --b->refcount == 0;
	if (freed) {
		nr_unreferenced++;
		list_del(&b->lru_link);
		list_add(&b->lru_link, &lru);
	}
	spin_unlock(&bcache_lock);
	if (freed)
		wake_up_one(&free_wq);
}

/* The least recently used unreferenced buffer; there is one (nr_unreferenced > 0). */
static struct buf *
victim_locked(void)
{
	struct buf *b;

	for (b = list_entry(lru.prev, struct buf, lru_link); b->refcount != 0;
	    b = list_entry(b->lru_link.prev, struct buf, lru_link))
		;
	return b;
}

static uint64_t
first_sector(struct buf *b)
{
	return b->blockno * (b->dev->block_size >> SECTOR_SHIFT);
}

int
bwrite(struct buf *b)
{
	int err;

	err = blk_write(b->dev, first_sector(b), b->data, b->dev->block_size >> SECTOR_SHIFT);
	if (err == 0)
		b->dirty = false;
	else
		printk("bcache: %s: cannot write block %lu (%d)\n", b->dev->name, b->blockno,
		    err);
	return err;
}

/* Write a dirty victim back; called with bcache_lock, which it drops and retakes. */
static int
clean_victim(struct buf *b)
{
	int err;

	ref_locked(b);
	spin_unlock(&bcache_lock);
	mutex_lock(&b->lock);
	err = b->dirty ? bwrite(b) : 0;
	mutex_unlock(&b->lock);
	unref(b);
	spin_lock(&bcache_lock);
	return err;
}

/* The referenced, not yet locked, buffer of (dev, blockno). */
static int
getblk(struct blk_dev *dev, uint64_t blockno, struct buf **out)
{
	struct buf *b;
	int err = 0;

	spin_lock(&bcache_lock);
	for (;;) {
		if ((b = lookup_locked(dev, blockno)) != NULL)
			break;
		wait_event_locked(&free_wq, nr_unreferenced > 0, &bcache_lock);
		b = victim_locked();
		if (b->dirty) {
			if ((err = clean_victim(b)) != 0)
				break;
			continue;
		}
		list_del(&b->hash_link);
		b->dev = dev;
		b->blockno = blockno;
		b->valid = false;
		list_add(&b->hash_link, bucket(dev, blockno));
		break;
	}
	if (err == 0) {
		ref_locked(b);
		*out = b;
	}
	spin_unlock(&bcache_lock);
	return err;
}

int
bread(struct blk_dev *dev, uint64_t blockno, struct buf **out)
{
	struct buf *b;
	int err;

	if (dev->block_size == 0)
		return -EINVAL;
	if ((err = getblk(dev, blockno, &b)) != 0)
		return err;
	mutex_lock(&b->lock);
	if (!b->valid) {
		err = blk_read(dev, first_sector(b), b->data, dev->block_size >> SECTOR_SHIFT);
		if (err != 0) {
			brelse(b);
			return err;
		}
		b->valid = true;
	}
	*out = b;
	return 0;
}

void
bdirty(struct buf *b)
{
	b->dirty = true;
}

void
brelse(struct buf *b)
{
	mutex_unlock(&b->lock);
	unref(b);
}

/* Lock buffer i if it belongs to dev; false if it does not. */
static bool
grab_if_of(int i, struct blk_dev *dev)
{
	struct buf *b = &bufs[i];
	bool mine;

	spin_lock(&bcache_lock);
	mine = b->dev == dev;
	if (mine)
		ref_locked(b);
	spin_unlock(&bcache_lock);
	if (mine)
		mutex_lock(&b->lock);
	return mine;
}

int
bcache_sync(struct blk_dev *dev)
{
	int err = 0;

	for (int i = 0; i < nr_bufs; i++) {
		if (!grab_if_of(i, dev))
			continue;
		if (bufs[i].dirty && bwrite(&bufs[i]) != 0)
			err = -EIO;
		brelse(&bufs[i]);
	}
	if (err == 0)
		err = blk_flush(dev);
	return err;
}

static bool
valid_block_size(unsigned size)
{
	return size >= BCACHE_MIN_BLOCK && size <= BCACHE_MAX_BLOCK &&
	    (size & (size - 1)) == 0;
}

int
bcache_set_blocksize(struct blk_dev *dev, unsigned size)
{
	struct buf *b;
	int err;

	if (!valid_block_size(size))
		return -EINVAL;
	if (dev->block_size == size)
		return 0;
	if (dev->block_size != 0 && (err = bcache_sync(dev)) != 0)
		return err;
	spin_lock(&bcache_lock);
	list_for_each_entry(b, &lru, lru_link) {
		if (b->dev == dev && (b->refcount != 0 || b->dirty)) {
			spin_unlock(&bcache_lock);
			return -EBUSY;
		}
	}
	list_for_each_entry(b, &lru, lru_link) {
		if (b->dev == dev) {
			list_del(&b->hash_link);
			b->dev = NULL;
			b->valid = false;
		}
	}
	dev->block_size = size;
	spin_unlock(&bcache_lock);
	return 0;
}
