/*
 * sig_cputimer - timers and clocks of CPU time. ITIMER_VIRTUAL fires after
 * the process has used that much user time, ITIMER_PROF after user plus
 * system time, periodically, with si_code SI_KERNEL; getitimer counts down
 * only while the process runs (not while it sleeps); the default action of
 * SIGVTALRM ends the process; a child does not inherit them, exec keeps
 * them. CLOCK_PROCESS_CPUTIME_ID counts every thread, also one that has
 * exited, CLOCK_THREAD_CPUTIME_ID only the caller; POSIX timers on both
 * clocks.
 */
#include "check.h"
#include <pthread.h>
#include <stdint.h>
#include <sys/time.h>
#include <sys/times.h>

static volatile sig_atomic_t nvt, nprof, code;

static void
on_sig(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	if (sig == SIGVTALRM)
		nvt++;
	else
		nprof++;
	code = si->si_code;
}

static double
tv_seconds(const struct timeval *tv)
{
	return tv->tv_sec + tv->tv_usec / 1e6;
}

static double
cpu_seconds(clockid_t clock)
{
	return now_seconds(clock);
}

/* Burn user time until clock has advanced by s seconds (or *until is set). */
static void
spin(clockid_t clock, double s, volatile sig_atomic_t *until)
{
	double end = cpu_seconds(clock) + s;
	volatile unsigned long x = 0;

	while (cpu_seconds(clock) < end && (until == NULL || *until == 0)) {
		for (int i = 0; i < 200000; i++)
			x += i;
	}
}

static struct itimerval
itv(long value_us, long interval_us)
{
	return (struct itimerval){ { interval_us / 1000000, interval_us % 1000000 },
	    { value_us / 1000000, value_us % 1000000 } };
}

/* Set a CPU itimer, counting its signals from 0: the process CPU time it starts at. */
static double
start(int which, struct itimerval v, const char *what)
{
	nvt = nprof = 0;
	CHECK(setitimer(which, &v, NULL) == 0, "setitimer(%s)", what);
	return cpu_seconds(CLOCK_PROCESS_CPUTIME_ID);
}

static void
test_virtual(void)
{
	double c0 = start(ITIMER_VIRTUAL, itv(200000, 0), "ITIMER_VIRTUAL, 200 ms"), used;
	struct itimerval cur;

	spin(CLOCK_PROCESS_CPUTIME_ID, 5, &nvt);
	used = cpu_seconds(CLOCK_PROCESS_CPUTIME_ID) - c0;
	CHECK(nvt == 1 && code == SI_KERNEL, "SIGVTALRM arrives, si_code SI_KERNEL (%d, %d)", (int)nvt, code);
	CHECK(used >= 0.15 && used < 0.6, "after about 200 ms of CPU time (%.3f s)", used);
	CHECK(getitimer(ITIMER_VIRTUAL, &cur) == 0 && tv_seconds(&cur.it_value) == 0,
	    "a one-shot timer is then disarmed");
}

static void
test_prof(void)
{
	double c0 = start(ITIMER_PROF, itv(50000, 50000), "ITIMER_PROF, every 50 ms"), used;
	struct itimerval v, old;

	while (nprof < 4)
		spin(CLOCK_PROCESS_CPUTIME_ID, 0.01, NULL);
	used = cpu_seconds(CLOCK_PROCESS_CPUTIME_ID) - c0;
	CHECK(used >= 0.15 && used < 1, "four SIGPROFs take about 200 ms of CPU time (%.3f s)", used);
	v = itv(0, 0);
	CHECK(setitimer(ITIMER_PROF, &v, &old) == 0 && old.it_interval.tv_usec == 50000 &&
	    tv_seconds(&old.it_value) > 0 && tv_seconds(&old.it_value) <= 0.06,
	    "disarming returns the old setting (%.3f s left)", tv_seconds(&old.it_value));
	nprof = 0;
	spin(CLOCK_PROCESS_CPUTIME_ID, 0.1, NULL);
	CHECK(nprof == 0, "no SIGPROF once disarmed");
}

