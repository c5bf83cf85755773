/*
 * ext2 allocation: the block and inode bitmaps of each group, with the
 * free counts of its descriptor and of the super block kept in step.
 *
 * A search starts in the goal's group (for an inode, its directory's) at
 * the goal, and goes on through the following groups in turn. A bitmap
 * that contradicts the rest of the image (a metadata block marked free, a
 * block freed twice) is a damaged image: the operation is refused with a
 * message and the counts are left alone, rather than one block being
 * handed to two owners.
 *
 * The descriptors and the super block are changed in memory (sbi) and
 * written into their buffers by ext2_sync_fs.
 *
 * Locking: sbi->lock around every bitmap change and count; the bitmap's
 * buffer is the only buffer held under it.
 */
#include "ext2.h"
#include <blk.h>
#include <fdtable.h>
#include <string.h>
#include <printk.h>
#include <errno.h>

#define BITS_PER_BYTE	8
#define FULL_BYTE	0xff

static bool
bit_set(const uint8_t *map, uint32_t bit)
{
	return (map[bit / BITS_PER_BYTE] >> (bit % BITS_PER_BYTE)) & 1;
}

static void
flip_bit(uint8_t *map, uint32_t bit)
{
	map[bit / BITS_PER_BYTE] ^= 1U << (bit % BITS_PER_BYTE);
}

/* A clear bit of [lo, n), looking from start onwards and then wrapping. */
static bool
find_clear(const uint8_t *map, uint32_t lo, uint32_t n, uint32_t start, uint32_t *out)
{
	uint32_t bit = start < lo || start >= n ? lo : start;

	for (uint32_t seen = lo; seen < n; seen++, bit = bit + 1 < n ? bit + 1 : lo) {
		if (bit % BITS_PER_BYTE == 0 && bit + BITS_PER_BYTE <= n &&
		    map[bit / BITS_PER_BYTE] == FULL_BYTE) {
			seen += BITS_PER_BYTE - 1;
			bit += BITS_PER_BYTE - 1;
			continue;
		}
		if (!bit_set(map, bit)) {
			*out = bit;
			return true;
		}
	}
	return false;
}

/* Set a clear bit of [lo, n) in bitmap block map; -ENOSPC if all are set. */
static int
take_bit(struct ext2_sb_info *sbi, uint32_t map, uint32_t lo, uint32_t n, uint32_t start,
    uint32_t *bit)
{
	struct buf *b;
	int err;

	if ((err = bread(sbi->dev, map, &b)) != 0)
		return err;
	if (find_clear(b->data, lo, n, start, bit)) {
		flip_bit(b->data, *bit);
		bdirty(b);
	} else {
		err = -ENOSPC;
	}
	brelse(b);
	return err;
}

/* Clear bit of bitmap block map; -EIO if it was clear already. */
static int
put_bit(struct ext2_sb_info *sbi, uint32_t map, uint32_t bit)
{
	struct buf *b;
	int err;

	if ((err = bread(sbi->dev, map, &b)) != 0)
		return err;
	if (bit_set(b->data, bit)) {
		flip_bit(b->data, bit);
		bdirty(b);
	} else {
		err = -EIO;
	}
	brelse(b);
	return err;
}

static uint32_t
group_first_block(struct ext2_sb_info *sbi, uint32_t g)
{
	return sbi->sb.s_first_data_block + g * sbi->sb.s_blocks_per_group;
}

static uint32_t
group_of_block(struct ext2_sb_info *sbi, uint32_t block)
{
	return (block - sbi->sb.s_first_data_block) / sbi->sb.s_blocks_per_group;
}

static uint32_t
blocks_in_group(struct ext2_sb_info *sbi, uint32_t g)
{
	return MIN(sbi->sb.s_blocks_per_group, sbi->sb.s_blocks_count - group_first_block(sbi, g));
}

static uint32_t
inodes_in_group(struct ext2_sb_info *sbi, uint32_t g)
{
	return MIN(sbi->sb.s_inodes_per_group,
	    sbi->sb.s_inodes_count - g * sbi->sb.s_inodes_per_group);
}

/* The super block, descriptors, bitmaps and inode table of block's group. */
static bool
is_metadata(struct ext2_sb_info *sbi, uint32_t block)
{
	uint32_t g = group_of_block(sbi, block);
	const struct ext2_group_desc *gd = &sbi->groups[g];

	if (ext2_group_has_super(sbi, g) &&
	    block - group_first_block(sbi, g) < 1 + sbi->gdt_blocks)
		return true;
	return block == gd->bg_block_bitmap || block == gd->bg_inode_bitmap ||
	    (block >= gd->bg_inode_table &&
	    block - gd->bg_inode_table < ext2_inode_table_blocks(sbi));
}

static void
damaged(struct ext2_sb_info *sbi, const char *what, uint32_t n)
{
	printk("ext2: %s: %s %u: bitmap and image disagree\n", sbi->dev->name, what, n);
}

/* The blocks kept for root (s_r_blocks_count), as Linux keeps them. */
static bool
may_take_block(struct ext2_sb_info *sbi)
{
	return sbi->sb.s_free_blocks_count > sbi->sb.s_r_blocks_count || fs_capable();
}

