/*
 * sig_nanosleep_stop - sleeps interrupted by a stop, by ignored signals and
 * by handlers. Stopped by SIGSTOP and continued by SIGCONT, nanosleep and
 * clock_nanosleep (relative and TIMER_ABSTIME) go on to their original
 * deadline and return 0: a relative sleep restarts with the time it had
 * left, not its whole time (restart_syscall). Ignored signals do not
 * interrupt a sleep; a handler does, even with SA_RESTART: EINTR with the
 * time left in *rem, and a7 still holding the call's number.
 */
#include "check.h"
#include <sys/syscall.h>

/* What a sleeping child reports through a pipe. */
struct result {
	long ret;		/* the call's return value */
	int err;		/* errno after it */
	double took;		/* seconds */
	double rem;		/* what *rem says, seconds */
	long a7;		/* a7 after a raw ecall */
};

static void
on_usr1(int sig)
{
	(void)sig;
}

static struct timespec
seconds(double s)
{
	return (struct timespec){ (time_t)s, (long)((s - (time_t)s) * 1e9) };
}

static double
ts_seconds(const struct timespec *ts)
{
	return ts->tv_sec + ts->tv_nsec / 1e9;
}

enum how { NANOSLEEP, CLOCK_REL, CLOCK_ABS, RAW_ECALL, BAD_REM };

/* The child's sleep, timed. */
static void
sleep_for(enum how how, double s, struct result *r)
{
	struct timespec req = seconds(s), rem = { 0, 0 }, abs;
	double t0 = now_seconds(CLOCK_MONOTONIC);

	switch (how) {
	case NANOSLEEP:
		r->ret = nanosleep(&req, &rem);
		break;
	case CLOCK_REL:
		r->ret = clock_nanosleep(CLOCK_MONOTONIC, 0, &req, &rem);
		break;
	case CLOCK_ABS:
		clock_gettime(CLOCK_MONOTONIC, &abs);
		abs = seconds(ts_seconds(&abs) + s);
		r->ret = clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &abs, NULL);
		break;
	case RAW_ECALL: {
		register long a0 __asm__("a0") = (long)&req;
		register long a1 __asm__("a1") = (long)&rem;
		register long a7 __asm__("a7") = SYS_nanosleep;

		__asm__ volatile("ecall" : "+r"(a0), "+r"(a7) : "r"(a1) : "memory");
		r->ret = a0;
		r->a7 = a7;
		break;
	}
	case BAD_REM:
		r->ret = nanosleep(&req, (struct timespec *)1);
		break;
	}
	r->err = errno;
	r->took = now_seconds(CLOCK_MONOTONIC) - t0;
	r->rem = ts_seconds(&rem);
}

/* What the parent does to the sleeping child: after `after` seconds, send sig[]. */
struct plan {
	double after;
	int sig[3];		/* 0-terminated; SIGSTOP first: wait for the stop, */
	double stopped;		/* stay stopped that long, then SIGCONT */
};

/* Fork a child that sleeps as told (with a SIGUSR1 handler unless flags < 0); carry out plan. */
static bool
run(enum how how, double s, int handler_flags, const struct plan *plan, struct result *r)
{
	int fd[2], status;
	bool ok = true;
	pid_t pid;

	if (pipe(fd) != 0)
		return false;
	fflush(stdout);
	if ((pid = fork()) == 0) {
		struct sigaction sa = { .sa_handler = on_usr1, .sa_flags = handler_flags };

		if (handler_flags >= 0)
			sigaction(SIGUSR1, &sa, NULL);
		signal(SIGUSR2, SIG_IGN);
		sleep_for(how, s, r);
		_exit(write(fd[1], r, sizeof(*r)) == sizeof(*r) ? 0 : 1);
	}
	close(fd[1]);
	usleep((useconds_t)(plan->after * 1e6));
	for (int i = 0; i < 3 && plan->sig[i] != 0; i++)
		kill(pid, plan->sig[i]);
	if (plan->sig[0] == SIGSTOP) {
		ok = waitpid(pid, &status, WUNTRACED) == pid && WIFSTOPPED(status);
		usleep((useconds_t)(plan->stopped * 1e6));
		kill(pid, SIGCONT);
	}
	ok = read(fd[0], r, sizeof(*r)) == sizeof(*r) && ok;
	close(fd[0]);
	return waitpid(pid, &status, 0) == pid && status == 0 && ok;
}

#define NO_HANDLER	(-1)

/*
 * A sleep of s seconds stopped from `after` for `stopped` seconds ends at its
 * deadline; restarted whole, or from where the stop began, it would end
 * 0.5 s later or more, past the bound a loaded host may need.
 */
