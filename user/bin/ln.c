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
	const char *dir;
	char *base, *link;
	int c, i, n, status = EXIT_SUCCESS;

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
	if (n == 2 && !link_dir(argv[argc - 1]))
		return make_link(argv[optind], argv[optind + 1]) == 0 ?
		    EXIT_SUCCESS : EXIT_FAILURE;
	dir = n == 1 ? "." : argv[argc - 1];
	if (n > 2)
		require_dir(dir);
	for (i = optind; i < (n == 1 ? argc : argc - 1); i++) {
		base = base_name(argv[i]);
		link = path_join(dir, base);
		if (make_link(argv[i], link) != 0)
			status = EXIT_FAILURE;
		free(link);
		free(base);
	}
	return status;
}
