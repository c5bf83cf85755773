/*
 * mv: move (rename) files.
 *	mv [-f] SOURCE DEST
 *	mv [-f] SOURCE... DIRECTORY
 * rename(2) does the work; across file systems (EXDEV) the source is
 * copied with everything preserved, then removed.
 */
#include <sys/stat.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"
#include "copy.h"

#define USAGE	"mv [-fin] SOURCE DEST\n   or: mv [-fin] SOURCE... DIRECTORY"

static int no_clobber;

static int
move_across(const char *src, const char *dst)
{
	struct copy_opts all = { 1, 1, 1, 1 };

	/* A directory in the way is replaced only if empty, as by rename. */
	if (is_dir(dst) && rmdir(dst) != 0) {
		error(0, errno, "cannot move '%s' to '%s'", src, dst);
		return -1;
	}
	if (copy_tree(src, dst, &all) != 0)
		return -1;
	return remove_tree(src, 0);
}

static int
move(const char *src, const char *dst)
{
	struct stat ss, ds;

	if (lstat(src, &ss) != 0) {
		error(0, errno, "cannot stat '%s'", src);
		return -1;
	}
	if (same_file(src, dst)) {
		error(0, 0, "'%s' and '%s' are the same file", src, dst);
		return -1;
	}
	if (lstat(dst, &ds) == 0) {
		if (no_clobber)
			return 0;
		if (S_ISDIR(ds.st_mode) && !S_ISDIR(ss.st_mode)) {
			error(0, 0, "cannot overwrite directory '%s' with "
			    "non-directory", dst);
			return -1;
		}
	}
	if (rename(src, dst) == 0)
		return 0;
	if (errno == EXDEV)
		return move_across(src, dst);
	if (errno == EINVAL)
		error(0, 0, "cannot move '%s' to a subdirectory of itself, '%s'",
		    src, dst);
	else
		error(0, errno, "cannot move '%s' to '%s'", src, dst);
	return -1;
}

int
main(int argc, char **argv)
{
	int c;

	while ((c = getopt_help(argc, argv, "fin", USAGE, EXIT_FAILURE)) != -1)
		no_clobber = c == 'n';
	need_two_operands(argc - optind, argv + optind);
	return to_target(argc - optind, argv + optind, is_dir(argv[argc - 1]),
	    move);
}
