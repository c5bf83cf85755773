/*
 * tee: copy standard input to standard output and to each FILE;
 * -a appends, -i ignores SIGINT.  A file that fails is reported and
 * dropped; the others keep receiving data.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"

#define TEE_BUFSZ	8192
#define FILE_MODE	(S_IRUSR | S_IWUSR | S_IRGRP | S_IWGRP | S_IROTH | S_IWOTH)

int
main(int argc, char **argv)
{
	static char buf[TEE_BUFSZ];
	int flags = O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, c, i, n, *fds;
	int status = EXIT_SUCCESS;
	const char **names;
	ssize_t r;

	while ((c = getopt_help(argc, argv, "ai", "tee [-ai] [FILE]...",
	    EXIT_FAILURE)) != -1) {
		if (c == 'a')
			flags = (flags & ~O_TRUNC) | O_APPEND;
		else
			signal(SIGINT, SIG_IGN);
	}
	fds = xcalloc(argc - optind + 1, sizeof(*fds));
	names = xcalloc(argc - optind + 1, sizeof(*names));
	fds[0] = STDOUT_FILENO;
	names[0] = "standard output";
	for (n = 1, i = optind; i < argc; i++) {
		if ((fds[n] = open(argv[i], flags, FILE_MODE)) < 0) {
			error(0, errno, "%s", argv[i]);
			status = EXIT_FAILURE;
			continue;
		}
		names[n++] = argv[i];
	}
	while ((r = read(STDIN_FILENO, buf, sizeof(buf))) != 0) {
		if (r < 0) {
			if (errno == EINTR)
				continue;
			error(0, errno, "read error");
			return EXIT_FAILURE;
		}
		for (i = 0; i < n; i++) {
			if (fds[i] >= 0 && write_all(fds[i], buf, r) != 0) {
				error(0, errno, "%s", names[i]);
				fds[i] = -1;
				status = EXIT_FAILURE;
			}
		}
	}
	for (i = 1; i < n; i++)
		if (fds[i] >= 0 && close(fds[i]) != 0) {
			error(0, errno, "%s", names[i]);
			status = EXIT_FAILURE;
		}
	return status;
}
