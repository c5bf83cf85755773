/*
 * uniq: report or omit repeated adjacent lines.
 *	uniq [-cdiu] [INPUT [OUTPUT]]
 * -c prefixes each line with its count ("%7ju "), -d prints only
 * repeated lines, -u only unrepeated ones, -i ignores case.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "util.h"

#define USAGE	"uniq [-cdiu] [INPUT [OUTPUT]]"

static int count, only_dups, only_uniq, icase;

static int
same_line(const char *a, size_t alen, const char *b, size_t blen)
{
	if (alen != blen)
		return 0;
	return (icase ? strncasecmp(a, b, alen) : memcmp(a, b, alen)) == 0;
}

static void
emit(const char *line, size_t len, uintmax_t n)
{
	if ((only_dups && n < 2) || (only_uniq && n > 1))
		return;
	if (count)
		printf("%7ju ", n);
	fwrite(line, 1, len, stdout);
	putchar('\n');
}

int
main(int argc, char **argv)
{
	char *cur = NULL, *prev = NULL, *tmp;
	size_t curcap = 0, prevcap = 0, prevlen = 0, len, tmpcap;
	uintmax_t n = 0;
	ssize_t r;
	FILE *in;
	int c;

	while ((c = getopt_help(argc, argv, "cdiu", USAGE, EXIT_FAILURE)) != -1) {
		switch (c) {
		case 'c': count = 1; break;
		case 'd': only_dups = 1; break;
		case 'i': icase = 1; break;
		case 'u': only_uniq = 1; break;
		}
	}
	if (argc - optind > 2)
		usage_error("extra operand", argv[optind + 2]);
	in = open_input(optind < argc ? argv[optind] : "-");
	if (in == NULL)
		error(EXIT_FAILURE, errno, "%s", argv[optind]);
	if (argc - optind == 2 && freopen(argv[optind + 1], "w", stdout) == NULL)
		error(EXIT_FAILURE, errno, "%s", argv[optind + 1]);
	while ((r = read_line(in, &cur, &curcap)) > 0) {
		len = cur[r - 1] == '\n' ? (size_t)r - 1 : (size_t)r;
		if (n > 0 && same_line(prev, prevlen, cur, len)) {
			n++;
			continue;
		}
		if (n > 0)
			emit(prev, prevlen, n);
		/* The current line becomes the one to compare against. */
		tmp = prev;
		prev = cur;
		cur = tmp;
		tmpcap = prevcap;
		prevcap = curcap;
		curcap = tmpcap;
		prevlen = len;
		n = 1;
	}
	if (n > 0)
		emit(prev, prevlen, n);
	if (ferror(in))
		error(EXIT_FAILURE, errno, "error reading");
	if (fflush(stdout) != 0)
		error(EXIT_FAILURE, errno, "write error");
	return EXIT_SUCCESS;
}
