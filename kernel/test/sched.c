/*
 * Self-tests of sleeping and waking: a bounded buffer through wait queues,
 * ping-pong between pairs of threads, migration of queued work to idle harts,
 * and timed sleeps.
 */
#include <sched.h>
#include <wait.h>
#include <timer.h>
#include "selftest_impl.h"

#define BUFFER_SLOTS	8
#define ITEMS_TOTAL	2000	/* shared out among producers; see locks.c */
#define PING_ROUNDS	200

/* A bounded buffer; lock protects everything but the wait queues. */
static struct {
	spinlock_t lock;
	struct waitq not_full, not_empty;
	unsigned long slots[BUFFER_SLOTS];
	unsigned head, tail;
	unsigned long produced_sum, consumed_sum, consumed_count;
	unsigned long to_consume;	/* items still expected by consumers */
} buf;

static unsigned long items_per_producer;

static void
producer(void *arg)
{
	unsigned long id = (unsigned long)(uintptr_t)arg;

	for (unsigned long i = 1; i <= items_per_producer; i++) {
		unsigned long item = id * 1000000 + i;

		spin_lock(&buf.lock);
		wait_event_locked(&buf.not_full, buf.head - buf.tail < BUFFER_SLOTS, &buf.lock);
		buf.slots[buf.head++ % BUFFER_SLOTS] = item;
		buf.produced_sum += item;
		spin_unlock(&buf.lock);
		wake_up_one(&buf.not_empty);
	}
}

static void
consumer(void *arg)
{
	for (;;) {
		spin_lock(&buf.lock);
		wait_event_locked(&buf.not_empty,
		    buf.head != buf.tail || buf.to_consume == 0, &buf.lock);
		if (buf.head == buf.tail) {
			spin_unlock(&buf.lock);
			wake_up_all(&buf.not_empty);	/* let the other consumers see the end */
			return;
		}
		buf.consumed_sum += buf.slots[buf.tail++ % BUFFER_SLOTS];
		buf.consumed_count++;
		buf.to_consume--;
		spin_unlock(&buf.lock);
		wake_up_one(&buf.not_full);
	}
}

struct pc_role {
	void (*fn)(void *);
	unsigned long id;
};

static void
pc_dispatch(void *arg)
{
	struct pc_role *r = arg;

	r->fn((void *)(uintptr_t)r->id);
}

bool
test_producer_consumer(char *detail, size_t size)
{
	int producers = nr_cpus * 2, consumers = nr_cpus * 2;
	struct pc_role roles[ST_MAX_THREADS];
	unsigned long want;

	items_per_producer = ITEMS_TOTAL / producers;
	want = (unsigned long)producers * items_per_producer;

	spin_init(&buf.lock, "selftest_buffer");
	waitq_init(&buf.not_full);
	waitq_init(&buf.not_empty);
	buf.head = buf.tail = 0;
	buf.produced_sum = buf.consumed_sum = buf.consumed_count = 0;
	buf.to_consume = want;
	for (int i = 0; i < producers + consumers; i++)
		roles[i] = (struct pc_role){ i % 2 ? consumer : producer, (unsigned long)i / 2 + 1 };
	if (!run_threads(pc_dispatch, roles, sizeof(roles[0]), producers + consumers)) {
		snprintf(detail, size, "cannot start threads");
		return false;
	}
	snprintf(detail, size, "%d producers, %d consumers, %lu of %lu items, sums %s",
	    producers, consumers, buf.consumed_count, want,
	    buf.produced_sum == buf.consumed_sum ? "match" : "DIFFER");
	return buf.consumed_count == want && buf.produced_sum == buf.consumed_sum;
}

/* Two threads pass a token back and forth; each round is two wake-ups. */
struct ping {
	spinlock_t lock;
	struct waitq wq;
	int turn;		/* 0 or 1: whose move it is */
	unsigned long rounds;
};

struct ping_arg {
	struct ping *p;
	int side;
};