/* ITIMER_PROF counts system time too: a loop of system calls fires it. */
static void
test_prof_system(void)
{
	struct itimerval v = itv(100000, 0);
	struct tms t0, t1;

	nprof = 0;
	times(&t0);
	setitimer(ITIMER_PROF, &v, NULL);
	while (nprof == 0)
		getppid();
	times(&t1);
	CHECK(t1.tms_stime > t0.tms_stime, "a loop of getppid() uses system time (%ld ticks)",
	    (long)(t1.tms_stime - t0.tms_stime));
	CHECK(t1.tms_utime + t1.tms_stime - t0.tms_utime - t0.tms_stime >= sysconf(_SC_CLK_TCK) / 20,
	    "and ITIMER_PROF fires after about 100 ms of it");
}

/* Counting down while running, not while sleeping. */
static void
test_countdown(void)
{
	struct itimerval v = itv(10000000, 0), a, b, c;

	setitimer(ITIMER_VIRTUAL, &v, NULL);
	getitimer(ITIMER_VIRTUAL, &a);
	CHECK(tv_seconds(&a.it_value) > 9.9 && tv_seconds(&a.it_value) <= 10.02,
	    "getitimer right away: the value set, give or take a tick (%.3f s)", tv_seconds(&a.it_value));
	usleep(300000);
	getitimer(ITIMER_VIRTUAL, &b);
	CHECK(tv_seconds(&a.it_value) - tv_seconds(&b.it_value) < 0.05,
	    "sleeping 300 ms does not count (%.3f s left)", tv_seconds(&b.it_value));
	spin(CLOCK_PROCESS_CPUTIME_ID, 0.3, NULL);
	getitimer(ITIMER_VIRTUAL, &c);
	CHECK(tv_seconds(&b.it_value) - tv_seconds(&c.it_value) > 0.2,
	    "300 ms of running does (%.3f s left)", tv_seconds(&c.it_value));
	v = itv(0, 0);
	setitimer(ITIMER_VIRTUAL, &v, NULL);
}

static int
no_itimers(void *arg)
{
	struct itimerval a, b;

	(void)arg;
	getitimer(ITIMER_VIRTUAL, &a);
	getitimer(ITIMER_PROF, &b);
	return tv_seconds(&a.it_value) == 0 && tv_seconds(&b.it_value) == 0 ? 0 : 1;
}

static int
vtalrm_kills(void *arg)
{
	struct itimerval v = itv(100000, 0);

	(void)arg;
	signal(SIGVTALRM, SIG_DFL);
	setitimer(ITIMER_VIRTUAL, &v, NULL);
	spin(CLOCK_PROCESS_CPUTIME_ID, 5, NULL);
	return 1;
}

/* After exec: ITIMER_PROF must still be set (exit code 0). */
static int
after_exec(void)
{
	struct itimerval cur;

	return getitimer(ITIMER_PROF, &cur) == 0 && tv_seconds(&cur.it_value) > 5 ? 0 : 1;
}

static int
exec_child(void *arg)
{
	char *argv[] = { "sig_cputimer", "--after-exec", NULL };
	struct itimerval v = itv(10000000, 0);

	(void)arg;
	setitimer(ITIMER_PROF, &v, NULL);
	exec_self(argv, environ);
	return 99;
}

static void
test_inheritance(void)
{
	static const char *const fork_why[] = { NULL, "the child has a CPU timer" };
	static const char *const exec_why[] = { NULL, "ITIMER_PROF is gone after exec" };
	struct itimerval v = itv(10000000, 0);

	setitimer(ITIMER_VIRTUAL, &v, NULL);
	setitimer(ITIMER_PROF, &v, NULL);
	check_child(run_child(no_itimers, NULL), fork_why, 2, "a child does not inherit ITIMER_VIRTUAL/PROF");
	v = itv(0, 0);
	setitimer(ITIMER_VIRTUAL, &v, NULL);
	setitimer(ITIMER_PROF, &v, NULL);
	check_child(run_child(exec_child, NULL), exec_why, 2, "exec keeps ITIMER_PROF");
	check_status(run_child(vtalrm_kills, NULL), W_EXITCODE(0, SIGVTALRM),
	    "SIGVTALRM's default action ends a busy process");
}

static void *
busy_thread(void *arg)
{
	(void)arg;
	spin(CLOCK_THREAD_CPUTIME_ID, 0.2, NULL);
	return NULL;
}

