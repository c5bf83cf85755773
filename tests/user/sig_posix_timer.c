/*
 * sig_posix_timer - POSIX timers: timer_create, timer_settime,
 * timer_gettime, timer_getoverrun and timer_delete. A periodic timer's
 * signals and their siginfo (SI_TIMER, si_value, si_timerid); one signal
 * pending at a time, the expirations meanwhile counted as overruns (and
 * clamped to DELAYTIMER_MAX); TIMER_ABSTIME; disarming; a reset or deleted
 * timer's pending signal dropped; SIGEV_NONE, SIGEV_THREAD_ID, SIGEV_THREAD
 * and the default sigevent; RLIMIT_SIGPENDING; fork and exec; every error.
 */
#include "check.h"
#include <limits.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdint.h>
#include <sys/resource.h>
#include <sys/syscall.h>

#ifndef sigev_notify_thread_id
#define sigev_notify_thread_id _sigev_un._tid
#endif

#define TSIG	SIGRTMIN

static volatile sig_atomic_t nsig, last_code, last_overrun, last_timerid, handler_tid;
static void *volatile last_ptr;

static void
on_timer(int sig, siginfo_t *si, void *uc)
{
	(void)sig, (void)uc;
	last_code = si->si_code;
	last_overrun = si->si_overrun;
	last_timerid = si->si_timerid;
	last_ptr = si->si_value.sival_ptr;
	handler_tid = gettid();
	nsig++;
}

static void
block(int sig, int how)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, sig);
	sigprocmask(how, &set, NULL);
}

static struct itimerspec
spec(long value_ns, long interval_ns)
{
	return (struct itimerspec){
		.it_value = { value_ns / 1000000000, value_ns % 1000000000 },
		.it_interval = { interval_ns / 1000000000, interval_ns % 1000000000 },
	};
}

static double
ts_seconds(const struct timespec *ts)
{
	return ts->tv_sec + ts->tv_nsec / 1e9;
}

/* A timer sending sig to the process with value ptr. */
static bool
make_timer(clockid_t clock, int notify, int sig, void *ptr, timer_t *t)
{
	struct sigevent sev = { .sigev_notify = notify, .sigev_signo = sig };

	sev.sigev_value.sival_ptr = ptr;
	return timer_create(clock, &sev, t) == 0;
}

/* Wait for sig, blocked, for up to ms: its number or -1. */
static int
take(int sig, siginfo_t *si, long ms)
{
	struct timespec ts = { ms / 1000, ms % 1000 * 1000000 };
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, sig);
	return sigtimedwait(&set, si, &ts);
}

static bool
sig_pending(int sig)
{
	sigset_t set;

	return sigpending(&set) == 0 && sigismember(&set, sig);
}

static void
test_periodic(void)
{
	static char tag;
	struct itimerspec v = spec(20000000, 20000000), cur;
	double t0 = now_seconds(CLOCK_MONOTONIC), took;
	timer_t t;

	nsig = 0;
	CHECK(make_timer(CLOCK_MONOTONIC, SIGEV_SIGNAL, TSIG, &tag, &t), "timer_create(CLOCK_MONOTONIC, SIGEV_SIGNAL)");
	CHECK(timer_settime(t, 0, &v, NULL) == 0, "timer_settime: every 20 ms");
	CHECK(timer_gettime(t, &cur) == 0 && ts_seconds(&cur.it_value) <= 0.02 &&
	    cur.it_value.tv_nsec > 0 && cur.it_interval.tv_nsec == 20000000,
	    "timer_gettime: the time left and the interval");
	while (nsig < 5)
		pause();
	took = now_seconds(CLOCK_MONOTONIC) - t0;
	CHECK(took >= 0.099 && took < 2, "five periods take about 100 ms (%.3f s)", took);
	CHECK(last_code == SI_TIMER, "si_code SI_TIMER (%d)", last_code);
	CHECK(last_ptr == &tag, "si_value is the sigevent's");
	/* qemu-user renumbers timers: there si_timerid is the host kernel's id. */
	if (guest_only("si_timerid is the timer's id"))
		CHECK(last_timerid == (int)(intptr_t)t, "si_timerid is the timer's id");
	CHECK(last_overrun == 0 && timer_getoverrun(t) == 0, "no overrun when the handler keeps up");
	CHECK(timer_delete(t) == 0, "timer_delete");
}

