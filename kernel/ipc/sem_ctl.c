/*
 * semget and semctl: creating, inspecting, setting and removing semaphore
 * sets. Errors are checked in the order Linux checks them, so a call with
 * several faults fails with the same errno as on Linux.
 *
 * Locking (see kernel/ipc/sem.c): semget, IPC_SET and IPC_RMID run under
 * sem_ids.mutex; everything else takes only the set's lock. GETALL and
 * SETALL need a buffer as large as the set: they pin the set with a
 * reference, drop its lock to allocate and copy, and relock it, failing
 * with EIDRM if it was removed meanwhile. User memory is only copied with
 * no lock held.
 */
#include <sem.h>
#include <proc.h>
#include <slab.h>
#include <uaccess.h>
#include <syscall.h>
#include <string.h>
#include <errno.h>

struct ipc_ids sem_ids;
struct sem_limits sem_limits = { SEMMSL, SEMMNS, SEMOPM, SEMMNI };
long sem_used;

static void
sem_free(struct kern_ipc_perm *perm)
{
	kfree(sem_of(perm));
}

void
sem_init(void)
{
	ipc_ids_init(&sem_ids, "sem_ids", SEMMNI, sem_free);
	sem_proc_init();
}

/* semget's creation of a set of *(int *)arg semaphores; sem_ids.mutex held. */
static int
newary(struct ipc_ids *ids, int32_t key, int flags, void *arg)
{
	int nsems = *(int *)arg, id;
	struct sem_array *sma;

	if (nsems == 0)
		return -EINVAL;
	if (sem_used + nsems > sem_limits.semmns)
		return -ENOSPC;
	if ((sma = kzalloc(sizeof(*sma) + nsems * sizeof(sma->sems[0]))) == NULL)
		return -ENOMEM;
	ipc_perm_init(&sma->perm, key, flags);
	sma->nsems = nsems;
	sma->ctime = sem_now();
	list_init(&sma->pending_alter);
	list_init(&sma->pending_const);
	list_init(&sma->undos);
	if ((id = ipc_add(ids, &sma->perm)) < 0) {
		kfree(sma);
		return id;
	}
	sem_used += nsems;
	return id;
}

/* An existing set asked for with more semaphores than it has. */
static int
more_checks(struct kern_ipc_perm *perm, int flags, void *arg)
{
	return *(int *)arg > sem_of(perm)->nsems ? -EINVAL : 0;
}

static const struct ipc_get_ops sem_get_ops = { newary, more_checks };

SYSCALL_DEFINE3(semget, int32_t, key, int, nsems, int, semflg)
{
	if (nsems < 0 || nsems > READ_ONCE(sem_limits.semmsl))
		return -EINVAL;
	return ipc_getobj(&sem_ids, key, semflg, &sem_get_ops, &nsems);
}

/* The set, locked, if the caller may access it as flag says; NULL with *err. */
static struct sem_array *
lock_checked(int semid, int flag, int *err)
{
	struct sem_array *sma = sem_lock(semid, err);

	if (sma != NULL && ipcperms(&sma->perm, flag) != 0) {
		sem_unlock(sma);
		*err = -EACCES;
		return NULL;
	}
	return sma;
}

/* Values changed by semctl: forget undo entries, note the time, complete sleepers. */
static void
changed(struct sem_array *sma, int semnum)
{
	sem_undo_clear(sma, semnum);
	sma->ctime = sem_now();
	sem_update_queue(sma);
	sem_unlock(sma);
}

static long
sem_info(int cmd, uintptr_t buf)
{
	struct seminfo si;

	memset(&si, 0, sizeof(si));
	mutex_lock(&sem_ids.mutex);
	si.semmni = sem_limits.semmni;
	si.semmns = sem_limits.semmns;
	si.semmsl = sem_limits.semmsl;
	si.semopm = sem_limits.semopm;
	si.semvmx = SEMVMX;
	si.semmnu = SEMMNU;
	si.semmap = SEMMAP;
	si.semume = SEMUME;
	/* SEM_INFO reports usage in two of the fields instead of limits. */
	si.semusz = cmd == SEM_INFO ? ipc_in_use(&sem_ids) : SEMUSZ;
	si.semaem = cmd == SEM_INFO ? (int)sem_used : SEMAEM;
	mutex_unlock(&sem_ids.mutex);
	return ipc_info_copy(&sem_ids, buf, &si, sizeof(si));
}

/* GETVAL, GETPID, GETNCNT, GETZCNT. */
static long
sem_getone(int semid, int semnum, int cmd)
{
	struct sem_array *sma;
	int err;
	long r;

	if ((sma = lock_checked(semid, IPC_READ, &err)) == NULL)
		return err;
	if (semnum < 0 || semnum >= sma->nsems)
		r = -EINVAL;
	else if (cmd == GETVAL)
		r = sma->sems[semnum].semval;
	else if (cmd == GETPID)
		r = sma->sems[semnum].sempid;
	else
		r = sem_count_waiters(sma, semnum, cmd == GETZCNT);
	sem_unlock(sma);
	return r;
}

