/*
 * panic: stop the other harts, print what happened and where (a symbolized
 * backtrace from the frame pointers), then power off with a failure status so
 * that whoever runs QEMU sees a non-zero exit.
 */
#include <panic.h>
#include <printk.h>
#include <sched.h>
#include <smp.h>
#include <riscv.h>
#include <sbi.h>
#include <trapframe.h>
#include <kernel.h>

#define MAX_FRAMES 32

static int panicking;

static void
print_frame(uintptr_t pc)
{
	uintptr_t off, size;
	const char *name = ksym_lookup(pc, &off, &size);

	if (name != NULL)
		printk_emergency("  [<%016lx>] %s+0x%lx/0x%lx\n", pc, name, off, size);
	else
		printk_emergency("  [<%016lx>] ?\n", pc);
}

static bool
on_kernel_stack(uintptr_t fp)
{
	return fp >= 0xffffffc000000000UL && (fp & 7) == 0;
}

/*
 * With -fno-omit-frame-pointer, gcc's RISC-V frames keep the return address
 * at fp - 8 and the caller's fp at fp - 16.
 */
void
backtrace_from(uintptr_t fp, uintptr_t pc)
{
	printk_emergency("backtrace:\n");
	if (pc != 0)
		print_frame(pc);
	for (int i = 0; i < MAX_FRAMES && on_kernel_stack(fp); i++) {
		uintptr_t ra = ((uintptr_t *)fp)[-1];
		uintptr_t next = ((uintptr_t *)fp)[-2];

		if (ra == 0)
			break;
		print_frame(ra - 4);	/* the call, not the return point */
		if (next <= fp)
			break;
		fp = next;
	}
}

static void __noreturn
panic_halt(void)
{
	machine_power_off(true);
}

/* Only the first hart to panic reports; a second one just parks. */
static void
panic_enter(void)
{
	local_irq_disable();
	if (__atomic_exchange_n(&panicking, 1, __ATOMIC_SEQ_CST) != 0) {
		for (;;)
			wait_for_interrupt();
	}
	smp_stop_others();
}

void
panic(const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	panic_enter();
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	printk_emergency("panic: %s\n", msg);
	printk_emergency("  hart %lu (cpu %d), thread %s\n", mycpu()->hartid, mycpu()->id,
	    current->name);
	backtrace_from((uintptr_t)__builtin_frame_address(0), 0);
	panic_halt();
}

void
panic_trap(struct trapframe *tf, const char *why)
{
	panic_enter();
	printk_emergency("panic: %s\n", why);
	printk_emergency("  hart %lu (cpu %d), thread %s, cause 0x%lx, sepc 0x%lx, stval 0x%lx\n",
	    mycpu()->hartid, mycpu()->id, current->name, tf->scause, tf->sepc, tf->stval);
	printk_emergency("  ra 0x%lx sp 0x%lx s0 0x%lx sstatus 0x%lx\n",
	    tf->ra, tf->sp, tf->s0, tf->sstatus);
	backtrace_from(tf->s0, tf->sepc);
	panic_halt();
}
