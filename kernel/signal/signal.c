/*
 * Signal generation, queueing and default actions.
 *
 * A signal is pending on a thread (tkill, faults) or on the process (kill).
 * Each generation carries a siginfo in a struct sigqueue: a standard signal
 * already pending is coalesced (its second siginfo is dropped), a real-time
 * signal is queued after the others of its number, up to RLIMIT_SIGPENDING
 * entries per process. If no entry can be allocated for a standard signal,
 * the bit alone is set and the handler sees SI_KERNEL, as Linux does.
 *
 * A POSIX timer's signal (posix_timer.c) is an entry marked with the
 * timer's generation: it is never coalesced with other generations of its
 * signal, a timer has at most one entry queued, and it is queued whatever
 * RLIMIT_SIGPENDING says, since the timer holds a unit of it for its whole
 * life (p->sg.nr_timers), as Linux's preallocated entry does. While queued
 * it counts in nr_queued like any entry (whoever frees an entry uncounts
 * it), so a timer with its signal pending weighs two units where Linux
 * counts one. When it is taken, the timer decides whether it is still
 * valid and re-arms (posix_timer_deliver()).
 *
 * On each return to user mode the thread takes its lowest unblocked pending
 * signal and acts: run the user's handler (frame.c), ignore it, stop the
 * process (jobctl.c) or terminate it (with the core flag for the "core"
 * signals).
 *
 * Locking: sighand->lock protects dispositions, pending sets and queues,
 * the blocked masks of every thread sharing it, and p->sg. Entries are
 * allocated before it is taken and freed after it is dropped.
 */
#include <signal.h>
#include <proc.h>
#include <slab.h>
#include <string.h>
#include <errno.h>
#include <smp.h>
#include <posix_timer.h>

struct sighand *
sighand_alloc(void)
{
	struct sighand *sh = kzalloc(sizeof(*sh));

	if (sh == NULL)
		return NULL;
	atomic_set(&sh->refcount, 1);
	spin_init(&sh->lock, "sighand");
	return sh;
}

struct sighand *
sighand_dup(struct sighand *old)
{
	struct sighand *sh = sighand_alloc();

	if (sh == NULL)
		return NULL;
	spin_lock(&old->lock);
	memcpy(sh->action, old->action, sizeof(sh->action));
	spin_unlock(&old->lock);
	return sh;
}

void
sighand_put(struct sighand *sh)
{
	if (atomic_dec_and_test(&sh->refcount))
		kfree(sh);
}

/* exec: caught signals go back to their default; ignored ones stay ignored. */
void
sighand_reset_for_exec(struct sighand *sh)
{
	spin_lock(&sh->lock);
	for (int i = 0; i < NSIG; i++) {
		if (sh->action[i].handler != SIG_IGN)
			sh->action[i] = (struct k_sigaction){ 0 };
	}
	spin_unlock(&sh->lock);
}

void
signal_state_init(struct signal_state *st)
{
	st->pending.bits = 0;
	list_init(&st->queue);
}

/* A thread or process that no one can signal any more drops what is left. */
void
signal_state_flush(struct process *p, struct signal_state *st)
{
	struct sigqueue *q, *tmp;

	list_for_each_entry_safe(q, tmp, &st->queue, link) {
		list_del(&q->link);
		p->sg.nr_queued--;
		kfree(q);
	}
	st->pending.bits = 0;
}

enum default_action { ACT_TERM, ACT_CORE, ACT_IGNORE, ACT_STOP, ACT_CONT };

static enum default_action
default_action(int sig)
{
	switch (sig) {
	case SIGQUIT: case SIGILL: case SIGTRAP: case SIGABRT: case SIGBUS:
	case SIGFPE: case SIGSEGV: case SIGXCPU: case SIGXFSZ: case SIGSYS:
		return ACT_CORE;
	case SIGCHLD: case SIGURG: case SIGWINCH:
		return ACT_IGNORE;
	case SIGSTOP: case SIGTSTP: case SIGTTIN: case SIGTTOU:
		return ACT_STOP;
	case SIGCONT:
		return ACT_CONT;
	default:
		return ACT_TERM;
	}
}

static bool
ignored(struct sighand *sh, int sig)
{
	uintptr_t h = sh->action[sig - 1].handler;

	if (sig == SIGKILL || sig == SIGSTOP)
		return false;
	return h == SIG_IGN || (h == SIG_DFL && default_action(sig) == ACT_IGNORE);
}

