/* Sv39 page-table entries. */
#ifndef KITE_PTE_H
#define KITE_PTE_H

#include <types.h>

typedef uint64_t pte_t;

#define PTES_PER_TABLE	512
#define SZ_2M		(1UL << 21)
#define SZ_1G		(1UL << 30)

#define PTE_V		(1UL << 0)
#define PTE_R		(1UL << 1)
#define PTE_W		(1UL << 2)
#define PTE_X		(1UL << 3)
#define PTE_U		(1UL << 4)
#define PTE_G		(1UL << 5)
#define PTE_A		(1UL << 6)
#define PTE_D		(1UL << 7)
#define PTE_COW		(1UL << 8)	/* RSW bit: write-protected for copy-on-write */
#define PTE_LEAF	(PTE_R | PTE_W | PTE_X)

#define PTE_KERNEL_RW	(PTE_V | PTE_R | PTE_W | PTE_A | PTE_D | PTE_G)
#define PTE_KERNEL_RWX	(PTE_KERNEL_RW | PTE_X)

/* Index of va in the table of the given level (2 = root, 0 = leaf tables). */
#define PTE_INDEX(level, va)	((((uintptr_t)(va)) >> (12 + 9 * (level))) & 0x1ff)
#define PA_TO_PTE(pa)		((((uint64_t)(pa)) >> 12) << 10)
#define PTE_TO_PA(pte)		((((uint64_t)(pte)) >> 10) << 12)

#endif
