/*
 * ext2 mount: read the super block, check every field the rest of the code
 * relies on, read the group descriptor table, and hand the VFS a super
 * block whose root is inode 2. Also statfs and the file-system type.
 *
 * Checks: anything a hostile image could use to send a block number, an
 * offset or a length out of range is refused at mount with -EINVAL, so the
 * per-operation code can trust the geometry (it still checks what it reads
 * from inodes and directories). Incompatible features we do not implement
 * are refused with a message, as Linux does.
 *
 * A read-write mount marks the image as in use (s_state without
 * EXT2_VALID_FS, one more s_mnt_count) as Linux does, so that e2fsck
 * checks an image whose machine stopped without unmounting it.
 *
 * Locking: nothing here is shared before mount returns; afterwards the
 * counts of ext2_sb_info are under sbi->lock (alloc.c, sync.c).
 */
#include "ext2.h"
#include <blk.h>
#include <bcache.h>
#include <slab.h>
#include <string.h>
#include <printk.h>
#include <errno.h>
#include <uapi/mount.h>

#define EXT2_MAX_BLOCK_LOG	2	/* 4 KiB: the buffer cache's largest block */
#define BITS_PER_BYTE		8

static void
refuse(struct blk_dev *dev, const char *why, unsigned long value)
{
	printk("ext2: %s: %s (0x%lx)\n", dev->name, why, value);
}

/* The geometry of the super block; 0 or -EINVAL after a message. */
static int
check_super(struct blk_dev *dev, const struct ext2_super_block *es)
{
	uint32_t bs, bits;

	if (es->s_magic != EXT2_MAGIC)
		return refuse(dev, "no ext2 file system", es->s_magic), -EINVAL;
	if (es->s_rev_level > EXT2_DYNAMIC_REV)
		return refuse(dev, "unknown revision", es->s_rev_level), -EINVAL;
	if (es->s_log_block_size > EXT2_MAX_BLOCK_LOG)
		return refuse(dev, "unsupported block size", es->s_log_block_size), -EINVAL;
	if (es->s_feature_incompat & ~EXT2_INCOMPAT_SUPPORTED)
		return refuse(dev, "unsupported incompatible features",
		    es->s_feature_incompat & ~EXT2_INCOMPAT_SUPPORTED), -EINVAL;
	bs = 1024U << es->s_log_block_size;
	bits = bs * BITS_PER_BYTE;
	if (es->s_blocks_per_group == 0 || es->s_blocks_per_group > bits ||
	    es->s_inodes_per_group == 0 || es->s_inodes_per_group > bits)
		return refuse(dev, "bad group geometry", es->s_blocks_per_group), -EINVAL;
	if (es->s_first_data_block != (bs == 1024 ? 1U : 0U) ||
	    es->s_blocks_count <= es->s_first_data_block ||
	    (uint64_t)es->s_blocks_count * bs > dev->nr_sectors << SECTOR_SHIFT)
		return refuse(dev, "bad block count", es->s_blocks_count), -EINVAL;
	if (es->s_inodes_count < EXT2_ROOT_INO)
		return refuse(dev, "bad inode count", es->s_inodes_count), -EINVAL;
	if (es->s_rev_level == EXT2_DYNAMIC_REV &&
	    (es->s_inode_size < EXT2_GOOD_OLD_INODE_SIZE || es->s_inode_size > bs ||
	    (es->s_inode_size & (es->s_inode_size - 1)) != 0 ||
	    es->s_first_ino < EXT2_GOOD_OLD_FIRST_INO))
		return refuse(dev, "bad inode size", es->s_inode_size), -EINVAL;
	return 0;
}

/* Derived geometry; 0 or -EINVAL when the counts do not add up. */
static int
setup_geometry(struct ext2_sb_info *sbi)
{
	const struct ext2_super_block *es = &sbi->sb;

	sbi->block_size = 1024U << es->s_log_block_size;
	sbi->addr_per_block = sbi->block_size / sizeof(uint32_t);
	sbi->inode_size = es->s_rev_level == EXT2_GOOD_OLD_REV ?
	    EXT2_GOOD_OLD_INODE_SIZE : es->s_inode_size;
	sbi->groups_count = DIV_ROUND_UP(es->s_blocks_count - es->s_first_data_block,
	    es->s_blocks_per_group);
	sbi->gdt_blocks = DIV_ROUND_UP(sbi->groups_count * sizeof(struct ext2_group_desc),
	    sbi->block_size);
	sbi->filetype = (es->s_feature_incompat & EXT2_FEATURE_INCOMPAT_FILETYPE) != 0;
	sbi->first_ino = es->s_rev_level == EXT2_GOOD_OLD_REV ?
	    EXT2_GOOD_OLD_FIRST_INO : es->s_first_ino;
	if ((uint64_t)sbi->groups_count * es->s_inodes_per_group < es->s_inodes_count ||
	    es->s_first_data_block + 1 + sbi->gdt_blocks > es->s_blocks_count)
		return refuse(sbi->dev, "counts do not match the groups", sbi->groups_count),
		    -EINVAL;
	return 0;
}

