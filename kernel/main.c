/*
 * kmain: the boot hart's path from the firmware to a running system.
 *
 *   device tree -> console -> memory -> traps/interrupts -> other harts
 *   -> kernel threads -> (self-tests | /sbin/init)
 */
#include <types.h>
#include <sched.h>
#include <platform.h>
#include <console.h>
#include <printk.h>
#include <timer.h>
#include <trap.h>
#include <irq.h>
#include <smp.h>
#include <mm.h>
#include <slab.h>
#include <panic.h>
#include <sbi.h>
#include <riscv.h>
#include <selftest.h>
#include <kernel.h>
#include <random.h>
#include <futex.h>
#include <virtio.h>
#include <bcache.h>
#include <vfs.h>
#include <sem.h>
#include <msg.h>
#include <shm.h>

extern char boot_stack_top[];
void cpu_online(struct cpu *c);

static struct thread boot_idle = { .name = "idle", .detached = true };

static void
report_memory(void)
{
	for (int i = 0; i < platform.nr_mem; i++) {
		struct mem_range *m = &platform.mem[i];

		printk("fdt: memory 0x%lx-0x%lx (%lu MiB)\n", m->base, m->base + m->size,
		    m->size >> 20);
	}
	for (int i = 0; i < platform.nr_reserved; i++) {
		struct mem_range *m = &platform.reserved[i];

		printk("fdt: reserved 0x%lx-0x%lx\n", m->base, m->base + m->size);
	}
	printk("fdt: %d harts, timebase %lu Hz, uart at 0x%lx irq %u, plic at 0x%lx, %d virtio-mmio slots\n",
	    platform.nr_harts, platform.timebase_hz, platform.uart.base, platform.uart.irq,
	    platform.plic.base, platform.nr_virtio);
}

static void
setup_cpus(unsigned long boot_hartid)
{
	nr_cpus = platform.nr_harts;
	for (int i = 0; i < nr_cpus; i++) {
		cpus[i].id = i;
		cpus[i].hartid = platform.hartids[i];
	}
	boot_idle.kernel_sp = (uintptr_t)boot_stack_top;
	sched_init_cpu(&cpus[0], &boot_idle);
}

/* Drivers and file systems: they may sleep, so they start in a kernel thread. */
static void
kernel_init(void *arg)
{
	char buf[16];

	rtc_init();
	virtio_init();
	bcache_init();
	vfs_init();
	sem_init();
	msg_init();
	shm_init();
	if (cmdline_get("selftest", buf, sizeof(buf)) != NULL)
		selftest_run_all();
	start_user_space();
}

static void
maybe_crash(void)
{
	char buf[16];

	if (cmdline_get("crash", buf, sizeof(buf)) != NULL)
		panic("deliberate panic (crash=%s on the command line)", buf);
}

void
kmain(unsigned long hartid, paddr_t dtb_pa)
{
	/* Until platform_init, tp must point at something with a cpu. */
	cpus[0].hartid = hartid;
	boot_idle.cpu = &cpus[0];
	__asm__ __volatile__("mv tp, %0" :: "r"(&boot_idle));

	sbi_init();
	platform_init(pa_to_kva(dtb_pa), hartid);
	setup_cpus(hartid);
	console_init();
	printk("Kite " KITE_VERSION " (riscv64) booting on hart %lu\n", hartid);
	if (platform.cmdline[0] != '\0')
		printk("kite: command line \"%s\"\n", platform.cmdline);
	sbi_report();
	report_memory();

	time_init(platform.timebase_hz);
	page_alloc_init_from(dtb_pa);
	slab_init();
	random_init(NULL, 0);
	futex_init();
	signal_trampoline_init();
	plic_init();
	cpu_online(&cpus[0]);
	console_irq_init();
	smp_boot_secondaries();
	printk("smp: %d harts online\n", smp_online_count());
	printk("mm: %lu KiB free in %lu pages\n", nr_free_pages() * (PAGE_SIZE / 1024),
	    nr_free_pages());

	maybe_crash();
	if (kthread_run(kernel_init, NULL, "kinit", 0, true) == NULL)
		panic("cannot create the kinit thread");
	local_irq_enable();
	idle_loop();
}
