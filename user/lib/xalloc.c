/*
 * Allocation that cannot return NULL: small utilities have nothing sensible
 * to do when memory runs out but to say so and stop, as coreutils does.
 */
#include <stdlib.h>
#include <string.h>

#include "util.h"

static void
exhausted(void)
{
	error(EXIT_FAILURE, 0, "memory exhausted");
}

void *
xmalloc(size_t n)
{
	void *p = malloc(n == 0 ? 1 : n);

	if (p == NULL)
		exhausted();
	return p;
}

void *
xcalloc(size_t nmemb, size_t size)
{
	void *p = calloc(nmemb == 0 ? 1 : nmemb, size == 0 ? 1 : size);

	if (p == NULL)
		exhausted();
	return p;
}

void *
xrealloc(void *old, size_t n)
{
	void *p = realloc(old, n == 0 ? 1 : n);

	if (p == NULL)
		exhausted();
	return p;
}

char *
xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;

	return memcpy(xmalloc(n), s, n);
}
