/* Helpers shared by the file system calls: user paths in, *at() resolution. */
#include <vfs.h>
#include <fdtable.h>
#include <slab.h>
#include <uaccess.h>
#include <errno.h>
#include <uapi/fcntl.h>
#include "fs_impl.h"

char *
getname(uintptr_t upath, int *error)
{
	char *path = kmalloc(PATH_MAX, 0);
	long n;

	if (path == NULL) {
		*error = -ENOMEM;
		return NULL;
	}
	n = strncpy_from_user(path, upath, PATH_MAX);
	if (n < 0) {
		kfree(path);
		*error = (int)n;
		return NULL;
	}
	return path;
}

int
fd_inode(int fd, struct inode **out)
{
	struct file *f = fd_get(fd);

	if (f == NULL)
		return -EBADF;
	*out = igrab(f->inode);
	file_put(f);
	return 0;
}

int
user_path_at(int dirfd, uintptr_t upath, int atflags, int lookup, struct inode **out)
{
	char *path;
	int error;

	path = getname(upath, &error);
	if (path == NULL)
		return error;
	if (path[0] == '\0' && (atflags & AT_EMPTY_PATH))
		error = dirfd_inode(dirfd, out);
	else
		error = vfs_lookup(dirfd, path, lookup, out);
	kfree(path);
	return error;
}
