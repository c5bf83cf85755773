/*
 * basename: strip the directory and, if given, a suffix from file names.
 *	basename NAME [SUFFIX]
 *	basename -a [-s SUFFIX] NAME...
 * The suffix is kept if it is the whole name, as POSIX requires.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"

static void
print_base(const char *path, const char *suffix)
{
	char *b = base_name(path);
	size_t n = strlen(b), sl = suffix != NULL ? strlen(suffix) : 0;

	if (sl > 0 && sl < n && strcmp(b + n - sl, suffix) == 0)
		b[n - sl] = '\0';
	puts(b);
	free(b);
}

int
main(int argc, char **argv)
{
	const char *suffix = NULL;
	int multiple = 0, c, i;

	while ((c = getopt_help(argc, argv, "as:",
	    "basename NAME [SUFFIX]\n   or: basename -a [-s SUFFIX] NAME...",
	    EXIT_FAILURE)) != -1) {
		if (c == 's')
			suffix = optarg;
		multiple = 1;
	}
	if (optind == argc)
		usage_error("missing operand", NULL);
	if (!multiple) {
		if (argc - optind > 2)
			usage_error("extra operand", argv[optind + 2]);
		print_base(argv[optind], argv[optind + 1]);
	} else {
		for (i = optind; i < argc; i++)
			print_base(argv[i], suffix);
	}
	return fflush(stdout) == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
