/*
 * sync: write out cached file data; with FILE arguments, only theirs
 * (fsync(2)), or -f for their whole file systems (syncfs(2)).
 */
#define _GNU_SOURCE	/* syncfs */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include "util.h"

int
main(int argc, char **argv)
{
	int whole_fs = 0, c, i, fd, r, status = EXIT_SUCCESS;

	while ((c = getopt_help(argc, argv, "f", "sync [-f] [FILE]...",
	    EXIT_FAILURE)) != -1)
		whole_fs = c == 'f';
	if (optind == argc) {
		sync();
		return EXIT_SUCCESS;
	}
	for (i = optind; i < argc; i++) {
		if ((fd = open(argv[i], O_RDONLY | O_NONBLOCK | O_CLOEXEC)) < 0) {
			error(0, errno, "error opening '%s'", argv[i]);
			status = EXIT_FAILURE;
			continue;
		}
		r = whole_fs ? syncfs(fd) : fsync(fd);
		if (r != 0) {
			error(0, errno, "error syncing '%s'", argv[i]);
			status = EXIT_FAILURE;
		}
		close(fd);
	}
	return status;
}
