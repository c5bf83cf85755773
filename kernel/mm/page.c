/*
 * The buddy page allocator.
 *
 * All RAM the device tree describes is covered by page_array, one struct page
 * per 4 KiB frame from the lowest to the highest RAM address. Frames that are
 * not ours (firmware, the kernel image, the device tree, holes) stay
 * PG_RESERVED; the rest is handed to the buddy lists in the largest aligned
 * blocks that fit.
 *
 * Locking: zone.lock protects the free lists, nr_free and the PG_BUDDY/order
 * fields of free blocks.
 */
#include <mm.h>
#include <platform.h>
#include <spinlock.h>
#include <string.h>
#include <printk.h>
#include <panic.h>
#include <fdt.h>

extern char kernel_start[], kernel_end[];

struct page *page_array;
paddr_t ram_base_pa;

static struct {
	spinlock_t lock;
	struct list_head free[MAX_ORDER];
	unsigned long nr_free;
	unsigned long nr_pages;		/* frames in page_array */
	unsigned long nr_managed;	/* frames ever given to the allocator */
} zone = { .lock = SPINLOCK_INIT("zone") };

#define MAX_HOLES (MAX_MEM_RANGES * 2 + 8)

static struct mem_range holes[MAX_HOLES];
static int nr_holes;

static void
add_hole(paddr_t base, paddr_t size)
{
	if (size > 0 && nr_holes < MAX_HOLES)
		holes[nr_holes++] = (struct mem_range){ base, size };
}

static bool
in_hole(paddr_t pa)
{
	for (int i = 0; i < nr_holes; i++) {
		if (pa >= holes[i].base && pa < holes[i].base + holes[i].size)
			return true;
	}
	return false;
}

static bool
range_is_free(paddr_t base, paddr_t size)
{
	for (int i = 0; i < nr_holes; i++) {
		if (base < holes[i].base + holes[i].size && holes[i].base < base + size)
			return false;
	}
	return true;
}

static void
collect_holes(paddr_t dtb_pa)
{
	paddr_t kstart = kva_to_pa(kernel_start);
	uint64_t base, size;

	add_hole(kstart, ALIGN_UP(kva_to_pa(kernel_end), PAGE_SIZE) - kstart);
	add_hole(ALIGN_DOWN(dtb_pa, PAGE_SIZE), ALIGN_UP(fdt_total_size() + (dtb_pa & ~PAGE_MASK), PAGE_SIZE));
	for (int i = 0; i < platform.nr_reserved; i++)
		add_hole(platform.reserved[i].base, platform.reserved[i].size);
	for (int i = 0; fdt_mem_rsv(i, &base, &size); i++)
		add_hole(base, size);
}

/* The first page-aligned spot in RAM, outside every hole, for size bytes. */
static paddr_t
find_space(size_t size)
{
	for (int r = 0; r < platform.nr_mem; r++) {
		paddr_t pa = ALIGN_UP(platform.mem[r].base, PAGE_SIZE);
		paddr_t end = platform.mem[r].base + platform.mem[r].size;

		while (pa + size <= end) {
			if (range_is_free(pa, size))
				return pa;
			pa += PAGE_SIZE;
		}
	}
	panic("mm: no room for the page array (%lu bytes)", size);
}

static unsigned long
page_index(const struct page *p)
{
	return p - page_array;
}

/* Give a block to the free lists, merging it with its free buddies. */
static void
free_block(struct page *p, unsigned order)
{
	unsigned long idx = page_index(p);

	while (order < MAX_ORDER - 1) {
		unsigned long buddy_idx = idx ^ (1UL << order);
		struct page *buddy = &page_array[buddy_idx];

		if (buddy_idx >= zone.nr_pages || !(buddy->flags & PG_BUDDY) ||
		    buddy->order != order)
			break;
		list_del(&buddy->link);
		buddy->flags &= ~PG_BUDDY;
		idx &= ~(1UL << order);
		order++;
	}
	p = &page_array[idx];
	p->flags |= PG_BUDDY;
	p->order = order;
	list_add(&p->link, &zone.free[order]);
}

