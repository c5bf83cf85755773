/*
 * Thread and process exit, and waiting for children.
 *
 * A thread leaving its process drops the process's resources only if it is
 * the last one; the process then becomes a zombie holding its wait status
 * until the parent's wait4/waitid reaps it (or at once, if the parent set
 * SIGCHLD to SIG_IGN or SA_NOCLDWAIT). Orphans go to init.
 */
#include <proc.h>
#include <vm.h>
#include <fdtable.h>
#include <sem.h>
#include <uaccess.h>
#include <futex.h>
#include <timer.h>
#include <errno.h>
#include <syscall.h>
#include <riscv.h>
#include <panic.h>

#define WNOHANG		0x00000001
#define WUNTRACED	0x00000002
#define WEXITED		0x00000004
#define WCONTINUED	0x00000008
#define WNOWAIT		0x01000000
#define __WNOTHREAD	0x20000000
#define __WALL		0x40000000
#define __WCLONE	0x80000000

/* CLONE_CHILD_CLEARTID: tell pthread_join the thread is gone. */
static void
clear_child_tid(struct thread *t)
{
	int zero = 0;

	if (t->clear_child_tid != 0 && copy_to_user(t->clear_child_tid, &zero, sizeof(zero)) == 0)
		futex_wake_address(t->clear_child_tid, 1);
}

static void
reparent_children(struct process *p)
{
	struct process *c, *tmp;

	list_for_each_entry_safe(c, tmp, &p->children, sibling) {
		list_del(&c->sibling);
		c->parent = init_process;
		WRITE_ONCE(c->ppid, init_process->pid);
		list_add_tail(&c->sibling, &init_process->children);
	}
	if (!list_empty(&init_process->children))
		wake_up_all(&init_process->child_wait);
}

static bool
parent_ignores_children(struct process *parent)
{
	struct k_sigaction *sa = &parent->sighand->action[SIGCHLD - 1];

	return sa->handler == SIG_IGN || (sa->flags & SA_NOCLDWAIT);
}

static void
reap(struct process *p)
{
	list_del(&p->sibling);
	pid_set_proc(p->pid, NULL);
}

/* What waitid and SIGCHLD say about a child, from its wait status. */
static void
child_siginfo(int pid, uint32_t uid, int status, struct siginfo *si)
{
	*si = (struct siginfo){ .si_signo = SIGCHLD, .chld.pid = pid, .chld.uid = uid };
	if ((status & 0x7f) == 0) {
		si->si_code = CLD_EXITED;
		si->chld.status = (status >> 8) & 0xff;
	} else if ((status & 0xff) == 0x7f) {
		si->si_code = CLD_STOPPED;
		si->chld.status = (status >> 8) & 0xff;
	} else if (status == 0xffff) {
		si->si_code = CLD_CONTINUED;
		si->chld.status = SIGCONT;
	} else {
		si->si_code = (status & WCOREFLAG) ? CLD_DUMPED : CLD_KILLED;
		si->chld.status = status & 0x7f;
	}
}

/* The last thread is leaving: turn the process into a zombie. */
static void
process_exit(struct process *p)
{
	struct process *parent;
	struct files *files;
	struct fs_struct *fs;
	struct mm *mm;
	struct siginfo info;
	bool autoreap;

	sem_undo_exit(p);
	itimer_exit(p);
	posix_timers_exit(p);
	/* Detached under p->lock: procfs takes references to them under it. */
	spin_lock(&p->lock);
	files = p->files;
	fs = p->fs;
	mm = p->mm;
	p->files = NULL;
	p->fs = NULL;
	p->mm = NULL;
	spin_unlock(&p->lock);
	files_put(files);
	fs_put(fs);
	mm_put(mm);	/* the hart's active_mm reference keeps it mapped until we switch */

	spin_lock(&proc_tree_lock);
	if (p == init_process)
		panic("init exited with status 0x%x", p->exit_status);
	pgrp_orphan_on_exit(p);
	reparent_children(p);
	parent = p->parent;
	p->state = PROC_ZOMBIE;
	child_siginfo(p->pid, p->cred.uid, p->exit_status, &info);
	autoreap = parent_ignores_children(parent);
	if (autoreap)
		reap(p);
	spin_unlock(&proc_tree_lock);
	spin_lock(&p->sighand->lock);
	signal_state_flush(p, &p->sig);
	spin_unlock(&p->sighand->lock);
	sighand_put(p->sighand);
	p->sighand = NULL;
	if (!autoreap)
		send_signal_info(parent, SIGCHLD, &info);
	wake_up_all(&parent->child_wait);
	if (autoreap)
		proc_put(p);
}

