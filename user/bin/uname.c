/*
 * uname: print system information from uname(2).  -a prints every field
 * but the processor and hardware platform, which Linux cannot tell and
 * coreutils then leaves out; asked for by name they print "unknown".
 */
#include <sys/utsname.h>
#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

#include "util.h"

#define OS_NAME		"GNU/Linux"
#define UNKNOWN		"unknown"

enum {
	F_SYSNAME = 1 << 0, F_NODENAME = 1 << 1, F_RELEASE = 1 << 2,
	F_VERSION = 1 << 3, F_MACHINE = 1 << 4, F_PROCESSOR = 1 << 5,
	F_PLATFORM = 1 << 6, F_OS = 1 << 7,
	F_ALL = F_SYSNAME | F_NODENAME | F_RELEASE | F_VERSION | F_MACHINE | F_OS,
};

static int first = 1;

static void
field(int fields, int which, const char *text)
{
	if (!(fields & which))
		return;
	if (!first)
		putchar(' ');
	fputs(text, stdout);
	first = 0;
}

int
main(int argc, char **argv)
{
	struct utsname u;
	int fields = 0, all = 0, c;

	while ((c = getopt_help(argc, argv, "asnrvmpio",
	    "uname [-asnrvmpio]", EXIT_FAILURE)) != -1) {
		switch (c) {
		case 'a': all = 1; break;
		case 's': fields |= F_SYSNAME; break;
		case 'n': fields |= F_NODENAME; break;
		case 'r': fields |= F_RELEASE; break;
		case 'v': fields |= F_VERSION; break;
		case 'm': fields |= F_MACHINE; break;
		case 'p': fields |= F_PROCESSOR; break;
		case 'i': fields |= F_PLATFORM; break;
		case 'o': fields |= F_OS; break;
		}
	}
	if (optind < argc)
		usage_error("extra operand", argv[optind]);
	if (all)
		fields |= F_ALL;
	if (fields == 0)
		fields = F_SYSNAME;
	if (uname(&u) != 0)
		error(EXIT_FAILURE, errno, "cannot get system name");
	field(fields, F_SYSNAME, u.sysname);
	field(fields, F_NODENAME, u.nodename);
	field(fields, F_RELEASE, u.release);
	field(fields, F_VERSION, u.version);
	field(fields, F_MACHINE, u.machine);
	field(fields, F_PROCESSOR, UNKNOWN);
	field(fields, F_PLATFORM, UNKNOWN);
	field(fields, F_OS, OS_NAME);
	putchar('\n');
	return fflush(stdout) == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
