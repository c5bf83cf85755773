/*
 * tail: print the last lines (-n N, default 10) or bytes (-c N) of each
 * file; "+N" starts at line or byte N instead.  -f keeps reading the
 * (last) file as it grows.  Headers as in head(1).  "tail -5" and
 * "tail +5" are the old spellings of -n 5 and -n +5.
 */
#include <stdlib.h>
#include <unistd.h>

#include "util.h"

#define USAGE	"tail [-fqv] [-n [+]N | -c [+]N] [FILE]..."
#define FOLLOW_POLL_US	500000

static struct headtail args;

/* Where the output starts in buf[0..len). */
static size_t
start_of_tail(const char *buf, size_t len)
{
	uintmax_t count = args.count, left;
	int from_start = args.sign == '+';
	size_t pos;

	if (args.bytes) {
		if (from_start)
			return count > 0 && count - 1 < len ? count - 1 :
			    count == 0 ? 0 : len;
		return count < len ? len - count : 0;
	}
	if (from_start) {
		for (pos = 0, left = count > 0 ? count - 1 : 0;
		    left > 0 && pos < len; pos++)
			if (buf[pos] == '\n')
				left--;
		return pos;
	}
	/* Back over count newlines; a final line without one counts too. */
	pos = len;
	left = count;
	if (pos > 0 && buf[pos - 1] == '\n')
		pos--;
	while (pos > 0) {
		if (buf[pos - 1] == '\n' && --left == 0)
			break;
		pos--;
	}
	return count == 0 ? len : pos;
}

static void
follow(int fd)
{
	char buf[BUFSIZ];
	ssize_t r;

	for (;;) {
		while ((r = read(fd, buf, sizeof(buf))) > 0)
			write_all(STDOUT_FILENO, buf, r);
		usleep(FOLLOW_POLL_US);
	}
}

/* Copy the tail of f; with -f, keep copying the last file as it grows. */
static int
tail_file(FILE *f, int last)
{
	size_t len, start;
	char *buf = read_fd(fileno(f), &len);
	int r = -1;

	if (buf != NULL) {
		start = start_of_tail(buf, len);
		fflush(stdout);
		write_all(STDOUT_FILENO, buf + start, len - start);
		free(buf);
		r = 0;
	}
	if (args.follow && last)
		follow(fileno(f));
	return r;
}

int
main(int argc, char **argv)
{
	headtail_parse(&argc, &argv, "n:c:fqv", USAGE, 1, &args);
	return headtail_each(argc, argv, &args, tail_file);
}
