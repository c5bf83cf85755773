/*
 * Copies between kernel and user memory that survive bad user pointers.
 *
 * unsigned long __copy_user(void *dst, const void *src, unsigned long n)
 *   returns 0 on success, else a non-zero count of bytes not copied (at
 *   most 64 more than the exact shortfall: a fault in the middle of a block
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
 * Both pointers 8-byte aligned: 64 bytes per iteration, then words, then
 * bytes. Signal frames and most system-call structures take the fast path;
 * misaligned buffers fall back to bytes. a3..a7, t0..t2 carry a block.
 */
	.globl __copy_user
__copy_user:
	li	t6, SSTATUS_SUM
	csrs	sstatus, t6
	or	t0, a0, a1
	andi	t0, t0, 7
	bnez	t0, 3f
	li	t5, 64
	bltu	a2, t5, 2f
1:
10:	ld	a3, 0(a1)
11:	ld	a4, 8(a1)
12:	ld	a5, 16(a1)
13:	ld	a6, 24(a1)
14:	ld	a7, 32(a1)
15:	ld	t0, 40(a1)
16:	ld	t1, 48(a1)
17:	ld	t2, 56(a1)
50:	sd	a3, 0(a0)
51:	sd	a4, 8(a0)
52:	sd	a5, 16(a0)
53:	sd	a6, 24(a0)
54:	sd	a7, 32(a0)
55:	sd	t0, 40(a0)
56:	sd	t1, 48(a0)
57:	sd	t2, 56(a0)
	addi	a0, a0, 64
	addi	a1, a1, 64
	addi	a2, a2, -64
	bgeu	a2, t5, 1b
2:	li	t5, 8
	bltu	a2, t5, 3f
5:	COPY_ONE ld, sd, 8
	bgeu	a2, t5, 5b
3:	beqz	a2, 4f
6:	COPY_ONE lb, sb, 1
	bnez	a2, 6b
4:	csrc	sstatus, t6
	mv	a0, a2
	ret
	EXTABLE	10b, 4b
	EXTABLE	11b, 4b
	EXTABLE	12b, 4b
	EXTABLE	13b, 4b
	EXTABLE	14b, 4b
	EXTABLE	15b, 4b
	EXTABLE	16b, 4b
	EXTABLE	17b, 4b
	EXTABLE	50b, 4b
	EXTABLE	51b, 4b
	EXTABLE	52b, 4b
	EXTABLE	53b, 4b
	EXTABLE	54b, 4b
	EXTABLE	55b, 4b
	EXTABLE	56b, 4b
	EXTABLE	57b, 4b

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
