/*
 * ext2 regular files and symbolic links: read, write, attribute changes
 * (truncation included) and fsync.
 *
 * A read walks the file block by block through ext2_bread; a hole (no
 * block mapped) reads as zeros. A write maps each block it touches,
 * allocating it if needed, copies into its buffer and dirties it; the
 * buffer cache writes it back later (sync.c). A write that runs out of
 * space stops there and reports what it wrote, or -ENOSPC.
 *
 * A symbolic link shorter than i_block (60 bytes) and owning no block is
 * "fast": its target is stored in i_block itself; otherwise the target is
 * in the link's first data block.
 *
 * Locking: reads, writes and setattr hold inode->lock (the VFS takes it
 * for setattr), so the size and block map never change under a reader.
 * Only one buffer is held at a time.
 */
#include "ext2.h"
#include <uio.h>
#include <string.h>
#include <errno.h>
#include <uapi/fcntl.h>

static const char zero_block[BCACHE_MAX_BLOCK];

/* Copy len bytes at offset off of logical block lbn to the uio. */
static int
read_chunk(struct inode *inode, uint64_t lbn, uint32_t off, size_t len, struct uio *uio)
{
	struct buf *b;
	int err;

	if ((err = ext2_bread(inode, lbn, &b)) != 0)
		return err == -EFBIG ? -EIO : err;
	if (b == NULL)
		return uiomove((void *)zero_block, len, uio);
	err = uiomove((char *)b->data + off, len, uio);
	brelse(b);
	return err;
}

static ssize_t
ext2_file_read(struct file *file, struct uio *uio, off_t *pos)
{
	struct inode *inode = file->inode;
	uint32_t bs = EXT2_SB(inode->sb)->block_size;
	uint64_t off = (uint64_t)*pos, end;
	size_t done = 0;
	int err = 0;

	if (*pos < 0)
		return -EINVAL;
	mutex_lock(&inode->lock);
	end = off < inode->size ? MIN(inode->size, off + uio->resid) : off;
	while (off < end) {
		uint32_t in_block = (uint32_t)(off % bs);
		size_t len = MIN(end - off, (uint64_t)(bs - in_block));

		if ((err = read_chunk(inode, off / bs, in_block, len, uio)) != 0)
			break;
		off += len;
		done += len;
	}
	mutex_unlock(&inode->lock);
	*pos = (off_t)off;
	return done > 0 ? (ssize_t)done : err;
}

/* Copy len bytes from the uio to offset off of logical block lbn. */
static int
write_chunk(struct inode *inode, uint64_t lbn, uint32_t off, size_t len, struct uio *uio)
{
	struct buf *b;
	int err;

	if ((err = ext2_bread_alloc(inode, lbn, &b)) != 0)
		return err;
	err = uiomove((char *)b->data + off, len, uio);
	bdirty(b);
	brelse(b);
	return err;
}

static ssize_t
ext2_file_write(struct file *file, struct uio *uio, off_t *pos)
{
	struct inode *inode = file->inode;
	uint32_t bs = EXT2_SB(inode->sb)->block_size;
	size_t done = 0;
	int err = 0;

	mutex_lock(&inode->lock);
	if (file->flags & O_APPEND)
		*pos = (off_t)inode->size;
	if (*pos < 0)
		err = -EINVAL;
	while (err == 0 && uio->resid > 0) {
		uint32_t in_block = (uint32_t)((uint64_t)*pos % bs);
		size_t len = MIN(uio->resid, (size_t)(bs - in_block));

		if ((err = write_chunk(inode, (uint64_t)*pos / bs, in_block, len, uio)) != 0)
			break;
		*pos += (off_t)len;
		done += len;
		if ((uint64_t)*pos > inode->size)
			inode->size = (uint64_t)*pos;
	}
	/* Blocks may have been allocated even when nothing was written. */
	if (done > 0)
		inode_touch(inode, true, true);
	else
		ext2_write_inode(inode);
	mutex_unlock(&inode->lock);
	return done > 0 ? (ssize_t)done : err;
}

/* Zero the bytes past size in its last block, so growing again reads zeros. */
static int
zero_tail(struct inode *inode, uint64_t size)
{
	uint32_t bs = EXT2_SB(inode->sb)->block_size, off = (uint32_t)(size % bs);
	struct buf *b;
	int err;

	if (off == 0)
		return 0;
	if ((err = ext2_bread(inode, size / bs, &b)) != 0 || b == NULL)
		return err;
	memset((char *)b->data + off, 0, bs - off);
	bdirty(b);
	brelse(b);
	return 0;
}

/* The largest size the block map can address. */
static uint64_t
max_size(struct ext2_sb_info *sbi)
{
	uint64_t per = sbi->addr_per_block;

	return (EXT2_NDIR_BLOCKS + per + per * per + per * per * per) * sbi->block_size;
}

static int
resize(struct inode *inode, uint64_t size)
{
	int err;

	if (!S_ISREG(inode->mode))
		return -EINVAL;
	if (size > max_size(EXT2_SB(inode->sb)))
		return -EFBIG;
	if (size < inode->size) {
		if ((err = zero_tail(inode, size)) != 0 ||
		    (err = ext2_truncate_blocks(inode, size)) != 0) {
			ext2_write_inode(inode);	/* what was freed stays freed */
			return err;
		}
	}
	inode->size = size;
	return 0;
}

int
ext2_setattr(struct inode *inode, const struct iattr *attr)
{
	int err;

	if ((attr->valid & ATTR_SIZE) && (err = resize(inode, attr->size)) != 0)
		return err;
	inode_apply_attr(inode, attr);
	return ext2_write_inode(inode);
}

/* The whole file system: a file's data is only safe with its blocks' bitmaps. */
int
ext2_fsync(struct file *file)
{
	return ext2_sync_fs(file->inode->sb);
}

static bool
is_fast_symlink(struct inode *inode)
{
	return inode->blocks == 0 && inode->size < EXT2_FAST_SYMLINK_MAX;
}

static int
ext2_readlink(struct inode *inode, char *buf, size_t size)
{
	uint32_t bs = EXT2_SB(inode->sb)->block_size;
	size_t len = MIN(inode->size, size);
	struct buf *b;
	int err;

	if (is_fast_symlink(inode)) {
		memcpy(buf, EXT2_I(inode)->block, len);
		return (int)len;
	}
	if (inode->size >= bs)
		return -EIO;	/* a target fills at most one block, NUL included */
	if ((err = ext2_bread(inode, 0, &b)) != 0)
		return err;
	if (b == NULL)
		return -EIO;
	memcpy(buf, b->data, len);
	brelse(b);
	return (int)len;
}

const struct file_ops ext2_file_ops = {
	.read = ext2_file_read,
	.write = ext2_file_write,
	.fsync = ext2_fsync,
	.seekable = true,
};

const struct inode_ops ext2_file_inode_ops = {
	.setattr = ext2_setattr,
};

const struct inode_ops ext2_symlink_inode_ops = {
	.readlink = ext2_readlink,
	.setattr = ext2_setattr,
};

/* Device nodes, FIFOs and sockets: attributes only. */
const struct inode_ops ext2_special_inode_ops = {
	.setattr = ext2_setattr,
};
