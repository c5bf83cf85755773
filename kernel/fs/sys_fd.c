/* Descriptor system calls: close, dup, dup3, fcntl, ioctl. */
#include <vfs.h>
#include <fdtable.h>
#include <syscall.h>
#include <uaccess.h>
#include <errno.h>
#include <uapi/fcntl.h>
#include <uapi/ioctl.h>

SYSCALL_DEFINE1(close, int, fd)
{
	return fd_close(fd);
}

SYSCALL_DEFINE1(dup, int, fd)
{
	struct file *f = fd_get(fd);
	int r;

	if (f == NULL)
		return -EBADF;
	r = fd_install(f, 0, false);
	if (r < 0)
		file_put(f);
	return r;
}

SYSCALL_DEFINE3(dup3, int, oldfd, int, newfd, int, flags)
{
	struct file *f;
	int r;

	if ((flags & ~O_CLOEXEC) || oldfd == newfd)
		return -EINVAL;
	f = fd_get(oldfd);
	if (f == NULL)
		return -EBADF;
	r = fd_install_at(newfd, f, (flags & O_CLOEXEC) != 0);
	if (r < 0)
		file_put(f);
	return r;
}

static long
dupfd(int fd, long min, bool cloexec)
{
	struct file *f;
	int r;

	if (min < 0 || min >= fd_limit())
		return -EINVAL;
	f = fd_get(fd);
	if (f == NULL)
		return -EBADF;
	r = fd_install(f, (int)min, cloexec);
	if (r < 0)
		file_put(f);
	return r;
}

/* F_SETFL: only the status flags in SETFL_MASK change. */
static long
setfl(int fd, long arg)
{
	struct file *f = fd_get(fd);
	int old;

	if (f == NULL)
		return -EBADF;
	old = __atomic_load_n(&f->flags, __ATOMIC_RELAXED);
	while (!__atomic_compare_exchange_n(&f->flags, &old,
	    (old & ~SETFL_MASK) | ((int)arg & SETFL_MASK), false, __ATOMIC_SEQ_CST,
	    __ATOMIC_RELAXED))
		continue;
	file_put(f);
	return 0;
}

static long
getfl(int fd)
{
	struct file *f = fd_get(fd);
	long flags;

	if (f == NULL)
		return -EBADF;
	flags = __atomic_load_n(&f->flags, __ATOMIC_RELAXED) | O_LARGEFILE;
	file_put(f);
	return flags;
}

SYSCALL_DEFINE3(fcntl, int, fd, int, cmd, long, arg)
{
	switch (cmd) {
	case F_DUPFD:
		return dupfd(fd, arg, false);
	case F_DUPFD_CLOEXEC:
		return dupfd(fd, arg, true);
	case F_GETFD:
		return fd_get_cloexec(fd);
	case F_SETFD:
		return fd_set_cloexec(fd, (arg & FD_CLOEXEC) != 0);
	case F_GETFL:
		return getfl(fd);
	case F_SETFL:
		return setfl(fd, arg);
	default:
		return -EINVAL;
	}
}

/* The ioctls every descriptor understands; -ENOTTY otherwise. */
static long
generic_ioctl(int fd, struct file *f, unsigned cmd, uintptr_t arg)
{
	int on;

	switch (cmd) {
	case FIOCLEX:
		return fd_set_cloexec(fd, true);
	case FIONCLEX:
		return fd_set_cloexec(fd, false);
	case FIONBIO:
		if (copy_from_user(&on, arg, sizeof(on)) != 0)
			return -EFAULT;
		if (on)
			__atomic_fetch_or(&f->flags, O_NONBLOCK, __ATOMIC_SEQ_CST);
		else
			__atomic_fetch_and(&f->flags, ~O_NONBLOCK, __ATOMIC_SEQ_CST);
		return 0;
	default:
		return -ENOTTY;
	}
}

SYSCALL_DEFINE3(ioctl, int, fd, unsigned, cmd, uintptr_t, arg)
{
	struct file *f = fd_get(fd);
	long r;

	if (f == NULL)
		return -EBADF;
	r = generic_ioctl(fd, f, cmd, arg);
	if (r == -ENOTTY && f->ops != NULL && f->ops->ioctl != NULL)
		r = f->ops->ioctl(f, cmd, arg);
	file_put(f);
	return r;
}
