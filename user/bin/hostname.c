/*
 * hostname: print the host name, or set it with one argument
 * (sethostname(2), which needs CAP_SYS_ADMIN).  -s prints it up to the
 * first dot.
 */
#include <sys/utsname.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"

int
main(int argc, char **argv)
{
	struct utsname u;
	int shorten = 0, c;

	while ((c = getopt_help(argc, argv, "s", "hostname [-s] [NAME]",
	    EXIT_FAILURE)) != -1)
		shorten = c == 's';
	if (optind < argc) {
		if (sethostname(argv[optind], strlen(argv[optind])) != 0)
			error(EXIT_FAILURE, errno, "you must be root to change the host name");
		return EXIT_SUCCESS;
	}
	if (uname(&u) != 0)
		error(EXIT_FAILURE, errno, "uname");
	if (shorten)
		u.nodename[strcspn(u.nodename, ".")] = '\0';
	puts(u.nodename);
	return fflush(stdout) == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
