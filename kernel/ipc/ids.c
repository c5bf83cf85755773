/*
 * The System V IPC registry shared by semaphores, message queues and shared
 * memory: keys and ids to objects, permissions, ownership.
 *
 * Ids: a new object takes the first free slot at or after a cursor that
 * moves forward (cyclically, like Linux's idr_alloc_cyclic), and the
 * registry's sequence number goes up whenever the search wraps below the
 * previous slot. id = seq * IPCMNI + slot, so a recycled slot gets a new id
 * and a stale id fails to match (EINVAL).
 *
 * Locking: see kernel/include/ipc.h. In short, ids->mutex for changes of the
 * key space, ids->lock for the table's bookkeeping, a slot's lock for the
 * object in it (perm->lock points there); taken in that order. The table
 * is a set of chunks allocated under the mutex (kmalloc outside any
 * spinlock) and published with a release store; a chunk stays allocated
 * once made, so a lookup reaches a slot without any lock and takes only
 * that slot's: one lock round trip per semop, msgsnd... instead of two.
 */
#include <ipc.h>
#include <cred.h>
#include <slab.h>
#include <string.h>
#include <errno.h>
#include <procfs.h>
#include <uaccess.h>

void
ipc_ids_init(struct ipc_ids *ids, const char *name, int limit, ipc_free_fn free)
{
	memset(ids, 0, sizeof(*ids));
	ids->name = name;
	mutex_init(&ids->mutex, name);
	spin_init(&ids->lock, name);
	ids->limit = limit;
	ids->max_idx = -1;
	ids->free = free;
}

void
ipc_perm_init(struct kern_ipc_perm *perm, int32_t key, int mode)
{
	const struct cred *c = current_cred();

	perm->lock = NULL;	/* its slot's, from ipc_add on */
	perm->deleted = false;
	perm->key = key;
	perm->uid = perm->cuid = c->euid;
	perm->gid = perm->cgid = c->egid;
	perm->mode = mode & IPC_PERM_BITS;
	atomic_set(&perm->refcount, 1);
}

/*
 * Slot idx, or NULL if its chunk does not exist. Chunks are published
 * once, initialized, and never freed, so this needs no lock: a lookup
 * goes straight to the slot's lock.
 */
static struct ipc_slot *
slot(struct ipc_ids *ids, int idx)
{
	struct ipc_slot *chunk = smp_load_acquire(&ids->chunks[idx / IPC_CHUNK]);

	return chunk == NULL ? NULL : &chunk[idx % IPC_CHUNK];
}

/* The object in slot idx, or NULL; ids->lock (or the slot's lock) held. */
static struct kern_ipc_perm *
slot_get(struct ipc_ids *ids, int idx)
{
	struct ipc_slot *s = slot(ids, idx);

	return s == NULL ? NULL : s->perm;
}

/* The first free slot from the cursor on, cyclically, or -1; ids->lock held. */
static int
free_slot(struct ipc_ids *ids)
{
	for (int n = 0; n < IPCMNI; n++) {
		int idx = (ids->next_idx + n) % IPCMNI;

		if (slot_get(ids, idx) == NULL)
			return idx;
	}
	return -1;
}

/* Make sure the chunk holding idx exists; ids->mutex held, ids->lock not. */
static int
ensure_chunk(struct ipc_ids *ids, int idx)
{
	struct ipc_slot *chunk;

	if (ids->chunks[idx / IPC_CHUNK] != NULL)
		return 0;
	chunk = kzalloc(IPC_CHUNK * sizeof(*chunk));
	if (chunk == NULL)
		return -ENOMEM;
	for (int i = 0; i < IPC_CHUNK; i++)
		spin_init(&chunk[i].lock, "ipc_object");
	/* Only the mutex holder publishes; lookups read it without a lock. */
	smp_store_release(&ids->chunks[idx / IPC_CHUNK], chunk);
	return 0;
}

