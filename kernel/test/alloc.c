/*
 * Self-tests of the allocators: threads on every hart allocate and free pages
 * of mixed orders and kmalloc objects of mixed sizes, fill each with a
 * pattern naming its owner, and check the pattern before freeing, so any
 * double allocation or overlap shows up.
 */
#include <sched.h>
#include <mm.h>
#include <slab.h>
#include <string.h>
#include "selftest_impl.h"

#define STORM_TOTAL	4800	/* rounds, shared out among the threads; see locks.c */
#define STORM_SLOTS	32

struct storm {
	int rounds;
	unsigned long seed;
	unsigned long errors;
};

static unsigned long
next_random(unsigned long *s)
{
	/* xorshift64 */
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

static bool
check_fill(const unsigned long *p, size_t bytes, unsigned long tag)
{
	for (size_t i = 0; i < bytes / sizeof(long); i++) {
		if (p[i] != tag)
			return false;
	}
	return true;
}

static void
fill(unsigned long *p, size_t bytes, unsigned long tag)
{
	for (size_t i = 0; i < bytes / sizeof(long); i++)
		p[i] = tag;
}

static void
page_worker(void *arg)
{
	struct storm *st = arg;
	struct page *held[STORM_SLOTS] = { 0 };
	unsigned orders[STORM_SLOTS];

	for (int r = 0; r < st->rounds; r++) {
		int slot = next_random(&st->seed) % STORM_SLOTS;
		unsigned long tag = (unsigned long)st ^ slot;

		if (held[slot] != NULL) {
			if (!check_fill(page_address(held[slot]), PAGE_SIZE << orders[slot], tag))
				st->errors++;
			free_pages(held[slot], orders[slot]);
			held[slot] = NULL;
			continue;
		}
		orders[slot] = next_random(&st->seed) % 4;
		held[slot] = alloc_pages(orders[slot], 0);
		if (held[slot] != NULL)
			fill(page_address(held[slot]), PAGE_SIZE << orders[slot], tag);
	}
	for (int s = 0; s < STORM_SLOTS; s++) {
		if (held[s] != NULL)
			free_pages(held[s], orders[s]);
	}
}

static void
kmalloc_worker(void *arg)
{
	struct storm *st = arg;
	unsigned long *held[STORM_SLOTS] = { 0 };
	size_t sizes[STORM_SLOTS];

	for (int r = 0; r < st->rounds * 4; r++) {
		int slot = next_random(&st->seed) % STORM_SLOTS;
		unsigned long tag = (unsigned long)st ^ slot;

		if (held[slot] != NULL) {
			if (!check_fill(held[slot], sizes[slot], tag))
				st->errors++;
			kfree(held[slot]);
			held[slot] = NULL;
			continue;
		}
		sizes[slot] = 8 + next_random(&st->seed) % 20000;
		held[slot] = kmalloc(sizes[slot], 0);
		if (held[slot] != NULL)
			fill(held[slot], sizes[slot], tag);
	}
	for (int s = 0; s < STORM_SLOTS; s++)
		kfree(held[s]);
}

static bool
run_storm(void (*fn)(void *), const char *what, char *detail, size_t size)
{
	struct storm storms[ST_MAX_THREADS];
	int n = nr_cpus * ST_THREADS_PER_CPU;
	unsigned long before = nr_free_pages(), errors = 0;

	for (int i = 0; i < n; i++)
		storms[i] = (struct storm){
			.rounds = STORM_TOTAL / n,
			.seed = 0x9e3779b97f4a7c15UL * (i + 1),
		};
	if (!run_threads(fn, storms, sizeof(storms[0]), n)) {
		snprintf(detail, size, "cannot start threads");
		return false;
	}
	for (int i = 0; i < n; i++)
		errors += storms[i].errors;
	snprintf(detail, size, "%d threads, %lu corrupted %s, free pages %lu -> %lu", n, errors,
	    what, before, nr_free_pages());
	return errors == 0 && nr_free_pages() == before;
}

bool
test_page_storm(char *detail, size_t size)
{
	return run_storm(page_worker, "blocks", detail, size);
}

bool
test_kmalloc_storm(char *detail, size_t size)
{
	return run_storm(kmalloc_worker, "objects", detail, size);
}
