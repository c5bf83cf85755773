/*
 * date: print or set the system date and time.
 *	date [-uR] [-I[date|seconds]] [-d DATE | -r FILE] [+FORMAT]
 *	date [-u] -s DATE
 * FORMAT is strftime(3)'s; the default is coreutils' C-locale one.
 * DATE is "YYYY-MM-DD[ HH:MM[:SS]]" or "@SECONDS" (see user/lib).
 */
#include <sys/stat.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "util.h"

#define USAGE	"date [-uR] [-I[FMT]] [-d DATE | -r FILE | -s DATE] [+FORMAT]"
#define DEFAULT_FORMAT	"%a %b %e %H:%M:%S %Z %Y"
#define RFC_5322	"%a, %d %b %Y %H:%M:%S %z"
#define TEXT_BUFSZ	1024

static const char *
iso_format(const char *precision)
{
	if (precision == NULL || strcmp(precision, "date") == 0)
		return "%Y-%m-%d";
	if (strcmp(precision, "ns") == 0)
		return "%Y-%m-%dT%H:%M:%S,%N%:z";
	if (strcmp(precision, "hours") == 0)
		return "%Y-%m-%dT%H%:z";
	if (strcmp(precision, "minutes") == 0)
		return "%Y-%m-%dT%H:%M%:z";
	if (strcmp(precision, "seconds") == 0)
		return "%Y-%m-%dT%H:%M:%S%:z";
	error(0, 0, "invalid argument '%s' for '--iso-8601'", precision);
	fprintf(stderr, "Valid arguments are:\n  - 'hours'\n  - 'minutes'\n"
	    "  - 'date'\n  - 'seconds'\n  - 'ns'\n");
	try_help();
	return NULL;
}

/* f with every token replaced by value, newly allocated; f is freed. */
static char *
substitute(char *f, const char *token, const char *value)
{
	char *at, *out;
	size_t head;

	while ((at = strstr(f, token)) != NULL) {
		head = at - f;
		out = xmalloc(strlen(f) - strlen(token) + strlen(value) + 1);
		memcpy(out, f, head);
		strcpy(out + head, value);
		strcat(out, at + strlen(token));
		free(f);
		f = out;
	}
	return f;
}

/* strftime, plus the GNU %N (nanoseconds) and %:z (+hh:mm) it lacks. */
static void
print_time(const char *format, const struct tm *tm, long nsec)
{
	char buf[TEXT_BUFSZ], zone[8], colon_zone[16], ns[16];
	char *f = xstrdup(format);

	strftime(zone, sizeof(zone), "%z", tm);
	snprintf(colon_zone, sizeof(colon_zone), "%.3s:%s", zone, zone + 3);
	snprintf(ns, sizeof(ns), "%09ld", nsec);
	f = substitute(f, "%:z", colon_zone);
	f = substitute(f, "%N", ns);
	buf[0] = '\0';
	if (strftime(buf, sizeof(buf), f, tm) == 0 && f[0] != '\0')
		error(EXIT_FAILURE, 0, "format too long");
	puts(buf);
	free(f);
}

int
main(int argc, char **argv)
{
	const char *format = DEFAULT_FORMAT, *date = NULL, *ref = NULL;
	const char *set = NULL;
	struct timespec ts;
	struct stat st;
	struct tm *tm;
	int c;

	while ((c = getopt_help(argc, argv, "d:r:s:uRI::", USAGE,
	    EXIT_FAILURE)) != -1) {
		switch (c) {
		case 'd': date = optarg; break;
		case 'r': ref = optarg; break;
		case 's': set = optarg; break;
		case 'u': setenv("TZ", "UTC0", 1); break;
		case 'R': format = RFC_5322; break;
		case 'I': format = iso_format(optarg); break;
		}
	}
	if (argc - optind > 1)
		usage_error("extra operand", argv[optind + 1]);
	if (optind < argc && argv[optind][0] != '+')
		error(EXIT_FAILURE, 0, "invalid date '%s'", argv[optind]);
	if (optind < argc)
		format = argv[optind] + 1;
	clock_gettime(CLOCK_REALTIME, &ts);
	if (set != NULL)
		date = set;
	if (date != NULL && parse_date(date, &ts) != 0)
		error(EXIT_FAILURE, 0, "invalid date '%s'", date);
	if (ref != NULL) {
		if (stat(ref, &st) != 0)
			error(EXIT_FAILURE, errno, "%s", ref);
		ts = st.st_mtim;
	}
	if (set != NULL && clock_settime(CLOCK_REALTIME, &ts) != 0)
		error(0, errno, "cannot set date");
	if ((tm = localtime(&ts.tv_sec)) == NULL)
		error(EXIT_FAILURE, 0, "time %jd is out of range",
		    (intmax_t)ts.tv_sec);
	print_time(format, tm, ts.tv_nsec);
	return fflush(stdout) == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