/* Would sig, sent now, be lost on t (tty job control asks before stopping a group)? */
bool
signal_blocked_or_ignored(struct thread *t, int sig)
{
	struct sighand *sh = t->proc->sighand;
	bool r;

	spin_lock(&sh->lock);
	r = (t->blocked.bits & sigmask(sig)) || sh->action[sig - 1].handler == SIG_IGN;
	spin_unlock(&sh->lock);
	return r;
}

/* Kick a thread that may be sleeping or running elsewhere so it notices. */
void
signal_wake(struct thread *t)
{
	/*
	 * Running here and not about to sleep: it looks at its signals before
	 * it returns to user mode, or after marking itself asleep.
	 */
	if (t == current && READ_ONCE(t->state) == TASK_RUNNING)
		return;
	if (!thread_wake_interruptible(t) && t->cpu != NULL && t != current)
		smp_send_ipi(t->cpu->id, IPI_RESCHEDULE);
}

/* Queued entries and timers against RLIMIT_SIGPENDING (sh->lock held). */
static bool
over_sigpending_limit(struct process *p)
{
	return (uint64_t)(p->sg.nr_queued + p->sg.nr_timers) >= p->rlim[RLIMIT_SIGPENDING].cur;
}

/* The entry timer id has queued in st, if any (sh->lock held). */
static struct sigqueue *
timer_entry(struct signal_state *st, int id)
{
	struct sigqueue *q;

	list_for_each_entry(q, &st->queue, link) {
		if (q->timer_seq != 0 && q->info.timer.tid == id)
			return q;
	}
	return NULL;
}

/*
 * Add one generation to st (sh->lock held); timer_seq is 0 but for a POSIX
 * timer's signal. q is a preallocated entry the call consumes (sets *q to
 * NULL) or leaves to the caller to free.
 */
static int
enqueue(struct process *p, struct signal_state *st, int sig, const struct siginfo *info,
    uint64_t timer_seq, struct sigqueue **q)
{
	bool rt = sig >= SIGRTMIN;
	struct sigqueue *pending;

	if (timer_seq != 0 && (pending = timer_entry(st, info->timer.tid)) != NULL) {
		pending->timer_seq = timer_seq;	/* expirations meanwhile become overruns */
		return 0;
	}
	if (timer_seq == 0 && !rt && (st->pending.bits & sigmask(sig)))
		return 0;		/* coalesced */
	if (timer_seq == 0 && rt && (*q == NULL || over_sigpending_limit(p)))
		return -EAGAIN;
	st->pending.bits |= sigmask(sig);
	if (*q == NULL)
		return 0;
	if (info != NULL)
		(*q)->info = *info;
	else
		(*q)->info = (struct siginfo){ .si_code = SI_KERNEL };
	(*q)->info.si_signo = sig;
	(*q)->timer_seq = timer_seq;
	list_add_tail(&(*q)->link, &st->queue);
	p->sg.nr_queued++;
	*q = NULL;
	return 0;
}

static struct sigqueue *
sigqueue_alloc(int sig)
{
	return sig == SIGKILL ? NULL : kmalloc(sizeof(struct sigqueue), 0);
}

/* The thread a process-directed signal should interrupt (p->lock held). */
static struct thread *
pick_thread(struct process *p, int sig)
{
	struct thread *t;

	list_for_each_entry(t, &p->threads, proc_link) {
		if (!(t->blocked.bits & sigmask(sig)) || sig == SIGKILL)
			return t;
	}
	return NULL;
}

/*
 * Generate sig for one thread (t) or for the process (t NULL: any thread
 * that does not block it is woken), unless the disposition ignores it:
 * then 1. timer_seq as for enqueue().
 */
static int
generate(struct process *p, struct thread *t, int sig, const struct siginfo *info,
    uint64_t timer_seq)
{
	struct sighand *sh = p->sighand;
	struct sigqueue *q;
	struct thread *target;
	int r = 1;

	if (sig < 1 || sig > NSIG)
		return -EINVAL;
	if (sh == NULL)
		return 0;		/* a zombie */
	q = sigqueue_alloc(sig);
	spin_lock(&sh->lock);
	jobctl_generate(p, sig);
	if (!ignored(sh, sig) &&
	    (r = enqueue(p, t != NULL ? &t->sig : &p->sig, sig, info, timer_seq, &q)) == 0) {
		spin_lock(&p->lock);
		target = t != NULL ? t : pick_thread(p, sig);
		if (target != NULL)
			signal_wake(target);
		spin_unlock(&p->lock);
	}
	spin_unlock(&sh->lock);
	kfree(q);
	return r;
}

/* Senders other than timers do not care whether the signal was ignored. */
static int
send(struct process *p, struct thread *t, int sig, const struct siginfo *info)
{
	return MIN(generate(p, t, sig, info, 0), 0);
}

