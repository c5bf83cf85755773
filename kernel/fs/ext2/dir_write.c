/*
 * ext2 directory entries changed: added (into the first gap large enough,
 * else into a new block at the end of the directory), removed (merged
 * into the entry before it in its block, or marked unused when it is the
 * first of its block, as Linux does), and pointed at another inode.
 *
 * Directory blocks come through ext2_dir_bread, so every entry walked here
 * has been checked. A directory's size is a whole number of blocks, none
 * of them a hole; a new block is allocated before the size covers it.
 *
 * Locking: dir->lock held by the caller; one buffer at a time.
 */
#include "ext2.h"
#include <string.h>
#include <errno.h>

/* Where a named entry is: its block's buffer (held), its offset, the previous entry's. */
struct slot {
	struct buf *b;
	uint32_t off;
	uint32_t prev;		/* == off for the first entry of the block */
};

static struct ext2_dir_entry *
entry_at(struct buf *b, uint32_t off)
{
	return (struct ext2_dir_entry *)((char *)b->data + off);
}

static uint64_t
dir_blocks(struct inode *dir)
{
	return DIV_ROUND_UP(dir->size, EXT2_SB(dir->sb)->block_size);
}

static bool
name_is(const struct ext2_dir_entry *de, const char *name, size_t len)
{
	return de->inode != 0 && de->name_len == len && memcmp(de->name, name, len) == 0;
}

/* The slot of name in dir, its buffer held; -ENOENT if there is none. */
static int
find_slot(struct inode *dir, const char *name, size_t len, struct slot *s)
{
	uint32_t bs = EXT2_SB(dir->sb)->block_size;
	int err;

	for (uint64_t lbn = 0; lbn < dir_blocks(dir); lbn++) {
		if ((err = ext2_dir_bread(dir, lbn, &s->b)) != 0)
			return err;
		s->prev = 0;
		for (s->off = 0; s->off < bs; s->off += entry_at(s->b, s->off)->rec_len) {
			if (name_is(entry_at(s->b, s->off), name, len))
				return 0;
			s->prev = s->off;
		}
		brelse(s->b);
	}
	return -ENOENT;
}

static uint8_t
file_type(struct inode *inode)
{
	if (!EXT2_SB(inode->sb)->filetype)
		return 0;	/* the byte is the high byte of name_len */
	switch (inode->mode & S_IFMT) {
	case S_IFREG:	return EXT2_FT_REG_FILE;
	case S_IFDIR:	return EXT2_FT_DIR;
	case S_IFCHR:	return EXT2_FT_CHRDEV;
	case S_IFBLK:	return EXT2_FT_BLKDEV;
	case S_IFIFO:	return EXT2_FT_FIFO;
	case S_IFSOCK:	return EXT2_FT_SOCK;
	case S_IFLNK:	return EXT2_FT_SYMLINK;
	default:	return EXT2_FT_UNKNOWN;
	}
}

static void
fill(struct ext2_dir_entry *de, const char *name, size_t len, struct inode *inode)
{
	de->inode = (uint32_t)inode->ino;
	de->name_len = (uint8_t)len;
	de->file_type = file_type(inode);
	memcpy(de->name, name, len);
}

/* Put the entry in the first gap of block b that fits it; false if none does. */
static bool
add_in_block(struct buf *b, uint32_t bs, const char *name, size_t len, struct inode *inode)
{
	uint32_t need = EXT2_DIR_REC_LEN(len);
	struct ext2_dir_entry *de;

	for (uint32_t off = 0; off < bs; off += de->rec_len) {
		uint32_t used;

		de = entry_at(b, off);
		used = de->inode != 0 ? EXT2_DIR_REC_LEN(de->name_len) : 0;
		if (de->rec_len - used < need)
			continue;
		if (used != 0) {
			struct ext2_dir_entry *split = entry_at(b, off + used);

			split->rec_len = de->rec_len - used;
			de->rec_len = used;
			de = split;
		}
		fill(de, name, len, inode);
		return true;
	}
	return false;
}

/* A new last block for dir holding only this entry. */
static int
add_block(struct inode *dir, const char *name, size_t len, struct inode *inode)
{
	uint32_t bs = EXT2_SB(dir->sb)->block_size;
	uint64_t lbn = dir_blocks(dir);
	struct ext2_dir_entry *de;
	struct buf *b;
	int err;

	if ((err = ext2_bread_alloc(dir, lbn, &b)) != 0)
		return err;
	de = entry_at(b, 0);
	de->rec_len = (uint16_t)bs;
	fill(de, name, len, inode);
	bdirty(b);
	brelse(b);
	dir->size = (lbn + 1) * bs;
	return 0;
}

int
ext2_add_entry(struct inode *dir, const char *name, size_t len, struct inode *inode)
{
	uint32_t bs = EXT2_SB(dir->sb)->block_size;
	bool added = false;
	struct buf *b;
	int err = 0;

	for (uint64_t lbn = 0; !added && lbn < dir_blocks(dir); lbn++) {
		if ((err = ext2_dir_bread(dir, lbn, &b)) != 0)
			return err;
		if ((added = add_in_block(b, bs, name, len, inode)))
			bdirty(b);
		brelse(b);
	}
	if (!added)
		err = add_block(dir, name, len, inode);
	inode_touch(dir, true, true);	/* also writes a grown size or a new block */
	return err;
}

int
ext2_remove_entry(struct inode *dir, const char *name, size_t len)
{
	struct slot s;
	int err;

	if ((err = find_slot(dir, name, len, &s)) != 0)
		return err;
	if (s.prev != s.off)
		entry_at(s.b, s.prev)->rec_len += entry_at(s.b, s.off)->rec_len;
	else
		entry_at(s.b, s.off)->inode = 0;
	bdirty(s.b);
	brelse(s.b);
	inode_touch(dir, true, true);
	return 0;
}

int
ext2_retarget_entry(struct inode *dir, const char *name, size_t len, struct inode *inode)
{
	struct slot s;
	int err;

	if ((err = find_slot(dir, name, len, &s)) != 0)
		return err;
	entry_at(s.b, s.off)->inode = (uint32_t)inode->ino;
	entry_at(s.b, s.off)->file_type = file_type(inode);
	bdirty(s.b);
	brelse(s.b);
	inode_touch(dir, true, true);
	return 0;
}

int
ext2_make_empty(struct inode *dir, struct inode *parent)
{
	uint32_t bs = EXT2_SB(dir->sb)->block_size;
	struct ext2_dir_entry *de;
	struct buf *b;
	int err;

	if ((err = ext2_bread_alloc(dir, 0, &b)) != 0)
		return err;
	de = entry_at(b, 0);
	de->rec_len = EXT2_DIR_REC_LEN(1);
	fill(de, ".", 1, dir);
	de = entry_at(b, de->rec_len);
	de->rec_len = (uint16_t)(bs - EXT2_DIR_REC_LEN(1));
	fill(de, "..", 2, parent);
	bdirty(b);
	brelse(b);
	dir->size = bs;
	return 0;
}
