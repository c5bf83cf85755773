#ifndef KITE_FUTEX_H
#define KITE_FUTEX_H

#include <types.h>

/* Wake up to n waiters on the futex at user address uaddr of the current mm. */
int futex_wake_address(uintptr_t uaddr, int n);
void futex_init(void);

#endif
