/*
 * Sending signals (kill, tkill, tgkill, rt_sigqueueinfo, rt_tgsigqueueinfo)
 * and the per-thread state calls (rt_sigaction, rt_sigprocmask,
 * rt_sigpending, rt_sigsuspend).
 *
 * Locking: proc_tree_lock keeps a target alive while it is signalled (a
 * caller signalling itself needs none: it cannot be reaped while it runs);
 * the dispositions and masks under sighand->lock; user memory is copied
 * with no lock held.
 */
#include <proc.h>
#include <syscall.h>
#include <uaccess.h>
#include <errno.h>

/* kill(2)'s permission rule: root, or the sender's real or effective uid is the target's real or saved uid. */
static bool
may_signal(struct process *target, int sig)
{
	const struct cred *me = current_cred(), *them = &target->cred;

	if (me->euid == 0 || target == current_proc())
		return true;
	if (sig == SIGCONT && target->sid == current_proc()->sid)
		return true;
	return me->uid == them->uid || me->uid == them->suid ||
	    me->euid == them->uid || me->euid == them->suid;
}

/* The siginfo of kill(2) and tkill(2): who sent it. */
static struct siginfo
sender_info(int code)
{
	return (struct siginfo){ .si_code = code, .kill.pid = current_proc()->pid,
	    .kill.uid = current_cred()->uid };
}

static int
signal_one(struct process *p, int sig, const struct siginfo *info)
{
	if (!may_signal(p, sig))
		return -EPERM;
	return sig == 0 ? 0 : send_signal_info(p, sig, info);
}

/*
 * kill(-1): every process but init and ourselves; kill(-pgrp): a group.
 * Tree lock held. As on Linux, a group succeeds if any member was
 * signalled, else fails with the last error; kill(-1) succeeds if it found
 * anyone at all, unless sending failed for a reason other than permission.
 */
static int
signal_many(int pgid, int sig, bool all)
{
	struct siginfo info = sender_info(SI_USER);
	int found = 0, sent = 0, err = -ESRCH, other = 0;
	struct process *p;

	for_each_process(p) {
		if (p->state != PROC_ALIVE)
			continue;
		if (all ? p == current_proc() || p == init_process : p->pgid != pgid)
			continue;
		found++;
		err = signal_one(p, sig, &info);
		if (err == 0)
			sent++;
		else if (err != -EPERM)
			other = err;
	}
	if (all)
		return found == 0 ? -ESRCH : other;
	return sent > 0 ? 0 : err;
}

SYSCALL_DEFINE2(kill, int, pid, int, sig)
{
	struct siginfo info = sender_info(SI_USER);
	struct process *p;
	int r;

	if (sig < 0 || sig > NSIG)
		return -EINVAL;
	/* Ourselves (raise, abort): a process with a running thread cannot be reaped. */
	if (pid == current_proc()->pid)
		return signal_one(current_proc(), sig, &info);
	spin_lock(&proc_tree_lock);
	if (pid > 0) {
		p = proc_lookup(pid);
		r = p == NULL || p->state != PROC_ALIVE ? -ESRCH : signal_one(p, sig, &info);
	} else if (pid == -1) {
		r = signal_many(0, sig, true);
	} else {
		r = signal_many(pid == 0 ? current_proc()->pgid : -pid, sig, false);
	}
	spin_unlock(&proc_tree_lock);
	return r;
}

static long
signal_thread(int tgid, int tid, int sig, const struct siginfo *info)
{
	struct thread *t;
	long r;

	if (sig < 0 || sig > NSIG || tid <= 0)
		return -EINVAL;
	/* The calling thread (glibc's raise) is alive while it runs: no lookup, no lock. */
	if (tid == current->tid && (tgid <= 0 || tgid == current_proc()->pid))
		return sig == 0 ? 0 : send_thread_signal_info(current, sig, info);
	spin_lock(&proc_tree_lock);
	t = thread_lookup(tid);
	if (t == NULL || (tgid > 0 && t->proc->pid != tgid)) {
		r = -ESRCH;
	} else if (!may_signal(t->proc, sig)) {
		r = -EPERM;
	} else if (sig == 0) {
		r = 0;
	} else {
		r = send_thread_signal_info(t, sig, info);
	}
	spin_unlock(&proc_tree_lock);
	return r;
}

SYSCALL_DEFINE2(tkill, int, tid, int, sig)
{
	struct siginfo info = sender_info(SI_TKILL);

	return signal_thread(-1, tid, sig, &info);
}

SYSCALL_DEFINE3(tgkill, int, tgid, int, tid, int, sig)
{
	struct siginfo info = sender_info(SI_TKILL);

	if (tgid <= 0)
		return -EINVAL;
	return signal_thread(tgid, tid, sig, &info);
}

/*
 * The caller's siginfo for sigqueue(3) and friends. Only a process signalling
 * itself may claim to be the kernel or kill(2) (si_code >= 0) or tkill.
 */
