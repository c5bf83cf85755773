/*
 * ext2 truncation: freeing every block of a file from a logical block on,
 * with the indirect blocks that map nothing but freed blocks. Used by
 * ftruncate/truncate (a shrinking ATTR_SIZE) and by the deletion of an
 * inode whose last link is gone (size 0).
 *
 * An indirect block that still maps blocks below the cut is kept and has
 * the freed entries zeroed; one lying wholly past it is freed with its
 * whole subtree. Each indirect block's entries are copied out before its
 * children are visited, so no buffer is held while freeing (which locks a
 * bitmap) or while reading the next level: an image whose indirect blocks
 * point at each other cannot deadlock it, and the depth is bounded by the
 * three levels of i_block.
 *
 * Locking: inode->lock held, or the inode is being evicted.
 */
#include "ext2.h"
#include <blk.h>
#include <slab.h>
#include <string.h>
#include <errno.h>

static void
release(struct inode *inode, uint32_t block)
{
	uint32_t sectors = EXT2_SB(inode->sb)->block_size / SECTOR_SIZE;

	ext2_free_block(inode->sb, block);
	inode->blocks = inode->blocks >= sectors ? inode->blocks - sectors : 0;
}

/* A copy of the block numbers in indirect block ind. */
static int
read_entries(struct ext2_sb_info *sbi, uint32_t ind, uint32_t **out)
{
	struct buf *b;
	int err;

	if ((*out = kmalloc(sbi->block_size, 0)) == NULL)
		return -ENOMEM;
	if ((err = bread(sbi->dev, ind, &b)) != 0) {
		kfree(*out);
		return err;
	}
	memcpy(*out, b->data, sbi->block_size);
	brelse(b);
	return 0;
}

static int
write_entries(struct ext2_sb_info *sbi, uint32_t ind, const uint32_t *entries)
{
	struct buf *b;
	int err;

	if ((err = bread(sbi->dev, ind, &b)) != 0)
		return err;
	memcpy(b->data, entries, sbi->block_size);
	bdirty(b);
	brelse(b);
	return 0;
}

static int trim(struct inode *, uint32_t, int, uint64_t, uint64_t);

/*
 * Trim the children of indirect block ind (depth levels above the data,
 * first logical block base), zeroing the entries of freed ones.
 */
static int
trim_children(struct inode *inode, uint32_t ind, int depth, uint64_t base, uint64_t keep)
{
	struct ext2_sb_info *sbi = EXT2_SB(inode->sb);
	uint64_t span = 1;
	uint32_t *entries;
	bool changed = false;
	int err;

	for (int i = 1; i < depth; i++)
		span *= sbi->addr_per_block;
	if ((err = read_entries(sbi, ind, &entries)) != 0)
		return err;
	for (uint32_t i = 0; i < sbi->addr_per_block && err == 0; i++) {
		uint64_t child = base + i * span;

		if (entries[i] == 0 || child + span <= keep)
			continue;
		err = trim(inode, entries[i], depth - 1, child, keep);
		if (err == 0 && child >= keep) {
			entries[i] = 0;
			changed = true;
		}
	}
	/* Only a block that stays needs its entries rewritten. */
	if (changed && base < keep) {
		int werr = write_entries(sbi, ind, entries);

		if (err == 0)
			err = werr;
	}
	kfree(entries);
	return err;
}

/*
 * Free the blocks of the subtree under block (depth levels of indirect
 * blocks above the data, first logical block base) from logical block keep
 * on; block itself goes if the whole subtree lies past keep.
 */
static int
trim(struct inode *inode, uint32_t block, int depth, uint64_t base, uint64_t keep)
{
	int err = 0;

	if (depth > 0 && ext2_block_valid(EXT2_SB(inode->sb), block))
		err = trim_children(inode, block, depth, base, keep);
	if (err == 0 && base >= keep)
		release(inode, block);
	return err;
}

int
ext2_truncate_blocks(struct inode *inode, uint64_t size)
{
	struct ext2_sb_info *sbi = EXT2_SB(inode->sb);
	struct ext2_inode_info *ei = EXT2_I(inode);
	uint64_t keep = DIV_ROUND_UP(size, sbi->block_size);
	uint64_t base = EXT2_NDIR_BLOCKS, span = sbi->addr_per_block;
	int err = 0;

	for (uint32_t i = 0; i < EXT2_N_BLOCKS && err == 0; i++) {
		int depth = i < EXT2_NDIR_BLOCKS ? 0 : (int)(i - EXT2_IND_BLOCK + 1);
		uint64_t first = depth == 0 ? i : base;

		if (ei->block[i] != 0)
			err = trim(inode, ei->block[i], depth, first, keep);
		if (err == 0 && first >= keep)
			ei->block[i] = 0;
		if (depth > 0) {
			base += span;
			span *= sbi->addr_per_block;
		}
	}
	if (keep == 0)
		ei->last_alloc = 0;
	return err;
}
