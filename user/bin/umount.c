/*
 * umount: detach file systems, with util-linux's messages.
 *	umount [-fl] DIRECTORY...
 * -f forces (MNT_FORCE), -l detaches lazily (MNT_DETACH).
 */
#include <sys/mount.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"

#define USAGE	"umount [-fl] DIRECTORY..."
#define EXIT_MOUNT_FAILED	32

static int
unmount(const char *dir, int flags)
{
	if (umount2(dir, flags) == 0)
		return 0;
	switch (errno) {
	case EINVAL:
		error(0, 0, "%s: not mounted.", dir);
		break;
	case ENOENT:
		error(0, 0, "%s: no mount point specified.", dir);
		break;
	case EBUSY:
		error(0, 0, "%s: target is busy.", dir);
		break;
	case EPERM:
		error(0, 0, "%s: must be superuser to unmount.", dir);
		break;
	default:
		error(0, 0, "%s: umount failed: %s.", dir, strerror(errno));
		break;
	}
	return -1;
}

int
main(int argc, char **argv)
{
	int flags = 0, c, i, status = EXIT_SUCCESS;

	while ((c = getopt_help(argc, argv, "flv", USAGE, EXIT_FAILURE)) != -1) {
		if (c == 'f')
			flags |= MNT_FORCE;
		else if (c == 'l')
			flags |= MNT_DETACH;
	}
	if (optind == argc) {
		error(0, 0, "bad usage");
		try_help();
	}
	for (i = optind; i < argc; i++)
		if (unmount(argv[i], flags) != 0)
			status = EXIT_MOUNT_FAILED;
	return status;
}