void
do_exit(int status)
{
	struct thread *t = current;
	struct process *p = t->proc;
	int stop_sig;
	bool last;

	clear_child_tid(t);
	spin_lock(&proc_tree_lock);
	pid_set_thread(t->tid, NULL);
	spin_unlock(&proc_tree_lock);
	spin_lock(&p->sighand->lock);
	spin_lock(&p->lock);
	list_del(&t->proc_link);
	last = --p->nr_threads == 0;
	if (last && p->exit_status == 0 && !p->group_exiting)
		p->exit_status = (status & 0xff) << 8;
	/* The others may all be parked in a stop that waited for this thread. */
	stop_sig = !last && jobctl_stop_completes(p) ? p->sg.sig : 0;
	spin_unlock(&p->lock);
	signal_state_flush(p, &t->sig);	/* no one finds the thread any more */
	spin_unlock(&p->sighand->lock);
	if (stop_sig != 0)
		jobctl_report_stopped(p, stop_sig);
	if (last)
		process_exit(p);
	proc_put(p);		/* this thread's reference */
	thread_exit();
}

/*
 * exit_group, or death by a signal: the first caller decides the status; the
 * other threads are killed and leave on their way back to user mode.
 */
void
do_exit_group(int wait_status)
{
	struct process *p = current_proc();
	struct sighand *sh = p->sighand;
	struct thread *t;

	spin_lock(&sh->lock);		/* before p->lock, as senders take them */
	spin_lock(&p->lock);
	if (!p->group_exiting) {
		p->group_exiting = true;
		p->exit_status = wait_status;
	}
	list_for_each_entry(t, &p->threads, proc_link) {
		if (t != current)
			thread_kill(t);
	}
	spin_unlock(&p->lock);
	spin_unlock(&sh->lock);
	do_exit(0);
}

SYSCALL_DEFINE1(exit, int, status)
{
	do_exit(status);
}

SYSCALL_DEFINE1(exit_group, int, status)
{
	do_exit_group((status & 0xff) << 8);
}

static bool
wait_matches(struct process *self, struct process *c, int pid)
{
	if (pid > 0)
		return c->pid == pid;
	if (pid == 0)
		return c->pgid == self->pgid;
	if (pid < -1)
		return c->pgid == -pid;
	return true;
}

struct wait_result {
	int pid;
	int status;
	uint32_t uid;
	uint64_t utime_ns, stime_ns;
};

/* A stop (WUNTRACED/WSTOPPED) or continue (WCONTINUED) the caller waits for. */
static bool
stop_report_wanted(int report, int options)
{
	if (report == 0xffff)
		return (options & WCONTINUED) != 0;
	return report != 0 && (options & WUNTRACED) != 0;
}

/*
 * One pass over the children: reap a zombie (or report a stop) that matches.
 * Returns its pid, 0 if matching children exist but none is ready, -ECHILD.
 */