/* Block TSIG, and set a new timer sending it to v. */
static timer_t
blocked_timer(struct itimerspec v)
{
	timer_t t;

	block(TSIG, SIG_BLOCK);
	make_timer(CLOCK_MONOTONIC, SIGEV_SIGNAL, TSIG, NULL, &t);
	timer_settime(t, 0, &v, NULL);
	return t;
}

/* Blocked, one signal absorbs the expirations meanwhile: they are its overrun. */
static void
test_overrun(void)
{
	timer_t t = blocked_timer(spec(10000000, 10000000));
	struct itimerspec cur;
	siginfo_t si;

	usleep(205000);
	CHECK(sig_pending(TSIG), "the blocked timer signal is pending");
	CHECK(timer_gettime(t, &cur) == 0 && cur.it_value.tv_sec == 0 && cur.it_value.tv_nsec > 0 &&
	    cur.it_value.tv_nsec <= 10000000, "timer_gettime while it is pending: within one period (%ld ns)",
	    cur.it_value.tv_nsec);
	CHECK(take(TSIG, &si, 0) == TSIG && si.si_code == SI_TIMER, "sigtimedwait takes it");
	CHECK(si.si_overrun >= 12 && si.si_overrun <= 40, "si_overrun counts ~19 expirations meanwhile (%d)",
	    si.si_overrun);
	CHECK(timer_getoverrun(t) == si.si_overrun, "timer_getoverrun says the same (%d)", timer_getoverrun(t));
	timer_delete(t);
	CHECK(take(TSIG, &si, 0) == -1 && errno == EAGAIN,
	    "one signal was queued (nothing left after the timer is deleted)");

	/* Every nanosecond for 2.3 s: more than DELAYTIMER_MAX. */
	t = blocked_timer(spec(1, 1));
	usleep(2300000);
	CHECK(take(TSIG, &si, 1000) == TSIG && si.si_overrun == INT_MAX && timer_getoverrun(t) == INT_MAX,
	    "overruns are clamped to DELAYTIMER_MAX (%d)", si.si_overrun);
	timer_delete(t);
	take(TSIG, &si, 0);
	block(TSIG, SIG_UNBLOCK);
}

/* timer_settime and timer_delete drop the signal a timer has pending. */
static void
test_stale(void)
{
	struct itimerspec v = spec(10000000, 0), off = spec(0, 0), cur;
	timer_t t = blocked_timer(v);
	siginfo_t si;

	usleep(50000);
	CHECK(sig_pending(TSIG) && timer_gettime(t, &cur) == 0 && cur.it_value.tv_sec == 0 &&
	    cur.it_value.tv_nsec == 0, "a one-shot timer expired: its signal pending, the timer disarmed");
	timer_settime(t, 0, &off, NULL);
	CHECK(take(TSIG, &si, 0) == -1 && errno == EAGAIN, "timer_settime drops the pending signal");
	timer_settime(t, 0, &v, NULL);
	usleep(50000);
	timer_delete(t);
	CHECK(take(TSIG, &si, 0) == -1 && errno == EAGAIN, "timer_delete drops the pending signal");
	block(TSIG, SIG_UNBLOCK);
}