bool
ext2_block_valid(struct ext2_sb_info *sbi, uint32_t block)
{
	return block >= sbi->sb.s_first_data_block && block < sbi->sb.s_blocks_count;
}

uint32_t
ext2_inode_table_blocks(struct ext2_sb_info *sbi)
{
	return DIV_ROUND_UP(sbi->sb.s_inodes_per_group * sbi->inode_size, sbi->block_size);
}

/* Whether block lies in group g. */
static bool
in_group(struct ext2_sb_info *sbi, uint32_t g, uint32_t block)
{
	return ext2_block_valid(sbi, block) &&
	    (block - sbi->sb.s_first_data_block) / sbi->sb.s_blocks_per_group == g;
}

/*
 * A group's bitmaps and inode table lie inside the group (ext2 has no
 * flex_bg), which lets the allocator tell metadata from data by looking at
 * one group.
 */
static bool
group_valid(struct ext2_sb_info *sbi, uint32_t g, const struct ext2_group_desc *gd)
{
	uint32_t table_last = gd->bg_inode_table + ext2_inode_table_blocks(sbi) - 1;

	return in_group(sbi, g, gd->bg_block_bitmap) && in_group(sbi, g, gd->bg_inode_bitmap) &&
	    in_group(sbi, g, gd->bg_inode_table) && table_last >= gd->bg_inode_table &&
	    in_group(sbi, g, table_last);
}

/* Read and check the group descriptor table, which follows the super block. */
static int
read_groups(struct ext2_sb_info *sbi)
{
	uint32_t first = sbi->sb.s_first_data_block + 1;
	struct buf *b;
	int err;

	if ((sbi->groups = kmalloc(sbi->gdt_blocks * sbi->block_size, 0)) == NULL)
		return -ENOMEM;
	for (uint32_t i = 0; i < sbi->gdt_blocks; i++) {
		if ((err = bread(sbi->dev, first + i, &b)) != 0)
			return err;
		memcpy((char *)sbi->groups + i * sbi->block_size, b->data, sbi->block_size);
		brelse(b);
	}
	for (uint32_t g = 0; g < sbi->groups_count; g++) {
		if (!group_valid(sbi, g, &sbi->groups[g])) {
			refuse(sbi->dev, "bad group descriptor", g);
			return -EINVAL;
		}
	}
	return 0;
}

static void
free_sbi(struct ext2_sb_info *sbi)
{
	kfree(sbi->groups);
	kfree(sbi);
}

/* Super block, geometry and groups of dev; 0 or -errno. */
static int
load_sbi(struct blk_dev *dev, struct ext2_sb_info **out)
{
	struct ext2_sb_info *sbi;
	int err;

	if ((sbi = kzalloc(sizeof(*sbi))) == NULL)
		return -ENOMEM;
	sbi->dev = dev;
	mutex_init(&sbi->lock, "ext2");
	err = blk_read(dev, EXT2_SUPER_OFFSET >> SECTOR_SHIFT, &sbi->sb,
	    EXT2_SUPER_SIZE >> SECTOR_SHIFT);
	if (err == 0)
		err = check_super(dev, &sbi->sb);
	if (err == 0)
		err = setup_geometry(sbi);
	if (err == 0)
		err = bcache_set_blocksize(dev, sbi->block_size);
	if (err == 0)
		err = read_groups(sbi);
	if (err != 0) {
		free_sbi(sbi);
		return err;
	}
	*out = sbi;
	return 0;
}

/* Unmount: every inode is gone; a read-write mount leaves the state it found. */
static void
ext2_put_super(struct super_block *sb)
{
	struct ext2_sb_info *sbi = EXT2_SB(sb);

	if (!sb->read_only) {
		sbi->sb.s_state = sbi->mount_state;
		ext2_sync_fs(sb);
	}
	free_sbi(sbi);
}

