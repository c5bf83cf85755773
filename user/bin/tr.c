/*
 * tr: translate, squeeze or delete bytes.
 *	tr [-cs] SET1 SET2	map SET1[i] to SET2[i] (SET2's last byte repeats)
 *	tr [-cs] -d SET1	delete SET1
 *	tr -s SET1		squeeze runs of SET1 bytes
 * Sets hold bytes, ranges "a-z", escapes (\n \t \\ \NNN octal) and the
 * classes [:alpha:] [:digit:] [:lower:] [:upper:] [:space:] [:alnum:]
 * [:punct:] [:blank:] [:cntrl:] [:print:] [:graph:] [:xdigit:].
 * -c complements SET1.
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"

#define USAGE	"tr [-cds] SET1 [SET2]"
#define NBYTES	256

struct set {
	unsigned char v[NBYTES * 2];	/* room for repeated ranges */
	size_t	 n;
};

static const struct {
	const char *name;
	int	 (*is)(int);
} classes[] = {
	{ "alpha", isalpha }, { "digit", isdigit }, { "lower", islower },
	{ "upper", isupper }, { "space", isspace }, { "alnum", isalnum },
	{ "punct", ispunct }, { "blank", isblank }, { "cntrl", iscntrl },
	{ "print", isprint }, { "graph", isgraph }, { "xdigit", isxdigit },
};

static void
set_add(struct set *s, int c)
{
	if (s->n < sizeof(s->v))
		s->v[s->n++] = c;
}

/* One byte of a set at *pp, escapes decoded; *pp moves past it. */
static int
next_byte(const char **pp)
{
	static const char from[] = "abfnrtv\\", to[] = "\a\b\f\n\r\t\v\\";
	const char *p = *pp, *e;
	int v = 0, i;

	if (*p != '\\' || p[1] == '\0') {
		*pp = p + 1;
		return (unsigned char)*p;
	}
	p++;
	if ((e = strchr(from, *p)) != NULL) {
		*pp = p + 1;
		return (unsigned char)to[e - from];
	}
	for (i = 0; i < 3 && *p >= '0' && *p <= '7'; i++, p++)
		v = v * 8 + (*p - '0');
	if (i > 0) {
		*pp = p;
		return v & 0xff;
	}
	*pp = p + 1;
	return (unsigned char)*p;
}

/* "[:name:]" at p: add the class and return its length, else 0. */
static size_t
add_class(struct set *s, const char *p)
{
	size_t i, len;
	int c;

	if (strncmp(p, "[:", 2) != 0)
		return 0;
	for (i = 0; i < sizeof(classes) / sizeof(classes[0]); i++) {
		len = strlen(classes[i].name);
		if (strncmp(p + 2, classes[i].name, len) == 0 &&
		    strncmp(p + 2 + len, ":]", 2) == 0) {
			for (c = 0; c < NBYTES; c++)
				if (classes[i].is(c))
					set_add(s, c);
			return len + 4;
		}
	}
	error(EXIT_FAILURE, 0, "invalid character class");
	return 0;
}

static void
parse_set(const char *p, struct set *s)
{
	int lo, hi, c;
	size_t skip;

	s->n = 0;
	while (*p != '\0') {
		if ((skip = add_class(s, p)) > 0) {
			p += skip;
			continue;
		}
		lo = next_byte(&p);
		if (*p == '-' && p[1] != '\0') {
			p++;
			hi = next_byte(&p);
			if (hi < lo)
				error(EXIT_FAILURE, 0, "range-endpoints of "
				    "'%c-%c' are in reverse collating sequence "
				    "order", lo, hi);
			for (c = lo; c <= hi; c++)
				set_add(s, c);
		} else {
			set_add(s, lo);
		}
	}
}

static void
complement(struct set *s)
{
	unsigned char in[NBYTES] = { 0 };
	size_t i;
	int c;

	for (i = 0; i < s->n; i++)
		in[s->v[i]] = 1;
	s->n = 0;
	for (c = 0; c < NBYTES; c++)
		if (!in[c])
			set_add(s, c);
}

int
main(int argc, char **argv)
{
	struct set s1, s2;
	int map[NBYTES], del[NBYTES] = { 0 }, squeeze[NBYTES] = { 0 };
	int cflag = 0, dflag = 0, sflag = 0, c, last = EOF, nsets;
	size_t i;

	while ((c = getopt_help(argc, argv, "cCds", USAGE, EXIT_FAILURE)) != -1) {
		if (c == 'c' || c == 'C')
			cflag = 1;
		else if (c == 'd')
			dflag = 1;
		else
			sflag = 1;
	}
	nsets = argc - optind;
	if (nsets < 1)
		usage_error("missing operand", NULL);
	if (nsets == 1 && !dflag && !sflag) {
		error(0, 0, "missing operand after '%s'", argv[optind]);
		fprintf(stderr, "Two strings must be given when translating.\n");
		try_help();
	}
	if (nsets > 2 || (nsets == 2 && dflag && !sflag))
		usage_error("extra operand", argv[optind + (dflag && !sflag ? 1 : 2)]);
	parse_set(argv[optind], &s1);
	if (cflag)
		complement(&s1);
	s2.n = 0;
	if (nsets == 2)
		parse_set(argv[optind + 1], &s2);
	for (c = 0; c < NBYTES; c++)
		map[c] = c;
	for (i = 0; i < s1.n; i++) {
		if (dflag)
			del[s1.v[i]] = 1;
		else if (nsets == 2 && s2.n > 0)
			map[s1.v[i]] = s2.v[i < s2.n ? i : s2.n - 1];
	}
	/* Squeeze the last set given: SET2 when translating, else SET1. */
	for (i = 0; i < (nsets == 2 ? s2.n : s1.n); i++)
		squeeze[nsets == 2 ? s2.v[i] : s1.v[i]] = sflag;
	while ((c = getchar()) != EOF) {
		if (del[c])
			continue;
		c = map[c];
		if (squeeze[c] && c == last)
			continue;
		putchar(c);
		last = c;
	}
	if (fflush(stdout) != 0)
		error(EXIT_FAILURE, errno, "write error");
	return EXIT_SUCCESS;
}
