/*
 * Wait queues. A sleeper puts itself on the queue and marks itself asleep
 * *before* re-checking its condition; a waker changes the condition *before*
 * walking the queue. Either the sleeper sees the new condition, or the waker
 * sees the sleeper: no wake-up is lost. waitq->lock protects the list only;
 * the condition is the caller's business.
 */
#ifndef KITE_WAIT_H
#define KITE_WAIT_H

#include <types.h>
#include <list.h>
#include <spinlock.h>
#include <sched.h>

struct waitq {
	spinlock_t lock;		/* protects waiters */
	struct list_head waiters;
};

struct waiter {
	struct list_head link;
	struct thread *thread;
};

#define WAITQ_INIT(name)	{ SPINLOCK_INIT("waitq"), LIST_HEAD_INIT((name).waiters) }

void waitq_init(struct waitq *wq);
void waitq_prepare(struct waitq *wq, struct waiter *w, int state);
void waitq_finish(struct waitq *wq, struct waiter *w);
int wake_up(struct waitq *wq, int nr);	/* nr = 0 wakes all; returns how many */
#define wake_up_all(wq)	wake_up(wq, 0)
#define wake_up_one(wq)	wake_up(wq, 1)

/* Sleep until cond holds. */
#define wait_event(wq, cond) do { \
	struct waiter __w = { .thread = NULL }; \
	for (;;) { \
		waitq_prepare((wq), &__w, TASK_UNINTERRUPTIBLE); \
		if (cond) \
			break; \
		schedule(); \
	} \
	waitq_finish((wq), &__w); \
} while (0)

/* Same, for a condition protected by spinlock lk, which the caller holds. */
#define wait_event_locked(wq, cond, lk) do { \
	struct waiter __w = { .thread = NULL }; \
	for (;;) { \
		waitq_prepare((wq), &__w, TASK_UNINTERRUPTIBLE); \
		if (cond) \
			break; \
		spin_unlock(lk); \
		schedule(); \
		spin_lock(lk); \
	} \
	waitq_finish((wq), &__w); \
} while (0)

#endif