/* Take a block in group g, from bit start; 0, -ENOSPC or -errno. sbi->lock held. */
static int
take_block_in(struct ext2_sb_info *sbi, uint32_t g, uint32_t start, uint32_t *out)
{
	struct ext2_group_desc *gd = &sbi->groups[g];
	uint32_t bit;
	int err;

	if (gd->bg_free_blocks_count == 0)
		return -ENOSPC;
	err = take_bit(sbi, gd->bg_block_bitmap, 0, blocks_in_group(sbi, g), start, &bit);
	if (err != 0)
		return err;
	*out = group_first_block(sbi, g) + bit;
	if (is_metadata(sbi, *out)) {
		damaged(sbi, "metadata block", *out);
		return -EIO;	/* the bit is left set: the block is in use */
	}
	gd->bg_free_blocks_count--;
	sbi->sb.s_free_blocks_count--;
	return 0;
}

static int
zero_block(struct ext2_sb_info *sbi, uint32_t block)
{
	struct buf *b;
	int err;

	if ((err = bread(sbi->dev, block, &b)) != 0)
		return err;
	memset(b->data, 0, sbi->block_size);
	bdirty(b);
	brelse(b);
	return 0;
}

int
ext2_new_block(struct super_block *sb, uint32_t goal, uint32_t *out)
{
	struct ext2_sb_info *sbi = EXT2_SB(sb);
	uint32_t g0, start;
	int err = -ENOSPC;

	if (!ext2_block_valid(sbi, goal))
		goal = sbi->sb.s_first_data_block;
	g0 = group_of_block(sbi, goal);
	start = goal - group_first_block(sbi, g0);
	mutex_lock(&sbi->lock);
	for (uint32_t i = 0; i < sbi->groups_count && err == -ENOSPC; i++) {
		if (!may_take_block(sbi))
			break;
		err = take_block_in(sbi, (g0 + i) % sbi->groups_count, i == 0 ? start : 0, out);
	}
	mutex_unlock(&sbi->lock);
	if (err == 0 && (err = zero_block(sbi, *out)) != 0)
		ext2_free_block(sb, *out);
	return err;
}

void
ext2_free_block(struct super_block *sb, uint32_t block)
{
	struct ext2_sb_info *sbi = EXT2_SB(sb);
	uint32_t g;

	if (!ext2_block_valid(sbi, block) || is_metadata(sbi, block)) {
		damaged(sbi, "freeing block", block);
		return;
	}
	g = group_of_block(sbi, block);
	mutex_lock(&sbi->lock);
	if (put_bit(sbi, sbi->groups[g].bg_block_bitmap, block - group_first_block(sbi, g)) == 0) {
		sbi->groups[g].bg_free_blocks_count++;
		sbi->sb.s_free_blocks_count++;
	} else {
		damaged(sbi, "freeing free block", block);
	}
	mutex_unlock(&sbi->lock);
}

/* Take an inode in group g; 0, -ENOSPC or -errno. sbi->lock held. */
static int
take_ino_in(struct ext2_sb_info *sbi, uint32_t g, bool is_dir, uint32_t *out)
{
	struct ext2_group_desc *gd = &sbi->groups[g];
	uint32_t ipg = sbi->sb.s_inodes_per_group;
	uint32_t lo = g == 0 ? sbi->first_ino - 1 : 0, bit;
	int err;

	if (gd->bg_free_inodes_count == 0 || g * ipg >= sbi->sb.s_inodes_count)
		return -ENOSPC;
	err = take_bit(sbi, gd->bg_inode_bitmap, lo, inodes_in_group(sbi, g), lo, &bit);
	if (err != 0)
		return err;
	*out = g * ipg + bit + 1;
	gd->bg_free_inodes_count--;
	sbi->sb.s_free_inodes_count--;
	if (is_dir)
		gd->bg_used_dirs_count++;
	return 0;
}

int
ext2_new_ino(struct super_block *sb, struct inode *dir, bool is_dir, uint32_t *out)
{
	struct ext2_sb_info *sbi = EXT2_SB(sb);
	uint32_t g0 = (uint32_t)((dir->ino - 1) / sbi->sb.s_inodes_per_group);
	int err = -ENOSPC;

	mutex_lock(&sbi->lock);
	for (uint32_t i = 0; i < sbi->groups_count && err == -ENOSPC; i++)
		err = take_ino_in(sbi, (g0 + i) % sbi->groups_count, is_dir, out);
	mutex_unlock(&sbi->lock);
	return err;
}

void
ext2_free_ino(struct super_block *sb, uint32_t ino, bool is_dir)
{
	struct ext2_sb_info *sbi = EXT2_SB(sb);
	uint32_t g = (ino - 1) / sbi->sb.s_inodes_per_group;
	struct ext2_group_desc *gd = &sbi->groups[g];

	if (ino < sbi->first_ino || ino > sbi->sb.s_inodes_count) {
		damaged(sbi, "freeing inode", ino);
		return;
	}
	mutex_lock(&sbi->lock);
	if (put_bit(sbi, gd->bg_inode_bitmap, (ino - 1) % sbi->sb.s_inodes_per_group) == 0) {
		gd->bg_free_inodes_count++;
		sbi->sb.s_free_inodes_count++;
		if (is_dir && gd->bg_used_dirs_count > 0)
			gd->bg_used_dirs_count--;
	} else {
		damaged(sbi, "freeing free inode", ino);
	}
	mutex_unlock(&sbi->lock);
}
