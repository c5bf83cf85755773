/*
 * Object caches ("slabs") and kmalloc.
 *
 * A slab is 2^order pages holding objects of one size, with a free list
 * threaded through the free objects. Each page's struct page points at the
 * slab's head page, which holds the free list and the in-use count, so
 * kfree() finds the cache from any object address. Empty slabs go back to
 * the page allocator at once: the free-page counter then tells the exact
 * truth about leaks.
 *
 * kmalloc serves sizes up to KMALLOC_MAX_CACHED from power-of-two caches and
 * larger sizes straight from the page allocator (PG_LARGE).
 *
 * Locking: each cache's lock protects its lists, counters and its slabs'
 * head-page fields; cache_list_lock protects the list of caches.
 */
#include <slab.h>
#include <mm.h>
#include <string.h>
#include <printk.h>
#include <panic.h>

#define KMALLOC_MIN_SHIFT	4
#define KMALLOC_MAX_SHIFT	13	/* 8 KiB */
#define SLAB_TARGET_OBJECTS	8	/* at least this many objects per slab */

static LIST_HEAD(cache_list);
static spinlock_t cache_list_lock = SPINLOCK_INIT("cache_list");
static struct kmem_cache cache_of_caches;
static struct kmem_cache *kmalloc_caches[KMALLOC_MAX_SHIFT + 1];
static atomic_long_t large_allocations;

static void
cache_setup(struct kmem_cache *c, const char *name, size_t size)
{
	spin_init(&c->lock, "kmem_cache");
	c->name = name;
	c->size = ALIGN_UP(MAX(size, sizeof(void *)), sizeof(void *));
	c->order = 0;
	while ((PAGE_SIZE << c->order) / c->size < SLAB_TARGET_OBJECTS && c->order < 3)
		c->order++;
	c->per_slab = (PAGE_SIZE << c->order) / c->size;
	list_init(&c->partial);
	list_init(&c->full);
	c->nr_active = 0;
	c->nr_slabs = 0;
	spin_lock(&cache_list_lock);
	list_add_tail(&c->caches, &cache_list);
	spin_unlock(&cache_list_lock);
}

struct kmem_cache *
kmem_cache_create(const char *name, size_t size)
{
	struct kmem_cache *c = kmem_cache_alloc(&cache_of_caches, 0);

	if (c != NULL)
		cache_setup(c, name, size);
	return c;
}

/* A new slab with every object on its free list; cache lock not held. */
static struct page *
slab_grow(struct kmem_cache *c)
{
	struct page *head = alloc_pages(c->order, 0);
	char *base;

	if (head == NULL)
		return NULL;
	base = page_address(head);
	for (unsigned long i = 0; i < (1UL << c->order); i++) {
		head[i].flags = PG_SLAB;
		head[i].slab_head = head;
		head[i].cache = c;
	}
	head->inuse = 0;
	head->freelist = NULL;
	for (long i = (long)c->per_slab - 1; i >= 0; i--) {
		void **obj = (void **)(base + i * c->size);

		*obj = head->freelist;
		head->freelist = obj;
	}
	return head;
}

void *
kmem_cache_alloc(struct kmem_cache *c, int flags)
{
	struct page *slab;
	void **obj;

	spin_lock(&c->lock);
	if (list_empty(&c->partial)) {
		spin_unlock(&c->lock);
		slab = slab_grow(c);
		if (slab == NULL)
			return NULL;
		spin_lock(&c->lock);
		list_add(&slab->link, &c->partial);
		c->nr_slabs++;
	}
	slab = list_first_entry(&c->partial, struct page, link);
	obj = slab->freelist;
	slab->freelist = *obj;
	slab->inuse++;
	if (slab->freelist == NULL) {
		list_del(&slab->link);
		list_add(&slab->link, &c->full);
	}
	c->nr_active++;
	spin_unlock(&c->lock);
	if (flags & ALLOC_ZERO)
		memset(obj, 0, c->size);
	return obj;
}

