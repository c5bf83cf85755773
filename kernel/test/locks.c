/* Self-tests: many threads on every hart increment shared counters under locks. */
#include <sched.h>
#include <spinlock.h>
#include <mutex.h>
#include "selftest_impl.h"

/*
 * Totals, shared out among the threads. Fixed totals keep the run short at
 * any hart count: under QEMU with more harts than host cores, every handoff
 * of a fair lock may wait for the host to schedule the next hart in line.
 */
#define SPIN_TOTAL	4000
#define MUTEX_TOTAL	2000

static struct {
	spinlock_t lock;
	struct mutex mutex;
	unsigned long value;	/* under lock or mutex, depending on the test */
	unsigned long racy;	/* mirrors value; checks the critical section excludes */
} shared;

static int per_thread;	/* iterations of each worker in the current test */

static void
spin_worker(void *arg)
{
	for (int i = 0; i < per_thread; i++) {
		spin_lock(&shared.lock);
		unsigned long v = shared.racy;

		shared.value++;
		WRITE_ONCE(shared.racy, v + 1);
		spin_unlock(&shared.lock);
	}
}

/* Run n workers over per_thread iterations each and check both counters. */
static bool
counter_test(void (*worker)(void *), int total, char *detail, size_t size)
{
	int n = nr_cpus * ST_THREADS_PER_CPU;
	unsigned long want;

	per_thread = total / n;
	want = (unsigned long)n * per_thread;
	shared.value = shared.racy = 0;
	if (!run_threads(worker, NULL, 0, n)) {
		snprintf(detail, size, "cannot start %d threads", n);
		return false;
	}
	snprintf(detail, size, "%d threads, counter %lu of %lu", n, shared.value, want);
	return shared.value == want && shared.racy == want;
}

bool
test_spinlock_counter(char *detail, size_t size)
{
	spin_init(&shared.lock, "selftest");
	return counter_test(spin_worker, SPIN_TOTAL, detail, size);
}

/* Sleeps while holding the mutex now and then, so waiters really block. */
static void
mutex_worker(void *arg)
{
	for (int i = 0; i < per_thread; i++) {
		mutex_lock(&shared.mutex);
		unsigned long v = shared.racy;

		if (i % 64 == 0)
			yield();
		shared.value++;
		WRITE_ONCE(shared.racy, v + 1);
		mutex_unlock(&shared.mutex);
	}
}

bool
test_mutex_counter(char *detail, size_t size)
{
	mutex_init(&shared.mutex, "selftest");
	return counter_test(mutex_worker, MUTEX_TOTAL, detail, size);
}
