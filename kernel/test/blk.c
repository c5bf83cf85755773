/*
 * Self-tests of the block layer and ext2, on the root disk (boot with
 * --disk build/fs.img): raw sector reads and writes through virtio-blk,
 * the buffer cache under threads on every hart, and the ext2 read path
 * checked against the files of fs/root.
 */
#include <sched.h>
#include <blk.h>
#include <bcache.h>
#include <slab.h>
#include <string.h>
#include <errno.h>
#include <vfs.h>
#include <uapi/fcntl.h>
#include <uapi/dirent.h>
#include <uapi/mount.h>
#include "../fs/ext2/ext2.h"
#include "selftest_impl.h"

#define ROOT_DISK		"vda"
#define EXT2_SUPER_OFFSET	1024
#define EXT2_MAGIC_OFFSET	56	/* of s_magic in the super block */
#define EXT2_MAGIC		0xef53
#define DEFAULT_BLOCK		1024
#define STORM_READS		3000	/* block reads, shared out among the threads */
#define STORM_STRIDE		7919	/* a prime: consecutive reads hit distinct blocks */

static struct blk_dev *
root_disk(char *detail, size_t size)
{
	struct blk_dev *dev = blk_lookup(ROOT_DISK);

	if (dev == NULL)
		snprintf(detail, size, "no disk %s (boot with --disk build/fs.img)", ROOT_DISK);
	return dev;
}

/* The super block's magic through a raw read; out of range reads fail. */
bool
test_blk_read(char *detail, size_t size)
{
	struct blk_dev *dev;
	uint8_t *sector;
	uint16_t magic;
	int beyond, last;

	if ((dev = root_disk(detail, size)) == NULL)
		return false;
	if ((sector = kmalloc(SECTOR_SIZE, 0)) == NULL)
		return false;
	magic = 0;
	if (blk_read(dev, EXT2_SUPER_OFFSET / SECTOR_SIZE, sector, 1) == 0)
		memcpy(&magic, sector + EXT2_MAGIC_OFFSET, sizeof(magic));
	last = blk_read(dev, dev->nr_sectors - 1, sector, 1);
	beyond = blk_read(dev, dev->nr_sectors, sector, 1);
	kfree(sector);
	snprintf(detail, size, "%s: %lu sectors, magic 0x%x, last %d, beyond %d", dev->name,
	    dev->nr_sectors, magic, last, beyond);
	return magic == EXT2_MAGIC && last == 0 && beyond == -EIO;
}

/*
 * Overwrite the last sector (past the end of any ext2 block group we use
 * on a 64 MiB image) with its complement, read it back, then restore it.
 */
bool
test_blk_write(char *detail, size_t size)
{
	struct blk_dev *dev;
	uint8_t *orig, *buf;
	uint64_t s;
	bool same = true;
	int err;

	if ((dev = root_disk(detail, size)) == NULL)
		return false;
	orig = kmalloc(SECTOR_SIZE, 0);
	buf = kmalloc(SECTOR_SIZE, 0);
	s = dev->nr_sectors - 1;
	err = orig == NULL || buf == NULL ? -ENOMEM : blk_read(dev, s, orig, 1);
	if (err == 0) {
		for (int i = 0; i < SECTOR_SIZE; i++)
			buf[i] = orig[i] ^ 0xff;
		err = blk_write(dev, s, buf, 1);
	}
	if (err == 0)
		err = blk_read(dev, s, buf, 1);
	for (int i = 0; err == 0 && i < SECTOR_SIZE; i++)
		same = same && (buf[i] ^ orig[i]) == 0xff;
	if (err == 0)
		err = blk_write(dev, s, orig, 1);
	if (err == 0)
		err = blk_flush(dev);
	snprintf(detail, size, "sector %lu: err %d, complement %s", s, err,
	    same ? "read back" : "NOT read back");
	kfree(orig);
	kfree(buf);
	return err == 0 && same;
}

struct storm {
	struct blk_dev *dev;
	int first, reads;
	unsigned long errors;
};

/* Each block read through the cache must equal the same block read raw. */
static void
storm_worker(void *arg)
{
	struct storm *st = arg;
	unsigned bsize = st->dev->block_size;
	uint64_t nblocks = (st->dev->nr_sectors << SECTOR_SHIFT) / bsize;
	void *raw = kmalloc(bsize, 0);

	for (int i = 0; raw != NULL && i < st->reads; i++) {
		uint64_t blockno = ((uint64_t)(st->first + i) * STORM_STRIDE) % nblocks;
		struct buf *b;

		if (bread(st->dev, blockno, &b) != 0) {
			st->errors++;
			continue;
		}
		if (blk_read(st->dev, blockno * (bsize >> SECTOR_SHIFT), raw,
		    bsize >> SECTOR_SHIFT) != 0 || memcmp(raw, b->data, bsize) != 0)
			st->errors++;
		brelse(b);
	}
	if (raw == NULL)
		st->errors++;
	kfree(raw);
}

