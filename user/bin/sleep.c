/*
 * sleep: pause for the sum of the arguments, each a number of seconds
 * (fractions allowed) with an optional unit: s, m, h or d.
 */
#include <errno.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "util.h"

#define NSEC_PER_SEC	1000000000L

int
main(int argc, char **argv)
{
	struct timespec ts;
	double total = 0, secs;
	int i, bad = 0;

	while (getopt_help(argc, argv, "", "sleep NUMBER[SUFFIX]...",
	    EXIT_FAILURE) != -1)
		continue;
	if (optind == argc)
		usage_error("missing operand", NULL);
	for (i = optind; i < argc; i++) {
		if (parse_duration(argv[i], &secs) != 0) {
			error(0, 0, "invalid time interval '%s'", argv[i]);
			bad = 1;
		}
		total += secs;
	}
	if (bad)
		try_help();
	if (total >= (double)((time_t)1 << 62)) {
		ts.tv_sec = (time_t)1 << 62;
		ts.tv_nsec = 0;
	} else {
		ts.tv_sec = (time_t)total;
		ts.tv_nsec = (long)((total - ts.tv_sec) * NSEC_PER_SEC);
	}
	/* nanosleep() leaves the time still to sleep in ts when interrupted. */
	while (nanosleep(&ts, &ts) != 0) {
		if (errno != EINTR)
			error(EXIT_FAILURE, errno, "cannot read realtime clock");
	}
	return EXIT_SUCCESS;
}
