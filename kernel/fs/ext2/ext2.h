/*
 * ext2: the on-disk format (as Linux and e2fsprogs define it) and the
 * pieces shared by the files of this directory:
 *
 *   super.c     mount: super block and group descriptor checks, statfs
 *   sync.c      write-back: super block, group descriptors, the flusher
 *   alloc.c     block and inode bitmaps: allocating and freeing
 *   inode.c     inodes in the inode table: read, write, create, evict
 *   bmap.c      logical to physical blocks, allocating on demand
 *   truncate.c  freeing a file's blocks past a size
 *   dir.c       directories: the entry walker, lookup, readdir
 *   dir_write.c adding, removing and retargeting directory entries
 *   namei.c     create, mkdir, mknod, symlink, link, unlink, rmdir, rename
 *   file.c      regular file reads and writes, setattr, symbolic links
 *
 * The disk is little-endian, like RISC-V, so on-disk fields are used as
 * read. Everything read from the disk is checked before it is used as a
 * block number, an offset or a length: a corrupt image gives -EIO.
 *
 * Locking: the geometry in ext2_sb_info is immutable after mount; the free
 * counts of the super block and group descriptors, and the bitmaps, are
 * under sbi->lock. An inode's ext2_inode_info is under inode->lock.
 * Order: directory inode->lock, then the child's inode->lock, then
 * sbi->lock, then one buffer. No code here holds two buffers at once, nor
 * one while it allocates or frees (which takes sbi->lock and a bitmap):
 * so even a damaged image whose blocks point at each other cannot make a
 * thread wait for a buffer it holds.
 */
#ifndef KITE_EXT2_H
#define KITE_EXT2_H

#include <types.h>
#include <vfs.h>
#include <bcache.h>

#define EXT2_SUPER_OFFSET	1024	/* bytes from the start of the disk */
#define EXT2_SUPER_SIZE		1024
#define EXT2_MAGIC		0xef53
#define EXT2_ROOT_INO		2
#define EXT2_MIN_BLOCK_LOG	10	/* s_log_block_size is relative to 1 KiB */
#define EXT2_GOOD_OLD_REV	0
#define EXT2_DYNAMIC_REV	1
#define EXT2_GOOD_OLD_INODE_SIZE 128
#define EXT2_GOOD_OLD_FIRST_INO	11
#define EXT2_NAME_LEN		255
#define EXT2_LINK_MAX		32000
#define EXT2_VALID_FS		0x0001	/* s_state: cleanly unmounted */

/* i_block[]: 12 direct blocks, then single, double and triple indirect. */
#define EXT2_NDIR_BLOCKS	12
#define EXT2_IND_BLOCK		12
#define EXT2_N_BLOCKS		15
#define EXT2_FAST_SYMLINK_MAX	(EXT2_N_BLOCKS * 4)

/* Feature flags. */
#define EXT2_FEATURE_INCOMPAT_FILETYPE		0x0002
#define EXT2_FEATURE_RO_COMPAT_SPARSE_SUPER	0x0001
#define EXT2_FEATURE_RO_COMPAT_LARGE_FILE	0x0002
#define EXT2_INCOMPAT_SUPPORTED		EXT2_FEATURE_INCOMPAT_FILETYPE
#define EXT2_RO_COMPAT_SUPPORTED \
	(EXT2_FEATURE_RO_COMPAT_SPARSE_SUPER | EXT2_FEATURE_RO_COMPAT_LARGE_FILE)

/* Directory entry file types (with the filetype feature). */
enum ext2_file_type {
	EXT2_FT_UNKNOWN, EXT2_FT_REG_FILE, EXT2_FT_DIR, EXT2_FT_CHRDEV,
	EXT2_FT_BLKDEV, EXT2_FT_FIFO, EXT2_FT_SOCK, EXT2_FT_SYMLINK, EXT2_FT_MAX
};

