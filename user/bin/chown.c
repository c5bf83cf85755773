/*
 * chown: change the owner and/or group of files.
 *	chown [-Rh] OWNER[:[GROUP]] FILE...	"OWNER:" also sets OWNER's
 *	chown [-Rh] :GROUP FILE...		login group
 * Names come from /etc/passwd and /etc/group, numbers are taken as they
 * are.  -h changes symbolic links themselves; -R never follows them.
 */
#define _XOPEN_SOURCE 700	/* nftw */
#include <sys/stat.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"

#define MAX_OPEN_DIRS	64

static uid_t uid = (uid_t)-1;
static gid_t gid = (gid_t)-1;
static int status = EXIT_SUCCESS;

static void
change(const char *path, int nofollow)
{
	struct stat st;

	if (fstatat(AT_FDCWD, path, &st, nofollow ? AT_SYMLINK_NOFOLLOW : 0)) {
		error(0, errno, "cannot access '%s'", path);
		status = EXIT_FAILURE;
	} else if (fchownat(AT_FDCWD, path, uid, gid,
	    nofollow ? AT_SYMLINK_NOFOLLOW : 0) != 0) {
		error(0, errno, "changing ownership of '%s'", path);
		status = EXIT_FAILURE;
	}
}

static int
visit(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	if (type == FTW_NS) {
		error(0, errno, "cannot access '%s'", path);
		status = EXIT_FAILURE;
	} else {
		change(path, 1);
		if (type == FTW_DNR) {
			error(0, EACCES, "cannot read directory '%s'", path);
			status = EXIT_FAILURE;
		}
	}
	return 0;
}

/* OWNER[:[GROUP]] or :GROUP; exits on an unknown name. */
static void
parse_spec(char *spec)
{
	char *colon = strchr(spec, ':');
	gid_t login_group;

	if (colon == NULL)
		colon = strchr(spec, '.');
	if (colon != NULL)
		*colon = '\0';
	if (*spec != '\0' && owner_parse(spec, &uid, &login_group) != 0) {
		if (colon != NULL)
			*colon = ':';
		error(EXIT_FAILURE, 0, "invalid user: '%s'", spec);
	}
	if (colon == NULL)
		return;
	if (colon[1] == '\0') {
		if (*spec != '\0' && user_lookup(spec, &uid, &login_group) == 0)
			gid = login_group;
		return;
	}
	if (group_parse(colon + 1, &gid) != 0) {
		*colon = ':';
		error(EXIT_FAILURE, 0, "invalid group: '%s'", spec);
	}
}

int
main(int argc, char **argv)
{
	struct stat st;
	int recursive = 0, nofollow = 0, c, i;

	while ((c = getopt_help(argc, argv, "Rhf", "chown [-Rh] "
	    "[OWNER][:[GROUP]] FILE...", EXIT_FAILURE)) != -1) {
		switch (c) {
		case 'R': recursive = 1; break;
		case 'h': nofollow = 1; break;
		case 'f': break;
		}
	}
	if (optind == argc)
		usage_error("missing operand", NULL);
	if (optind + 1 == argc) {
		error(0, 0, "missing operand after '%s'", argv[optind]);
		try_help();
	}
	parse_spec(argv[optind++]);
	for (i = optind; i < argc; i++) {
		if (recursive && lstat(argv[i], &st) == 0 && S_ISDIR(st.st_mode))
			nftw(argv[i], visit, MAX_OPEN_DIRS, FTW_PHYS);
		else
			change(argv[i], nofollow || recursive);
	}
	return status;
}
