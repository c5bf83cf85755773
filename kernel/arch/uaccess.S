/*
 * Copies between kernel and user memory that survive bad user pointers.
 *
 * unsigned long __copy_user(void *dst, const void *src, unsigned long n)
 *   returns 0 on success, else a non-zero count of bytes not copied (at
 *   most 128 more than the exact shortfall: a fault in the middle of a block
 *   reports the whole block).
 * long __strncpy_from_user(char *dst, const char *src, long n)
 *   returns the string length, n if no NUL within n bytes, -1 on a fault.
 *
 * sstatus.SUM lets S-mode touch user pages for the duration. Every
 * instruction that may fault on a user address has an __extable entry
 * {faulting pc, fixup pc}: the trap handler resumes at the fixup, which
 * reports the shortfall.
 */
#include <riscv.h>
#include "extable.h"

/* Copy the word at offset off without advancing; the fixup is __copy_user's. */
.macro MOVE_WORD off
100:	ld	a3, \off(a1)
101:	sd	a3, \off(a0)
	EXTABLE	100b, 4f
	EXTABLE	101b, 4f
.endm

/* Copy one element of n bytes from a1 to a0 and advance; the fixup is __copy_user's. */
.macro COPY_ONE load, store, n
100:	\load	a3, 0(a1)
101:	\store	a3, 0(a0)
	addi	a0, a0, \n
	addi	a1, a1, \n
	addi	a2, a2, -\n
	EXTABLE	100b, 4f
	EXTABLE	101b, 4f
.endm

	.section .text
/*
 * Both pointers 8-byte aligned: 128 bytes per iteration, then a 64-byte
 * block, then words, then bytes. Signal frames, pipe buffers and most
 * system-call structures take the fast path; misaligned buffers fall back
 * to bytes.
 */
	.globl __copy_user
__copy_user:
	li	t6, SSTATUS_SUM
	csrs	sstatus, t6
	or	t0, a0, a1
	andi	t0, t0, 7
	bnez	t0, 3f
	li	t5, 128
	bltu	a2, t5, 2f
1:	.irp off, 0, 8, 16, 24, 32, 40, 48, 56, 64, 72, 80, 88, 96, 104, 112, 120
	MOVE_WORD \off
	.endr
	addi	a0, a0, 128
	addi	a1, a1, 128
	addi	a2, a2, -128
	bgeu	a2, t5, 1b
2:	li	t5, 64
	bltu	a2, t5, 7f
	.irp off, 0, 8, 16, 24, 32, 40, 48, 56
	MOVE_WORD \off
	.endr
	addi	a0, a0, 64
	addi	a1, a1, 64
	addi	a2, a2, -64
7:	li	t5, 8
	bltu	a2, t5, 3f
5:	COPY_ONE ld, sd, 8
	bgeu	a2, t5, 5b
3:	beqz	a2, 4f
6:	COPY_ONE lb, sb, 1
	bnez	a2, 6b
4:	csrc	sstatus, t6
	mv	a0, a2
	ret

	.globl __strncpy_from_user
__strncpy_from_user:
	li	t6, SSTATUS_SUM
	csrs	sstatus, t6
	mv	t0, zero		/* bytes copied */
1:	bge	t0, a2, 2f
20:	lb	t1, 0(a1)
	sb	t1, 0(a0)
	beqz	t1, 2f
	addi	a0, a0, 1
	addi	a1, a1, 1
	addi	t0, t0, 1
	j	1b
2:	csrc	sstatus, t6
	mv	a0, t0
	ret
3:	csrc	sstatus, t6
	li	a0, -1
	ret
	EXTABLE	20b, 3b

/* long __clear_user(void *dst, unsigned long n): bytes not cleared. Words once aligned. */
	.globl __clear_user
__clear_user:
	li	t6, SSTATUS_SUM
	csrs	sstatus, t6
1:	beqz	a1, 3f
	andi	t0, a0, 7
	beqz	t0, 2f
40:	sb	zero, 0(a0)
	addi	a0, a0, 1
	addi	a1, a1, -1
	j	1b
2:	li	t5, 8
	bltu	a1, t5, 4f
41:	sd	zero, 0(a0)
	addi	a0, a0, 8
	addi	a1, a1, -8
	j	2b
4:	beqz	a1, 3f
42:	sb	zero, 0(a0)
	addi	a0, a0, 1
	addi	a1, a1, -1
	j	4b
3:	csrc	sstatus, t6
	mv	a0, a1
	ret
	EXTABLE	40b, 3b
	EXTABLE	41b, 3b
	EXTABLE	42b, 3b
