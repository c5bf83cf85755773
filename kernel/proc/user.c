/* Placeholder until the process layer lands (issue 3): no user mode exists yet. */
#include <kernel.h>
#include <trap.h>
#include <panic.h>
#include <printk.h>
#include <sched.h>
#include <timer.h>

void
start_user_space(void)
{
	printk("kite: no user space yet\n");
}

void
user_exception(struct trapframe *tf)
{
	panic_trap(tf, "user exception without a process layer");
}

void
user_trap_return(struct trapframe *tf)
{
}
