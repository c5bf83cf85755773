/*
 * Physical pages: a buddy allocator over all usable RAM, one struct page per
 * page frame.
 */
#ifndef KITE_MM_H
#define KITE_MM_H

#include <types.h>
#include <list.h>
#include <atomic.h>
#include <memlayout.h>

#define MAX_ORDER	11	/* blocks of 1 .. 1024 pages (4 MiB) */

enum page_flags {
	PG_RESERVED = 1 << 0,	/* not RAM we manage: firmware, kernel, holes */
	PG_BUDDY = 1 << 1,	/* head of a free block in the buddy lists */
	PG_SLAB = 1 << 2,	/* part of a slab; ->slab_head gives its head */
	PG_LARGE = 1 << 3,	/* head of a kmalloc allocation too big for a cache */
};

struct kmem_cache;

struct page {
	uint32_t flags;		/* enum page_flags; owner-private, or zone lock when PG_BUDDY */
	uint32_t order;		/* of the free block (PG_BUDDY) or allocation (PG_LARGE/slab) */
	atomic_t refcount;
	struct list_head link;	/* free list (zone lock) or slab list (cache lock) */
	/* Slab pages (the cache's lock protects the head's fields). */
	struct kmem_cache *cache;
	struct page *slab_head;
	void *freelist;
	uint32_t inuse;
};

extern struct page *page_array;
extern paddr_t ram_base_pa;

static inline struct page *
pa_to_page(paddr_t pa)
{
	return &page_array[(pa - ram_base_pa) >> PAGE_SHIFT];
}

static inline paddr_t
page_to_pa(const struct page *p)
{
	return ram_base_pa + ((paddr_t)(p - page_array) << PAGE_SHIFT);
}

static inline void *
page_address(const struct page *p)
{
	return pa_to_kva(page_to_pa(p));
}

static inline struct page *
virt_to_page(const void *kva)
{
	return pa_to_page(kva_to_pa(kva));
}

enum alloc_flags {
	ALLOC_ZERO = 1 << 0,	/* return zeroed memory */
};

/* Set up page_array and the free lists from platform's RAM, minus every reserved range. */
void page_alloc_init_from(paddr_t dtb_pa);
struct page *alloc_pages(unsigned order, int flags);
void free_pages(struct page *p, unsigned order);
void *alloc_page_kva(int flags);		/* one page, or NULL */
void free_page_kva(void *kva);
/* Drop a reference to a page shared by mappings; frees it at zero. */
void page_put(struct page *p);
unsigned long nr_free_pages(void);
unsigned long nr_total_pages(void);

#endif
