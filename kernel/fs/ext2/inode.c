/*
 * ext2 inodes: reading one from its group's inode table into the VFS inode,
 * and mapping a file's logical blocks to disk blocks through the direct,
 * single, double and triple indirect blocks of i_block[].
 *
 * Every block number taken from an inode or an indirect block is checked
 * against the file system's bounds before it is read; 0 means a hole.
 *
 * Locking: read_inode runs while the inode is I_NEW, so nobody else sees
 * it; afterwards ext2_inode_info is under inode->lock (and never changes on
 * a read-only mount).
 */
#include "ext2.h"
#include <blk.h>
#include <slab.h>
#include <string.h>
#include <errno.h>

#define OLD_DEV_MAJOR(x)	(((x) >> 8) & 0xff)
#define OLD_DEV_MINOR(x)	((x) & 0xff)
#define INDIRECT_LEVELS		3

/* The inode table block and byte offset of inode ino. */
static int
locate(struct ext2_sb_info *sbi, uint64_t ino, uint32_t *block, uint32_t *offset)
{
	uint64_t index, byte;
	uint32_t group;

	if (ino < 1 || ino > sbi->sb.s_inodes_count)
		return -EIO;
	group = (uint32_t)((ino - 1) / sbi->sb.s_inodes_per_group);
	index = (ino - 1) % sbi->sb.s_inodes_per_group;
	byte = index * sbi->inode_size;
	*block = sbi->groups[group].bg_inode_table + (uint32_t)(byte / sbi->block_size);
	*offset = (uint32_t)(byte % sbi->block_size);
	return 0;
}

static int
read_raw(struct ext2_sb_info *sbi, uint64_t ino, struct ext2_inode *raw)
{
	uint32_t block, offset;
	struct buf *b;
	int err;

	if ((err = locate(sbi, ino, &block, &offset)) != 0)
		return err;
	if ((err = bread(sbi->dev, block, &b)) != 0)
		return err;
	memcpy(raw, (char *)b->data + offset, sizeof(*raw));
	brelse(b);
	return 0;
}

/* A device number from i_block: the old 8:8 encoding in [0], else Linux's in [1]. */
static dev_t
decode_rdev(const uint32_t *block)
{
	if (block[0] != 0)
		return MKDEV(OLD_DEV_MAJOR(block[0]), OLD_DEV_MINOR(block[0]));
	return block[1];
}

static int
set_ops(struct inode *inode, struct ext2_inode_info *ei)
{
	switch (inode->mode & S_IFMT) {
	case S_IFREG:
		inode->fops = &ext2_file_ops;
		return 0;
	case S_IFDIR:
		inode->ops = &ext2_dir_inode_ops;
		inode->fops = &ext2_dir_file_ops;
		return 0;
	case S_IFLNK:
		inode->ops = &ext2_symlink_inode_ops;
		return 0;
	case S_IFCHR:
	case S_IFBLK:
	case S_IFIFO:
	case S_IFSOCK:
		init_special_inode(inode, inode->mode, decode_rdev(ei->block));
		return 0;
	default:
		return -EIO;
	}
}

static struct timespec64
disk_time(uint32_t t)
{
	return (struct timespec64){ .tv_sec = t, .tv_nsec = 0 };
}

int
ext2_read_inode(struct super_block *sb, struct inode *inode)
{
	struct ext2_inode raw;
	struct ext2_inode_info *ei;
	int err;

	if ((err = read_raw(EXT2_SB(sb), inode->ino, &raw)) != 0)
		return err;
	/* A freed inode reached through a stale directory entry. */
	if (raw.i_links_count == 0 || raw.i_mode == 0)
		return -EIO;
	if ((ei = kzalloc(sizeof(*ei))) == NULL)
		return -ENOMEM;
	memcpy(ei->block, raw.i_block, sizeof(ei->block));
	ei->flags = raw.i_flags;
	inode->mode = raw.i_mode;
	inode->uid = raw.i_uid | (uint32_t)raw.i_uid_high << 16;
	inode->gid = raw.i_gid | (uint32_t)raw.i_gid_high << 16;
	inode->nlink = raw.i_links_count;
	inode->size = raw.i_size;
	if (S_ISREG(raw.i_mode))
		inode->size |= (uint64_t)raw.i_size_high << 32;
	inode->blocks = raw.i_blocks;
	inode->atime = disk_time(raw.i_atime);
	inode->mtime = disk_time(raw.i_mtime);
	inode->ctime = disk_time(raw.i_ctime);
	if ((err = set_ops(inode, ei)) != 0) {
		kfree(ei);
		return err;
	}
	inode->private = ei;
	return 0;
}

void
ext2_evict_inode(struct inode *inode)
{
	kfree(inode->private);
	inode->private = NULL;
}

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

int
ext2_bmap(struct inode *inode, uint64_t lbn, uint32_t *out)
{
	struct ext2_sb_info *sbi = EXT2_SB(inode->sb);
	uint32_t path[INDIRECT_LEVELS], block;
	struct buf *b;
	int depth, err;

	if ((err = block_path(sbi->addr_per_block, lbn, path, &depth)) != 0)
		return err;
	block = depth == 0 ? EXT2_I(inode)->block[path[0]] :
	    EXT2_I(inode)->block[EXT2_IND_BLOCK + depth - 1];
	for (int i = 0; i < depth && block != 0; i++) {
		if (!ext2_block_valid(sbi, block))
			return -EIO;
		if ((err = bread(sbi->dev, block, &b)) != 0)
			return err;
		block = ((uint32_t *)b->data)[path[i]];
		brelse(b);
	}
	if (block != 0 && !ext2_block_valid(sbi, block))
		return -EIO;
	*out = block;
	return 0;
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
