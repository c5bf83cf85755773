/*
 * A process's timers beyond ITIMER_REAL: POSIX timers (timer_create(2),
 * posix_timer.c), the CPU time the process has used (charged at every
 * scheduler tick, cputimer.c) and the timers that count it: ITIMER_VIRTUAL,
 * ITIMER_PROF (itimer.c) and POSIX timers on CPU-time clocks.
 *
 * Locking:
 *   mutex  serializes the calls that arm, disarm and free timers
 *          (timer_create, timer_settime, timer_delete, exit, exec): they
 *          wait for a running expiry callback with no spinlock held.
 *   lock   (a spinlock, taken from the timer interrupt) the timer list,
 *          every timer's state, the CPU-time totals, the CPU itimers and
 *          the list of armed CPU-clock timers.
 * Order: mutex, sighand->lock, lock, proc->lock, the timer-base locks. A
 * signal being taken re-arms its timer under sighand->lock; expiry queues
 * signals only after dropping `lock`.
 */
#ifndef KITE_POSIX_TIMER_H
#define KITE_POSIX_TIMER_H

#include <types.h>
#include <list.h>
#include <mutex.h>
#include <spinlock.h>
#include <timer.h>
#include <signal.h>

enum posix_timer_status {
	PT_DISARMED,
	PT_ARMED,		/* counting: its expiry queues the signal */
	PT_REQUEUE,		/* periodic, its signal queued: re-armed when that is taken */
};

/* A CPU-time clock: a process's or one of its threads'. */
struct cpu_clock {
	int tid;		/* the thread of a per-thread clock, 0: the process */
	int which;		/* CPUCLOCK_PROF, CPUCLOCK_VIRT or CPUCLOCK_SCHED */
};

#define CPUCLOCK_PROF	0	/* user + system time */
#define CPUCLOCK_VIRT	1	/* user time */
#define CPUCLOCK_SCHED	2	/* run time: user + system at our tick granularity */

struct process;

struct posix_timer {
	struct list_head link;		/* in timers.list */
	struct list_head cpu_link;	/* in timers.cpu_armed while armed on a CPU clock */
	struct process *proc;

	/* Set by timer_create, then immutable. */
	int id;
	int clock;			/* as given to timer_create */
	bool on_cpu_clock;		/* cpu below is the clock; else the monotonic base */
	struct cpu_clock cpu;
	bool notify_none;		/* SIGEV_NONE: count, never signal */
	int sig_tid;			/* SIGEV_THREAD_ID's thread, 0: the process */
	int signo;
	uint64_t value;			/* sigev_value, the signal's si_value */

	/* Under timers.lock. */
	enum posix_timer_status status;
	uint64_t seq;			/* generation: a queued signal of an older one is dropped */
	uint64_t expires;		/* ns on the clock's time base */
	uint64_t interval;		/* ns, 0: one-shot */
	int64_t overrun;		/* periods skipped since the queued expiry, -1 first */
	int64_t overrun_last;		/* what the last signal taken reported */

	struct timer hw;		/* monotonic-based timers: fires at expires */
};

/* ITIMER_VIRTUAL or ITIMER_PROF. */
struct cpu_itimer {
	uint64_t expires;		/* process CPU time (ns) to fire at, 0: disarmed */
	uint64_t incr;			/* ns, 0: one-shot */
};

struct process_timers {
	struct mutex mutex;
	spinlock_t lock;
	struct list_head list;		/* struct posix_timer.link, under lock */
	struct list_head cpu_armed;	/* struct posix_timer.cpu_link, under lock */
	int next_id;			/* under mutex */
	uint64_t utime_ns, stime_ns;	/* of every thread the process had; under lock */
	struct cpu_itimer virt, prof;	/* under lock */
};

/* A timer expiry to signal once `lock` is dropped (a timer may be gone by then). */
struct timer_shot {
	int tid;			/* sig_tid */
	uint64_t seq;
	struct siginfo info;
};

void posix_timers_init(struct process *p);
/* Is tid one of the calling process's threads? Takes proc_tree_lock. */
bool own_thread(int tid);
/* exit and exec: delete every POSIX timer (their queued signals are dropped when taken). */
void posix_timers_exit(struct process *p);
/*
 * A timer's signal is being taken (sighand->lock held): false if it is of
 * an old generation and must be dropped; a periodic timer is re-armed and
 * info->si_overrun says how many periods it skipped.
 */
bool posix_timer_deliver(struct process *p, struct siginfo *info, uint64_t seq);
/* The tick: expire p's CPU-clock timers, up to max; t is the thread charged (lock held). */
int posix_cpu_timers_expire(struct process *p, struct thread *t, struct timer_shot *shots,
    int max);
/* Queue the signals of expiries collected under `lock`. No lock held. */
void posix_timers_fire(struct process *p, const struct timer_shot *shots, int n);

/* CPU-time clocks and accounting (cputimer.c). */
/* Decode a clock id naming a CPU-time clock of the caller: 0, -EINVAL, or 1 if it is not one. */
int cpu_clock_decode(int clock, struct cpu_clock *cc);
/* Read a CPU clock of p: 0, or -ESRCH if its thread is gone. lock may be held. */
int cpu_clock_read(struct process *p, const struct cpu_clock *cc, uint64_t *ns);
/* p's CPU time in the sense of which (lock held); a thread's (current, or under p->lock). */
uint64_t process_cputime(struct process *p, int which);
uint64_t thread_cputime(struct thread *t, int which);
/* clock_gettime of a CPU clock: 0 or -EINVAL. */
int cpu_clock_gettime(int clock, uint64_t *ns);
/* The tick charges ns to the current thread, as user time if it interrupted user mode. */
void cputime_tick(bool user, uint64_t ns);

#endif
