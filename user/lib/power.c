/*
 * The body of poweroff(8) and reboot(8): flush the file systems with
 * sync(2), then ask the kernel to stop or restart the machine with
 * reboot(2).  Kite's init does nothing at shutdown that a program must
 * wait for, so -f (skip init) is accepted and changes nothing.
 */
#include <sys/reboot.h>
#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

#include "util.h"

int
power_main(int argc, char **argv, int how)
{
	int c;

	while ((c = getopt_help(argc, argv, "fnw",
	    "poweroff|reboot [-f]", EXIT_FAILURE)) != -1) {
		switch (c) {
		case 'f': break;
		case 'n': break;	/* -n: do not sync; we always do */
		case 'w':
			return EXIT_SUCCESS;	/* -w: only write a wtmp record */
		}
	}
	sync();
	if (reboot(how) != 0)
		error(EXIT_FAILURE, errno, "cannot %s",
		    how == RB_POWER_OFF ? "power off" : "reboot");
	return EXIT_SUCCESS;
}
