/* Sleeping mutexes on top of a spinlock and a wait queue. */
#include <mutex.h>
#include <panic.h>

void
mutex_init(struct mutex *m, const char *name)
{
	spin_init(&m->lock, name);
	waitq_init(&m->wq);
	m->owner = NULL;
	m->name = name;
}

void
mutex_lock(struct mutex *m)
{
	spin_lock(&m->lock);
	if (m->owner == current)
		panic("mutex_lock: %s already held by %s", m->name, current->name);
	wait_event_locked(&m->wq, m->owner == NULL, &m->lock);
	m->owner = current;
	spin_unlock(&m->lock);
}

void
mutex_unlock(struct mutex *m)
{
	spin_lock(&m->lock);
	if (m->owner != current)
		panic("mutex_unlock: %s not held by %s", m->name, current->name);
	m->owner = NULL;
	spin_unlock(&m->lock);
	wake_up_one(&m->wq);
}

bool
mutex_is_held(struct mutex *m)
{
	return READ_ONCE(m->owner) == current;
}
