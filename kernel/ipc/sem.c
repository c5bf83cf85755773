/*
 * System V semaphores: semop and semtimedop, the pending queues and the
 * smart update that completes sleeping operations.
 *
 * What the user sees (semop(2)): an array of operations on one set is
 * applied atomically - all of them or none. An operation that cannot
 * proceed now (a decrement below zero, a wait for zero on a non-zero value)
 * makes the caller sleep until the whole array can be applied, the set is
 * removed (EIDRM), a signal arrives (EINTR, never restarted), or its
 * timeout passes (EAGAIN); with IPC_NOWAIT it fails at once with EAGAIN.
 *
 * How it works: a sleeper queues a struct sem_queue (on its own stack) on
 * the set's pending_alter list if any of its operations changes a value,
 * else on pending_const (it only waits for zeros). Whoever changes values
 * afterwards - a semop, SETVAL, SETALL, undo at exit - runs
 * sem_update_queue(): it retries the pending operations in FIFO order and
 * *applies* each one that can now proceed, on the sleeper's behalf, then
 * restarts from the head, because the values changed; each change also
 * retries the wait-for-zero list. The sleeper wakes up to find its result
 * written: no thundering herd, no retry loop in the sleeper, no lost
 * wake-up (the decision and the queueing happen under the same lock).
 *
 * Locking:
 *   sem_ids.mutex   semget, IPC_RMID, IPC_SET, the limits, sem_used.
 *   sem_ids.lock    the id table (held only to look a set up).
 *   set lock        (perm.lock) every value, sempid, otime/ctime, both
 *                   pending lists, each queued sem_queue, the adj[] of every
 *                   sem_undo of the set, and the set's undos list.
 *   sysv_undo.lock  one process list of sem_undo; inside a set lock.
 * There is no global lock on the semop path: the lookup by id goes
 * straight to the set's lock (the lock of its slot in the id table, see
 * kernel/include/ipc.h), so a semop takes one lock, once (plus its
 * sysv_undo.lock for SEM_UNDO). Undo entries may be
 * kfree'd under a set lock: the slab's locks are taken inside it and never
 * call back out.
 *
 * Wake-up protocol (decide and wake under the lock): the waker unlinks a
 * completed sem_queue, publishes its result as the status (release) and
 * wakes the thread, all under the set lock. A sleeper that sees a final
 * status still takes the set lock before it returns, so the sem_queue on
 * its stack and the thread itself outlive the waker's use of them. Waking
 * after the unlock (as Linux's wake_q does) would need a reference on the
 * thread; Linux's older protocol, a sleeper spinning until its waker
 * publishes, wastes whole host time slices when QEMU deschedules the
 * waker's vCPU (sem_rtt across harts took milliseconds).
 *
 * A sleeper holds a reference on the set while unlocked, so after waking by
 * a signal or a timeout it can take the set lock again through its pointer,
 * even if the set was removed meanwhile.
 */
#include <sem.h>
#include <proc.h>
#include <sched.h>
#include <timer.h>
#include <signal.h>
#include <slab.h>
#include <uaccess.h>
#include <syscall.h>
#include <errno.h>
#include <vfs.h>

#define SEMQ_WAITING	1	/* queued, nothing decided; else the result (<= 0) */
#define SEMOPS_ON_STACK	32	/* larger arrays are kmalloc'ed */

struct sem_array *
sem_lock(int semid, int *err)
{
	struct kern_ipc_perm *perm = ipc_lock_id(&sem_ids, semid, err);

	return perm == NULL ? NULL : sem_of(perm);
}

void
sem_unlock(struct sem_array *sma)
{
	spin_unlock(sma->perm.lock);
}

int64_t
sem_now(void)
{
	return current_time().tv_sec;
}

/*
 * Try to apply sops[0..nsops) to the set, in order, so that duplicate
 * entries for one semaphore see each other's effect. Set lock held.
 * Returns 0 and leaves them applied, or undoes what was applied and
 * returns 1 (must sleep; *blocking = the index of the op that blocked),
 * -EAGAIN (it would block but has IPC_NOWAIT) or -ERANGE (a value or an
 * adjustment out of range). Always inlined: it is most of a semop's own
 * work, and the call alone cost 4 % of make bench's sem_op.
 */
static inline __attribute__((always_inline)) int
perform_atomic(struct sem_array *sma, const struct sembuf *sops, int nsops,
    struct sem_undo *un, int pid, int *blocking)
{
	int i, r = 0;

