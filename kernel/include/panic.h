#ifndef KITE_PANIC_H
#define KITE_PANIC_H

#include <types.h>

struct trapframe;

void panic(const char *fmt, ...) __noreturn __printf(1, 2);
void panic_trap(struct trapframe *tf, const char *why) __noreturn;
void backtrace_from(uintptr_t fp, uintptr_t pc);
const char *ksym_lookup(uintptr_t addr, uintptr_t *offset, uintptr_t *size);

/* A condition that can only be false through a kernel bug. */
#define BUG_ON(cond) do { \
	if (unlikely(cond)) \
		panic("BUG at %s:%d: %s", __FILE__, __LINE__, #cond); \
} while (0)

#endif
