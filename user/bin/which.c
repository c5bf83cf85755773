/*
 * which: locate commands in $PATH, as Debian's which does.
 *	which [-a] COMMAND...
 * A name with a slash is checked as it is.  Prints the first (or with
 * -a every) executable regular file found; exit 1 if any name was not
 * found, 2 on bad usage.
 */
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"

#define USAGE		"which [-a] COMMAND..."
#define DEFAULT_PATH	"/usr/local/bin:/usr/bin:/bin"

static int
executable(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode) &&
	    access(path, X_OK) == 0;
}

static int
which(const char *name, const char *path, int all)
{
	char *copy, *dir, *save = NULL, *full;
	int found = 0;

	if (strchr(name, '/') != NULL) {
		if (executable(name))
			puts(name);
		return executable(name) ? 0 : -1;
	}
	copy = xstrdup(path);
	for (dir = strtok_r(copy, ":", &save); dir != NULL && (all || !found);
	    dir = strtok_r(NULL, ":", &save)) {
		full = path_join(*dir != '\0' ? dir : ".", name);
		if (executable(full)) {
			puts(full);
			found = 1;
		}
		free(full);
	}
	free(copy);
	return found ? 0 : -1;
}

int
main(int argc, char **argv)
{
	const char *path = getenv("PATH");
	int all = 0, c, i, status = EXIT_SUCCESS;

	while ((c = getopt_help(argc, argv, "a", USAGE, 2)) != -1)
		all = 1;
	if (path == NULL)
		path = DEFAULT_PATH;
	for (i = optind; i < argc; i++)
		if (which(argv[i], path, all) != 0)
			status = EXIT_FAILURE;
	return status;
}
