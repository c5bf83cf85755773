/*
 * Pipes and FIFOs (pipe(7)).
 *
 * A pipe is a 64 KiB ring buffer with counts of open read and write ends.
 * read() takes what is there, sleeping while the pipe is empty and has a
 * writer; with no writer left it returns 0 (end of file). write() sleeps
 * while there is no room; a write of at most PIPE_BUF bytes waits until it
 * fits whole so that it is never interleaved with another, a longer one
 * may be split. With no reader left write() fails with EPIPE (the process
 * layer adds SIGPIPE). O_NONBLOCK turns every sleep into EAGAIN.
 *
 * An anonymous pipe (pipe2) lives on an inode of an internal super block
 * and dies with it. A FIFO's pipe hangs off its inode while the FIFO is
 * open anywhere; opening one end sleeps until the other end is opened
 * (O_RDWR never sleeps; O_WRONLY|O_NONBLOCK without a reader is ENXIO).
 *
 * Locking: pipe->lock (a mutex: copies to and from user memory may fault
 * and sleep) protects the buffer, the counts and the open counters. A
 * FIFO's inode->lock is taken before pipe->lock and guards inode->pipe.
 * Sleepers re-check their condition under pipe->lock (pipe_wait).
 */
#include <vfs.h>
#include <fdtable.h>
#include <cred.h>
#include <mm.h>
#include <slab.h>
#include <wait.h>
#include <signal.h>
#include <sched.h>
#include <errno.h>
#include <panic.h>
#include <syscall.h>
#include <uaccess.h>
#include <uapi/fcntl.h>
#include <uapi/ioctl.h>
#include <uapi/poll.h>
#include "fs_impl.h"

#define PIPE_ORDER	4			/* 16 pages */
#define PIPE_SIZE	(PAGE_SIZE << PIPE_ORDER)	/* 64 KiB, as Linux's default */
#define PIPE_BUF	4096			/* writes up to this size are atomic */

struct pipe {
	struct mutex lock;	/* protects everything below */
	char *buf;
	size_t head;		/* next byte to read */
	size_t count;		/* bytes in the buffer */
	int readers, writers;	/* open ends */
	unsigned opened_r, opened_w;	/* read/write opens ever, for FIFO rendezvous */
	struct waitq rd_wait;	/* readers waiting for data or a writer */
	struct waitq wr_wait;	/* writers waiting for room or a reader */
};

static struct super_block *pipe_sb;	/* anonymous pipes' inodes; set at boot */

static struct pipe *
pipe_alloc(void)
{
	struct pipe *p = kzalloc(sizeof(*p));
	struct page *pg;

	if (p == NULL)
		return NULL;
	pg = alloc_pages(PIPE_ORDER, 0);
	if (pg == NULL) {
		kfree(p);
		return NULL;
	}
	p->buf = page_address(pg);
	mutex_init(&p->lock, "pipe");
	waitq_init(&p->rd_wait);
	waitq_init(&p->wr_wait);
	return p;
}

static void
pipe_free(struct pipe *p)
{
	free_pages(virt_to_page(p->buf), PIPE_ORDER);
	kfree(p);
}

/*
 * Sleep on wq until woken; pipe->lock held on entry and on return. The
 * caller re-checks its condition. (An interruptible sleep with a pending
 * signal check belongs here once signals arrive.)
 */
static int
pipe_wait(struct pipe *p, struct waitq *wq)
{
	struct waiter w = { .thread = NULL };
	int r = 0;

	waitq_prepare(wq, &w, TASK_INTERRUPTIBLE);
	mutex_unlock(&p->lock);
	if (signal_pending(current))
		r = -ERESTARTSYS;	/* pipe(7): restarted under SA_RESTART, else EINTR */
	else
		schedule();
	waitq_finish(wq, &w);
	mutex_lock(&p->lock);
	return r;
}

static ssize_t
pipe_read(struct file *f, struct uio *uio, off_t *pos)
{
	struct pipe *p = f->private;
	size_t done = 0, want = uio->resid;
	int error = 0;

	if (want == 0)
		return 0;
	mutex_lock(&p->lock);
	while (p->count == 0) {
		if (p->writers == 0)
			goto out;
		if (f->flags & O_NONBLOCK) {
			error = -EAGAIN;
			goto out;
		}
		if ((error = pipe_wait(p, &p->rd_wait)) != 0)
			goto out;
	}
	while (done < want && p->count > 0) {
		size_t n = MIN(MIN(p->count, PIPE_SIZE - p->head), want - done);

		error = uiomove(p->buf + p->head, n, uio);
		if (error != 0)
			break;
		p->head = (p->head + n) % PIPE_SIZE;
		p->count -= n;
		done += n;
	}
	if (done > 0) {
		wake_up_all(&p->wr_wait);
		poll_notify();
	}
out:
	mutex_unlock(&p->lock);
	return done > 0 ? (ssize_t)done : error;
}

