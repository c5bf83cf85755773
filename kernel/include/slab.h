/* Object caches and kmalloc. */
#ifndef KITE_SLAB_H
#define KITE_SLAB_H

#include <types.h>
#include <list.h>
#include <spinlock.h>

struct kmem_cache {
	spinlock_t lock;		/* protects the lists and counters below */
	const char *name;
	size_t size;			/* object size, aligned */
	unsigned order;			/* pages per slab = 1 << order */
	unsigned per_slab;		/* objects per slab */
	struct list_head partial;	/* slabs with free and used objects */
	struct list_head full;		/* slabs with no free object */
	unsigned long nr_active;	/* objects handed out */
	unsigned long nr_slabs;
	struct list_head caches;	/* all caches, under cache_list_lock */
};

void slab_init(void);
struct kmem_cache *kmem_cache_create(const char *name, size_t size);
void *kmem_cache_alloc(struct kmem_cache *c, int flags);
void kmem_cache_free(struct kmem_cache *c, void *obj);
void *kmalloc(size_t size, int flags);
void *kzalloc(size_t size);
void kfree(const void *p);
/* Objects handed out over all caches (and large kmallocs), for leak checks. */
unsigned long slab_objects_in_use(void);
void slab_report(void);

#endif
