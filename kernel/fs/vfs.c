/* Start-up of the file-system layer: object caches, file-system types, devices. */
#include <vfs.h>
#include "fs_impl.h"
#include "ext2/ext2.h"

void
vfs_init(void)
{
	mount_init();
	inode_cache_init();
	file_cache_init();
	pipe_init();
	tmpfs_init();
	devtmpfs_init();
	ext2_init();
	memdev_init();
	procfs_init();
	tty_init();
}
