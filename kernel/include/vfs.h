/*
 * The virtual file system.
 *
 * Objects:
 *   struct super_block  a mounted file system instance (ext2, tmpfs, devfs, procfs).
 *   struct inode        a file; one in memory per (sb, ino), reference counted,
 *                       found through the super block's inode cache.
 *   struct file         an open file description (shared by dup and fork).
 *   struct mount        where a super block's root is grafted onto a directory.
 *
 * There is no dentry cache: path lookup asks each directory's ->lookup in
 * turn; ".." of a mounted root crosses back to the mount point's parent.
 *
 * Locking:
 *   inode->lock (sleeping)  serializes directory operations on a directory
 *                           and size/content changes of a regular file.
 *   sb->icache_lock         protects the super block's inode cache list.
 *   mount_lock              protects the mount list (vfs.c).
 *   file->pos_lock          serializes read/write/lseek on one open file.
 *   inode->state            under sb->icache_lock (I_NEW while being read).
 * Order: parent directory inode->lock before child inode->lock; never two
 * unrelated inodes (rename takes a file-system-wide rename mutex first).
 */
#ifndef KITE_VFS_H
#define KITE_VFS_H

#include <types.h>
#include <list.h>
#include <atomic.h>
#include <mutex.h>
#include <spinlock.h>
#include <uio.h>
#include <uapi/stat.h>

#define NAME_MAX	255
#define PATH_MAX	4096
#define MAX_SYMLINKS	40

typedef uint32_t dev_t;
#define MKDEV(ma, mi)	(((ma) << 8) | ((mi) & 0xff) | (((mi) & ~0xffU) << 12))
#define MAJOR(d)	(((d) >> 8) & 0xfff)
#define MINOR(d)	(((d) & 0xff) | (((d) >> 12) & 0xfff00))

struct inode;
struct file;
struct pipe;
struct super_block;
struct vm_area;
struct kstatfs;

struct timespec64 {
	int64_t tv_sec;
	long tv_nsec;
};

/* Attribute changes for ->setattr (chmod, chown, truncate, utimensat). */
enum iattr_valid {
	ATTR_MODE = 1 << 0,
	ATTR_UID = 1 << 1,
	ATTR_GID = 1 << 2,
	ATTR_SIZE = 1 << 3,
	ATTR_ATIME = 1 << 4,
	ATTR_MTIME = 1 << 5,
	ATTR_CTIME = 1 << 6,
};

struct iattr {
	unsigned valid;		/* enum iattr_valid */
	uint32_t mode;
	uint32_t uid, gid;
	uint64_t size;
	struct timespec64 atime, mtime, ctime;
};

struct inode_ops {
	/* Directories. dir->lock is held by the caller for all of these. */
	int (*lookup)(struct inode *dir, const char *name, size_t len, struct inode **out);
	int (*create)(struct inode *dir, const char *name, size_t len, uint32_t mode,
	    struct inode **out);
	int (*mkdir)(struct inode *dir, const char *name, size_t len, uint32_t mode);
	int (*mknod)(struct inode *dir, const char *name, size_t len, uint32_t mode, dev_t rdev);
	int (*symlink)(struct inode *dir, const char *name, size_t len, const char *target);
	int (*link)(struct inode *dir, const char *name, size_t len, struct inode *target);
	int (*unlink)(struct inode *dir, const char *name, size_t len);
	int (*rmdir)(struct inode *dir, const char *name, size_t len);
	int (*rename)(struct inode *odir, const char *oname, size_t olen,
	    struct inode *ndir, const char *nname, size_t nlen);
	/* Symbolic links: copy the target (not NUL-terminated); returns its length. */
	int (*readlink)(struct inode *inode, char *buf, size_t size);
	/* Any inode. */
	int (*setattr)(struct inode *inode, const struct iattr *attr);
};

/* Emitted by ->readdir for each entry; returns false when the buffer is full. */
struct dir_context {
	bool (*emit)(struct dir_context *ctx, const char *name, size_t len, uint64_t ino,
	    unsigned type);
	off_t pos;		/* the file system's cookie of the next entry */
};

struct file_ops {
	int (*open)(struct inode *inode, struct file *file);
	void (*release)(struct file *file);
	ssize_t (*read)(struct file *file, struct uio *uio, off_t *pos);
	ssize_t (*write)(struct file *file, struct uio *uio, off_t *pos);
	int (*readdir)(struct file *file, struct dir_context *ctx);
	long (*ioctl)(struct file *file, unsigned cmd, uintptr_t arg);
	int (*fsync)(struct file *file);
	/* Fill vma's pages on fault, or set up a shared mapping (mm/). */
	int (*mmap)(struct file *file, struct vm_area *vma);
	unsigned (*poll)(struct file *file);	/* the POLL* bits ready now; see poll_notify() */
	bool seekable;		/* lseek allowed (false: ESPIPE) */
};

