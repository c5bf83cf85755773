/*
 * rt_sigtimedwait(2): take a pending signal of a set without running its
 * handler, waiting for one up to a timeout.
 *
 * The set is normally blocked (else a handler could take the signal first).
 * While the thread waits, the set is removed from its blocked mask so that
 * a process-directed signal of the set picks this thread and wakes it; the
 * mask is put back before the signal is taken. Another signal, unblocked and
 * not in the set, interrupts the wait with EINTR (never restarted, as on
 * Linux); the timeout gives EAGAIN.
 *
 * Locking: pending sets and the blocked mask under sighand->lock, dropped
 * while sleeping; the siginfo is copied out with no lock held.
 */
#include <signal.h>
#include <proc.h>
#include <syscall.h>
#include <uaccess.h>
#include <timer.h>
#include <errno.h>

/* Sleep until a deliverable signal or the deadline (0: none). sh->lock held, dropped meanwhile. */
static void
wait_for_signal(struct sighand *sh, sigset_t set, uint64_t deadline)
{
	struct thread *t = current;
	sigset_t saved = t->blocked;
	struct sleeper_timer st = { .expired = 0 };

	t->blocked.bits &= ~set.bits;
	spin_unlock(&sh->lock);
	if (deadline != 0)
		sleeper_timer_start(&st, deadline);
	for (;;) {
		set_current_state(TASK_INTERRUPTIBLE);
		if (smp_load_acquire(&st.expired) || signal_pending(t))
			break;
		schedule();
	}
	set_current_state(TASK_RUNNING);
	if (deadline != 0)
		timer_cancel(&st.timer);
	spin_lock(&sh->lock);
	t->blocked = saved;
}

SYSCALL_DEFINE4(rt_sigtimedwait, uintptr_t, uset, uintptr_t, uinfo, uintptr_t, uts,
    size_t, setsize)
{
	struct sighand *sh = current_proc()->sighand;
	struct siginfo info;
	uint64_t deadline;
	sigset_t set;
	bool zero;
	int sig, r;

	if (setsize != sizeof(sigset_t))
		return -EINVAL;
	if (copy_from_user(&set, uset, sizeof(set)) != 0)
		return -EFAULT;
	if ((r = timeout_from_user(uts, &deadline, &zero)) != 0)
		return r;
	set.bits &= ~(sigmask(SIGKILL) | sigmask(SIGSTOP));
	spin_lock(&sh->lock);
	sig = dequeue_signal(current, set, &info);
	if (sig == 0 && !zero) {
		wait_for_signal(sh, set, deadline);
		sig = dequeue_signal(current, set, &info);
	}
	spin_unlock(&sh->lock);
	if (sig == 0)
		return signal_pending(current) ? -EINTR : -EAGAIN;
	if (uinfo != 0 && copy_to_user(uinfo, &info, sizeof(info)) != 0)
		return -EFAULT;
	return sig;
}
