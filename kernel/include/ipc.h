/*
 * System V IPC objects: what semaphore sets, message queues and shared
 * memory segments have in common (kernel/ipc/ids.c).
 *
 * Each kind keeps a registry (struct ipc_ids) mapping keys and ids to
 * objects. An id is seq * IPCMNI + slot: the slot indexes the registry's
 * table, the sequence number changes each time a slot is reused, so an id
 * kept after its object was removed no longer matches (EINVAL; EIDRM while
 * a caller still holds the dead object).
 *
 * Every object embeds a struct kern_ipc_perm as its first concern: key,
 * owner, creator, mode, its lock and its reference count.
 *
 * Locking (outer to inner):
 *   ids->mutex    (sleeping) serializes everything that changes the key
 *                 space or removes objects: get-or-create by key, IPC_RMID,
 *                 IPC_SET, and the limit on the number of objects.
 *   ids->lock     (spinlock) in_use, max_idx, the slot cursor and seq;
 *                 held to add or remove an object, to search by key and
 *                 to walk the table.
 *   slot lock     (spinlock, one per slot of the table) the object in the
 *                 slot: which it is, and everything in it (perm fields and
 *                 whatever the kind adds: semaphore values, pending
 *                 operations...). perm->lock points at it from ipc_add on.
 * A slot's object pointer changes under both ids->lock and the slot lock,
 * so either is enough to read it. A lookup by id takes only the slot
 * lock: the table's chunks are never freed, so it needs no lock to reach
 * the slot (Linux uses RCU for this; slots that outlive their objects do
 * the same job here). The slot lock nests inside ids->lock, which nests
 * inside ids->mutex; all three sit at level 5 ("object locks") of
 * docs/architecture.md, the mutex at level 1.
 *
 * Lifetime: the registry holds one reference from ipc_add() until
 * ipc_remove(); a sleeper that must drop perm->lock takes its own with
 * ipc_get() and, after relocking, looks at perm->deleted before touching
 * anything else. A removed object keeps perm->lock pointing at its old
 * slot, which a new object may be given meanwhile: the two then share a
 * lock, which costs nothing but contention. The kind's free function runs
 * at the last ipc_put(). An object is removed from the table and marked
 * deleted under both ids->lock and perm->lock, so a holder of either lock
 * sees a consistent state, and a lookup never returns a deleted object.
 */
#ifndef KITE_IPC_H
#define KITE_IPC_H

#include <types.h>
#include <atomic.h>
#include <spinlock.h>
#include <mutex.h>
#include <uapi/ipc.h>
#include <uapi/sem.h>
#include <uapi/msg.h>
#include <uapi/shm.h>

struct kern_ipc_perm {
	spinlock_t *lock;	/* its slot's lock (set by ipc_add): everything below and the kind's fields */
	bool deleted;		/* set once, under ids->lock and *lock */
	int id;			/* immutable after ipc_add */
	int32_t key;		/* immutable */
	uint32_t uid, gid;	/* owner: IPC_SET changes them */
	uint32_t cuid, cgid;	/* creator: immutable */
	uint32_t mode;		/* permission bits (and a kind's flags above them) */
	uint32_t seq;		/* immutable after ipc_add */
	atomic_t refcount;
};

struct ipc_ids;
typedef void (*ipc_free_fn)(struct kern_ipc_perm *perm);

#define IPC_CHUNK	128	/* slots per table chunk (one 4 KiB page) */

/* One entry of a registry's table; allocated with its chunk and never freed. */
struct ipc_slot {
	spinlock_t lock;		/* the lock of the object in the slot */
	struct kern_ipc_perm *perm;	/* under ids->lock and lock (either to read) */
};

struct ipc_ids {
	const char *name;
	struct mutex mutex;	/* see the top of this file */
	spinlock_t lock;	/* in_use, max_idx, next_idx, seq */
	int limit;		/* most objects at once (SEMMNI...); under mutex */
	int in_use;
	int max_idx;		/* highest slot in use, -1 if none */
	int next_idx;		/* where the cyclic slot search starts */
	uint32_t seq;		/* of the next object given a slot below the last one */
	ipc_free_fn free;
	/* The slot table, a chunk at a time: published under mutex, read without a lock. */
	struct ipc_slot *chunks[IPCMNI / IPC_CHUNK];
};

void ipc_ids_init(struct ipc_ids *ids, const char *name, int limit, ipc_free_fn free);

/* Fill in a new object's perm: key, owner and creator from the caller, mode. */
void ipc_perm_init(struct kern_ipc_perm *perm, int32_t key, int mode);
/*
 * Give perm an id and make it visible. ids->mutex held. Returns the id,
 * -ENOSPC past ids->limit or when every slot is taken, -ENOMEM.
 */
int ipc_add(struct ipc_ids *ids, struct kern_ipc_perm *perm);
/*
 * Unpublish perm and mark it deleted. ids->mutex held (so perm is still
 * live), perm->lock not held; returns with perm->lock held, for the kind to
 * wake its sleepers, after which it drops the registry's reference.
 */