int
ipc_add(struct ipc_ids *ids, struct kern_ipc_perm *perm)
{
	int idx, r;

	spin_lock(&ids->lock);
	idx = ids->in_use >= ids->limit ? -1 : free_slot(ids);
	spin_unlock(&ids->lock);
	if (idx < 0)
		return -ENOSPC;
	/* Only the mutex holder adds, so idx stays free while we allocate. */
	if ((r = ensure_chunk(ids, idx)) != 0)
		return r;
	spin_lock(&ids->lock);
	if (idx < ids->next_idx && ++ids->seq > IPCID_SEQ_MAX)
		ids->seq = 0;
	perm->seq = ids->seq;
	perm->id = (int)(perm->seq << IPCMNI_SHIFT) + idx;
	perm->lock = &slot(ids, idx)->lock;
	spin_lock(perm->lock);
	slot(ids, idx)->perm = perm;
	spin_unlock(perm->lock);
	ids->next_idx = idx + 1;
	ids->in_use++;
	if (idx > ids->max_idx)
		ids->max_idx = idx;
	spin_unlock(&ids->lock);
	return perm->id;
}

void
ipc_remove(struct ipc_ids *ids, struct kern_ipc_perm *perm)
{
	int idx = perm->id % IPCMNI;

	spin_lock(&ids->lock);
	spin_lock(perm->lock);
	slot(ids, idx)->perm = NULL;
	ids->in_use--;
	while (ids->max_idx >= 0 && slot_get(ids, ids->max_idx) == NULL)
		ids->max_idx--;
	perm->deleted = true;
	spin_unlock(&ids->lock);
}

struct kern_ipc_perm *
ipc_find_key(struct ipc_ids *ids, int32_t key)
{
	struct kern_ipc_perm *perm, *found = NULL;

	spin_lock(&ids->lock);
	for (int idx = 0; idx <= ids->max_idx && found == NULL; idx++) {
		perm = slot_get(ids, idx);
		if (perm != NULL && perm->key == key)
			found = perm;
	}
	spin_unlock(&ids->lock);
	return found;
}

/*
 * The object in slot idx (an id is taken modulo IPCMNI), locked; NULL with
 * *err = -EINVAL. Only the slot's lock is taken: the object in a slot
 * changes under that lock, so what we find there is live until we unlock.
 */
static struct kern_ipc_perm *
lock_idx(struct ipc_ids *ids, int idx, int *err)
{
	struct kern_ipc_perm *perm;
	struct ipc_slot *s;

	*err = -EINVAL;
	if (idx < 0 || (s = slot(ids, idx % IPCMNI)) == NULL)
		return NULL;
	spin_lock(&s->lock);
	if ((perm = s->perm) == NULL) {
		spin_unlock(&s->lock);
		return NULL;
	}
	*err = 0;
	return perm;
}

struct kern_ipc_perm *
ipc_lock_id(struct ipc_ids *ids, int id, int *err)
{
	struct kern_ipc_perm *perm;

	if (id < 0) {
		*err = -EINVAL;
		return NULL;
	}
	perm = lock_idx(ids, id, err);
	if (perm != NULL && perm->id != id) {
		spin_unlock(perm->lock);
		*err = -EINVAL;
		return NULL;
	}
	return perm;
}

void
ipc_get(struct kern_ipc_perm *perm)
{
	atomic_inc(&perm->refcount);
}

void
ipc_put(struct ipc_ids *ids, struct kern_ipc_perm *perm)
{
	if (atomic_dec_and_test(&perm->refcount))
		ids->free(perm);
}

int
ipc_in_use(struct ipc_ids *ids)
{
	int r;

	spin_lock(&ids->lock);
	r = ids->in_use;
	spin_unlock(&ids->lock);
	return r;
}

/* An existing object asked for by key: Linux checks EEXIST, then the kind's check, then access. */
static int
get_existing(struct kern_ipc_perm *perm, int flags, const struct ipc_get_ops *ops, void *arg)
{
	int r;

	if ((flags & IPC_CREAT) && (flags & IPC_EXCL))
		return -EEXIST;
	spin_lock(perm->lock);
	r = ops->check != NULL ? ops->check(perm, flags, arg) : 0;
	if (r == 0)
		r = ipcperms(perm, flags) != 0 ? -EACCES : perm->id;
	spin_unlock(perm->lock);
	return r;
}

