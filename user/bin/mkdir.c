/*
 * mkdir: make directories.  -p makes missing parents and accepts existing
 * directories; -m MODE sets the mode of the named directories (not of the
 * parents, which get the usual mode plus u+wx so the child can be made).
 */
#include <sys/stat.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"

#define DIR_MODE	(S_IRWXU | S_IRWXG | S_IRWXO)

static int parents;

static int
make_one(const char *path, mode_t mode, int is_parent)
{
	struct stat st;

	if (mkdir(path, mode) == 0)
		return 0;
	if (errno == EEXIST && (parents || is_parent) && stat(path, &st) == 0 &&
	    S_ISDIR(st.st_mode))
		return 1;
	error(0, errno, "cannot create directory '%s'", path);
	return -1;
}

/* Make each missing ancestor of path in turn, from the root down. */
static int
make_parents(const char *path, mode_t umask_bits)
{
	char *copy = xstrdup(path), *p = copy;
	mode_t mode = (DIR_MODE & ~umask_bits) | S_IWUSR | S_IXUSR;
	int r = 0;

	while ((p = strchr(p + 1, '/')) != NULL && r >= 0) {
		*p = '\0';
		if (p[-1] != '/')
			r = make_one(copy, mode, 1);
		*p = '/';
		while (p[1] == '/')
			p++;
	}
	free(copy);
	return r < 0 ? -1 : 0;
}

int
main(int argc, char **argv)
{
	const char *mode_spec = NULL;
	mode_t umask_bits = umask(0), mode;
	int c, i, r, status = EXIT_SUCCESS;

	umask(umask_bits);
	while ((c = getopt_help(argc, argv, "pm:",
	    "mkdir [-p] [-m MODE] DIRECTORY...", EXIT_FAILURE)) != -1) {
		switch (c) {
		case 'p': parents = 1; break;
		case 'm': mode_spec = optarg; break;
		}
	}
	if (optind == argc)
		usage_error("missing operand", NULL);
	mode = DIR_MODE & ~umask_bits;
	if (mode_spec != NULL &&
	    mode_apply(mode_spec, DIR_MODE, 1, umask_bits, &mode) != 0)
		error(EXIT_FAILURE, 0, "invalid mode '%s'", mode_spec);
	for (i = optind; i < argc; i++) {
		if (parents && make_parents(argv[i], umask_bits) != 0) {
			status = EXIT_FAILURE;
			continue;
		}
		r = make_one(argv[i], mode, 0);
		/* mkdir(2) masks with the umask; -m must not be. */
		if (r == 0 && mode_spec != NULL && chmod(argv[i], mode) != 0) {
			error(0, errno, "cannot set permissions of '%s'", argv[i]);
			r = -1;
		}
		if (r < 0)
			status = EXIT_FAILURE;
	}
	return status;
}
