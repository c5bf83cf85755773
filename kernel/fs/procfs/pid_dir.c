/*
 * /proc/<pid>: the directory of a process, its task/ directory of threads,
 * its fd/ directory of descriptors, and the symbolic links exe, cwd, root
 * and fd/N.
 *
 * Inodes name their process by pid only. Every operation looks the process
 * up again (under proc_tree_lock) and holds a reference on it while it
 * works, so a process that exits meanwhile gives ENOENT, never a stale
 * pointer. The address space, descriptor table and fs context are reached
 * through references taken under proc->lock (exit and exec change the
 * pointers under it).
 */
#include <proc.h>
#include <fdtable.h>
#include <vm.h>
#include <string.h>
#include <printk.h>
#include <errno.h>
#include <uapi/dirent.h>
#include <uapi/fcntl.h>
#include "procfs_impl.h"

struct pid_entry {
	const char *name;
	enum proc_kind kind;
	uint32_t mode;
};

static const struct pid_entry pid_entries[] = {
	{ "stat", PK_STAT, S_IFREG | 0444 },
	{ "status", PK_STATUS, S_IFREG | 0444 },
	{ "cmdline", PK_CMDLINE, S_IFREG | 0444 },
	{ "comm", PK_COMM, S_IFREG | 0444 },
	{ "maps", PK_MAPS, S_IFREG | 0444 },
	{ "mounts", PK_MOUNTS, S_IFREG | 0444 },
	{ "exe", PK_EXE, S_IFLNK | 0777 },
	{ "cwd", PK_CWD, S_IFLNK | 0777 },
	{ "root", PK_ROOT, S_IFLNK | 0777 },
	{ "fd", PK_FD_DIR, S_IFDIR | 0500 },
	{ "task", PK_TASK_DIR, S_IFDIR | 0555 },
};

static const struct pid_entry tid_entries[] = {
	{ "stat", PK_TID_STAT, S_IFREG | 0444 },
	{ "status", PK_TID_STATUS, S_IFREG | 0444 },
	{ "comm", PK_TID_COMM, S_IFREG | 0444 },
};

struct process *
proc_get(int pid)
{
	struct process *p;

	spin_lock(&proc_tree_lock);
	p = proc_lookup(pid);
	if (p != NULL)
		atomic_inc(&p->refcount);
	spin_unlock(&proc_tree_lock);
	return p;
}

struct mm *
proc_get_mm(struct process *p)
{
	struct mm *mm;

	spin_lock(&p->lock);
	mm = p->mm;
	if (mm != NULL)
		mm_get(mm);
	spin_unlock(&p->lock);
	return mm;
}

static struct files *
proc_get_files(struct process *p)
{
	struct files *files;

	spin_lock(&p->lock);
	files = p->files;
	if (files != NULL)
		atomic_inc(&files->refcount);
	spin_unlock(&p->lock);
	return files;
}

struct fs_struct *
proc_get_fs(struct process *p)
{
	struct fs_struct *fs;

	spin_lock(&p->lock);
	fs = p->fs;
	if (fs != NULL)
		atomic_inc(&fs->refcount);
	spin_unlock(&p->lock);
	return fs;
}

/* The open file fd of p (a new reference), or NULL. */
static struct file *
proc_get_file(struct process *p, int fd)
{
	struct files *files = proc_get_files(p);
	struct file *f = NULL;

	if (files == NULL)
		return NULL;
	spin_lock(&files->lock);
	if (fd >= 0 && fd < files->max_fds && files->fds[fd] != NULL)
		f = file_get(files->fds[fd]);
	spin_unlock(&files->lock);
	files_put(files);
	return f;
}

/* The first descriptor >= from open in p, or -1. */
static int
proc_next_fd(struct process *p, int from)
{
	struct files *files = proc_get_files(p);
	int fd = -1;

	if (files == NULL)
		return -1;
	spin_lock(&files->lock);
	for (int i = from; i < files->max_fds; i++) {
		if (files->fds[i] != NULL) {
			fd = i;
			break;
		}
	}
	spin_unlock(&files->lock);
	files_put(files);
	return fd;
}

