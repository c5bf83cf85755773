/*
 * od: dump files in octal and other formats, as GNU od does for one
 * output type.
 *	od [-bcdxv] [-A d|o|x|n] [-t TYPE[z]] [FILE]...
 * TYPE is c (characters), a (named characters), or d, o, u, x followed
 * by a size 1, 2, 4 or 8 (or C, S, I, L); a trailing z adds the bytes
 * as text between > and <.  Multi-byte values are read in the machine's
 * byte order.  The default is -t o2 with octal offsets.
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"
#include "dump.h"

#define USAGE	"od [-bcdxv] [-A RADIX] [-t TYPE] [FILE]..."
#define LINE_BYTES	16
#define FIELD_BUFSZ	32

static struct {
	char	 kind;		/* c, a, d, o, u or x */
	size_t	 size;		/* bytes per value */
	int	 width;		/* characters per value */
	int	 text;		/* the z suffix */
	char	 radix;		/* d, o, x or n */
} fmt = { 'o', 2, 6, 0, 'o' };

static const char *const named[] = {
	"nul", "soh", "stx", "etx", "eot", "enq", "ack", "bel", "bs", "ht",
	"nl", "vt", "ff", "cr", "so", "si", "dle", "dc1", "dc2", "dc3", "dc4",
	"nak", "syn", "etb", "can", "em", "sub", "esc", "fs", "gs", "rs", "us",
	"sp",
};

/* Characters needed by the widest value of a kind and size. */
static int
value_width(char kind, size_t size)
{
	static const int digits[][4] = {	/* sizes 1, 2, 4, 8 */
		['d' - 'd'] = { 4, 6, 11, 20 },
		['o' - 'd'] = { 3, 6, 11, 22 },
		['u' - 'd'] = { 3, 5, 10, 20 },
		['x' - 'd'] = { 2, 4, 8, 16 },
	};
	int i = size == 1 ? 0 : size == 2 ? 1 : size == 4 ? 2 : 3;

	return kind == 'c' || kind == 'a' ? 3 : digits[kind - 'd'][i];
}

static void
parse_type(const char *t)
{
	const char *sizes = "CSIL", *type = t;
	char *end;
	unsigned long size;

	fmt.kind = *t++;
	fmt.size = 1;
	if (fmt.kind == '\0' || strchr("acdoux", fmt.kind) == NULL)
		error(EXIT_FAILURE, 0, "invalid character '%c' in type string "
		    "'%s'", fmt.kind, type);
	if (fmt.kind != 'c' && fmt.kind != 'a') {
		fmt.size = sizeof(int);
		if (*t != '\0' && strchr(sizes, *t) != NULL) {
			fmt.size = *t == 'C' ? 1 : *t == 'S' ? 2 : *t == 'I' ?
			    4 : 8;
			t++;
		} else if (isdigit((unsigned char)*t)) {
			size = strtoul(t, &end, 10);
			if (size != 1 && size != 2 && size != 4 && size != 8)
				goto bad;
			fmt.size = size;
			t = end;
		}
	}
	if (*t == 'z') {
		fmt.text = 1;
		t++;
	}
	if (*t != '\0')
		goto bad;
	fmt.width = value_width(fmt.kind, fmt.size);
	return;
bad:
	error(EXIT_FAILURE, 0, "invalid type string '%s'", type);
}

static void
print_char(unsigned char c)
{
	static const char esc[] = "\a\b\f\n\r\t\v", letters[] = "abfnrtv";
	const char *e;

	if (fmt.kind == 'a') {
		c &= 0x7f;
		if (c <= ' ')
			printf(" %3s", named[c]);
		else if (c == 0x7f)
			printf(" del");
		else
			printf(" %3c", c);
		return;
	}
	if (c == '\0')
		printf("  \\0");
	else if (c != '\0' && (e = memchr(esc, c, sizeof(esc) - 1)) != NULL)
		printf("  \\%c", letters[e - esc]);
	else if (isprint(c))
		printf(" %3c", c);
	else
		printf(" %03o", c);
}

static void
print_value(const unsigned char *b)
{
	uint64_t v = 0;
	int64_t sv;
	size_t i;

	/* Little-endian, like the machines Kite runs on. */
	for (i = fmt.size; i > 0; i--)
		v = v << 8 | b[i - 1];
	switch (fmt.kind) {
	case 'd':
		sv = fmt.size == 8 ? (int64_t)v :
		    (int64_t)(v << (64 - 8 * fmt.size)) >> (64 - 8 * fmt.size);
		printf(" %*jd", fmt.width, (intmax_t)sv);
		break;
	case 'o': printf(" %0*jo", fmt.width, (uintmax_t)v); break;
	case 'u': printf(" %*ju", fmt.width, (uintmax_t)v); break;
	default: printf(" %0*jx", fmt.width, (uintmax_t)v); break;
	}
}

static void
print_offset(uintmax_t off)
{
	switch (fmt.radix) {
	case 'd': printf("%07ju", off); break;
	case 'x': printf("%06jx", off); break;
	case 'n': break;
	default: printf("%07jo", off); break;
	}
}

static void
od_line(uintmax_t off, const unsigned char *b, size_t n)
{
	unsigned char padded[LINE_BYTES] = { 0 };
	size_t i;

	memcpy(padded, b, n);
	print_offset(off);
	for (i = 0; i < n; i += fmt.size) {
		if (fmt.kind == 'c' || fmt.kind == 'a')
			print_char(padded[i]);
		else
			print_value(padded + i);
	}
	if (fmt.text) {
		/* Line the text up with that of full lines. */
		printf("%*s  >", (int)((LINE_BYTES - (n + fmt.size - 1) /
		    fmt.size * fmt.size) / fmt.size * (fmt.width + 1)), "");
		for (i = 0; i < n; i++)
			putchar(isprint(b[i]) ? b[i] : '.');
		putchar('<');
	}
	putchar('\n');
}

static void
od_end(uintmax_t off)
{
	if (fmt.radix != 'n') {
		print_offset(off);
		putchar('\n');
	}
}

int
main(int argc, char **argv)
{
	struct dumper d = { LINE_BYTES, 0, od_line, od_end };
	int c, r;

	while ((c = getopt_help(argc, argv, "A:bcdt:vx", USAGE,
	    EXIT_FAILURE)) != -1) {
		switch (c) {
		case 'A':
			if (strlen(optarg) != 1 || strchr("doxn", *optarg) == NULL)
				error(EXIT_FAILURE, 0, "invalid output address "
				    "radix '%s'; it must be one character from "
				    "[doxn]", optarg);
			fmt.radix = *optarg;
			break;
		case 'b': parse_type("o1"); break;
		case 'c': parse_type("c"); break;
		case 'd': parse_type("u2"); break;
		case 'x': parse_type("x2"); break;
		case 't': parse_type(optarg); break;
		case 'v': d.verbose = 1; break;
		}
	}
	r = dump(&d, argv + optind, argc - optind);
	if (fflush(stdout) != 0)
		error(EXIT_FAILURE, errno, "write error");
	return r == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
