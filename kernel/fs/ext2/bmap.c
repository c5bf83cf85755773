/*
 * ext2 block maps: a file's logical block to its disk block through the
 * direct, single, double and triple indirect blocks of i_block[], and the
 * same walk allocating what is missing on the way (indirect blocks and
 * the data block itself, all zeroed) when a file is written.
 *
 * Every block number taken from an inode or an indirect block is checked
 * against the file system's bounds before it is read; 0 means a hole. New
 * blocks are sought right after the file's last new block, so that a file
 * written in order lies in order.
 *
 * Locking: inode->lock held by the caller (a read-only walk of a directory
 * or symlink holds its directory's lock or nothing changes it). One buffer
 * at a time, none while allocating.
 */
#include "ext2.h"
#include <blk.h>
#include <errno.h>

#define INDIRECT_LEVELS		3

/*
 * The indirection depth of logical block lbn (0: direct) and the index to
 * follow in each indirect block on the way down; -EFBIG past the triple
 * indirect range.
 */
static int
block_path(uint32_t per_block, uint64_t lbn, uint32_t path[INDIRECT_LEVELS], int *depth)
{
	uint64_t span = per_block;

	if (lbn < EXT2_NDIR_BLOCKS) {
		path[0] = (uint32_t)lbn;
		*depth = 0;
		return 0;
	}
	lbn -= EXT2_NDIR_BLOCKS;
	for (*depth = 1; lbn >= span; (*depth)++) {
		if (*depth == INDIRECT_LEVELS)
			return -EFBIG;
		lbn -= span;
		span *= per_block;
	}
	for (int i = *depth - 1; i >= 0; i--) {
		path[i] = (uint32_t)(lbn % per_block);
		lbn /= per_block;
	}
	return 0;
}

/* A new zeroed block for inode, counted in its i_blocks. */
static int
alloc_for(struct inode *inode, uint32_t *out)
{
	struct ext2_sb_info *sbi = EXT2_SB(inode->sb);
	struct ext2_inode_info *ei = EXT2_I(inode);
	uint32_t goal = ei->last_alloc + 1;
	int err;

	if (ei->last_alloc == 0) {
		uint32_t g = (uint32_t)((inode->ino - 1) / sbi->sb.s_inodes_per_group);

		goal = sbi->sb.s_first_data_block + g * sbi->sb.s_blocks_per_group;
	}
	if ((err = ext2_new_block(inode->sb, goal, out)) != 0)
		return err;
	ei->last_alloc = *out;
	inode->blocks += sbi->block_size / SECTOR_SIZE;
	return 0;
}

/*
 * Entry idx of indirect block ind into *next, allocating a block for it
 * if it is empty and create is set.
 */
static int
step(struct inode *inode, uint32_t ind, uint32_t idx, bool create, uint32_t *next)
{
	struct ext2_sb_info *sbi = EXT2_SB(inode->sb);
	struct buf *b;
	int err;

	if (!ext2_block_valid(sbi, ind))
		return -EIO;
	if ((err = bread(sbi->dev, ind, &b)) != 0)
		return err;
	*next = ((uint32_t *)b->data)[idx];
	brelse(b);
	if (*next != 0 || !create)
		return 0;
	if ((err = alloc_for(inode, next)) != 0)
		return err;
	/* inode->lock keeps the entry empty while the buffer was not held. */
	if ((err = bread(sbi->dev, ind, &b)) != 0) {
		ext2_free_block(inode->sb, *next);
		inode->blocks -= sbi->block_size / SECTOR_SIZE;
		return err;
	}
	((uint32_t *)b->data)[idx] = *next;
	bdirty(b);
	brelse(b);
	return 0;
}

static int
map(struct inode *inode, uint64_t lbn, bool create, uint32_t *out)
{
	struct ext2_sb_info *sbi = EXT2_SB(inode->sb);
	uint32_t path[INDIRECT_LEVELS], *slot;
	int depth, err;

	if ((err = block_path(sbi->addr_per_block, lbn, path, &depth)) != 0)
		return err;
	slot = depth == 0 ? &EXT2_I(inode)->block[path[0]] :
	    &EXT2_I(inode)->block[EXT2_IND_BLOCK + depth - 1];
	if (*slot == 0 && create && (err = alloc_for(inode, slot)) != 0)
		return err;
	*out = *slot;
	for (int i = 0; i < depth && *out != 0; i++) {
		if ((err = step(inode, *out, path[i], create, out)) != 0)
			return err;
	}
	if (*out != 0 && !ext2_block_valid(sbi, *out))
		return -EIO;
	return 0;
}

int
ext2_bmap(struct inode *inode, uint64_t lbn, uint32_t *out)
{
	return map(inode, lbn, false, out);
}

int
ext2_bmap_alloc(struct inode *inode, uint64_t lbn, uint32_t *out)
{
	return map(inode, lbn, true, out);
}

int
ext2_bread(struct inode *inode, uint64_t lbn, struct buf **out)
{
	uint32_t block;
	int err;

	*out = NULL;
	if ((err = ext2_bmap(inode, lbn, &block)) != 0 || block == 0)
		return err;
	return bread(EXT2_SB(inode->sb)->dev, block, out);
}

int
ext2_bread_alloc(struct inode *inode, uint64_t lbn, struct buf **out)
{
	uint32_t block;
	int err;

	if ((err = ext2_bmap_alloc(inode, lbn, &block)) != 0)
		return err;
	return bread(EXT2_SB(inode->sb)->dev, block, out);
}
