/*
 * User address spaces: a page table and a sorted list of areas (VMAs).
 *
 * Locking: mm->lock (sleeping) protects the VMA list, brk and the page
 * table's user half; the fault handler takes it too, so a fault that reads a
 * file may sleep. Two counts keep an mm: users (processes, and procfs
 * while it looks) keeps its areas; when the last user goes, the areas are
 * unmapped and closed at once, so System V segments are detached at exit
 * as on Linux. count (the users together as one, plus every hart that has
 * the mm in satp as its active_mm) keeps the page tables, which a hart that
 * lazily kept the mm while running kernel threads may still point at.
 */
#ifndef KITE_VM_H
#define KITE_VM_H

#include <types.h>
#include <list.h>
#include <atomic.h>
#include <mutex.h>
#include <pte.h>

#define PROT_NONE	0x0
#define PROT_READ	0x1
#define PROT_WRITE	0x2
#define PROT_EXEC	0x4

#define MAP_SHARED	0x01
#define MAP_PRIVATE	0x02
#define MAP_SHARED_VALIDATE 0x03
#define MAP_TYPE	0x0f
#define MAP_FIXED	0x10
#define MAP_ANONYMOUS	0x20
#define MAP_GROWSDOWN	0x0100
#define MAP_DENYWRITE	0x0800
#define MAP_EXECUTABLE	0x1000
#define MAP_LOCKED	0x2000
#define MAP_NORESERVE	0x4000
#define MAP_POPULATE	0x8000
#define MAP_NONBLOCK	0x10000
#define MAP_STACK	0x20000
#define MAP_FIXED_NOREPLACE 0x100000

#define MADV_NORMAL	0
#define MADV_RANDOM	1
#define MADV_SEQUENTIAL	2
#define MADV_WILLNEED	3
#define MADV_DONTNEED	4

#define USER_STACK_TOP	0x0000003fffff0000UL
#define USER_STACK_MAX	(8UL << 20)	/* RLIMIT_STACK's default */
#define USER_MMAP_BASE	(USER_STACK_TOP - (128UL << 20) - USER_STACK_MAX)

struct file;
struct shm_object;

enum vma_flags {
	VMA_SHARED = 1 << 0,		/* writes reach the backing object */
	VMA_GROWSDOWN = 1 << 1,		/* the stack */
	VMA_NOWRITE = 1 << 2,		/* mprotect may not add PROT_WRITE (SHM_RDONLY): EACCES */
};

struct vm_area;

/*
 * Told when an area is duplicated (fork, a split) or freed, with mm->lock
 * held or from the last mm_put (process context, mm->lock not needed).
 * System V shared memory counts its attachments this way.
 */
struct vm_area_ops {
	void (*open)(struct vm_area *vma);
	void (*close)(struct vm_area *vma);
};

struct vm_area {
	uintptr_t start, end;		/* page aligned, [start, end) */
	int prot;			/* PROT_* */
	int flags;			/* enum vma_flags */
	struct file *file;		/* private file mapping source, or NULL */
	off_t pgoff;			/* file offset of start, in bytes */
	off_t file_end;			/* file bytes past this offset read as zero (ELF bss); -1: none */
	struct shm_object *shm;		/* shared pages (MAP_SHARED anon, shm), or NULL */
	off_t shm_offset;		/* offset of start in shm, in bytes */
	const struct vm_area_ops *ops;	/* or NULL */
	void *ops_data;			/* the ops' object */
	struct list_head link;		/* in mm->areas, sorted by start */
};

struct mm {
	atomic_t users;			/* see the top of this file */
	atomic_t count;
	struct mutex lock;
	pte_t *root;			/* kernel virtual address of the root table */
	struct list_head areas;
	uintptr_t brk_start, brk;	/* the heap: [brk_start, brk) */
	uintptr_t stack_top;
	/*
	 * Bit per cpu that has this mm in satp (set before loading it, cleared
	 * after loading another and flushing): the harts whose TLBs may hold its
	 * translations, so the set a shootdown must reach. Atomic.
	 */
	unsigned long cpus_active;
	unsigned long rss_pages;
	uintptr_t arg_start, arg_end;	/* argv strings; set by exec */
};

struct mm *mm_create(void);
struct mm *mm_dup(struct mm *old);		/* fork: copy-on-write */
void mm_get(struct mm *mm);
void mm_put(struct mm *mm);
void mm_grab(struct mm *mm);			/* a hart's active_mm reference */
void mm_drop(struct mm *mm);
void mm_switch(struct mm *prev, struct mm *next);	/* satp: prev -> next, irqs off */
uint64_t mm_satp(const struct mm *mm);

/* Map a new area (mm->lock held). addr 0 picks a free range. Returns the address or -errno. */
long vm_map_locked(struct mm *mm, uintptr_t addr, size_t len, int prot, int flags,
    struct file *file, off_t off, struct shm_object *shm);
int vm_unmap_locked(struct mm *mm, uintptr_t addr, size_t len);
int vm_protect_locked(struct mm *mm, uintptr_t addr, size_t len, int prot);
/* MADV_DONTNEED: private pages of the range read back as zero (or file data). */
int vm_discard_locked(struct mm *mm, uintptr_t addr, size_t len);
struct vm_area *vma_find(struct mm *mm, uintptr_t addr);

/* Fault from user mode (or a uaccess fault): 0 if resolved, else -EFAULT (SEGV_MAPERR) or -EACCES (SEGV_ACCERR). */
int vm_fault(struct mm *mm, uintptr_t addr, bool write, bool exec);
paddr_t vm_translate(struct mm *mm, uintptr_t uaddr);
/* Copy len bytes into the user space of mm (not the current one), for exec. */
int vm_copy_to(struct mm *mm, uintptr_t dst, const void *src, size_t len);

/* No page for a user fault: kill the largest process, then let the fault retry. */
void oom_kill_and_wait(void);

/* TLB maintenance for mm on every hart that may cache it. */
void mm_flush_tlb(struct mm *mm);
void mm_flush_tlb_page(struct mm *mm, uintptr_t va);

#endif
