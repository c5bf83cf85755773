/*
 * Save and restore a user thread's floating-point registers. The kernel is
 * built without F/D, so these are the only places that touch them; sstatus.FS
 * is opened around the accesses.
 *
 * void fpu_save(struct fpu_state *s);  void fpu_restore(const struct fpu_state *s);
 *
 * int fpu_save_user(void *u);  int fpu_restore_user(const void *u);
 *   the same straight to or from a signal frame's __riscv_d_ext_state in
 *   user memory (fcsr as the 8-byte word after f31, its padding zero), for
 *   a caller that checked the range and has interrupts off: 0, or -1 if an
 *   access faulted (with interrupts off no page is brought in), leaving the
 *   FP registers or the user copy partly written.
 */
#include <riscv.h>
#include "extable.h"

	.option push
	.option arch, +d

/* op f0..f31 at a0; with a fixup label, each is a user access that may fault there. */
.macro FP_ALL op, fixup
	.irp n, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
100:	\op	f\n, \n*8(a0)
	.ifnb \fixup
	EXTABLE	100b, \fixup
	.endif
	.endr
.endm

	.section .text
	.globl fpu_save
fpu_save:
	li	t1, SSTATUS_FS
	csrs	sstatus, t1
	FP_ALL	fsd
	frcsr	t0
	sw	t0, 32*8(a0)
	csrc	sstatus, t1
	ret

	.globl fpu_restore
fpu_restore:
	li	t1, SSTATUS_FS
	csrs	sstatus, t1
	FP_ALL	fld
	lw	t0, 32*8(a0)
	fscsr	t0
	csrc	sstatus, t1
	ret

	.globl fpu_save_user
fpu_save_user:
	li	t1, SSTATUS_FS | SSTATUS_SUM
	csrs	sstatus, t1
	FP_ALL	fsd, 2f
	frcsr	t0
101:	sd	t0, 32*8(a0)
	EXTABLE	101b, 2f
	li	a0, 0
1:	csrc	sstatus, t1
	ret
2:	li	a0, -1
	j	1b

	.globl fpu_restore_user
fpu_restore_user:
	li	t1, SSTATUS_FS | SSTATUS_SUM
	csrs	sstatus, t1
	FP_ALL	fld, 2f
102:	lw	t0, 32*8(a0)
	EXTABLE	102b, 2f
	fscsr	t0
	li	a0, 0
1:	csrc	sstatus, t1
	ret
2:	li	a0, -1
	j	1b

	.option pop