static void
test_abstime(void)
{
	struct itimerspec v = spec(0, 0);
	struct timespec now;
	double t0, took;
	timer_t t;

	nsig = 0;
	make_timer(CLOCK_MONOTONIC, SIGEV_SIGNAL, TSIG, NULL, &t);
	clock_gettime(CLOCK_MONOTONIC, &now);
	t0 = ts_seconds(&now);
	v.it_value = now;
	v.it_value.tv_nsec += 100000000;
	if (v.it_value.tv_nsec >= 1000000000) {
		v.it_value.tv_sec++;
		v.it_value.tv_nsec -= 1000000000;
	}
	CHECK(timer_settime(t, TIMER_ABSTIME, &v, NULL) == 0, "TIMER_ABSTIME: 100 ms from now");
	while (nsig == 0)
		pause();
	took = now_seconds(CLOCK_MONOTONIC) - t0;
	CHECK(took >= 0.099 && took < 2, "it fires at that time (%.3f s)", took);
	v.it_value.tv_sec -= 1;
	nsig = 0;
	timer_settime(t, TIMER_ABSTIME, &v, NULL);
	usleep(20000);
	CHECK(nsig == 1, "an absolute time already past fires at once");
	timer_delete(t);

	make_timer(CLOCK_REALTIME, SIGEV_SIGNAL, TSIG, NULL, &t);
	clock_gettime(CLOCK_REALTIME, &v.it_value);
	v.it_value.tv_sec += 1;
	nsig = 0;
	timer_settime(t, TIMER_ABSTIME, &v, NULL);
	t0 = now_seconds(CLOCK_MONOTONIC);
	while (nsig == 0)
		pause();
	took = now_seconds(CLOCK_MONOTONIC) - t0;
	CHECK(took >= 0.95 && took < 3, "CLOCK_REALTIME, TIMER_ABSTIME: in a second (%.3f s)", took);
	timer_delete(t);
}

static void
test_disarm(void)
{
	struct itimerspec v = spec(50000000, 50000000), off = spec(0, 0), old, cur;
	timer_t t;

	nsig = 0;
	make_timer(CLOCK_BOOTTIME, SIGEV_SIGNAL, TSIG, NULL, &t);
	timer_settime(t, 0, &v, NULL);
	CHECK(timer_settime(t, 0, &off, &old) == 0 && ts_seconds(&old.it_value) > 0 &&
	    ts_seconds(&old.it_value) <= 0.05 && old.it_interval.tv_nsec == 50000000,
	    "a zero it_value disarms, returning the old setting (CLOCK_BOOTTIME)");
	usleep(120000);
	CHECK(nsig == 0, "no signal once disarmed (%d)", (int)nsig);
	CHECK(timer_gettime(t, &cur) == 0 && ts_seconds(&cur.it_value) == 0 && ts_seconds(&cur.it_interval) == 0,
	    "timer_gettime of a disarmed timer: zero");
	timer_delete(t);
}

static void
test_none(void)
{
	struct itimerspec v = spec(1000000000, 0), cur;
	double left;
	timer_t t;

	nsig = 0;
	CHECK(make_timer(CLOCK_MONOTONIC, SIGEV_NONE, 0, NULL, &t), "timer_create(SIGEV_NONE), signal 0");
	timer_settime(t, 0, &v, NULL);
	usleep(100000);
	timer_gettime(t, &cur);
	left = ts_seconds(&cur.it_value);
	CHECK(left > 0 && left < 0.91, "SIGEV_NONE counts down (%.3f s left)", left);
	v = spec(30000000, 0);
	timer_settime(t, 0, &v, NULL);
	usleep(80000);
	CHECK(timer_gettime(t, &cur) == 0 && cur.it_value.tv_sec == 0 && cur.it_value.tv_nsec == 0 && nsig == 0,
	    "an expired SIGEV_NONE timer reads zero, and sent nothing");
	timer_delete(t);
}

/*
 * Two timers without a sigevent (the raw call: glibc passes one of its own
 * when given none): each queues its own SIGALRM (a standard signal, yet not
 * coalesced), with si_code SI_TIMER and its id as si_timerid and si_value.
 */
