/*
 * touch: set file times to now, creating files that do not exist.
 *	touch [-acm] [-r REF | -d DATE | -t STAMP] FILE...
 * -c does not create, -a / -m change only the access / modification
 * time, -r copies REF's times, -d takes "YYYY-MM-DD[ HH:MM[:SS]]" or
 * "@SECONDS", -t takes [[CC]YY]MMDDhhmm[.ss].
 */
#include <sys/stat.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "util.h"

#define FILE_MODE	(S_IRUSR | S_IWUSR | S_IRGRP | S_IWGRP | S_IROTH | S_IWOTH)

enum { ATIME, MTIME };

/* -t [[CC]YY]MMDDhhmm[.ss] */
static int
parse_stamp(const char *s, struct timespec *ts)
{
	static const char *const with_cc[] = { "%Y%m%d%H%M.%S", "%Y%m%d%H%M", NULL };
	static const char *const with_yy[] = { "%y%m%d%H%M.%S", "%y%m%d%H%M", NULL };
	static const char *const no_year[] = { "%m%d%H%M.%S", "%m%d%H%M", NULL };
	size_t digits = strcspn(s, ".");
	time_t now = time(NULL);
	struct tm tm;
	int year = localtime(&now)->tm_year;

	if (digits == 12 ? parse_time_with(s, with_cc, &tm) :
	    digits == 10 ? parse_time_with(s, with_yy, &tm) :
	    digits == 8 ? parse_time_with(s, no_year, &tm) : -1)
		return -1;
	if (digits == 8)
		tm.tm_year = year;
	tm.tm_isdst = -1;
	ts->tv_sec = mktime(&tm);
	ts->tv_nsec = 0;
	return 0;
}

int
main(int argc, char **argv)
{
	struct timespec times[2] = { { 0, UTIME_NOW }, { 0, UTIME_NOW } };
	struct stat st;
	int no_create = 0, only_a = 0, only_m = 0, c, i, fd;
	int status = EXIT_SUCCESS;

	while ((c = getopt_help(argc, argv, "acmr:d:t:f",
	    "touch [-acm] [-r REF | -d DATE | -t STAMP] FILE...",
	    EXIT_FAILURE)) != -1) {
		switch (c) {
		case 'a': only_a = 1; break;
		case 'c': no_create = 1; break;
		case 'm': only_m = 1; break;
		case 'f': break;	/* ignored, as in coreutils */
		case 'r':
			if (stat(optarg, &st) != 0)
				error(EXIT_FAILURE, errno,
				    "failed to get attributes of '%s'", optarg);
			times[ATIME] = st.st_atim;
			times[MTIME] = st.st_mtim;
			break;
		case 'd':
			if (parse_date(optarg, &times[ATIME]) != 0)
				error(EXIT_FAILURE, 0, "invalid date format '%s'",
				    optarg);
			times[MTIME] = times[ATIME];
			break;
		case 't':
			if (parse_stamp(optarg, &times[ATIME]) != 0)
				error(EXIT_FAILURE, 0, "invalid date format '%s'",
				    optarg);
			times[MTIME] = times[ATIME];
			break;
		}
	}
	if (only_a && !only_m)
		times[MTIME].tv_nsec = UTIME_OMIT;
	if (only_m && !only_a)
		times[ATIME].tv_nsec = UTIME_OMIT;
	if (optind == argc)
		usage_error("missing file operand", NULL);
	for (i = optind; i < argc; i++) {
		if (!no_create && (fd = open(argv[i], O_WRONLY | O_CREAT |
		    O_NOCTTY | O_NONBLOCK | O_CLOEXEC, FILE_MODE)) >= 0)
			close(fd);
		if (utimensat(AT_FDCWD, argv[i], times, 0) == 0)
			continue;
		if (no_create && errno == ENOENT)
			continue;
		error(0, errno, "cannot touch '%s'", argv[i]);
		status = EXIT_FAILURE;
	}
	return status;
}
