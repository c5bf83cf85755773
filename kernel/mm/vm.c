/*
 * User address spaces: Sv39 page tables and their areas.
 *
 * The root table's upper half (entries 256..511) is copied from the kernel's
 * root when an mm is created and never changes, so every address space maps
 * the kernel identically. The lower half is the user's.
 *
 * Pages are reference counted (struct page.refcount): a private page mapped
 * by a parent and its forked child has two references and is mapped
 * read-only in both; the first write copies it (or, if the writer holds the
 * last reference, simply makes it writable again).
 *
 * Locking: mm->lock (sleeping) protects the areas and the user page tables.
 * Page references are atomic. A translation that is taken away or narrowed
 * (unmap, mprotect, COW copy, fork's write protection) is shot down on every
 * hart that has the mm loaded (mm->cpus_active) through SBI remote fences,
 * which return once the remote harts have flushed, before the old page can
 * be freed or reused. Without ASIDs, loading another mm flushes a hart's
 * whole TLB, so the harts outside cpus_active hold nothing of the mm.
 */
#include <vm.h>
#include <mm.h>
#include <slab.h>
#include <sched.h>
#include <string.h>
#include <errno.h>
#include <riscv.h>
#include <sbi.h>
#include <shm_object.h>
#include <vfs.h>
#include <panic.h>

extern pte_t kernel_root[];

#define USER_ROOT_ENTRIES	(PTES_PER_TABLE / 2)
/* Pages kept back from user allocations so the kernel can still work at OOM. */
#define USER_RESERVE_PAGES	512

static struct kmem_cache *vma_cache;

static struct page *
alloc_user_page(int flags)
{
	if (nr_free_pages() < USER_RESERVE_PAGES)
		return NULL;
	return alloc_pages(0, flags);
}

/* The level-0 entry for va, creating intermediate tables if alloc. */
static pte_t *
pte_walk(pte_t *root, uintptr_t va, bool alloc)
{
	pte_t *table = root;

	for (int level = 2; level > 0; level--) {
		pte_t *e = &table[PTE_INDEX(level, va)];

		if (!(*e & PTE_V)) {
			void *next;

			if (!alloc || (next = alloc_page_kva(ALLOC_ZERO)) == NULL)
				return NULL;
			*e = PA_TO_PTE(kva_to_pa(next)) | PTE_V;
		}
		table = pa_to_kva(PTE_TO_PA(*e));
	}
	return &table[PTE_INDEX(0, va)];
}

/* Calls fn on every valid leaf entry of [start, end). */
static void
walk_range(pte_t *root, uintptr_t start, uintptr_t end,
    void (*fn)(pte_t *pte, uintptr_t va, void *arg), void *arg)
{
	uintptr_t va = start;

	while (va < end) {
		pte_t *e2 = &root[PTE_INDEX(2, va)];
		pte_t *l1, *l0;
		uintptr_t next;

		if (!(*e2 & PTE_V)) {
			va = ALIGN_DOWN(va, SZ_1G) + SZ_1G;
			continue;
		}
		l1 = pa_to_kva(PTE_TO_PA(*e2));
		if (!(l1[PTE_INDEX(1, va)] & PTE_V)) {
			va = ALIGN_DOWN(va, SZ_2M) + SZ_2M;
			continue;
		}
		l0 = pa_to_kva(PTE_TO_PA(l1[PTE_INDEX(1, va)]));
		next = MIN(ALIGN_DOWN(va, SZ_2M) + SZ_2M, end);
		for (; va < next; va += PAGE_SIZE) {
			pte_t *pte = &l0[PTE_INDEX(0, va)];

			if (*pte & PTE_V)
				fn(pte, va, arg);
		}
	}
}

static pte_t
vma_pte_bits(const struct vm_area *vma, bool writable)
{
	pte_t bits = PTE_V | PTE_U | PTE_A;

	if (vma->prot & (PROT_READ | PROT_WRITE))
		bits |= PTE_R;
	if ((vma->prot & PROT_WRITE) && writable)
		bits |= PTE_W | PTE_D;
	if (vma->prot & PROT_EXEC)
		bits |= PTE_X;
	return bits;
}

