/*
 * Power-off. Success goes through SBI SRST (QEMU exits 0). A failure must
 * make QEMU exit non-zero, which OpenSBI 1.1 does not do for the SRST
 * "system failure" reason; so when the device tree has QEMU's test finisher
 * ("sifive,test0"), a failure is reported by writing FAIL with exit code 1
 * to it, and SRST is the fallback.
 */
#include <kernel.h>
#include <platform.h>
#include <memlayout.h>
#include <sbi.h>
#include <riscv.h>
#include <printk.h>
#include <vfs.h>

#define FINISHER_FAIL	0x3333
#define FINISHER_CODE_SHIFT 16

static void
finisher_fail(int code)
{
	volatile uint32_t *finisher;

	if (platform.test_finisher.base == 0)
		return;
	finisher = pa_to_kva(platform.test_finisher.base);
	*finisher = FINISHER_FAIL | ((uint32_t)code << FINISHER_CODE_SHIFT);
}

void
machine_power_off(bool failure)
{
	printk_emergency("kite: power off%s\n", failure ? " (failure)" : "");
	if (failure)
		finisher_fail(1);
	sbi_system_reset(SBI_SRST_SHUTDOWN,
	    failure ? SBI_SRST_REASON_FAILURE : SBI_SRST_REASON_NONE);
	printk_emergency("kite: SBI system reset failed; halting\n");
	local_irq_disable();
	for (;;)
		wait_for_interrupt();
}

void
machine_restart(void)
{
	printk_emergency("kite: restart\n");
	sbi_system_reset(SBI_SRST_COLD_REBOOT, SBI_SRST_REASON_NONE);
	machine_power_off(true);
}

void
kernel_shutdown(void)
{
	vfs_sync_all();
}
