/*
 * The process's place in the tree, and the tree itself: getcwd, chdir,
 * fchdir, chroot, mount, umount2.
 */
#include <vfs.h>
#include <fdtable.h>
#include <syscall.h>
#include <uaccess.h>
#include <slab.h>
#include <mm.h>
#include <errno.h>
#include <uapi/fcntl.h>
#include "fs_impl.h"

SYSCALL_DEFINE2(getcwd, uintptr_t, ubuf, size_t, size)
{
	char *buf;
	int n;

	if (size == 0)
		return -EINVAL;
	buf = kmalloc(PATH_MAX, 0);
	if (buf == NULL)
		return -ENOMEM;
	n = vfs_getcwd(buf, MIN(size, (size_t)PATH_MAX));
	if (n > 0 && copy_to_user(ubuf, buf, (size_t)n) != 0)
		n = -EFAULT;
	kfree(buf);
	return n;
}

/* A directory the caller may search, for chdir/chroot; takes dir's reference. */
static int
check_dir(struct inode *dir)
{
	int error = S_ISDIR(dir->mode) ? inode_permission(dir, MAY_EXEC) : -ENOTDIR;

	if (error != 0)
		iput(dir);
	return error;
}

SYSCALL_DEFINE1(chdir, uintptr_t, upath)
{
	struct inode *dir;
	int error;

	error = user_path_at(AT_FDCWD, upath, 0, LOOKUP_FOLLOW | LOOKUP_DIRECTORY, &dir);
	if (error == 0 && (error = check_dir(dir)) == 0)
		fs_set_cwd(current_fs(), dir);
	return error;
}

SYSCALL_DEFINE1(fchdir, int, fd)
{
	struct inode *dir;
	int error;

	error = fd_inode(fd, &dir);
	if (error == 0 && (error = check_dir(dir)) == 0)
		fs_set_cwd(current_fs(), dir);
	return error;
}

SYSCALL_DEFINE1(chroot, uintptr_t, upath)
{
	struct inode *dir;
	int error;

	error = user_path_at(AT_FDCWD, upath, 0, LOOKUP_FOLLOW | LOOKUP_DIRECTORY, &dir);
	if (error != 0)
		return error;
	if (!fs_capable()) {
		iput(dir);
		return -EPERM;
	}
	error = check_dir(dir);
	if (error == 0)
		fs_set_root(current_fs(), dir);
	return error;
}

/* A mount(2) string argument (NULL allowed), or a page of options for data. */
static int
mount_arg(uintptr_t uptr, size_t max, char **out)
{
	long n;

	*out = NULL;
	if (uptr == 0)
		return 0;
	*out = kmalloc(max, 0);
	if (*out == NULL)
		return -ENOMEM;
	n = strncpy_from_user(*out, uptr, max);
	if (n == -ENAMETOOLONG && max == PAGE_SIZE)
		n = -EINVAL;	/* options longer than a page */
	if (n < 0) {
		kfree(*out);
		*out = NULL;
		return (int)n;
	}
	return 0;
}

SYSCALL_DEFINE5(mount, uintptr_t, usource, uintptr_t, utarget, uintptr_t, utype,
    unsigned long, flags, uintptr_t, udata)
{
	char *source = NULL, *target = NULL, *type = NULL, *data = NULL;
	int error;

	if ((error = mount_arg(usource, PATH_MAX, &source)) == 0 &&
	    (error = mount_arg(utarget, PATH_MAX, &target)) == 0 &&
	    (error = mount_arg(utype, PAGE_SIZE, &type)) == 0 &&
	    (error = mount_arg(udata, PAGE_SIZE, &data)) == 0) {
		if (target == NULL)
			error = -EFAULT;
		else
			error = vfs_mount(source != NULL ? source : "none", target, type,
			    flags, data);
	}
	kfree(source);
	kfree(target);
	kfree(type);
	kfree(data);
	return error;
}

SYSCALL_DEFINE2(umount2, uintptr_t, utarget, int, flags)
{
	char *target;
	int error;

	target = getname(utarget, &error);
	if (target == NULL)
		return error;
	error = vfs_umount(target, flags);
	kfree(target);
	return error;
}
