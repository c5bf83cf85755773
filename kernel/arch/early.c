/*
 * The boot page table, built with the MMU off.
 *
 * This runs at the physical load address, before relocation to the link
 * address, so it may only touch memory through PC-relative references (which
 * -mcmodel=medany gives for globals) and must not follow any pointer stored
 * at link time.
 *
 * Mappings: the kernel image with 2 MiB pages at its link address, and the
 * direct map of physical 0 .. DIRECT_MAP_SIZE with 1 GiB pages. Both are
 * global and shared by every address space later (see mm/vm.c).
 */
#include <types.h>
#include <memlayout.h>
#include <pte.h>
#include <riscv.h>

extern char kernel_start[], kernel_end[];

pte_t kernel_root[PTES_PER_TABLE] __aligned(PAGE_SIZE);
static pte_t kernel_image_l1[PTES_PER_TABLE] __aligned(PAGE_SIZE);
uintptr_t kimage_voffset;
uint64_t kernel_satp;

uint64_t
early_paging_init(paddr_t load_pa)
{
	uintptr_t voff = KERNEL_LINK_ADDR - load_pa;
	pte_t *root = kernel_root;
	pte_t *l1 = kernel_image_l1;
	uintptr_t va, start, end;
	unsigned long gb;

	kimage_voffset = voff;

	for (gb = 0; gb < (DIRECT_MAP_SIZE >> 30); gb++) {
		va = DIRECT_MAP_BASE + (gb << 30);
		root[PTE_INDEX(2, va)] = PA_TO_PTE(gb << 30) | PTE_KERNEL_RW;
	}

	/* The image: kernel_start/kernel_end are link addresses (absolute). */
	start = ALIGN_DOWN(KERNEL_LINK_ADDR, SZ_2M);
	end = ALIGN_UP(KERNEL_LINK_ADDR + ((uintptr_t)kernel_end - (uintptr_t)kernel_start), SZ_2M);
	for (va = start; va < end; va += SZ_2M)
		l1[PTE_INDEX(1, va)] = PA_TO_PTE(va - voff) | PTE_KERNEL_RWX;
	root[PTE_INDEX(2, KERNEL_IMAGE_BASE)] = PA_TO_PTE((paddr_t)l1) | PTE_V;

	kernel_satp = SATP_MODE_SV39 | ((paddr_t)root >> 12);
	return kernel_satp;
}