struct ext2_super_block {
	uint32_t s_inodes_count;
	uint32_t s_blocks_count;
	uint32_t s_r_blocks_count;
	uint32_t s_free_blocks_count;
	uint32_t s_free_inodes_count;
	uint32_t s_first_data_block;
	uint32_t s_log_block_size;
	uint32_t s_log_frag_size;
	uint32_t s_blocks_per_group;
	uint32_t s_frags_per_group;
	uint32_t s_inodes_per_group;
	uint32_t s_mtime;
	uint32_t s_wtime;
	uint16_t s_mnt_count;
	int16_t s_max_mnt_count;
	uint16_t s_magic;
	uint16_t s_state;
	uint16_t s_errors;
	uint16_t s_minor_rev_level;
	uint32_t s_lastcheck;
	uint32_t s_checkinterval;
	uint32_t s_creator_os;
	uint32_t s_rev_level;
	uint16_t s_def_resuid;
	uint16_t s_def_resgid;
	/* EXT2_DYNAMIC_REV only. */
	uint32_t s_first_ino;
	uint16_t s_inode_size;
	uint16_t s_block_group_nr;
	uint32_t s_feature_compat;
	uint32_t s_feature_incompat;
	uint32_t s_feature_ro_compat;
	uint8_t s_uuid[16];
	char s_volume_name[16];
	char s_last_mounted[64];
	uint32_t s_algorithm_usage_bitmap;
	uint8_t s_reserved[EXT2_SUPER_SIZE - 204];
};

struct ext2_group_desc {
	uint32_t bg_block_bitmap;
	uint32_t bg_inode_bitmap;
	uint32_t bg_inode_table;
	uint16_t bg_free_blocks_count;
	uint16_t bg_free_inodes_count;
	uint16_t bg_used_dirs_count;
	uint16_t bg_pad;
	uint32_t bg_reserved[3];
};

struct ext2_inode {
	uint16_t i_mode;
	uint16_t i_uid;
	uint32_t i_size;
	uint32_t i_atime;
	uint32_t i_ctime;
	uint32_t i_mtime;
	uint32_t i_dtime;
	uint16_t i_gid;
	uint16_t i_links_count;
	uint32_t i_blocks;		/* 512-byte units */
	uint32_t i_flags;
	uint32_t i_osd1;
	uint32_t i_block[EXT2_N_BLOCKS];
	uint32_t i_generation;
	uint32_t i_file_acl;
	uint32_t i_size_high;		/* i_dir_acl of a directory */
	uint32_t i_faddr;
	uint8_t i_frag;
	uint8_t i_fsize;
	uint16_t i_pad;
	uint16_t i_uid_high;
	uint16_t i_gid_high;
	uint32_t i_reserved;
};

struct ext2_dir_entry {
	uint32_t inode;			/* 0: an unused entry */
	uint16_t rec_len;		/* bytes to the next entry */
	uint8_t name_len;
	uint8_t file_type;		/* with the filetype feature, else name_len's high byte */
	char name[];
};

#define EXT2_DIR_ENTRY_HEADER	8
/* The smallest rec_len holding a name of n bytes: entries are 4-byte aligned. */
#define EXT2_DIR_REC_LEN(n)	ALIGN_UP(EXT2_DIR_ENTRY_HEADER + (n), 4)

_Static_assert(sizeof(struct ext2_super_block) == EXT2_SUPER_SIZE, "super block layout");
_Static_assert(sizeof(struct ext2_group_desc) == 32, "group descriptor layout");
_Static_assert(sizeof(struct ext2_inode) == EXT2_GOOD_OLD_INODE_SIZE, "inode layout");

struct blk_dev;

/* A mounted ext2 file system; the geometry is immutable after mount. */
struct ext2_sb_info {
	struct blk_dev *dev;
	struct mutex lock;		/* free counts, bitmaps, groups[] */
	struct ext2_super_block sb;	/* the super block; free counts under lock */
	struct ext2_group_desc *groups;	/* all group descriptors; under lock */
	uint32_t groups_count;
	uint32_t block_size;
	uint32_t addr_per_block;	/* block numbers in an indirect block */
	uint32_t inode_size;
	uint32_t gdt_blocks;		/* blocks of the group descriptor table */
	uint32_t first_ino;		/* the first inode not reserved */
	uint16_t mount_state;		/* s_state when mounted, restored at unmount */
	bool filetype;			/* directory entries carry a file type */
};

/* The part of an inode only ext2 needs; under inode->lock. */
struct ext2_inode_info {
	uint32_t block[EXT2_N_BLOCKS];	/* as on disk: raw bytes of a fast symlink */
	uint32_t flags;
	uint32_t last_alloc;		/* the block allocated last: the next goal */
};

static inline struct ext2_sb_info *
EXT2_SB(struct super_block *sb)
{
	return sb->private;
}

static inline struct ext2_inode_info *
EXT2_I(struct inode *inode)
{
	return inode->private;
}

/* super.c */
extern const struct fs_type ext2_fs_type;
void ext2_init(void);	/* registers ext2_fs_type; called by vfs_init */
bool ext2_block_valid(struct ext2_sb_info *sbi, uint32_t block);
uint32_t ext2_inode_table_blocks(struct ext2_sb_info *sbi);
bool ext2_group_has_super(struct ext2_sb_info *sbi, uint32_t g);