static void
ping_worker(void *arg)
{
	struct ping_arg *a = arg;
	struct ping *p = a->p;

	for (int i = 0; i < PING_ROUNDS; i++) {
		spin_lock(&p->lock);
		wait_event_locked(&p->wq, p->turn == a->side, &p->lock);
		p->turn = !a->side;
		p->rounds++;
		spin_unlock(&p->lock);
		wake_up_all(&p->wq);
	}
}

bool
test_ping_pong(char *detail, size_t size)
{
	enum { PAIRS = 4 };
	static struct ping pings[PAIRS];
	struct ping_arg args[2 * PAIRS];
	unsigned long total = 0;

	for (int i = 0; i < PAIRS; i++) {
		spin_init(&pings[i].lock, "selftest_ping");
		waitq_init(&pings[i].wq);
		pings[i].turn = 0;
		pings[i].rounds = 0;
		args[2 * i] = (struct ping_arg){ &pings[i], 0 };
		args[2 * i + 1] = (struct ping_arg){ &pings[i], 1 };
	}
	if (!run_threads(ping_worker, args, sizeof(args[0]), 2 * PAIRS)) {
		snprintf(detail, size, "cannot start threads");
		return false;
	}
	for (int i = 0; i < PAIRS; i++)
		total += pings[i].rounds;
	snprintf(detail, size, "%d pairs, %lu moves of %d", PAIRS, total,
	    PAIRS * 2 * PING_ROUNDS);
	return total == (unsigned long)PAIRS * 2 * PING_ROUNDS;
}

/*
 * All threads start queued on hart 0 and spin for a while; idle harts must
 * steal them, so the threads together run on every hart.
 */
static unsigned long harts_used;	/* bit per cpu id, atomic */

static void
spinner(void *arg)
{
	uint64_t end = time_now() + ns_to_ticks(50000000);	/* 50 ms */

	while (time_now() < end) {
		push_off();
		__atomic_fetch_or(&harts_used, 1UL << mycpu()->id, __ATOMIC_RELAXED);
		pop_off();
	}
}

static bool
spawn_on_cpu0(int n)
{
	struct thread *threads[ST_MAX_THREADS];
	bool ok = true;

	for (int i = 0; i < n; i++) {
		threads[i] = kthread_run(spinner, NULL, "spinner", 0, false);
		ok = ok && threads[i] != NULL;
	}
	for (int i = 0; i < n; i++) {
		if (threads[i] != NULL)
			kthread_join(threads[i]);
	}
	return ok;
}

bool
test_migration(char *detail, size_t size)
{
	unsigned long all = nr_cpus >= 64 ? ~0UL : (1UL << nr_cpus) - 1;
	int n = 2 * nr_cpus;

	harts_used = 0;
	if (!spawn_on_cpu0(n)) {
		snprintf(detail, size, "cannot start threads");
		return false;
	}
	snprintf(detail, size, "%d threads queued on hart 0 ran on harts mask 0x%lx", n,
	    harts_used);
	return harts_used == all;
}

/* Sleep durations must be at least what was asked, and not wildly more. */
static void
sleeper(void *arg)
{
	uint64_t *elapsed = arg;
	uint64_t start = uptime_ns();

	sleep_ns(20000000);	/* 20 ms */
	*elapsed = uptime_ns() - start;
}

bool
test_timer_sleep(char *detail, size_t size)
{
	uint64_t elapsed[ST_MAX_THREADS];
	int n = nr_cpus * 2;
	uint64_t min = ~0UL, max = 0;

	if (!run_threads(sleeper, elapsed, sizeof(elapsed[0]), n)) {
		snprintf(detail, size, "cannot start threads");
		return false;
	}
	for (int i = 0; i < n; i++) {
		min = MIN(min, elapsed[i]);
		max = MAX(max, elapsed[i]);
	}
	snprintf(detail, size, "%d sleeps of 20 ms took %lu..%lu us", n, min / 1000, max / 1000);
	/* TCG on a loaded host can delay a wake-up, never advance it. */
	return min >= 20000000 && max < 2000000000;
}
