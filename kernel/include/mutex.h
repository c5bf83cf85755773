/* Sleeping mutexes: the holder may block; waiters sleep instead of spinning. */
#ifndef KITE_MUTEX_H
#define KITE_MUTEX_H

#include <types.h>
#include <spinlock.h>
#include <wait.h>

struct mutex {
	uintptr_t owner;	/* holder | MUTEX_WAITERS, 0 when free; atomic (mutex.c) */
	spinlock_t lock;	/* serializes sleepers and the unlocks that wake them */
	struct waitq wq;
	const char *name;
};

void mutex_init(struct mutex *m, const char *name);
void mutex_lock(struct mutex *m);
void mutex_unlock(struct mutex *m);
bool mutex_is_held(struct mutex *m);

#endif
