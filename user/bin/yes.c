/*
 * yes: print its arguments (or "y") forever, until the reader goes away.
 * The line is built once and copied to fill a buffer, so that each
 * write(2) carries many lines.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"

#define YES_BUFSZ	8192

/* The arguments joined by spaces, with a newline; "y\n" if none. */
static char *
make_line(int argc, char **argv, size_t *len)
{
	size_t n = 0;
	char *line;
	int i;

	if (argc == 0) {
		*len = 2;
		return xstrdup("y\n");
	}
	for (i = 0; i < argc; i++)
		n += strlen(argv[i]) + 1;
	line = xmalloc(n + 1);
	line[0] = '\0';
	for (i = 0; i < argc; i++) {
		strcat(line, argv[i]);
		strcat(line, i + 1 < argc ? " " : "\n");
	}
	*len = n;
	return line;
}

int
main(int argc, char **argv)
{
	static char buf[YES_BUFSZ];
	size_t len, filled = 0;
	char *line, *out;

	while (getopt_help(argc, argv, "+", "yes [STRING]...", EXIT_FAILURE) != -1)
		continue;
	line = make_line(argc - optind, argv + optind, &len);
	out = line;
	if (len <= sizeof(buf)) {
		for (; filled + len <= sizeof(buf); filled += len)
			memcpy(buf + filled, line, len);
		out = buf;
		len = filled;
	}
	while (write(STDOUT_FILENO, out, len) >= 0)
		continue;
	error(EXIT_FAILURE, errno, "standard output");
	return EXIT_FAILURE;
}
