/* Shared memory objects (see shm_object.h). */
#include <shm_object.h>
#include <mm.h>
#include <slab.h>
#include <string.h>
#include <errno.h>

/* Pages held by all objects, for /proc/meminfo's Shmem. */
static atomic_t total_resident = ATOMIC_INIT(0);

unsigned long
shm_object_total_pages(void)
{
	return (unsigned long)atomic_read(&total_resident);
}

struct shm_object *
shm_object_create(size_t size)
{
	struct shm_object *obj = kzalloc(sizeof(*obj));

	if (obj == NULL)
		return NULL;
	atomic_set(&obj->refcount, 1);
	spin_init(&obj->lock, "shm_object");
	if (shm_object_resize(obj, size) != 0) {
		kfree(obj);
		return NULL;
	}
	return obj;
}

void
shm_object_get(struct shm_object *obj)
{
	atomic_inc(&obj->refcount);
}

void
page_put(struct page *p)
{
	if (atomic_dec_and_test(&p->refcount)) {
		atomic_set(&p->refcount, 1);	/* free_pages expects an owned page */
		free_pages(p, 0);
	}
}

/* Release the pages from index first on; obj->lock held (or the last reference). */
static void
release_from(struct shm_object *obj, unsigned long first)
{
	long freed = 0;

	for (unsigned long i = first; i < obj->npages; i++) {
		if (obj->pages[i] != NULL) {
			page_put(obj->pages[i]);
			obj->pages[i] = NULL;
			freed++;
		}
	}
	obj->resident -= freed;
	atomic_sub(&total_resident, freed);
	if (freed > 0 && obj->charge != NULL)
		obj->charge(obj->owner, -freed);
}

void
shm_object_set_owner(struct shm_object *obj, shm_charge_fn fn, void *owner)
{
	spin_lock(&obj->lock);
	if (obj->charge != NULL && obj->resident > 0)
		obj->charge(obj->owner, -(long)obj->resident);
	obj->charge = fn;
	obj->owner = owner;
	spin_unlock(&obj->lock);
}

void
shm_object_put(struct shm_object *obj)
{
	if (!atomic_dec_and_test(&obj->refcount))
		return;
	release_from(obj, 0);
	kfree(obj->pages);
	kfree(obj);
}

/*
 * The array only grows, doubling, so a file written in small appends is
 * not copied once per write; slots past npages are kept NULL. Only the
 * owner resizes (tmpfs under the inode lock, System V at creation), so
 * the capacity read before allocating is still current after it.
 */
int
shm_object_resize(struct shm_object *obj, size_t size)
{
	unsigned long npages = DIV_ROUND_UP(size, PAGE_SIZE);
	unsigned long cap = obj->capacity;
	struct page **pages = NULL, **old = NULL;

	if (npages > cap) {
		cap = MAX(npages, 2 * cap);
		pages = kzalloc(cap * sizeof(*pages));
		if (pages == NULL)
			return -ENOMEM;
	}
	spin_lock(&obj->lock);
	if (npages < obj->npages)
		release_from(obj, npages);
	if (pages != NULL) {
		if (obj->pages != NULL)
			memcpy(pages, obj->pages, obj->npages * sizeof(*pages));
		old = obj->pages;
		obj->pages = pages;
		obj->capacity = cap;
	}
	obj->npages = npages;
	spin_unlock(&obj->lock);
	kfree(old);
	return 0;
}

struct page *
shm_object_find(struct shm_object *obj, unsigned long index)
{
	struct page *p = NULL;

	spin_lock(&obj->lock);
	if (index < obj->npages && (p = obj->pages[index]) != NULL)
		atomic_inc(&p->refcount);
	spin_unlock(&obj->lock);
	return p;
}

struct page *
shm_object_page(struct shm_object *obj, unsigned long index)
{
	struct page *p, *fresh = NULL;

	for (;;) {
		spin_lock(&obj->lock);
		if (index >= obj->npages) {
			spin_unlock(&obj->lock);
			if (fresh != NULL)
				free_pages(fresh, 0);
			return NULL;
		}
		p = obj->pages[index];
		if (p == NULL && fresh != NULL) {
			if (obj->charge != NULL && !obj->charge(obj->owner, 1)) {
				spin_unlock(&obj->lock);
				free_pages(fresh, 0);
				return NULL;	/* the owner is full */
			}
			p = obj->pages[index] = fresh;
			obj->resident++;
			atomic_inc(&total_resident);
			fresh = NULL;
		}
		if (p != NULL) {
			atomic_inc(&p->refcount);
			spin_unlock(&obj->lock);
			if (fresh != NULL)
				free_pages(fresh, 0);
			return p;
		}
		spin_unlock(&obj->lock);
		/* Allocate (and zero) outside the lock, then retry the slot. */
		fresh = alloc_pages(0, ALLOC_ZERO);
		if (fresh == NULL)
			return NULL;
	}
}
