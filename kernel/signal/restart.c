/*
 * restart_syscall(2): resuming a call that a signal or a stop interrupted.
 *
 * Most interrupted calls restart by running again with their original
 * arguments (-ERESTARTSYS and friends: usertrap.c moves sepc back over the
 * ecall and restores a0). That is wrong for a relative sleep, which would
 * start its whole time again. Such a call saves where it stopped in the
 * thread's restart block and returns -ERESTART_RESTARTBLOCK, having pointed
 * a7 at restart_syscall: the same transparent restart then enters
 * restart_syscall, which runs the saved continuation. A handler that runs
 * makes the call fail with EINTR instead (frame.c); a7 must then hold the
 * call's own number again, as the handler's frame and the interrupted code
 * see it (restart_block_abandon, from the signal delivery path).
 *
 * Linux leaves a7 = 128 after a transparent restart, and so do we.
 *
 * The restart block is private to its thread: only the thread itself sets,
 * abandons and runs it.
 */
#include <signal.h>
#include <proc.h>
#include <syscall.h>
#include <errno.h>

#define NR_RESTART_SYSCALL	128

long
restart_block_set(long (*fn)(struct restart_block *rb))
{
	struct thread *t = current;

	t->restart.fn = fn;
	t->restart.nr = t->utf->a7;
	t->utf->a7 = NR_RESTART_SYSCALL;
	return -ERESTART_RESTARTBLOCK;
}

/* A handler is about to run: the interrupted call returns EINTR, nothing resumes. */
void
restart_block_abandon(struct thread *t)
{
	if (!t->syscall_restart || (long)t->utf->a0 != -ERESTART_RESTARTBLOCK)
		return;
	t->utf->a7 = t->restart.nr;
	t->restart.fn = NULL;
}

/* Without a continuation (a stray call, or one already run), Linux says EINTR. */
SYSCALL_DEFINE0(restart_syscall)
{
	struct restart_block *rb = &current->restart;
	long (*fn)(struct restart_block *) = rb->fn;

	rb->fn = NULL;		/* fn sets it again if it is interrupted again */
	return fn != NULL ? fn(rb) : -EINTR;
}
