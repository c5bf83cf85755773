/*
 * Access to user memory. Every pointer a user program hands the kernel goes
 * through these; a bad one gives -EFAULT, never a kernel fault.
 */
#ifndef KITE_UACCESS_H
#define KITE_UACCESS_H

#include <types.h>
#include <memlayout.h>
#include <errno.h>
#include <riscv.h>

unsigned long __copy_user(void *dst, const void *src, unsigned long n);
long __strncpy_from_user(char *dst, const char *src, long n);
unsigned long __clear_user(void *dst, unsigned long n);

/* The range lies entirely in the user half (it may still be unmapped). */
static inline bool
access_ok(uintptr_t addr, size_t n)
{
	return addr <= USER_TOP && n <= USER_TOP - addr;
}

static inline int
copy_from_user(void *dst, uintptr_t src, size_t n)
{
	if (!access_ok(src, n) || __copy_user(dst, (const void *)src, n) != 0)
		return -EFAULT;
	return 0;
}

static inline int
copy_to_user(uintptr_t dst, const void *src, size_t n)
{
	if (!access_ok(dst, n) || __copy_user((void *)dst, src, n) != 0)
		return -EFAULT;
	return 0;
}

static inline int
clear_user(uintptr_t dst, size_t n)
{
	if (!access_ok(dst, n) || __clear_user((void *)dst, n) != 0)
		return -EFAULT;
	return 0;
}

/*
 * Copy a NUL-terminated string of at most size - 1 characters. Returns its
 * length, -EFAULT, or -ENAMETOOLONG when no NUL is found in size bytes.
 */
static inline long
strncpy_from_user(char *dst, uintptr_t src, size_t size)
{
	long limit, n;

	if (src >= USER_TOP)
		return -EFAULT;
	limit = (long)MIN(size, USER_TOP - src);
	n = __strncpy_from_user(dst, (const char *)src, limit);
	if (n < 0)
		return -EFAULT;
	if (n == limit)		/* no NUL: past the user half, or too long */
		return (size_t)limit < size ? -EFAULT : -ENAMETOOLONG;
	return n;
}

/*
 * Several small fields of one user structure whose whole range has passed
 * access_ok: open the window once (sstatus.SUM), move each field with one
 * 8-byte-aligned load or store, close it. A faulting access leaves -EFAULT
 * in *err and the code goes on (its extable fixup sets the register and
 * resumes after it); the caller tests *err once, after user_access_end().
 * No __copy_user inside a window: it closes it on its way out.
 */
static inline void
user_access_begin(void)
{
	csr_set(sstatus, SSTATUS_SUM);
}

static inline void
user_access_end(void)
{
	csr_clear(sstatus, SSTATUS_SUM);
}

#define UACCESS_ONE(insn)						\
	"1:	" insn "\n"						\
	"2:\n"								\
	"	.pushsection .text.fixup, \"ax\"\n"			\
	"3:	li %[err], %[efault]\n"					\
	"	j 2b\n"							\
	"	.popsection\n"						\
	"	.pushsection .extable, \"a\"\n"			\
	"	.balign 8\n"						\
	"	.dword 1b, 3b\n"					\
	"	.popsection\n"

static inline void
unsafe_put_u64(uint64_t v, uintptr_t uaddr, long *err)
{
	__asm__ __volatile__(UACCESS_ONE("sd %[v], 0(%[p])")
	    : [err] "+r"(*err) : [v] "r"(v), [p] "r"(uaddr), [efault] "i"(-EFAULT) : "memory");
}

static inline uint64_t
unsafe_get_u64(uintptr_t uaddr, long *err)
{
	uint64_t v = 0;

	__asm__ __volatile__(UACCESS_ONE("ld %[v], 0(%[p])")
	    : [v] "+r"(v), [err] "+r"(*err) : [p] "r"(uaddr), [efault] "i"(-EFAULT) : "memory");
	return v;
}

#endif
