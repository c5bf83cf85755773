/*
 * Option parsing with the coreutils conventions around getopt(3):
 * "--help" prints the usage text on stdout and exits 0; a bad option or
 * operand gets getopt's own message (or the caller's), then "Try 'NAME
 * --help' for more information." and the program's failure status.
 */
#define _GNU_SOURCE	/* program_invocation_name */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

/* Outside the range of option letters, so no short option can clash. */
#define HELP_OPTION	(CHAR_MAX + 1)

static const struct option help_only[] = {
	{ "help", no_argument, NULL, HELP_OPTION },
	{ NULL, 0, NULL, 0 },
};

static const char *usage_text;
static int usage_status = EXIT_FAILURE;

/* getopt() plus --help; usage_line is "NAME [OPTION]... ARGS". */
int
getopt_help(int argc, char **argv, const char *optstring,
    const char *usage_line, int fail_status)
{
	int c;

	usage_text = usage_line;
	usage_status = fail_status;
	c = getopt_long(argc, argv, optstring, help_only, NULL);
	if (c == HELP_OPTION) {
		printf("Usage: %s\n", usage_text);
		exit(EXIT_SUCCESS);
	}
	if (c == '?' || c == ':')
		try_help();
	return c;
}

/* After a usage message: point at --help and exit with the failure status. */
void
try_help(void)
{
	fprintf(stderr, "Try '%s --help' for more information.\n",
	    program_invocation_name);
	exit(usage_status);
}

/* "NAME: MESSAGE" then try_help(); for missing or extra operands. */
void
usage_error(const char *message, const char *operand)
{
	if (operand != NULL)
		error(0, 0, "%s '%s'", message, operand);
	else
		error(0, 0, "%s", message);
	try_help();
}
