/*
 * ext2 inodes in the inode tables: reading one into the VFS inode, writing
 * it back, making a new one, and freeing one whose last link and last
 * reference are gone.
 *
 * Writing is read-modify-write of the on-disk inode in its buffer, so the
 * fields Kite does not keep in memory (i_generation, i_file_acl...) stay
 * as they were.
 *
 * Locking: read_inode runs while the inode is I_NEW, so nobody else sees
 * it; afterwards ext2_inode_info is under inode->lock. Writers of an
 * inode's attributes hold its lock, or its directory's for the link count
 * (the VFS's rule); write_inode copies them under the table block's buffer
 * lock. Eviction runs when nobody can reach the inode any more.
 */
#include "ext2.h"
#include <blk.h>
#include <fdtable.h>
#include <cred.h>
#include <slab.h>
#include <string.h>
#include <printk.h>
#include <errno.h>

#define OLD_DEV_MAJOR(x)	(((x) >> 8) & 0xff)
#define OLD_DEV_MINOR(x)	((x) & 0xff)
#define OLD_DEV_MAX		0xff
#define LARGE_FILE_SIZE		0x80000000ULL	/* sizes from here need LARGE_FILE */

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

/* The held buffer of inode ino's table block, and the inode's offset in it. */
static int
inode_buf(struct ext2_sb_info *sbi, uint64_t ino, struct buf **b, uint32_t *offset)
{
	uint32_t block;
	int err;

	if ((err = locate(sbi, ino, &block, offset)) != 0)
		return err;
	return bread(sbi->dev, block, b);
}

