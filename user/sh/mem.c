/*
 * Memory for the shell.  It runs forever under init, so everything a
 * command line needs is either freed explicitly or taken from an arena
 * that is dropped in one piece once the line has run.  The x*
 * allocators of user/lib end the shell when memory runs out: there is
 * no sensible way to go on.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "sh.h"

#define CHUNK_SIZE	4096

struct chunk {
	struct chunk *next;
	size_t used;
	size_t size;
	max_align_t data[];
};

void *
arena_alloc(struct arena *a, size_t n)
{
	struct chunk *c = a->chunks;
	size_t align = sizeof(max_align_t);
	void *p;

	n = (n + align - 1) & ~(align - 1);
	if (c == NULL || c->size - c->used < n) {
		size_t size = n > CHUNK_SIZE ? n : CHUNK_SIZE;

		c = xmalloc(sizeof(*c) + size);
		c->size = size;
		c->used = 0;
		c->next = a->chunks;
		a->chunks = c;
	}
	p = (char *)c->data + c->used;
	c->used += n;
	memset(p, 0, n);
	return p;
}

char *
arena_strdup(struct arena *a, const char *s, size_t n)
{
	char *p = arena_alloc(a, n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

void
arena_free(struct arena *a)
{
	struct chunk *c, *next;

	for (c = a->chunks; c != NULL; c = next) {
		next = c->next;
		free(c);
	}
	a->chunks = NULL;
}

static void
sb_reserve(struct strbuf *b, size_t more)
{
	if (b->len + more + 1 <= b->cap)
		return;
	b->cap = b->cap == 0 ? 64 : b->cap;
	while (b->len + more + 1 > b->cap)
		b->cap *= 2;
	b->s = xrealloc(b->s, b->cap);
}

void
sb_addc(struct strbuf *b, int c)
{
	sb_reserve(b, 1);
	b->s[b->len++] = c;
	b->s[b->len] = '\0';
}

void
sb_addmem(struct strbuf *b, const char *s, size_t n)
{
	sb_reserve(b, n);
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

void
sb_adds(struct strbuf *b, const char *s)
{
	sb_addmem(b, s, strlen(s));
}

/* The string built so far; always terminated, even when empty. */
char *
sb_cstr(struct strbuf *b)
{
	sb_reserve(b, 0);
	b->s[b->len] = '\0';
	return b->s;
}

void
sb_free(struct strbuf *b)
{
	free(b->s);
	b->s = NULL;
	b->len = b->cap = 0;
}
