/*
 * futex: the raw system call - FUTEX_WAIT's value check and timeout,
 * FUTEX_WAKE's count, FUTEX_WAIT_BITSET/FUTEX_WAKE_BITSET, FUTEX_CMP_REQUEUE,
 * and a futex word in MAP_SHARED memory between two processes.
 */
#include "check.h"

#include <limits.h>
#include <linux/futex.h>
#include <pthread.h>
#include <stdatomic.h>
#include <sys/mman.h>
#include <sys/syscall.h>

#define NWAITERS	4
#define TIMEOUT_NS	100000000L	/* 100 ms */
#define NSEC_PER_SEC	1000000000L
#define POLL_NS		1000000L	/* between looks at sleeping waiters */
#define PATIENCE_S	10.0		/* for waiters to fall asleep */

static long
futex(_Atomic int *uaddr, int op, int val, const struct timespec *timeout,
      _Atomic int *uaddr2, int val3)
{
	return syscall(SYS_futex, uaddr, op, val, timeout, uaddr2, val3);
}

static void
pause_briefly(void)
{
	struct timespec ts = { 0, POLL_NS };

	nanosleep(&ts, NULL);
}

static void
timeouts(void)
{
	struct timespec rel = { 0, TIMEOUT_NS }, abs;
	_Atomic int word = 0;
	double start = now_seconds(CLOCK_MONOTONIC), waited;

	CHECK_FAILS(futex(&word, FUTEX_WAIT_PRIVATE, 0, &rel, NULL, 0), ETIMEDOUT,
		    "FUTEX_WAIT with a 100 ms timeout fails with ETIMEDOUT");
	waited = now_seconds(CLOCK_MONOTONIC) - start;
	CHECK(waited >= TIMEOUT_NS / 1e9, "FUTEX_WAIT slept at least 100 ms (%.3f s)", waited);

	clock_gettime(CLOCK_MONOTONIC, &abs);
	abs.tv_nsec += TIMEOUT_NS;
	if (abs.tv_nsec >= NSEC_PER_SEC) {
		abs.tv_sec++;
		abs.tv_nsec -= NSEC_PER_SEC;
	}
	CHECK_FAILS(futex(&word, FUTEX_WAIT_BITSET_PRIVATE, 0, &abs, NULL,
			  FUTEX_BITSET_MATCH_ANY), ETIMEDOUT,
		    "FUTEX_WAIT_BITSET with an absolute deadline fails with ETIMEDOUT");
	CHECK(now_seconds(CLOCK_MONOTONIC) >= abs.tv_sec + abs.tv_nsec / 1e9,
	      "FUTEX_WAIT_BITSET returned no earlier than its deadline");

	CHECK_FAILS(futex(&word, FUTEX_WAIT_PRIVATE, 1, &rel, NULL, 0), EAGAIN,
		    "FUTEX_WAIT on a word that differs from val fails with EAGAIN");
	CHECK(futex(&word, FUTEX_WAKE_PRIVATE, INT_MAX, NULL, NULL, 0) == 0,
	      "FUTEX_WAKE with no waiters wakes 0");
}

/* A thread that sleeps once on word, with its bitset, and records the result. */
struct waiter {
	pthread_t thread;
	_Atomic int *word;
	int bitset;
	_Atomic long ret;
	_Atomic bool done;
};

static void *
wait_once(void *arg)
{
	struct waiter *w = arg;

	w->ret = futex(w->word, FUTEX_WAIT_BITSET_PRIVATE, 0, NULL, NULL, w->bitset);
	w->done = true;
	return NULL;
}

static bool
start_waiters(struct waiter *w, int n, _Atomic int *word, const int *bitsets)
{
	for (int i = 0; i < n; i++) {
		w[i] = (struct waiter){ .word = word, .bitset = bitsets[i] };
		if (pthread_create(&w[i].thread, NULL, wait_once, &w[i]) != 0)
			return false;
	}
	return true;
}

static bool
all_woke_cleanly(struct waiter *w, int n)
{
	for (int i = 0; i < n; i++)
		if (!w[i].done || w[i].ret != 0)
			return false;
	return true;
}

/*
 * Move sleepers from `from` to `to` with FUTEX_CMP_REQUEUE until n have been
 * moved: then all n are known to be asleep on `to`, and wake counts on it
 * are exact. Returns how many were moved.
 */
static long
gather(_Atomic int *from, _Atomic int *to, int n)
{
	double deadline = now_seconds(CLOCK_MONOTONIC) + PATIENCE_S;
	long moved = 0, r;

	while (moved < n && now_seconds(CLOCK_MONOTONIC) < deadline) {
		r = futex(from, FUTEX_CMP_REQUEUE_PRIVATE, 0, (void *)(long)INT_MAX, to, 0);
		if (r < 0)
			return r;
		moved += r;
		if (moved < n)
			pause_briefly();
	}
	return moved;
}

