/*
 * devtmpfs: a tmpfs that starts out holding the kernel's device nodes, as
 * Linux's does. Each mount is a fresh instance with the nodes below; later
 * changes (mkdir /dev/shm, mknod) are ordinary tmpfs operations.
 */
#include <vfs.h>
#include <string.h>
#include <errno.h>
#include "tmpfs.h"
#include "fs_impl.h"

static const struct {
	const char *name;
	uint32_t mode;
	unsigned major, minor;
} dev_nodes[] = {
	{ "console", S_IFCHR | 0600, 5, 1 },
	{ "tty", S_IFCHR | 0666, 5, 0 },
	{ "null", S_IFCHR | 0666, 1, 3 },
	{ "zero", S_IFCHR | 0666, 1, 5 },
	{ "full", S_IFCHR | 0666, 1, 7 },
	{ "random", S_IFCHR | 0666, 1, 8 },
	{ "urandom", S_IFCHR | 0666, 1, 9 },
};

static int
devtmpfs_mount(const struct fs_type *type, const char *source, unsigned long flags,
    const char *data, struct super_block **out)
{
	struct super_block *sb;
	struct inode *root;
	int error;

	error = tmpfs_fill_super(type, data, 0755, &sb);
	if (error != 0)
		return error;
	root = sb->root;
	mutex_lock(&root->lock);
	for (size_t i = 0; i < ARRAY_SIZE(dev_nodes) && error == 0; i++) {
		error = root->ops->mknod(root, dev_nodes[i].name, strlen(dev_nodes[i].name),
		    dev_nodes[i].mode, MKDEV(dev_nodes[i].major, dev_nodes[i].minor));
	}
	mutex_unlock(&root->lock);
	if (error != 0) {
		sb_kill(sb);
		return error;
	}
	*out = sb;
	return 0;
}

static const struct fs_type devtmpfs_type = {
	.name = "devtmpfs",
	.mount = devtmpfs_mount,
};

void
devtmpfs_init(void)
{
	register_fs(&devtmpfs_type);
}