int
send_signal_info(struct process *p, int sig, const struct siginfo *info)
{
	return send(p, NULL, sig, info);
}

int
send_signal(struct process *p, int sig)
{
	return send(p, NULL, sig, NULL);
}

/* A signal for one thread (tkill, tgkill, SIGPIPE). */
int
send_thread_signal_info(struct thread *t, int sig, const struct siginfo *info)
{
	if (t->proc == NULL)
		return 0;	/* a kernel thread (self-tests writing to a pipe) */
	return send(t->proc, t, sig, info);
}

/*
 * The timer's thread is looked up under proc_tree_lock, which keeps it from
 * leaving while its pending set is written (exit unhashes the tid first).
 */
int
send_timer_signal(struct process *p, int tid, const struct siginfo *info, uint64_t seq)
{
	struct thread *t;
	int r;

	if (tid == 0)
		return generate(p, NULL, info->si_signo, info, seq);
	spin_lock(&proc_tree_lock);
	t = thread_lookup(tid);
	if (t == NULL || t->proc != p)
		r = -ESRCH;
	else
		r = generate(p, t, info->si_signo, info, seq);
	spin_unlock(&proc_tree_lock);
	return r;
}

int
signal_reserve_timer(struct process *p)
{
	struct sighand *sh = p->sighand;
	int r = 0;

	spin_lock(&sh->lock);
	if (over_sigpending_limit(p))
		r = -EAGAIN;
	else
		p->sg.nr_timers++;
	spin_unlock(&sh->lock);
	return r;
}

void
signal_unreserve_timer(struct process *p)
{
	struct sighand *sh = p->sighand;

	spin_lock(&sh->lock);
	p->sg.nr_timers--;
	spin_unlock(&sh->lock);
}

int
send_thread_signal(struct thread *t, int sig)
{
	return send_thread_signal_info(t, sig, NULL);
}

/* exit_group and fatal signals: the caller holds sighand->lock. */
void
thread_kill(struct thread *t)
{
	t->sig.pending.bits |= sigmask(SIGKILL);
	signal_wake(t);
}

void
force_fault_signal(int sig, int code, uintptr_t addr)
{
	struct thread *t = current;
	struct sighand *sh = t->proc->sighand;
	struct siginfo info = { .si_code = code, .fault.addr = addr };
	struct sigqueue *q = sigqueue_alloc(sig);

	spin_lock(&sh->lock);
	/* A fault cannot be blocked or ignored away: Linux resets such a signal to default. */
	if (sh->action[sig - 1].handler == SIG_IGN || (t->blocked.bits & sigmask(sig)))
		sh->action[sig - 1].handler = SIG_DFL;
	t->blocked.bits &= ~sigmask(sig);
	enqueue(t->proc, &t->sig, sig, &info, 0, &q);
	spin_unlock(&sh->lock);
	kfree(q);
}

int
kill_pgrp(int pgid, int sig)
{
	int r;

	spin_lock(&proc_tree_lock);
	r = kill_pgrp_locked(pgid, sig);
	spin_unlock(&proc_tree_lock);
	return r;
}

bool
signal_pending(struct thread *t)
{
	struct process *p = t->proc;

	if (p == NULL)
		return false;
	return ((t->sig.pending.bits | p->sig.pending.bits) & ~t->blocked.bits) != 0 ||
	    (t->sig.pending.bits & sigmask(SIGKILL)) || READ_ONCE(p->sg.sig) != 0;
}

bool
fatal_signal_pending(struct thread *t)
{
	return ((t->sig.pending.bits | t->proc->sig.pending.bits) & sigmask(SIGKILL)) != 0;
}

/*
 * Take sig's oldest entry from st; clear its bit unless another follows.
 * Returns the entry's timer generation (0: not a timer's signal).
 */
static uint64_t
take(struct process *p, struct signal_state *st, int sig, struct siginfo *info)
{
	uint64_t timer_seq;
	struct sigqueue *q, *found = NULL;
	bool more = false;

	list_for_each_entry(q, &st->queue, link) {
		if (q->info.si_signo != sig)
			continue;
		if (found != NULL) {
			more = true;
			break;
		}
		found = q;
	}
	if (!more)
		st->pending.bits &= ~sigmask(sig);
	if (found == NULL) {
		*info = (struct siginfo){ .si_signo = sig, .si_code = SI_KERNEL };
		return 0;
	}
	*info = found->info;
	timer_seq = found->timer_seq;
	list_del(&found->link);
	p->sg.nr_queued--;
	kfree(found);
	return timer_seq;
}