static long
sem_setval(int semid, int semnum, int val)
{
	struct sem_array *sma;
	int err;

	if (val < 0 || val > SEMVMX)
		return -ERANGE;
	if ((sma = sem_lock(semid, &err)) == NULL)
		return err;
	if (semnum < 0 || semnum >= sma->nsems)
		err = -EINVAL;
	else if (ipcperms(&sma->perm, IPC_WRITE) != 0)
		err = -EACCES;
	if (err != 0) {
		sem_unlock(sma);
		return err;
	}
	sma->sems[semnum].semval = val;
	sma->sems[semnum].sempid = current_proc()->pid;
	changed(sma, semnum);
	return 0;
}

/*
 * The checked set with a reference and unlocked, and a buffer for its
 * values; NULL with *err.
 */
static struct sem_array *
pin_with_buffer(int semid, int flag, uint16_t **vals, int *err)
{
	struct sem_array *sma = lock_checked(semid, flag, err);

	if (sma == NULL)
		return NULL;
	ipc_get(&sma->perm);
	sem_unlock(sma);
	if ((*vals = kmalloc(sma->nsems * sizeof(**vals), 0)) == NULL) {
		ipc_put(&sem_ids, &sma->perm);
		*err = -ENOMEM;
		return NULL;
	}
	return sma;
}

/* Lock a pinned set again and drop the pin: 0, or -EIDRM (unlocked) if it was removed. */
static int
relock(struct sem_array *sma)
{
	spin_lock(sma->perm.lock);
	if (sma->perm.deleted) {
		sem_unlock(sma);
		ipc_put(&sem_ids, &sma->perm);
		return -EIDRM;
	}
	/* Live, so the registry still holds a reference: ours is not the last. */
	ipc_put(&sem_ids, &sma->perm);
	return 0;
}

static long
sem_getall(int semid, uintptr_t buf)
{
	struct sem_array *sma;
	uint16_t *vals;
	int err, n;

	if ((sma = pin_with_buffer(semid, IPC_READ, &vals, &err)) == NULL)
		return err;
	n = sma->nsems;
	if ((err = relock(sma)) == 0) {
		for (int i = 0; i < n; i++)
			vals[i] = (uint16_t)sma->sems[i].semval;
		sem_unlock(sma);
		if (copy_to_user(buf, vals, n * sizeof(*vals)) != 0)
			err = -EFAULT;
	}
	kfree(vals);
	return err;
}

static long
sem_setall(int semid, uintptr_t buf)
{
	struct sem_array *sma;
	uint16_t *vals;
	int err, n;

	if ((sma = pin_with_buffer(semid, IPC_WRITE, &vals, &err)) == NULL)
		return err;
	n = sma->nsems;
	err = copy_from_user(vals, buf, n * sizeof(*vals));
	for (int i = 0; i < n && err == 0; i++) {
		if (vals[i] > SEMVMX)
			err = -ERANGE;
	}
	if (err != 0)
		ipc_put(&sem_ids, &sma->perm);
	else if ((err = relock(sma)) == 0) {
		for (int i = 0; i < n; i++) {
			sma->sems[i].semval = vals[i];
			sma->sems[i].sempid = current_proc()->pid;
		}
		changed(sma, -1);
	}
	kfree(vals);
	return err;
}

/* IPC_RMID: unpublish, drop undo entries, fail every sleeper with EIDRM; mutex held. */
static void
freeary(struct sem_array *sma)
{
	ipc_remove(&sem_ids, &sma->perm);
	sem_undo_drop_set(sma);
	sem_fail_all(sma);
	sem_used -= sma->nsems;
	sem_unlock(sma);
	ipc_put(&sem_ids, &sma->perm);
}

static void
sem_fill(const struct kern_ipc_perm *perm, union ipc64_ds *out)
{
	const struct sem_array *sma = container_of(perm, struct sem_array, perm);

	out->sem.sem_otime = sma->otime;
	out->sem.sem_ctime = sma->ctime;
	out->sem.sem_nsems = sma->nsems;
}

static int
sem_set(struct kern_ipc_perm *perm, const union ipc64_ds *in)
{
	sem_of(perm)->ctime = sem_now();
	return 0;
}

static void
sem_rmid(struct kern_ipc_perm *perm)
{
	spin_unlock(perm->lock);	/* ipc_remove relocks it inside sem_ids.lock */
	freeary(sem_of(perm));
}

static const struct ipc_ctl_ops sem_ctl_ops = {
	.stat_any_cmd = SEM_STAT_ANY,
	.ds_size = sizeof(struct semid64_ds),
	.fill = sem_fill,
	.set = sem_set,
	.rmid = sem_rmid,
};

SYSCALL_DEFINE4(semctl, int, semid, int, semnum, int, cmd, unsigned long, arg)
{
	if (semid < 0)
		return -EINVAL;
	switch (cmd) {
	case IPC_INFO:
	case SEM_INFO:
		return sem_info(cmd, arg);
	case IPC_STAT:
	case SEM_STAT:
	case SEM_STAT_ANY:
		return ipc_stat(&sem_ids, &sem_ctl_ops, semid, cmd, arg);
	case GETVAL:
	case GETPID:
	case GETNCNT:
	case GETZCNT:
		return sem_getone(semid, semnum, cmd);
	case GETALL:
		return sem_getall(semid, arg);
	case SETVAL:
		return sem_setval(semid, semnum, (int)arg);	/* union semun's int, by value */
	case SETALL:
		return sem_setall(semid, arg);
	case IPC_SET:
	case IPC_RMID:
		return ipc_down(&sem_ids, &sem_ctl_ops, semid, cmd, arg);
	default:
		return -EINVAL;
	}
}
