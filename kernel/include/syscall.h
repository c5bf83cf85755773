/*
 * System-call definitions. A handler is written with its natural C
 * signature through SYSCALL_DEFINEn, which also emits the uniform entry
 * point the dispatch table calls with the six argument registers:
 *
 *   SYSCALL_DEFINE3(read, int, fd, uintptr_t, buf, size_t, count)
 *   {
 *           ...
 *   }
 *
 * defines `long sys_read(const long *args)`. Add the name to
 * kernel/syscall/syscalls.h with its Linux riscv64 number.
 */
#ifndef KITE_SYSCALL_H
#define KITE_SYSCALL_H

#include <types.h>

struct trapframe;

typedef long (*syscall_fn)(const long *args);

#define __SC_BODY(name, proto) \
	static long do_sys_##name proto; \
	long sys_##name(const long *args); \
	long sys_##name(const long *args)

#define SYSCALL_DEFINE0(name) \
	static long do_sys_##name(void); \
	long sys_##name(const long *args); \
	long sys_##name(const long *args) { (void)args; return do_sys_##name(); } \
	static long do_sys_##name(void)
#define SYSCALL_DEFINE1(name, t1, a1) \
	__SC_BODY(name, (t1 a1)) { return do_sys_##name((t1)args[0]); } \
	static long do_sys_##name(t1 a1)
#define SYSCALL_DEFINE2(name, t1, a1, t2, a2) \
	__SC_BODY(name, (t1 a1, t2 a2)) { return do_sys_##name((t1)args[0], (t2)args[1]); } \
	static long do_sys_##name(t1 a1, t2 a2)
#define SYSCALL_DEFINE3(name, t1, a1, t2, a2, t3, a3) \
	__SC_BODY(name, (t1 a1, t2 a2, t3 a3)) { \
		return do_sys_##name((t1)args[0], (t2)args[1], (t3)args[2]); } \
	static long do_sys_##name(t1 a1, t2 a2, t3 a3)
#define SYSCALL_DEFINE4(name, t1, a1, t2, a2, t3, a3, t4, a4) \
	__SC_BODY(name, (t1 a1, t2 a2, t3 a3, t4 a4)) { \
		return do_sys_##name((t1)args[0], (t2)args[1], (t3)args[2], (t4)args[3]); } \
	static long do_sys_##name(t1 a1, t2 a2, t3 a3, t4 a4)
#define SYSCALL_DEFINE5(name, t1, a1, t2, a2, t3, a3, t4, a4, t5, a5) \
	__SC_BODY(name, (t1 a1, t2 a2, t3 a3, t4 a4, t5 a5)) { \
		return do_sys_##name((t1)args[0], (t2)args[1], (t3)args[2], (t4)args[3], \
		    (t5)args[4]); } \
	static long do_sys_##name(t1 a1, t2 a2, t3 a3, t4 a4, t5 a5)
#define SYSCALL_DEFINE6(name, t1, a1, t2, a2, t3, a3, t4, a4, t5, a5, t6, a6) \
	__SC_BODY(name, (t1 a1, t2 a2, t3 a3, t4 a4, t5 a5, t6 a6)) { \
		return do_sys_##name((t1)args[0], (t2)args[1], (t3)args[2], (t4)args[3], \
		    (t5)args[4], (t6)args[5]); } \
	static long do_sys_##name(t1 a1, t2 a2, t3 a3, t4 a4, t5 a5, t6 a6)

/* Declarations of every sys_* from the table. */
#define SYSCALL(nr, name) long sys_##name(const long *args);
#include "../syscall/syscalls.h"
#undef SYSCALL

void syscall_dispatch(struct trapframe *tf);

#endif
