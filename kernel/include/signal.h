/*
 * Signals: numbers, sets, dispositions and pending state.
 *
 * A pending signal is a bit in a pending set plus, for each generation that
 * was not coalesced, a struct sigqueue holding its siginfo: standard signals
 * coalesce (one entry at most), real-time ones (SIGRTMIN..SIGRTMAX) queue in
 * order, bounded by RLIMIT_SIGPENDING. Default actions (signal.c), group
 * stops and continues (jobctl.c), user handlers on Linux's riscv64
 * rt_sigframe (frame.c).
 *
 * Locking: sighand->lock protects the dispositions, every pending set and
 * queue of the process and its threads, the threads' blocked masks and the
 * process's group-stop state.
 */
#ifndef KITE_SIGNAL_H
#define KITE_SIGNAL_H

#include <types.h>
#include <atomic.h>
#include <spinlock.h>
#include <list.h>

#define NSIG		64
#define SIGHUP		1
#define SIGINT		2
#define SIGQUIT		3
#define SIGILL		4
#define SIGTRAP		5
#define SIGABRT		6
#define SIGBUS		7
#define SIGFPE		8
#define SIGKILL		9
#define SIGUSR1		10
#define SIGSEGV		11
#define SIGUSR2		12
#define SIGPIPE		13
#define SIGALRM		14
#define SIGTERM		15
#define SIGSTKFLT	16
#define SIGCHLD		17
#define SIGCONT		18
#define SIGSTOP		19
#define SIGTSTP		20
#define SIGTTIN		21
#define SIGTTOU		22
#define SIGURG		23
#define SIGXCPU		24
#define SIGXFSZ		25
#define SIGVTALRM	26
#define SIGPROF		27
#define SIGWINCH	28
#define SIGIO		29
#define SIGPWR		30
#define SIGSYS		31
#define SIGRTMIN	32
#define SIGRTMAX	64

#define SIG_DFL		0UL
#define SIG_IGN		1UL

#define SA_NOCLDSTOP	0x00000001
#define SA_NOCLDWAIT	0x00000002
#define SA_SIGINFO	0x00000004
#define SA_ONSTACK	0x08000000
#define SA_RESTART	0x10000000
#define SA_NODEFER	0x40000000
#define SA_RESETHAND	0x80000000

#define SIG_BLOCK	0
#define SIG_UNBLOCK	1
#define SIG_SETMASK	2

/* si_code values. */
#define SI_USER		0
#define SI_KERNEL	0x80
#define SI_QUEUE	(-1)
#define SI_TIMER	(-2)
#define SI_TKILL	(-6)
#define CLD_EXITED	1
#define CLD_KILLED	2
#define CLD_DUMPED	3
#define CLD_STOPPED	5
#define CLD_CONTINUED	6
#define SEGV_MAPERR	1
#define SEGV_ACCERR	2
#define ILL_ILLOPC	1
#define BUS_ADRALN	1
#define TRAP_BRKPT	1

/* Wait-status bit for a core dump (WCOREDUMP). */
#define WCOREFLAG	0x80

typedef struct {
	unsigned long bits;	/* bit (sig - 1) */
} sigset_t;

static inline unsigned long
sigmask(int sig)
{
	return 1UL << (sig - 1);
}

/* The rt_sigaction ABI layout on riscv64 (no sa_restorer). */
struct k_sigaction {
	uintptr_t handler;
	unsigned long flags;
	sigset_t mask;
};

struct sighand {
	atomic_t refcount;		/* processes sharing (CLONE_SIGHAND) */
	spinlock_t lock;
	struct k_sigaction action[NSIG];
};

/* Linux's riscv64 siginfo_t, 128 bytes. */
struct siginfo {
	int si_signo, si_errno, si_code;
	int pad;
	union {
		struct { int pid; uint32_t uid; uint64_t value; } kill;	/* kill, sigqueue */
		struct { int tid; int overrun; uint64_t value; } timer;
		struct { int pid; uint32_t uid; int status; int pad; long utime, stime; } chld;
		struct { uintptr_t addr; } fault;
		char bytes[128 - 16];
	};
};

/* One generation of a pending signal. */
struct sigqueue {
	struct list_head link;		/* in signal_state.queue, oldest first */
	struct siginfo info;
	/* A POSIX timer's signal: the timer's generation it was sent for; 0 for any other. */
	uint64_t timer_seq;
};

struct signal_state {
	sigset_t pending;
	struct list_head queue;		/* struct sigqueue.link */
};

/* A process's signal state beyond its pending set, under sighand->lock. */
struct signal_group {
	int sig;			/* the stop signal in effect, 0: running */
	int nr_parked;			/* threads parked by it */
	bool complete;			/* every thread parked and the parent told */
	bool continued;			/* a SIGCONT ended a complete stop; parent not yet told */
	int nr_queued;			/* sigqueue entries of the process and its threads */
	int nr_timers;			/* POSIX timers: each holds one RLIMIT_SIGPENDING unit */
};

