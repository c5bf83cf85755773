/* whoami: print the name of the effective user (from /etc/passwd). */
#include <unistd.h>
#include <stdlib.h>

#include "util.h"

int
main(int argc, char **argv)
{
	uid_t uid = geteuid();
	const char *name;

	while (getopt_help(argc, argv, "", "whoami", EXIT_FAILURE) != -1)
		continue;
	if (optind < argc)
		usage_error("extra operand", argv[optind]);
	if ((name = user_name(uid)) == NULL)
		error(EXIT_FAILURE, 0, "cannot find name for user ID %ju",
		    (uintmax_t)uid);
	puts(name);
	return fflush(stdout) == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