/* sync.c */
/* Write the super block, descriptors and every dirty buffer; 0 or -errno. */
int ext2_sync_fs(struct super_block *sb);
/* Start the periodic flusher (once, at the first read-write mount). */
void ext2_start_flusher(void);

/* alloc.c */
/* A zeroed new block, near goal if possible; 0 or -ENOSPC/-EIO. */
int ext2_new_block(struct super_block *sb, uint32_t goal, uint32_t *out);
void ext2_free_block(struct super_block *sb, uint32_t block);
/* A free inode number, near the directory dir; 0 or -ENOSPC/-EIO. */
int ext2_new_ino(struct super_block *sb, struct inode *dir, bool is_dir, uint32_t *out);
void ext2_free_ino(struct super_block *sb, uint32_t ino, bool is_dir);

/* inode.c */
int ext2_read_inode(struct super_block *sb, struct inode *inode);
int ext2_write_inode(struct inode *inode);
void ext2_evict_inode(struct inode *inode);
/* A new, written inode of mode (S_IFMT included) in dir; 0 or -errno. */
int ext2_new_inode(struct inode *dir, uint32_t mode, dev_t rdev, struct inode **out);
/* Whether i_block holds block numbers (not a device or a fast symlink). */
bool ext2_has_blocks(struct inode *inode);

/* bmap.c */
/* Physical block of logical block lbn of inode (0: a hole); 0 or -errno. */
int ext2_bmap(struct inode *inode, uint64_t lbn, uint32_t *out);
/* The same, allocating the block (zeroed) and its indirect blocks if missing. */
int ext2_bmap_alloc(struct inode *inode, uint64_t lbn, uint32_t *out);
/* Read logical block lbn's buffer; *out is NULL for a hole. 0 or -errno. */
int ext2_bread(struct inode *inode, uint64_t lbn, struct buf **out);
/* Read logical block lbn's buffer, allocating it if missing; 0 or -errno. */
int ext2_bread_alloc(struct inode *inode, uint64_t lbn, struct buf **out);

/* truncate.c */
/* Free the blocks of inode past size bytes (inode->lock held); 0 or -errno. */
int ext2_truncate_blocks(struct inode *inode, uint64_t size);

/* dir.c */
extern const struct inode_ops ext2_dir_inode_ops;
extern const struct file_ops ext2_dir_file_ops;
/* A directory block with every entry checked; -EIO for a hole or a bad entry. */
int ext2_dir_bread(struct inode *dir, uint64_t lbn, struct buf **out);
/* The inode number of name in dir (0: none); 0 or -errno. */
int ext2_find_ino(struct inode *dir, const char *name, size_t len, uint32_t *ino);

/* dir_write.c (dir->lock held) */
int ext2_add_entry(struct inode *dir, const char *name, size_t len, struct inode *inode);
int ext2_remove_entry(struct inode *dir, const char *name, size_t len);
/* Point the existing entry name at inode instead. */
int ext2_retarget_entry(struct inode *dir, const char *name, size_t len,
    struct inode *inode);
/* Whether dir holds nothing but "." and ".."; 0 or -errno. */
int ext2_dir_empty(struct inode *dir, bool *empty);
/* The first block of a new directory: "." and "..". */
int ext2_make_empty(struct inode *dir, struct inode *parent);

/* namei.c */
int ext2_create(struct inode *dir, const char *name, size_t len, uint32_t mode,
    struct inode **out);
int ext2_mkdir(struct inode *dir, const char *name, size_t len, uint32_t mode);
int ext2_mknod(struct inode *dir, const char *name, size_t len, uint32_t mode, dev_t rdev);
int ext2_symlink(struct inode *dir, const char *name, size_t len, const char *target);
int ext2_link(struct inode *dir, const char *name, size_t len, struct inode *target);
int ext2_unlink(struct inode *dir, const char *name, size_t len);
int ext2_rmdir(struct inode *dir, const char *name, size_t len);
int ext2_rename(struct inode *odir, const char *oname, size_t olen,
    struct inode *ndir, const char *nname, size_t nlen);

/* file.c */
extern const struct file_ops ext2_file_ops;
extern const struct inode_ops ext2_file_inode_ops;
extern const struct inode_ops ext2_symlink_inode_ops;
extern const struct inode_ops ext2_special_inode_ops;
int ext2_setattr(struct inode *inode, const struct iattr *attr);
int ext2_fsync(struct file *file);

#endif
