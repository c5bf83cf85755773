/*
 * A shared memory object: a reference-counted, growable set of pages,
 * allocated zeroed on first touch. It backs MAP_SHARED anonymous mappings,
 * System V shared memory segments and tmpfs file data alike, so all three
 * share one page-mapping path.
 *
 * An owner may account the pages (tmpfs charges them to its size limit):
 * its charge hook runs under obj->lock whenever a page is added (+1, may
 * refuse) or released (-n), so the count it keeps is exact even for pages
 * added by page faults in mappings of the object.
 *
 * Locking: obj->lock (spinlock) protects the page array, its size and the
 * owner; the charge hook may take only locks below it (tmpfs's sb lock).
 */
#ifndef KITE_SHM_OBJECT_H
#define KITE_SHM_OBJECT_H

#include <types.h>
#include <atomic.h>
#include <spinlock.h>

struct page;

/* Account n pages (positive: being added, may return false to refuse). */
typedef bool (*shm_charge_fn)(void *owner, long n);

struct shm_object {
	atomic_t refcount;
	spinlock_t lock;
	struct page **pages;	/* npages slots, NULL until touched */
	unsigned long npages;
	unsigned long capacity;	/* length of pages[], grown geometrically */
	unsigned long resident;	/* pages allocated */
	shm_charge_fn charge;	/* the owner's accounting, or NULL */
	void *owner;
};

struct shm_object *shm_object_create(size_t size);
void shm_object_get(struct shm_object *obj);
void shm_object_put(struct shm_object *obj);
/* Page index of obj with a new reference, allocated (zeroed) if absent; NULL past the end or out of memory. */
struct page *shm_object_page(struct shm_object *obj, unsigned long index);
/* Page index of obj with a new reference if it is allocated; NULL for a hole. */
struct page *shm_object_find(struct shm_object *obj, unsigned long index);
/*
 * Set the owner's charge hook on an object with no pages, or detach it
 * (fn NULL): the old owner is then credited back every resident page and
 * the object lives on unaccounted (a mapping may outlive a tmpfs file).
 */
void shm_object_set_owner(struct shm_object *obj, shm_charge_fn fn, void *owner);
/* Pages held by all objects together (tmpfs files, shared mappings, System V). */
unsigned long shm_object_total_pages(void);
/* Grow or shrink to size bytes; pages past the end are released. 0 or -ENOMEM. */
int shm_object_resize(struct shm_object *obj, size_t size);

#endif