static void
wake_counts(void)
{
	static const int any[NWAITERS] = { FUTEX_BITSET_MATCH_ANY, FUTEX_BITSET_MATCH_ANY,
					   FUTEX_BITSET_MATCH_ANY, FUTEX_BITSET_MATCH_ANY };
	_Atomic int word = 0, other = 0;
	struct waiter w[NWAITERS];
	long r;

	if (!CHECK(start_waiters(w, NWAITERS, &word, any), "start %d waiters", NWAITERS))
		return;
	r = gather(&word, &other, NWAITERS);
	CHECK(r == NWAITERS, "FUTEX_CMP_REQUEUE moves all %d sleepers (%ld)", NWAITERS, r);
	CHECK_FAILS(futex(&other, FUTEX_CMP_REQUEUE_PRIVATE, 0, (void *)(long)INT_MAX, &word,
			  1), EAGAIN, "FUTEX_CMP_REQUEUE with a stale val3 fails with EAGAIN");
	r = futex(&word, FUTEX_WAKE_PRIVATE, INT_MAX, NULL, NULL, 0);
	CHECK(r == 0, "FUTEX_WAKE on the word they left wakes none (%ld)", r);
	r = futex(&other, FUTEX_WAKE_PRIVATE, 2, NULL, NULL, 0);
	CHECK(r == 2, "FUTEX_WAKE of 2 wakes exactly 2 (%ld)", r);
	r = futex(&other, FUTEX_WAKE_PRIVATE, INT_MAX, NULL, NULL, 0);
	CHECK(r == NWAITERS - 2, "FUTEX_WAKE of all wakes the other %d (%ld)",
	      NWAITERS - 2, r);
	for (int i = 0; i < NWAITERS; i++)
		pthread_join(w[i].thread, NULL);
	check_why(all_woke_cleanly(w, NWAITERS), NULL, "every woken waiter returns 0");
}

/*
 * Wake (op is a FUTEX_WAKE variant) until a sleeper answers: a waiter that
 * has not gone to sleep yet cannot be woken. Returns the number woken.
 */
static long
wake_patiently(_Atomic int *word, int op, int bitset)
{
	double deadline = now_seconds(CLOCK_MONOTONIC) + PATIENCE_S;
	long r;

	while ((r = futex(word, op, INT_MAX, NULL, NULL, bitset)) == 0 &&
	       now_seconds(CLOCK_MONOTONIC) < deadline)
		pause_briefly();
	return r;
}

static void
bitsets(void)
{
	static const int bits[2] = { 1 << 0, 1 << 1 };
	_Atomic int word = 0;
	struct waiter w[2];
	long r;

	if (!CHECK(start_waiters(w, 2, &word, bits), "start 2 waiters with bitsets 1 and 2"))
		return;
	r = wake_patiently(&word, FUTEX_WAKE_BITSET_PRIVATE, bits[1]);
	CHECK(r == 1, "FUTEX_WAKE_BITSET 2 wakes exactly one waiter (%ld)", r);
	pthread_join(w[1].thread, NULL);
	check_why(w[1].done && !w[0].done, "the wrong waiter woke",
		  "it is the waiter on bitset 2");
	r = wake_patiently(&word, FUTEX_WAKE_BITSET_PRIVATE, bits[0]);
	CHECK(r == 1, "FUTEX_WAKE_BITSET 1 wakes the other (%ld)", r);
	pthread_join(w[0].thread, NULL);
	CHECK_FAILS(futex(&word, FUTEX_WAIT_BITSET_PRIVATE, 0, NULL, NULL, 0), EINVAL,
		    "FUTEX_WAIT_BITSET with an empty bitset fails with EINVAL");
}

/* A shared (not _PRIVATE) futex in MAP_SHARED memory: a child sleeps on it. */
static void
across_processes(void)
{
	_Atomic int *word = mmap(NULL, sizeof(*word), PROT_READ | PROT_WRITE,
				 MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	int status = -1;
	long woken;
	pid_t pid;

	if (!CHECK(word != MAP_FAILED, "mmap a MAP_SHARED futex word"))
		return;
	*word = 0;
	pid = fork();
	if (pid == 0)
		_exit(futex(word, FUTEX_WAIT, 0, NULL, NULL, 0) == 0 ? 0 : 1);
	woken = wake_patiently(word, FUTEX_WAKE, 0);
	CHECK(woken == 1, "FUTEX_WAKE in the parent wakes the child sleeping on shared memory");
	if (pid > 0)
		waitpid(pid, &status, 0);
	check_status(status, W_EXITCODE(0, 0), "the child's FUTEX_WAIT returns 0");
	munmap(word, sizeof(*word));
}

int
main(void)
{
	timeouts();
	wake_counts();
	bitsets();
	across_processes();
	return check_done();
}