int
ipc_getobj(struct ipc_ids *ids, int32_t key, int flags, const struct ipc_get_ops *ops,
    void *arg)
{
	struct kern_ipc_perm *perm;
	int r;

	mutex_lock(&ids->mutex);
	perm = key == IPC_PRIVATE ? NULL : ipc_find_key(ids, key);
	if (perm != NULL)
		r = get_existing(perm, flags, ops, arg);
	else if (key != IPC_PRIVATE && !(flags & IPC_CREAT))
		r = -ENOENT;
	else
		r = ops->create(ids, key, flags, arg);
	mutex_unlock(&ids->mutex);
	return r;
}

int
ipcperms(const struct kern_ipc_perm *perm, int flag)
{
	const struct cred *c = current_cred();
	int requested = (flag >> 6 | flag >> 3 | flag) & 07;
	int granted = perm->mode;

	if (c->euid == perm->cuid || c->euid == perm->uid)
		granted >>= 6;
	else if (in_group(c, perm->cgid) || in_group(c, perm->gid))
		granted >>= 3;
	if ((requested & ~granted & 07) != 0 && !capable_root())
		return -EACCES;
	return 0;
}

/* IPC_SET/IPC_RMID: the caller is the owner, the creator or root; else -EPERM. */
static int
check_owner(const struct kern_ipc_perm *perm)
{
	const struct cred *c = current_cred();

	if (c->euid == perm->cuid || c->euid == perm->uid || capable_root())
		return 0;
	return -EPERM;
}

/*
 * IPC_STAT and IPC_SET find the perm part of every member of union
 * ipc64_ds at its start, as Linux's ABI lays them out.
 */
_Static_assert(offsetof(struct semid64_ds, sem_perm) == 0 &&
    offsetof(struct msqid64_ds, msg_perm) == 0 &&
    offsetof(struct shmid64_ds, shm_perm) == 0, "ipc64_perm first");

/* IPC_SET of the owner and mode bits; perm->lock held. */
static void
set_perm(struct kern_ipc_perm *perm, const union ipc64_ds *ds)
{
	const struct ipc64_perm *in = (const struct ipc64_perm *)ds;

	perm->uid = in->uid;
	perm->gid = in->gid;
	perm->mode = (perm->mode & ~IPC_PERM_BITS) | (in->mode & IPC_PERM_BITS);
}

/* The user-visible form of perm, in a zeroed ds; perm->lock held. */
static void
fill_perm(const struct kern_ipc_perm *perm, union ipc64_ds *ds)
{
	struct ipc64_perm *out = (struct ipc64_perm *)ds;

	out->key = perm->key;
	out->uid = perm->uid;
	out->gid = perm->gid;
	out->cuid = perm->cuid;
	out->cgid = perm->cgid;
	out->mode = perm->mode;
	out->seq = (uint16_t)perm->seq;
}

long
ipc_info_copy(struct ipc_ids *ids, uintptr_t buf, const void *info, size_t size)
{
	int max_idx;

	spin_lock(&ids->lock);
	max_idx = ids->max_idx;
	spin_unlock(&ids->lock);
	if (copy_to_user(buf, info, size) != 0)
		return -EFAULT;
	return MAX(max_idx, 0);
}

/* The object a stat command reports, locked, read permission checked unless *_STAT_ANY. */
static struct kern_ipc_perm *
lock_stat(struct ipc_ids *ids, const struct ipc_ctl_ops *ops, int id, int cmd, int *err)
{
	struct kern_ipc_perm *perm;

	perm = cmd == IPC_STAT ? ipc_lock_id(ids, id, err) : lock_idx(ids, id, err);
	if (perm != NULL && cmd != ops->stat_any_cmd && (*err = ipcperms(perm, IPC_READ)) != 0) {
		spin_unlock(perm->lock);
		return NULL;
	}
	return perm;
}

