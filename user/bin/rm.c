/*
 * rm: remove files; -r removes directories and their contents (depth
 * first), -f ignores files that do not exist and never fails for them.
 * Like coreutils, "." and ".." and the root are refused.
 */
#include <sys/stat.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"
#include "copy.h"

static int force, recursive;

/* A directory without -r is refused; everything else goes to remove_tree. */
static int
remove_path(const char *path)
{
	struct stat st;

	if (!recursive && lstat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
		error(0, EISDIR, "cannot remove '%s'", path);
		return -1;
	}
	return remove_tree(path, force);
}

/* Is the last component of path "." or ".."? */
static int
is_dot_or_dotdot(const char *path)
{
	size_t n = strlen(path);
	const char *base;

	while (n > 1 && path[n - 1] == '/')
		n--;
	base = path + n;
	while (base > path && base[-1] != '/')
		base--;
	n -= base - path;
	return (n == 1 && base[0] == '.') ||
	    (n == 2 && base[0] == '.' && base[1] == '.');
}

static int
is_root(const char *path)
{
	return path[0] == '/' && path[strspn(path, "/")] == '\0';
}

int
main(int argc, char **argv)
{
	int c, i, status = EXIT_SUCCESS;

	while ((c = getopt_help(argc, argv, "frR",
	    "rm [-frR] FILE...", EXIT_FAILURE)) != -1) {
		switch (c) {
		case 'f': force = 1; break;
		case 'r':
		case 'R': recursive = 1; break;
		}
	}
	if (optind == argc && !force)
		usage_error("missing operand", NULL);
	for (i = optind; i < argc; i++) {
		if (is_dot_or_dotdot(argv[i])) {
			error(0, 0, "refusing to remove '.' or '..' directory: "
			    "skipping '%s'", argv[i]);
			status = EXIT_FAILURE;
		} else if (recursive && is_root(argv[i])) {
			error(0, 0, "it is dangerous to operate recursively on '/'");
			error(0, 0, "use --no-preserve-root to override this failsafe");
			status = EXIT_FAILURE;
		} else if (remove_path(argv[i]) != 0) {
			status = EXIT_FAILURE;
		}
	}
	return status;
}
