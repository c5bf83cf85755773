/*
 * Copies between kernel and user memory that survive bad user pointers.
 *
 * unsigned long __copy_user(void *dst, const void *src, unsigned long n)
 *   returns the number of bytes NOT copied (0 on success).
 * long __strncpy_from_user(char *dst, const char *src, long n)
 *   returns the string length, n if no NUL within n bytes, -1 on a fault.
 *
 * sstatus.SUM lets S-mode touch user pages for the duration. Every
 * instruction that may fault on a user address has an __extable entry
 * {faulting pc, fixup pc}: the trap handler resumes at the fixup, which
 * reports the shortfall.
 */
#include <riscv.h>

.macro EXTABLE insn, fixup
	.pushsection .extable, "a"
	.balign 8
	.dword	\insn, \fixup
	.popsection
.endm

	.section .text
	.globl __copy_user
__copy_user:
	li	t6, SSTATUS_SUM
	csrs	sstatus, t6
	beqz	a2, 3f
	/* Word at a time when both pointers and the length allow. */
	or	t0, a0, a1
	andi	t0, t0, 7
	bnez	t0, 2f
1:	li	t1, 8
	bltu	a2, t1, 2f
10:	ld	t2, 0(a1)
11:	sd	t2, 0(a0)
	addi	a0, a0, 8
	addi	a1, a1, 8
	addi	a2, a2, -8
	j	1b
2:	beqz	a2, 3f
12:	lb	t2, 0(a1)
13:	sb	t2, 0(a0)
	addi	a0, a0, 1
	addi	a1, a1, 1
	addi	a2, a2, -1
	j	2b
3:	csrc	sstatus, t6
	mv	a0, a2
	ret
	EXTABLE	10b, 3b
	EXTABLE	11b, 3b
	EXTABLE	12b, 3b
	EXTABLE	13b, 3b

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

/* long __clear_user(void *dst, unsigned long n): bytes not cleared. */
	.globl __clear_user
__clear_user:
	li	t6, SSTATUS_SUM
	csrs	sstatus, t6
1:	beqz	a1, 2f
30:	sb	zero, 0(a0)
	addi	a0, a0, 1
	addi	a1, a1, -1
	j	1b
2:	csrc	sstatus, t6
	mv	a0, a1
	ret
	EXTABLE	30b, 2b