/* Group g holds a copy of the super block and descriptors (sparse_super: 0, 1, 3^n, 5^n, 7^n). */
bool
ext2_group_has_super(struct ext2_sb_info *sbi, uint32_t g)
{
	if (g <= 1 || (sbi->sb.s_feature_ro_compat & EXT2_FEATURE_RO_COMPAT_SPARSE_SUPER) == 0)
		return true;
	for (uint32_t base = 3; base <= 7; base += 2) {
		uint64_t p = base;

		while (p < g)
			p *= base;
		if (p == g)
			return true;
	}
	return false;
}

/* Blocks that hold metadata rather than files, which df does not count (as Linux). */
static uint64_t
overhead_blocks(struct ext2_sb_info *sbi)
{
	uint64_t n = sbi->sb.s_first_data_block;

	for (uint32_t g = 0; g < sbi->groups_count; g++) {
		if (ext2_group_has_super(sbi, g))
			n += 1 + sbi->gdt_blocks;
		n += 2 + ext2_inode_table_blocks(sbi);	/* two bitmaps and the table */
	}
	return n;
}

static int
ext2_statfs(struct super_block *sb, struct kstatfs *st)
{
	struct ext2_sb_info *sbi = EXT2_SB(sb);
	const struct ext2_super_block *es = &sbi->sb;

	st->type = EXT2_MAGIC;
	st->bsize = st->frsize = sbi->block_size;
	st->blocks = es->s_blocks_count - MIN(overhead_blocks(sbi), es->s_blocks_count);
	mutex_lock(&sbi->lock);
	st->bfree = es->s_free_blocks_count;
	st->bavail = es->s_free_blocks_count > es->s_r_blocks_count ?
	    es->s_free_blocks_count - es->s_r_blocks_count : 0;
	st->files = es->s_inodes_count;
	st->ffree = es->s_free_inodes_count;
	mutex_unlock(&sbi->lock);
	st->namelen = EXT2_NAME_LEN;
	return 0;
}

const struct super_ops ext2_super_ops = {
	.read_inode = ext2_read_inode,
	.write_inode = ext2_write_inode,
	.evict_inode = ext2_evict_inode,
	.put_super = ext2_put_super,
	.statfs = ext2_statfs,
	.sync = ext2_sync_fs,
};

/* Mark the image in use and write that down; 0 or -errno. */
static int
mount_rw(struct super_block *sb)
{
	struct ext2_super_block *es = &EXT2_SB(sb)->sb;

	EXT2_SB(sb)->mount_state = es->s_state;
	if (!(es->s_state & EXT2_VALID_FS))
		printk("ext2: %s: not cleanly unmounted, e2fsck is recommended\n",
		    EXT2_SB(sb)->dev->name);
	es->s_state &= ~EXT2_VALID_FS;
	es->s_mnt_count++;
	es->s_mtime = (uint32_t)current_time().tv_sec;
	ext2_start_flusher();
	return ext2_sync_fs(sb);
}

static int
ext2_mount(const struct fs_type *type, const char *source, unsigned long flags,
    const char *data, struct super_block **out)
{
	struct blk_dev *dev = blk_lookup(source);
	struct ext2_sb_info *sbi;
	struct super_block *sb;
	int err;

	if (dev == NULL)
		return -ENOENT;
	if ((err = load_sbi(dev, &sbi)) != 0)
		return err;
	if ((sb = sb_alloc(&ext2_super_ops, type)) == NULL) {
		free_sbi(sbi);
		return -ENOMEM;
	}
	sb->dev = dev->devno;
	sb->private = sbi;
	sb->read_only = (flags & MS_RDONLY) != 0;
	if ((err = iget(sb, EXT2_ROOT_INO, &sb->root)) != 0)
		goto fail;
	if (!S_ISDIR(sb->root->mode)) {
		refuse(dev, "root is not a directory", sb->root->mode);
		err = -EINVAL;
		goto fail_root;
	}
	if (!sb->read_only && (err = mount_rw(sb)) != 0)
		goto fail_root;
	*out = sb;
	return 0;
fail_root:
	iput(sb->root);
fail:
	sb_free(sb);
	free_sbi(sbi);
	return err;
}

const struct fs_type ext2_fs_type = {
	.name = "ext2",
	.mount = ext2_mount,
	.requires_device = true,
};

void
ext2_init(void)
{
	register_fs(&ext2_fs_type);
}
