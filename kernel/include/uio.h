/*
 * A transfer between the kernel and a buffer that is either user memory
 * (checked, may fault: -EFAULT) or kernel memory, in the manner of BSD's
 * uio. File-system read/write code moves data with uiomove() and never needs
 * to know which kind of buffer it serves.
 */
#ifndef KITE_UIO_H
#define KITE_UIO_H

#include <types.h>

enum uio_rw { UIO_READ, UIO_WRITE };	/* READ: kernel -> buffer */

struct uio {
	uintptr_t base;		/* next byte of the buffer */
	size_t resid;		/* bytes left to move */
	bool user;		/* base is a user address */
	enum uio_rw rw;
};

static inline struct uio
uio_user(uintptr_t base, size_t len, enum uio_rw rw)
{
	return (struct uio){ base, len, true, rw };
}

static inline struct uio
uio_kernel(void *base, size_t len, enum uio_rw rw)
{
	return (struct uio){ (uintptr_t)base, len, false, rw };
}

/* Move up to n bytes between kbuf and the uio; 0 or -EFAULT. Advances the uio. */
int uiomove(void *kbuf, size_t n, struct uio *uio);

#endif
