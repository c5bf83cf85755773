/* readv(2)/writev(2) vectors. */
#ifndef KITE_UAPI_UIO_H
#define KITE_UAPI_UIO_H

#include <types.h>

#define UIO_MAXIOV	1024

struct iovec {
	uintptr_t iov_base;	/* a user pointer */
	size_t iov_len;
};

#endif
