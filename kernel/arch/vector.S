/*
 * The trap vector.
 *
 * sscratch is 0 while the hart runs kernel code and holds the current thread
 * while it runs user code. So `csrrw tp, sscratch, tp` tells where we came
 * from: non-zero tp means from user mode (and tp is now our thread), zero
 * means from the kernel (and the kernel's tp is in sscratch).
 *
 * From user mode the frame goes at the top of the thread's kernel stack
 * (thread->kernel_sp); from the kernel, below the interrupted sp.
 * Interrupts stay disabled (the hardware cleared SIE) until trap_handler
 * decides otherwise.
 */
#include <riscv.h>
#include <trapframe.h>

#define THREAD_KERNEL_SP	0
#define THREAD_TRAP_SP		8

.macro SAVE_GPRS
	sd	ra, 0*8(sp)
	sd	gp, 2*8(sp)
	sd	t0, 4*8(sp)
	sd	t1, 5*8(sp)
	sd	t2, 6*8(sp)
	sd	s0, 7*8(sp)
	sd	s1, 8*8(sp)
	sd	a0, 9*8(sp)
	sd	a1, 10*8(sp)
	sd	a2, 11*8(sp)
	sd	a3, 12*8(sp)
	sd	a4, 13*8(sp)
	sd	a5, 14*8(sp)
	sd	a6, 15*8(sp)
	sd	a7, 16*8(sp)
	sd	s2, 17*8(sp)
	sd	s3, 18*8(sp)
	sd	s4, 19*8(sp)
	sd	s5, 20*8(sp)
	sd	s6, 21*8(sp)
	sd	s7, 22*8(sp)
	sd	s8, 23*8(sp)
	sd	s9, 24*8(sp)
	sd	s10, 25*8(sp)
	sd	s11, 26*8(sp)
	sd	t3, 27*8(sp)
	sd	t4, 28*8(sp)
	sd	t5, 29*8(sp)
	sd	t6, 30*8(sp)
.endm

	.section .text
	.balign 4
	.globl trap_vector
trap_vector:
	csrrw	tp, sscratch, tp
	bnez	tp, 1f
	/* From the kernel: tp back from sscratch, frame below the current sp. */
	csrr	tp, sscratch
	sd	sp, THREAD_TRAP_SP(tp)
	addi	sp, sp, -TF_SIZE
	j	2f
1:	/* From user mode: switch to the thread's kernel stack. */
	sd	sp, THREAD_TRAP_SP(tp)
	ld	sp, THREAD_KERNEL_SP(tp)
	addi	sp, sp, -TF_SIZE
2:
	SAVE_GPRS
	ld	t0, THREAD_TRAP_SP(tp)
	sd	t0, 1*8(sp)
	csrr	t0, sscratch
	sd	t0, 3*8(sp)		/* the interrupted tp */
	csrw	sscratch, zero
	csrr	t0, sepc
	sd	t0, TF_SEPC(sp)
	csrr	t0, sstatus
	sd	t0, TF_SSTATUS(sp)
	csrr	t0, scause
	sd	t0, TF_SCAUSE(sp)
	csrr	t0, stval
	sd	t0, TF_STVAL(sp)
	mv	a0, sp
	call	trap_handler
	mv	a0, sp
	/* fall through */

/*
 * Return through the frame at a0 (sp == a0). A new user thread starts here
 * too, from its first switch. Interrupts must be off.
 */
	.globl trap_return
trap_return:
	mv	sp, a0
	ld	t0, TF_SSTATUS(sp)
	andi	t1, t0, SSTATUS_SPP
	bnez	t1, 3f
	/* Back to user mode: sscratch = this thread, for the next trap. */
	csrw	sscratch, tp
3:	csrw	sstatus, t0
	ld	t0, TF_SEPC(sp)
	csrw	sepc, t0
	ld	ra, 0*8(sp)
	ld	gp, 2*8(sp)
	ld	tp, 3*8(sp)
	ld	t0, 4*8(sp)
	ld	t1, 5*8(sp)
	ld	t2, 6*8(sp)
	ld	s0, 7*8(sp)
	ld	s1, 8*8(sp)
	ld	a0, 9*8(sp)
	ld	a1, 10*8(sp)
	ld	a2, 11*8(sp)
	ld	a3, 12*8(sp)
	ld	a4, 13*8(sp)
	ld	a5, 14*8(sp)
	ld	a6, 15*8(sp)
	ld	a7, 16*8(sp)
	ld	s2, 17*8(sp)
	ld	s3, 18*8(sp)
	ld	s4, 19*8(sp)
	ld	s5, 20*8(sp)
	ld	s6, 21*8(sp)
	ld	s7, 22*8(sp)
	ld	s8, 23*8(sp)
	ld	s9, 24*8(sp)
	ld	s10, 25*8(sp)
	ld	s11, 26*8(sp)
	ld	t3, 27*8(sp)
	ld	t4, 28*8(sp)
	ld	t5, 29*8(sp)
	ld	t6, 30*8(sp)
	ld	sp, 1*8(sp)
	sret
