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

_Static_assert(offsetof(struct trapframe, a5) == offsetof(struct trapframe, a0) + 5 * sizeof(long),
    "the six arguments are consecutive in the trap frame");

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

/* The call must be restarted or turned into EINTR on the way out (signal code decides). */
static bool
wants_restart(long r)
{
	switch (r) {
	case -ERESTARTSYS:
	case -ERESTARTNOINTR:
	case -ERESTARTNOHAND:
	case -ERESTART_RESTARTBLOCK:
		return true;
	default:
		return false;
	}
}

/*
 * a0..a5 are consecutive in the trap frame, so the handler reads its
 * arguments there: every handler takes them all before it runs (the
 * SYSCALL_DEFINE wrappers), so one that rewrites the frame (rt_sigreturn,
 * execve) cannot change its own arguments.
 */
void
syscall_dispatch(struct trapframe *tf)
{
	unsigned long nr = tf->a7;
	long r;

	tf->orig_a0 = tf->a0;
	if (nr < NR_SYSCALLS && table[nr] != NULL) {
		r = table[nr]((const long *)&tf->a0);
	} else {
		report_missing(nr);
		r = -ENOSYS;
	}
	if (wants_restart(r))
		current->syscall_restart = true;
	tf->a0 = r;
}
