/*
 * Alternate signal stacks: sigaltstack(2) and where a handler's frame goes.
 *
 * A handler installed with SA_ONSTACK runs at the top of the thread's
 * alternate stack unless the thread is already on it (a nested signal
 * stacks below the running handler's frame). The frame's uc_stack records
 * the setting at delivery; rt_sigreturn puts it back, which is how an
 * SS_AUTODISARM stack, cleared while its handler runs, comes back.
 *
 * Locking: the setting is private to its thread; nothing is shared.
 */
#include <signal.h>
#include <proc.h>
#include <syscall.h>
#include <uaccess.h>
#include <errno.h>
#include <string.h>

static bool
on_altstack(const struct thread *t, uintptr_t sp)
{
	return t->altstack.ss_size != 0 && sp > t->altstack.ss_sp &&
	    sp - t->altstack.ss_sp <= t->altstack.ss_size;
}

uintptr_t
altstack_frame_top(struct thread *t, uintptr_t sp, unsigned long sa_flags)
{
	uintptr_t top;

	if (!(sa_flags & SA_ONSTACK) || t->altstack.ss_size == 0 || on_altstack(t, sp))
		return sp;
	top = t->altstack.ss_sp + t->altstack.ss_size;
	if (t->altstack.ss_flags & SS_AUTODISARM)
		t->altstack = (struct user_stack){ .ss_flags = 0 };
	return top;
}

/*
 * The setting as sigaltstack reports it: SS_ONSTACK while on it, SS_DISABLE
 * if none. Field by field, so the caller's zeroed padding stays zero: *ss is
 * copied to user memory as it is.
 */
void
altstack_save(struct thread *t, uintptr_t sp, struct user_stack *ss)
{
	ss->ss_sp = t->altstack.ss_sp;
	ss->ss_size = t->altstack.ss_size;
	ss->ss_flags = t->altstack.ss_flags;
	if (t->altstack.ss_size == 0)
		ss->ss_flags |= SS_DISABLE;
	else if (on_altstack(t, sp))
		ss->ss_flags |= SS_ONSTACK;
}

/* Install ss (sigaltstack's rules). 0 or -errno. */
static int
altstack_set(struct thread *t, uintptr_t sp, const struct user_stack *ss)
{
	int mode = ss->ss_flags & ~SS_AUTODISARM;

	if (on_altstack(t, sp))
		return -EPERM;
	if (mode != 0 && mode != SS_DISABLE && mode != SS_ONSTACK)
		return -EINVAL;
	if (mode == SS_DISABLE) {
		t->altstack = (struct user_stack){ .ss_flags = 0 };
		return 0;
	}
	if (ss->ss_size < MINSIGSTKSZ)
		return -ENOMEM;
	t->altstack.ss_sp = ss->ss_sp;
	t->altstack.ss_size = ss->ss_size;
	t->altstack.ss_flags = ss->ss_flags & SS_AUTODISARM;
	return 0;
}

/* rt_sigreturn: errors are ignored, as on Linux (still on the stack: kept). */
void
altstack_restore(struct thread *t, uintptr_t sp, const struct user_stack *ss)
{
	(void)altstack_set(t, sp, ss);
}

SYSCALL_DEFINE2(sigaltstack, uintptr_t, uss, uintptr_t, uoss)
{
	struct thread *t = current;
	struct user_stack ss, old;
	int r;

	memset(&old, 0, sizeof(old));	/* no kernel stack bytes in the padding */
	altstack_save(t, t->utf->sp, &old);
	if (uss != 0) {
		if (copy_from_user(&ss, uss, sizeof(ss)) != 0)
			return -EFAULT;
		if ((r = altstack_set(t, t->utf->sp, &ss)) != 0)
			return r;
	}
	if (uoss != 0 && copy_to_user(uoss, &old, sizeof(old)) != 0)
		return -EFAULT;
	return 0;
}
