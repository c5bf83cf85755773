/*
 * chmod: change file modes.
 *	chmod [-Rcfv] MODE[,MODE]... FILE...
 * -c reports each change, -v each file, -f keeps quiet about failures.
 * MODE is octal or symbolic (see mode_apply in user/lib/mode.c).  -R
 * descends into directories without following symbolic links, which
 * chmod cannot change anyway; named links are followed.
 */
#define _XOPEN_SOURCE 700	/* nftw */
#include <sys/stat.h>
#include <errno.h>
#include <ftw.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"

#define MAX_OPEN_DIRS	64

static const char *spec;
static mode_t umask_bits;
static int quiet, status = EXIT_SUCCESS;
static enum { SILENT, CHANGES, VERBOSE } report;

static int
change(const char *path, const struct stat *st)
{
	char before[MODE_STRSZ], after[MODE_STRSZ];
	mode_t mode;

	if (mode_apply(spec, st->st_mode, S_ISDIR(st->st_mode), umask_bits,
	    &mode) != 0)
		error(EXIT_FAILURE, 0, "invalid mode: '%s'", spec);
	if (chmod(path, mode & ~S_IFMT) != 0) {
		if (!quiet)
			error(0, errno, "changing permissions of '%s'", path);
		status = EXIT_FAILURE;
		return -1;
	}
	mode_string(st->st_mode, before);
	mode_string(mode, after);
	if ((st->st_mode & ~S_IFMT) != (mode & ~S_IFMT) && report != SILENT)
		printf("mode of '%s' changed from %04o (%s) to %04o (%s)\n", path,
		    st->st_mode & ~S_IFMT, before + 1, mode & ~S_IFMT, after + 1);
	else if (report == VERBOSE)
		printf("mode of '%s' retained as %04o (%s)\n", path,
		    mode & ~S_IFMT, after + 1);
	return 0;
}

static int
visit(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	(void)ftw;
	switch (type) {
	case FTW_NS:
		error(0, errno, "cannot access '%s'", path);
		status = EXIT_FAILURE;
		break;
	case FTW_DNR:
		/* Change it anyway: that may be what makes it readable. */
		change(path, st);
		error(0, EACCES, "cannot read directory '%s'", path);
		status = EXIT_FAILURE;
		break;
	case FTW_SL:
	case FTW_SLN:
		break;
	default:
		change(path, st);
		break;
	}
	return 0;
}

/* A mode-like option ("-w", "-x", "-rwx") is really the mode operand. */
static int
is_mode_option(const char *arg)
{
	return arg[0] == '-' && arg[1] != '\0' &&
	    strspn(arg + 1, "rwxXst") == strlen(arg + 1);
}

int
main(int argc, char **argv)
{
	struct stat st;
	int recursive = 0, c, i;
	mode_t scratch;

	umask_bits = umask(0);
	umask(umask_bits);
	while (optind < argc && !is_mode_option(argv[optind]) &&
	    (c = getopt_help(argc, argv, "+Rfcv", "chmod [-Rcfv] MODE FILE...",
	    EXIT_FAILURE)) != -1) {
		switch (c) {
		case 'R': recursive = 1; break;
		case 'f': quiet = 1; break;
		case 'c': report = CHANGES; break;
		case 'v': report = VERBOSE; break;
		}
	}
	if (optind == argc)
		usage_error("missing operand", NULL);
	spec = argv[optind++];
	if (mode_apply(spec, 0, 0, umask_bits, &scratch) != 0) {
		error(0, 0, "invalid mode: '%s'", spec);
		try_help();
	}
	if (optind == argc) {
		error(0, 0, "missing operand after '%s'", spec);
		try_help();
	}
	for (i = optind; i < argc; i++) {
		if (stat(argv[i], &st) != 0) {
			if (!quiet)
				error(0, errno, "cannot access '%s'", argv[i]);
			status = EXIT_FAILURE;
		} else if (recursive && S_ISDIR(st.st_mode)) {
			nftw(argv[i], visit, MAX_OPEN_DIRS, FTW_PHYS);
		} else {
			change(argv[i], &st);
		}
	}
	return status;
}