static void
test_default_sigevent(void)
{
	struct itimerspec v = spec(10000000, 0);
	siginfo_t si[2];
	int id[2];

	block(SIGALRM, SIG_BLOCK);
	CHECK(syscall(SYS_timer_create, CLOCK_MONOTONIC, NULL, &id[0]) == 0 &&
	    syscall(SYS_timer_create, CLOCK_MONOTONIC, NULL, &id[1]) == 0, "timer_create without a sigevent");
	syscall(SYS_timer_settime, id[0], 0, &v, NULL);
	syscall(SYS_timer_settime, id[1], 0, &v, NULL);
	usleep(50000);
	CHECK(take(SIGALRM, &si[0], 0) == SIGALRM && take(SIGALRM, &si[1], 0) == SIGALRM,
	    "both timers' SIGALRMs are queued");
	CHECK(si[0].si_code == SI_TIMER && si[1].si_code == SI_TIMER &&
	    si[0].si_timerid != si[1].si_timerid, "SI_TIMER, with different si_timerid");
	/*
	 * Linux sets si_value to the id (timer_create(2)), but qemu-user
	 * renumbers timers and hands the host a sigevent of its own.
	 */
	if (guest_only("si_timerid and si_value are the id timer_create returned"))
		CHECK(si[0].si_value.sival_int == si[0].si_timerid &&
		    si[1].si_value.sival_int == si[1].si_timerid &&
		    ((si[0].si_timerid == id[0] && si[1].si_timerid == id[1]) ||
		    (si[0].si_timerid == id[1] && si[1].si_timerid == id[0])),
		    "si_timerid and si_value are the id timer_create returned");
	syscall(SYS_timer_delete, id[0]);
	syscall(SYS_timer_delete, id[1]);
	block(SIGALRM, SIG_UNBLOCK);
}

static pid_t worker_tid;
static sem_t worker_ready, worker_done;

static void *
worker(void *arg)
{
	(void)arg;
	worker_tid = gettid();
	sem_post(&worker_ready);
	sem_wait(&worker_done);
	return NULL;
}

static void
test_thread_id(void)
{
	struct sigevent sev = { .sigev_notify = SIGEV_THREAD_ID, .sigev_signo = TSIG };
	struct itimerspec v = spec(20000000, 0);
	pthread_t th;
	timer_t t;

	sem_init(&worker_ready, 0, 0);
	sem_init(&worker_done, 0, 0);
	pthread_create(&th, NULL, worker, NULL);
	sem_wait(&worker_ready);
	sev.sigev_notify_thread_id = worker_tid;
	nsig = 0;
	CHECK(timer_create(CLOCK_MONOTONIC, &sev, &t) == 0, "timer_create(SIGEV_THREAD_ID)");
	timer_settime(t, 0, &v, NULL);
	while (nsig == 0)
		usleep(5000);
	CHECK(handler_tid == worker_tid, "the signal goes to the named thread (%d, not %d)",
	    (int)handler_tid, (int)gettid());
	sem_post(&worker_done);
	pthread_join(th, NULL);
	nsig = 0;
	timer_settime(t, 0, &v, NULL);
	usleep(100000);
	CHECK(nsig == 0, "once the thread has exited, its timer signals nobody");
	CHECK(timer_delete(t) == 0, "and it can still be deleted");
	sev.sigev_notify_thread_id = getppid();
	CHECK_FAILS(timer_create(CLOCK_MONOTONIC, &sev, &t), EINVAL,
	    "SIGEV_THREAD_ID naming a thread of another process: EINVAL");
	sev.sigev_notify_thread_id = worker_tid;
	CHECK_FAILS(timer_create(CLOCK_MONOTONIC, &sev, &t), EINVAL,
	    "SIGEV_THREAD_ID naming a thread that is gone: EINVAL");
}

static sem_t notified;
static void *volatile notify_arg;

static void
on_notify(union sigval sv)
{
	notify_arg = sv.sival_ptr;
	sem_post(&notified);
}