void ipc_remove(struct ipc_ids *ids, struct kern_ipc_perm *perm);
/* The object with this key, or NULL; ids->mutex held. Not locked, not referenced. */
struct kern_ipc_perm *ipc_find_key(struct ipc_ids *ids, int32_t key);

/*
 * The live object with this id, returned locked, or NULL with *err =
 * -EINVAL for an id that names nothing (or a negative one).
 */
struct kern_ipc_perm *ipc_lock_id(struct ipc_ids *ids, int id, int *err);

void ipc_get(struct kern_ipc_perm *perm);
void ipc_put(struct ipc_ids *ids, struct kern_ipc_perm *perm);

/* The number of objects (for *_INFO). */
int ipc_in_use(struct ipc_ids *ids);
/*
 * The end of IPC_INFO and the kind's *_INFO: copy its size bytes of info to
 * buf; the highest slot in use (0 if none), or -EFAULT.
 */
long ipc_info_copy(struct ipc_ids *ids, uintptr_t buf, const void *info, size_t size);

/* What IPC_STAT and IPC_SET exchange with the user; each starts with its ipc64_perm. */
union ipc64_ds {
	struct semid64_ds sem;
	struct msqid64_ds msg;
	struct shmid64_ds shm;
};

/*
 * What a kind adds to the control commands every kind has: IPC_STAT with
 * its *_STAT (by slot) and *_STAT_ANY (by slot, no read permission needed),
 * IPC_SET and IPC_RMID.
 */
struct ipc_ctl_ops {
	int stat_any_cmd;		/* SEM_STAT_ANY...; any other but IPC_STAT is by slot */
	size_t ds_size;			/* the bytes of union ipc64_ds the kind uses */
	/* IPC_STAT: the kind's fields, in a zeroed structure whose perm is filled; perm->lock held. */
	void (*fill)(const struct kern_ipc_perm *perm, union ipc64_ds *out);
	/* Optional: -EIDRM for an object already on its way out; perm->lock held. */
	int (*check)(const struct kern_ipc_perm *perm);
	/*
	 * IPC_SET of the kind's own fields (ctime...) from the user's
	 * structure: 0, after which the owner and mode bits are set too, or
	 * -errno to change nothing. ids->mutex and perm->lock held.
	 */
	int (*set)(struct kern_ipc_perm *perm, const union ipc64_ds *in);
	/* IPC_RMID: ids->mutex and perm->lock held; releases perm->lock. */
	void (*rmid)(struct kern_ipc_perm *perm);
};

/*
 * IPC_STAT, *_STAT and *_STAT_ANY: the structure is filled under perm->lock
 * and copied to buf after it. Returns 0 for IPC_STAT, the object's id for
 * the by-slot commands, or -EINVAL, -EACCES, -EFAULT.
 */
long ipc_stat(struct ipc_ids *ids, const struct ipc_ctl_ops *ops, int id, int cmd,
    uintptr_t buf);
/*
 * IPC_SET and IPC_RMID, under ids->mutex, for the owner, the creator or
 * root only: 0, or -EFAULT (IPC_SET's buf), -EINVAL, -EIDRM, -EPERM, or
 * what ops->set returns.
 */
long ipc_down(struct ipc_ids *ids, const struct ipc_ctl_ops *ops, int id, int cmd,
    uintptr_t buf);

/*
 * get: the id of key's object, creating it with create() if the flags ask
 * for it, as semget/msgget/shmget do. ids->mutex is taken inside. check()
 * validates an existing object against the call's other arguments (nsems,
 * size) with perm->lock held; create() returns a new id or -errno.
 */
struct ipc_get_ops {
	int (*create)(struct ipc_ids *ids, int32_t key, int flags, void *arg);
	int (*check)(struct kern_ipc_perm *perm, int flags, void *arg);
};
int ipc_getobj(struct ipc_ids *ids, int32_t key, int flags, const struct ipc_get_ops *ops,
    void *arg);

/* 0 if the caller may access perm as flag asks (IPC_READ, IPC_WRITE, 0600...), else -EACCES. perm->lock held. */
int ipcperms(const struct kern_ipc_perm *perm, int flag);
/*
 * The limits in /proc/sys/kernel (shmmax, msgmnb...): a write is one decimal
 * number from 0 to max with blanks around it, as Linux's
 * proc_dointvec_minmax takes (0, or -EINVAL). A plain limit is read without
 * a lock; the number of objects (*mni) is ids->limit, under ids->mutex.
 */
struct seqbuf;
int ipc_show_limit(struct seqbuf *sb, unsigned long limit);
int ipc_write_limit(const char *buf, size_t len, unsigned long max, unsigned long *limit);
int ipc_show_mni(struct seqbuf *sb, struct ipc_ids *ids);
int ipc_write_mni(const char *buf, size_t len, struct ipc_ids *ids);

/* Walk the live objects in slot order, each locked during fn (for /proc/sysvipc). */
void ipc_for_each(struct ipc_ids *ids, void (*fn)(struct kern_ipc_perm *perm, void *arg),
    void *arg);

#endif