/*
 * What restart_syscall(2) resumes after a call returned
 * -ERESTART_RESTARTBLOCK and no handler ran (restart.c). Private to the thread.
 */
struct restart_block {
	long (*fn)(struct restart_block *rb);	/* NULL: nothing to resume */
	uint64_t nr;			/* the interrupted call's a7, put back if a handler runs */
	uint64_t deadline;		/* nanosleep: the wake-up time, in ticks */
	uintptr_t rem;			/* nanosleep: where the time left goes, or 0 */
};

struct thread;

/* sigaltstack(2), private to the thread. */
struct user_stack {
	uintptr_t ss_sp;
	int ss_flags;
	size_t ss_size;
};
#define SS_ONSTACK	1
#define SS_DISABLE	2
#define SS_AUTODISARM	(1U << 31)
#define MINSIGSTKSZ	2048

/* Alternate stacks (altstack.c); sp is the user stack pointer at the time. */
uintptr_t altstack_frame_top(struct thread *t, uintptr_t sp, unsigned long sa_flags);
void altstack_save(struct thread *t, uintptr_t sp, struct user_stack *ss);
void altstack_restore(struct thread *t, uintptr_t sp, const struct user_stack *ss);

struct process;
struct thread;
struct mm;

/* The page holding the sigreturn trampoline, in every address space. */
#define SIGRETURN_TRAMPOLINE	0x0000003ffffff000UL
void signal_trampoline_init(void);
int signal_map_trampoline(struct mm *mm);	/* mm->lock held */
bool signal_setup_frame(const struct k_sigaction *sa, const struct siginfo *info,
    sigset_t old_blocked);

struct sighand *sighand_alloc(void);
struct sighand *sighand_dup(struct sighand *sh);
void sighand_put(struct sighand *sh);
void sighand_reset_for_exec(struct sighand *sh);

void signal_state_init(struct signal_state *st);
void signal_state_flush(struct process *p, struct signal_state *st);	/* unlocked: dying */

/*
 * Send a signal to a process (any thread that does not block it) or to one
 * thread, with its siginfo (NULL: SI_KERNEL). 0, or -EAGAIN past
 * RLIMIT_SIGPENDING for a real-time signal, -EINVAL.
 */
int send_signal_info(struct process *p, int sig, const struct siginfo *info);
int send_thread_signal_info(struct thread *t, int sig, const struct siginfo *info);
int send_signal(struct process *p, int sig);
int send_thread_signal(struct thread *t, int sig);
/*
 * A POSIX timer's signal for p, or for its thread tid (0: the process);
 * info carries si_timerid, seq the timer's generation. A timer has at most
 * one entry queued: a pending one just takes the new generation. 0 (queued
 * or already pending), 1 if the disposition ignores it, -ESRCH if the thread
 * is gone. No lock held.
 */
int send_timer_signal(struct process *p, int tid, const struct siginfo *info, uint64_t seq);
/* A new timer's RLIMIT_SIGPENDING unit: 0 or -EAGAIN past the limit; given back by unreserve. */
int signal_reserve_timer(struct process *p);
void signal_unreserve_timer(struct process *p);
/* A fault in the current thread: deliver sig now (it cannot be blocked usefully). */
void force_fault_signal(int sig, int code, uintptr_t addr);
int kill_pgrp(int pgid, int sig);
/* Take the lowest pending signal of mask (sh->lock held); 0 if none. */
int dequeue_signal(struct thread *t, sigset_t mask, struct siginfo *info);
void signal_set_temporary_mask(sigset_t mask);
/*
 * Syscall restarts (restart.c). A call that must resume where it stopped
 * sets the thread's restart block and returns restart_block_set(fn):
 * -ERESTART_RESTARTBLOCK with a7 pointed at restart_syscall, so the
 * transparent restart (no handler) runs fn. A handler that runs instead
 * turns the call into EINTR: restart_block_abandon() puts a7 back.
 */
long restart_block_set(long (*fn)(struct restart_block *rb));
void restart_block_abandon(struct thread *t);
void signal_restore_mask(void);
/* Act on pending, unblocked signals before returning to user mode. */
void do_signals(void);
bool signal_pending(struct thread *t);
bool fatal_signal_pending(struct thread *t);	/* sh->lock held */
bool signal_blocked_or_ignored(struct thread *t, int sig);
/* Make t notice a signal now: wake it if asleep, interrupt its hart if running. */
void signal_wake(struct thread *t);

/* Job control (jobctl.c), sh->lock held where said. */
void jobctl_generate(struct process *p, int sig);	/* sh->lock held */
/* Park the current thread in its process's group stop; sh->lock held, released. */
void jobctl_park(struct sighand *sh, int sig);
void jobctl_report_continued(struct process *p);	/* no lock held */
/* The stop became complete (a thread parked or left); sh->lock and p->lock held. */
bool jobctl_stop_completes(struct process *p);
void jobctl_report_stopped(struct process *p, int sig);	/* no lock held */

#endif
