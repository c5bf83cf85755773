/*
 * Access to user memory. Every pointer a user program hands the kernel goes
 * through these; a bad one gives -EFAULT, never a kernel fault.
 */
#ifndef KITE_UACCESS_H
#define KITE_UACCESS_H

#include <types.h>
#include <memlayout.h>
#include <errno.h>

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

#endif
