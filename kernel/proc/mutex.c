/*
 * Sleeping mutexes.
 *
 * The owner word holds the owning thread, or 0, plus MUTEX_WAITERS when
 * someone may be asleep on the wait queue. Uncontended, lock and unlock are
 * one compare-and-swap each (0 -> me, me -> 0). Otherwise both go through
 * m->lock: a sleeper, queued and marked asleep, sets MUTEX_WAITERS before it
 * sleeps, so the holder's unlock fails its fast path and wakes one sleeper.
 * A sleeper that gets the mutex keeps MUTEX_WAITERS set (others may still
 * sleep), so its own unlock wakes the next: every unlock that found the bit
 * wakes someone, who either takes the mutex or sets the bit again.
 */
#include <mutex.h>
#include <panic.h>

#define MUTEX_WAITERS	1UL

void
mutex_init(struct mutex *m, const char *name)
{
	spin_init(&m->lock, name);
	waitq_init(&m->wq);
	m->owner = 0;
	m->name = name;
}

static bool
try_owner(struct mutex *m, uintptr_t old, uintptr_t new)
{
	return __atomic_compare_exchange_n(&m->owner, &old, new, false,
	    __ATOMIC_ACQUIRE, __ATOMIC_RELAXED);
}

/*
 * Take the mutex, or make sure its holder will wake us: m->lock held, and we
 * are queued and marked asleep. True if we own it.
 */
static bool
take_or_announce(struct mutex *m, uintptr_t me)
{
	for (;;) {
		uintptr_t old = __atomic_load_n(&m->owner, __ATOMIC_RELAXED);

		if ((old & ~MUTEX_WAITERS) == 0) {
			if (try_owner(m, old, me | MUTEX_WAITERS))
				return true;
		} else if ((old & MUTEX_WAITERS) || try_owner(m, old, old | MUTEX_WAITERS)) {
			return false;
		}
	}
}

static void
mutex_lock_slow(struct mutex *m, uintptr_t me)
{
	struct waiter w = { .thread = NULL };

	spin_lock(&m->lock);
	for (;;) {
		waitq_prepare(&m->wq, &w, TASK_UNINTERRUPTIBLE);
		if (take_or_announce(m, me))
			break;
		spin_unlock(&m->lock);
		schedule();
		spin_lock(&m->lock);
	}
	waitq_finish(&m->wq, &w);
	spin_unlock(&m->lock);
}

void
mutex_lock(struct mutex *m)
{
	uintptr_t me = (uintptr_t)current;

	if (try_owner(m, 0, me))
		return;
	if ((__atomic_load_n(&m->owner, __ATOMIC_RELAXED) & ~MUTEX_WAITERS) == me)
		panic("mutex_lock: %s already held by %s", m->name, current->name);
	mutex_lock_slow(m, me);
}

void
mutex_unlock(struct mutex *m)
{
	uintptr_t me = (uintptr_t)current, old = me;

	if (__atomic_compare_exchange_n(&m->owner, &old, 0, false, __ATOMIC_RELEASE,
	    __ATOMIC_RELAXED))
		return;
	if ((old & ~MUTEX_WAITERS) != me)
		panic("mutex_unlock: %s not held by %s", m->name, current->name);
	/* Under m->lock: a sleeper between its check and its sleep sees 0 or is woken. */
	spin_lock(&m->lock);
	__atomic_store_n(&m->owner, 0, __ATOMIC_RELEASE);
	spin_unlock(&m->lock);
	wake_up_one(&m->wq);
}

bool
mutex_is_held(struct mutex *m)
{
	return (__atomic_load_n(&m->owner, __ATOMIC_RELAXED) & ~MUTEX_WAITERS) ==
	    (uintptr_t)current;
}
