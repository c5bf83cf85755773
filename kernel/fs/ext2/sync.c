/*
 * ext2 write-back. Changes reach the disk through the buffer cache: data,
 * indirect blocks, directories, inodes and bitmaps are dirtied in their
 * buffers as they change; the free counts of the super block and of the
 * group descriptors live in ext2_sb_info and are copied into their buffers
 * here, just before the buffer cache writes everything dirty.
 *
 * Syncs happen on sync(2), fsync(2) (of any file: the whole file system,
 * so that the blocks and bitmaps a file's data needs are on disk with it),
 * every FLUSH_INTERVAL from the flusher thread, and at power-off and
 * unmount.
 *
 * Locking: sbi->lock while the counts are copied; one buffer at a time.
 */
#include "ext2.h"
#include <blk.h>
#include <sched.h>
#include <timer.h>
#include <atomic.h>
#include <string.h>
#include <printk.h>

#define FLUSH_INTERVAL_NS	(5ULL * 1000 * 1000 * 1000)

/* Copy len bytes of src into the disk block at byte offset off of block. */
static int
put_bytes(struct ext2_sb_info *sbi, uint32_t block, uint32_t off, const void *src,
    size_t len)
{
	struct buf *b;
	int err;

	if ((err = bread(sbi->dev, block, &b)) != 0)
		return err;
	if (memcmp((char *)b->data + off, src, len) != 0) {
		memcpy((char *)b->data + off, src, len);
		bdirty(b);
	}
	brelse(b);
	return 0;
}

/* The primary super block and descriptor table into their buffers. sbi->lock held. */
static int
put_super_and_groups(struct ext2_sb_info *sbi)
{
	uint32_t gdt = sbi->sb.s_first_data_block + 1, bs = sbi->block_size;
	size_t table = sbi->groups_count * sizeof(struct ext2_group_desc);
	int err = 0;

	for (uint32_t i = 0; err == 0 && i * bs < table; i++)
		err = put_bytes(sbi, gdt + i, 0, (char *)sbi->groups + i * bs,
		    MIN(bs, table - i * bs));
	if (err == 0)
		err = put_bytes(sbi, EXT2_SUPER_OFFSET / bs, EXT2_SUPER_OFFSET % bs, &sbi->sb,
		    sizeof(sbi->sb));
	return err;
}

int
ext2_sync_fs(struct super_block *sb)
{
	struct ext2_sb_info *sbi = EXT2_SB(sb);
	int err;

	if (sb->read_only)
		return 0;
	mutex_lock(&sbi->lock);
	sbi->sb.s_wtime = (uint32_t)current_time().tv_sec;
	err = put_super_and_groups(sbi);
	mutex_unlock(&sbi->lock);
	if (err == 0)
		err = bcache_sync(sbi->dev);
	if (err != 0)
		printk("ext2: %s: write-back failed (%d)\n", sbi->dev->name, err);
	return err;
}

static void
flusher(void *arg)
{
	(void)arg;
	for (;;) {
		sleep_ns(FLUSH_INTERVAL_NS);
		vfs_sync_all();
	}
}

void
ext2_start_flusher(void)
{
	static atomic_t started = ATOMIC_INIT(0);

	if (atomic_xchg(&started, 1) == 0 &&
	    kthread_run(flusher, NULL, "ext2-flush", -1, true) == NULL)
		printk("ext2: no flusher thread: only sync writes back\n");
}
