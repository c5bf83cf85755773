/*
 * System-call dispatch: a7 holds the Linux riscv64 number, a0..a5 the
 * arguments, a0 the result. An unknown number gives -ENOSYS and is logged
 * once with its Linux name, so porting a program shows what is missing.
 */
#include <syscall.h>
#include <trapframe.h>
#include <sched.h>
#include <printk.h>
#include <errno.h>
#include "names.h"

#define NR_SYSCALLS 512

#define SYSCALL(nr, name) [nr] = sys_##name,
static const syscall_fn table[NR_SYSCALLS] = {
#include "syscalls.h"
};
#undef SYSCALL

static unsigned long reported[NR_SYSCALLS / 64];	/* bit per number, atomic */

static void
report_missing(unsigned long nr)
{
	unsigned long bit = 1UL << (nr % 64);
	const char *name = nr < ARRAY_SIZE(syscall_names) && syscall_names[nr] ? syscall_names[nr] : "?";

	if (nr >= NR_SYSCALLS)
		return;
	if (__atomic_fetch_or(&reported[nr / 64], bit, __ATOMIC_RELAXED) & bit)
		return;
	printk("syscall: %s (%lu) is not implemented: ENOSYS\n", name, nr);
}

void
syscall_dispatch(struct trapframe *tf)
{
	unsigned long nr = tf->a7;
	long args[6] = { tf->a0, tf->a1, tf->a2, tf->a3, tf->a4, tf->a5 };
	long r;

	tf->orig_a0 = tf->a0;
	if (nr < NR_SYSCALLS && table[nr] != NULL) {
		r = table[nr](args);
	} else {
		report_missing(nr);
		r = -ENOSYS;
	}
	if (r == -ERESTARTSYS || r == -ERESTARTNOINTR || r == -ERESTARTNOHAND ||
	    r == -ERESTART_RESTARTBLOCK)
		current->syscall_restart = true;
	tf->a0 = r;
}