static void
test_stop(void)
{
	const struct plan brief = { 0.2, { SIGSTOP }, 0.5 }, past = { 0.1, { SIGSTOP }, 0.8 },
	    long_stop = { 0.1, { SIGSTOP }, 0.6 };
	struct result r;

	CHECK(run(NANOSLEEP, 1.0, NO_HANDLER, &brief, &r) && r.ret == 0,
	    "nanosleep(1 s), stopped at 0.2 s for 0.5 s: returns 0 (%ld, %s)", r.ret, strerror(r.err));
	CHECK(r.took >= 0.99 && r.took < 1.4, "at its deadline, not later (%.3f s)", r.took);
	CHECK(run(NANOSLEEP, 0.5, NO_HANDLER, &past, &r) && r.ret == 0 && r.took >= 0.85 && r.took < 1.2,
	    "nanosleep(0.5 s), stopped at 0.1 s for 0.8 s: returns 0 when continued (%.3f s)", r.took);
	CHECK(run(CLOCK_REL, 1.0, NO_HANDLER, &long_stop, &r) && r.ret == 0 &&
	    r.took >= 0.99 && r.took < 1.4,
	    "clock_nanosleep(1 s) across a stop: 0 at its deadline (%ld, %.3f s)", r.ret, r.took);
	CHECK(run(CLOCK_ABS, 1.0, NO_HANDLER, &long_stop, &r) && r.ret == 0 &&
	    r.took >= 0.99 && r.took < 1.4,
	    "clock_nanosleep(TIMER_ABSTIME) across a stop: 0 at its deadline (%ld, %.3f s)", r.ret, r.took);
	CHECK(run(NANOSLEEP, 1.0, 0, &long_stop, &r) && r.ret == 0 && r.took >= 0.99 && r.took < 1.4,
	    "with a SIGUSR1 handler installed, a stop still does not interrupt (%.3f s)", r.took);
}

static void
test_ignored(void)
{
	const struct plan ignored = { .after = 0.1, .sig = { SIGUSR2, SIGWINCH, SIGCONT } };
	struct result r;

	CHECK(run(NANOSLEEP, 0.5, NO_HANDLER, &ignored, &r) && r.ret == 0 && r.took >= 0.49,
	    "SIG_IGN, default-ignored and SIGCONT signals do not interrupt nanosleep (%ld, %.3f s)",
	    r.ret, r.took);
}

static void
test_handler(void)
{
	const struct plan usr1 = { .after = 0.2, .sig = { SIGUSR1 } };
	struct result r;

	CHECK(run(NANOSLEEP, 1.0, 0, &usr1, &r) && r.ret == -1 && r.err == EINTR,
	    "a handler interrupts nanosleep: EINTR (%ld, %s)", r.ret, strerror(r.err));
	/* Signalled at 0.2 s or (on a loaded host) later: some, not all, of the second is left. */
	CHECK(r.rem > 0 && r.rem < 0.81, "*rem holds the time left (%.3f s)", r.rem);
	CHECK(run(NANOSLEEP, 1.0, SA_RESTART, &usr1, &r) && r.ret == -1 && r.err == EINTR && r.took < 0.9,
	    "even with SA_RESTART (%ld, %s, %.3f s)", r.ret, strerror(r.err), r.took);
	CHECK(run(CLOCK_REL, 1.0, 0, &usr1, &r) && r.ret == EINTR && r.rem > 0 && r.rem < 0.81,
	    "clock_nanosleep returns EINTR with the time left (%ld, %.3f s)", r.ret, r.rem);
	CHECK(run(CLOCK_ABS, 1.0, 0, &usr1, &r) && r.ret == EINTR && r.took < 0.9,
	    "clock_nanosleep(TIMER_ABSTIME) returns EINTR (%ld)", r.ret);
	CHECK(run(RAW_ECALL, 1.0, 0, &usr1, &r) && r.ret == -EINTR && r.a7 == SYS_nanosleep,
	    "the raw call: a0 = -EINTR, a7 still the call's number (%ld, %ld)", r.ret, r.a7);
	CHECK(run(BAD_REM, 1.0, 0, &usr1, &r) && r.ret == -1 && r.err == EFAULT,
	    "interrupted with a bad rem pointer: EFAULT (%ld, %s)", r.ret, strerror(r.err));
}

static void
test_errors(void)
{
	struct timespec bad = { 0, 1000000000 }, neg = { -1, 0 };

	CHECK_FAILS(nanosleep(&bad, NULL), EINVAL, "nanosleep with tv_nsec of a billion: EINVAL");
	CHECK_FAILS(nanosleep(&neg, NULL), EINVAL, "nanosleep of a negative time: EINVAL");
	CHECK(clock_nanosleep(CLOCK_MONOTONIC, 0, (struct timespec *)1, NULL) == EFAULT,
	    "clock_nanosleep from a bad pointer: EFAULT");
	CHECK(clock_nanosleep(99, 0, &bad, NULL) == EINVAL, "clock_nanosleep on an unknown clock: EINVAL");
}

int
main(void)
{
	test_stop();
	test_ignored();
	test_handler();
	test_errors();
	return check_done();
}
