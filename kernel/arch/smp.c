/*
 * Secondary harts and inter-processor interrupts.
 *
 * The boot hart starts the others one at a time through SBI HSM, handing each
 * the top of its idle thread's stack; a hart is online once it has set up its
 * traps, timer and PLIC context and entered its idle loop.
 */
#include <smp.h>
#include <sched.h>
#include <platform.h>
#include <printk.h>
#include <timer.h>
#include <trap.h>
#include <irq.h>
#include <sbi.h>
#include <riscv.h>
#include <panic.h>
#include <memlayout.h>

extern char secondary_entry[];

static int online_count;

int
smp_online_count(void)
{
	return __atomic_load_n(&online_count, __ATOMIC_ACQUIRE);
}

/* Common bring-up of every hart, boot hart included; interrupts still off. */
void
cpu_online(struct cpu *c)
{
	trap_cpu_init();
	plic_cpu_init(c->id);
	timer_cpu_init();
	c->online = true;
	printk("cpu: hart %lu online\n", c->hartid);
	__atomic_add_fetch(&online_count, 1, __ATOMIC_RELEASE);
}

void
secondary_main(unsigned long hartid)
{
	struct cpu *c = NULL;

	for (int i = 0; i < nr_cpus; i++) {
		if (cpus[i].hartid == hartid)
			c = &cpus[i];
	}
	if (c == NULL)
		for (;;)
			wait_for_interrupt();
	__asm__ __volatile__("mv tp, %0" :: "r"(c->idle));
	cpu_online(c);
	idle_loop();
}

static bool
start_hart(struct cpu *c)
{
	struct thread *idle = thread_alloc("idle");
	uint64_t deadline;
	int before = smp_online_count();

	if (idle == NULL)
		return false;
	sched_init_cpu(c, idle);
	if (sbi_hart_start(c->hartid, kva_to_pa(secondary_entry), idle->kernel_sp) != SBI_SUCCESS) {
		printk("smp: hart %lu did not start\n", c->hartid);
		return false;
	}
	/*
	 * Ten seconds: on a loaded host an emulated hart can take well over a
	 * second to come up, and giving up early would let its late arrival be
	 * mistaken for the next hart's.
	 */
	deadline = time_now() + ns_to_ticks(10 * NSEC_PER_SEC);
	while (smp_online_count() == before) {
		if (time_now() > deadline) {
			printk("smp: hart %lu did not come online\n", c->hartid);
			return false;
		}
		cpu_relax();
	}
	return true;
}

void
smp_boot_secondaries(void)
{
	for (int i = 1; i < nr_cpus; i++)
		start_hart(&cpus[i]);
}

void
smp_send_ipi(int cpu, enum ipi_kind kind)
{
	struct cpu *c = &cpus[cpu];

	__atomic_fetch_or(&c->ipi_pending, kind, __ATOMIC_SEQ_CST);
	sbi_send_ipi(1, c->hartid);
}

/* Wake the harts in mask (bits = cpu ids) from WFI; no IPI_* work for them. */
void
smp_kick(unsigned long mask)
{
	for (int i = 0; i < nr_cpus && mask != 0; i++, mask >>= 1) {
		if (mask & 1)
			sbi_send_ipi(1, cpus[i].hartid);
	}
}

void
ipi_interrupt(void)
{
	struct cpu *c = mycpu();
	unsigned long pending = __atomic_exchange_n(&c->ipi_pending, 0, __ATOMIC_SEQ_CST);

	if (pending & IPI_STOP) {
		for (;;)
			wait_for_interrupt();
	}
	if (pending & IPI_RESCHEDULE)
		c->need_resched = true;
}

void
smp_stop_others(void)
{
	struct cpu *self = mycpu();

	for (int i = 0; i < nr_cpus; i++) {
		if (&cpus[i] != self && cpus[i].online)
			smp_send_ipi(i, IPI_STOP);
	}
}
