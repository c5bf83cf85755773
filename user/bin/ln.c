/*
 * ln: make links.
 *	ln [-sfn] TARGET [LINK]		LINK defaults to TARGET's last component
 *	ln [-sfn] TARGET... DIRECTORY	one link per TARGET inside DIRECTORY
 * -s makes symbolic links, -f replaces existing files, -n treats a LINK
 * that is a symbolic link to a directory as a file.
 */
#include <sys/stat.h>
#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

#include "util.h"

static int symbolic, force, no_deref;

static int
make_link(const char *target, const char *name)
{
	struct stat st;

	if (!symbolic && lstat(target, &st) != 0) {
		error(0, errno, "failed to access '%s'", target);
		return -1;
	}
	if (!symbolic && S_ISDIR(st.st_mode)) {
		error(0, 0, "%s: hard link not allowed for directory", target);
		return -1;
	}
	if (force && lstat(name, &st) == 0 && !S_ISDIR(st.st_mode) &&
	    unlink(name) != 0) {
		error(0, errno, "cannot remove '%s'", name);
		return -1;
	}
	if ((symbolic ? symlink(target, name) : link(target, name)) != 0) {
		if (errno == EEXIST || symbolic)
			error(0, errno, "failed to create %s link '%s'",
			    symbolic ? "symbolic" : "hard", name);
		else
			error(0, errno, "failed to create hard link '%s' => '%s'",
			    name, target);
		return -1;
	}
	return 0;
}

/* Is path a directory to put links in (a symlink to one counts, unless -n)? */
static int
link_dir(const char *path)
{
	struct stat st;

	if (no_deref && lstat(path, &st) == 0 && S_ISLNK(st.st_mode))
		return 0;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

int
main(int argc, char **argv)
{
	char *here[2];
	int c, n;

	while ((c = getopt_help(argc, argv, "sfn", "ln [-sfn] TARGET [LINK]\n"
	    "   or: ln [-sfn] TARGET... DIRECTORY", EXIT_FAILURE)) != -1) {
		if (c == 's')
			symbolic = 1;
		else if (c == 'f')
			force = 1;
		else
			no_deref = 1;
	}
	n = argc - optind;
	if (n == 0)
		usage_error("missing file operand", NULL);
	/* "ln TARGET" links into the current directory. */
	if (n == 1) {
		here[0] = argv[optind];
		here[1] = ".";
		return to_target(2, here, 1, make_link);
	}
	return to_target(n, argv + optind, link_dir(argv[argc - 1]), make_link);
}
