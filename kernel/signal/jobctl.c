/*
 * Job control: group stops and continues.
 *
 * A stop signal whose action is the default stops the whole process: the
 * thread that takes it sets p->sg.sig and kicks the others; every thread
 * parks itself on its way back to user mode (signal_pending() is true while
 * a group stop is in effect, so blocking calls return and restart). The last
 * thread to park completes the stop and tells the parent: wait status
 * 0x7f | sig << 8 for WUNTRACED, SIGCHLD with CLD_STOPPED unless the parent
 * set SA_NOCLDSTOP.
 *
 * Generation has side effects, as POSIX asks: a stop signal discards a
 * pending SIGCONT; SIGCONT discards pending stop signals and ends a stop,
 * even if the process catches or ignores it. The parked threads wake; the
 * first one through do_signals() tells the parent (status 0xffff for
 * WCONTINUED, CLD_CONTINUED). SIGKILL wakes a parked thread, which leaves
 * the stop because a fatal signal is pending and takes the process down.
 *
 * Locking: p->sg under sighand->lock; the thread list under p->lock (taken
 * inside sighand->lock); the wait report (p->stop_report, p->stopped) under
 * proc_tree_lock, taken with no other lock held.
 */
#include <signal.h>
#include <proc.h>
#include <slab.h>

#define STOP_SIGNALS	(sigmask(SIGSTOP) | sigmask(SIGTSTP) | sigmask(SIGTTIN) | sigmask(SIGTTOU))

/* Drop every pending generation of the signals in mask from st. */
static void
discard(struct process *p, struct signal_state *st, unsigned long mask)
{
	struct sigqueue *q, *tmp;

	st->pending.bits &= ~mask;
	list_for_each_entry_safe(q, tmp, &st->queue, link) {
		if (!(sigmask(q->info.si_signo) & mask))
			continue;
		list_del(&q->link);
		p->sg.nr_queued--;
		kfree(q);
	}
}

/* Discard mask everywhere in p; wake its threads if asked. p->lock taken. */
static void
discard_all(struct process *p, unsigned long mask, bool wake)
{
	struct thread *t;

	discard(p, &p->sig, mask);
	spin_lock(&p->lock);
	list_for_each_entry(t, &p->threads, proc_link) {
		discard(p, &t->sig, mask);
		if (wake)
			signal_wake(t);
	}
	spin_unlock(&p->lock);
}

void
jobctl_generate(struct process *p, int sig)
{
	if (sigmask(sig) & STOP_SIGNALS) {
		discard_all(p, sigmask(SIGCONT), false);
	} else if (sig == SIGCONT) {
		bool was_stopping = p->sg.sig != 0;

		if (p->sg.complete)
			p->sg.continued = true;
		p->sg.sig = 0;
		p->sg.complete = false;
		discard_all(p, STOP_SIGNALS, was_stopping);
	}
}

/* Record the stop or continue for wait and send the parent its SIGCHLD. */
static void
notify_parent(struct process *p, int code, int sig)
{
	struct siginfo info = { .si_code = code, .chld.pid = p->pid, .chld.status = sig };
	struct process *parent;
	struct sighand *psh;
	bool quiet;

	spin_lock(&proc_tree_lock);
	p->stopped = code == CLD_STOPPED;
	p->stop_report = code == CLD_STOPPED ? sig << 8 | 0x7f : 0xffff;
	spin_lock(&p->lock);
	info.chld.uid = p->cred.uid;
	spin_unlock(&p->lock);
	parent = p->parent;
	/* An alive parent still has its sighand: exit drops it after the zombie transition. */
	if (parent->state == PROC_ALIVE) {
		psh = parent->sighand;
		spin_lock(&psh->lock);
		quiet = (psh->action[SIGCHLD - 1].flags & SA_NOCLDSTOP) != 0;
		spin_unlock(&psh->lock);
		if (!quiet)
			send_signal_info(parent, SIGCHLD, &info);
		wake_up_all(&parent->child_wait);
	}
	spin_unlock(&proc_tree_lock);
}

/* Every thread is parked: the stop is complete and must be reported. */
bool
jobctl_stop_completes(struct process *p)
{
	if (p->sg.sig == 0 || p->sg.complete || p->sg.nr_parked < p->nr_threads)
		return false;
	p->sg.complete = true;
	return true;
}

void
jobctl_report_stopped(struct process *p, int sig)
{
	notify_parent(p, CLD_STOPPED, sig);
}

void
jobctl_park(struct sighand *sh, int sig)
{
	struct thread *t, *self = current;
	struct process *p = self->proc;
	bool report;

	spin_lock(&p->lock);
	if (p->sg.sig == 0) {
		p->sg.sig = sig;
		p->sg.complete = false;
		list_for_each_entry(t, &p->threads, proc_link) {
			if (t != self)
				signal_wake(t);
		}
	}
	p->sg.nr_parked++;
	report = jobctl_stop_completes(p);
	spin_unlock(&p->lock);
	spin_unlock(&sh->lock);
	if (report)
		jobctl_report_stopped(p, sig);
	spin_lock(&sh->lock);
	while (p->sg.sig != 0 && !fatal_signal_pending(self)) {
		set_current_state(TASK_INTERRUPTIBLE);
		spin_unlock(&sh->lock);
		schedule();
		spin_lock(&sh->lock);
	}
	set_current_state(TASK_RUNNING);
	p->sg.nr_parked--;
	spin_unlock(&sh->lock);
}

void
jobctl_report_continued(struct process *p)
{
	notify_parent(p, CLD_CONTINUED, SIGCONT);
}
