/*
 * System V shared memory: shmget, shmat, shmdt, shmctl.
 *
 * A segment is a shm_object (pages allocated zeroed on first touch) plus
 * its System V attributes. shmat maps the object into the caller's address
 * space as a shared area whose vm_area_ops count attachments: every area
 * that maps the segment, including the copies fork makes and the pieces a
 * split leaves, holds one unit of shm_nattch and one reference on the
 * segment. IPC_RMID of an attached segment only marks it SHM_DEST and makes
 * its key private; the last close then removes it.
 *
 * Locking: seg->perm.lock (spinlock) protects the segment's fields.
 * shm_ids.mutex serializes shmget, IPC_SET and IPC_RMID. mm->lock comes
 * before both: area close runs with mm->lock held (shmdt, munmap), or from
 * the last mm_put of an address space (exit, exec), with other mutexes held
 * by its callers. The last close therefore removes the segment without
 * shm_ids.mutex: it marks it
 * `dying` under perm.lock (after which no lookup hands it out again) and
 * unpublishes it under the registry's spinlock, which is all a removal
 * needs; its key is already private, so the key space does not change.
 */
#include <ipc.h>
#include <uapi/shm.h>
#include <shm_object.h>
#include <vm.h>
#include <proc.h>
#include <slab.h>
#include <string.h>
#include <errno.h>
#include <vfs.h>
#include <uaccess.h>
#include <syscall.h>
#include <procfs.h>
#include <shm.h>

struct shm_segment {
	struct kern_ipc_perm perm;	/* perm.lock protects the fields below */
	size_t segsz;			/* immutable */
	struct shm_object *obj;		/* immutable */
	long atime, dtime, ctime;
	int cpid, lpid;
	unsigned long nattch;		/* areas mapping the segment */
	bool dying;			/* SHM_DEST and the last area closed */
};

static struct ipc_ids shm_ids;
static atomic_long_t shm_tot;		/* pages of all segments, against shmall */

/* Limits, /proc/sys/kernel/shm*, read without a lock; shmmni is shm_ids.limit. */
static unsigned long shm_ctlmax = SHMMAX;
static unsigned long shm_ctlall = SHMALL;

static long
now(void)
{
	return current_time().tv_sec;
}

static unsigned long
seg_pages(const struct shm_segment *seg)
{
	return ALIGN_UP(seg->segsz, PAGE_SIZE) / PAGE_SIZE;
}

static void
shm_free(struct kern_ipc_perm *perm)
{
	struct shm_segment *seg = container_of(perm, struct shm_segment, perm);

	atomic_sub(&shm_tot, seg_pages(seg));
	shm_object_put(seg->obj);
	kfree(seg);
}

/* A locked segment that may still be attached, or NULL with *err set. */
static struct shm_segment *
shm_lock(int shmid, int *err)
{
	struct kern_ipc_perm *perm = ipc_lock_id(&shm_ids, shmid, err);
	struct shm_segment *seg;

	if (perm == NULL)
		return NULL;
	seg = container_of(perm, struct shm_segment, perm);
	if (seg->dying) {
		spin_unlock(perm->lock);
		*err = -EIDRM;
		return NULL;
	}
	return seg;
}

/* Unpublish seg and drop the registry's reference; perm.lock not held. */
static void
shm_destroy(struct shm_segment *seg)
{
	ipc_remove(&shm_ids, &seg->perm);	/* returns with perm.lock held */
	spin_unlock(seg->perm.lock);
	ipc_put(&shm_ids, &seg->perm);
}

static int
caller_pid(void)
{
	/* The last mm_put may come from a kernel thread (procfs, kinit's exec). */
	return current_proc() != NULL ? current_proc()->pid : 0;
}

/* One more attachment (an area, or shmat's hold while it maps). */
static void
shm_hold(struct shm_segment *seg)
{
	ipc_get(&seg->perm);
	spin_lock(seg->perm.lock);
	seg->nattch++;
	spin_unlock(seg->perm.lock);
}

