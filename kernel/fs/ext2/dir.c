/*
 * ext2 directories: blocks of variable-length entries chained by rec_len,
 * an entry with inode 0 being unused space. Every directory block is read
 * through ext2_dir_bread, which checks all its entries before any is used:
 * rec_len 4-byte aligned, large enough for the name, inside its block; the
 * inode number inside the file system. A bad entry makes the operation
 * fail with -EIO. One walker serves lookup, readdir and the emptiness test
 * of rmdir; dir_write.c changes entries.
 *
 * The readdir cookie (ctx->pos) is the byte offset of the next entry in the
 * directory. A cookie that does not fall on an entry (the directory changed
 * under a reader) resumes at the first entry after it.
 *
 * Locking: the VFS holds dir->lock around lookup and readdir; rename also
 * reads ".." of directories it does not lock, which only rename changes,
 * under the file system's rename_lock.
 */
#include "ext2.h"
#include <blk.h>
#include <uapi/dirent.h>
#include <string.h>
#include <printk.h>
#include <errno.h>

struct dirent_view {
	uint32_t ino;
	const char *name;
	size_t len;
	uint8_t type;		/* enum ext2_file_type, if the file system records it */
	off_t next;		/* cookie of the following entry */
};

/* Called for each used entry; 0 to go on, 1 to stop, or -errno. */
typedef int (*dirent_actor_t)(void *arg, const struct dirent_view *d);

static bool
entry_valid(struct ext2_sb_info *sbi, const char *block, uint32_t off)
{
	const struct ext2_dir_entry *de = (const void *)(block + off);

	if (off + EXT2_DIR_ENTRY_HEADER > sbi->block_size)
		return false;
	return de->rec_len >= EXT2_DIR_REC_LEN(0) && de->rec_len % 4 == 0 &&
	    off + de->rec_len <= sbi->block_size &&
	    EXT2_DIR_REC_LEN(de->name_len) <= de->rec_len &&
	    de->inode <= sbi->sb.s_inodes_count;
}

int
ext2_dir_bread(struct inode *dir, uint64_t lbn, struct buf **out)
{
	struct ext2_sb_info *sbi = EXT2_SB(dir->sb);
	const struct ext2_dir_entry *de;
	int err;

	if ((err = ext2_bread(dir, lbn, out)) != 0)
		return err;
	if (*out == NULL)
		return -EIO;	/* directories have no holes */
	for (uint32_t off = 0; off < sbi->block_size; off += de->rec_len) {
		if (!entry_valid(sbi, (*out)->data, off)) {
			printk("ext2: %s: directory %lu: bad entry at %lu\n", sbi->dev->name,
			    dir->ino, lbn * sbi->block_size + off);
			brelse(*out);
			*out = NULL;
			return -EIO;
		}
		de = (const void *)((char *)(*out)->data + off);
	}
	return 0;
}

/* Feed the used entries of one checked directory block at or after pos to fn. */
static int
walk_block(struct inode *dir, uint64_t lbn, const char *block, off_t pos,
    dirent_actor_t fn, void *arg)
{
	struct ext2_sb_info *sbi = EXT2_SB(dir->sb);
	off_t base = (off_t)(lbn * sbi->block_size);
	const struct ext2_dir_entry *de;
	int r;

	for (uint32_t off = 0; off < sbi->block_size; off += de->rec_len) {
		de = (const void *)(block + off);
		if (base + off < pos || de->inode == 0)
			continue;
		r = fn(arg, &(struct dirent_view){ .ino = de->inode, .name = de->name,
		    .len = de->name_len, .type = sbi->filetype ? de->file_type : EXT2_FT_UNKNOWN,
		    .next = base + off + de->rec_len });
		if (r != 0)
			return r;
	}
	return 0;
}

