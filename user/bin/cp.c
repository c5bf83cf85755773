/*
 * cp: copy files and directories.
 *	cp [-afHLpPrR] SOURCE DEST
 *	cp [-afHLpPrR] SOURCE... DIRECTORY
 * -r/-R copies directories, recreating symbolic links and special files
 * as such; -p keeps mode, owner and times; -a is -rp with links kept;
 * -L/-P follow or keep symbolic links.  The work is copy_tree in
 * user/lib/copy.c.
 */
#include <sys/stat.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"
#include "copy.h"

#define USAGE	"cp [-afLpPrR] SOURCE DEST\n   or: cp [-afLpPrR] SOURCE... DIRECTORY"

/* Is dst inside the directory src (or src itself)?  Copying would not end. */
static int
inside(const char *src, const char *dst)
{
	char *s = realpath(src, NULL), *d, *dir = dir_name(dst);
	size_t n;
	int r;

	d = realpath(dir, NULL);
	free(dir);
	if (s == NULL || d == NULL) {
		free(s);
		free(d);
		return 0;
	}
	n = strlen(s);
	r = strncmp(s, d, n) == 0 && (d[n] == '/' || d[n] == '\0');
	free(s);
	free(d);
	return r;
}

static int
copy_one(const char *src, const char *dst, const struct copy_opts *o)
{
	if (same_file(src, dst)) {
		error(0, 0, "'%s' and '%s' are the same file", src, dst);
		return -1;
	}
	if (o->recursive && is_dir(src) && inside(src, dst)) {
		error(0, 0, "cannot copy a directory, '%s', into itself, '%s'",
		    src, dst);
		return -1;
	}
	return copy_tree(src, dst, o);
}

int
main(int argc, char **argv)
{
	struct copy_opts o = { 0, 0, 0, 0 };
	int deref = -1, c, i, n, status = EXIT_SUCCESS;
	const char *target;
	char *base, *dst;

	while ((c = getopt_help(argc, argv, "afLpPrR", USAGE, EXIT_FAILURE)) != -1) {
		switch (c) {
		case 'a': o.recursive = o.preserve = 1; deref = 0; break;
		case 'f': o.force = 1; break;
		case 'L': deref = 1; break;
		case 'P': deref = 0; break;
		case 'p': o.preserve = 1; break;
		case 'r':
		case 'R': o.recursive = 1; break;
		}
	}
	/* -r without -L copies links as links, as POSIX asks. */
	o.no_deref = deref >= 0 ? !deref : o.recursive;
	n = argc - optind;
	if (n == 0)
		usage_error("missing file operand", NULL);
	if (n == 1) {
		error(0, 0, "missing destination file operand after '%s'",
		    argv[optind]);
		try_help();
	}
	target = argv[argc - 1];
	if (n == 2 && !is_dir(target))
		return copy_one(argv[optind], target, &o) == 0 ?
		    EXIT_SUCCESS : EXIT_FAILURE;
	require_dir(target);
	for (i = optind; i < argc - 1; i++) {
		base = base_name(argv[i]);
		dst = path_join(target, base);
		if (copy_one(argv[i], dst, &o) != 0)
			status = EXIT_FAILURE;
		free(dst);
		free(base);
	}
	return status;
}
