/*
 * The console tty: termios line discipline over the UART.
 *
 * Input arrives one character at a time from the UART interrupt
 * (tty_receive) and goes into a ring buffer. In canonical mode (ICANON) the
 * characters after the last line delimiter form the line being edited:
 * VERASE and VKILL edit it, and '\n', VEOL or VEOF close it and make it
 * readable; a read returns at most one line, and a VEOF at the start of a
 * line reads as end of file. In non-canonical mode every character is
 * readable at once and VMIN/VTIME decide when a read returns. ICRNL, IGNCR
 * and INLCR translate input; ECHO, ECHOE, ECHOK, ECHONL and ECHOCTL echo
 * it; OPOST/ONLCR turn output "\n" into "\r\n". ISIG characters signal the
 * foreground process group through tty_signal_fg().
 *
 * Locking: tty.lock (a spinlock: the receiver runs in interrupt context)
 * protects everything in struct tty. Readers copy out to a kernel buffer
 * under it and to user memory after dropping it. Lock order: tty.lock
 * before the console's own lock (echo writes to the console).
 */
#include <vfs.h>
#include <tty.h>
#include <console.h>
#include <wait.h>
#include <timer.h>
#include <errno.h>
#include <string.h>
#include <signal.h>
#include <proc.h>
#include <uaccess.h>
#include <uapi/fcntl.h>
#include <uapi/ioctl.h>
#include <uapi/poll.h>
#include <uapi/termios.h>
#include "fs_impl.h"

#define TTY_MAJOR	5
#define TTY_MINOR	0	/* /dev/tty: the controlling terminal */
#define CONSOLE_MINOR	1	/* /dev/console */
#define TTY_BUF_SIZE	4096	/* input buffer, as Linux's N_TTY_BUF_SIZE */
#define TTY_CHUNK	256	/* bytes moved per lock hold */
#define DECISECOND_NS	100000000UL

static struct tty {
	spinlock_t lock;		/* protects everything below */
	struct termios termios;
	struct winsize winsize;
	char buf[TTY_BUF_SIZE];		/* input ring */
	bool delim[TTY_BUF_SIZE];	/* buf[i] ends a canonical line */
	size_t head, count;		/* ring: first byte, bytes in it */
	size_t ready;			/* bytes from head a reader may take */
	int pgrp;			/* foreground process group, 0: none */
	int session;			/* session of which it is the controlling tty */
	struct waitq read_wait;
	bool timed_out;			/* the VTIME timer fired */
} tty = {
	.lock = SPINLOCK_INIT("tty"),
	.read_wait = WAITQ_INIT(tty.read_wait),
};

static const struct termios default_termios = {
	.c_iflag = ICRNL | IXON | IUTF8,
	.c_oflag = OPOST | ONLCR,
	.c_cflag = B38400 | CS8 | CREAD | HUPCL,
	.c_lflag = ISIG | ICANON | ECHO | ECHOE | ECHOK | ECHOCTL | ECHOKE | IEXTEN,
	.c_cc = {
		[VINTR] = CTRL('c'), [VQUIT] = CTRL('\\'), [VERASE] = CDEL,
		[VKILL] = CTRL('u'), [VEOF] = CTRL('d'), [VMIN] = 1, [VSTART] = CTRL('q'),
		[VSTOP] = CTRL('s'), [VSUSP] = CTRL('z'), [VREPRINT] = CTRL('r'),
		[VDISCARD] = CTRL('o'), [VWERASE] = CTRL('w'), [VLNEXT] = CTRL('v'),
	},
};

void
tty_signal_fg(int sig)
{
	int pgrp = READ_ONCE(tty.pgrp);

	if (pgrp > 0)
		kill_pgrp(pgrp, sig);
}

/* Write s with output processing (OPOST/ONLCR). */
static void
tty_output(const char *s, size_t n)
{
	size_t start = 0;

	if (!(tty.termios.c_oflag & OPOST) || !(tty.termios.c_oflag & ONLCR)) {
		console_write(s, n);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		if (s[i] != '\n')
			continue;
		console_write(s + start, i - start);
		console_write("\r\n", 2);
		start = i + 1;
	}
	console_write(s + start, n - start);
}

/* Echo one input character (lock held): control characters as ^X with ECHOCTL. */
static void
echo_char(char c)
{
	char ctl[2] = { '^', (char)(c ^ 0100) };

	if ((tty.termios.c_lflag & ECHOCTL) && ((unsigned char)c < ' ' || c == CDEL) &&
	    c != '\n' && c != '\t')
		tty_output(ctl, 2);
	else
		tty_output(&c, 1);
}

static size_t
ring_index(size_t i)
{
	return (tty.head + i) % TTY_BUF_SIZE;
}

