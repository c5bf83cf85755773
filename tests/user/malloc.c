/*
 * malloc: large and small allocations through glibc, which reach the kernel
 * through mmap (large blocks) and brk (the small-block heap).
 */
#include "check.h"

#include <stdint.h>
#include <sys/mman.h>

#define MiB		(1024 * 1024)
#define BIG_SIZE	(100 * MiB)
#define SMALL_COUNT	10000
#define PAGE		4096

/* 100 MiB: every page written with its own index, then read back. */
static void
big_block(void)
{
	size_t pages = BIG_SIZE / PAGE, bad = 0;
	char *p = malloc(BIG_SIZE);

	if (!CHECK(p != NULL, "malloc(100 MiB) succeeds"))
		return;
	for (size_t i = 0; i < pages; i++)
		*(size_t *)(p + i * PAGE) = i;
	for (size_t i = 0; i < pages; i++)
		bad += *(size_t *)(p + i * PAGE) != i;
	CHECK(bad == 0, "every page of 100 MiB keeps what was written (%zu bad)", bad);
	free(p);

	p = malloc(BIG_SIZE);
	CHECK(p != NULL, "malloc(100 MiB) again after free succeeds");
	free(p);
}

/* Many small blocks from the brk heap, each filled with its own byte. */
static void
small_blocks(void)
{
	static unsigned char *blocks[SMALL_COUNT];
	size_t bad = 0, failed = 0;

	for (size_t i = 0; i < SMALL_COUNT; i++) {
		size_t len = 1 + i % 200;

		blocks[i] = malloc(len);
		if (blocks[i] == NULL) {
			failed++;
			continue;
		}
		memset(blocks[i], (int)(i & 0xff), len);
	}
	CHECK(failed == 0, "%d small mallocs succeed (%zu failed)", SMALL_COUNT, failed);
	for (size_t i = 0; i < SMALL_COUNT; i++) {
		if (blocks[i] != NULL)
			bad += blocks[i][i % 200] != (i & 0xff);
		free(blocks[i]);
	}
	CHECK(bad == 0, "no small block was overwritten by another (%zu bad)", bad);
}

/* realloc growing a block keeps its contents, across the move to mmap. */
static void
growing(void)
{
	size_t len = 16, bad = 0;
	uint32_t *p = malloc(len * sizeof(*p));

	for (size_t i = 0; p != NULL && i < len; i++)
		p[i] = (uint32_t)i;
	while (p != NULL && len < 4 * MiB) {
		uint32_t *q = realloc(p, 2 * len * sizeof(*p));

		if (q == NULL) {
			free(p);
			p = NULL;
			break;
		}
		p = q;
		for (size_t i = len; i < 2 * len; i++)
			p[i] = (uint32_t)i;
		len *= 2;
	}
	if (!CHECK(p != NULL, "realloc doubles a block up to 16 MiB"))
		return;
	for (size_t i = 0; i < len; i++)
		bad += p[i] != i;
	CHECK(bad == 0, "realloc keeps the contents (%zu bad)", bad);
	free(p);
}

/* calloc must return zeroed memory even when recycled from free. */
static void
zeroed(void)
{
	size_t nonzero = 0;
	char *p = malloc(MiB);

	if (p != NULL)
		memset(p, 0xa5, MiB);
	free(p);
	p = calloc(MiB, 1);
	if (!CHECK(p != NULL, "calloc(1 MiB) succeeds"))
		return;
	for (size_t i = 0; i < MiB; i++)
		nonzero += p[i] != 0;
	CHECK(nonzero == 0, "calloc memory is zero (%zu non-zero bytes)", nonzero);
	free(p);
}

int
main(void)
{
	big_block();
	small_blocks();
	growing();
	zeroed();
	return check_done();
}
