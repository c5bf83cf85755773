/*
 * Signals: numbers, sets, dispositions and pending state.
 *
 * Default actions (terminate, core, ignore) and user handlers on Linux's
 * riscv64 rt_sigframe (signal/frame.c). Job-control stops, queued real-time
 * signals, sigaltstack and the rest of POSIX signals are the signals issue's.
 *
 * Locking: sighand->lock protects the dispositions, every pending set of the
 * process and its threads, and the threads' blocked masks.
 */
#ifndef KITE_SIGNAL_H
#define KITE_SIGNAL_H

#include <types.h>
#include <atomic.h>
#include <spinlock.h>

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
#define SI_TKILL	(-6)
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

struct signal_state {
	sigset_t pending;
	/* Fault details for the synchronous signal being delivered. */
	int fault_code;
	uintptr_t fault_addr;
};

struct process;
struct thread;
struct mm;

/* The page holding the sigreturn trampoline, in every address space. */
#define SIGRETURN_TRAMPOLINE	0x0000003ffffff000UL
void signal_trampoline_init(void);
int signal_map_trampoline(struct mm *mm);	/* mm->lock held */
bool signal_setup_frame(int sig, const struct k_sigaction *sa,
    const struct signal_state *st, sigset_t old_blocked);

struct sighand *sighand_alloc(void);
struct sighand *sighand_dup(struct sighand *sh);
void sighand_put(struct sighand *sh);
void sighand_reset_for_exec(struct sighand *sh);

/* Send sig to a process (any thread that does not block it). 0 or -errno. */
int send_signal(struct process *p, int sig);
int send_thread_signal(struct thread *t, int sig);
/* A fault in the current thread: deliver sig now (it cannot be blocked usefully). */
void force_fault_signal(int sig, int code, uintptr_t addr);
int kill_pgrp(int pgid, int sig);
void signal_set_temporary_mask(sigset_t mask);
void signal_restore_mask(void);
/* Act on pending, unblocked signals before returning to user mode. */
void do_signals(void);
bool signal_pending(struct thread *t);

#endif
