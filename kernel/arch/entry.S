/*
 * Boot entry. OpenSBI jumps here in S-mode with the MMU off:
 * a0 = hart id, a1 = physical address of the device tree. Only one hart
 * arrives here; the others are started later through SBI HSM at
 * secondary_entry.
 *
 * Turning the MMU on while executing at a physical address: stvec is pointed
 * at the *virtual* address of the next step, then satp is written. The very
 * next fetch (from a physical address that is no longer mapped) faults and the
 * trap lands on the virtual address. No identity mapping is needed.
 */
#include <riscv.h>

	.section .text.boot, "ax"
	.globl _start
_start:
	csrw	sie, zero
	csrw	sip, zero
	mv	s0, a0
	mv	s1, a1
	lla	sp, boot_stack_top

	/* Clear .bss (physical addresses: we are running at the load address). */
	lla	t0, bss_start
	lla	t1, bss_end
1:	bgeu	t0, t1, 2f
	sd	zero, 0(t0)
	addi	t0, t0, 8
	j	1b
2:
	lla	a0, _start
	call	early_paging_init	/* builds the boot page table, returns satp */
	mv	t2, a0
	lla	t0, kimage_voffset
	ld	t1, 0(t0)
	add	sp, sp, t1
	lla	t0, 3f
	add	t0, t0, t1
	csrw	stvec, t0
	sfence.vma
	csrw	satp, t2
	.balign 4
3:	/* Now at the virtual address. */
	sfence.vma
	mv	a0, s0
	mv	a1, s1
	call	kmain
4:	wfi
	j	4b

/*
 * Secondary harts: a0 = hart id, a1 = opaque = virtual address of the top of
 * this hart's idle stack, whose lowest bytes hold its idle thread pointer.
 */
	.globl secondary_entry
secondary_entry:
	csrw	sie, zero
	csrw	sip, zero
	mv	s0, a0
	mv	sp, a1
	lla	t0, kernel_satp
	ld	t2, 0(t0)
	lla	t0, kimage_voffset
	ld	t1, 0(t0)
	lla	t0, 5f
	add	t0, t0, t1
	csrw	stvec, t0
	sfence.vma
	csrw	satp, t2
	.balign 4
5:	sfence.vma
	mv	a0, s0
	call	secondary_main
6:	wfi
	j	6b

	.section .bss
	.balign 16
boot_stack:
	.space	16384
	.globl boot_stack_top
boot_stack_top:
