/*
 * The registers a trap saves on the kernel stack. The first 32 slots are
 * Linux's user_regs_struct (pc, then x1..x31 at n * 8), so a signal frame's
 * registers are one copy to or from here. Offsets are used by arch/vector.S.
 */
#ifndef KITE_TRAPFRAME_H
#define KITE_TRAPFRAME_H

#define TF_SEPC		0
#define TF_SSTATUS	(32 * 8)
#define TF_SCAUSE	(33 * 8)
#define TF_STVAL	(34 * 8)
#define TF_ORIG_A0	(35 * 8)
#define TF_SIZE		(36 * 8)
#define TF_USER_REGS	(32 * 8)	/* sepc and x1..x31: user_regs_struct */

#ifndef __ASSEMBLY__
#include <types.h>

struct trapframe {
	uint64_t sepc;
	uint64_t ra, sp, gp, tp;
	uint64_t t0, t1, t2;
	uint64_t s0, s1;
	uint64_t a0, a1, a2, a3, a4, a5, a6, a7;
	uint64_t s2, s3, s4, s5, s6, s7, s8, s9, s10, s11;
	uint64_t t3, t4, t5, t6;
	uint64_t sstatus, scause, stval;
	uint64_t orig_a0;	/* a0 at system-call entry, for restarts */
};

_Static_assert(sizeof(struct trapframe) == TF_SIZE, "trapframe layout");
_Static_assert(offsetof(struct trapframe, sstatus) == TF_SSTATUS, "trapframe layout");
_Static_assert(offsetof(struct trapframe, t6) == TF_USER_REGS - 8, "x31 ends user_regs_struct");
_Static_assert(offsetof(struct trapframe, a0) == 10 * 8, "x10 at 10 * 8");
_Static_assert(TF_SIZE % 16 == 0, "stack alignment");
#endif

#endif