/* Remove the last character of the line being edited; false if none. */
static bool
erase_one(void)
{
	char c;

	if (tty.count == tty.ready)
		return false;
	tty.count--;
	c = tty.buf[ring_index(tty.count)];
	if (tty.termios.c_lflag & ECHO) {
		if (tty.termios.c_lflag & ECHOE) {
			bool wide = (tty.termios.c_lflag & ECHOCTL) && (unsigned char)c < ' ';

			tty_output(wide ? "\b\b  \b\b" : "\b \b", wide ? 6 : 3);
		} else {
			echo_char(tty.termios.c_cc[VERASE]);
		}
	}
	return true;
}

static void
kill_line(void)
{
	if ((tty.termios.c_lflag & (ECHO | ECHOE)) == (ECHO | ECHOE)) {
		while (erase_one())
			continue;
		return;
	}
	tty.count = tty.ready;
	if (tty.termios.c_lflag & ECHO) {
		echo_char(tty.termios.c_cc[VKILL]);
		if (tty.termios.c_lflag & ECHOK)
			tty_output("\n", 1);
	}
}

/* Append c; delim ends a canonical line. Full buffer: c is dropped. */
static void
put_char(char c, bool delim)
{
	/* Keep room for a delimiter so that a full line can still be ended. */
	size_t limit = delim || !(tty.termios.c_lflag & ICANON) ? TTY_BUF_SIZE :
	    TTY_BUF_SIZE - 1;
	size_t i;

	if (tty.count >= limit)
		return;
	i = ring_index(tty.count++);
	tty.buf[i] = c;
	tty.delim[i] = delim;
}

/* A canonical-mode character (lock held). */
static void
canonical_char(char c)
{
	const cc_t *cc = tty.termios.c_cc;
	tcflag_t lflag = tty.termios.c_lflag;

	if (c == (char)cc[VERASE]) {
		erase_one();
	} else if (c == (char)cc[VKILL]) {
		kill_line();
	} else if (c == (char)cc[VEOF]) {
		put_char(c, true);
		tty.ready = tty.count;
	} else if (c == '\n' || (cc[VEOL] != 0 && c == (char)cc[VEOL])) {
		if ((lflag & ECHO) || (c == '\n' && (lflag & ECHONL)))
			echo_char(c);
		put_char(c, true);
		tty.ready = tty.count;
	} else {
		if (lflag & ECHO)
			echo_char(c);
		put_char(c, false);
	}
}

/* The signal an ISIG character raises, or 0. */
static int
isig_signal(char c)
{
	const cc_t *cc = tty.termios.c_cc;

	if (!(tty.termios.c_lflag & ISIG) || c == 0)
		return 0;
	if (c == (char)cc[VINTR])
		return SIGINT;
	if (c == (char)cc[VQUIT])
		return SIGQUIT;
	if (c == (char)cc[VSUSP])
		return SIGTSTP;
	return 0;
}

void
tty_receive(char c)
{
	tcflag_t iflag;
	int sig;

	spin_lock(&tty.lock);
	iflag = tty.termios.c_iflag;
	if (c == '\r' && (iflag & IGNCR))
		goto out;
	if (c == '\r' && (iflag & ICRNL))
		c = '\n';
	else if (c == '\n' && (iflag & INLCR))
		c = '\r';
	sig = isig_signal(c);
	if (sig != 0) {
		if (!(tty.termios.c_lflag & NOFLSH))
			tty.count = tty.ready = 0;
		if (tty.termios.c_lflag & ECHO)
			echo_char(c);
		spin_unlock(&tty.lock);
		tty_signal_fg(sig);
		return;
	}
	if (tty.termios.c_lflag & ICANON) {
		canonical_char(c);
	} else {
		if (tty.termios.c_lflag & ECHO)
			echo_char(c);
		put_char(c, false);
		tty.ready = tty.count;
	}
out:
	spin_unlock(&tty.lock);
	wake_up_all(&tty.read_wait);
	poll_notify();
}

/*
 * Take up to n readable bytes into kbuf (lock held). Canonical: stop after
 * a delimiter; an EOF character is consumed but not returned. *line_done
 * tells the reader a canonical line ended.
 */
static size_t
take_input(char *kbuf, size_t n, bool *line_done)
{
	bool canon = (tty.termios.c_lflag & ICANON) != 0;
	size_t got = 0;

	*line_done = false;
	while (got < n && tty.ready > 0) {
		size_t i = tty.head;
		char c = tty.buf[i];
		bool delim = tty.delim[i];

		tty.head = (tty.head + 1) % TTY_BUF_SIZE;
		tty.count--;
		tty.ready--;
		if (canon && delim && c == (char)tty.termios.c_cc[VEOF]) {
			*line_done = true;
			break;
		}
		kbuf[got++] = c;
		if (canon && delim) {
			*line_done = true;
			break;
		}
	}
	return got;
}