/*
 * Threads on every hart read overlapping runs of blocks, more blocks than
 * the cache holds, so buffers are shared, waited for and recycled while
 * several requests are in flight.
 */
bool
test_bcache_storm(char *detail, size_t size)
{
	struct storm st[ST_MAX_THREADS];
	int n = nr_cpus * ST_THREADS_PER_CPU;
	unsigned long errors = 0;
	struct blk_dev *dev;

	if ((dev = root_disk(detail, size)) == NULL)
		return false;
	/* The root file system may have chosen the block size already. */
	if (dev->block_size == 0 && bcache_set_blocksize(dev, DEFAULT_BLOCK) != 0) {
		snprintf(detail, size, "cannot set the block size");
		return false;
	}
	for (int i = 0; i < n; i++)
		st[i] = (struct storm){ dev, i * STORM_READS / n / 2, STORM_READS / n, 0 };
	if (!run_threads(storm_worker, st, sizeof(st[0]), n)) {
		snprintf(detail, size, "cannot start %d threads", n);
		return false;
	}
	for (int i = 0; i < n; i++)
		errors += st[i].errors;
	snprintf(detail, size, "%d threads, %d reads of %u-byte blocks, %lu mismatches", n,
	    n * (STORM_READS / n), dev->block_size, errors);
	return errors == 0;
}

/* A private mount of the root disk, torn down by ext2_unmount. */
static struct super_block *
ext2_mount_root_disk(char *detail, size_t size)
{
	struct super_block *sb;
	int err;

	if (root_disk(detail, size) == NULL)
		return NULL;
	err = ext2_fs_type.mount(&ext2_fs_type, ROOT_DISK, MS_RDONLY, NULL, &sb);
	if (err != 0) {
		snprintf(detail, size, "mount %s: %d", ROOT_DISK, err);
		return NULL;
	}
	return sb;
}

static void
ext2_unmount(struct super_block *sb)
{
	iput(sb->root);
	sb->ops->put_super(sb);
	sb_free(sb);
}

/* Look a path up component by component through ->lookup. */
static int
lookup_path(struct super_block *sb, const char *path, struct inode **out)
{
	struct inode *dir = igrab(sb->root), *next;
	int err = 0;

	while (*path != '\0' && err == 0) {
		const char *end = path;

		while (*end != '/' && *end != '\0')
			end++;
		if (end > path) {
			if (dir->ops == NULL || dir->ops->lookup == NULL) {
				err = -ENOTDIR;
				break;
			}
			mutex_lock(&dir->lock);
			err = dir->ops->lookup(dir, path, (size_t)(end - path), &next);
			mutex_unlock(&dir->lock);
			if (err == 0) {
				iput(dir);
				dir = next;
			}
		}
		path = *end == '/' ? end + 1 : end;
	}
	if (err != 0) {
		iput(dir);
		return err;
	}
	*out = dir;
	return 0;
}

/* Read up to n bytes at off of a file through its file operations. */
static ssize_t
read_file(struct inode *inode, void *buf, size_t n, off_t off)
{
	struct uio uio = uio_kernel(buf, n, UIO_READ);

	return inode->fops->read(&(struct file){ .inode = inode, .ops = inode->fops }, &uio,
	    &off);
}

/* The file at path must start with want. */
static bool
check_prefix(struct super_block *sb, const char *path, const char *want, char *detail,
    size_t size)
{
	size_t n = strlen(want);
	char buf[128];
	struct inode *inode;
	ssize_t got;
	int err;

	if ((err = lookup_path(sb, path, &inode)) != 0) {
		snprintf(detail, size, "lookup %s: %d", path, err);
		return false;
	}
	got = read_file(inode, buf, MIN(n, sizeof(buf)), 0);
	iput(inode);
	if (got != (ssize_t)n || memcmp(buf, want, n) != 0) {
		snprintf(detail, size, "%s: read %ld, content differs", path, (long)got);
		return false;
	}
	return true;
}

#define ELF_SHOFF	0x28	/* e_shoff in a 64-bit ELF header */
#define ELF_SHENTSIZE	0x3a
#define ELF_SHNUM	0x3c
#define ELF_SH_SIZE	64

