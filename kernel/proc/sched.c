/*
 * The scheduler: one run queue per hart, round robin with a time slice,
 * wake-ups that send an IPI to an idle hart, and idle harts that steal work
 * from the busiest queue so that no hart idles while another has threads
 * waiting.
 *
 * Locking: rq->lock protects the queue, rq->curr and, for every thread
 * queued or running there, ->state transitions made by wakers, ->on_rq and
 * ->cpu. A thread sets its own state to sleeping without the lock (see
 * set_current_state()); schedule() reads it under the lock. The lock is taken
 * by the thread that calls switch_to() and released by the thread switched
 * to (finish_switch), so it is held across the whole switch.
 *
 * Affinity: a thread runs only on the harts of its cpus_allowed. A running
 * thread that finds itself on a hart it may no longer use leaves the queue in
 * __schedule() and is placed on an allowed hart by finish_switch(), once its
 * old hart is off its stack.
 *
 * Lock order: thread->wake_lock, then rq->lock; two rq locks only in
 * steal_work(), taken with trylock so no order is needed between them.
 */
#include <sched.h>
#include <procfs.h>
#include <smp.h>
#include <timer.h>
#include <riscv.h>
#include <panic.h>
#include <string.h>
#include <vm.h>
#include <proc.h>

#define SLICE_NS	10000000UL	/* 10 ms */

struct cpu cpus[NR_CPUS];
int nr_cpus;

void
sched_init_cpu(struct cpu *c, struct thread *idle)
{
	spin_init(&c->rq.lock, "runqueue");
	list_init(&c->rq.queue);
	c->rq.curr = idle;
	c->idle = idle;
	idle->cpu = c;
	idle->on_rq = true;
	idle->on_cpu = 1;
	idle->state = TASK_RUNNING;
	idle->is_idle = true;
}

static void
enqueue(struct runqueue *rq, struct thread *t)
{
	list_add_tail(&t->rq_link, &rq->queue);
	rq->nr_queued++;
}

static void
dequeue(struct runqueue *rq, struct thread *t)
{
	list_del(&t->rq_link);
	rq->nr_queued--;
}

static struct thread *
dequeue_first(struct runqueue *rq)
{
	struct thread *t = list_first_entry_or_null(&rq->queue, struct thread, rq_link);

	if (t != NULL)
		dequeue(rq, t);
	return t;
}

static bool
cpu_allowed(struct thread *t, struct cpu *c)
{
	return READ_ONCE(t->cpus_allowed) & (1UL << c->id);
}

static void place_thread(struct thread *t);

/* Runs on the new thread's stack with rq->lock held by the switch. */
void fpu_save(struct fpu_state *s);

void
finish_switch(struct thread *prev)
{
	struct cpu *c = mycpu();
	struct mm *drop = c->mm_to_drop;
	bool dead = prev->state == TASK_DEAD;

	/* Runnable yet off the queue: it left a hart it may no longer use. */
	bool migrating = !dead && prev->state == TASK_RUNNING && !prev->on_rq;

	c->mm_to_drop = NULL;
	if (!dead)
		smp_store_release(&prev->on_cpu, 0);
	spin_unlock(&c->rq.lock);
	if (drop != NULL)
		mm_drop(drop);
	if (dead)
		thread_reap(prev);
	if (migrating)
		place_thread(prev);
}

/*
 * Before leaving prev: save its user FP registers if it changed them (the
 * hart keeps them otherwise), and load next's address space. A kernel thread
 * borrows whatever is loaded; the hart holds a reference on it so it cannot
 * be freed under the borrowed satp.
 */
static void
switch_user_state(struct cpu *c, struct thread *prev, struct thread *next)
{
	struct mm *mm;

	if (prev->utf != NULL && (prev->utf->sstatus & SSTATUS_FS) == SSTATUS_FS_DIRTY) {
		fpu_save(&prev->fpu);
		prev->utf->sstatus = (prev->utf->sstatus & ~SSTATUS_FS) | SSTATUS_FS_CLEAN;
		c->fpu_owner = prev;
	}
	if (next->proc == NULL || (mm = next->proc->mm) == NULL || mm == c->active_mm)
		return;
	mm_grab(mm);
	c->mm_to_drop = c->active_mm;
	c->active_mm = mm;
	mm_switch(c->mm_to_drop, mm);
}

/*
 * Pick the next thread and switch to it. A preempted thread stays runnable
 * whatever its state says: it may have been caught between marking itself
 * asleep and calling schedule(), and will call schedule() itself. A dead
 * one never does: finish_switch() reaps it, so it must leave the queue.
 */