static void
vtime_expired(struct timer *t)
{
	WRITE_ONCE(tty.timed_out, true);
	wake_up_all(&tty.read_wait);
	poll_notify();
}

/*
 * Whether a read that has got `got` bytes is done (lock held), by the
 * canonical line rule or VMIN/VTIME.
 */
static bool
read_done(size_t got, size_t want, bool line_done)
{
	cc_t vmin = tty.termios.c_cc[VMIN], vtime = tty.termios.c_cc[VTIME];

	if (got == want || line_done)
		return true;
	if (tty.termios.c_lflag & ICANON)
		return false;
	if (tty.timed_out)
		return true;
	if (vmin == 0)
		return vtime == 0 || got > 0;
	return got >= vmin;
}

/* Sleep until input arrives or the VTIME timer fires (lock held, dropped while asleep). */
static int
tty_wait(void)
{
	struct waiter w = { .thread = NULL };
	int r = 0;

	waitq_prepare(&tty.read_wait, &w, TASK_INTERRUPTIBLE);
	if (signal_pending(current)) {
		r = -ERESTARTSYS;	/* a tty read restarts under SA_RESTART, as on Linux */
	} else if (tty.ready == 0 && !tty.timed_out) {
		spin_unlock(&tty.lock);
		schedule();
		spin_lock(&tty.lock);
	}
	waitq_finish(&tty.read_wait, &w);
	return r;
}

/*
 * Job control: a process of a background group of the tty's session that
 * reads (SIGTTIN) or, under TOSTOP, writes (SIGTTOU) stops its whole group
 * and retries the call once continued. A reader that blocks or ignores
 * SIGTTIN gets EIO instead; such a writer just writes. An orphaned group
 * gets EIO either way. 0: go ahead.
 */
static int
tty_job_check(int sig)
{
	struct process *p = current_proc();
	int pgrp = READ_ONCE(tty.pgrp);

	if (p == NULL || pgrp == 0 || READ_ONCE(p->sid) != READ_ONCE(tty.session) ||
	    READ_ONCE(p->pgid) == pgrp)
		return 0;
	if (signal_blocked_or_ignored(current, sig))
		return sig == SIGTTIN ? -EIO : 0;
	if (current_pgrp_orphaned())
		return -EIO;	/* a stop no shell could end */
	kill_pgrp(READ_ONCE(p->pgid), sig);
	return -ERESTARTSYS;
}

static ssize_t
tty_read(struct file *f, struct uio *uio, off_t *pos)
{
	size_t got = 0, want = uio->resid, n;
	char kbuf[TTY_CHUNK];
	struct timer timer;
	bool line_done = false, armed = false;
	int error;

	if ((error = tty_job_check(SIGTTIN)) != 0)
		return error;
	timer_init(&timer, vtime_expired);
	spin_lock(&tty.lock);
	tty.timed_out = false;
	while (!read_done(got, want, line_done)) {
		if (tty.ready == 0) {
			if (f->flags & O_NONBLOCK) {
				error = -EAGAIN;
				break;
			}
			/* VTIME: a total timeout with VMIN 0, else an inter-byte one after the first. */
			if (!(tty.termios.c_lflag & ICANON) && tty.termios.c_cc[VTIME] != 0 &&
			    (tty.termios.c_cc[VMIN] == 0 || got > 0)) {
				if (armed)
					timer_cancel(&timer);
				timer_add(&timer, time_now() + ns_to_ticks(
				    tty.termios.c_cc[VTIME] * DECISECOND_NS));
				armed = true;
			}
			if ((error = tty_wait()) != 0)
				break;
			continue;
		}
		n = take_input(kbuf, MIN(sizeof(kbuf), want - got), &line_done);
		spin_unlock(&tty.lock);
		error = uiomove(kbuf, n, uio);
		spin_lock(&tty.lock);
		if (error != 0)
			break;
		got += n;
	}
	spin_unlock(&tty.lock);
	if (armed)
		timer_cancel(&timer);
	return got > 0 ? (ssize_t)got : error;
}

static ssize_t
tty_write(struct file *f, struct uio *uio, off_t *pos)
{
	char kbuf[TTY_CHUNK];
	size_t done = 0;
	int error;

	if ((READ_ONCE(tty.termios.c_lflag) & TOSTOP) && (error = tty_job_check(SIGTTOU)) != 0)
		return error;
	while (uio->resid > 0) {
		size_t n = MIN(uio->resid, sizeof(kbuf));

		error = uiomove(kbuf, n, uio);
		if (error != 0)
			return done > 0 ? (ssize_t)done : error;
		spin_lock(&tty.lock);
		tty_output(kbuf, n);
		spin_unlock(&tty.lock);
		done += n;
	}
	return (ssize_t)done;
}

