/*
 * sig_timer - ITIMER_REAL: alarm(3), setitimer(2) and getitimer(2): SIGALRM
 * at expiry with si_code SI_KERNEL, a periodic timer's rate, the old value
 * returned, cancelling, a child starting without its parent's timer, and
 * the errors.
 */
#include "check.h"
#include <sys/time.h>

static volatile sig_atomic_t alarms, alarm_code;

static void
on_alrm(int sig, siginfo_t *si, void *uc)
{
	(void)sig, (void)uc;
	alarm_code = si->si_code;
	alarms++;
}

static double
tv_seconds(const struct timeval *tv)
{
	return tv->tv_sec + tv->tv_usec / 1e6;
}

static void
test_alarm(void)
{
	double t0 = now_seconds(CLOCK_MONOTONIC), took;

	alarms = 0;
	CHECK(alarm(1) == 0, "alarm(1): no earlier alarm");
	pause();
	took = now_seconds(CLOCK_MONOTONIC) - t0;
	CHECK(alarms == 1 && alarm_code == SI_KERNEL, "SIGALRM arrives, si_code SI_KERNEL (%d)", alarm_code);
	CHECK(took >= 0.99 && took < 3, "after a second (%.3f s)", took);
	CHECK(alarm(10) == 0 && alarm(0) >= 9, "alarm(0) cancels and returns the seconds left");
}

static void
test_periodic(void)
{
	struct itimerval v = { { 0, 50000 }, { 0, 50000 } }, cur, old;
	double t0 = now_seconds(CLOCK_MONOTONIC), took;

	alarms = 0;
	CHECK(setitimer(ITIMER_REAL, &v, NULL) == 0, "setitimer: every 50 ms");
	CHECK(getitimer(ITIMER_REAL, &cur) == 0 && tv_seconds(&cur.it_value) <= 0.05 &&
	    cur.it_interval.tv_usec == 50000, "getitimer: the time left and the interval");
	while (alarms < 5)
		pause();
	took = now_seconds(CLOCK_MONOTONIC) - t0;
	CHECK(took >= 0.24 && took < 2, "five periods take about 250 ms (%.3f s)", took);
	memset(&v, 0, sizeof(v));
	CHECK(setitimer(ITIMER_REAL, &v, &old) == 0 && old.it_interval.tv_usec == 50000 &&
	    tv_seconds(&old.it_value) <= 0.05, "setitimer returns the old setting and disarms");
	alarms = 0;
	usleep(150000);
	CHECK(alarms == 0, "no SIGALRM once disarmed (%d)", alarms);
	CHECK(getitimer(ITIMER_REAL, &cur) == 0 && cur.it_value.tv_sec == 0 && cur.it_value.tv_usec == 0,
	    "getitimer of a disarmed timer: zero");
}

static int
child_has_no_timer(void *arg)
{
	struct itimerval cur;

	(void)arg;
	return getitimer(ITIMER_REAL, &cur) == 0 && cur.it_value.tv_sec == 0 &&
	    cur.it_value.tv_usec == 0 ? 0 : 1;
}

static void
test_fork_and_errors(void)
{
	static const char *const why[] = { NULL, "the child has a timer" };
	struct itimerval v = { { 0, 0 }, { 5, 0 } };

	setitimer(ITIMER_REAL, &v, NULL);
	check_child(run_child(child_has_no_timer, NULL), why, 2, "a child does not inherit ITIMER_REAL");
	alarm(0);
	v.it_value.tv_usec = 1000000;
	CHECK_FAILS(setitimer(ITIMER_REAL, &v, NULL), EINVAL, "tv_usec of a million: EINVAL");
	CHECK_FAILS(setitimer(99, &v, NULL), EINVAL, "an unknown timer: EINVAL");
}

/* A busy child killed by its own SIGALRM (the default action). */
static int
alarm_kills(void *arg)
{
	double t0 = now_seconds(CLOCK_MONOTONIC);

	(void)arg;
	signal(SIGALRM, SIG_DFL);
	alarm(1);
	while (now_seconds(CLOCK_MONOTONIC) - t0 < 10)
		;
	return 1;
}

int
main(void)
{
	struct sigaction sa = { .sa_sigaction = on_alrm, .sa_flags = SA_SIGINFO };

	sigemptyset(&sa.sa_mask);
	sigaction(SIGALRM, &sa, NULL);
	test_alarm();
	test_periodic();
	test_fork_and_errors();
	check_status(run_child(alarm_kills, NULL), W_EXITCODE(0, SIGALRM),
	    "SIGALRM's default action ends a busy process");
	return check_done();
}