	for (i = 0; i < nsops; i++) {
		const struct sembuf *sop = &sops[i];
		int val = sma->sems[sop->sem_num].semval + sop->sem_op;

		if ((sop->sem_op == 0 && val != 0) || val < 0) {
			*blocking = i;
			r = (sop->sem_flg & IPC_NOWAIT) ? -EAGAIN : 1;
			break;
		}
		if (val > SEMVMX) {
			r = -ERANGE;
			break;
		}
		if (sop->sem_flg & SEM_UNDO) {
			int adj = un->adj[sop->sem_num] - sop->sem_op;

			if (adj < -SEMAEM - 1 || adj > SEMAEM) {
				r = -ERANGE;
				break;
			}
			un->adj[sop->sem_num] = (int16_t)adj;
		}
		sma->sems[sop->sem_num].semval = val;
	}
	if (r == 0) {
		for (i = 0; i < nsops; i++)
			sma->sems[sops[i].sem_num].sempid = pid;
		return 0;
	}
	while (--i >= 0) {
		sma->sems[sops[i].sem_num].semval -= sops[i].sem_op;
		if (sops[i].sem_flg & SEM_UNDO)
			un->adj[sops[i].sem_num] += sops[i].sem_op;
	}
	return r;
}

/* Decide q's fate and wake its sleeper (set lock held, which keeps both alive). */
static void
complete(struct sem_queue *q, int result)
{
	list_del(&q->link);
	smp_store_release(&q->status, result);
	thread_wake(q->thread);
}

/* Retry q; true if it is finished (done or failed), false if it still waits. */
static bool
retry(struct sem_array *sma, struct sem_queue *q, int *done)
{
	int r = perform_atomic(sma, q->sops, q->nsops, q->undo, q->pid, &q->blocking);

	if (r > 0)
		return false;
	complete(q, r);
	if (r == 0)
		(*done)++;
	return true;
}

/* Wait-for-zero sleepers: they change nothing, so one pass suffices. */
static void
update_const(struct sem_array *sma, int *done)
{
	struct sem_queue *q, *tmp;

	list_for_each_entry_safe(q, tmp, &sma->pending_const, link)
		retry(sma, q, done);
}

int
sem_update_queue(struct sem_array *sma)
{
	struct sem_queue *q, *tmp;
	int done = 0, before;

	update_const(sma, &done);
again:
	list_for_each_entry_safe(q, tmp, &sma->pending_alter, link) {
		before = done;
		if (!retry(sma, q, &done) || done == before)
			continue;
		/* Values changed: zeros may have appeared, and earlier sleepers may now fit. */
		update_const(sma, &done);
		goto again;
	}
	if (done > 0)
		sma->otime = sem_now();
	return done;
}

void
sem_fail_all(struct sem_array *sma)
{
	struct sem_queue *q, *tmp;

	list_for_each_entry_safe(q, tmp, &sma->pending_alter, link)
		complete(q, -EIDRM);
	list_for_each_entry_safe(q, tmp, &sma->pending_const, link)
		complete(q, -EIDRM);
}

/* Is q counted by GETNCNT (zero = false) or GETZCNT for semnum? Only its blocking op counts. */
static bool
waits_on(const struct sem_queue *q, int semnum, bool zero)
{
	const struct sembuf *sop = &q->sops[q->blocking];

	if (sop->sem_num != semnum)
		return false;
	return zero ? sop->sem_op == 0 : sop->sem_op < 0;
}

int
sem_count_waiters(struct sem_array *sma, int semnum, bool zero)
{
	struct sem_queue *q;
	int n = 0;

	list_for_each_entry(q, &sma->pending_alter, link)
		n += waits_on(q, semnum, zero);
	if (zero) {
		list_for_each_entry(q, &sma->pending_const, link)
			n += waits_on(q, semnum, zero);
	}
	return n;
}

/*
 * Sleep until q is completed, the deadline (ticks, 0 = none) passes or a
 * signal arrives. Called with the set locked and q queued; returns with
 * the set unlocked and q off every list.
 */
static int
sleep_on(struct sem_array *sma, struct sem_queue *q, uint64_t deadline)
{
	struct sleeper_timer st = { .expired = 0 };
	int r;

	ipc_get(&sma->perm);
	sem_unlock(sma);
	if (deadline != 0)
		sleeper_timer_start(&st, deadline);
	for (;;) {
		set_current_state(TASK_INTERRUPTIBLE);
		if (smp_load_acquire(&q->status) != SEMQ_WAITING ||
		    smp_load_acquire(&st.expired) || signal_pending(current))
			break;
		schedule();
	}
	set_current_state(TASK_RUNNING);
	if (deadline != 0)
		timer_cancel(&st.timer);
	/* Also waits out a waker that decided for us and may still be waking us. */
	spin_lock(sma->perm.lock);
	if (q->status == SEMQ_WAITING) {
		/* Nobody decided for us: we leave on our own. */
		list_del(&q->link);
		q->status = st.expired ? -EAGAIN : -EINTR;
	}
	r = q->status;
	sem_unlock(sma);
	ipc_put(&sem_ids, &sma->perm);
	return r;
}