uint64_t
mm_satp(const struct mm *mm)
{
	return SATP_MODE_SV39 | (kva_to_pa(mm->root) >> PAGE_SHIFT);
}

struct mm *
mm_create(void)
{
	struct mm *mm;

	if (vma_cache == NULL)
		vma_cache = kmem_cache_create("vm_area", sizeof(struct vm_area));
	mm = kzalloc(sizeof(*mm));
	if (mm == NULL)
		return NULL;
	mm->root = alloc_page_kva(ALLOC_ZERO);
	if (mm->root == NULL) {
		kfree(mm);
		return NULL;
	}
	memcpy(&mm->root[USER_ROOT_ENTRIES], &kernel_root[USER_ROOT_ENTRIES],
	    USER_ROOT_ENTRIES * sizeof(pte_t));
	atomic_set(&mm->users, 1);
	atomic_set(&mm->count, 1);	/* the users' */
	mutex_init(&mm->lock, "mm");
	list_init(&mm->areas);
	return mm;
}

void
mm_get(struct mm *mm)
{
	atomic_inc(&mm->users);
}

static void
drop_pte(pte_t *pte, uintptr_t va, void *arg)
{
	struct mm *mm = arg;

	page_put(pa_to_page(PTE_TO_PA(*pte)));
	*pte = 0;
	mm->rss_pages--;
}

static void
vma_free(struct vm_area *vma)
{
	if (vma->ops != NULL)
		vma->ops->close(vma);
	if (vma->file != NULL)
		file_put(vma->file);
	if (vma->shm != NULL)
		shm_object_put(vma->shm);
	kmem_cache_free(vma_cache, vma);
}

/* Free the user half's tables (their leaves are already dropped). */
static void
free_tables(pte_t *root)
{
	for (int i = 0; i < USER_ROOT_ENTRIES; i++) {
		pte_t *l1;

		if (!(root[i] & PTE_V))
			continue;
		l1 = pa_to_kva(PTE_TO_PA(root[i]));
		for (int j = 0; j < PTES_PER_TABLE; j++) {
			if (l1[j] & PTE_V)
				free_page_kva(pa_to_kva(PTE_TO_PA(l1[j])));
		}
		free_page_kva(l1);
	}
	free_page_kva(root);
}

void
mm_grab(struct mm *mm)
{
	atomic_inc(&mm->count);
}

void
mm_drop(struct mm *mm)
{
	if (!atomic_dec_and_test(&mm->count))
		return;
	free_tables(mm->root);
	kfree(mm);
}

/*
 * The last user is gone: unmap and close every area now (a hart may keep
 * the tables loaded for a while, not the pages), then drop the users' count.
 * No one else can reach the areas, so mm->lock is not needed.
 */
void
mm_put(struct mm *mm)
{
	struct vm_area *vma, *tmp;

	if (!atomic_dec_and_test(&mm->users))
		return;
	list_for_each_entry_safe(vma, tmp, &mm->areas, link) {
		walk_range(mm->root, vma->start, vma->end, drop_pte, mm);
		list_del(&vma->link);
		vma_free(vma);
	}
	mm_flush_tlb(mm);
	mm_drop(mm);
}

/*
 * Join next's shootdown set before loading it (a shooter that misses our bit
 * wrote its page table before we walk it), leave prev's only once nothing of
 * it can remain in this hart's TLB.
 */
void
mm_switch(struct mm *prev, struct mm *next)
{
	unsigned long me = 1UL << mycpu()->id;

	__atomic_fetch_or(&next->cpus_active, me, __ATOMIC_SEQ_CST);
	csr_write(satp, mm_satp(next));
	local_flush_tlb_all();
	if (prev != NULL)
		__atomic_fetch_and(&prev->cpus_active, ~me, __ATOMIC_SEQ_CST);
}