/*
 * A static binary ends with its section header table: read the header at
 * the start and the first section header (all zeros) at the end, which
 * on a 1 KiB-block image lies past the single indirect range.
 */
static bool
check_elf_tail(struct super_block *sb, const char *path, char *detail, size_t size)
{
	uint8_t hdr[ELF_SH_SIZE], sh0[ELF_SH_SIZE], zero[ELF_SH_SIZE] = { 0 };
	uint64_t shoff = 0;
	uint16_t shentsize = 0, shnum = 0;
	struct inode *inode;
	bool ok;
	int err;

	if ((err = lookup_path(sb, path, &inode)) != 0) {
		snprintf(detail, size, "lookup %s: %d", path, err);
		return false;
	}
	ok = read_file(inode, hdr, sizeof(hdr), 0) == sizeof(hdr) &&
	    memcmp(hdr, "\177ELF", 4) == 0;
	if (ok) {
		memcpy(&shoff, hdr + ELF_SHOFF, sizeof(shoff));
		memcpy(&shentsize, hdr + ELF_SHENTSIZE, sizeof(shentsize));
		memcpy(&shnum, hdr + ELF_SHNUM, sizeof(shnum));
		ok = shentsize == ELF_SH_SIZE && shoff + (uint64_t)shnum * shentsize == inode->size &&
		    read_file(inode, sh0, sizeof(sh0), (off_t)shoff) == sizeof(sh0) &&
		    memcmp(sh0, zero, sizeof(zero)) == 0 &&
		    read_file(inode, hdr, sizeof(hdr), (off_t)inode->size) == 0;
	}
	snprintf(detail, size, "%s: %lu bytes, section headers at %lu: %s", path, inode->size,
	    shoff, ok ? "ok" : "BAD");
	iput(inode);
	return ok;
}

/* Mount the root disk, read /etc files against fs/root and a large binary. */
bool
test_ext2_read(char *detail, size_t size)
{
	struct super_block *sb;
	struct kstatfs st;
	bool ok;

	if ((sb = ext2_mount_root_disk(detail, size)) == NULL)
		return false;
	ok = check_prefix(sb, "/etc/motd", "\nWelcome to Kite", detail, size) &&
	    check_prefix(sb, "etc/passwd", "root:x:0:0:root:/root:/bin/sh\n", detail, size) &&
	    check_elf_tail(sb, "/bin/sh", detail, size) &&
	    sb->ops->statfs(sb, &st) == 0 && st.type == EXT2_MAGIC && st.bfree < st.blocks;
	if (ok && lookup_path(sb, "/etc/no-such-file", &(struct inode *){ NULL }) != -ENOENT) {
		snprintf(detail, size, "a missing file was found");
		ok = false;
	}
	ext2_unmount(sb);
	return ok;
}

struct listing {
	struct dir_context ctx;
	int entries, dots;
	bool sh, ls;
};

static bool
note_entry(struct dir_context *ctx, const char *name, size_t len, uint64_t ino,
    unsigned type)
{
	struct listing *l = container_of(ctx, struct listing, ctx);

	l->entries++;
	if ((len == 1 && name[0] == '.') || (len == 2 && memcmp(name, "..", 2) == 0))
		l->dots++;
	l->sh = l->sh || (len == 2 && memcmp(name, "sh", 2) == 0 && type != DT_DIR);
	l->ls = l->ls || (len == 2 && memcmp(name, "ls", 2) == 0 && type != DT_DIR);
	return true;
}

/* List /bin through ->readdir and find ".", "..", sh and ls. */
bool
test_ext2_readdir(char *detail, size_t size)
{
	struct listing l = { .ctx.emit = note_entry };
	struct super_block *sb;
	struct inode *bin;
	int err;

	if ((sb = ext2_mount_root_disk(detail, size)) == NULL)
		return false;
	if ((err = lookup_path(sb, "/bin", &bin)) == 0) {
		mutex_lock(&bin->lock);
		err = bin->fops->readdir(&(struct file){ .inode = bin, .ops = bin->fops },
		    &l.ctx);
		mutex_unlock(&bin->lock);
		iput(bin);
	}
	ext2_unmount(sb);
	snprintf(detail, size, "/bin: err %d, %d entries, dots %d, sh %s, ls %s", err,
	    l.entries, l.dots, l.sh ? "found" : "MISSING", l.ls ? "found" : "MISSING");
	return err == 0 && l.dots == 2 && l.sh && l.ls && l.entries > 4;
}
