/*
 * procfs internals, shared by the files of kernel/fs/procfs/.
 *
 * Inode numbers say what an inode is, so ->read_inode can rebuild any of
 * them from the number alone and nothing has to stay cached:
 *   kind 0 (PK_ENTRY)  an entry of the proc_create() tree; the rest is its id
 *   kind PK_SELF       /proc/self
 *   other kinds        a file of /proc/<pid>: pid in bits 24..47, and in bits
 *                      0..23 a descriptor (fd/N) or a thread id (task/<tid>)
 *
 * Every file is rendered into a seqbuf when it is opened; reads copy from
 * that snapshot, as Linux's seq_file does for small files.
 */
#ifndef KITE_FS_PROCFS_IMPL_H
#define KITE_FS_PROCFS_IMPL_H

#include <vfs.h>
#include <list.h>
#include <procfs.h>

#define PROC_ROOT_INO	1	/* the root entry's id */
#define PROC_SUPER_MAGIC 0x9fa0

enum proc_kind {
	PK_ENTRY,
	PK_SELF,
	PK_PID_DIR,
	PK_STAT,
	PK_STATUS,
	PK_CMDLINE,
	PK_COMM,
	PK_MAPS,
	PK_MOUNTS,
	PK_EXE,
	PK_CWD,
	PK_ROOT,
	PK_FD_DIR,
	PK_FD,			/* sub: the descriptor */
	PK_TASK_DIR,
	PK_TID_DIR,		/* sub: the thread id */
	PK_TID_STAT,		/* sub: the thread id */
	PK_TID_STATUS,
	PK_TID_COMM,
};

#define INO_KIND_SHIFT	48
#define INO_PID_SHIFT	24
#define INO_SUB_MASK	((1UL << INO_PID_SHIFT) - 1)

static inline uint64_t
proc_ino(enum proc_kind kind, int pid, unsigned long sub)
{
	return ((uint64_t)kind << INO_KIND_SHIFT) | ((uint64_t)pid << INO_PID_SHIFT) | sub;
}

static inline enum proc_kind
ino_kind(uint64_t ino)
{
	return (enum proc_kind)(ino >> INO_KIND_SHIFT);
}

static inline int
ino_pid(uint64_t ino)
{
	return (int)((ino >> INO_PID_SHIFT) & 0xffffff);
}

static inline unsigned long
ino_sub(uint64_t ino)
{
	return ino & INO_SUB_MASK;
}

/* A snapshot being rendered: printf past the end sets overflow (seqbuf.c). */
struct seqbuf {
	char *buf;
	size_t size, len;
	bool overflow;
};

typedef int (*render_fn)(struct seqbuf *sb, struct inode *inode);

/* Render into a buffer that grows until the output fits; 0 or -errno. */
int seqbuf_render(render_fn fn, struct inode *inode, struct seqbuf **out);
void seqbuf_free(struct seqbuf *sb);
void seqbuf_putmem(struct seqbuf *sb, const void *data, size_t len);

/* The proc_create() tree (entry.c). */
struct proc_entry;
void proc_entries_init(void);
int proc_entry_fill(struct inode *inode);	/* ->read_inode of a PK_ENTRY inode */
extern const struct inode_ops proc_entry_dir_iops;
extern const struct file_ops proc_entry_dir_fops;
int proc_entry_show(struct seqbuf *sb, struct inode *inode);
/* The root's entries from ctx->pos, the first being at position first. */
int proc_root_entries_readdir(struct dir_context *ctx, off_t first);
/* The id of the root's entry called name, or 0. */
uint64_t proc_root_find(const char *name, size_t len);

/* Files rendered into a seqbuf on open (file.c). */
extern const struct file_ops proc_seq_fops;
/* A write to an entry's write function (entry.c); bytes written or -errno. */
ssize_t proc_entry_write(struct inode *inode, struct uio *uio);

/* The root directory: entries, self and one directory per process (root.c). */
extern const struct inode_ops proc_root_iops;
extern const struct file_ops proc_root_fops;
/* "123" -> 123, or -1 for anything that is not a plain decimal pid. */
int proc_parse_pid(const char *name, size_t len);

/* /proc/<pid> and what is below it (pid_dir.c). */
int proc_pid_fill(struct inode *inode);
/* The render function of a /proc/<pid> file, by its kind. */
render_fn proc_pid_renderer(enum proc_kind kind);

/* References to a process and its parts, or NULL if gone (pid_dir.c). */
struct process *proc_get(int pid);
struct mm *proc_get_mm(struct process *p);
struct fs_struct *proc_get_fs(struct process *p);

/* Renderers of pid_mm.c and sysinfo.c. */
int proc_render_cmdline(struct seqbuf *sb, struct inode *inode);
int proc_render_maps(struct seqbuf *sb, struct inode *inode);
int proc_render_mounts(struct seqbuf *sb, struct inode *inode);
void proc_sysinfo_init(void);
void proc_loadavg_init(void);

extern const struct inode_ops proc_self_iops;

#endif