/* Copy up to n bytes from uio into the free space; bytes copied or -EFAULT. */
static ssize_t
pipe_fill(struct pipe *p, struct uio *uio, size_t n)
{
	size_t done = 0;

	while (done < n) {
		size_t tail = (p->head + p->count) % PIPE_SIZE;
		size_t chunk = MIN(n - done, PIPE_SIZE - tail);
		int error = uiomove(p->buf + tail, chunk, uio);

		if (error != 0)
			return done > 0 ? (ssize_t)done : error;
		p->count += chunk;
		done += chunk;
	}
	return (ssize_t)done;
}

static ssize_t
pipe_write(struct file *f, struct uio *uio, off_t *pos)
{
	struct pipe *p = f->private;
	size_t done = 0, want = uio->resid;
	/* An atomic write needs room for all of it; a long one for any part. */
	size_t need = want <= PIPE_BUF ? want : 1;
	ssize_t n = 0;

	mutex_lock(&p->lock);
	while (done < want) {
		if (p->readers == 0) {
			send_thread_signal(current, SIGPIPE);
			n = -EPIPE;
			break;
		}
		if (PIPE_SIZE - p->count < need) {
			if (f->flags & O_NONBLOCK) {
				n = -EAGAIN;
				break;
			}
			if ((n = pipe_wait(p, &p->wr_wait)) != 0)
				break;
			continue;
		}
		n = pipe_fill(p, uio, MIN(want - done, PIPE_SIZE - p->count));
		if (n < 0)
			break;
		done += n;
		wake_up_all(&p->rd_wait);
		poll_notify();
	}
	mutex_unlock(&p->lock);
	return done > 0 ? (ssize_t)done : n;
}

static unsigned
pipe_poll(struct file *f)
{
	struct pipe *p = f->private;
	unsigned mask = 0;

	mutex_lock(&p->lock);
	if ((f->flags & O_ACCMODE) != O_WRONLY) {
		if (p->count > 0)
			mask |= POLLIN | POLLRDNORM;
		if (p->writers == 0)
			mask |= POLLHUP;
	}
	if ((f->flags & O_ACCMODE) != O_RDONLY) {
		if (PIPE_SIZE - p->count >= PIPE_BUF)
			mask |= POLLOUT | POLLWRNORM;
		if (p->readers == 0)
			mask |= POLLERR;
	}
	mutex_unlock(&p->lock);
	return mask;
}

static long
pipe_ioctl(struct file *f, unsigned cmd, uintptr_t arg)
{
	struct pipe *p = f->private;
	int n;

	if (cmd != FIONREAD)
		return -ENOTTY;
	mutex_lock(&p->lock);
	n = (int)p->count;
	mutex_unlock(&p->lock);
	return copy_to_user(arg, &n, sizeof(n));
}

/* Count an end in or out (pipe->lock held) and wake whoever waits on it. */
static void
pipe_count_ends(struct pipe *p, int flags, int delta)
{
	if ((flags & O_ACCMODE) != O_WRONLY) {
		p->readers += delta;
		p->opened_r += delta > 0;
	}
	if ((flags & O_ACCMODE) != O_RDONLY) {
		p->writers += delta;
		p->opened_w += delta > 0;
	}
	wake_up_all(&p->rd_wait);
	wake_up_all(&p->wr_wait);
	poll_notify();
}

static void
pipe_release(struct file *f)
{
	struct pipe *p = f->private;
	struct inode *inode = f->inode;
	bool unused;

	mutex_lock(&p->lock);
	pipe_count_ends(p, f->flags, -1);
	mutex_unlock(&p->lock);
	if (inode->sb == pipe_sb)
		return;		/* the inode's eviction frees an anonymous pipe */
	/* A FIFO closed by everyone drops its pipe (and any unread data). */
	mutex_lock(&inode->lock);
	mutex_lock(&p->lock);
	unused = p->readers == 0 && p->writers == 0;
	mutex_unlock(&p->lock);
	if (unused && inode->pipe == p) {
		inode->pipe = NULL;
		pipe_free(p);
	}
	mutex_unlock(&inode->lock);
}

static const struct file_ops pipe_fops = {
	.read = pipe_read,
	.write = pipe_write,
	.poll = pipe_poll,
	.ioctl = pipe_ioctl,
	.release = pipe_release,
};

