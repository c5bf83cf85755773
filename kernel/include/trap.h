/* Trap handling entry points shared between arch/ and the process layer. */
#ifndef KITE_TRAP_H
#define KITE_TRAP_H

#include <trapframe.h>

void trap_cpu_init(void);
void trap_handler(struct trapframe *tf);
void trap_return(struct trapframe *tf) __noreturn;

/* Provided by the process layer (proc/): exceptions from user mode. */
void user_syscall(struct trapframe *tf);	/* an ecall (from the vector), back to user mode */
void user_exception(struct trapframe *tf);
/* Called before every return to user mode: signals, rescheduling, FPU. */
void user_trap_return(struct trapframe *tf);
/* A fault on a user access inside the kernel: resume at the fixup, or false. */
bool uaccess_fixup(struct trapframe *tf);

#endif