static void
test_clocks(void)
{
	double p0 = cpu_seconds(CLOCK_PROCESS_CPUTIME_ID), t0 = cpu_seconds(CLOCK_THREAD_CPUTIME_ID);
	struct timespec res;
	pthread_t th;

	pthread_create(&th, NULL, busy_thread, NULL);
	pthread_join(th, NULL);
	CHECK(cpu_seconds(CLOCK_PROCESS_CPUTIME_ID) - p0 >= 0.15,
	    "CLOCK_PROCESS_CPUTIME_ID counts a thread that has exited (+%.3f s)",
	    cpu_seconds(CLOCK_PROCESS_CPUTIME_ID) - p0);
	CHECK(cpu_seconds(CLOCK_THREAD_CPUTIME_ID) - t0 < 0.1,
	    "CLOCK_THREAD_CPUTIME_ID counts only the caller (+%.3f s)", cpu_seconds(CLOCK_THREAD_CPUTIME_ID) - t0);
	CHECK(clock_getres(CLOCK_PROCESS_CPUTIME_ID, &res) == 0 && clock_getres(CLOCK_THREAD_CPUTIME_ID, &res) == 0,
	    "clock_getres of both");
}

/* POSIX timers on CPU clocks (glibc passes Linux's negative clock ids for them). */
static void
test_posix_cpu_timers(void)
{
	struct sigevent sev = { .sigev_notify = SIGEV_SIGNAL, .sigev_signo = SIGPROF };
	struct itimerspec v = { { 0, 50000000 }, { 0, 100000000 } }, cur;
	double c0, used;
	timer_t t;

	nprof = 0;
	CHECK(timer_create(CLOCK_PROCESS_CPUTIME_ID, &sev, &t) == 0,
	    "timer_create(CLOCK_PROCESS_CPUTIME_ID)");
	c0 = cpu_seconds(CLOCK_PROCESS_CPUTIME_ID);
	timer_settime(t, 0, &v, NULL);
	usleep(200000);
	CHECK(nprof == 0 && timer_gettime(t, &cur) == 0 && cur.it_value.tv_nsec > 50000000,
	    "it does not count while the process sleeps (%ld ns left)", cur.it_value.tv_nsec);
	while (nprof < 3)
		spin(CLOCK_PROCESS_CPUTIME_ID, 0.01, NULL);
	used = cpu_seconds(CLOCK_PROCESS_CPUTIME_ID) - c0;
	CHECK(used >= 0.15 && used < 1, "100 ms then every 50 ms of CPU time: three signals in ~200 ms (%.3f s)",
	    used);
	timer_delete(t);

	nprof = 0;
	CHECK(timer_create(CLOCK_THREAD_CPUTIME_ID, &sev, &t) == 0, "timer_create(CLOCK_THREAD_CPUTIME_ID)");
	v.it_interval.tv_nsec = 0;
	c0 = cpu_seconds(CLOCK_THREAD_CPUTIME_ID);
	timer_settime(t, 0, &v, NULL);
	spin(CLOCK_THREAD_CPUTIME_ID, 5, &nprof);
	used = cpu_seconds(CLOCK_THREAD_CPUTIME_ID) - c0;
	CHECK(nprof == 1 && used >= 0.07 && used < 0.5, "fires after 100 ms of the thread's time (%.3f s)", used);
	timer_delete(t);
}

int
main(int argc, char **argv)
{
	if (argc == 2 && strcmp(argv[1], "--after-exec") == 0)
		return after_exec();
	catch_siginfo(SIGVTALRM, on_sig, SA_RESTART);
	catch_siginfo(SIGPROF, on_sig, SA_RESTART);
	test_virtual();
	test_prof();
	test_prof_system();
	test_countdown();
	test_inheritance();
	test_clocks();
	test_posix_cpu_timers();
	CHECK_FAILS(setitimer(99, NULL, NULL), EINVAL, "setitimer of an unknown timer: EINVAL");
	CHECK_FAILS(getitimer(ITIMER_PROF + 1, NULL), EINVAL, "getitimer of an unknown timer: EINVAL");
	CHECK_FAILS(getitimer(ITIMER_VIRTUAL, (struct itimerval *)1), EFAULT, "getitimer to a bad pointer: EFAULT");
	CHECK_FAILS(setitimer(ITIMER_PROF, &(struct itimerval){ .it_value = { 0, 1000000 } }, NULL), EINVAL,
	    "tv_usec of a million: EINVAL");
	return check_done();
}
