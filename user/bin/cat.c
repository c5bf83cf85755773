/*
 * cat: concatenate files to standard output; -n numbers every output line
 * ("%6d\t" as coreutils does), the count running on across files.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"

static int number;
static unsigned long line_no;
static int at_line_start = 1;

static int
cat_numbered(int fd)
{
	FILE *f = fdopen(dup(fd), "r");
	int c;

	if (f == NULL)
		return -1;
	while ((c = getc(f)) != EOF) {
		if (at_line_start)
			printf("%6lu\t", ++line_no);
		putchar(c);
		at_line_start = c == '\n';
	}
	c = ferror(f) ? -1 : 0;
	fclose(f);
	return c;
}

static int
cat_fd(int fd, const char *name)
{
	int failed_read = 1;

	if (number) {
		if (cat_numbered(fd) != 0) {
			error(0, errno, "%s", name);
			return -1;
		}
		return 0;
	}
	if (copy_fd(fd, STDOUT_FILENO, &failed_read) != 0) {
		if (failed_read)
			error(0, errno, "%s", name);
		else
			error(EXIT_FAILURE, errno, "write error");
		return -1;
	}
	return 0;
}

static int
cat_path(const char *path)
{
	int fd, r;

	if (strcmp(path, "-") == 0)
		return cat_fd(STDIN_FILENO, path);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
		error(0, errno, "%s", path);
		return -1;
	}
	r = cat_fd(fd, path);
	close(fd);
	return r;
}

int
main(int argc, char **argv)
{
	int c, i, status = EXIT_SUCCESS;

	while ((c = getopt_help(argc, argv, "nu",
	    "cat [-nu] [FILE]...", EXIT_FAILURE)) != -1) {
		switch (c) {
		case 'n': number = 1; break;
		case 'u': break;	/* output is never buffered beyond a line */
		}
	}
	if (optind == argc && cat_path("-") != 0)
		status = EXIT_FAILURE;
	for (i = optind; i < argc; i++)
		if (cat_path(argv[i]) != 0)
			status = EXIT_FAILURE;
	if (fflush(stdout) != 0)
		error(EXIT_FAILURE, errno, "write error");
	return status;
}
