/*
 * mount: list or attach file systems, with util-linux's syntax, listing
 * format and messages.
 *	mount [-t TYPE]				list /proc/mounts (of TYPE)
 *	mount [-rw] [-t TYPE] [-o OPTS] SRC DIR
 *	mount [-o OPTS] SRC|DIR			take the rest from /etc/fstab
 *	mount -a [-t TYPE]			every fstab entry but noauto
 * Generic options (ro, nosuid, noexec, remount, bind, noatime...) become
 * mount(2) flags; the others are passed to the file system as its data.
 */
#include <sys/mount.h>
#include <sys/stat.h>
#include <errno.h>
#include <limits.h>
#include <mntent.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"

#define USAGE	"mount [-arw] [-t TYPE] [-o OPTIONS] [SOURCE] [DIRECTORY]"
#define MOUNTS	"/proc/mounts"
#define FSTAB	"/etc/fstab"
#define EXIT_MOUNT_FAILED	32	/* util-linux's "mount failure" */

static const struct {
	const char *name;
	unsigned long set, clear;
} flag_opts[] = {
	{ "defaults", 0, 0 },
	{ "ro", MS_RDONLY, 0 },
	{ "rw", 0, MS_RDONLY },
	{ "nosuid", MS_NOSUID, 0 },
	{ "suid", 0, MS_NOSUID },
	{ "nodev", MS_NODEV, 0 },
	{ "dev", 0, MS_NODEV },
	{ "noexec", MS_NOEXEC, 0 },
	{ "exec", 0, MS_NOEXEC },
	{ "sync", MS_SYNCHRONOUS, 0 },
	{ "async", 0, MS_SYNCHRONOUS },
	{ "dirsync", MS_DIRSYNC, 0 },
	{ "remount", MS_REMOUNT, 0 },
	{ "bind", MS_BIND, 0 },
	{ "rbind", MS_BIND | MS_REC, 0 },
	{ "noatime", MS_NOATIME, 0 },
	{ "atime", 0, MS_NOATIME },
	{ "nodiratime", MS_NODIRATIME, 0 },
	{ "relatime", MS_RELATIME, 0 },
	{ "strictatime", MS_STRICTATIME, 0 },
	{ "auto", 0, 0 },
	{ "noauto", 0, 0 },
	{ "user", 0, 0 },
	{ "nouser", 0, 0 },
};

struct request {
	const char *src, *dir, *type;
	unsigned long flags;
	char	*data;		/* options mount(2) does not know */
};

/* Fold an option list into r: flags, and the rest appended to data. */
static void
parse_options(const char *opts, struct request *r)
{
	char *copy = xstrdup(opts), *o, *save = NULL;
	size_t i, n;

	for (o = strtok_r(copy, ",", &save); o != NULL;
	    o = strtok_r(NULL, ",", &save)) {
		for (i = 0; i < sizeof(flag_opts) / sizeof(flag_opts[0]); i++)
			if (strcmp(o, flag_opts[i].name) == 0)
				break;
		if (i < sizeof(flag_opts) / sizeof(flag_opts[0])) {
			r->flags = (r->flags | flag_opts[i].set) &
			    ~flag_opts[i].clear;
			continue;
		}
		n = r->data != NULL ? strlen(r->data) : 0;
		r->data = xrealloc(r->data, n + strlen(o) + 2);
		if (n > 0)
			r->data[n++] = ',';
		strcpy(r->data + n, o);
	}
	free(copy);
}

static int
list(const char *type)
{
	FILE *f = setmntent(MOUNTS, "r");
	struct mntent *me;

	if (f == NULL)
		error(EXIT_MOUNT_FAILED, errno, "cannot read %s", MOUNTS);
	while ((me = getmntent(f)) != NULL)
		if (type == NULL || strcmp(type, me->mnt_type) == 0)
			printf("%s on %s type %s (%s)\n", me->mnt_fsname,
			    me->mnt_dir, me->mnt_type, me->mnt_opts);
	endmntent(f);
	return EXIT_SUCCESS;
}

/*
 * util-linux's explanation of a failed mount(2), naming the mount point
 * by its canonical path when it exists.
 */
