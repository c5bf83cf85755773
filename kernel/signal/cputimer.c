/*
 * CPU-time accounting and the clocks it feeds.
 *
 * Every scheduler tick charges its period to the thread the hart was
 * running, as user or system time according to where the tick interrupted
 * it, and to that thread's process (p->timers.utime_ns/stime_ns, which keep
 * counting the time of threads that have exited). This is Linux's tick
 * accounting (without VIRT_CPU_ACCOUNTING): cheap, and exact on average,
 * but a thread that runs less than a tick at a time may be charged nothing
 * or too much. The idle threads are charged too: /proc/stat's idle time.
 *
 * The same tick checks the timers that count CPU time: ITIMER_VIRTUAL and
 * ITIMER_PROF (itimer.c) and POSIX timers on CPU clocks (posix_timer.c),
 * whose signals are sent once p->timers.lock is dropped.
 *
 * CPU clocks: CLOCK_PROCESS_CPUTIME_ID, CLOCK_THREAD_CPUTIME_ID, and the
 * negative ids of clock_getcpuclockid(3) and pthread_getcpuclockid(3)
 * (which glibc's timer_create also passes for the first two), limited to
 * the calling process and its threads.
 *
 * A thread that has left its process charges only itself, so nothing
 * fires for a process once its last thread is on its way out.
 *
 * Locking: the thread's own counters are written only on its hart (the tick
 * interrupts it), read elsewhere with READ_ONCE; the process's under
 * p->timers.lock.
 */
#include <posix_timer.h>
#include <proc.h>
#include <timer.h>
#include <errno.h>

#define CLOCK_PROCESS_CPUTIME_ID	2
#define CLOCK_THREAD_CPUTIME_ID		3
#define CPUCLOCK_MAX			3
#define CPUCLOCK_PERTHREAD		4
#define MAX_SHOTS_PER_TICK		8

static uint64_t
sample(uint64_t utime, uint64_t stime, int which)
{
	return which == CPUCLOCK_VIRT ? utime : utime + stime;
}

uint64_t
process_cputime(struct process *p, int which)
{
	return sample(p->timers.utime_ns, p->timers.stime_ns, which);
}

uint64_t
thread_cputime(struct thread *t, int which)
{
	return sample(READ_ONCE(t->utime_ns), READ_ONCE(t->stime_ns), which);
}

int
cpu_clock_read(struct process *p, const struct cpu_clock *cc, uint64_t *ns)
{
	struct thread *t;
	int r = -ESRCH;

	if (cc->tid == 0) {
		*ns = process_cputime(p, cc->which);
		return 0;
	}
	spin_lock(&p->lock);
	list_for_each_entry(t, &p->threads, proc_link) {
		if (t->tid == cc->tid) {
			*ns = thread_cputime(t, cc->which);
			r = 0;
			break;
		}
	}
	spin_unlock(&p->lock);
	return r;
}

/*
 * Linux's encoding of a negative clock id: ~pid << 3 | per-thread bit |
 * which. pid 0 is the caller (its thread for a per-thread clock).
 */
int
cpu_clock_decode(int clock, struct cpu_clock *cc)
{
	int pid;

	if (clock == CLOCK_PROCESS_CPUTIME_ID || clock == CLOCK_THREAD_CPUTIME_ID) {
		cc->tid = clock == CLOCK_THREAD_CPUTIME_ID ? current->tid : 0;
		cc->which = CPUCLOCK_SCHED;
		return 0;
	}
	if (clock >= 0)
		return 1;
	pid = ~(clock >> 3);
	cc->which = clock & 3;
	if (cc->which >= CPUCLOCK_MAX)
		return -EINVAL;
	if (clock & CPUCLOCK_PERTHREAD) {
		cc->tid = pid == 0 ? current->tid : pid;
		return pid == 0 || own_thread(pid) ? 0 : -EINVAL;
	}
	cc->tid = 0;
	return pid == 0 || pid == current_proc()->pid ? 0 : -EINVAL;
}

int
cpu_clock_gettime(int clock, uint64_t *ns)
{
	struct process *p = current_proc();
	struct cpu_clock cc;
	int r = cpu_clock_decode(clock, &cc);

	if (r != 0)
		return -EINVAL;
	spin_lock(&p->timers.lock);
	r = cpu_clock_read(p, &cc, ns);
	spin_unlock(&p->timers.lock);
	return r != 0 ? -EINVAL : 0;
}

/* From the timer interrupt, interrupts off. */
void
cputime_tick(bool user, uint64_t ns)
{
	struct thread *t = current;
	struct process *p = t->proc;
	struct timer_shot shots[MAX_SHOTS_PER_TICK];
	int itimer_sigs, nshots;

	if (user)
		t->utime_ns += ns;
	else
		t->stime_ns += ns;
	/*
	 * An idle or kernel thread has no process; one that has left its
	 * process in do_exit (proc_link unlinked, under p->lock, which keeps
	 * this interrupt out) may already have dropped its reference to it.
	 */
	if (p == NULL || list_empty(&t->proc_link))
		return;
	spin_lock(&p->timers.lock);
	if (user)
		p->timers.utime_ns += ns;
	else
		p->timers.stime_ns += ns;
	itimer_sigs = itimer_cpu_expire(p);
	nshots = posix_cpu_timers_expire(p, t, shots, MAX_SHOTS_PER_TICK);
	spin_unlock(&p->timers.lock);
	itimer_cpu_signal(p, itimer_sigs);
	posix_timers_fire(p, shots, nshots);
}
