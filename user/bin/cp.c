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
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"
#include "copy.h"

#define USAGE	"cp [-afLpPrR] SOURCE DEST\n   or: cp [-afLpPrR] SOURCE... DIRECTORY"

static struct copy_opts opts;

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
copy_one(const char *src, const char *dst)
{
	const struct copy_opts *o = &opts;

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
	int deref = -1, c;

	while ((c = getopt_help(argc, argv, "afLpPrR", USAGE, EXIT_FAILURE)) != -1) {
		switch (c) {
		case 'a': opts.recursive = opts.preserve = 1; deref = 0; break;
		case 'f': opts.force = 1; break;
		case 'L': deref = 1; break;
		case 'P': deref = 0; break;
		case 'p': opts.preserve = 1; break;
		case 'r':
		case 'R': opts.recursive = 1; break;
		}
	}
	/* -r without -L copies links as links, as POSIX asks. */
	opts.no_deref = deref >= 0 ? !deref : opts.recursive;
	need_two_operands(argc - optind, argv + optind);
	return to_target(argc - optind, argv + optind, is_dir(argv[argc - 1]),
	    copy_one);
}
