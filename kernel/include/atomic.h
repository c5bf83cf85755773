/* Atomic integers on top of the compiler's __atomic builtins (RVA). */
#ifndef KITE_ATOMIC_H
#define KITE_ATOMIC_H

#include <types.h>

typedef struct {
	int counter;
} atomic_t;

typedef struct {
	long counter;
} atomic_long_t;

#define ATOMIC_INIT(v)	{ (v) }

#define atomic_read(a)		__atomic_load_n(&(a)->counter, __ATOMIC_RELAXED)
#define atomic_set(a, v)	__atomic_store_n(&(a)->counter, (v), __ATOMIC_RELAXED)
/* Read-modify-write operations are fully ordered, like Linux's *_return. */
#define atomic_add_return(a, v)	__atomic_add_fetch(&(a)->counter, (v), __ATOMIC_SEQ_CST)
#define atomic_sub_return(a, v)	__atomic_sub_fetch(&(a)->counter, (v), __ATOMIC_SEQ_CST)
#define atomic_inc(a)		((void)atomic_add_return(a, 1))
#define atomic_dec(a)		((void)atomic_sub_return(a, 1))
#define atomic_add(a, v)	((void)atomic_add_return(a, v))
#define atomic_sub(a, v)	((void)atomic_sub_return(a, v))
#define atomic_dec_and_test(a)	(atomic_sub_return(a, 1) == 0)
#define atomic_xchg(a, v)	__atomic_exchange_n(&(a)->counter, (v), __ATOMIC_SEQ_CST)
#define atomic_cmpxchg(a, oldp, v) \
	__atomic_compare_exchange_n(&(a)->counter, (oldp), (v), false, \
	    __ATOMIC_SEQ_CST, __ATOMIC_RELAXED)

#define smp_load_acquire(p)	__atomic_load_n((p), __ATOMIC_ACQUIRE)
#define smp_store_release(p, v)	__atomic_store_n((p), (v), __ATOMIC_RELEASE)

#endif
