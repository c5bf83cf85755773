/*
 * The procfs file-system type: every mount shows the same tree, rebuilt
 * inode by inode from the inode numbers (see procfs_impl.h), so the inode
 * cache holds only what is in use and nothing outlives its last reference.
 */
#include <errno.h>
#include <string.h>
#include <printk.h>
#include "procfs_impl.h"

static int
proc_read_inode(struct super_block *sb, struct inode *inode)
{
	struct timespec64 now = current_time();

	inode->atime = inode->mtime = inode->ctime = now;
	switch (ino_kind(inode->ino)) {
	case PK_ENTRY:
		return proc_entry_fill(inode);
	case PK_SELF:
		inode->mode = S_IFLNK | 0777;
		inode->nlink = 1;
		inode->ops = &proc_self_iops;
		return 0;
	default:
		return proc_pid_fill(inode);
	}
}

static int
proc_statfs(struct super_block *sb, struct kstatfs *st)
{
	memset(st, 0, sizeof(*st));
	st->type = PROC_SUPER_MAGIC;
	st->bsize = st->frsize = 4096;
	st->namelen = NAME_MAX;
	return 0;
}

static const struct super_ops proc_super_ops = {
	.read_inode = proc_read_inode,
	.statfs = proc_statfs,
};

static int
proc_mount(const struct fs_type *type, const char *source, unsigned long flags,
    const char *data, struct super_block **out)
{
	struct super_block *sb = sb_alloc(&proc_super_ops, type);
	int error;

	if (sb == NULL)
		return -ENOMEM;
	error = iget(sb, PROC_ROOT_INO, &sb->root);
	if (error != 0) {
		sb_free(sb);
		return error;
	}
	*out = sb;
	return 0;
}

static const struct fs_type proc_fs_type = {
	.name = "proc",
	.mount = proc_mount,
};

void
procfs_init(void)
{
	proc_entries_init();
	proc_sysinfo_init();
	proc_loadavg_init();
	register_fs(&proc_fs_type);
}
