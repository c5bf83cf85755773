/* The string and memory functions the kernel (and gcc's code generation) needs. */
#include <string.h>

void *
memset(void *dst, int c, size_t n)
{
	unsigned char *d = dst;
	uint64_t word = (unsigned char)c * 0x0101010101010101UL;

	while (n > 0 && ((uintptr_t)d & 7)) {
		*d++ = (unsigned char)c;
		n--;
	}
	for (; n >= 64; n -= 64, d += 64) {	/* a cache line per iteration */
		uint64_t *w = (uint64_t *)d;

		w[0] = w[1] = w[2] = w[3] = w[4] = w[5] = w[6] = w[7] = word;
	}
	for (; n >= 8; n -= 8, d += 8)
		*(uint64_t *)d = word;
	while (n-- > 0)
		*d++ = (unsigned char)c;
	return dst;
}

void *
memcpy(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	if ((((uintptr_t)d | (uintptr_t)s) & 7) == 0) {
		for (; n >= 64; n -= 64, d += 64, s += 64) {
			uint64_t *to = (uint64_t *)d;
			const uint64_t *from = (const uint64_t *)s;
			uint64_t a = from[0], b = from[1], c = from[2], e = from[3];
			uint64_t f = from[4], g = from[5], h = from[6], i = from[7];

			to[0] = a; to[1] = b; to[2] = c; to[3] = e;
			to[4] = f; to[5] = g; to[6] = h; to[7] = i;
		}
		for (; n >= 8; n -= 8, d += 8, s += 8)
			*(uint64_t *)d = *(const uint64_t *)s;
	}
	while (n-- > 0)
		*d++ = *s++;
	return dst;
}

void *
memmove(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	if (d <= s || d >= s + n)
		return memcpy(dst, src, n);
	while (n-- > 0)
		d[n] = s[n];
	return dst;
}

int
memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;

	for (; n > 0; n--, x++, y++) {
		if (*x != *y)
			return *x - *y;
	}
	return 0;
}

size_t
strlen(const char *s)
{
	const char *p = s;

	while (*p != '\0')
		p++;
	return p - s;
}

size_t
strnlen(const char *s, size_t max)
{
	size_t n = 0;

	while (n < max && s[n] != '\0')
		n++;
	return n;
}

int
strcmp(const char *a, const char *b)
{
	while (*a != '\0' && *a == *b) {
		a++;
		b++;
	}
	return (unsigned char)*a - (unsigned char)*b;
}

int
strncmp(const char *a, const char *b, size_t n)
{
	for (; n > 0; n--, a++, b++) {
		if (*a != *b || *a == '\0')
			return (unsigned char)*a - (unsigned char)*b;
	}
	return 0;
}

char *
strchr(const char *s, int c)
{
	for (; *s != '\0'; s++) {
		if (*s == (char)c)
			return (char *)s;
	}
	return c == '\0' ? (char *)s : NULL;
}

/* Copies at most size - 1 bytes and always terminates; returns strlen(src). */
size_t
strlcpy(char *dst, const char *src, size_t size)
{
	size_t len = strlen(src);

	if (size > 0) {
		size_t n = len < size - 1 ? len : size - 1;

		memcpy(dst, src, n);
		dst[n] = '\0';
	}
	return len;
}

static int
digit_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'Z')
		return c - 'A' + 10;
	return 99;
}

/* base 0 accepts 0x (hex) and leading 0 (octal) like C. */
unsigned long
strtoul(const char *s, const char **end, int base)
{
	unsigned long v = 0;
	int d;

	if (base == 0) {
		if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
			base = 16;
			s += 2;
		} else if (s[0] == '0') {
			base = 8;
		} else {
			base = 10;
		}
	}
	while ((d = digit_value(*s)) < base) {
		v = v * base + d;
		s++;
	}
	if (end != NULL)
		*end = s;
	return v;
}

char *
strrchr(const char *s, int c)
{
	const char *last = NULL;

	do {
		if (*s == (char)c)
			last = s;
	} while (*s++ != '\0');
	return (char *)last;
}
