/*
 * A shared memory object: a reference-counted, growable set of pages,
 * allocated zeroed on first touch. It backs MAP_SHARED anonymous mappings,
 * System V shared memory segments and tmpfs file data alike, so all three
 * share one page-mapping path.
 *
 * Locking: obj->lock (spinlock) protects the page array and its size.
 */
#ifndef KITE_SHM_OBJECT_H
#define KITE_SHM_OBJECT_H

#include <types.h>
#include <atomic.h>
#include <spinlock.h>

struct page;

struct shm_object {
	atomic_t refcount;
	spinlock_t lock;
	struct page **pages;	/* npages slots, NULL until touched */
	unsigned long npages;
	unsigned long resident;	/* pages allocated */
};

struct shm_object *shm_object_create(size_t size);
void shm_object_get(struct shm_object *obj);
void shm_object_put(struct shm_object *obj);
/* Page index of obj with a new reference, allocated (zeroed) if absent; NULL past the end or out of memory. */
struct page *shm_object_page(struct shm_object *obj, unsigned long index);
/* Grow or shrink to size bytes; pages past the end are released. 0 or -ENOMEM. */
int shm_object_resize(struct shm_object *obj, size_t size);

#endif