static int
queue_info(int pid, int sig, uintptr_t uinfo, struct siginfo *info)
{
	if (copy_from_user(info, uinfo, sizeof(*info)) != 0)
		return -EFAULT;
	if ((info->si_code >= 0 || info->si_code == SI_TKILL) && pid != current_proc()->pid)
		return -EPERM;
	info->si_signo = sig;
	return 0;
}

SYSCALL_DEFINE3(rt_sigqueueinfo, int, pid, int, sig, uintptr_t, uinfo)
{
	struct siginfo info;
	struct process *p;
	int r;

	if ((r = queue_info(pid, sig, uinfo, &info)) != 0)
		return r;
	if (sig < 0 || sig > NSIG)
		return -EINVAL;
	spin_lock(&proc_tree_lock);
	p = pid > 0 ? proc_lookup(pid) : NULL;
	r = p == NULL || p->state != PROC_ALIVE ? -ESRCH : signal_one(p, sig, &info);
	spin_unlock(&proc_tree_lock);
	return r;
}

SYSCALL_DEFINE4(rt_tgsigqueueinfo, int, tgid, int, tid, int, sig, uintptr_t, uinfo)
{
	struct siginfo info;
	int r;

	if (tgid <= 0)
		return -EINVAL;
	if ((r = queue_info(tgid, sig, uinfo, &info)) != 0)
		return r;
	return signal_thread(tgid, tid, sig, &info);
}

SYSCALL_DEFINE4(rt_sigaction, int, sig, uintptr_t, uact, uintptr_t, uold, size_t, setsize)
{
	struct sighand *sh = current_proc()->sighand;
	struct k_sigaction act, old;

	if (setsize != sizeof(sigset_t))
		return -EINVAL;
	if (sig < 1 || sig > NSIG)
		return -EINVAL;
	if (uact != 0 && copy_from_user(&act, uact, sizeof(act)) != 0)
		return -EFAULT;
	if (uact != 0 && (sig == SIGKILL || sig == SIGSTOP))
		return -EINVAL;
	spin_lock(&sh->lock);
	old = sh->action[sig - 1];
	if (uact != 0) {
		act.mask.bits &= ~(sigmask(SIGKILL) | sigmask(SIGSTOP));
		sh->action[sig - 1] = act;
	}
	spin_unlock(&sh->lock);
	if (uold != 0 && copy_to_user(uold, &old, sizeof(old)) != 0)
		return -EFAULT;
	return 0;
}

SYSCALL_DEFINE4(rt_sigprocmask, int, how, uintptr_t, uset, uintptr_t, uold, size_t, setsize)
{
	struct sighand *sh = current_proc()->sighand;
	sigset_t set, old;

	if (setsize != sizeof(sigset_t))
		return -EINVAL;
	if (uset != 0 && copy_from_user(&set, uset, sizeof(set)) != 0)
		return -EFAULT;
	if (uset != 0 && how != SIG_BLOCK && how != SIG_UNBLOCK && how != SIG_SETMASK)
		return -EINVAL;
	spin_lock(&sh->lock);
	old = current->blocked;
	if (uset != 0) {
		set.bits &= ~(sigmask(SIGKILL) | sigmask(SIGSTOP));
		if (how == SIG_BLOCK)
			current->blocked.bits |= set.bits;
		else if (how == SIG_UNBLOCK)
			current->blocked.bits &= ~set.bits;
		else
			current->blocked = set;
	}
	spin_unlock(&sh->lock);
	if (uold != 0 && copy_to_user(uold, &old, sizeof(old)) != 0)
		return -EFAULT;
	return 0;
}

SYSCALL_DEFINE2(rt_sigpending, uintptr_t, uset, size_t, setsize)
{
	struct sighand *sh = current_proc()->sighand;
	sigset_t set;

	if (setsize != sizeof(sigset_t))
		return -EINVAL;
	spin_lock(&sh->lock);
	set.bits = (current->sig.pending.bits | current_proc()->sig.pending.bits) &
	    current->blocked.bits;
	spin_unlock(&sh->lock);
	return copy_to_user(uset, &set, sizeof(set)) ? -EFAULT : 0;
}

/* Wait with a temporary mask until a handler runs (never returns 0). */
SYSCALL_DEFINE2(rt_sigsuspend, uintptr_t, umask, size_t, setsize)
{
	sigset_t mask;

	if (setsize != sizeof(sigset_t))
		return -EINVAL;
	if (copy_from_user(&mask, umask, sizeof(mask)) != 0)
		return -EFAULT;
	signal_set_temporary_mask(mask);
	for (;;) {
		set_current_state(TASK_INTERRUPTIBLE);
		if (signal_pending(current))
			break;
		schedule();
	}
	set_current_state(TASK_RUNNING);
	return -ERESTARTNOHAND;
}
