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
 * Interrupts stay disabled (the hardware cleared SIE) until the C handler
 * decides otherwise: user_syscall for an ecall from user mode, trap_handler
 * for everything else.
 */
#include <riscv.h>
#include <trapframe.h>

#define THREAD_KERNEL_SP	0
#define THREAD_TRAP_SP		8

/* x1..x31 live at n * 8 (trapframe.h); sp (x2) and tp (x4) are handled apart. */
.macro SAVE_GPRS
	sd	x1, 1*8(sp)
	sd	x3, 3*8(sp)
	.irp n, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
	sd	x\n, \n*8(sp)
	.endr
.endm

.macro RESTORE_GPRS
	ld	x1, 1*8(sp)
	.irp n, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
	ld	x\n, \n*8(sp)
	.endr
	ld	x2, 2*8(sp)
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
	sd	t0, 2*8(sp)
	csrr	t0, sscratch
	sd	t0, 4*8(sp)		/* the interrupted tp */
	csrw	sscratch, zero
	csrr	t0, sepc
	sd	t0, TF_SEPC(sp)
	csrr	t0, sstatus
	sd	t0, TF_SSTATUS(sp)
	csrr	t1, scause
	sd	t1, TF_SCAUSE(sp)
	csrr	t0, stval
	sd	t0, TF_STVAL(sp)
	mv	a0, sp
	/* A system call, the most frequent trap, goes straight to its own path. */
	li	t0, EXC_ECALL_U
	bne	t1, t0, 5f
	call	user_syscall
	j	6f
5:	call	trap_handler
6:	mv	a0, sp
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
	RESTORE_GPRS
	sret
