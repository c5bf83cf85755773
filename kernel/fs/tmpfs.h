/*
 * tmpfs internals, shared by its three files: tmpfs.c (super block, inodes,
 * mount options), tmpfs_dir.c (directories, links) and tmpfs_file.c (file
 * data in the inode's shm_object).
 *
 * Locking: a directory's entries and a file's size are under the inode's
 * ->lock (the VFS takes it around every operation); tsb->lock protects the
 * page and inode counters of the super block and is taken inside a file's
 * shm_object lock by the charge hook.
 */
#ifndef KITE_FS_TMPFS_H
#define KITE_FS_TMPFS_H

#include <vfs.h>
#include <list.h>
#include <spinlock.h>

struct tmpfs_sb {
	spinlock_t lock;		/* protects the counters below */
	unsigned long max_pages;	/* size= limit */
	unsigned long used_pages;
	uint64_t next_ino;
};

struct tmpfs_dirent {
	struct list_head link;		/* in the directory's entries */
	struct inode *inode;		/* alive while linked (keep_linked) */
	uint64_t cookie;		/* readdir position, increasing */
	size_t len;
	char name[];
};

struct tmpfs_inode {
	union {
		struct {			/* directories */
			struct list_head entries;
			struct inode *parent;	/* ".."; the root's is itself */
			uint64_t next_cookie;
		};
		char *target;			/* symbolic links */
	};
};

static inline struct tmpfs_inode *
TI(struct inode *inode)
{
	return inode->private;
}

static inline struct tmpfs_sb *
TSB(struct super_block *sb)
{
	return sb->private;
}

/* tmpfs.c */
int tmpfs_new_inode(struct super_block *sb, struct inode *dir, uint32_t mode, dev_t rdev,
    struct inode **out);
/* A new tmpfs with an empty root directory of the given mode (unless data has mode=). */
int tmpfs_fill_super(const struct fs_type *type, const char *data, uint32_t mode,
    struct super_block **out);
bool tmpfs_charge(struct super_block *sb, long pages);	/* false: ENOSPC */

/* tmpfs_dir.c */
extern const struct inode_ops tmpfs_dir_iops;
extern const struct file_ops tmpfs_dir_fops;
int tmpfs_add_entry(struct inode *dir, const char *name, size_t len, struct inode *inode);
void tmpfs_dir_init(struct inode *dir, struct inode *parent);
/* Unmount: free a directory's entries (their inodes are evicted separately). */
void tmpfs_free_entries(struct inode *dir);

/* tmpfs_file.c */
extern const struct inode_ops tmpfs_file_iops;
extern const struct file_ops tmpfs_file_fops;
extern const struct inode_ops tmpfs_symlink_iops;
extern const struct inode_ops tmpfs_special_iops;
/* A regular file's data object (inode->pages), charged to the super block. */
int tmpfs_file_init(struct inode *inode);
void tmpfs_file_evict(struct inode *inode);

#endif