/* The other harts that may cache mm's translations, as a hart-id mask for SBI. */
static unsigned long
remote_harts(struct mm *mm)
{
	unsigned long active, harts = 0;

	__atomic_thread_fence(__ATOMIC_SEQ_CST);	/* the page-table store before the read */
	active = __atomic_load_n(&mm->cpus_active, __ATOMIC_RELAXED);
	push_off();
	active &= ~(1UL << mycpu()->id);
	pop_off();
	for (int i = 0; i < nr_cpus && active != 0; i++) {
		if (active & (1UL << i))
			harts |= 1UL << cpus[i].hartid;
	}
	return harts;
}

void
mm_flush_tlb(struct mm *mm)
{
	unsigned long harts = remote_harts(mm);

	local_flush_tlb_all();
	if (harts != 0)
		sbi_remote_sfence_vma(harts, 0, 0, (unsigned long)-1);
}

void
mm_flush_tlb_page(struct mm *mm, uintptr_t va)
{
	unsigned long harts = remote_harts(mm);

	local_flush_tlb_page(va);
	if (harts != 0)
		sbi_remote_sfence_vma(harts, 0, va, PAGE_SIZE);
}

struct vm_area *
vma_find(struct mm *mm, uintptr_t addr)
{
	struct vm_area *vma;

	list_for_each_entry(vma, &mm->areas, link) {
		if (addr < vma->start)
			return NULL;
		if (addr < vma->end)
			return vma;
	}
	return NULL;
}

static void
vma_insert(struct mm *mm, struct vm_area *vma)
{
	struct vm_area *pos;

	list_for_each_entry(pos, &mm->areas, link) {
		if (pos->start > vma->start)
			break;
	}
	list_add_tail(&vma->link, &pos->link);
}

static bool
range_free(struct mm *mm, uintptr_t start, uintptr_t end)
{
	struct vm_area *vma;

	list_for_each_entry(vma, &mm->areas, link) {
		if (vma->start < end && start < vma->end)
			return false;
	}
	return true;
}

/* Top-down: the highest free range of len bytes below USER_MMAP_BASE. */
static uintptr_t
find_free_range(struct mm *mm, size_t len)
{
	uintptr_t top = USER_MMAP_BASE;
	struct vm_area *vma;

	list_for_each_entry_reverse(vma, &mm->areas, link) {
		if (vma->start >= top)
			continue;
		if (vma->end <= top - len && top - len >= PAGE_SIZE)
			return top - len;
		top = MIN(top, vma->start);
	}
	return top >= len + PAGE_SIZE ? top - len : 0;
}

static struct vm_area *
vma_clone(const struct vm_area *src)
{
	struct vm_area *vma = kmem_cache_alloc(vma_cache, 0);

	if (vma == NULL)
		return NULL;
	*vma = *src;
	list_init(&vma->link);
	if (vma->file != NULL)
		file_get(vma->file);
	if (vma->shm != NULL)
		shm_object_get(vma->shm);
	if (vma->ops != NULL)
		vma->ops->open(vma);
	return vma;
}

/* Split vma at addr (inside it); the upper part becomes a new area after it. */
static int
vma_split(struct vm_area *vma, uintptr_t addr)
{
	struct vm_area *upper = vma_clone(vma);

	if (upper == NULL)
		return -ENOMEM;
	upper->start = addr;
	upper->pgoff += addr - vma->start;
	upper->shm_offset += addr - vma->start;
	vma->end = addr;
	list_add(&upper->link, &vma->link);
	return 0;
}

/*
 * The first area overlapping [addr, end), split so that it lies inside the
 * range; NULL when none is left. *err is set if a split runs out of memory.
 */
static struct vm_area *
next_area_in(struct mm *mm, uintptr_t addr, uintptr_t end, uintptr_t from, int *err)
{
	struct vm_area *vma;

	list_for_each_entry(vma, &mm->areas, link) {
		if (vma->end <= MAX(addr, from) || vma->start >= end)
			continue;
		if (vma->start < addr && (*err = vma_split(vma, addr)) != 0)
			return NULL;
		if (vma->start < addr)
			vma = list_entry(vma->link.next, struct vm_area, link);
		if (vma->end > end && (*err = vma_split(vma, end)) != 0)
			return NULL;
		return vma;
	}
	return NULL;
}

