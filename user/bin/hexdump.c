/*
 * hexdump: display file contents in hexadecimal, as util-linux does.
 *	hexdump [-Cv] [FILE]...
 * -C is the canonical layout: offset, 16 bytes in two groups of 8, and
 * the printable characters between bars.  Without it, 16-bit little-
 * endian words.  Repeated lines become "*" unless -v.
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

#include "util.h"
#include "dump.h"

#define USAGE	"hexdump [-Cv] [FILE]..."
#define LINE_BYTES	16
#define GROUP_BYTES	8

static void
canonical_line(uintmax_t off, const unsigned char *b, size_t n)
{
	size_t i;

	printf("%08jx ", off);
	for (i = 0; i < LINE_BYTES; i++) {
		if (i % GROUP_BYTES == 0)
			putchar(' ');
		if (i < n)
			printf("%02x ", b[i]);
		else
			fputs("   ", stdout);
	}
	fputs(" |", stdout);
	for (i = 0; i < n; i++)
		putchar(isprint(b[i]) ? b[i] : '.');
	puts("|");
}

/* The final offset; util-linux prints none for empty input. */
static void
canonical_end(uintmax_t off)
{
	if (off > 0)
		printf("%08jx\n", off);
}

static void
words_line(uintmax_t off, const unsigned char *b, size_t n)
{
	size_t i;

	printf("%07jx", off);
	for (i = 0; i < LINE_BYTES; i += 2) {
		if (i < n)
			printf(" %04x", b[i] | (i + 1 < n ? b[i + 1] << 8 : 0));
		else
			fputs("     ", stdout);
	}
	putchar('\n');
}

static void
words_end(uintmax_t off)
{
	if (off > 0)
		printf("%07jx\n", off);
}

int
main(int argc, char **argv)
{
	struct dumper d = { LINE_BYTES, 0, words_line, words_end };
	int c, r;

	while ((c = getopt_help(argc, argv, "Cv", USAGE, EXIT_FAILURE)) != -1) {
		if (c == 'C') {
			d.line = canonical_line;
			d.end = canonical_end;
		} else {
			d.verbose = 1;
		}
	}
	r = dump(&d, argv + optind, argc - optind);
	if (fflush(stdout) != 0)
		error(EXIT_FAILURE, errno, "write error");
	return r == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
