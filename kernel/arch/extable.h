/*
 * For assembly that touches user memory: EXTABLE insn, fixup records that a
 * fault at insn resumes at fixup (arch/extable.c looks it up; the registers
 * are as they were at the fault).
 */
#ifndef KITE_ARCH_EXTABLE_H
#define KITE_ARCH_EXTABLE_H

.macro EXTABLE insn, fixup
	.pushsection .extable, "a"
	.balign 8
	.dword	\insn, \fixup
	.popsection
.endm

#endif