/* Whether tid is a live thread of p. */
static bool
proc_has_thread(struct process *p, int tid)
{
	struct thread *t;
	bool found = false;

	spin_lock(&p->lock);
	list_for_each_entry(t, &p->threads, proc_link) {
		if (t->tid == tid)
			found = true;
	}
	spin_unlock(&p->lock);
	return found;
}

/* The first thread id of p that is >= from, or -1 (the list is not sorted). */
static int
proc_next_tid(struct process *p, int from)
{
	struct thread *t;
	int best = -1;

	spin_lock(&p->lock);
	list_for_each_entry(t, &p->threads, proc_link) {
		if (t->tid >= from && (best < 0 || t->tid < best))
			best = t->tid;
	}
	spin_unlock(&p->lock);
	return best;
}

static const struct pid_entry *
find_pid_entry(const struct pid_entry *table, size_t n, enum proc_kind kind)
{
	for (size_t i = 0; i < n; i++) {
		if (table[i].kind == kind)
			return &table[i];
	}
	return NULL;
}

/* Whether the object an inode names exists (p held). */
static bool
target_exists(struct process *p, uint64_t ino)
{
	struct file *f;

	switch (ino_kind(ino)) {
	case PK_FD:
		f = proc_get_file(p, (int)ino_sub(ino));
		if (f == NULL)
			return false;
		file_put(f);
		return true;
	case PK_TID_DIR:
	case PK_TID_STAT:
	case PK_TID_STATUS:
	case PK_TID_COMM:
		return proc_has_thread(p, (int)ino_sub(ino));
	default:
		return true;
	}
}

static uint32_t
kind_mode(uint64_t ino, struct process *p)
{
	const struct pid_entry *e;
	struct file *f;
	uint32_t mode = 0;

	switch (ino_kind(ino)) {
	case PK_PID_DIR:
	case PK_TID_DIR:
		return S_IFDIR | 0555;
	case PK_FD:
		/* As Linux: the link's permissions are the descriptor's access mode. */
		f = proc_get_file(p, (int)ino_sub(ino));
		if (f != NULL) {
			if ((f->flags & O_ACCMODE) != O_WRONLY)
				mode |= 0500;
			if ((f->flags & O_ACCMODE) != O_RDONLY)
				mode |= 0300;
			file_put(f);
		}
		return S_IFLNK | mode;
	default:
		e = find_pid_entry(pid_entries, ARRAY_SIZE(pid_entries), ino_kind(ino));
		if (e == NULL)
			e = find_pid_entry(tid_entries, ARRAY_SIZE(tid_entries), ino_kind(ino));
		return e != NULL ? e->mode : 0;
	}
}

static const struct inode_ops pid_dir_iops, task_dir_iops, tid_dir_iops, fd_dir_iops;
static const struct file_ops pid_dir_fops, task_dir_fops, tid_dir_fops, fd_dir_fops;
static const struct inode_ops pid_link_iops;

int
proc_pid_fill(struct inode *inode)
{
	struct process *p = proc_get(ino_pid(inode->ino));
	int error = 0;

	if (p == NULL)
		return -ENOENT;
	if (!target_exists(p, inode->ino) || (inode->mode = kind_mode(inode->ino, p)) == 0) {
		error = -ENOENT;
		goto out;
	}
	spin_lock(&p->lock);
	inode->uid = p->cred.euid;
	inode->gid = p->cred.egid;
	spin_unlock(&p->lock);
	inode->nlink = S_ISDIR(inode->mode) ? 2 : 1;
	switch (ino_kind(inode->ino)) {
	case PK_PID_DIR:
		inode->ops = &pid_dir_iops;
		inode->fops = &pid_dir_fops;
		break;
	case PK_TASK_DIR:
		inode->ops = &task_dir_iops;
		inode->fops = &task_dir_fops;
		break;
	case PK_TID_DIR:
		inode->ops = &tid_dir_iops;
		inode->fops = &tid_dir_fops;
		break;
	case PK_FD_DIR:
		inode->ops = &fd_dir_iops;
		inode->fops = &fd_dir_fops;
		break;
	default:
		if (S_ISLNK(inode->mode))
			inode->ops = &pid_link_iops;
		else
			inode->fops = &proc_seq_fops;
		break;
	}
out:
	proc_put(p);
	return error;
}