/*
 * Wait for the other end of a FIFO (p->lock held): until an open of the
 * kind counted by *counter happens after ours (O_RDWR never waits).
 */
static void
fifo_rendezvous(struct pipe *p, struct waitq *wq, unsigned *counter, int *others)
{
	unsigned seen = *counter;

	while (*others == 0 && *counter == seen)
		pipe_wait(p, wq);
}

static int
fifo_open(struct inode *inode, struct file *f)
{
	int acc = f->flags & O_ACCMODE;
	struct pipe *p;

	mutex_lock(&inode->lock);
	p = inode->pipe;
	if (p == NULL && (p = inode->pipe = pipe_alloc()) == NULL) {
		mutex_unlock(&inode->lock);
		return -ENOMEM;
	}
	mutex_lock(&p->lock);
	if (acc == O_WRONLY && p->readers == 0 && (f->flags & O_NONBLOCK)) {
		bool unused = p->writers == 0;

		mutex_unlock(&p->lock);
		if (unused) {
			inode->pipe = NULL;
			pipe_free(p);
		}
		mutex_unlock(&inode->lock);
		return -ENXIO;
	}
	pipe_count_ends(p, f->flags, 1);
	mutex_unlock(&inode->lock);	/* our count keeps p alive from here */
	f->private = p;
	f->ops = &pipe_fops;
	if (!(f->flags & O_NONBLOCK) && acc == O_RDONLY)
		fifo_rendezvous(p, &p->rd_wait, &p->opened_w, &p->writers);
	else if (acc == O_WRONLY)
		fifo_rendezvous(p, &p->wr_wait, &p->opened_r, &p->readers);
	mutex_unlock(&p->lock);
	return 0;
}

const struct file_ops fifo_fops = {
	.open = fifo_open,
};

static void
pipefs_evict_inode(struct inode *inode)
{
	if (inode->pipe != NULL)
		pipe_free(inode->pipe);
}

static const struct super_ops pipefs_ops = {
	.evict_inode = pipefs_evict_inode,
};

static const struct fs_type pipefs_type = { .name = "pipefs" };

void
pipe_init(void)
{
	pipe_sb = sb_alloc(&pipefs_ops, &pipefs_type);
	if (pipe_sb == NULL)
		panic("pipe: cannot allocate the pipe super block");
}

/* Both ends of a new anonymous pipe: ends[0] reads, ends[1] writes. */
int
pipe_create(int flags, struct file *ends[2])
{
	const struct cred *c = fs_cred();
	struct inode *inode;
	struct pipe *p;

	inode = inode_new(pipe_sb, __atomic_fetch_add(&pipe_sb->next_ino, 1, __ATOMIC_RELAXED));
	if (inode == NULL)
		return -ENOMEM;
	inode->mode = S_IFIFO | 0600;
	inode->uid = c->fsuid;
	inode->gid = c->fsgid;
	inode->fops = &pipe_fops;
	p = inode->pipe = pipe_alloc();
	if (p == NULL)
		goto fail;
	p->readers = p->writers = 1;
	ends[0] = file_alloc(inode, O_RDONLY | (flags & O_NONBLOCK));
	if (ends[0] == NULL)
		goto fail;
	ends[1] = file_alloc(inode, O_WRONLY | (flags & O_NONBLOCK));
	if (ends[1] == NULL) {
		p->writers = 0;
		file_put(ends[0]);
		return -ENOMEM;
	}
	igrab(inode);		/* one reference per end */
	ends[0]->private = ends[1]->private = p;
	return 0;
fail:
	iput(inode);
	return -ENOMEM;
}

SYSCALL_DEFINE2(pipe2, uintptr_t, ufds, int, flags)
{
	struct file *ends[2];
	int fds[2], error;
	bool cloexec = (flags & O_CLOEXEC) != 0;

	if (flags & ~(O_CLOEXEC | O_NONBLOCK | O_DIRECT))
		return -EINVAL;
	error = pipe_create(flags, ends);
	if (error != 0)
		return error;
	fds[0] = fd_install(ends[0], 0, cloexec);
	if (fds[0] < 0) {
		file_put(ends[0]);
		file_put(ends[1]);
		return fds[0];
	}
	fds[1] = fd_install(ends[1], 0, cloexec);
	if (fds[1] < 0) {
		fd_close(fds[0]);
		file_put(ends[1]);
		return fds[1];
	}
	if (copy_to_user(ufds, fds, sizeof(fds)) != 0) {
		fd_close(fds[0]);
		fd_close(fds[1]);
		return -EFAULT;
	}
	return 0;
}