/* Hand [start, end) frames (indices) to the allocator in aligned blocks. */
static void
release_range(unsigned long start, unsigned long end)
{
	while (start < end) {
		unsigned order = 0;

		while (order + 1 < MAX_ORDER && (start & ((2UL << order) - 1)) == 0 &&
		    start + (2UL << order) <= end)
			order++;
		for (unsigned long i = 0; i < (1UL << order); i++)
			page_array[start + i].flags = 0;
		free_block(&page_array[start], order);
		zone.nr_free += 1UL << order;
		zone.nr_managed += 1UL << order;
		start += 1UL << order;
	}
}

static void
release_ram_range(paddr_t base, paddr_t end)
{
	unsigned long run = 0;
	bool in_run = false;

	for (paddr_t pa = ALIGN_UP(base, PAGE_SIZE); pa + PAGE_SIZE <= end; pa += PAGE_SIZE) {
		unsigned long idx = (pa - ram_base_pa) >> PAGE_SHIFT;
		bool usable = !in_hole(pa);

		if (usable && !in_run) {
			run = idx;
			in_run = true;
		} else if (!usable && in_run) {
			release_range(run, idx);
			in_run = false;
		}
	}
	if (in_run)
		release_range(run, (ALIGN_DOWN(end, PAGE_SIZE) - ram_base_pa) >> PAGE_SHIFT);
}

void
page_alloc_init_from(paddr_t dtb_pa)
{
	paddr_t lo = ~0UL, hi = 0, array_pa;
	size_t array_size;

	for (int i = 0; i < MAX_ORDER; i++)
		list_init(&zone.free[i]);
	for (int r = 0; r < platform.nr_mem; r++) {
		lo = MIN(lo, platform.mem[r].base);
		hi = MAX(hi, platform.mem[r].base + platform.mem[r].size);
	}
	ram_base_pa = ALIGN_DOWN(lo, PAGE_SIZE);
	zone.nr_pages = (hi - ram_base_pa) >> PAGE_SHIFT;
	if (hi > DIRECT_MAP_SIZE)
		panic("mm: RAM ends at 0x%lx, beyond the direct map", hi);

	collect_holes(dtb_pa);
	array_size = ALIGN_UP(zone.nr_pages * sizeof(struct page), PAGE_SIZE);
	array_pa = find_space(array_size);
	add_hole(array_pa, array_size);
	page_array = pa_to_kva(array_pa);
	for (unsigned long i = 0; i < zone.nr_pages; i++) {
		page_array[i] = (struct page){ .flags = PG_RESERVED };
		list_init(&page_array[i].link);
	}
	for (int r = 0; r < platform.nr_mem; r++)
		release_ram_range(platform.mem[r].base, platform.mem[r].base + platform.mem[r].size);
}

struct page *
alloc_pages(unsigned order, int flags)
{
	struct page *p = NULL;
	unsigned o;

	if (order >= MAX_ORDER)
		return NULL;
	spin_lock(&zone.lock);
	for (o = order; o < MAX_ORDER; o++) {
		if (!list_empty(&zone.free[o]))
			break;
	}
	if (o < MAX_ORDER) {
		p = list_first_entry(&zone.free[o], struct page, link);
		list_del(&p->link);
		p->flags &= ~PG_BUDDY;
		/* Split: return the upper halves to the lists. */
		while (o > order) {
			struct page *half;

			o--;
			half = p + (1UL << o);
			half->flags |= PG_BUDDY;
			half->order = o;
			list_add(&half->link, &zone.free[o]);
		}
		zone.nr_free -= 1UL << order;
	}
	spin_unlock(&zone.lock);
	if (p == NULL)
		return NULL;
	p->order = order;
	atomic_set(&p->refcount, 1);
	if (flags & ALLOC_ZERO)
		memset(page_address(p), 0, PAGE_SIZE << order);
	return p;
}

void
free_pages(struct page *p, unsigned order)
{
	BUG_ON(p->flags & (PG_BUDDY | PG_RESERVED));
	atomic_set(&p->refcount, 0);
	spin_lock(&zone.lock);
	free_block(p, order);
	zone.nr_free += 1UL << order;
	spin_unlock(&zone.lock);
}

void *
alloc_page_kva(int flags)
{
	struct page *p = alloc_pages(0, flags);

	return p != NULL ? page_address(p) : NULL;
}

void
free_page_kva(void *kva)
{
	free_pages(virt_to_page(kva), 0);
}

unsigned long
nr_free_pages(void)
{
	return READ_ONCE(zone.nr_free);
}

unsigned long
nr_total_pages(void)
{
	return zone.nr_managed;
}
