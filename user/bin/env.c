/*
 * env: print the environment, or run a command in a changed one.
 * -i (or a lone "-") starts from an empty environment, -u NAME removes a
 * variable, NAME=VALUE arguments set them; the first other argument is
 * the command.  Exit 127 if it cannot be found, 126 if it cannot be run.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"

#define EXIT_CANNOT_INVOKE	126
#define EXIT_ENOENT		127
#define EXIT_ENV_FAILURE	125

extern char **environ;

int
main(int argc, char **argv)
{
	char *empty[] = { NULL }, **e, *eq;
	int c, i;

	/* '+' stops at the command, whose own options are not ours. */
	while ((c = getopt_help(argc, argv, "+iu:",
	    "env [-i] [-u NAME]... [NAME=VALUE]... [COMMAND [ARG]...]",
	    EXIT_ENV_FAILURE)) != -1) {
		switch (c) {
		case 'i':
			environ = empty;
			break;
		case 'u':
			if (unsetenv(optarg) != 0)
				error(EXIT_ENV_FAILURE, errno,
				    "cannot unset '%s'", optarg);
			break;
		}
	}
	i = optind;
	if (i < argc && strcmp(argv[i], "-") == 0) {
		environ = empty;
		i++;
	}
	for (; i < argc && (eq = strchr(argv[i], '=')) != NULL; i++) {
		*eq = '\0';
		if (setenv(argv[i], eq + 1, 1) != 0)
			error(EXIT_ENV_FAILURE, errno, "cannot set '%s'", argv[i]);
	}
	if (i == argc) {
		for (e = environ; *e != NULL; e++)
			puts(*e);
		return fflush(stdout) == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
	}
	execvp(argv[i], argv + i);
	c = errno;
	error(0, c, "'%s'", argv[i]);
	return c == ENOENT ? EXIT_ENOENT : EXIT_CANNOT_INVOKE;
}
