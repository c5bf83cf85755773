/*
 * Exceptions from user mode and the way back to it.
 *
 * System calls and page faults run with interrupts enabled, like any other
 * kernel code a thread runs. A fault the address space cannot resolve, an
 * illegal instruction or a misaligned access becomes a signal for the
 * thread, with si_code and the faulting address, as Linux reports them.
 */
#include <trap.h>
#include <proc.h>
#include <vm.h>
#include <syscall.h>
#include <riscv.h>
#include <errno.h>

void fpu_restore(const struct fpu_state *s);

static void
page_fault(struct trapframe *tf, bool write, bool exec)
{
	int r = vm_fault(current_proc()->mm, tf->stval, write, exec);

	if (r == -ENOMEM)
		oom_kill_and_wait();	/* the instruction faults again on return */
	else if (r != 0)
		force_fault_signal(SIGSEGV, r == -EACCES ? SEGV_ACCERR : SEGV_MAPERR, tf->stval);
}

/* CPU time is charged by the tick (cputimer.c), not here: a sleep in a call is not CPU time. */
void
user_exception(struct trapframe *tf)
{
	local_irq_enable();
	switch (tf->scause) {
	case EXC_INST_PAGE_FAULT:
		page_fault(tf, false, true);
		break;
	case EXC_LOAD_PAGE_FAULT:
		page_fault(tf, false, false);
		break;
	case EXC_STORE_PAGE_FAULT:
		page_fault(tf, true, false);
		break;
	case EXC_ILLEGAL_INST:
		force_fault_signal(SIGILL, ILL_ILLOPC, tf->sepc);
		break;
	case EXC_BREAKPOINT:
		force_fault_signal(SIGTRAP, TRAP_BRKPT, tf->sepc);
		break;
	case EXC_INST_MISALIGNED:
	case EXC_LOAD_MISALIGNED:
	case EXC_STORE_MISALIGNED:
		force_fault_signal(SIGBUS, BUS_ADRALN, tf->stval);
		break;
	default:
		/* Access faults: the address is outside any device or RAM. */
		force_fault_signal(SIGSEGV, SEGV_MAPERR, tf->stval);
		break;
	}
	local_irq_disable();
}

/*
 * Last stop before sret to user mode, interrupts off on entry and exit:
 * deliver signals, give up the hart if asked, and put this thread's FP
 * registers back if another thread used them meanwhile.
 */
static inline __attribute__((always_inline)) void
return_to_user(struct trapframe *tf)
{
	struct thread *t = current;

	for (;;) {
		if (signal_pending(t)) {
			local_irq_enable();
			do_signals();
			local_irq_disable();
			continue;
		}
		if (mycpu()->need_resched) {
			preempt_schedule();
			continue;
		}
		break;
	}
	if (t->restore_blocked) {
		local_irq_enable();
		signal_restore_mask();
		local_irq_disable();
	}
	/* No handler ran: an interrupted call restarts transparently, as on Linux. */
	if (t->syscall_restart) {
		t->syscall_restart = false;
		tf->a0 = tf->orig_a0;
		tf->sepc -= 4;
	}
	if (mycpu()->fpu_owner != t) {
		fpu_restore(&t->fpu);
		mycpu()->fpu_owner = t;
		fpu_disown(t, mycpu());	/* other harts' copies are about to go stale */
	}
}

void
user_trap_return(struct trapframe *tf)
{
	return_to_user(tf);
}

/*
 * A system call, from the trap vector to the way out: the path every call
 * takes, kept apart from trap_handler() and the other exceptions.
 * return_to_user() also gives up the hart if the tick asked for it.
 */
void
user_syscall(struct trapframe *tf)
{
	local_irq_enable();
	tf->sepc += 4;
	syscall_dispatch(tf);
	local_irq_disable();
	return_to_user(tf);
}
