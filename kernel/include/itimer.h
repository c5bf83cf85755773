/*
 * A process's interval timers (setitimer(2), getitimer(2), alarm(3)
 * through glibc). ITIMER_REAL: SIGALRM when it expires, re-armed by its
 * interval.
 *
 * Locking: `lock` (a mutex) serializes setitimer callers, who cancel and
 * re-add the timer; `state` (a spinlock) guards armed/interval/expires
 * against the expiry callback, which runs from the timer interrupt.
 */
#ifndef KITE_ITIMER_H
#define KITE_ITIMER_H

#include <types.h>
#include <timer.h>
#include <mutex.h>
#include <spinlock.h>

struct itimer_real {
	struct mutex lock;
	spinlock_t state;
	bool armed;		/* the timer is queued or its callback may re-add it */
	uint64_t interval;	/* ticks, 0: one-shot */
	struct timer timer;	/* expires: when, in ticks */
};

struct process;
void itimer_init(struct process *p);
void itimer_exit(struct process *p);	/* the process is leaving: no more SIGALRM */
/*
 * ITIMER_VIRTUAL and ITIMER_PROF count in p->timers (posix_timer.h). The
 * tick asks which fired (p->timers.lock held), a mask of their signals,
 * then sends them with no lock held.
 */
unsigned long itimer_cpu_expire(struct process *p);
void itimer_cpu_signal(struct process *p, unsigned long sigs);

#endif
