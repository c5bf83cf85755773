/*
 * SEM_UNDO: adjustments that are applied to a set when the process that
 * made them exits, so a process killed inside a critical section does not
 * leave its semaphores taken.
 *
 * Each process has (lazily) a struct sysv_undo, shared by clone with
 * CLONE_SYSVSEM and never inherited by fork. It lists one struct sem_undo
 * per set the process used with SEM_UNDO; each sem_undo is also on its
 * set's undos list, so SETVAL/SETALL can clear adjustments and IPC_RMID can
 * drop them.
 *
 * Locking: a sem_undo is linked, unlinked and freed with both its set's
 * lock and its sysv_undo's lock held (in that order), and its adj[] is
 * only touched under the set lock. So whoever holds a set lock may use any
 * sem_undo it finds for that set. A process never keeps a sem_undo pointer
 * across dropping the set lock: it looks the entry up again by semid.
 */
#include <sem.h>
#include <proc.h>
#include <sched.h>
#include <slab.h>
#include <string.h>
#include <errno.h>

/* ulp->lock held. */
static struct sem_undo *
sem_undo_find(struct sysv_undo *ulp, int semid)
{
	struct sem_undo *un;

	list_for_each_entry(un, &ulp->list, proc_link) {
		if (un->semid == semid)
			return un;
	}
	return NULL;
}

/* The calling process's list, created on first use (its threads may race: first wins). */
static struct sysv_undo *
current_undo_list(void)
{
	struct process *p = current_proc();
	struct sysv_undo *ulp = smp_load_acquire(&p->sysvsem), *new;

	if (ulp != NULL)
		return ulp;
	if ((new = kzalloc(sizeof(*new))) == NULL)
		return NULL;
	spin_init(&new->lock, "sysv_undo");
	atomic_set(&new->refcount, 1);
	list_init(&new->list);
	if (__atomic_compare_exchange_n(&p->sysvsem, &ulp, new, false, __ATOMIC_ACQ_REL,
	    __ATOMIC_ACQUIRE))
		return new;
	kfree(new);
	return ulp;
}

/* The entry of ulp for the locked set sma, or NULL. */
static struct sem_undo *
find_locked(struct sysv_undo *ulp, int semid)
{
	struct sem_undo *un;

	spin_lock(&ulp->lock);
	un = sem_undo_find(ulp, semid);
	spin_unlock(&ulp->lock);
	return un;
}

/*
 * The caller's entry for the set *smap (locked), created if needed. The
 * allocation drops the set lock, so the set is looked up again by id and
 * *smap updated. Returns 0 with the set locked, or -1 with *err set and
 * the set unlocked (ENOMEM, or EINVAL if the set went away meanwhile).
 */
int
sem_undo_get(struct sem_array **smap, int semid, struct sem_undo **unp, int *err)
{
	struct sysv_undo *ulp = smp_load_acquire(&current_proc()->sysvsem);
	struct sem_array *sma = *smap;
	int nsems = sma->nsems;
	struct sem_undo *new;

	if (ulp != NULL && (*unp = find_locked(ulp, semid)) != NULL)
		return 0;
	sem_unlock(sma);
	ulp = current_undo_list();
	new = ulp == NULL ? NULL : kzalloc(sizeof(*new) + nsems * sizeof(new->adj[0]));
	if (new == NULL) {
		*err = -ENOMEM;
		return -1;
	}
	new->owner = ulp;
	new->semid = semid;
	if ((*smap = sma = sem_lock(semid, err)) == NULL) {
		kfree(new);
		return -1;
	}
	spin_lock(&ulp->lock);
	if ((*unp = sem_undo_find(ulp, semid)) == NULL) {
		/* Still missing (another thread of ours may have added it meanwhile). */
		list_add_tail(&new->proc_link, &ulp->list);
		list_add_tail(&new->set_link, &sma->undos);
		*unp = new;
		new = NULL;
	}
	spin_unlock(&ulp->lock);
	kfree(new);
	return 0;
}

void
sem_undo_clear(struct sem_array *sma, int semnum)
{
	struct sem_undo *un;

	list_for_each_entry(un, &sma->undos, set_link) {
		if (semnum < 0)
			memset(un->adj, 0, sma->nsems * sizeof(un->adj[0]));
		else
			un->adj[semnum] = 0;
	}
}

/* Unlink un from both lists and free it; set lock held. */
static void
undo_free(struct sem_undo *un)
{
	spin_lock(&un->owner->lock);
	list_del(&un->proc_link);
	spin_unlock(&un->owner->lock);
	list_del(&un->set_link);
	kfree(un);
}

void
sem_undo_drop_set(struct sem_array *sma)
{
	struct sem_undo *un, *tmp;

	list_for_each_entry_safe(un, tmp, &sma->undos, set_link)
		undo_free(un);
}

int
sem_undo_fork(struct process *child, struct process *parent, bool share)
{
	struct sysv_undo *ulp;

	child->sysvsem = NULL;
	if (!share)
		return 0;
	/* Sharing needs one list for both, even if the parent had none yet. */
	if ((ulp = current_undo_list()) == NULL)
		return -ENOMEM;
	atomic_inc(&ulp->refcount);
	child->sysvsem = ulp;
	return 0;
}

/* Apply un's adjustments to its locked set, as Linux does: clamped to 0..SEMVMX. */
static void
apply(struct sem_array *sma, struct sem_undo *un, int pid)
{
	for (int i = 0; i < sma->nsems; i++) {
		struct sem *s = &sma->sems[i];

		if (un->adj[i] == 0)
			continue;
		s->semval = MIN(MAX(s->semval + un->adj[i], 0), SEMVMX);
		s->sempid = pid;
	}
	sma->otime = sem_now();
}

/* Apply and drop ulp's entry for semid. */
static void
exit_one(struct sysv_undo *ulp, int semid, int pid)
{
	struct sem_array *sma;
	struct sem_undo *un;
	int err;

	if ((sma = sem_lock(semid, &err)) == NULL) {
		/* The set is being removed: IPC_RMID is dropping our entry right now. */
		yield();
		return;
	}
	if ((un = find_locked(ulp, semid)) != NULL) {
		apply(sma, un, pid);
		undo_free(un);
		sem_update_queue(sma);
	}
	sem_unlock(sma);
}

void
sem_undo_exit(struct process *p)
{
	struct sysv_undo *ulp = p->sysvsem;
	struct sem_undo *un;
	int semid;

	p->sysvsem = NULL;
	if (ulp == NULL || !atomic_dec_and_test(&ulp->refcount))
		return;
	for (;;) {
		spin_lock(&ulp->lock);
		un = list_first_entry_or_null(&ulp->list, struct sem_undo, proc_link);
		semid = un == NULL ? -1 : un->semid;
		spin_unlock(&ulp->lock);
		if (un == NULL)
			break;
		exit_one(ulp, semid, p->pid);
	}
	kfree(ulp);
}