struct super_ops {
	/* Read inode ino from disk into a new in-memory inode (cache miss). */
	int (*read_inode)(struct super_block *sb, struct inode *inode);
	/* Write inode's attributes back (after setattr, size changes...). */
	int (*write_inode)(struct inode *inode);
	/*
	 * The inode leaves memory: free its blocks if nlink == 0, then its
	 * private data. Called for the last iput(), and for every cached
	 * inode when the file system is unmounted.
	 */
	void (*evict_inode)(struct inode *inode);
	/* Unmount: everything is evicted; free the super block's private data. */
	void (*put_super)(struct super_block *sb);
	int (*statfs)(struct super_block *sb, struct kstatfs *st);
	int (*sync)(struct super_block *sb);
	/*
	 * Keep an unreferenced inode cached while it has links: for file
	 * systems whose only copy of a file is the in-memory inode (tmpfs).
	 */
	bool keep_linked;
};

struct super_block {
	const struct super_ops *ops;
	const struct fs_type *type;
	dev_t dev;
	struct inode *root;
	spinlock_t icache_lock;		/* protects icache */
	struct list_head icache;	/* in-memory inodes of this fs */
	struct mutex rename_lock;	/* one rename at a time per file system */
	uint64_t next_ino;		/* for file systems that invent inode numbers */
	bool read_only;			/* MS_RDONLY; changed by remount only */
	unsigned long mnt_flags;	/* MS_NOSUID, MS_NODEV, MS_NOEXEC; likewise */
	void *private;
};

enum inode_state {
	I_NEW = 1 << 0,		/* in the cache, ->read_inode still running */
	I_BAD = 1 << 1,		/* ->read_inode failed: never hand it out */
};

struct inode {
	atomic_t refcount;	/* changed to or from 0 only under sb->icache_lock */
	struct super_block *sb;
	uint64_t ino;
	unsigned state;		/* enum inode_state, under sb->icache_lock */
	/* Attributes: under lock for writers; readers may read racily (stat). */
	uint32_t mode;		/* S_IFMT | permission bits */
	uint32_t nlink;
	uint32_t uid, gid;
	uint64_t size;
	uint64_t blocks;	/* 512-byte units, for stat */
	dev_t rdev;
	struct timespec64 atime, mtime, ctime;
	const struct inode_ops *ops;
	const struct file_ops *fops;
	struct mutex lock;
	struct list_head icache_link;	/* under sb->icache_lock */
	struct shm_object *pages;	/* shared page cache (tmpfs, mmap), or NULL */
	struct pipe *pipe;	/* a FIFO's pipe while it is open; under lock */
	void *private;		/* the file system's */
};

struct file {
	atomic_t refcount;
	struct inode *inode;
	const struct file_ops *ops;
	int flags;		/* O_* status flags and access mode; F_SETFL: atomic */
	off_t pos;		/* under pos_lock */
	struct mutex pos_lock;
	/* Where vfs_open found it, for /proc/<pid>/fd; set once, before sharing. */
	struct inode *dir;	/* the directory of its last component, or NULL */
	char *name;		/* that component's name then (kmalloc'ed) */
	void *private;		/* the driver's */
};

/* Where a lookup ended: the directory holding the last component, and its name. */
struct lookup_tail {
	struct inode *dir;	/* a reference, or NULL (the path had no component) */
	char name[NAME_MAX + 1];
};

struct fs_type {
	const char *name;	/* as in mount -t and /proc/filesystems */
	/* Build a super block; source is the device path or "none". */
	int (*mount)(const struct fs_type *type, const char *source, unsigned long flags,
	    const char *data, struct super_block **out);
	bool requires_device;
};

struct kstatfs {
	uint64_t type, bsize, blocks, bfree, bavail, files, ffree, namelen, frsize;
};

/* Registration and mounting (mount.c). */
void vfs_init(void);
int register_fs(const struct fs_type *type);
int vfs_mount_root(const char *type, const char *source);
int vfs_mount(const char *source, const char *target, const char *type,
    unsigned long flags, const char *data);
int vfs_umount(const char *target, int flags);
/* A super block of the named type, mounted nowhere (sb_kill it); the self-tests use it. */
int vfs_new_sb(const char *type, const char *source, unsigned long flags, const char *data,
    struct super_block **out);
