/*
 * Self-tests of the block layer and ext2, on the root disk (boot with
 * --disk build/fs.img): raw sector reads and writes through virtio-blk,
 * the buffer cache under threads on every hart, and the ext2 read path
 * checked against the files of fs/root.
 */
#include <sched.h>
#include <blk.h>
#include <bcache.h>
#include <slab.h>
#include <string.h>
#include <errno.h>
#include "selftest_impl.h"

#define ROOT_DISK		"vda"
#define EXT2_SUPER_OFFSET	1024
#define EXT2_MAGIC_OFFSET	56	/* of s_magic in the super block */
#define EXT2_MAGIC		0xef53
#define DEFAULT_BLOCK		1024
#define STORM_READS		3000	/* block reads, shared out among the threads */
#define STORM_STRIDE		7919	/* a prime: consecutive reads hit distinct blocks */

static struct blk_dev *
root_disk(char *detail, size_t size)
{
	struct blk_dev *dev = blk_lookup(ROOT_DISK);

	if (dev == NULL)
		snprintf(detail, size, "no disk %s (boot with --disk build/fs.img)", ROOT_DISK);
	return dev;
}

/* The super block's magic through a raw read; out of range reads fail. */
bool
test_blk_read(char *detail, size_t size)
{
	struct blk_dev *dev;
	uint8_t *sector;
	uint16_t magic;
	int beyond, last;

	if ((dev = root_disk(detail, size)) == NULL)
		return false;
	if ((sector = kmalloc(SECTOR_SIZE, 0)) == NULL)
		return false;
	magic = 0;
	if (blk_read(dev, EXT2_SUPER_OFFSET / SECTOR_SIZE, sector, 1) == 0)
		memcpy(&magic, sector + EXT2_MAGIC_OFFSET, sizeof(magic));
	last = blk_read(dev, dev->nr_sectors - 1, sector, 1);
	beyond = blk_read(dev, dev->nr_sectors, sector, 1);
	kfree(sector);
	snprintf(detail, size, "%s: %lu sectors, magic 0x%x, last %d, beyond %d", dev->name,
	    dev->nr_sectors, magic, last, beyond);
	return magic == EXT2_MAGIC && last == 0 && beyond == -EIO;
}

/*
 * Overwrite the last sector (past the end of any ext2 block group we use
 * on a 64 MiB image) with its complement, read it back, then restore it.
 */
bool
test_blk_write(char *detail, size_t size)
{
	struct blk_dev *dev;
	uint8_t *orig, *buf;
	uint64_t s;
	bool same = true;
	int err;

	if ((dev = root_disk(detail, size)) == NULL)
		return false;
	orig = kmalloc(SECTOR_SIZE, 0);
	buf = kmalloc(SECTOR_SIZE, 0);
	s = dev->nr_sectors - 1;
	err = orig == NULL || buf == NULL ? -ENOMEM : blk_read(dev, s, orig, 1);
	if (err == 0) {
		for (int i = 0; i < SECTOR_SIZE; i++)
			buf[i] = orig[i] ^ 0xff;
		err = blk_write(dev, s, buf, 1);
	}
	if (err == 0)
		err = blk_read(dev, s, buf, 1);
	for (int i = 0; err == 0 && i < SECTOR_SIZE; i++)
		same = same && (buf[i] ^ orig[i]) == 0xff;
	if (err == 0)
		err = blk_write(dev, s, orig, 1);
	if (err == 0)
		err = blk_flush(dev);
	snprintf(detail, size, "sector %lu: err %d, complement %s", s, err,
	    same ? "read back" : "NOT read back");
	kfree(orig);
	kfree(buf);
	return err == 0 && same;
}

struct storm {
	struct blk_dev *dev;
	int first, reads;
	unsigned long errors;
};

/* Each block read through the cache must equal the same block read raw. */
static void
storm_worker(void *arg)
{
	struct storm *st = arg;
	unsigned bsize = st->dev->block_size;
	uint64_t nblocks = (st->dev->nr_sectors << SECTOR_SHIFT) / bsize;
	void *raw = kmalloc(bsize, 0);

	for (int i = 0; raw != NULL && i < st->reads; i++) {
		uint64_t blockno = ((uint64_t)(st->first + i) * STORM_STRIDE) % nblocks;
		struct buf *b;

		if (bread(st->dev, blockno, &b) != 0) {
			st->errors++;
			continue;
		}
		if (blk_read(st->dev, blockno * (bsize >> SECTOR_SHIFT), raw,
		    bsize >> SECTOR_SHIFT) != 0 || memcmp(raw, b->data, bsize) != 0)
			st->errors++;
		brelse(b);
	}
	if (raw == NULL)
		st->errors++;
	kfree(raw);
}

/*
 * Threads on every hart read overlapping runs of blocks, more blocks than
 * the cache holds, so buffers are shared, waited for and recycled while
 * several requests are in flight.
 */
bool
test_bcache_storm(char *detail, size_t size)
{
	struct storm st[ST_MAX_THREADS];
	int n = nr_cpus * ST_THREADS_PER_CPU;
	unsigned long errors = 0;
	struct blk_dev *dev;

	if ((dev = root_disk(detail, size)) == NULL)
		return false;
	/* The root file system may have chosen the block size already. */
	if (dev->block_size == 0 && bcache_set_blocksize(dev, DEFAULT_BLOCK) != 0) {
		snprintf(detail, size, "cannot set the block size");
		return false;
	}
	for (int i = 0; i < n; i++)
		st[i] = (struct storm){ dev, i * STORM_READS / n / 2, STORM_READS / n, 0 };
	if (!run_threads(storm_worker, st, sizeof(st[0]), n)) {
		snprintf(detail, size, "cannot start %d threads", n);
		return false;
	}
	for (int i = 0; i < n; i++)
		errors += st[i].errors;
	snprintf(detail, size, "%d threads, %d reads of %u-byte blocks, %lu mismatches", n,
	    n * (STORM_READS / n), dev->block_size, errors);
	return errors == 0;
}
