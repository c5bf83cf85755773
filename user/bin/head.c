/*
 * head: print the first lines (-n N, default 10) or bytes (-c N) of each
 * file.  A negative count prints all but the last N.  With more than one
 * file, each gets a "==> NAME <==" header (-q: never, -v: always).
 * "head -5" is the old spelling of "head -n 5".
 */
#include <stdlib.h>

#include "util.h"

#define USAGE	"head [-qv] [-n [-]N | -c [-]N] [FILE]..."

static struct headtail args;

/* Copy the first count lines or bytes of f. */
static int
head_first(FILE *f, int last)
{
	uintmax_t seen = 0;
	int c;

	(void)last;
	while (seen < args.count && (c = getc(f)) != EOF) {
		putchar(c);
		if (args.bytes || c == '\n')
			seen++;
	}
	return ferror(f) ? -1 : 0;
}

/* The start of the line that ends at (or runs up to) buf[end - 1]. */
static size_t
line_start_before(const char *buf, size_t end)
{
	if (end > 0)
		end--;
	while (end > 0 && buf[end - 1] != '\n')
		end--;
	return end;
}

/* Copy all of f but the last count lines or bytes: read it all first. */
static int
head_all_but(FILE *f, int last)
{
	size_t len, end;
	uintmax_t left = args.count;
	char *buf = read_fd(fileno(f), &len);

	(void)last;
	if (buf == NULL)
		return -1;
	end = len;
	if (args.bytes) {
		end = args.count < len ? len - args.count : 0;
	} else {
		while (left-- > 0 && end > 0)
			end = line_start_before(buf, end);
	}
	fwrite(buf, 1, end, stdout);
	free(buf);
	return 0;
}

int
main(int argc, char **argv)
{
	headtail_parse(&argc, &argv, "n:c:qv", USAGE, 0, &args);
	return headtail_each(argc, argv, &args,
	    args.sign == '-' ? head_all_but : head_first);
}
