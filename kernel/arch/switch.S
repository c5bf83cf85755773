/*
 * struct thread *switch_to(struct thread *prev, struct thread *next)
 *
 * Saves prev's callee-saved registers in prev->ctx, loads next's, makes tp
 * point at next, and "returns" on next's stack with a0 = prev, so the code
 * that resumes (schedule() or a new thread's trampoline) knows which thread
 * it switched away from.
 */
#define CTX	16	/* offsetof(struct thread, ctx) */

	.section .text
	.globl switch_to
switch_to:
	sd	ra, CTX+0*8(a0)
	sd	sp, CTX+1*8(a0)
	sd	s0, CTX+2*8(a0)
	sd	s1, CTX+3*8(a0)
	sd	s2, CTX+4*8(a0)
	sd	s3, CTX+5*8(a0)
	sd	s4, CTX+6*8(a0)
	sd	s5, CTX+7*8(a0)
	sd	s6, CTX+8*8(a0)
	sd	s7, CTX+9*8(a0)
	sd	s8, CTX+10*8(a0)
	sd	s9, CTX+11*8(a0)
	sd	s10, CTX+12*8(a0)
	sd	s11, CTX+13*8(a0)

	ld	ra, CTX+0*8(a1)
	ld	sp, CTX+1*8(a1)
	ld	s0, CTX+2*8(a1)
	ld	s1, CTX+3*8(a1)
	ld	s2, CTX+4*8(a1)
	ld	s3, CTX+5*8(a1)
	ld	s4, CTX+6*8(a1)
	ld	s5, CTX+7*8(a1)
	ld	s6, CTX+8*8(a1)
	ld	s7, CTX+9*8(a1)
	ld	s8, CTX+10*8(a1)
	ld	s9, CTX+11*8(a1)
	ld	s10, CTX+12*8(a1)
	ld	s11, CTX+13*8(a1)
	mv	tp, a1
	ret

/* First run of a kernel thread: s0 = function, s1 = argument, a0 = prev. */
	.globl kthread_trampoline
kthread_trampoline:
	call	kthread_first_run	/* finishes the switch, enables interrupts */
	mv	a0, s1
	jalr	s0
	call	thread_exit

/* First run of a forked user thread: sp is its trap frame, a0 = prev. */
	.globl fork_child_entry
fork_child_entry:
	call	fork_child_start	/* never returns */