/* One attachment less; the last one of a removed segment destroys it. */
static void
shm_release(struct shm_segment *seg, bool detach)
{
	bool last;

	spin_lock(seg->perm.lock);
	seg->nattch--;
	if (detach) {
		seg->dtime = now();
		seg->lpid = caller_pid();
	}
	last = seg->nattch == 0 && (seg->perm.mode & SHM_DEST) && !seg->dying;
	if (last)
		seg->dying = true;
	spin_unlock(seg->perm.lock);
	if (last)
		shm_destroy(seg);
	ipc_put(&shm_ids, &seg->perm);
}

static void
shm_vma_open(struct vm_area *vma)
{
	struct shm_segment *seg = vma->ops_data;

	shm_hold(seg);
	spin_lock(seg->perm.lock);
	seg->atime = now();
	seg->lpid = caller_pid();
	spin_unlock(seg->perm.lock);
}

static void
shm_vma_close(struct vm_area *vma)
{
	shm_release(vma->ops_data, true);
}

static const struct vm_area_ops shm_vm_ops = {
	.open = shm_vma_open,
	.close = shm_vma_close,
};

static int
shm_create(struct ipc_ids *ids, int32_t key, int flags, void *arg)
{
	size_t size = *(size_t *)arg;
	unsigned long pages = ALIGN_UP(size, PAGE_SIZE) / PAGE_SIZE;
	struct shm_segment *seg;
	int id;

	if (size < SHMMIN || size > READ_ONCE(shm_ctlmax))
		return -EINVAL;
	if (pages * PAGE_SIZE < size)
		return -ENOSPC;
	/* Under shm_ids.mutex; a concurrent last detach only lowers shm_tot. */
	if ((unsigned long)atomic_read(&shm_tot) + pages > READ_ONCE(shm_ctlall) ||
	    (unsigned long)atomic_read(&shm_tot) + pages < pages)
		return -ENOSPC;
	if ((seg = kzalloc(sizeof(*seg))) == NULL)
		return -ENOMEM;
	if ((seg->obj = shm_object_create(pages * PAGE_SIZE)) == NULL) {
		kfree(seg);
		return -ENOMEM;
	}
	ipc_perm_init(&seg->perm, key, flags);
	seg->segsz = size;
	seg->cpid = current_proc()->pid;
	seg->ctime = now();
	if ((id = ipc_add(ids, &seg->perm)) < 0) {
		shm_object_put(seg->obj);
		kfree(seg);
		return id;
	}
	atomic_add(&shm_tot, pages);
	return id;
}

/* An existing segment asked for with a size larger than its own. */
static int
shm_check(struct kern_ipc_perm *perm, int flags, void *arg)
{
	struct shm_segment *seg = container_of(perm, struct shm_segment, perm);

	return seg->segsz < *(size_t *)arg ? -EINVAL : 0;
}

static const struct ipc_get_ops shm_get_ops = { .create = shm_create, .check = shm_check };

SYSCALL_DEFINE3(shmget, int32_t, key, size_t, size, int, shmflg)
{
	return ipc_getobj(&shm_ids, key, shmflg, &shm_get_ops, &size);
}

/* The address to attach at, checked as Linux does; 0 lets the kernel choose. */
static int
attach_address(uintptr_t *addr, int shmflg)
{
	if (*addr == 0)
		return (shmflg & SHM_REMAP) ? -EINVAL : 0;
	if (*addr & (SHMLBA - 1)) {
		if (!(shmflg & SHM_RND))
			return -EINVAL;
		*addr &= ~(SHMLBA - 1);
		if (*addr == 0 && (shmflg & SHM_REMAP))
			return -EINVAL;
	}
	return 0;
}

