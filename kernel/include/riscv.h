/* RISC-V privileged architecture: CSRs, bits and small inline helpers. */
#ifndef KITE_RISCV_H
#define KITE_RISCV_H

#define SSTATUS_SIE	(1UL << 1)
#define SSTATUS_SPIE	(1UL << 5)
#define SSTATUS_SPP	(1UL << 8)
#define SSTATUS_FS	(3UL << 13)
#define SSTATUS_FS_OFF	(0UL << 13)
#define SSTATUS_FS_INITIAL (1UL << 13)
#define SSTATUS_FS_CLEAN (2UL << 13)
#define SSTATUS_FS_DIRTY (3UL << 13)
#define SSTATUS_SUM	(1UL << 18)
#define SSTATUS_MXR	(1UL << 19)

#define SIE_SSIE	(1UL << 1)
#define SIE_STIE	(1UL << 5)
#define SIE_SEIE	(1UL << 9)

#define SCAUSE_INTR	(1UL << 63)
#define IRQ_S_SOFT	1
#define IRQ_S_TIMER	5
#define IRQ_S_EXT	9

#define EXC_INST_MISALIGNED	0
#define EXC_INST_ACCESS		1
#define EXC_ILLEGAL_INST	2
#define EXC_BREAKPOINT		3
#define EXC_LOAD_MISALIGNED	4
#define EXC_LOAD_ACCESS		5
#define EXC_STORE_MISALIGNED	6
#define EXC_STORE_ACCESS	7
#define EXC_ECALL_U		8
#define EXC_INST_PAGE_FAULT	12
#define EXC_LOAD_PAGE_FAULT	13
#define EXC_STORE_PAGE_FAULT	15

#define SATP_MODE_SV39	(8UL << 60)

#ifndef __ASSEMBLY__
#include <types.h>

#define csr_read(csr) ({ \
	unsigned long __v; \
	__asm__ __volatile__("csrr %0, " #csr : "=r"(__v) :: "memory"); \
	__v; })
#define csr_write(csr, val) \
	__asm__ __volatile__("csrw " #csr ", %0" :: "rK"(val) : "memory")
#define csr_set(csr, val) \
	__asm__ __volatile__("csrs " #csr ", %0" :: "rK"(val) : "memory")
#define csr_clear(csr, val) \
	__asm__ __volatile__("csrc " #csr ", %0" :: "rK"(val) : "memory")

static inline uint64_t
rdtime(void)
{
	uint64_t t;

	__asm__ __volatile__("rdtime %0" : "=r"(t));
	return t;
}

static inline void
local_irq_enable(void)
{
	csr_set(sstatus, SSTATUS_SIE);
}

static inline void
local_irq_disable(void)
{
	csr_clear(sstatus, SSTATUS_SIE);
}

static inline bool
local_irq_enabled(void)
{
	return (csr_read(sstatus) & SSTATUS_SIE) != 0;
}

static inline void
wait_for_interrupt(void)
{
	__asm__ __volatile__("wfi" ::: "memory");
}

static inline void
local_flush_tlb_all(void)
{
	__asm__ __volatile__("sfence.vma" ::: "memory");
}

static inline void
local_flush_tlb_page(uintptr_t va)
{
	__asm__ __volatile__("sfence.vma %0" :: "r"(va) : "memory");
}

static inline void
cpu_relax(void)
{
	/* Zihintpause "pause"; a hint (fence with pred=W, succ=0) on harts without it. */
	__asm__ __volatile__(".4byte 0x0100000f" ::: "memory");
}

#define smp_mb()	__asm__ __volatile__("fence rw, rw" ::: "memory")
#define smp_rmb()	__asm__ __volatile__("fence r, r" ::: "memory")
#define smp_wmb()	__asm__ __volatile__("fence w, w" ::: "memory")
#endif /* __ASSEMBLY__ */

#endif