/* glibc runs the function in a thread, woken by a SIGEV_THREAD_ID signal. */
static void
test_sigev_thread(void)
{
	static char tag;
	struct sigevent sev = { .sigev_notify = SIGEV_THREAD, .sigev_notify_function = on_notify };
	struct itimerspec v = spec(20000000, 0);
	struct timespec deadline;
	timer_t t;

	sem_init(&notified, 0, 0);
	sev.sigev_value.sival_ptr = &tag;
	CHECK(timer_create(CLOCK_MONOTONIC, &sev, &t) == 0 && timer_settime(t, 0, &v, NULL) == 0,
	    "timer_create(SIGEV_THREAD)");
	clock_gettime(CLOCK_REALTIME, &deadline);
	deadline.tv_sec += 3;
	CHECK(sem_timedwait(&notified, &deadline) == 0 && notify_arg == &tag,
	    "its function runs with the sigevent's value");
	timer_delete(t);
}

static void
test_errors(void)
{
	struct sigevent sev = { .sigev_notify = SIGEV_SIGNAL, .sigev_signo = TSIG };
	struct itimerspec v = spec(1000000000, 0);
	timer_t t, gone;
	int kid;

	CHECK_FAILS(timer_create(99, &sev, &t), EINVAL, "timer_create on an unknown clock: EINVAL");
	CHECK_FAILS(timer_create(CLOCK_MONOTONIC_RAW, &sev, &t), EOPNOTSUPP,
	    "on CLOCK_MONOTONIC_RAW, which has no timers: EOPNOTSUPP");
	sev.sigev_notify = 99;
	CHECK_FAILS(timer_create(CLOCK_MONOTONIC, &sev, &t), EINVAL, "an unknown sigev_notify: EINVAL");
	sev.sigev_notify = SIGEV_SIGNAL;
	sev.sigev_signo = 0;
	CHECK_FAILS(timer_create(CLOCK_MONOTONIC, &sev, &t), EINVAL, "signal 0: EINVAL");
	sev.sigev_signo = 65;
	CHECK_FAILS(timer_create(CLOCK_MONOTONIC, &sev, &t), EINVAL, "signal 65: EINVAL");
	sev.sigev_signo = TSIG;
	/* Raw calls: glibc reads the sigevent itself, and passes its own id pointer. */
	CHECK_FAILS(syscall(SYS_timer_create, CLOCK_MONOTONIC, (void *)1, &kid), EFAULT,
	    "a bad sigevent pointer: EFAULT");
	CHECK_FAILS(syscall(SYS_timer_create, CLOCK_MONOTONIC, NULL, (void *)1), EFAULT,
	    "a bad timer id pointer: EFAULT");

	make_timer(CLOCK_MONOTONIC, SIGEV_SIGNAL, TSIG, NULL, &gone);
	timer_delete(gone);
	CHECK_FAILS(timer_settime(gone, 0, &v, NULL), EINVAL, "timer_settime of a deleted timer: EINVAL");
	CHECK_FAILS(timer_gettime(gone, &v), EINVAL, "timer_gettime of a deleted timer: EINVAL");
	CHECK_FAILS(timer_getoverrun(gone), EINVAL, "timer_getoverrun of a deleted timer: EINVAL");
	CHECK_FAILS(timer_delete(gone), EINVAL, "timer_delete of a deleted timer: EINVAL");
	CHECK_FAILS(syscall(SYS_timer_gettime, 123456, &v), EINVAL, "an id never created: EINVAL");
	CHECK_FAILS(syscall(SYS_timer_delete, -1), EINVAL, "a negative id: EINVAL");

	make_timer(CLOCK_MONOTONIC, SIGEV_SIGNAL, TSIG, NULL, &t);
	v.it_value.tv_nsec = 1000000000;
	CHECK_FAILS(timer_settime(t, 0, &v, NULL), EINVAL, "tv_nsec of a billion: EINVAL");
	v.it_value.tv_nsec = 0;
	v.it_interval.tv_sec = -1;
	CHECK_FAILS(timer_settime(t, 0, &v, NULL), EINVAL, "a negative interval: EINVAL");
	CHECK_FAILS(syscall(SYS_timer_settime, t, 0, NULL, NULL), EINVAL, "no new setting: EINVAL");
	CHECK_FAILS(timer_settime(t, 0, (struct itimerspec *)1, NULL), EFAULT, "a bad new setting: EFAULT");
	CHECK_FAILS(timer_gettime(t, (struct itimerspec *)1), EFAULT, "timer_gettime to a bad pointer: EFAULT");
	v = spec(5000000000, 0);
	CHECK(timer_settime(t, 0, &v, (struct itimerspec *)1) == -1 && errno == EFAULT &&
	    timer_gettime(t, &v) == 0 && v.it_value.tv_sec >= 4,
	    "a bad old-setting pointer: EFAULT, but the timer is set");
	timer_delete(t);
}