/* Map seg at addr (0: anywhere); the new area holds its own attachment. */
static long
map_segment(struct shm_segment *seg, uintptr_t addr, int prot, int shmflg)
{
	struct mm *mm = current_proc()->mm;
	size_t len = seg_pages(seg) * PAGE_SIZE;
	int flags = MAP_SHARED;
	long r;

	if (addr != 0)
		flags |= (shmflg & SHM_REMAP) ? MAP_FIXED : MAP_FIXED_NOREPLACE;
	if (addr != 0 && (addr + len < addr || addr + len > USER_TOP))
		return -EINVAL;
	mutex_lock(&mm->lock);
	r = vm_map_locked(mm, addr, len, prot, flags, NULL, 0, seg->obj);
	if (r == -EEXIST)
		r = -EINVAL;	/* an overlap without SHM_REMAP */
	if (r >= 0) {
		struct vm_area *vma = vma_find(mm, (uintptr_t)r);

		vma->ops = &shm_vm_ops;
		vma->ops_data = seg;
		if (!(prot & PROT_WRITE))
			vma->flags |= VMA_NOWRITE;	/* SHM_RDONLY: for good */
		shm_vma_open(vma);
	}
	mutex_unlock(&mm->lock);
	return r;
}

static long
do_shmat(int shmid, uintptr_t addr, int shmflg)
{
	int prot = PROT_READ, acc = IPC_READ;
	struct shm_segment *seg;
	long mapped;
	int err;

	if (shmid < 0 || (err = attach_address(&addr, shmflg)) != 0)
		return -EINVAL;
	if (!(shmflg & SHM_RDONLY)) {
		prot |= PROT_WRITE;
		acc |= IPC_WRITE;
	}
	if (shmflg & SHM_EXEC) {
		prot |= PROT_EXEC;
		acc |= 0111;
	}
	if ((seg = shm_lock(shmid, &err)) == NULL)
		return err;
	if (ipcperms(&seg->perm, acc) != 0) {
		spin_unlock(seg->perm.lock);
		return -EACCES;
	}
	spin_unlock(seg->perm.lock);
	/* Hold the segment while mapping: an IPC_RMID meanwhile only marks it. */
	shm_hold(seg);
	mapped = map_segment(seg, addr, prot, shmflg);	/* an address: 64 bits */
	shm_release(seg, false);
	return mapped;
}

SYSCALL_DEFINE3(shmat, int, shmid, uintptr_t, shmaddr, int, shmflg)
{
	return do_shmat(shmid, shmaddr, shmflg);
}

static bool
is_attachment(const struct vm_area *vma, uintptr_t addr)
{
	return vma->ops == &shm_vm_ops && vma->start - addr == (uintptr_t)vma->shm_offset;
}

/*
 * Unmap the attachment at addr: the first area at or after addr that maps a
 * segment from its start there, then the other pieces of that attachment.
 * mm->lock held. The segment's pages are kept until every hart has dropped
 * its translations, so a thread still looping over them faults instead of
 * reading freed memory.
 */
static int
detach_locked(struct mm *mm, uintptr_t addr)
{
	struct shm_segment *seg = NULL;
	struct shm_object *obj;
	struct vm_area *vma;
	uintptr_t end = 0;

	list_for_each_entry(vma, &mm->areas, link) {
		if (vma->start >= addr && is_attachment(vma, addr)) {
			seg = vma->ops_data;
			break;
		}
	}
	if (seg == NULL)
		return -EINVAL;
	obj = seg->obj;
	shm_object_get(obj);
	end = addr + seg_pages(seg) * PAGE_SIZE;
	list_for_each_entry(vma, &mm->areas, link) {
		if (vma->start >= end)
			break;
		if (vma->start >= addr && is_attachment(vma, addr) && vma->ops_data == seg) {
			/* Unmapping frees vma (and maybe seg): restart the walk. */
			vm_unmap_locked(mm, vma->start, vma->end - vma->start);
			vma = list_entry(&mm->areas, struct vm_area, link);
		}
	}
	shm_object_put(obj);
	return 0;
}