/* Walk the mounts (may sleep) and the registered types (must not), for /proc. */
void vfs_mounts_walk(void (*fn)(void *arg, const char *source, struct inode *mountpoint,
    struct super_block *sb), void *arg);
void vfs_fs_types_walk(void (*fn)(void *arg, const struct fs_type *type), void *arg);
/* Write every mounted file system back (sync(2)). */
void vfs_sync_all(void);
/* The root of what is mounted on dir (a new reference), or NULL. */
struct inode *mount_covering(struct inode *dir);
/* The mount point a mounted root hides (a new reference), or NULL. */
struct inode *mount_point_of(struct inode *root);
/* The root directory of the whole tree (a new reference), NULL before boot mounts it. */
struct inode *vfs_root(void);

/* Character devices and special files (chrdev.c). */
int register_chrdev(dev_t rdev, const struct file_ops *fops);
/* For ->read_inode and ->mknod: set the fops of a device node or FIFO. */
void init_special_inode(struct inode *inode, uint32_t mode, dev_t rdev);

/* Super blocks and the inode cache (inode.c). */
struct super_block *sb_alloc(const struct super_ops *ops, const struct fs_type *type);
/* Free a super block whose inodes are all gone (a failed mount, or umount). */
void sb_free(struct super_block *sb);
/* Destroy a super block that is not mounted: drop its root, evict, ->put_super, free. */
void sb_kill(struct super_block *sb);
/* The cached inode (ino) of sb, reading it through ->read_inode on a miss. */
int iget(struct super_block *sb, uint64_t ino, struct inode **out);
/* A brand-new inode for a file being created (not read from disk). */
struct inode *inode_new(struct super_block *sb, uint64_t ino);
struct inode *igrab(struct inode *inode);
void iput(struct inode *inode);
void inode_touch(struct inode *inode, bool mtime, bool ctime);
struct timespec64 current_time(void);
/* Apply attr to inode (inode->lock held) through ->setattr, or in memory. */
int inode_setattr(struct inode *inode, const struct iattr *attr);
/* The mode, owner and time changes of attr, in memory only (for ->setattr). */
void inode_apply_attr(struct inode *inode, const struct iattr *attr);

/* Path lookup (namei.c). Paths are kernel strings; dirfd as in *at() calls. */
enum lookup_flags {
	LOOKUP_FOLLOW = 1 << 0,		/* follow a symlink in the last component */
	LOOKUP_DIRECTORY = 1 << 1,	/* the result must be a directory */
};
int vfs_lookup(int dirfd, const char *path, int flags, struct inode **out);
/* vfs_lookup that also fills *tail (iput tail->dir if set, even on error). */
int vfs_lookup_tail(int dirfd, const char *path, int flags, struct inode **out,
    struct lookup_tail *tail);
/* The parent directory of path's last component, and that component. */
int vfs_lookup_parent(int dirfd, const char *path, struct inode **parent,
    const char **name, size_t *len);
/* The calling process's working directory as a path; its length + 1 or -errno. */
int vfs_getcwd(char *buf, size_t size);
/* The path of inode from root, as getcwd gives it; consumes both references. */
int vfs_path(struct inode *root, struct inode *inode, char *buf, size_t size);
/* An open file's path for /proc/<pid>/fd, as Linux's d_path; its length + 1 or -errno (getcwd.c). */
int vfs_file_path(struct file *f, char *buf, size_t size);

/* Open files (file.c). */
int vfs_open(int dirfd, const char *path, int flags, uint32_t mode, struct file **out);
struct file *file_alloc(struct inode *inode, int flags);
struct file *file_get(struct file *f);
void file_put(struct file *f);
ssize_t kernel_read(struct file *f, void *buf, size_t n, off_t off);
/* 0 if the current fsuid/fsgid may access inode as mask says, else -EACCES/-EROFS. */
int inode_permission(struct inode *inode, int mask);	/* mask: MAY_READ... */
/* access(2)'s check: mode R_OK/W_OK/X_OK with the real ids, or effective ones. */
int access_check(struct inode *inode, int mode, bool effective);
/* Read or write through f's ops; pos NULL means the file position (read_write.c). */
ssize_t vfs_read(struct file *f, struct uio *uio, off_t *pos);
ssize_t vfs_write(struct file *f, struct uio *uio, off_t *pos);
int vfs_truncate(struct inode *inode, uint64_t size);

/*
 * Waiting for readiness (fs/poll.c): a file whose ->poll answer may change
 * calls poll_notify() after the change; ppoll/pselect sleepers re-check.
 */
void poll_notify(void);

#define MAY_EXEC	1
#define MAY_WRITE	2
#define MAY_READ	4

#endif
