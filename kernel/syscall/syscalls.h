/*
 * The system-call table: SYSCALL(number, name) for each implemented call,
 * numbers from Linux's asm-generic unistd.h (riscv64). Included with
 * different definitions of SYSCALL by syscall.h (prototypes) and table.c.
 * Each subsystem keeps its own list.
 */
#include "fs_syscalls.h"
#include "proc_syscalls.h"
#include "ipc_syscalls.h"