static int
wait_scan(struct process *self, int pid, int options, struct wait_result *res)
{
	struct process *c, *found = NULL;
	bool any = false;

	spin_lock(&proc_tree_lock);
	list_for_each_entry(c, &self->children, sibling) {
		if (!wait_matches(self, c, pid))
			continue;
		any = true;
		if (c->state == PROC_ZOMBIE && (options & WEXITED)) {
			found = c;
			break;
		}
		if (c->state == PROC_ALIVE && stop_report_wanted(c->stop_report, options)) {
			res->pid = c->pid;
			res->status = c->stop_report;
			res->uid = c->cred.uid;
			if (!(options & WNOWAIT))
				c->stop_report = 0;
			spin_unlock(&proc_tree_lock);
			return res->pid;
		}
	}
	if (found == NULL) {
		spin_unlock(&proc_tree_lock);
		return any ? 0 : -ECHILD;
	}
	res->pid = found->pid;
	res->status = found->exit_status;
	res->uid = found->cred.uid;
	res->utime_ns = found->timers.utime_ns;	/* every thread's, all exited now */
	res->stime_ns = found->timers.stime_ns;
	if (!(options & WNOWAIT)) {
		reap(found);
		self->cutime_ns += res->utime_ns + found->cutime_ns;
		self->cstime_ns += res->stime_ns + found->cstime_ns;
	}
	spin_unlock(&proc_tree_lock);
	if (!(options & WNOWAIT))
		proc_put(found);
	return res->pid;
}

static int
do_wait(int pid, int options, struct wait_result *res)
{
	struct process *self = current_proc();
	struct waiter w = { .thread = NULL };
	int r;

	for (;;) {
		waitq_prepare(&self->child_wait, &w, TASK_INTERRUPTIBLE);
		r = wait_scan(self, pid, options, res);
		if (r != 0 || (options & WNOHANG))
			break;
		if (signal_pending(current)) {
			r = -ERESTARTSYS;
			break;
		}
		schedule();
	}
	waitq_finish(&self->child_wait, &w);
	return r;
}

struct rusage {
	long ru_utime[2], ru_stime[2];
	long rest[14];
};

static void
ns_to_timeval(uint64_t ns, long tv[2])
{
	tv[0] = ns / NSEC_PER_SEC;
	tv[1] = (ns % NSEC_PER_SEC) / 1000;
}

SYSCALL_DEFINE4(wait4, int, pid, uintptr_t, ustatus, int, options, uintptr_t, urusage)
{
	struct wait_result res = { 0 };
	int r;

	if (options & ~(WNOHANG | WUNTRACED | WCONTINUED | __WNOTHREAD | __WALL | __WCLONE))
		return -EINVAL;
	if (pid == -2147483647 - 1)
		return -ESRCH;
	r = do_wait(pid, options | WEXITED, &res);
	if (r <= 0)
		return r;
	if (ustatus != 0 && copy_to_user(ustatus, &res.status, sizeof(int)) != 0)
		return -EFAULT;
	if (urusage != 0) {
		struct rusage ru = { 0 };

		ns_to_timeval(res.utime_ns, ru.ru_utime);
		ns_to_timeval(res.stime_ns, ru.ru_stime);
		if (copy_to_user(urusage, &ru, sizeof(ru)) != 0)
			return -EFAULT;
	}
	return r;
}

#define P_ALL	0
#define P_PID	1
#define P_PGID	2

SYSCALL_DEFINE5(waitid, int, idtype, int, id, uintptr_t, uinfo, int, options, uintptr_t, urusage)
{
	struct wait_result res = { 0 };
	struct siginfo si = { 0 };
	int pid, r;

	if (!(options & (WEXITED | WUNTRACED | WCONTINUED)) ||
	    (options & ~(WNOHANG | WEXITED | WUNTRACED | WCONTINUED | WNOWAIT | __WALL | __WCLONE | __WNOTHREAD)))
		return -EINVAL;
	switch (idtype) {
	case P_ALL: pid = -1; break;
	case P_PID: pid = id; if (id <= 0) return -EINVAL; break;
	case P_PGID: pid = id == 0 ? 0 : -id; if (id < 0) return -EINVAL; break;
	default: return -EINVAL;
	}
	r = do_wait(pid, options, &res);
	if (r < 0)
		return r;
	if (r > 0) {
		child_siginfo(res.pid, res.uid, res.status, &si);
		si.chld.utime = res.utime_ns / (NSEC_PER_SEC / 100);
		si.chld.stime = res.stime_ns / (NSEC_PER_SEC / 100);
	}
	if (uinfo != 0 && copy_to_user(uinfo, &si, sizeof(si)) != 0)
		return -EFAULT;
	(void)urusage;
	return 0;
}
