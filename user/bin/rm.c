/*
 * rm: remove files; -r removes directories and their contents (depth
 * first), -f ignores files that do not exist and never fails for them.
 * Like coreutils, "." and ".." and the root are refused.
 */
#include <sys/stat.h>
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"

static int force, recursive;

static int
cannot_remove(const char *path, int err)
{
	if (force && err == ENOENT)
		return 0;
	error(0, err, "cannot remove '%s'", path);
	return -1;
}

static int remove_path(const char *);

static int
remove_contents(const char *dir)
{
	DIR *d;
	struct dirent *de;
	char *child;
	int r = 0;

	if ((d = opendir(dir)) == NULL)
		return cannot_remove(dir, errno);
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		child = path_join(dir, de->d_name);
		if (remove_path(child) != 0)
			r = -1;
		free(child);
	}
	closedir(d);
	return r;
}

static int
remove_path(const char *path)
{
	struct stat st;

	if (lstat(path, &st) != 0)
		return cannot_remove(path, errno);
	if (!S_ISDIR(st.st_mode))
		return unlink(path) == 0 ? 0 : cannot_remove(path, errno);
	if (!recursive)
		return cannot_remove(path, EISDIR);
	if (remove_contents(path) != 0)
		return -1;
	return rmdir(path) == 0 ? 0 : cannot_remove(path, errno);
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