static unsigned
tty_poll(struct file *f)
{
	unsigned mask = POLLOUT | POLLWRNORM;

	spin_lock(&tty.lock);
	if (tty.ready > 0)
		mask |= POLLIN | POLLRDNORM;
	spin_unlock(&tty.lock);
	return mask;
}

/* TCSETS*: new settings; TCSETSF also drops unread input. */
static int
set_termios(unsigned cmd, uintptr_t arg)
{
	struct termios t;

	if (copy_from_user(&t, arg, sizeof(t)) != 0)
		return -EFAULT;
	spin_lock(&tty.lock);
	if (cmd == TCSETSF)
		tty.count = tty.ready = 0;
	/* Leaving canonical mode makes the partial line readable. */
	if ((tty.termios.c_lflag & ICANON) && !(t.c_lflag & ICANON))
		tty.ready = tty.count;
	tty.termios = t;
	spin_unlock(&tty.lock);
	wake_up_all(&tty.read_wait);
	poll_notify();
	return 0;
}

/* Copy a field of the tty out, read under the lock. */
static int
get_field(uintptr_t arg, const void *field, size_t size)
{
	char copy[sizeof(struct termios)];

	spin_lock(&tty.lock);
	memcpy(copy, field, size);
	spin_unlock(&tty.lock);
	return copy_to_user(arg, copy, size);
}

static int
set_pgrp(uintptr_t arg)
{
	int pgrp;

	if (copy_from_user(&pgrp, arg, sizeof(pgrp)) != 0)
		return -EFAULT;
	if (pgrp <= 0)
		return -EINVAL;
	WRITE_ONCE(tty.pgrp, pgrp);
	return 0;
}

/* TIOCSCTTY: the caller's session takes the console as controlling tty. */
static int
set_ctty(void)
{
	struct process *p = current_proc();

	if (p == NULL)
		return -EPERM;
	spin_lock(&tty.lock);
	tty.session = p->sid;
	tty.pgrp = p->pgid;
	spin_unlock(&tty.lock);
	return 0;
}

static long
tty_ioctl(struct file *f, unsigned cmd, uintptr_t arg)
{
	struct winsize ws;
	int n;

	switch (cmd) {
	case TCGETS:
		return get_field(arg, &tty.termios, sizeof(tty.termios));
	case TCSETS:
	case TCSETSW:		/* output is synchronous: nothing to drain */
	case TCSETSF:
		return set_termios(cmd, arg);
	case TIOCGWINSZ:
		return get_field(arg, &tty.winsize, sizeof(tty.winsize));
	case TIOCSWINSZ:
		if (copy_from_user(&ws, arg, sizeof(ws)) != 0)
			return -EFAULT;
		spin_lock(&tty.lock);
		tty.winsize = ws;
		spin_unlock(&tty.lock);
		return 0;
	case TIOCGPGRP:
		n = READ_ONCE(tty.pgrp);
		return copy_to_user(arg, &n, sizeof(n));
	case TIOCSPGRP:
		return set_pgrp(arg);
	case TIOCSCTTY:
		return set_ctty();
	case TIOCNOTTY:
		spin_lock(&tty.lock);
		tty.session = tty.pgrp = 0;
		spin_unlock(&tty.lock);
		return 0;
	case FIONREAD:
		spin_lock(&tty.lock);
		n = (int)tty.ready;
		spin_unlock(&tty.lock);
		return copy_to_user(arg, &n, sizeof(n));
	default:
		return -ENOTTY;
	}
}

static const struct file_ops tty_fops = {
	.read = tty_read,
	.write = tty_write,
	.ioctl = tty_ioctl,
	.poll = tty_poll,
};

uint32_t
tty_of_session(int sid, int *tpgid)
{
	uint32_t dev = 0;

	*tpgid = -1;
	spin_lock(&tty.lock);
	if (sid != 0 && tty.session == sid) {
		dev = MKDEV(TTY_MAJOR, CONSOLE_MINOR);
		if (tty.pgrp != 0)
			*tpgid = tty.pgrp;
	}
	spin_unlock(&tty.lock);
	return dev;
}

void
tty_init(void)
{
	tty.termios = default_termios;
	tty.winsize = (struct winsize){ .ws_row = 24, .ws_col = 80 };
	register_chrdev(MKDEV(TTY_MAJOR, TTY_MINOR), &tty_fops);
	register_chrdev(MKDEV(TTY_MAJOR, CONSOLE_MINOR), &tty_fops);
	console_set_receiver(tty_receive);
}
