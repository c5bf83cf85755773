/*
 * Processes (Linux thread groups). A process owns an address space, a
 * descriptor table, a file-system context, credentials and signal state,
 * each of which clone() may share with another process; its threads are
 * struct threads whose ->proc points here.
 *
 * Locking:
 *   proc_tree_lock  the process tree (parent, children, sibling), pid table,
 *                   process state and exit status, pgid/sid.
 *   proc->lock      the thread list and nr_threads; credentials.
 * Order: proc_tree_lock before proc->lock.
 */
#ifndef KITE_PROC_H
#define KITE_PROC_H

#include <types.h>
#include <list.h>
#include <atomic.h>
#include <spinlock.h>
#include <wait.h>
#include <cred.h>
#include <sched.h>
#include <signal.h>
#include <itimer.h>
#include <posix_timer.h>

#define PID_MAX		32768

enum proc_state {
	PROC_ALIVE,
	PROC_ZOMBIE,		/* exited, waiting for its parent's wait */
};

struct rlimit64 {
	uint64_t cur, max;
};

#define RLIMIT_CPU	0
#define RLIMIT_FSIZE	1
#define RLIMIT_DATA	2
#define RLIMIT_STACK	3
#define RLIMIT_CORE	4
#define RLIMIT_RSS	5
#define RLIMIT_NPROC	6
#define RLIMIT_NOFILE	7
#define RLIMIT_MEMLOCK	8
#define RLIMIT_AS	9
#define RLIMIT_LOCKS	10
#define RLIMIT_SIGPENDING 11
#define RLIMIT_MSGQUEUE	12
#define RLIMIT_NICE	13
#define RLIMIT_RTPRIO	14
#define RLIMIT_RTTIME	15
#define RLIM_NLIMITS	16
#define RLIM_INFINITY	(~0UL)

struct process {
	int pid;			/* = tgid; immutable */
	spinlock_t lock;		/* threads, nr_threads, cred */
	struct list_head threads;	/* struct thread.proc_link */
	int nr_threads;

	/* Under proc_tree_lock. */
	struct list_head all_link;	/* in all_processes, from fork until reaped */
	struct process *parent;
	int ppid;			/* parent->pid (0 for init): getppid reads it unlocked */
	struct list_head children;
	struct list_head sibling;
	int state;			/* enum proc_state */
	int exit_status;		/* wait status, as wait4 reports it */
	int pgid, sid;
	bool exec_done;			/* setpgid on a child after exec: EACCES */
	bool group_exiting;		/* exit_group or a fatal signal: under lock */
	bool oom_killed;		/* chosen by the OOM killer; under proc_tree_lock */
	bool stopped;			/* in a complete group stop (/proc state T) */
	int stop_report;		/* wait status of a stop/continue to report, or 0 */

	/* Shared with clone(CLONE_VM/FILES/FS/SIGHAND); each refcounted. */
	struct mm *mm;
	struct files *files;
	struct fs_struct *fs;
	struct sighand *sighand;
	struct sysv_undo *sysvsem;	/* SEM_UNDO lists (CLONE_SYSVSEM shares) */

	struct cred cred;		/* under lock */
	struct rlimit64 rlim[RLIM_NLIMITS];	/* private to the process's threads */
	struct signal_state sig;	/* process-wide pending signals; under sighand->lock */
	struct signal_group sg;		/* group stop, queue count; under sighand->lock */
	struct itimer_real itimer;	/* ITIMER_REAL; its own locks */
	struct process_timers timers;	/* POSIX timers, CPU time and CPU itimers; own locks */
	struct waitq child_wait;	/* parent sleeps here in wait4 */
	char comm[16];
	uint64_t start_time;		/* ns since boot */
	uint64_t cutime_ns, cstime_ns;	/* of waited-for children */
	atomic_t refcount;		/* the struct itself: threads + tree + waiters */
	uintptr_t exe_path_len;
	char exe_path[256];		/* for /proc/<pid>/exe and /proc/self/exe */
};

extern spinlock_t proc_tree_lock;
extern struct process *init_process;
extern struct list_head all_processes;	/* live and zombie; proc_tree_lock */

#define for_each_process(p)	list_for_each_entry(p, &all_processes, all_link)

static inline struct process *
current_proc(void)
{
	return current->proc;
}

struct process *proc_lookup(int pid);		/* proc_tree_lock held */
void proc_put(struct process *p);

/* The first user process: runs path (never returns on success). */
void proc_start_init(const char *path);
long do_fork(unsigned long flags, uintptr_t stack, uintptr_t ptid, uintptr_t tls,
    uintptr_t ctid);
void do_exit(int status) __noreturn;		/* this thread */
void do_exit_group(int status) __noreturn;	/* the whole process */
/* Replace the current process's image; argv/envp are user pointers unless kernel_args. */
int do_execve(const char *path, uintptr_t argv, uintptr_t envp, bool kernel_args);
/* Attach t to p as one of its threads (fork, clone, init). */
void proc_add_thread(struct process *p, struct thread *t);
struct process *proc_alloc(void);
void proc_free(struct process *p);
/* Make t leave at its next return to user mode (exit_group, SIGKILL); sighand->lock held. */
void thread_kill(struct thread *t);

/* Ids (pid.c); proc_tree_lock held for all. */
int pid_alloc(void);
void pid_set_thread(int tid, struct thread *t);
void pid_set_proc(int pid, struct process *p);
struct thread *thread_lookup(int tid);

/* Process groups (pgrp.c); proc_tree_lock held. */
bool pgrp_in_session(int pgid, int sid);
bool pgrp_exists(int pgid);
int kill_pgrp_locked(int pgid, int sig);
void pgrp_orphan_on_exit(struct process *p);
bool current_pgrp_orphaned(void);	/* takes proc_tree_lock */
/* The last id handed out and how many threads are alive (takes proc_tree_lock). */
void pid_stats(int *last, int *threads);
#endif