int
vm_unmap_locked(struct mm *mm, uintptr_t addr, size_t len)
{
	uintptr_t end = addr + len;
	struct vm_area *vma;
	int err = 0;

	while ((vma = next_area_in(mm, addr, end, addr, &err)) != NULL) {
		walk_range(mm->root, vma->start, vma->end, drop_pte, mm);
		list_del(&vma->link);
		vma_free(vma);
	}
	mm_flush_tlb(mm);
	return err;
}

long
vm_map_locked(struct mm *mm, uintptr_t addr, size_t len, int prot, int flags,
    struct file *file, off_t off, struct shm_object *shm)
{
	struct vm_area *vma;

	len = ALIGN_UP(len, PAGE_SIZE);
	if (len == 0 || len > USER_TOP)
		return -EINVAL;
	if ((flags & MAP_FIXED_NOREPLACE) && (addr == 0 || !range_free(mm, addr, addr + len)))
		return -EEXIST;
	if (addr != 0 && (flags & (MAP_FIXED | MAP_FIXED_NOREPLACE))) {
		if (addr + len > USER_TOP || addr + len < addr)
			return -ENOMEM;
		if (vm_unmap_locked(mm, addr, len) != 0)
			return -ENOMEM;
	} else if (addr == 0 || addr + len > USER_TOP || !range_free(mm, addr, addr + len)) {
		addr = find_free_range(mm, len);
		if (addr == 0)
			return -ENOMEM;
	}
	vma = kmem_cache_alloc(vma_cache, ALLOC_ZERO);
	if (vma == NULL)
		return -ENOMEM;
	vma->start = addr;
	vma->end = addr + len;
	vma->prot = prot;
	vma->flags = (shm != NULL ? VMA_SHARED : 0) | ((flags & MAP_GROWSDOWN) ? VMA_GROWSDOWN : 0);
	vma->file = file != NULL ? file_get(file) : NULL;
	vma->pgoff = off;
	vma->file_end = (off_t)-1;
	vma->shm = shm;
	if (shm != NULL) {
		shm_object_get(shm);
		vma->shm_offset = off;
	}
	list_init(&vma->link);
	vma_insert(mm, vma);
	return (long)addr;
}

/*
 * A new private page of the file, read straight into a page that is not
 * zeroed first; what the read did not fill (past file_end, past EOF) is.
 */
static struct page *
file_page(struct vm_area *vma, uintptr_t va)
{
	off_t off = vma->pgoff + (va - vma->start);
	size_t n = PAGE_SIZE;
	ssize_t got = 0;
	struct page *p = alloc_user_page(0);

	if (p == NULL)
		return NULL;
	if (vma->file_end != (off_t)-1)
		n = off >= vma->file_end ? 0 : MIN(n, (size_t)(vma->file_end - off));
	if (n > 0 && (got = kernel_read(vma->file, page_address(p), n, off)) < 0) {
		page_put(p);
		return NULL;
	}
	memset((char *)page_address(p) + got, 0, PAGE_SIZE - got);
	return p;
}

static struct page *
fault_new_page(struct vm_area *vma, uintptr_t va)
{
	if (vma->shm != NULL)
		return shm_object_page(vma->shm, (vma->shm_offset + (va - vma->start)) >> PAGE_SHIFT);
	if (vma->file != NULL)
		return file_page(vma, va);
	return alloc_user_page(ALLOC_ZERO);
}

/*
 * Write to a present, non-writable private page: copy it unless we are its
 * only user. Other threads may be reading the old page through their TLBs:
 * they must move to the copy before our writes land there, and before the
 * old page's reference is dropped.
 */
