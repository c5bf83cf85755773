/*
 * The Sv39 address space.
 *
 *   0x0000000000000000 .. 0x0000003fffffffff   user (256 GiB, as Linux's TASK_SIZE)
 *   0xffffffc000000000 .. 0xffffffdfffffffff   direct map of physical 0 .. 128 GiB
 *   0xffffffff80000000 .. 0xffffffffffffffff   the kernel image (linked at ...80200000)
 *
 * The direct map is built with 1 GiB pages and is the same in every address
 * space, so a trap never switches satp.
 */
#ifndef KITE_MEMLAYOUT_H
#define KITE_MEMLAYOUT_H

#define PAGE_SHIFT	12
#define PAGE_SIZE	(1UL << PAGE_SHIFT)
#define PAGE_MASK	(~(PAGE_SIZE - 1))

#define USER_TOP		0x0000004000000000UL
#define DIRECT_MAP_BASE		0xffffffc000000000UL
#define DIRECT_MAP_SIZE		(128UL << 30)
#define KERNEL_IMAGE_BASE	0xffffffff80000000UL
#define KERNEL_LINK_ADDR	0xffffffff80200000UL

#ifndef __ASSEMBLY__
#include <types.h>

/* Link address minus load address of the kernel image; set by early boot. */
extern uintptr_t kimage_voffset;

static inline void *
pa_to_kva(paddr_t pa)
{
	return (void *)(pa + DIRECT_MAP_BASE);
}

static inline paddr_t
kva_to_pa(const void *va)
{
	uintptr_t v = (uintptr_t)va;

	if (v >= KERNEL_IMAGE_BASE)
		return v - kimage_voffset;
	return v - DIRECT_MAP_BASE;
}
#endif

#endif