SYSCALL_DEFINE1(shmdt, uintptr_t, shmaddr)
{
	struct mm *mm = current_proc()->mm;
	int r;

	if (shmaddr & ~PAGE_MASK)
		return -EINVAL;
	mutex_lock(&mm->lock);
	r = detach_locked(mm, shmaddr);
	mutex_unlock(&mm->lock);
	return r;
}

static void
add_resident(struct kern_ipc_perm *perm, void *arg)
{
	struct shm_segment *seg = container_of(perm, struct shm_segment, perm);

	*(unsigned long *)arg += READ_ONCE(seg->obj->resident);
}

/* IPC_INFO: the limits; SHM_INFO: usage figures. */
static long
shmctl_info(int cmd, uintptr_t buf)
{
	struct shminfo64 limits = {
		.shmmax = READ_ONCE(shm_ctlmax),
		.shmmin = SHMMIN,
		.shmmni = (unsigned long)shm_ids.limit,
		.shmseg = (unsigned long)shm_ids.limit,
		.shmall = READ_ONCE(shm_ctlall),
	};
	struct shm_info usage = {
		.used_ids = ipc_in_use(&shm_ids),
		.shm_tot = (unsigned long)atomic_read(&shm_tot),
	};

	if (cmd == IPC_INFO)
		return ipc_info_copy(&shm_ids, buf, &limits, sizeof(limits));
	ipc_for_each(&shm_ids, add_resident, &usage.shm_rss);
	return ipc_info_copy(&shm_ids, buf, &usage, sizeof(usage));
}

/*
 * SHM_LOCK/SHM_UNLOCK: pages are never swapped out here, so locking is the
 * SHM_LOCKED mark and its permission rules. Without root the caller must own
 * or have created the segment, and may lock only within RLIMIT_MEMLOCK.
 */
static long
shmctl_lock(int shmid, int cmd)
{
	unsigned long memlock = current_proc()->rlim[RLIMIT_MEMLOCK].cur;
	struct shm_segment *seg;
	int err;

	if ((seg = shm_lock(shmid, &err)) == NULL)
		return err;
	if (!capable_root()) {
		if (current_cred()->euid != seg->perm.uid && current_cred()->euid != seg->perm.cuid)
			err = -EPERM;
		else if (cmd == SHM_LOCK && memlock == 0)
			err = -EPERM;
		else if (cmd == SHM_LOCK && memlock != RLIM_INFINITY &&
		    seg_pages(seg) > memlock / PAGE_SIZE)
			err = -ENOMEM;
	}
	if (err == 0 && cmd == SHM_LOCK)
		seg->perm.mode |= SHM_LOCKED;
	else if (err == 0)
		seg->perm.mode &= ~SHM_LOCKED;
	spin_unlock(seg->perm.lock);
	return err;
}

static void
shm_fill(const struct kern_ipc_perm *perm, union ipc64_ds *out)
{
	const struct shm_segment *seg = container_of(perm, struct shm_segment, perm);

	out->shm.shm_segsz = seg->segsz;
	out->shm.shm_atime = seg->atime;
	out->shm.shm_dtime = seg->dtime;
	out->shm.shm_ctime = seg->ctime;
	out->shm.shm_cpid = seg->cpid;
	out->shm.shm_lpid = seg->lpid;
	out->shm.shm_nattch = seg->nattch;
}

/* A segment whose last close is destroying it (shm_release) is gone already. */
static int
shm_check_dying(const struct kern_ipc_perm *perm)
{
	return container_of(perm, struct shm_segment, perm)->dying ? -EIDRM : 0;
}

static int
shm_set(struct kern_ipc_perm *perm, const union ipc64_ds *in)
{
	container_of(perm, struct shm_segment, perm)->ctime = now();
	return 0;
}

/* IPC_RMID: destroy now, or at the last detach with the key made private. */
static void
shm_rmid(struct kern_ipc_perm *perm)
{
	struct shm_segment *seg = container_of(perm, struct shm_segment, perm);

	if (seg->nattch != 0) {
		perm->mode |= SHM_DEST;
		/* Under shm_ids.mutex, which every key lookup holds. */
		perm->key = IPC_PRIVATE;
		spin_unlock(perm->lock);
		return;
	}
	seg->dying = true;
	spin_unlock(perm->lock);
	shm_destroy(seg);
}

