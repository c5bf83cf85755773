/*
 * ppoll and pselect6.
 *
 * Readiness comes from each file's ->poll (files without one, like regular
 * files, are always ready). A waiter sleeps on one global wait queue that
 * every file whose readiness can change (pipes, FIFOs, the tty) notifies
 * after changing it (poll_notify); the waiter then re-checks all its files.
 * The usual protocol (enqueue, mark asleep, check, sleep) loses no wake-up.
 * Per-file wait queues, which wake only interested pollers, arrive with the
 * poll/epoll issue; the system calls will not change.
 */
#include <vfs.h>
#include <fdtable.h>
#include <proc.h>
#include <timer.h>
#include <syscall.h>
#include <uaccess.h>
#include <slab.h>
#include <errno.h>
#include <uapi/poll.h>

#define POLL_MAX_FDS	NR_OPEN_DEFAULT
#define SELECT_MAX_FDS	1024
#define POLLIN_SET	(POLLIN | POLLRDNORM | POLLHUP | POLLERR)
#define POLLOUT_SET	(POLLOUT | POLLWRNORM | POLLERR)
#define POLLEX_SET	POLLPRI

static struct waitq poll_wq = WAITQ_INIT(poll_wq);

void
poll_notify(void)
{
	/* Cheap when nobody polls: the queue is empty. */
	if (!list_empty(&poll_wq.waiters))
		wake_up_all(&poll_wq);
}

struct pollfd {
	int fd;
	short events;
	short revents;
};

static unsigned
file_readiness(int fd, bool *bad)
{
	struct file *f = fd_get(fd);
	unsigned mask;

	*bad = f == NULL;
	if (f == NULL)
		return POLLNVAL;
	mask = f->ops->poll != NULL ? f->ops->poll(f) :
	    POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM;
	file_put(f);
	return mask;
}

/* One pass over the poll array; returns how many entries have events. */
static int
poll_scan(struct pollfd *fds, unsigned nfds)
{
	int ready = 0;

	for (unsigned i = 0; i < nfds; i++) {
		bool bad;
		unsigned mask;

		fds[i].revents = 0;
		if (fds[i].fd < 0)
			continue;
		mask = file_readiness(fds[i].fd, &bad);
		/* POLLERR, POLLHUP and POLLNVAL are reported whether asked for or not. */
		fds[i].revents = mask & ((unsigned short)fds[i].events | POLLERR | POLLHUP | POLLNVAL);
		ready += fds[i].revents != 0;
	}
	return ready;
}

/*
 * Sleep on the poll queue until scan() finds something, the deadline passes
 * (0: none, and timeout_zero: do not sleep) or a signal arrives.
 */
static int
poll_wait_for(int (*scan)(void *arg), void *arg, uint64_t deadline, bool timeout_zero)
{
	struct sleeper_timer st = { .expired = 0 };
	struct waiter w = { .thread = NULL };
	int r;

	if (deadline != 0)
		sleeper_timer_start(&st, deadline);
	for (;;) {
		waitq_prepare(&poll_wq, &w, TASK_INTERRUPTIBLE);
		r = scan(arg);
		if (r != 0 || timeout_zero || smp_load_acquire(&st.expired))
			break;
		if (signal_pending(current)) {
			r = -ERESTARTNOHAND;	/* EINTR if a handler runs, else restarted */
			break;
		}
		schedule();
	}
	waitq_finish(&poll_wq, &w);
	if (deadline != 0)
		timer_cancel(&st.timer);
	return r;
}

struct poll_args {
	struct pollfd *fds;
	unsigned nfds;
};

static int
poll_scan_cb(void *arg)
{
	struct poll_args *a = arg;

	return poll_scan(a->fds, a->nfds);
}

static int
set_mask(uintptr_t umask, size_t size)
{
	sigset_t mask;

	if (umask == 0)
		return 0;
	if (size != sizeof(sigset_t))
		return -EINVAL;
	if (copy_from_user(&mask, umask, sizeof(mask)) != 0)
		return -EFAULT;
	signal_set_temporary_mask(mask);
	return 0;
}

