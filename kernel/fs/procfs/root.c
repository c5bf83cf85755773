/*
 * The root of /proc: the root entries of the proc_create() tree, "self",
 * and a directory per process, named by its pid.
 *
 * readdir positions: 0 ".", 1 "..", then the entries from 2, "self" at
 * SELF_POS, and the process with pid p at PID_POS + p, so a reader resumes
 * correctly while processes come and go.
 */
#include <proc.h>
#include <string.h>
#include <printk.h>
#include <errno.h>
#include <uapi/dirent.h>
#include "procfs_impl.h"

#define SELF_POS	(1L << 32)
#define PID_POS		(SELF_POS + 1)

int
proc_parse_pid(const char *name, size_t len)
{
	int pid = 0;

	if (len == 0 || len > 7 || name[0] == '0')
		return -1;
	for (size_t i = 0; i < len; i++) {
		if (name[i] < '0' || name[i] > '9')
			return -1;
		pid = pid * 10 + (name[i] - '0');
	}
	return pid < PID_MAX ? pid : -1;
}

static bool
proc_exists(int pid)
{
	bool found;

	spin_lock(&proc_tree_lock);
	found = proc_lookup(pid) != NULL;
	spin_unlock(&proc_tree_lock);
	return found;
}

static int
root_lookup(struct inode *dir, const char *name, size_t len, struct inode **out)
{
	uint64_t id;
	int pid;

	if (len == 2 && name[0] == '.' && name[1] == '.')
		return iget(dir->sb, PROC_ROOT_INO, out);
	if (len == 4 && memcmp(name, "self", 4) == 0)
		return iget(dir->sb, proc_ino(PK_SELF, 0, 0), out);
	if ((id = proc_root_find(name, len)) != 0)
		return iget(dir->sb, id, out);
	pid = proc_parse_pid(name, len);
	if (pid <= 0 || !proc_exists(pid))
		return -ENOENT;
	return iget(dir->sb, proc_ino(PK_PID_DIR, pid, 0), out);
}

/* The smallest pid >= from that has a process, or 0. */
static int
next_pid(int from)
{
	int pid;

	spin_lock(&proc_tree_lock);
	for (pid = MAX(from, 1); pid < PID_MAX; pid++) {
		if (proc_lookup(pid) != NULL)
			break;
	}
	spin_unlock(&proc_tree_lock);
	return pid < PID_MAX ? pid : 0;
}

static int
root_readdir(struct file *file, struct dir_context *ctx)
{
	char name[12];
	int pid, error;

	if (ctx->pos == 0) {
		if (!ctx->emit(ctx, ".", 1, PROC_ROOT_INO, DT_DIR))
			return 0;
		ctx->pos = 1;
	}
	if (ctx->pos == 1) {
		if (!ctx->emit(ctx, "..", 2, PROC_ROOT_INO, DT_DIR))
			return 0;
		ctx->pos = 2;
	}
	if (ctx->pos < SELF_POS) {
		error = proc_root_entries_readdir(ctx, 2);
		if (error != 0)
			return error;
		ctx->pos = SELF_POS;	/* entries made later are seen on the next pass */
	}
	if (ctx->pos == SELF_POS) {
		if (!ctx->emit(ctx, "self", 4, proc_ino(PK_SELF, 0, 0), DT_LNK))
			return 0;
		ctx->pos = PID_POS;
	}
	while ((pid = next_pid((int)(ctx->pos - PID_POS))) != 0) {
		int len = snprintf(name, sizeof(name), "%d", pid);

		ctx->pos = PID_POS + pid;
		if (!ctx->emit(ctx, name, (size_t)len, proc_ino(PK_PID_DIR, pid, 0), DT_DIR))
			return 0;
		ctx->pos++;
	}
	ctx->pos = PID_POS + PID_MAX;
	return 0;
}

/* /proc/self: the caller's pid. */
static int
self_readlink(struct inode *inode, char *buf, size_t size)
{
	char name[12];
	int len;

	if (current_proc() == NULL)
		return -ENOENT;		/* a kernel thread has no /proc directory */
	len = snprintf(name, sizeof(name), "%d", current_proc()->pid);
	len = MIN(len, (int)size);
	memcpy(buf, name, (size_t)len);
	return len;
}

const struct inode_ops proc_root_iops = {
	.lookup = root_lookup,
};

const struct file_ops proc_root_fops = {
	.readdir = root_readdir,
};

const struct inode_ops proc_self_iops = {
	.readlink = self_readlink,
};