static void
__schedule(bool preempted)
{
	struct thread *prev = current, *next;
	struct cpu *c;
	struct runqueue *rq;
	bool intena;

	push_off();
	c = mycpu();
	rq = &c->rq;
	spin_lock(&rq->lock);
	pop_off();		/* the rq lock keeps interrupts off from here */
	c->need_resched = false;
	if (prev->state == TASK_DEAD || (prev->state != TASK_RUNNING && !preempted))
		prev->on_rq = false;
	else if (prev->is_idle)
		;
	else if (prev->state == TASK_RUNNING && !cpu_allowed(prev, c))
		prev->on_rq = false;	/* finish_switch() moves it */
	else
		enqueue(rq, prev);
	next = dequeue_first(rq);
	if (next == NULL)
		next = prev->on_rq ? prev : c->idle;
	if (next == prev) {
		spin_unlock(&rq->lock);
		return;
	}
	next->cpu = c;
	next->on_cpu = 1;
	next->slice_end = time_now() + ns_to_ticks(SLICE_NS);
	rq->curr = next;
	switch_user_state(c, prev, next);
	intena = c->intena;
	prev = switch_to(prev, next);
	mycpu()->intena = intena;
	finish_switch(prev);
}

void
schedule(void)
{
	__schedule(false);
}

void
preempt_schedule(void)
{
	__schedule(true);
}

void
yield(void)
{
	__schedule(true);
}

/*
 * Among the harts the thread may use: its last one if idle, else an idle one,
 * else its last one, else the first allowed.
 */
static struct cpu *
select_cpu(struct thread *t)
{
	struct cpu *last = t->cpu, *first = NULL;

	if (last != NULL && cpu_allowed(t, last) && READ_ONCE(last->rq.curr) == last->idle)
		return last;
	for (int i = 0; i < nr_cpus; i++) {
		struct cpu *c = &cpus[i];

		if (!c->online || !cpu_allowed(t, c))
			continue;
		if (READ_ONCE(c->rq.curr) == c->idle && READ_ONCE(c->rq.nr_queued) == 0)
			return c;
		if (first == NULL)
			first = c;
	}
	if (last != NULL && cpu_allowed(t, last))
		return last;
	return first != NULL ? first : &cpus[0];
}

/*
 * Work was queued behind a busy thread on c: kick one idle hart, which will
 * steal it, rather than let it wait for the busy thread's time slice.
 */
static void
kick_idle_hart(struct cpu *c)
{
	for (int i = 0; i < nr_cpus; i++) {
		struct cpu *other = &cpus[i];

		if (other != c && READ_ONCE(other->in_idle)) {
			smp_send_ipi(i, IPI_RESCHEDULE);
			return;
		}
	}
}

/*
 * Make a sleeping thread runnable. Returns false if it was not asleep.
 * If it has not yet left its hart (it marked itself asleep but schedule()
 * has not taken it off the queue), setting TASK_RUNNING is enough: schedule()
 * will see it and keep it.
 */
static bool
wake_if(struct thread *t, bool uninterruptible_too)
{
	struct runqueue *rq;
	int state;

	spin_lock(&t->wake_lock);
	state = __atomic_load_n(&t->state, __ATOMIC_SEQ_CST);
	if (state != TASK_INTERRUPTIBLE &&
	    !(uninterruptible_too && state == TASK_UNINTERRUPTIBLE)) {
		spin_unlock(&t->wake_lock);
		return false;
	}
	rq = &t->cpu->rq;
	spin_lock(&rq->lock);
	if (t->on_rq) {
		/*
		 * Still on its hart, so it may change its own state meanwhile
		 * (found its condition true, ran on, even exited): only the
		 * sleep we saw may be ended.
		 */
		bool woken = __atomic_compare_exchange_n(&t->state, &state, TASK_RUNNING,
		    false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);

		spin_unlock(&rq->lock);
		spin_unlock(&t->wake_lock);
		return woken;
	}
	spin_unlock(&rq->lock);
	/* Off the queue: wait until its old hart has left its stack. */
	while (smp_load_acquire(&t->on_cpu))
		cpu_relax();
	t->state = TASK_RUNNING;
	place_thread(t);
	spin_unlock(&t->wake_lock);
	return true;
}

/*
 * Queue a runnable thread that is on no queue and no hart (just woken, or
 * migrating) on a hart it may use, and get that hart to look at it.
 */