static int
fault_cow(struct mm *mm, struct vm_area *vma, pte_t *pte, uintptr_t va)
{
	struct page *old = pa_to_page(PTE_TO_PA(*pte)), *copy;

	if (atomic_read(&old->refcount) == 1) {
		*pte |= PTE_W | PTE_D;
		return 0;
	}
	copy = alloc_user_page(0);	/* every byte is copied */
	if (copy == NULL)
		return -ENOMEM;
	memcpy(page_address(copy), page_address(old), PAGE_SIZE);
	*pte = PA_TO_PTE(page_to_pa(copy)) | vma_pte_bits(vma, true);
	mm_flush_tlb_page(mm, va);
	page_put(old);
	return 0;
}

/* A fault just below a stack area grows it, within RLIMIT_STACK. */
static struct vm_area *
grow_stack(struct mm *mm, uintptr_t addr)
{
	struct vm_area *vma;

	list_for_each_entry(vma, &mm->areas, link) {
		if (addr >= vma->start)
			continue;
		if ((vma->flags & VMA_GROWSDOWN) && vma->end - ALIGN_DOWN(addr, PAGE_SIZE) <= USER_STACK_MAX &&
		    range_free(mm, ALIGN_DOWN(addr, PAGE_SIZE), vma->start)) {
			vma->start = ALIGN_DOWN(addr, PAGE_SIZE);
			return vma;
		}
		return NULL;
	}
	return NULL;
}

static int
fault_locked(struct mm *mm, uintptr_t addr, bool write, bool exec)
{
	struct vm_area *vma = vma_find(mm, addr);
	uintptr_t va = ALIGN_DOWN(addr, PAGE_SIZE);
	struct page *p;
	pte_t *pte;

	if (vma == NULL && (vma = grow_stack(mm, addr)) == NULL)
		return -EFAULT;
	if ((write && !(vma->prot & PROT_WRITE)) || (exec && !(vma->prot & PROT_EXEC)) ||
	    (!write && !exec && !(vma->prot & (PROT_READ | PROT_WRITE))))
		return -EACCES;
	pte = pte_walk(mm->root, va, true);
	if (pte == NULL)
		return -ENOMEM;
	if (*pte & PTE_V) {
		if (write && !(*pte & PTE_W))
			return fault_cow(mm, vma, pte, va);
		*pte |= PTE_A | (write ? PTE_D : 0);	/* spurious: another thread won */
		return 0;
	}
	p = fault_new_page(vma, va);
	if (p == NULL)
		return -ENOMEM;
	*pte = PA_TO_PTE(page_to_pa(p)) | vma_pte_bits(vma, true);
	mm->rss_pages++;
	return 0;
}

int
vm_fault(struct mm *mm, uintptr_t addr, bool write, bool exec)
{
	int r;

	if (addr >= USER_TOP)
		return -EFAULT;
	mutex_lock(&mm->lock);
	r = fault_locked(mm, addr, write, exec);
	mutex_unlock(&mm->lock);
	/* The old translation (absent or read-only) may be cached on this hart. */
	local_flush_tlb_page(addr);
	return r;
}

/* The physical address behind a present user page, or 0. */
paddr_t
vm_translate(struct mm *mm, uintptr_t uaddr)
{
	pte_t *pte;
	paddr_t pa = 0;

	mutex_lock(&mm->lock);
	pte = pte_walk(mm->root, uaddr, false);
	if (pte != NULL && (*pte & PTE_V))
		pa = PTE_TO_PA(*pte) + (uaddr & ~PAGE_MASK);
	mutex_unlock(&mm->lock);
	return pa;
}

int
vm_copy_to(struct mm *mm, uintptr_t dst, const void *src, size_t len)
{
	const char *s = src;

	mutex_lock(&mm->lock);
	while (len > 0) {
		size_t n = MIN(len, PAGE_SIZE - (dst & ~PAGE_MASK));
		pte_t *pte = pte_walk(mm->root, dst, false);
		int r = 0;

		if (pte == NULL || !(*pte & PTE_V) || !(*pte & PTE_W))
			r = fault_locked(mm, dst, true, false);
		pte = pte_walk(mm->root, dst, false);
		if (r != 0 || pte == NULL) {
			mutex_unlock(&mm->lock);
			return r != 0 ? r : -EFAULT;
		}
		memcpy((char *)pa_to_kva(PTE_TO_PA(*pte)) + (dst & ~PAGE_MASK), s, n);
		dst += n;
		s += n;
		len -= n;
	}
	mutex_unlock(&mm->lock);
	return 0;
}