void
kmem_cache_free(struct kmem_cache *c, void *p)
{
	struct page *slab = virt_to_page(p)->slab_head;
	void **obj = p;
	bool release = false;

	BUG_ON(slab == NULL || slab->cache != c);
	spin_lock(&c->lock);
	if (slab->freelist == NULL) {
		list_del(&slab->link);
		list_add(&slab->link, &c->partial);
	}
	*obj = slab->freelist;
	slab->freelist = obj;
	slab->inuse--;
	c->nr_active--;
	if (slab->inuse == 0) {
		list_del(&slab->link);
		c->nr_slabs--;
		release = true;
	}
	spin_unlock(&c->lock);
	if (release) {
		for (unsigned long i = 0; i < (1UL << c->order); i++) {
			slab[i].flags = 0;
			slab[i].slab_head = NULL;
			slab[i].cache = NULL;
		}
		free_pages(slab, c->order);
	}
}

static const char *const kmalloc_names[KMALLOC_MAX_SHIFT + 1] = {
	[4] = "kmalloc-16", [5] = "kmalloc-32", [6] = "kmalloc-64",
	[7] = "kmalloc-128", [8] = "kmalloc-256", [9] = "kmalloc-512",
	[10] = "kmalloc-1k", [11] = "kmalloc-2k", [12] = "kmalloc-4k",
	[13] = "kmalloc-8k",
};

void
slab_init(void)
{
	cache_setup(&cache_of_caches, "kmem_cache", sizeof(struct kmem_cache));
	for (int s = KMALLOC_MIN_SHIFT; s <= KMALLOC_MAX_SHIFT; s++) {
		kmalloc_caches[s] = kmem_cache_create(kmalloc_names[s], 1UL << s);
		if (kmalloc_caches[s] == NULL)
			panic("slab: cannot create %s", kmalloc_names[s]);
	}
}

static unsigned
size_shift(size_t size)
{
	unsigned s = KMALLOC_MIN_SHIFT;

	while ((1UL << s) < size)
		s++;
	return s;
}

void *
kmalloc(size_t size, int flags)
{
	unsigned shift = size_shift(size);
	struct page *p;

	if (shift <= KMALLOC_MAX_SHIFT)
		return kmem_cache_alloc(kmalloc_caches[shift], flags);
	if (shift - PAGE_SHIFT >= MAX_ORDER)
		return NULL;
	p = alloc_pages(shift - PAGE_SHIFT, flags);
	if (p == NULL)
		return NULL;
	p->flags |= PG_LARGE;
	__atomic_add_fetch(&large_allocations.counter, 1, __ATOMIC_RELAXED);
	return page_address(p);
}

void *
kzalloc(size_t size)
{
	return kmalloc(size, ALLOC_ZERO);
}

void
kfree(const void *ptr)
{
	struct page *p;

	if (ptr == NULL)
		return;
	p = virt_to_page(ptr);
	if (p->flags & PG_LARGE) {
		p->flags &= ~PG_LARGE;
		__atomic_sub_fetch(&large_allocations.counter, 1, __ATOMIC_RELAXED);
		free_pages(p, p->order);
		return;
	}
	BUG_ON(!(p->flags & PG_SLAB));
	kmem_cache_free(p->slab_head->cache, (void *)ptr);
}

unsigned long
slab_objects_in_use(void)
{
	struct kmem_cache *c;
	unsigned long n = __atomic_load_n(&large_allocations.counter, __ATOMIC_RELAXED);

	spin_lock(&cache_list_lock);
	list_for_each_entry(c, &cache_list, caches)
		n += READ_ONCE(c->nr_active);
	spin_unlock(&cache_list_lock);
	return n;
}

void
slab_report(void)
{
	struct kmem_cache *c;

	spin_lock(&cache_list_lock);
	list_for_each_entry(c, &cache_list, caches) {
		if (c->nr_active > 0)
			printk("slab: %-16s %6lu objects of %4lu bytes in %lu slabs\n",
			    c->name, c->nr_active, c->size, c->nr_slabs);
	}
	spin_unlock(&cache_list_lock);
}