static void
explain(const struct request *r, int err)
{
	char canonical[PATH_MAX];
	const char *dir = realpath(r->dir, canonical) ? canonical : r->dir;
	struct stat st;

	switch (err) {
	case ENOENT:
		if (stat(dir, &st) != 0)
			error(0, 0, "%s: mount point does not exist.", dir);
		else
			error(0, 0, "%s: special device %s does not exist.",
			    dir, r->src);
		break;
	case ENOTDIR:
		error(0, 0, "%s: mount point is not a directory.", dir);
		break;
	case ENODEV:
		error(0, 0, "%s: unknown filesystem type '%s'.", dir,
		    r->type != NULL ? r->type : "");
		break;
	case EPERM:
		error(0, 0, "%s: must be superuser to use mount.", dir);
		break;
	case EBUSY:
		error(0, 0, "%s: %s already mounted or mount point busy.",
		    dir, r->src);
		break;
	default:
		error(0, 0, "%s: mount(2) system call failed: %s.", dir,
		    strerror(err));
		break;
	}
	fprintf(stderr, "       dmesg(1) may have more information after "
	    "failed mount system call.\n");
}

static int
do_mount(const struct request *r)
{
	if (mount(r->src, r->dir, r->type, r->flags, r->data) == 0)
		return EXIT_SUCCESS;
	explain(r, errno);
	return EXIT_MOUNT_FAILED;
}

/* Complete r from the fstab entry whose source or directory is what. */
static int
from_fstab(const char *what, struct request *r, const char *cmdline_opts)
{
	FILE *f = setmntent(FSTAB, "r");
	struct mntent *me;
	int found = 0;

	while (f != NULL && !found && (me = getmntent(f)) != NULL) {
		if (strcmp(me->mnt_dir, what) != 0 &&
		    strcmp(me->mnt_fsname, what) != 0)
			continue;
		r->src = xstrdup(me->mnt_fsname);
		r->dir = xstrdup(me->mnt_dir);
		r->type = xstrdup(me->mnt_type);
		parse_options(me->mnt_opts, r);
		found = 1;
	}
	if (f != NULL)
		endmntent(f);
	if (!found) {
		error(0, 0, "%s: can't find in %s.", what, FSTAB);
		return -1;
	}
	if (cmdline_opts != NULL)
		parse_options(cmdline_opts, r);
	return 0;
}

static int
is_mounted(const char *dir)
{
	FILE *f = setmntent(MOUNTS, "r");
	struct mntent *me;
	int found = 0;

	while (f != NULL && !found && (me = getmntent(f)) != NULL)
		found = strcmp(me->mnt_dir, dir) == 0;
	if (f != NULL)
		endmntent(f);
	return found;
}

static int
mount_all(const char *type, const char *opts)
{
	FILE *f = setmntent(FSTAB, "r");
	struct mntent *me;
	struct request r;
	int status = EXIT_SUCCESS;

	if (f == NULL)
		error(EXIT_MOUNT_FAILED, errno, "cannot read %s", FSTAB);
	while ((me = getmntent(f)) != NULL) {
		if (hasmntopt(me, "noauto") != NULL ||
		    strcmp(me->mnt_type, "swap") == 0 ||
		    (type != NULL && strcmp(type, me->mnt_type) != 0))
			continue;
		memset(&r, 0, sizeof(r));
		r.src = me->mnt_fsname;
		r.dir = me->mnt_dir;
		r.type = me->mnt_type;
		parse_options(me->mnt_opts, &r);
		if (opts != NULL)
			parse_options(opts, &r);
		/* Already mounted there: that is what -a wants. */
		if (!is_mounted(me->mnt_dir) && do_mount(&r) != EXIT_SUCCESS)
			status = EXIT_MOUNT_FAILED;
		free(r.data);
	}
	endmntent(f);
	return status;
}

int
main(int argc, char **argv)
{
	struct request r = { NULL, NULL, NULL, 0, NULL };
	const char *opts = NULL;
	int all = 0, c, n;

	while ((c = getopt_help(argc, argv, "at:o:rwvn", USAGE,
	    EXIT_FAILURE)) != -1) {
		switch (c) {
		case 'a': all = 1; break;
		case 't': r.type = optarg; break;
		case 'o': opts = optarg; break;
		case 'r': r.flags |= MS_RDONLY; break;
		case 'w': r.flags &= ~MS_RDONLY; break;
		case 'v': break;
		case 'n': break;	/* no mtab to leave alone */
		}
	}
	n = argc - optind;
	if (all)
		return mount_all(r.type, opts);
	if (n == 0 && opts == NULL)
		return list(r.type);
	if (n == 1)
		return from_fstab(argv[optind], &r, opts) == 0 ?
		    do_mount(&r) : EXIT_FAILURE;
	if (n != 2) {
		error(0, 0, "bad usage");
		try_help();
	}
	r.src = argv[optind];
	r.dir = argv[optind + 1];
	if (opts != NULL)
		parse_options(opts, &r);
	return do_mount(&r);
}