static void
place_thread(struct thread *t)
{
	struct cpu *target = select_cpu(t);

	spin_lock(&target->rq.lock);
	t->cpu = target;
	t->on_rq = true;
	enqueue(&target->rq, t);
	spin_unlock(&target->rq.lock);
	if (READ_ONCE(target->rq.curr) == target->idle) {
		if (target != mycpu())
			smp_send_ipi(target->id, IPI_RESCHEDULE);
		else
			target->need_resched = true;
	} else {
		kick_idle_hart(target);
	}
}

bool
thread_wake(struct thread *t)
{
	return wake_if(t, true);
}

/* A signal wakes only interruptible sleepers. */
bool
thread_wake_interruptible(struct thread *t)
{
	return wake_if(t, false);
}

/* Timer tick: end the slice of a thread that has others waiting behind it. */
void
sched_tick(void)
{
	struct cpu *c = mycpu();
	struct thread *t = current;

	if (t->is_idle)
		c->need_resched = READ_ONCE(c->rq.nr_queued) > 0;
	else if (time_now() >= t->slice_end && READ_ONCE(c->rq.nr_queued) > 0)
		c->need_resched = true;
	loadavg_tick();
}

/* The first thread queued on rq (its lock held) that may run on c. */
static struct thread *
first_allowed(struct runqueue *rq, struct cpu *c)
{
	struct thread *t;

	list_for_each_entry(t, &rq->queue, rq_link) {
		if (cpu_allowed(t, c))
			return t;
	}
	return NULL;
}

/*
 * Take one queued thread from the busiest other hart. trylock on the remote
 * queue: an idle hart must never deadlock against a busy one stealing back.
 */
static bool
steal_work(struct cpu *self)
{
	struct cpu *busiest = NULL;
	struct thread *t;

	for (int i = 0; i < nr_cpus; i++) {
		struct cpu *c = &cpus[i];

		if (c != self && READ_ONCE(c->rq.nr_queued) > 0 &&
		    (busiest == NULL || c->rq.nr_queued > busiest->rq.nr_queued))
			busiest = c;
	}
	if (busiest == NULL || !spin_trylock(&busiest->rq.lock))
		return false;
	t = first_allowed(&busiest->rq, self);
	if (t != NULL) {
		dequeue(&busiest->rq, t);
		/* Queued threads are never on_cpu: the switch that queued them finished. */
		spin_lock(&self->rq.lock);
		t->cpu = self;
		enqueue(&self->rq, t);
		spin_unlock(&self->rq.lock);
	}
	spin_unlock(&busiest->rq.lock);
	return t != NULL;
}

void
idle_loop(void)
{
	struct cpu *c = mycpu();

	for (;;) {
		local_irq_disable();
		if (c->rq.nr_queued > 0 || steal_work(c)) {
			local_irq_enable();
			schedule();
			continue;
		}
		/* wfi returns on any pending enabled interrupt, even with SIE off. */
		c->in_idle = true;
		wait_for_interrupt();
		c->in_idle = false;
		local_irq_enable();
	}
}

/* The harts that are running the scheduler, as an affinity mask. */
unsigned long
sched_online_mask(void)
{
	unsigned long mask = 0;

	for (int i = 0; i < nr_cpus; i++) {
		if (cpus[i].online)
			mask |= 1UL << i;
	}
	return mask;
}

/*
 * Restrict t to the harts of mask (non-empty, online). Linux moves the thread
 * before sched_setaffinity returns; so do we when it is queued or is the
 * caller. One running on another hart is told to reschedule, and leaves that
 * hart in __schedule() within the IPI's latency.
 */
void
sched_set_affinity(struct thread *t, unsigned long mask)
{
	struct runqueue *rq;
	struct cpu *c;

	spin_lock(&t->wake_lock);
	WRITE_ONCE(t->cpus_allowed, mask);
	for (;;) {		/* t->cpu changes only under its rq lock */
		c = READ_ONCE(t->cpu);
		rq = &c->rq;
		spin_lock(&rq->lock);
		if (c == t->cpu)
			break;
		spin_unlock(&rq->lock);
	}
	if (cpu_allowed(t, c) || !t->on_rq || t == current) {
		spin_unlock(&rq->lock);
	} else if (!t->on_cpu) {
		dequeue(rq, t);
		t->on_rq = false;
		spin_unlock(&rq->lock);
		place_thread(t);
	} else {
		spin_unlock(&rq->lock);
		smp_send_ipi(c->id, IPI_RESCHEDULE);
	}
	spin_unlock(&t->wake_lock);
	if (t == current && !cpu_allowed(t, current->cpu))
		schedule();
}