/* What the semop path needs to know of an operation array. */
struct sops_scan {
	int max;		/* the largest sem_num */
	bool undo;		/* some operation asks for SEM_UNDO */
	bool alter;		/* some operation changes a value (else all wait for zero) */
};

/* One pass over the operations, before any lock is taken. */
static void
scan_sops(const struct sembuf *sops, int nsops, struct sops_scan *scan)
{
	*scan = (struct sops_scan){ .max = 0 };
	for (int i = 0; i < nsops; i++) {
		scan->max = MAX(scan->max, sops[i].sem_num);
		scan->undo |= (sops[i].sem_flg & SEM_UNDO) != 0;
		scan->alter |= sops[i].sem_op != 0;
	}
}

/*
 * The set, locked, checked as Linux checks it: the id (EINVAL), the undo
 * entry (ENOMEM), the size (EFBIG), access (EACCES: write access to change
 * values, read access to wait for zeros). NULL with *err.
 */
static struct sem_array *
lock_for_op(int semid, const struct sops_scan *scan, struct sem_undo **un, int *err)
{
	struct sem_array *sma;

	*un = NULL;
	if ((sma = sem_lock(semid, err)) == NULL)
		return NULL;
	if (scan->undo && sem_undo_get(&sma, semid, un, err) != 0)
		return NULL;
	if (scan->max >= sma->nsems)
		*err = -EFBIG;
	else if (ipcperms(&sma->perm, scan->alter ? IPC_WRITE : IPC_READ) != 0)
		*err = -EACCES;
	else
		return sma;
	sem_unlock(sma);
	return NULL;
}

/* Is anybody asleep on the set? Set lock held. */
static bool
has_sleepers(const struct sem_array *sma)
{
	return !list_empty(&sma->pending_alter) || !list_empty(&sma->pending_const);
}

/* Apply sops to the locked set, sleeping if needed; unlocks it. */
static int
semop_locked(struct sem_array *sma, struct sembuf *sops, int nsops, struct sem_undo *un,
    bool alter, uint64_t deadline)
{
	int pid = current_proc()->pid, blocking;
	int r = perform_atomic(sma, sops, nsops, un, pid, &blocking);

	if (r > 0) {
		/* Built only here: most operations never sleep. */
		struct sem_queue q = {
			.thread = current, .sops = sops, .nsops = nsops, .undo = un,
			.pid = pid, .blocking = blocking, .status = SEMQ_WAITING,
		};

		list_add_tail(&q.link, alter ? &sma->pending_alter : &sma->pending_const);
		return sleep_on(sma, &q, deadline);
	}
	if (r == 0) {
		sma->otime = sem_now();
		/* Most sets have no sleepers: then there is nothing to retry or wake. */
		if (has_sleepers(sma))
			sem_update_queue(sma);
	}
	sem_unlock(sma);
	return r;
}

static long
do_semtimedop(int semid, uintptr_t usops, unsigned int nsops, uintptr_t utimeout)
{
	struct sembuf fast[SEMOPS_ON_STACK], *sops = fast;
	struct sops_scan scan;
	struct sem_array *sma;
	struct sem_undo *un;
	uint64_t deadline = 0;
	bool zero;	/* a zero timeout needs no special case: it expires at once */
	int r;

	if (nsops < 1 || semid < 0)
		return -EINVAL;
	if (nsops > (unsigned int)READ_ONCE(sem_limits.semopm))
		return -E2BIG;
	if (nsops > SEMOPS_ON_STACK && (sops = kmalloc(nsops * sizeof(*sops), 0)) == NULL)
		return -ENOMEM;
	if (copy_from_user(sops, usops, nsops * sizeof(*sops)) != 0) {
		r = -EFAULT;
		goto out;
	}
	/* semop has no timeout: no call for it. */
	if (utimeout != 0 && (r = timeout_from_user(utimeout, &deadline, &zero)) != 0)
		goto out;
	scan_sops(sops, (int)nsops, &scan);
	if ((sma = lock_for_op(semid, &scan, &un, &r)) != NULL)
		r = semop_locked(sma, sops, (int)nsops, un, scan.alter, deadline);
out:
	if (sops != fast)
		kfree(sops);
	return r;
}

SYSCALL_DEFINE4(semtimedop, int, semid, uintptr_t, usops, unsigned int, nsops, uintptr_t, utimeout)
{
	return do_semtimedop(semid, usops, nsops, utimeout);
}

SYSCALL_DEFINE3(semop, int, semid, uintptr_t, usops, unsigned int, nsops)
{
	return do_semtimedop(semid, usops, nsops, 0);
}
