/*
 * Signal generation and default actions.
 *
 * A signal is pending on a thread (tkill, faults) or on the process (kill).
 * On each return to user mode the thread takes its lowest unblocked pending
 * signal and acts: run the user's handler (frame.c), ignore it, or terminate
 * the process (with the core flag for the "core" signals).
 *
 * Locking: sighand->lock protects dispositions, pending sets and blocked
 * masks of every thread sharing it.
 */
#include <signal.h>
#include <proc.h>
#include <slab.h>
#include <string.h>
#include <errno.h>
#include <smp.h>

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

/* Kick a thread that may be sleeping or running elsewhere so it notices. */
static void
signal_wake(struct thread *t)
{
	if (!thread_wake_interruptible(t) && t->cpu != NULL)
		smp_send_ipi(t->cpu->id, IPI_RESCHEDULE);
}

int
send_signal(struct process *p, int sig)
{
	struct sighand *sh = p->sighand;
	struct thread *t, *target = NULL;

	if (sig < 1 || sig > NSIG)
		return -EINVAL;
	if (sh == NULL)
		return 0;		/* a zombie */
	spin_lock(&sh->lock);
	if (ignored(sh, sig)) {
		spin_unlock(&sh->lock);
		return 0;
	}
	p->sig.pending.bits |= sigmask(sig);
	spin_lock(&p->lock);
	list_for_each_entry(t, &p->threads, proc_link) {
		if (!(t->blocked.bits & sigmask(sig)) || sig == SIGKILL) {
			target = t;
			break;
		}
	}
	if (target != NULL)
		signal_wake(target);
	spin_unlock(&p->lock);
	spin_unlock(&sh->lock);
	return 0;
}

/* A signal for one thread (tkill, SIGPIPE): pending on it, unless ignored. */
int
send_thread_signal(struct thread *t, int sig)
{
	struct sighand *sh;

	if (sig < 1 || sig > NSIG)
		return -EINVAL;
	if (t->proc == NULL)
		return 0;	/* a kernel thread (self-tests writing to a pipe) */
	sh = t->proc->sighand;
	spin_lock(&sh->lock);
	if (!ignored(sh, sig))
		t->sig.pending.bits |= sigmask(sig);
	spin_unlock(&sh->lock);
	if (t != current)
		signal_wake(t);
	return 0;
}

void
thread_kill(struct thread *t)
{
	struct sighand *sh = t->proc->sighand;

	spin_lock(&sh->lock);
	t->sig.pending.bits |= sigmask(SIGKILL);
	spin_unlock(&sh->lock);
	signal_wake(t);
}

void
force_fault_signal(int sig, int code, uintptr_t addr)
{
	struct thread *t = current;
	struct sighand *sh = t->proc->sighand;

	spin_lock(&sh->lock);
	/* A fault cannot be blocked or ignored away: Linux resets such a signal to default. */
	if (sh->action[sig - 1].handler == SIG_IGN || (t->blocked.bits & sigmask(sig)))
		sh->action[sig - 1].handler = SIG_DFL;
	t->blocked.bits &= ~sigmask(sig);
	t->sig.pending.bits |= sigmask(sig);
	t->sig.fault_code = code;
	t->sig.fault_addr = addr;
	spin_unlock(&sh->lock);
}

int
kill_pgrp(int pgid, int sig)
{
	int found = 0, r = -ESRCH;

	spin_lock(&proc_tree_lock);
	for (int pid = 1; pid < PID_MAX; pid++) {
		struct process *p = proc_lookup(pid);

		if (p != NULL && p->pgid == pgid && p->state == PROC_ALIVE) {
			found++;
			r = send_signal(p, sig);
		}
	}
	spin_unlock(&proc_tree_lock);
	return found > 0 ? 0 : r;
}

bool
signal_pending(struct thread *t)
{
	struct process *p = t->proc;

	if (p == NULL)
		return false;
	return ((t->sig.pending.bits | p->sig.pending.bits) & ~t->blocked.bits) != 0 ||
	    (t->sig.pending.bits & sigmask(SIGKILL));
}

/* The lowest pending unblocked signal, removed from its set; 0 if none. */
static int
dequeue_signal(struct thread *t, struct sighand *sh)
{
	struct process *p = t->proc;
	unsigned long mine = t->sig.pending.bits & (~t->blocked.bits | sigmask(SIGKILL));
	unsigned long shared = p->sig.pending.bits & ~t->blocked.bits;
	int sig;

	if (mine != 0) {
		sig = __builtin_ctzl(mine) + 1;
		t->sig.pending.bits &= ~sigmask(sig);
	} else if (shared != 0) {
		sig = __builtin_ctzl(shared) + 1;
		p->sig.pending.bits &= ~sigmask(sig);
	} else {
		return 0;
	}
	(void)sh;
	return sig;
}

/*
 * Called with sh->lock held, returns with it released: block what the
 * handler's mask says, reset a one-shot handler, and build the frame. A
 * frame that cannot be written kills the process with SIGSEGV, as on Linux.
 */
static bool
run_handler(struct thread *t, struct sighand *sh, int sig)
{
	struct k_sigaction sa = sh->action[sig - 1];
	struct signal_state st = t->sig;
	/* After a temporary mask (ppoll, sigsuspend) the handler's return restores the real one. */
	sigset_t old = t->restore_blocked ? t->saved_blocked : t->blocked;

	t->restore_blocked = false;
	t->blocked.bits |= sa.mask.bits | ((sa.flags & SA_NODEFER) ? 0 : sigmask(sig));
	t->blocked.bits &= ~(sigmask(SIGKILL) | sigmask(SIGSTOP));
	if (sa.flags & SA_RESETHAND)
		sh->action[sig - 1].handler = SIG_DFL;
	t->sig.fault_code = 0;
	t->sig.fault_addr = 0;
	spin_unlock(&sh->lock);
	if (signal_setup_frame(sig, &sa, &st, old))
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
	struct sighand *sh;
	int sig;

	if (t->proc == NULL || (sh = t->proc->sighand) == NULL)
		return;
	for (;;) {
		enum default_action act;

		spin_lock(&sh->lock);
		sig = dequeue_signal(t, sh);
		if (sig == 0 || (sig != SIGKILL && ignored(sh, sig))) {
			spin_unlock(&sh->lock);
			if (sig == 0)
				return;
			continue;
		}
		if (sig != SIGKILL && sh->action[sig - 1].handler != SIG_DFL) {
			if (run_handler(t, sh, sig))
				return;		/* one frame at a time; the rest after sigreturn */
			continue;
		}
		spin_unlock(&sh->lock);
		act = default_action(sig);
		if (act == ACT_IGNORE || act == ACT_CONT || act == ACT_STOP)
			continue;	/* job-control stops arrive with the signals issue */
		do_exit_group(sig | (act == ACT_CORE ? WCOREFLAG : 0));
	}
}