/* Walk dir from cookie pos; 0 at the end or when fn stopped, else -errno. */
static int
dir_walk(struct inode *dir, off_t pos, dirent_actor_t fn, void *arg)
{
	uint32_t bs = EXT2_SB(dir->sb)->block_size;
	struct buf *b;
	int r = 0;

	if (pos < 0)
		return -EINVAL;
	for (uint64_t lbn = (uint64_t)pos / bs; r == 0 && lbn * bs < dir->size; lbn++) {
		if ((r = ext2_dir_bread(dir, lbn, &b)) != 0)
			return r;
		r = walk_block(dir, lbn, b->data, pos, fn, arg);
		brelse(b);
	}
	return r < 0 ? r : 0;
}

struct name_match {
	const char *name;
	size_t len;
	uint32_t ino;
};

static int
match_name(void *arg, const struct dirent_view *d)
{
	struct name_match *m = arg;

	if (d->len != m->len || memcmp(d->name, m->name, m->len) != 0)
		return 0;
	m->ino = d->ino;
	return 1;
}

int
ext2_find_ino(struct inode *dir, const char *name, size_t len, uint32_t *ino)
{
	struct name_match m = { .name = name, .len = len, .ino = 0 };
	int err;

	if (len > EXT2_NAME_LEN)
		return -ENAMETOOLONG;
	err = dir_walk(dir, 0, match_name, &m);
	*ino = m.ino;
	return err;
}

static int
ext2_lookup(struct inode *dir, const char *name, size_t len, struct inode **out)
{
	uint32_t ino;
	int err;

	if (dir->nlink == 0)
		return -ENOENT;		/* removed: not even ".." is left */
	if ((err = ext2_find_ino(dir, name, len, &ino)) != 0)
		return err;
	if (ino == 0)
		return -ENOENT;
	return iget(dir->sb, ino, out);
}

static bool
is_dot_or_dotdot(const char *name, size_t len)
{
	return name[0] == '.' && (len == 1 || (len == 2 && name[1] == '.'));
}

static int
any_entry(void *arg, const struct dirent_view *d)
{
	bool *empty = arg;

	if (is_dot_or_dotdot(d->name, d->len))
		return 0;
	*empty = false;
	return 1;
}

int
ext2_dir_empty(struct inode *dir, bool *empty)
{
	*empty = true;
	return dir_walk(dir, 0, any_entry, empty);
}

static const uint8_t ft_to_dt[EXT2_FT_MAX] = {
	[EXT2_FT_UNKNOWN] = DT_UNKNOWN,
	[EXT2_FT_REG_FILE] = DT_REG,
	[EXT2_FT_DIR] = DT_DIR,
	[EXT2_FT_CHRDEV] = DT_CHR,
	[EXT2_FT_BLKDEV] = DT_BLK,
	[EXT2_FT_FIFO] = DT_FIFO,
	[EXT2_FT_SOCK] = DT_SOCK,
	[EXT2_FT_SYMLINK] = DT_LNK,
};

static int
emit_entry(void *arg, const struct dirent_view *d)
{
	struct dir_context *ctx = arg;
	unsigned type = d->type < EXT2_FT_MAX ? ft_to_dt[d->type] : DT_UNKNOWN;

	if (!ctx->emit(ctx, d->name, d->len, d->ino, type))
		return 1;
	ctx->pos = d->next;
	return 0;
}

static int
ext2_readdir(struct file *file, struct dir_context *ctx)
{
	return dir_walk(file->inode, ctx->pos, emit_entry, ctx);
}

const struct inode_ops ext2_dir_inode_ops = {
	.lookup = ext2_lookup,
	.create = ext2_create,
	.mkdir = ext2_mkdir,
	.mknod = ext2_mknod,
	.symlink = ext2_symlink,
	.link = ext2_link,
	.unlink = ext2_unlink,
	.rmdir = ext2_rmdir,
	.rename = ext2_rename,
	.setattr = ext2_setattr,
};

const struct file_ops ext2_dir_file_ops = {
	.readdir = ext2_readdir,
	.fsync = ext2_fsync,
	.seekable = true,
};