/* A timer's signal of a generation since reset or deleted is dropped, and the next taken. */
int
dequeue_signal(struct thread *t, sigset_t mask, struct siginfo *info)
{
	struct process *p = t->proc;

	for (;;) {
		unsigned long mine = t->sig.pending.bits & mask.bits;
		unsigned long shared = p->sig.pending.bits & mask.bits;
		struct signal_state *st = mine != 0 ? &t->sig : &p->sig;
		uint64_t timer_seq;
		int sig;

		if ((mine | shared) == 0)
			return 0;
		sig = __builtin_ctzl(mine != 0 ? mine : shared) + 1;
		timer_seq = take(p, st, sig, info);
		if (timer_seq == 0 || posix_timer_deliver(p, info, timer_seq))
			return sig;
	}
}

/*
 * Called with sh->lock held, returns with it released: block what the
 * handler's mask says, reset a one-shot handler, and build the frame. A
 * frame that cannot be written kills the process with SIGSEGV, as on Linux.
 */
static bool
run_handler(struct thread *t, struct sighand *sh, const struct siginfo *info)
{
	int sig = info->si_signo;
	struct k_sigaction sa = sh->action[sig - 1];
	/* After a temporary mask (ppoll, sigsuspend) the handler's return restores the real one. */
	sigset_t old = t->restore_blocked ? t->saved_blocked : t->blocked;

	t->restore_blocked = false;
	t->blocked.bits |= sa.mask.bits | ((sa.flags & SA_NODEFER) ? 0 : sigmask(sig));
	t->blocked.bits &= ~(sigmask(SIGKILL) | sigmask(SIGSTOP));
	if (sa.flags & SA_RESETHAND)
		sh->action[sig - 1].handler = SIG_DFL;	/* the flags stay, as on Linux */
	spin_unlock(&sh->lock);
	restart_block_abandon(t);
	if (signal_setup_frame(&sa, info, old))
		return true;
	force_fault_signal(SIGSEGV, SI_KERNEL, 0);
	return false;
}

/* Install a temporary blocked mask until the next return to user mode. */
void
signal_set_temporary_mask(sigset_t mask)
{
	struct thread *t = current;
	struct sighand *sh = t->proc->sighand;

	spin_lock(&sh->lock);
	t->saved_blocked = t->blocked;
	t->restore_blocked = true;
	t->blocked.bits = mask.bits & ~(sigmask(SIGKILL) | sigmask(SIGSTOP));
	spin_unlock(&sh->lock);
}

/* No handler consumed the temporary mask: put the real one back. */
void
signal_restore_mask(void)
{
	struct thread *t = current;
	struct sighand *sh = t->proc->sighand;

	if (!t->restore_blocked)
		return;
	spin_lock(&sh->lock);
	t->blocked = t->saved_blocked;
	t->restore_blocked = false;
	spin_unlock(&sh->lock);
}

void
do_signals(void)
{
	struct thread *t = current;
	struct process *p = t->proc;
	struct sighand *sh;
	struct siginfo info;
	sigset_t deliverable;
	int sig;

	if (p == NULL || (sh = p->sighand) == NULL)
		return;
	for (;;) {
		enum default_action act;

		spin_lock(&sh->lock);
		if (p->sg.continued) {
			p->sg.continued = false;
			spin_unlock(&sh->lock);
			jobctl_report_continued(p);
			continue;
		}
		if (p->sg.sig != 0 && !fatal_signal_pending(t)) {
			jobctl_park(sh, p->sg.sig);
			continue;
		}
		deliverable.bits = ~t->blocked.bits | sigmask(SIGKILL);
		sig = dequeue_signal(t, deliverable, &info);
		if (sig == 0 || (sig != SIGKILL && ignored(sh, sig))) {
			spin_unlock(&sh->lock);
			if (sig == 0)
				return;
			continue;
		}
		if (sig != SIGKILL && sh->action[sig - 1].handler != SIG_DFL) {
			if (run_handler(t, sh, &info))
				return;		/* one frame at a time; the rest after sigreturn */
			continue;
		}
		act = default_action(sig);
		if (act == ACT_STOP && sig != SIGSTOP) {
			/* No shell could continue an orphaned group: not stopped. */
			spin_unlock(&sh->lock);
			if (current_pgrp_orphaned())
				continue;
			spin_lock(&sh->lock);
		}
		if (act == ACT_STOP) {
			jobctl_park(sh, sig);
			continue;
		}
		spin_unlock(&sh->lock);
		if (act == ACT_IGNORE || act == ACT_CONT)
			continue;
		do_exit_group(sig | (act == ACT_CORE ? WCOREFLAG : 0));
	}
}