static const struct ipc_ctl_ops shm_ctl_ops = {
	.stat_any_cmd = SHM_STAT_ANY,
	.ds_size = sizeof(struct shmid64_ds),
	.fill = shm_fill,
	.check = shm_check_dying,
	.set = shm_set,
	.rmid = shm_rmid,
};

SYSCALL_DEFINE3(shmctl, int, shmid, int, cmd, uintptr_t, buf)
{
	if (shmid < 0 || cmd < 0)
		return -EINVAL;
	switch (cmd) {
	case IPC_INFO:
	case SHM_INFO:
		return shmctl_info(cmd, buf);
	case IPC_STAT:
	case SHM_STAT:
	case SHM_STAT_ANY:
		return ipc_stat(&shm_ids, &shm_ctl_ops, shmid, cmd, buf);
	case SHM_LOCK:
	case SHM_UNLOCK:
		return shmctl_lock(shmid, cmd);
	case IPC_SET:
	case IPC_RMID:
		return ipc_down(&shm_ids, &shm_ctl_ops, shmid, cmd, buf);
	default:
		return -EINVAL;
	}
}

/*
 * /proc/sysvipc/shm, what ipcs -m reads, in Linux's format (rss and swap in
 * bytes); and the three limits in /proc/sys/kernel (shmmni up to IPCMNI).
 */
#define SHM_HEADER	"       key      shmid perms                  size  cpid  lpid nattch" \
			"   uid   gid  cuid  cgid      atime      dtime      ctime" \
			"                   rss                  swap\n"

static void
show_segment(struct kern_ipc_perm *perm, void *arg)
{
	struct shm_segment *seg = container_of(perm, struct shm_segment, perm);

	seqbuf_printf(arg, "%10d %10d  %4o %21zu %5d %5d  %5lu %5u %5u %5u %5u %10ld %10ld %10ld"
	    " %21lu %21lu\n", perm->key, perm->id, perm->mode, seg->segsz, seg->cpid, seg->lpid,
	    seg->nattch, perm->uid, perm->gid, perm->cuid, perm->cgid, seg->atime, seg->dtime,
	    seg->ctime, READ_ONCE(seg->obj->resident) * PAGE_SIZE, 0UL);
}

static int
show_sysvipc_shm(struct seqbuf *sb)
{
	seqbuf_printf(sb, SHM_HEADER);
	ipc_for_each(&shm_ids, show_segment, sb);
	return 0;
}

static int
show_shmmax(struct seqbuf *sb)
{
	return ipc_show_limit(sb, READ_ONCE(shm_ctlmax));
}

static int
write_shmmax(const char *buf, size_t len)
{
	return ipc_write_limit(buf, len, ~0UL, &shm_ctlmax);
}

static int
show_shmall(struct seqbuf *sb)
{
	return ipc_show_limit(sb, READ_ONCE(shm_ctlall));
}

static int
write_shmall(const char *buf, size_t len)
{
	return ipc_write_limit(buf, len, ~0UL, &shm_ctlall);
}

static int
show_shmmni(struct seqbuf *sb)
{
	return ipc_show_mni(sb, &shm_ids);
}

static int
write_shmmni(const char *buf, size_t len)
{
	return ipc_write_mni(buf, len, &shm_ids);
}

void
shm_init(void)
{
	ipc_ids_init(&shm_ids, "shm_ids", SHMMNI, shm_free);
	proc_create("sysvipc/shm", 0444, show_sysvipc_shm, NULL);
	proc_create("sys/kernel/shmmax", 0644, show_shmmax, write_shmmax);
	proc_create("sys/kernel/shmall", 0644, show_shmall, write_shmall);
	proc_create("sys/kernel/shmmni", 0644, show_shmmni, write_shmmni);
}
