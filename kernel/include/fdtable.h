/*
 * Per-process file state: the descriptor table (shared by CLONE_FILES
 * threads) and the root/cwd/umask (shared by CLONE_FS).
 *
 * Locking: files->lock (a spinlock) protects the table; a file found there
 * is returned with its own reference, so it outlives a concurrent close.
 * fs->lock protects root and cwd, which are handed out as new references.
 */
#ifndef KITE_FDTABLE_H
#define KITE_FDTABLE_H

#include <types.h>
#include <atomic.h>
#include <spinlock.h>

#define NR_OPEN_DEFAULT	1024	/* RLIMIT_NOFILE's soft and hard default, as Linux */
#define NR_OPEN_MIN	64	/* slots of a new table; it grows by doubling */

struct file;
struct inode;
struct cred;

struct files {
	atomic_t refcount;
	spinlock_t lock;		/* protects fds, cloexec, max_fds */
	struct file **fds;
	unsigned long *cloexec;		/* bitmap */
	int max_fds;
};

struct fs_struct {
	atomic_t refcount;
	spinlock_t lock;		/* protects root, cwd and umask */
	struct inode *root, *cwd;
	uint32_t umask;
};

/*
 * The calling thread's: its process's, or for a kernel thread the kernel's own
 * (root and cwd = the root file system, no descriptors until it opens some).
 */
struct files *current_files(void);
struct fs_struct *current_fs(void);
/* Credentials for file access: the process's, or root's for a kernel thread. */
const struct cred *fs_cred(void);
bool fs_capable(void);			/* fs_cred() is root's (euid 0) */

struct files *files_alloc(void);
struct files *files_dup(struct files *f);	/* fork without CLONE_FILES; NULL: ENOMEM */
void files_put(struct files *f);
void files_close_on_exec(struct files *f);

/* Root and cwd = root; takes over the caller's reference on root. */
struct fs_struct *fs_alloc(struct inode *root);
struct fs_struct *fs_dup(struct fs_struct *fs);	/* fork without CLONE_FS */
void fs_put(struct fs_struct *fs);
/* New references; NULL for a kernel thread before the root is mounted. */
struct inode *fs_get_root(struct fs_struct *fs);
struct inode *fs_get_cwd(struct fs_struct *fs);
void fs_set_root(struct fs_struct *fs, struct inode *dir);	/* take dir's reference */
void fs_set_cwd(struct fs_struct *fs, struct inode *dir);
uint32_t fs_umask(struct fs_struct *fs, uint32_t mask);	/* set; returns the old one */

/* Descriptors of the current process. */
struct file *fd_get(int fd);		/* a new reference, or NULL (EBADF) */
int fd_install(struct file *f, int min_fd, bool cloexec);	/* fd or -EMFILE; takes f's ref */
/* Put f at exactly fd (dup2/dup3), closing what was there; takes f's ref. */
int fd_install_at(int fd, struct file *f, bool cloexec);
int fd_close(int fd);
int fd_get_cloexec(int fd);		/* 0/1, or -EBADF */
int fd_set_cloexec(int fd, bool cloexec);
/* The current RLIMIT_NOFILE soft limit (process layer). */
int fd_limit(void);

#endif