static int
read_raw(struct ext2_sb_info *sbi, uint64_t ino, struct ext2_inode *raw)
{
	uint32_t offset;
	struct buf *b;
	int err;

	if ((err = inode_buf(sbi, ino, &b, &offset)) != 0)
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

/* The reverse, in the encoding Linux picks: the old one when it fits. */
static void
encode_rdev(uint32_t *block, dev_t rdev)
{
	if (MAJOR(rdev) <= OLD_DEV_MAX && MINOR(rdev) <= OLD_DEV_MAX) {
		block[0] = MAJOR(rdev) << 8 | MINOR(rdev);
	} else {
		block[0] = 0;
		block[1] = rdev;
	}
}

static int
set_ops(struct inode *inode, struct ext2_inode_info *ei)
{
	switch (inode->mode & S_IFMT) {
	case S_IFREG:
		inode->ops = &ext2_file_inode_ops;
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
		inode->ops = &ext2_special_inode_ops;
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

/* A regular file reaching 2 GiB needs the LARGE_FILE feature in the super block. */
static void
note_large_file(struct ext2_sb_info *sbi)
{
	mutex_lock(&sbi->lock);
	if (sbi->sb.s_rev_level == EXT2_DYNAMIC_REV)
		sbi->sb.s_feature_ro_compat |= EXT2_FEATURE_RO_COMPAT_LARGE_FILE;
	mutex_unlock(&sbi->lock);
}

/* The in-memory inode into its on-disk form raw. */
static void
fill_raw(struct inode *inode, struct ext2_inode *raw)
{
	raw->i_mode = (uint16_t)inode->mode;
	raw->i_uid = (uint16_t)inode->uid;
	raw->i_uid_high = (uint16_t)(inode->uid >> 16);
	raw->i_gid = (uint16_t)inode->gid;
	raw->i_gid_high = (uint16_t)(inode->gid >> 16);
	raw->i_links_count = (uint16_t)inode->nlink;
	raw->i_size = (uint32_t)inode->size;
	if (S_ISREG(inode->mode))
		raw->i_size_high = (uint32_t)(inode->size >> 32);
	raw->i_blocks = (uint32_t)inode->blocks;
	raw->i_atime = (uint32_t)inode->atime.tv_sec;
	raw->i_mtime = (uint32_t)inode->mtime.tv_sec;
	raw->i_ctime = (uint32_t)inode->ctime.tv_sec;
	raw->i_dtime = inode->nlink == 0 ? (uint32_t)current_time().tv_sec : 0;
	raw->i_flags = EXT2_I(inode)->flags;
	memcpy(raw->i_block, EXT2_I(inode)->block, sizeof(raw->i_block));
}

int
ext2_write_inode(struct inode *inode)
{
	struct ext2_sb_info *sbi = EXT2_SB(inode->sb);
	uint32_t offset;
	struct buf *b;
	int err;

	if (inode->sb->read_only || inode->private == NULL)
		return 0;
	if (S_ISREG(inode->mode) && inode->size >= LARGE_FILE_SIZE)
		note_large_file(sbi);
	if ((err = inode_buf(sbi, inode->ino, &b, &offset)) != 0)
		return err;
	fill_raw(inode, (struct ext2_inode *)((char *)b->data + offset));
	bdirty(b);
	brelse(b);
	return 0;
}

bool
ext2_has_blocks(struct inode *inode)
{
	if (S_ISREG(inode->mode) || S_ISDIR(inode->mode))
		return true;
	/* A slow symlink's target is in a block; a fast one's in i_block. */
	return S_ISLNK(inode->mode) && inode->blocks != 0;
}

/* The owner of a new file: the caller, with the group of a setgid directory. */
static void
set_owner(struct inode *inode, struct inode *dir)
{
	const struct cred *c = fs_cred();

	inode->uid = c->fsuid;
	inode->gid = c->fsgid;
	if (dir->mode & S_ISGID) {
		inode->gid = dir->gid;
		if (S_ISDIR(inode->mode))
			inode->mode |= S_ISGID;
	}
}

/* Zero the whole on-disk inode, so no field of a former file survives. */
static int
clear_raw(struct ext2_sb_info *sbi, uint32_t ino)
{
	uint32_t offset;
	struct buf *b;
	int err;

	if ((err = inode_buf(sbi, ino, &b, &offset)) != 0)
		return err;
	memset((char *)b->data + offset, 0, sbi->inode_size);
	bdirty(b);
	brelse(b);
	return 0;
}

int
ext2_new_inode(struct inode *dir, uint32_t mode, dev_t rdev, struct inode **out)
{
	struct super_block *sb = dir->sb;
	struct ext2_inode_info *ei;
	struct inode *inode;
	uint32_t ino;
	int err;

	if ((ei = kzalloc(sizeof(*ei))) == NULL)
		return -ENOMEM;
	if ((err = ext2_new_ino(sb, dir, S_ISDIR(mode), &ino)) != 0) {
		kfree(ei);
		return err;
	}
	if ((err = clear_raw(EXT2_SB(sb), ino)) != 0 ||
	    (inode = inode_new(sb, ino)) == NULL) {
		ext2_free_ino(sb, ino, S_ISDIR(mode));
		kfree(ei);
		return err != 0 ? err : -ENOMEM;
	}
	inode->mode = mode;
	set_owner(inode, dir);
	inode->size = 0;
	inode->blocks = 0;
	if (S_ISCHR(mode) || S_ISBLK(mode))
		encode_rdev(ei->block, rdev);
	inode->private = ei;
	set_ops(inode, ei);
	if ((err = ext2_write_inode(inode)) != 0) {
		inode->nlink = 0;	/* evict frees the number again */
		iput(inode);
		return err;
	}
	*out = inode;
	return 0;
}

/* Free the blocks and the number of an inode with no links left. */
static void
delete_inode(struct inode *inode)
{
	struct ext2_sb_info *sbi = EXT2_SB(inode->sb);
	int err = 0;

	if (ext2_has_blocks(inode))
		err = ext2_truncate_blocks(inode, 0);
	if (err == 0)
		err = ext2_write_inode(inode);
	if (err != 0) {
		/* Leaked until e2fsck finds it: better than freeing what may be in use. */
		printk("ext2: %s: inode %lu not freed (%d)\n", sbi->dev->name, inode->ino, err);
		return;
	}
	ext2_free_ino(inode->sb, (uint32_t)inode->ino, S_ISDIR(inode->mode));
}

void
ext2_evict_inode(struct inode *inode)
{
	if (inode->nlink == 0 && !inode->sb->read_only && inode->private != NULL)
		delete_inode(inode);
	kfree(inode->private);
	inode->private = NULL;
}
