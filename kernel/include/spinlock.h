/*
 * Ticket spinlocks. Taking one disables interrupts on this hart (nested, in
 * the manner of xv6's push_off/pop_off), so a lock is never held by code an
 * interrupt handler on the same hart could wait for, and a holder is never
 * preempted. Tickets make the lock fair: harts get it in arrival order.
 *
 * A waiter spins briefly, then waits in WFI and is kicked by an IPI from the
 * unlocker. On a virtual machine with more harts than host cores this lets
 * the host run the lock holder instead of spinning waiters (the next ticket
 * holder may otherwise be descheduled, and every waiter behind it spins for
 * a whole host time slice).
 */
#ifndef KITE_SPINLOCK_H
#define KITE_SPINLOCK_H

#include <types.h>

typedef struct spinlock {
	/* next ticket in bits 31..16, ticket being served in bits 15..0 */
	uint32_t tickets;
	int holder;		/* cpu id + 1 of the holder, 0 when free (a zeroed lock is free) */
	unsigned long sleepers;	/* bit per cpu id waiting in WFI, atomic */
	const char *name;
} spinlock_t;

#define SPINLOCK_INIT(n)	{ .tickets = 0, .holder = 0, .sleepers = 0, .name = (n) }

void spin_init(spinlock_t *l, const char *name);
void spin_lock(spinlock_t *l);
void spin_unlock(spinlock_t *l);
bool spin_trylock(spinlock_t *l);
bool spin_is_held(spinlock_t *l);

/* Interrupt-disable nesting for the current hart. */
void push_off(void);
void pop_off(void);

#endif
