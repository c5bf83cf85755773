/*
 * Save and restore a user thread's floating-point registers. The kernel is
 * built without F/D, so these are the only places that touch them; sstatus.FS
 * is opened around the accesses.
 *
 * void fpu_save(struct fpu_state *s);  void fpu_restore(const struct fpu_state *s);
 */
#include <riscv.h>

	.option push
	.option arch, +d

.macro FP_ALL op
	\op	f0, 0*8(a0)
	\op	f1, 1*8(a0)
	\op	f2, 2*8(a0)
	\op	f3, 3*8(a0)
	\op	f4, 4*8(a0)
	\op	f5, 5*8(a0)
	\op	f6, 6*8(a0)
	\op	f7, 7*8(a0)
	\op	f8, 8*8(a0)
	\op	f9, 9*8(a0)
	\op	f10, 10*8(a0)
	\op	f11, 11*8(a0)
	\op	f12, 12*8(a0)
	\op	f13, 13*8(a0)
	\op	f14, 14*8(a0)
	\op	f15, 15*8(a0)
	\op	f16, 16*8(a0)
	\op	f17, 17*8(a0)
	\op	f18, 18*8(a0)
	\op	f19, 19*8(a0)
	\op	f20, 20*8(a0)
	\op	f21, 21*8(a0)
	\op	f22, 22*8(a0)
	\op	f23, 23*8(a0)
	\op	f24, 24*8(a0)
	\op	f25, 25*8(a0)
	\op	f26, 26*8(a0)
	\op	f27, 27*8(a0)
	\op	f28, 28*8(a0)
	\op	f29, 29*8(a0)
	\op	f30, 30*8(a0)
	\op	f31, 31*8(a0)
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

	.option pop
