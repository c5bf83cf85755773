/* Shared memory objects (see shm_object.h). */
#include <shm_object.h>
#include <mm.h>
#include <slab.h>
#include <string.h>
#include <errno.h>

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

static void
release_from(struct shm_object *obj, unsigned long first)
{
	for (unsigned long i = first; i < obj->npages; i++) {
		if (obj->pages[i] != NULL) {
			page_put(obj->pages[i]);
			obj->pages[i] = NULL;
			obj->resident--;
		}
	}
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

int
shm_object_resize(struct shm_object *obj, size_t size)
{
	unsigned long npages = DIV_ROUND_UP(size, PAGE_SIZE);
	struct page **pages = NULL, **old;

	if (npages > 0) {
		pages = kzalloc(npages * sizeof(*pages));
		if (pages == NULL)
			return -ENOMEM;
	}
	spin_lock(&obj->lock);
	if (npages < obj->npages)
		release_from(obj, npages);
	if (obj->pages != NULL)
		memcpy(pages, obj->pages, MIN(npages, obj->npages) * sizeof(*pages));
	old = obj->pages;
	obj->pages = pages;
	obj->npages = npages;
	spin_unlock(&obj->lock);
	kfree(old);
	return 0;
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
			p = obj->pages[index] = fresh;
			obj->resident++;
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
