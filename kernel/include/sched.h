/*
 * Threads, harts and the scheduler.
 *
 * Each hart (struct cpu) has its own run queue. A thread is "on_rq" while it
 * is queued or running; schedule() takes it off when it has stopped being
 * TASK_RUNNING. "on_cpu" stays set from the moment a hart picks a thread
 * until the hart has switched away from its stack, so a waker on another hart
 * never enqueues a thread whose stack is still in use.
 *
 * The current thread is kept in tp while in the kernel (the user's tp is in
 * the trap frame), so `current` costs one register move.
 */
#ifndef KITE_SCHED_H
#define KITE_SCHED_H

#include <types.h>
#include <list.h>
#include <spinlock.h>
#include <atomic.h>
#include <trapframe.h>
#include <signal.h>

#define NR_CPUS		32	/* compile-time ceiling; the device tree says how many */
#define KSTACK_ORDER	2
#define KSTACK_SIZE	(4096UL << KSTACK_ORDER)

enum thread_state {
	TASK_RUNNING,
	TASK_INTERRUPTIBLE,	/* sleeping; a signal wakes it */
	TASK_UNINTERRUPTIBLE,	/* sleeping; only its event wakes it */
	TASK_STOPPED,
	TASK_DEAD,
};

/* Callee-saved registers of a switched-out thread (arch/switch.S). */
struct context {
	uint64_t ra, sp;
	uint64_t s[12];
};

/* f0..f31 and fcsr, saved when the hart switches away from a user thread. */
struct fpu_state {
	uint64_t f[32];
	uint32_t fcsr;
	bool valid;
};

struct cpu;
struct process;
struct mm;

struct thread {
	/* Used by arch/trap.S at fixed offsets: keep first. Private to the thread. */
	uintptr_t kernel_sp;	/* top of the kernel stack */
	uintptr_t trap_sp;	/* scratch: the sp a trap interrupted */
	struct context ctx;	/* while switched out; written only by switch_to */

	/* Scheduler state, protected by the run queue lock of ->cpu. */
	int state;		/* enum thread_state; see set_current_state() */
	bool on_rq;
	int on_cpu;		/* cleared with release semantics after the switch */
	struct cpu *cpu;	/* hart it last ran or is queued on */
	struct list_head rq_link;
	uint64_t slice_end;	/* time (ticks) at which it should yield the hart */

	spinlock_t wake_lock;	/* serializes wakers (thread_wake) and affinity changes */
	/* Harts it may run on, a bit per cpu index; written under wake_lock. */
	unsigned long cpus_allowed;

	/* Immutable after creation. */
	void *kstack;
	int tid;
	char name[16];
	bool is_idle;

	struct fpu_state fpu;	/* private to the thread */
	struct trapframe *utf;	/* user trap frame at the top of kstack, or NULL */
	struct process *proc;	/* NULL for kernel threads */
	struct list_head proc_link;	/* in proc->threads, under proc->lock */
	sigset_t blocked;		/* under proc->sighand->lock */
	sigset_t saved_blocked;		/* ppoll/pselect/sigsuspend: restored on the way out */
	bool restore_blocked;		/* saved_blocked is pending restoration; private */
	struct signal_state sig;	/* thread-directed signals; under sighand->lock */
	struct user_stack altstack;	/* sigaltstack; private */
	uintptr_t clear_child_tid;	/* CLONE_CHILD_CLEARTID / set_tid_address; private */
	uintptr_t robust_list;		/* set_robust_list; private */
	uint64_t utime_ns, stime_ns;	/* private */
	bool syscall_restart;		/* the last call returned -ERESTART*; private */
	struct restart_block restart;	/* what restart_syscall resumes; private */

	/*
	 * Lifetime: a detached thread is freed by the scheduler once it has
	 * switched away from it for the last time; a joinable one by its
	 * joiner, after the scheduler has set ->exited (release) and freed the
	 * stack.
	 */
	bool detached;
	int exited;
};

struct runqueue {
	spinlock_t lock;		/* protects everything below and on_rq/state of queued threads */
	struct list_head queue;		/* runnable threads, FIFO */
	int nr_queued;
	struct thread *curr;
};

struct timer_base;

struct cpu {
	int id;			/* logical id, 0 = boot hart */
	unsigned long hartid;
	struct thread *idle;
	struct runqueue rq;
	/* Private to the hart (touched with interrupts off). */
	int noff;		/* push_off nesting depth */
	bool intena;		/* were interrupts on before the first push_off? */
	bool need_resched;	/* set by the tick or a wake-up; read at trap return */
	unsigned long ipi_pending; /* IPI_* bits, atomic */
	bool online;
	bool in_idle;
	struct mm *active_mm;	/* loaded in satp (a reference), NULL = kernel only */
	struct mm *mm_to_drop;	/* previous active_mm, released after the switch */
	struct thread *fpu_owner; /* whose user FP registers the hart holds */		/* waiting for an interrupt in the idle loop */
	uint64_t next_tick;	/* time of the next scheduling tick */
};

extern struct cpu cpus[NR_CPUS];
extern int nr_cpus;

static inline struct thread *
get_current(void)
{
	struct thread *t;

	__asm__ ("mv %0, tp" : "=r"(t));
	return t;
}
#define current get_current()

/* The hart we run on; stable only while interrupts (hence preemption) are off. */
static inline struct cpu *
mycpu(void)
{
	return current->cpu;
}

static inline void
set_current_state(int state)
{
	/*
	 * The store, then a full fence: the caller's next load (its condition,
	 * its pending signals) must not be satisfied before the store is
	 * visible, or a waker that stored first and then read the old state
	 * would skip us (a seq_cst store alone orders only earlier accesses).
	 */
	__atomic_store_n(&current->state, state, __ATOMIC_RELAXED);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
}

void sched_init_cpu(struct cpu *c, struct thread *idle);
unsigned long sched_online_mask(void);
void sched_set_affinity(struct thread *t, unsigned long mask);
void schedule(void);
void preempt_schedule(void);
void yield(void);
bool thread_wake(struct thread *t);
bool thread_wake_interruptible(struct thread *t);
void sched_tick(void);
void idle_loop(void) __noreturn;
void finish_switch(struct thread *prev);
struct thread *switch_to(struct thread *prev, struct thread *next);

struct thread *thread_alloc(const char *name);
void thread_free(struct thread *t);
void thread_reap(struct thread *t);
void thread_exit(void) __noreturn;
/* A kernel thread, runnable at once, first queued on the given cpu (-1: any). */
struct thread *kthread_run(void (*fn)(void *), void *arg, const char *name, int cpu,
    bool detached);
void kthread_join(struct thread *t);
struct thread *kthread_alloc_user(void (*fn)(void *), void *arg, const char *name);
/* Drop every hart's claim (but keep's) to hold t's FP registers (arch/fpu_owner.c). */
void fpu_disown(struct thread *t, struct cpu *keep);

#endif
