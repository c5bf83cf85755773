/*
 * ext2 regular files and symbolic links.
 *
 * A read walks the file block by block through ext2_bread; a hole (no
 * block mapped) reads as zeros. A symbolic link shorter than i_block (60
 * bytes) and owning no block is "fast": its target is stored in i_block
 * itself; otherwise the target is in the link's first data block.
 *
 * Locking: a read holds inode->lock, so that the size and block map it
 * follows cannot change under it once writes exist. Only one buffer is
 * held at a time.
 */
#include "ext2.h"
#include <uio.h>
#include <string.h>
#include <errno.h>

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
	.seekable = true,
};

const struct inode_ops ext2_symlink_inode_ops = {
	.readlink = ext2_readlink,
};