long
ipc_stat(struct ipc_ids *ids, const struct ipc_ctl_ops *ops, int id, int cmd, uintptr_t buf)
{
	struct kern_ipc_perm *perm;
	union ipc64_ds ds;
	int err;

	if ((perm = lock_stat(ids, ops, id, cmd, &err)) == NULL)
		return err;
	memset(&ds, 0, sizeof(ds));
	fill_perm(perm, &ds);
	ops->fill(perm, &ds);
	id = cmd == IPC_STAT ? 0 : perm->id;
	spin_unlock(perm->lock);
	return copy_to_user(buf, &ds, ops->ds_size) != 0 ? -EFAULT : id;
}

long
ipc_down(struct ipc_ids *ids, const struct ipc_ctl_ops *ops, int id, int cmd, uintptr_t buf)
{
	struct kern_ipc_perm *perm;
	union ipc64_ds in;
	int err;

	if (cmd == IPC_SET && copy_from_user(&in, buf, ops->ds_size) != 0)
		return -EFAULT;
	mutex_lock(&ids->mutex);
	if ((perm = ipc_lock_id(ids, id, &err)) == NULL)
		goto out;
	if ((ops->check != NULL && (err = ops->check(perm)) != 0) ||
	    (err = check_owner(perm)) != 0) {
		spin_unlock(perm->lock);
	} else if (cmd == IPC_RMID) {
		ops->rmid(perm);
	} else {
		if ((err = ops->set(perm, &in)) == 0)
			set_perm(perm, &in);
		spin_unlock(perm->lock);
	}
out:
	mutex_unlock(&ids->mutex);
	return err;
}

void
ipc_for_each(struct ipc_ids *ids, void (*fn)(struct kern_ipc_perm *perm, void *arg), void *arg)
{
	struct kern_ipc_perm *perm;

	spin_lock(&ids->lock);
	for (int idx = 0; idx <= ids->max_idx; idx++) {
		if ((perm = slot_get(ids, idx)) == NULL)
			continue;
		spin_lock(perm->lock);
		fn(perm, arg);
		spin_unlock(perm->lock);
	}
	spin_unlock(&ids->lock);
}

static bool
is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n';
}

static int
parse_limit(const char *buf, size_t len, unsigned long max, unsigned long *out)
{
	const char *p = buf, *end = buf + len;
	unsigned long v = 0;
	bool digits = false;

	while (p < end && is_blank(*p))
		p++;
	for (; p < end && *p >= '0' && *p <= '9'; p++, digits = true) {
		if (v > (max - (unsigned long)(*p - '0')) / 10)
			return -EINVAL;		/* past max, without overflowing */
		v = v * 10 + (unsigned long)(*p - '0');
	}
	while (p < end && is_blank(*p))
		p++;
	if (!digits || p != end)
		return -EINVAL;
	*out = v;
	return 0;
}

int
ipc_show_limit(struct seqbuf *sb, unsigned long limit)
{
	seqbuf_printf(sb, "%lu\n", limit);
	return 0;
}

int
ipc_write_limit(const char *buf, size_t len, unsigned long max, unsigned long *limit)
{
	unsigned long v;
	int err = parse_limit(buf, len, max, &v);

	if (err == 0)
		WRITE_ONCE(*limit, v);
	return err;
}

int
ipc_show_mni(struct seqbuf *sb, struct ipc_ids *ids)
{
	mutex_lock(&ids->mutex);
	seqbuf_printf(sb, "%d\n", ids->limit);
	mutex_unlock(&ids->mutex);
	return 0;
}

int
ipc_write_mni(const char *buf, size_t len, struct ipc_ids *ids)
{
	unsigned long v;
	int err = parse_limit(buf, len, IPCMNI, &v);

	if (err == 0) {
		mutex_lock(&ids->mutex);	/* ipc_add checks the limit under it */
		ids->limit = (int)v;
		mutex_unlock(&ids->mutex);
	}
	return err;
}
