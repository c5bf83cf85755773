/*
 * Wait queues (see wait.h for the protocol). A waker removes a waiter from
 * the queue only if it actually woke it, as Linux's autoremove does, so a
 * wake_up_one() is never spent on a thread that was not asleep.
 */
#include <wait.h>

void
waitq_init(struct waitq *wq)
{
	spin_init(&wq->lock, "waitq");
	list_init(&wq->waiters);
}

void
waitq_prepare(struct waitq *wq, struct waiter *w, int state)
{
	spin_lock(&wq->lock);
	if (w->thread == NULL) {
		w->thread = current;
		list_init(&w->link);
	}
	if (list_empty(&w->link))
		list_add_tail(&w->link, &wq->waiters);
	set_current_state(state);
	spin_unlock(&wq->lock);
}

void
waitq_finish(struct waitq *wq, struct waiter *w)
{
	set_current_state(TASK_RUNNING);
	spin_lock(&wq->lock);
	if (!list_empty(&w->link))
		list_del(&w->link);
	spin_unlock(&wq->lock);
}

int
wake_up(struct waitq *wq, int nr)
{
	struct waiter *w, *tmp;
	int woken = 0;

	/*
	 * The caller's condition store, then a look at the queue: a sleeper
	 * queues itself, then fences (set_current_state), then checks the
	 * condition, so one of the two sees the other. An empty queue needs
	 * no lock.
	 */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	if (READ_ONCE(wq->waiters.next) == &wq->waiters)
		return 0;
	spin_lock(&wq->lock);
	list_for_each_entry_safe(w, tmp, &wq->waiters, link) {
		if (!thread_wake(w->thread))
			continue;
		list_del(&w->link);
		if (++woken == nr)
			break;
	}
	spin_unlock(&wq->lock);
	return woken;
}
