/*
 * tail: print the last lines (-n N, default 10) or bytes (-c N) of each
 * file; "+N" starts at line or byte N instead.  -f keeps reading the
 * (last) file as it grows.  Headers as in head(1).  "tail -5" and
 * "tail +5" are the old spellings of -n 5 and -n +5.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"

#define USAGE	"tail [-fqv] [-n [+]N | -c [+]N] [FILE]..."
#define DEFAULT_LINES	10
#define FOLLOW_POLL_US	500000

static uintmax_t count = DEFAULT_LINES;
static int bytes, from_start;

/* Where the output starts in buf[0..len). */
static size_t
start_of_tail(const char *buf, size_t len)
{
	size_t pos;
	uintmax_t left;

	if (bytes) {
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

static void
set_count(const char *arg)
{
	from_start = arg[0] == '+';
	if (parse_size(arg + (arg[0] == '+' || arg[0] == '-'), &count) != 0)
		error(EXIT_FAILURE, 0, "invalid number of %s: '%s'",
		    bytes ? "bytes" : "lines", arg);
}

int
main(int argc, char **argv)
{
	const char *count_arg, *name;
	int headers = -1, printed = 0, follow_last = 0, c, i, n, fd;
	int status = EXIT_SUCCESS;
	size_t len, start;
	char *buf;

	count_arg = obsolete_count(&argc, &argv, 1);
	while ((c = getopt_help(argc, argv, "n:c:fqv", USAGE, EXIT_FAILURE)) != -1) {
		switch (c) {
		case 'n': bytes = 0; count_arg = optarg; break;
		case 'c': bytes = 1; count_arg = optarg; break;
		case 'f': follow_last = 1; break;
		case 'q': headers = 0; break;
		case 'v': headers = 1; break;
		}
	}
	if (count_arg != NULL)
		set_count(count_arg);
	n = argc - optind;
	if (headers < 0)
		headers = n > 1;
	for (i = 0, fd = -1; i < (n > 0 ? n : 1); i++) {
		name = n > 0 ? argv[optind + i] : "-";
		fd = strcmp(name, "-") == 0 ? STDIN_FILENO :
		    open(name, O_RDONLY | O_CLOEXEC);
		if (fd < 0) {
			error(0, errno, "cannot open '%s' for reading", name);
			status = EXIT_FAILURE;
			continue;
		}
		if (headers)
			printf("%s==> %s <==\n", printed++ ? "\n" : "",
			    fd == STDIN_FILENO ? "standard input" : name);
		if ((buf = read_fd(fd, &len)) == NULL) {
			error(0, errno, "error reading '%s'", name);
			status = EXIT_FAILURE;
		} else {
			start = start_of_tail(buf, len);
			fflush(stdout);
			write_all(STDOUT_FILENO, buf + start, len - start);
			free(buf);
		}
		if (follow_last && i + 1 == (n > 0 ? n : 1))
			follow(fd);
		if (fd != STDIN_FILENO)
			close(fd);
	}
	if (fflush(stdout) != 0)
		error(EXIT_FAILURE, errno, "write error");
	return status;
}