static int
limited_create(void *arg)
{
	struct rlimit rl = { 0, 0 };
	timer_t t;

	(void)arg;
	if (setrlimit(RLIMIT_SIGPENDING, &rl) != 0)
		return 1;
	if (timer_create(CLOCK_MONOTONIC, NULL, &t) != -1 || errno != EAGAIN)
		return 2;
	return 0;
}

static int
child_lacks(void *arg)
{
	struct itimerspec cur;

	return timer_gettime(*(timer_t *)arg, &cur) == -1 && errno == EINVAL ? 0 : 1;
}

static void
test_limit_and_fork(void)
{
	static const char *const limit_why[] = { NULL, "setrlimit failed", "timer_create did not fail with EAGAIN" };
	static const char *const fork_why[] = { NULL, "the child has the timer" };
	struct itimerspec v = spec(5000000000, 0);
	timer_t t;

	check_child(run_child(limited_create, NULL), limit_why, 3,
	    "RLIMIT_SIGPENDING of 0: timer_create fails with EAGAIN");
	make_timer(CLOCK_MONOTONIC, SIGEV_SIGNAL, TSIG, NULL, &t);
	timer_settime(t, 0, &v, NULL);
	check_child(run_child(child_lacks, &t), fork_why, 2, "a child does not inherit timers");
	timer_delete(t);
}

/* After exec: the timer named on the command line must be gone (exit code 0). */
static int
after_exec(const char *id)
{
	struct itimerspec cur;
	timer_t t = (timer_t)(intptr_t)strtol(id, NULL, 0), fresh;

	if (timer_gettime(t, &cur) != -1 || errno != EINVAL)
		return 1;
	return timer_create(CLOCK_MONOTONIC, NULL, &fresh) == 0 ? 0 : 2;
}

static int
exec_child(void *arg)
{
	char id[32];
	char *argv[] = { "sig_posix_timer", "--after-exec", id, NULL };
	struct itimerspec v = spec(5000000000, 0);
	timer_t t;

	(void)arg;
	make_timer(CLOCK_MONOTONIC, SIGEV_SIGNAL, TSIG, NULL, &t);
	timer_settime(t, 0, &v, NULL);
	snprintf(id, sizeof(id), "%ld", (long)(intptr_t)t);
	exec_self(argv, environ);
	return 99;
}

int
main(int argc, char **argv)
{
	static const char *const why[] = { NULL, "the timer is still there after exec",
	    "timer_create fails after exec" };

	if (argc == 3 && strcmp(argv[1], "--after-exec") == 0)
		return after_exec(argv[2]);
	catch_siginfo(TSIG, on_timer, 0);
	test_periodic();
	test_overrun();
	test_stale();
	test_abstime();
	test_disarm();
	test_none();
	test_default_sigevent();
	test_thread_id();
	test_sigev_thread();
	test_errors();
	test_limit_and_fork();
	check_child(run_child(exec_child, NULL), why, 3, "exec deletes the timers; new ones can be made");
	return check_done();
}
