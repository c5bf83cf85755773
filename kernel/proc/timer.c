/*
 * Time and timers.
 *
 * Each hart has its own sorted list of pending timers and programs its SBI
 * timer for the earlier of its next scheduling tick and its first timer. A
 * timer runs on the hart that added it. timer_cancel() waits for a callback
 * that is running, so after it returns the timer's memory may be reused.
 */
#include <timer.h>
#include <sched.h>
#include <spinlock.h>
#include <riscv.h>
#include <sbi.h>
#include <wait.h>
#include <posix_timer.h>

struct timer_base {
	spinlock_t lock;		/* protects list, running and the timers' link/queued */
	struct list_head list;		/* sorted by expires */
	struct timer *running;		/* callback in progress, or NULL */
};

static struct timer_base bases[NR_CPUS];
static uint64_t timebase_hz;
static uint64_t tick_period;
static uint64_t boot_time;

void
time_init(uint64_t hz)
{
	timebase_hz = hz;
	tick_period = hz / HZ;
	boot_time = rdtime();
	for (int i = 0; i < NR_CPUS; i++) {
		spin_init(&bases[i].lock, "timer_base");
		list_init(&bases[i].list);
	}
}

uint64_t
time_now(void)
{
	return rdtime() - boot_time;
}

uint64_t
ns_to_ticks(uint64_t ns)
{
	/* Split to avoid overflow for long durations: ns * hz can pass 2^64. */
	return (ns / NSEC_PER_SEC) * timebase_hz +
	    (ns % NSEC_PER_SEC) * timebase_hz / NSEC_PER_SEC;
}

uint64_t
ticks_to_ns(uint64_t ticks)
{
	return (ticks / timebase_hz) * NSEC_PER_SEC +
	    (ticks % timebase_hz) * NSEC_PER_SEC / timebase_hz;
}

uint64_t
uptime_ns(void)
{
	return ticks_to_ns(time_now());
}

/* Program this hart's timer; base->lock held. Times are absolute rdtime values. */
static void
program_timer(struct cpu *c, struct timer_base *b)
{
	uint64_t next = c->next_tick;
	struct timer *t = list_first_entry_or_null(&b->list, struct timer, link);

	if (t != NULL && t->expires + boot_time < next)
		next = t->expires + boot_time;
	sbi_set_timer(next);
}

void
timer_cpu_init(void)
{
	struct cpu *c = mycpu();
	struct timer_base *b = &bases[c->id];

	spin_lock(&b->lock);
	c->next_tick = rdtime() + tick_period;
	program_timer(c, b);
	spin_unlock(&b->lock);
}

void
timer_init(struct timer *t, void (*fn)(struct timer *))
{
	list_init(&t->link);
	t->fn = fn;
	t->cpu = -1;
	t->expires = 0;
}

void
timer_add(struct timer *t, uint64_t expires)
{
	struct timer_base *b;
	struct timer *pos;
	struct cpu *c;

	push_off();
	c = mycpu();
	b = &bases[c->id];
	spin_lock(&b->lock);
	t->expires = expires;
	t->cpu = c->id;
	list_for_each_entry(pos, &b->list, link) {
		if (pos->expires > expires)
			break;
	}
	list_add_tail(&t->link, &pos->link);
	program_timer(c, b);
	spin_unlock(&b->lock);
	pop_off();
}

bool
timer_cancel(struct timer *t)
{
	for (;;) {
		int cpu = READ_ONCE(t->cpu);
		struct timer_base *b;

		if (cpu < 0)
			return false;
		b = &bases[cpu];
		spin_lock(&b->lock);
		if (t->cpu != cpu) {
			spin_unlock(&b->lock);
			continue;
		}
		if (!list_empty(&t->link)) {
			list_del(&t->link);
			t->cpu = -1;
			spin_unlock(&b->lock);
			return true;
		}
		if (b->running != t) {
			t->cpu = -1;
			spin_unlock(&b->lock);
			return false;
		}
		spin_unlock(&b->lock);
		cpu_relax();
	}
}

/* Run the expired timers of this hart; called with interrupts off. */
static void
run_timers(struct timer_base *b)
{
	uint64_t now = time_now();
	struct timer *t;

	spin_lock(&b->lock);
	while ((t = list_first_entry_or_null(&b->list, struct timer, link)) != NULL &&
	    t->expires <= now) {
		list_del(&t->link);
		b->running = t;
		spin_unlock(&b->lock);
		t->fn(t);
		spin_lock(&b->lock);
		b->running = NULL;
	}
	spin_unlock(&b->lock);
}

void
timer_interrupt(void)
{
	/* Where the interrupt came from: sstatus.SPP holds it until the next trap. */
	bool from_user = (csr_read(sstatus) & SSTATUS_SPP) == 0;
	struct cpu *c = mycpu();
	struct timer_base *b = &bases[c->id];
	uint64_t now = rdtime();

	run_timers(b);
	if (now >= c->next_tick) {
		/* Skip ticks missed while the hart was busy: they carry no work. */
		while (c->next_tick <= now)
			c->next_tick += tick_period;
		sched_tick();
		/*
		 * One tick's CPU time, as Linux charges: ticks missed while QEMU's
		 * host held the hart up were not this thread's to spend.
		 */
		cputime_tick(from_user, NSEC_PER_SEC / HZ);
	}
	spin_lock(&b->lock);
	program_timer(c, b);
	spin_unlock(&b->lock);
}

static void
sleeper_expired(struct timer *t)
{
	struct sleeper_timer *st = container_of(t, struct sleeper_timer, timer);

	smp_store_release(&st->expired, 1);
	thread_wake(st->thread);
}

void
sleeper_timer_start(struct sleeper_timer *st, uint64_t deadline)
{
	st->thread = current;
	st->expired = 0;
	timer_init(&st->timer, sleeper_expired);
	timer_add(&st->timer, deadline);
}

void
sleep_ns(uint64_t ns)
{
	struct sleeper_timer st;

	sleeper_timer_start(&st, time_now() + ns_to_ticks(ns));
	for (;;) {
		set_current_state(TASK_UNINTERRUPTIBLE);
		if (smp_load_acquire(&st.expired))
			break;
		schedule();
	}
	set_current_state(TASK_RUNNING);
	timer_cancel(&st.timer);
}