static bool
is_dotdot(const char *name, size_t len)
{
	return len == 2 && name[0] == '.' && name[1] == '.';
}

/* Look name up in a table of entries; sub is the thread id for task/<tid>. */
static int
table_lookup(struct inode *dir, const struct pid_entry *table, size_t n,
    const char *name, size_t len, unsigned long sub, struct inode **out)
{
	for (size_t i = 0; i < n; i++) {
		if (strlen(table[i].name) == len && memcmp(table[i].name, name, len) == 0)
			return iget(dir->sb, proc_ino(table[i].kind, ino_pid(dir->ino), sub), out);
	}
	return -ENOENT;
}

/* Emit a table of entries from position 2 on. */
static int
table_readdir(struct inode *dir, const struct pid_entry *table, size_t n,
    unsigned long sub, struct dir_context *ctx)
{
	while (ctx->pos >= 2 && (size_t)(ctx->pos - 2) < n) {
		const struct pid_entry *e = &table[ctx->pos - 2];

		if (!ctx->emit(ctx, e->name, strlen(e->name),
		    proc_ino(e->kind, ino_pid(dir->ino), sub), IFTODT(e->mode)))
			return 0;
		ctx->pos++;
	}
	return 0;
}

/* "." and ".." of any directory here; false when the buffer is full. */
static bool
emit_dots(struct dir_context *ctx, uint64_t self, uint64_t parent)
{
	if (ctx->pos == 0) {
		if (!ctx->emit(ctx, ".", 1, self, DT_DIR))
			return false;
		ctx->pos = 1;
	}
	if (ctx->pos == 1) {
		if (!ctx->emit(ctx, "..", 2, parent, DT_DIR))
			return false;
		ctx->pos = 2;
	}
	return true;
}

static int
pid_dir_lookup(struct inode *dir, const char *name, size_t len, struct inode **out)
{
	if (is_dotdot(name, len))
		return iget(dir->sb, PROC_ROOT_INO, out);
	return table_lookup(dir, pid_entries, ARRAY_SIZE(pid_entries), name, len, 0, out);
}

static int
pid_dir_readdir(struct file *file, struct dir_context *ctx)
{
	struct inode *dir = file->inode;

	if (!emit_dots(ctx, dir->ino, PROC_ROOT_INO))
		return 0;
	return table_readdir(dir, pid_entries, ARRAY_SIZE(pid_entries), 0, ctx);
}

static int
tid_dir_lookup(struct inode *dir, const char *name, size_t len, struct inode **out)
{
	if (is_dotdot(name, len))
		return iget(dir->sb, proc_ino(PK_TASK_DIR, ino_pid(dir->ino), 0), out);
	return table_lookup(dir, tid_entries, ARRAY_SIZE(tid_entries), name, len,
	    ino_sub(dir->ino), out);
}

static int
tid_dir_readdir(struct file *file, struct dir_context *ctx)
{
	struct inode *dir = file->inode;

	if (!emit_dots(ctx, dir->ino, proc_ino(PK_TASK_DIR, ino_pid(dir->ino), 0)))
		return 0;
	return table_readdir(dir, tid_entries, ARRAY_SIZE(tid_entries), ino_sub(dir->ino), ctx);
}

/* task/ and fd/: entries named by a number; positions are 2 + the number. */
static int
number_lookup(struct inode *dir, const char *name, size_t len, enum proc_kind kind,
    struct inode **out)
{
	int n;

	if (is_dotdot(name, len))
		return iget(dir->sb, proc_ino(PK_PID_DIR, ino_pid(dir->ino), 0), out);
	n = len == 1 && name[0] == '0' ? 0 : proc_parse_pid(name, len);
	if (n < 0 || (unsigned long)n > INO_SUB_MASK)
		return -ENOENT;
	return iget(dir->sb, proc_ino(kind, ino_pid(dir->ino), (unsigned long)n), out);
}

