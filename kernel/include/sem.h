/*
 * System V semaphore sets: the structures shared by kernel/ipc/sem.c (semop
 * and the pending queues), sem_ctl.c (semget, semctl), sem_undo.c (SEM_UNDO)
 * and sem_proc.c (/proc). Locking: see the top of kernel/ipc/sem.c.
 */
#ifndef KITE_SEM_H
#define KITE_SEM_H

#include <types.h>
#include <list.h>
#include <ipc.h>
#include <uapi/sem.h>

struct process;
struct thread;

struct sem {
	int semval;		/* under the set's lock */
	int sempid;		/* tgid of the last operation on it */
};

struct sem_array {
	struct kern_ipc_perm perm;	/* perm.lock is the set's lock */
	int nsems;			/* immutable */
	int64_t otime;			/* last semop that completed (seconds), 0 = never */
	int64_t ctime;			/* creation or last change by semctl */
	struct list_head pending_alter;	/* sem_queue.link: sleepers that change values, FIFO */
	struct list_head pending_const;	/* sleepers that only wait for zero, FIFO */
	struct list_head undos;		/* sem_undo.set_link: every undo entry for this set */
	struct sem sems[];
};

/* A sleeping semop: lives on the sleeper's stack, on a pending list while queued. */
struct sem_queue {
	struct list_head link;		/* in pending_alter/const; under the set's lock */
	struct thread *thread;
	struct sembuf *sops;
	int nsops;
	int blocking;			/* index of the op it waits on (GETNCNT/GETZCNT) */
	struct sem_undo *undo;		/* for SEM_UNDO ops, else NULL */
	int pid;			/* tgid to record as sempid */
	int status;			/* SEMQ_WAITING or the result; under the set's lock */
};

/* The adjustments one process list holds for one set. */
struct sem_undo {
	struct list_head proc_link;	/* in sysv_undo.list; under sysv_undo.lock */
	struct list_head set_link;	/* in sem_array.undos; under the set's lock */
	struct sysv_undo *owner;	/* immutable */
	int semid;			/* immutable */
	int16_t adj[];			/* nsems entries, under the set's lock */
};

/* A process's SEM_UNDO entries, shared by clone(CLONE_SYSVSEM). */
struct sysv_undo {
	spinlock_t lock;		/* list; taken inside a set's lock */
	atomic_t refcount;		/* processes sharing it */
	struct list_head list;		/* sem_undo.proc_link */
};

/* The tunable limits (/proc/sys/kernel/sem), under sem_ids.mutex. */
struct sem_limits {
	int semmsl, semmns, semopm, semmni;
};

extern struct ipc_ids sem_ids;
extern struct sem_limits sem_limits;
extern long sem_used;			/* semaphores in all sets; under sem_ids.mutex */

static inline struct sem_array *
sem_of(struct kern_ipc_perm *perm)
{
	return container_of(perm, struct sem_array, perm);
}

void sem_init(void);
/* The set with this id, locked, or NULL with *err = -EINVAL. */
struct sem_array *sem_lock(int semid, int *err);
void sem_unlock(struct sem_array *sma);

/*
 * After values changed: complete every pending operation that can now
 * proceed, and wake its sleeper. Set lock held. Returns how many completed.
 */
int sem_update_queue(struct sem_array *sma);
/* Complete every sleeper of a removed set with -EIDRM (set lock held). */
void sem_fail_all(struct sem_array *sma);
int sem_count_waiters(struct sem_array *sma, int semnum, bool zero);
int64_t sem_now(void);

/* SEM_UNDO (sem_undo.c). */
/* The caller's entry for the locked set *smap, created if needed: see sem_undo.c. */
int sem_undo_get(struct sem_array **smap, int semid, struct sem_undo **unp, int *err);
/* SETVAL/SETALL: forget the adjustments for semnum (-1: all); set lock held. */
void sem_undo_clear(struct sem_array *sma, int semnum);
/* IPC_RMID: free every entry for the set; set lock held. */
void sem_undo_drop_set(struct sem_array *sma);
/* fork/clone: share the parent's list (CLONE_SYSVSEM) or start with none. */
int sem_undo_fork(struct process *child, struct process *parent, bool share);
/* The process is gone: if it held the last reference, apply and free the list. */
void sem_undo_exit(struct process *p);

/* /proc/sys/kernel/sem and /proc/sysvipc/sem (sem_proc.c). */
void sem_proc_init(void);

#endif
