/*
 * head: print the first lines (-n N, default 10) or bytes (-c N) of each
 * file.  A negative count prints all but the last N.  With more than one
 * file, each gets a "==> NAME <==" header (-q: never, -v: always).
 * "head -5" is the old spelling of "head -n 5".
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"

#define USAGE	"head [-qv] [-n [-]N | -c [-]N] [FILE]..."
#define DEFAULT_LINES	10

static uintmax_t count = DEFAULT_LINES;
static int bytes, all_but;

/* Copy the first count lines or bytes of f. */
static int
head_first(FILE *f)
{
	uintmax_t seen = 0;
	int c;

	while (seen < count && (c = getc(f)) != EOF) {
		putchar(c);
		if (bytes || c == '\n')
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
head_all_but(FILE *f)
{
	size_t len, end;
	uintmax_t left = count;
	char *buf = read_fd(fileno(f), &len);

	if (buf == NULL)
		return -1;
	end = len;
	if (bytes) {
		end = count < len ? len - count : 0;
	} else {
		while (left-- > 0 && end > 0)
			end = line_start_before(buf, end);
	}
	fwrite(buf, 1, end, stdout);
	free(buf);
	return 0;
}

static void
set_count(const char *arg)
{
	all_but = arg[0] == '-';
	if (parse_size(arg + all_but, &count) != 0)
		error(EXIT_FAILURE, 0, "invalid number of %s: '%s'",
		    bytes ? "bytes" : "lines", arg);
}

int
main(int argc, char **argv)
{
	const char *count_arg = obsolete_count(&argc, &argv, 0);
	int headers = -1, printed = 0, c, i, n, status = EXIT_SUCCESS;
	FILE *f;

	while ((c = getopt_help(argc, argv, "n:c:qv", USAGE, EXIT_FAILURE)) != -1) {
		switch (c) {
		case 'n': bytes = 0; count_arg = optarg; break;
		case 'c': bytes = 1; count_arg = optarg; break;
		case 'q': headers = 0; break;
		case 'v': headers = 1; break;
		}
	}
	if (count_arg != NULL)
		set_count(count_arg);
	n = argc - optind;
	if (headers < 0)
		headers = n > 1;
	for (i = 0; i < (n > 0 ? n : 1); i++) {
		const char *name = n > 0 ? argv[optind + i] : "-";

		if ((f = open_input(name)) == NULL) {
			error(0, errno, "cannot open '%s' for reading", name);
			status = EXIT_FAILURE;
			continue;
		}
		if (headers)
			printf("%s==> %s <==\n", printed++ ? "\n" : "",
			    f == stdin ? "standard input" : name);
		if ((all_but ? head_all_but(f) : head_first(f)) != 0) {
			error(0, errno, "error reading '%s'", name);
			status = EXIT_FAILURE;
		}
		close_input(f);
	}
	if (fflush(stdout) != 0)
		error(EXIT_FAILURE, errno, "write error");
	return status;
}