static int
number_readdir(struct file *file, struct dir_context *ctx, enum proc_kind kind,
    int (*next)(struct process *, int))
{
	struct inode *dir = file->inode;
	struct process *p;
	char name[12];
	int n;

	if (!emit_dots(ctx, dir->ino, proc_ino(PK_PID_DIR, ino_pid(dir->ino), 0)))
		return 0;
	p = proc_get(ino_pid(dir->ino));
	if (p == NULL)
		return 0;
	while ((n = next(p, (int)(ctx->pos - 2))) >= 0) {
		int len = snprintf(name, sizeof(name), "%d", n);

		ctx->pos = 2 + n;
		if (!ctx->emit(ctx, name, (size_t)len, proc_ino(kind, ino_pid(dir->ino),
		    (unsigned long)n), kind == PK_FD ? DT_LNK : DT_DIR))
			break;
		ctx->pos++;
	}
	proc_put(p);
	return 0;
}

static int
task_dir_lookup(struct inode *dir, const char *name, size_t len, struct inode **out)
{
	return number_lookup(dir, name, len, PK_TID_DIR, out);
}

static int
task_dir_readdir(struct file *file, struct dir_context *ctx)
{
	return number_readdir(file, ctx, PK_TID_DIR, proc_next_tid);
}

static int
fd_dir_lookup(struct inode *dir, const char *name, size_t len, struct inode **out)
{
	return number_lookup(dir, name, len, PK_FD, out);
}

static int
fd_dir_readdir(struct file *file, struct dir_context *ctx)
{
	return number_readdir(file, ctx, PK_FD, proc_next_fd);
}

/* Copy a link target into buf as ->readlink does: truncated, no NUL. */
static int
put_target(char *buf, size_t size, const char *target, size_t len)
{
	len = MIN(len, size);
	memcpy(buf, target, len);
	return (int)len;
}

/* What fd/N shows: the path of a file, or "pipe:[ino]" as Linux. */
static int
file_target(struct file *f, char *buf, size_t size)
{
	char tmp[32];
	int len;

	if (S_ISFIFO(f->inode->mode) && f->dir == NULL) {	/* pipe(2), not a FIFO's name */
		len = snprintf(tmp, sizeof(tmp), "pipe:[%lu]", (unsigned long)f->inode->ino);
		return put_target(buf, size, tmp, (size_t)len);
	}
	len = vfs_file_path(f, buf, size);
	return len > 0 ? len - 1 : len;		/* it counts the NUL */
}

static int
fs_target(struct process *p, bool cwd, char *buf, size_t size)
{
	struct fs_struct *fs = proc_get_fs(p);
	int len;

	if (fs == NULL)
		return -ENOENT;
	len = vfs_path(fs_get_root(current_fs()), cwd ? fs_get_cwd(fs) : fs_get_root(fs),
	    buf, size);
	fs_put(fs);
	return len > 0 ? len - 1 : len;		/* vfs_path counts the NUL */
}

static int
pid_link_readlink(struct inode *inode, char *buf, size_t size)
{
	struct process *p = proc_get(ino_pid(inode->ino));
	struct file *f;
	int len = -ENOENT;

	if (p == NULL)
		return -ENOENT;
	switch (ino_kind(inode->ino)) {
	case PK_EXE:
		if (p->state == PROC_ALIVE && p->exe_path[0] != '\0')
			len = put_target(buf, size, p->exe_path, strnlen(p->exe_path,
			    sizeof(p->exe_path)));
		break;
	case PK_CWD:
	case PK_ROOT:
		len = fs_target(p, ino_kind(inode->ino) == PK_CWD, buf, size);
		break;
	case PK_FD:
		f = proc_get_file(p, (int)ino_sub(inode->ino));
		if (f != NULL) {
			len = file_target(f, buf, size);
			file_put(f);
		}
		break;
	default:
		break;
	}
	proc_put(p);
	return len;
}

static const struct inode_ops pid_dir_iops = { .lookup = pid_dir_lookup };
static const struct file_ops pid_dir_fops = { .readdir = pid_dir_readdir };
static const struct inode_ops task_dir_iops = { .lookup = task_dir_lookup };
static const struct file_ops task_dir_fops = { .readdir = task_dir_readdir };
static const struct inode_ops tid_dir_iops = { .lookup = tid_dir_lookup };
static const struct file_ops tid_dir_fops = { .readdir = tid_dir_readdir };
static const struct inode_ops fd_dir_iops = { .lookup = fd_dir_lookup };
static const struct file_ops fd_dir_fops = { .readdir = fd_dir_readdir };
static const struct inode_ops pid_link_iops = { .readlink = pid_link_readlink };