struct dup_args {
	struct mm *child;
	struct vm_area *vma;
	int error;
};

static void
dup_pte(pte_t *pte, uintptr_t va, void *arg)
{
	struct dup_args *a = arg;
	struct page *p = pa_to_page(PTE_TO_PA(*pte));
	pte_t *cpte;

	if (a->error != 0)
		return;
	cpte = pte_walk(a->child->root, va, true);
	if (cpte == NULL) {
		a->error = -ENOMEM;
		return;
	}
	if (!(a->vma->flags & VMA_SHARED))
		*pte &= ~(pte_t)(PTE_W | PTE_D);	/* copy on write, both sides */
	atomic_inc(&p->refcount);
	*cpte = *pte;
	a->child->rss_pages++;
}

struct mm *
mm_dup(struct mm *old)
{
	struct mm *mm = mm_create();
	struct dup_args a = { mm, NULL, 0 };
	struct vm_area *vma;

	if (mm == NULL)
		return NULL;
	mutex_lock(&old->lock);
	mm->brk_start = old->brk_start;
	mm->brk = old->brk;
	mm->stack_top = old->stack_top;
	mm->arg_start = old->arg_start;
	mm->arg_end = old->arg_end;
	list_for_each_entry(vma, &old->areas, link) {
		struct vm_area *copy = vma_clone(vma);

		if (copy == NULL) {
			a.error = -ENOMEM;
			break;
		}
		list_add_tail(&copy->link, &mm->areas);
		a.vma = vma;
		walk_range(old->root, vma->start, vma->end, dup_pte, &a);
		if (a.error != 0)
			break;
	}
	mm_flush_tlb(old);
	mutex_unlock(&old->lock);
	if (a.error != 0) {
		mm_put(mm);
		return NULL;
	}
	return mm;
}

struct protect_args {
	struct vm_area *vma;
};

static void
protect_pte(pte_t *pte, uintptr_t va, void *arg)
{
	struct protect_args *a = arg;
	bool writable = (*pte & PTE_W) != 0;

	*pte = PA_TO_PTE(PTE_TO_PA(*pte)) | vma_pte_bits(a->vma, writable);
}

int
vm_protect_locked(struct mm *mm, uintptr_t addr, size_t len, int prot)
{
	uintptr_t end = addr + len;
	struct vm_area *vma;
	uintptr_t covered = addr;
	int err = 0;

	/* Linux: ENOMEM if any page of the range is unmapped. */
	list_for_each_entry(vma, &mm->areas, link) {
		if (vma->end <= covered || vma->start >= end)
			continue;
		if (vma->start > covered)
			return -ENOMEM;
		if ((prot & PROT_WRITE) && (vma->flags & VMA_NOWRITE))
			return -EACCES;
		covered = vma->end;
	}
	if (covered < end)
		return -ENOMEM;
	covered = addr;
	while ((vma = next_area_in(mm, addr, end, covered, &err)) != NULL) {
		struct protect_args a = { vma };

		vma->prot = prot;
		/* Private pages shared with a fork stay read-only: the fault copies them. */
		walk_range(mm->root, vma->start, vma->end, protect_pte, &a);
		covered = vma->end;
	}
	if (err != 0)
		return err;
	mm_flush_tlb(mm);
	return 0;
}

int
vm_discard_locked(struct mm *mm, uintptr_t addr, size_t len)
{
	struct vm_area *vma;

	list_for_each_entry(vma, &mm->areas, link) {
		uintptr_t s = MAX(vma->start, addr), e = MIN(vma->end, addr + len);

		if (s < e && !(vma->flags & VMA_SHARED))
			walk_range(mm->root, s, e, drop_pte, mm);
	}
	mm_flush_tlb(mm);
	return 0;
}
