/*
 * rmdir: remove empty directories; -p then removes each parent named in
 * the path, stopping silently at "/" and reporting the first one that
 * cannot go.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"

/* Cut the last component off path; 0 if nothing is left to remove. */
static int
strip_last(char *path)
{
	char *end = path + strlen(path);

	while (end > path + 1 && end[-1] == '/')
		end--;
	while (end > path && end[-1] != '/')
		end--;
	while (end > path + 1 && end[-1] == '/')
		end--;
	if (end == path || (end == path + 1 && path[0] == '/'))
		return 0;
	*end = '\0';
	return 1;
}

static int
remove_with_parents(const char *arg)
{
	char *path = xstrdup(arg);
	int r = 0;

	while (strip_last(path)) {
		if (rmdir(path) != 0) {
			error(0, errno, "failed to remove directory '%s'", path);
			r = -1;
			break;
		}
	}
	free(path);
	return r;
}

int
main(int argc, char **argv)
{
	int parents = 0, c, i, status = EXIT_SUCCESS;

	while ((c = getopt_help(argc, argv, "p", "rmdir [-p] DIRECTORY...",
	    EXIT_FAILURE)) != -1)
		parents = c == 'p';
	if (optind == argc)
		usage_error("missing operand", NULL);
	for (i = optind; i < argc; i++) {
		if (rmdir(argv[i]) != 0) {
			error(0, errno, "failed to remove '%s'", argv[i]);
			status = EXIT_FAILURE;
		} else if (parents && remove_with_parents(argv[i]) != 0) {
			status = EXIT_FAILURE;
		}
	}
	return status;
}
