/* dirname: print each name with its last component removed. */
#include <stdlib.h>
#include <unistd.h>

#include "util.h"

int
main(int argc, char **argv)
{
	char *d;
	int i;

	while (getopt_help(argc, argv, "", "dirname NAME...", EXIT_FAILURE) != -1)
		continue;
	if (optind == argc)
		usage_error("missing operand", NULL);
	for (i = optind; i < argc; i++) {
		d = dir_name(argv[i]);
		puts(d);
		free(d);
	}
	return fflush(stdout) == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
