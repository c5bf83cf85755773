/*
 * Trap dispatch. Interrupts (timer, IPI, external) are handled here for both
 * privilege levels; exceptions from user mode go to the process layer
 * (system calls, page faults, signals); exceptions from the kernel are either
 * a fault on a user access with a fixup (see uaccess) or a bug.
 */
#include <riscv.h>
#include <trapframe.h>
#include <sched.h>
#include <timer.h>
#include <smp.h>
#include <irq.h>
#include <panic.h>
#include <trap.h>
#include <proc.h>
#include <vm.h>
#include <memlayout.h>

extern void trap_vector(void);

void
trap_cpu_init(void)
{
	csr_write(stvec, (uintptr_t)trap_vector);
	csr_write(sscratch, 0);
	csr_set(sie, SIE_SSIE | SIE_STIE | SIE_SEIE);
}

static void
handle_interrupt(unsigned long cause)
{
	switch (cause) {
	case IRQ_S_TIMER:
		timer_interrupt();
		break;
	case IRQ_S_SOFT:
		csr_clear(sip, SIE_SSIE);
		ipi_interrupt();
		break;
	case IRQ_S_EXT:
		plic_interrupt();
		break;
	default:
		break;
	}
}

/*
 * A page fault on a user address while the kernel copies to or from user
 * memory: demand paging and copy-on-write apply as for the user itself,
 * provided the interrupted code could sleep (interrupts were on, so no
 * spinlock is held). Otherwise, or if the address is bad, the copy routine's
 * fixup makes it return -EFAULT.
 */
static bool
fault_in_user_page(struct trapframe *tf)
{
	unsigned long cause = tf->scause;
	int r;

	if ((cause != EXC_LOAD_PAGE_FAULT && cause != EXC_STORE_PAGE_FAULT) ||
	    tf->stval >= USER_TOP || current->proc == NULL || !(tf->sstatus & SSTATUS_SPIE))
		return false;
	local_irq_enable();
	r = vm_fault(current->proc->mm, tf->stval, cause == EXC_STORE_PAGE_FAULT, false);
	local_irq_disable();
	return r == 0;
}

/* A fault a user access can take: a bad address, or a misaligned word (unsafe_get_u64). */
static bool
user_access_fault(unsigned long cause)
{
	switch (cause) {
	case EXC_LOAD_PAGE_FAULT:
	case EXC_STORE_PAGE_FAULT:
	case EXC_LOAD_ACCESS:
	case EXC_STORE_ACCESS:
	case EXC_LOAD_MISALIGNED:
	case EXC_STORE_MISALIGNED:
		return true;
	default:
		return false;
	}
}

static void
kernel_exception(struct trapframe *tf)
{
	if (fault_in_user_page(tf))
		return;
	if (user_access_fault(tf->scause) && uaccess_fixup(tf))
		return;
	panic_trap(tf, "unexpected trap in kernel mode");
}

/*
 * Preemption point on the way out of a trap. A kernel context is preempted
 * only if it had interrupts enabled: then it held no spinlock and was in no
 * section that disabled interrupts.
 */
static void
maybe_preempt(struct trapframe *tf)
{
	bool from_user = (tf->sstatus & SSTATUS_SPP) == 0;

	if (!mycpu()->need_resched)
		return;
	if (from_user || (tf->sstatus & SSTATUS_SPIE))
		preempt_schedule();
}

void
trap_handler(struct trapframe *tf)
{
	unsigned long cause = tf->scause;
	bool from_user = (tf->sstatus & SSTATUS_SPP) == 0;

	if (cause & SCAUSE_INTR)
		handle_interrupt(cause & ~SCAUSE_INTR);
	else if (from_user)
		user_exception(tf);
	else
		kernel_exception(tf);
	maybe_preempt(tf);
	if (from_user)
		user_trap_return(tf);
}
