/* Shared between the files of the VFS core; not for file systems. */
#ifndef KITE_FS_IMPL_H
#define KITE_FS_IMPL_H

#include <vfs.h>

void inode_cache_init(void);
void mount_init(void);
void file_cache_init(void);
void icache_evict_all(struct super_block *sb);
void kernel_fs_set_root(struct inode *root);
bool icache_busy(struct super_block *sb, int rootrefs);
void tmpfs_init(void);
void devtmpfs_init(void);
void tty_init(void);
void memdev_init(void);
void random_dev_init(void);
void procfs_init(void);
void pipe_init(void);

/* A new anonymous pipe: ends[0] reads, ends[1] writes (pipe.c). */
int pipe_create(int flags, struct file *ends[2]);
/* The fops FIFOs open through (pipe.c). */
extern const struct file_ops fifo_fops;

/* System-call helpers (sys_util.c). */
/* A kernel copy of a user path (kfree it), or NULL with *error set. */
char *getname(uintptr_t upath, int *error);
/* fd's inode (a new reference), or -EBADF. */
int fd_inode(int fd, struct inode **out);
/* A *at() call's starting directory: the cwd for AT_FDCWD, else dirfd's inode. */
int dirfd_inode(int dirfd, struct inode **out);
/* Whether a caller with group mygid (or a supplementary group of c) is in gid. */
struct cred;
bool cred_in_group(const struct cred *c, uint32_t mygid, uint32_t gid);
/* The inode of a *at() call: path from dirfd, or dirfd itself with AT_EMPTY_PATH and "". */
int user_path_at(int dirfd, uintptr_t upath, int atflags, int lookup, struct inode **out);

#endif