SYSCALL_DEFINE5(ppoll, uintptr_t, ufds, unsigned, nfds, uintptr_t, utimeout,
    uintptr_t, umask, size_t, masksize)
{
	struct poll_args a = { NULL, nfds };
	uint64_t deadline;
	bool zero;
	int r;

	if (nfds > POLL_MAX_FDS)
		return -EINVAL;
	if ((r = timeout_from_user(utimeout, &deadline, &zero)) != 0)
		return r;
	if (nfds > 0 && (a.fds = kmalloc(nfds * sizeof(struct pollfd), 0)) == NULL)
		return -ENOMEM;
	if (nfds > 0 && copy_from_user(a.fds, ufds, nfds * sizeof(struct pollfd)) != 0) {
		r = -EFAULT;
		goto out;
	}
	if ((r = set_mask(umask, masksize)) != 0)
		goto out;
	r = poll_wait_for(poll_scan_cb, &a, deadline, zero);
	if (r >= 0 && nfds > 0 && copy_to_user(ufds, a.fds, nfds * sizeof(struct pollfd)) != 0)
		r = -EFAULT;
out:
	kfree(a.fds);
	return r;
}

/* select's three sets, as bitmaps of SELECT_MAX_FDS bits. */
struct select_args {
	int nfds;
	unsigned long in[SELECT_MAX_FDS / 64], out[SELECT_MAX_FDS / 64], ex[SELECT_MAX_FDS / 64];
	unsigned long rin[SELECT_MAX_FDS / 64], rout[SELECT_MAX_FDS / 64], rex[SELECT_MAX_FDS / 64];
	int bad_fd;
};

static bool
bit(const unsigned long *set, int fd)
{
	return (set[fd / 64] >> (fd % 64)) & 1;
}

static int
select_scan(void *arg)
{
	struct select_args *a = arg;
	int ready = 0;

	for (int i = 0; i < SELECT_MAX_FDS / 64; i++)
		a->rin[i] = a->rout[i] = a->rex[i] = 0;
	for (int fd = 0; fd < a->nfds; fd++) {
		unsigned long b = 1UL << (fd % 64);
		unsigned mask;
		bool bad;

		if (!bit(a->in, fd) && !bit(a->out, fd) && !bit(a->ex, fd))
			continue;
		mask = file_readiness(fd, &bad);
		if (bad) {
			a->bad_fd = 1;
			return -EBADF;
		}
		if (bit(a->in, fd) && (mask & POLLIN_SET)) {
			a->rin[fd / 64] |= b;
			ready++;
		}
		if (bit(a->out, fd) && (mask & POLLOUT_SET)) {
			a->rout[fd / 64] |= b;
			ready++;
		}
		if (bit(a->ex, fd) && (mask & POLLEX_SET)) {
			a->rex[fd / 64] |= b;
			ready++;
		}
	}
	return ready;
}

static int
copy_set_in(unsigned long *set, uintptr_t uset, int nfds)
{
	size_t bytes = DIV_ROUND_UP(nfds, 64) * sizeof(long);

	for (int i = 0; i < SELECT_MAX_FDS / 64; i++)
		set[i] = 0;
	if (uset == 0 || nfds == 0)
		return 0;
	return copy_from_user(set, uset, bytes);
}

static int
copy_set_out(uintptr_t uset, const unsigned long *set, int nfds)
{
	if (uset == 0 || nfds == 0)
		return 0;
	return copy_to_user(uset, set, DIV_ROUND_UP(nfds, 64) * sizeof(long));
}

/* pselect6's sixth argument points at { const sigset_t *ss; size_t ss_len; }. */
struct sigset_arg {
	uintptr_t ss;
	size_t len;
};

SYSCALL_DEFINE6(pselect6, int, nfds, uintptr_t, uin, uintptr_t, uout, uintptr_t, uex,
    uintptr_t, utimeout, uintptr_t, usig)
{
	struct select_args *a;
	struct sigset_arg sig = { 0, 0 };
	uint64_t deadline;
	bool zero;
	int r;

	if (nfds < 0 || nfds > SELECT_MAX_FDS)
		return -EINVAL;
	if ((r = timeout_from_user(utimeout, &deadline, &zero)) != 0)
		return r;
	if (usig != 0 && copy_from_user(&sig, usig, sizeof(sig)) != 0)
		return -EFAULT;
	if ((a = kzalloc(sizeof(*a))) == NULL)
		return -ENOMEM;
	a->nfds = nfds;
	if (copy_set_in(a->in, uin, nfds) || copy_set_in(a->out, uout, nfds) ||
	    copy_set_in(a->ex, uex, nfds)) {
		r = -EFAULT;
		goto out;
	}
	if ((r = set_mask(sig.ss, sig.len)) != 0)
		goto out;
	r = poll_wait_for(select_scan, a, deadline, zero);
	if (r >= 0 && (copy_set_out(uin, a->rin, nfds) || copy_set_out(uout, a->rout, nfds) ||
	    copy_set_out(uex, a->rex, nfds)))
		r = -EFAULT;
out:
	kfree(a);
	return r;
}
