/*
 * Dates as touch -d and date -d take them: "YYYY-MM-DD[ HH:MM[:SS]]",
 * with a T instead of the space, or "@SECONDS" since the epoch; local
 * time unless the string says otherwise.
 */
#define _GNU_SOURCE	/* strptime */
#include <string.h>
#include <time.h>

#include "util.h"

/* The first of formats that consumes all of s fills tm; 0 on success. */
int
parse_time_with(const char *s, const char *const *formats, struct tm *tm)
{
	const char *end;

	for (; *formats != NULL; formats++) {
		memset(tm, 0, sizeof(*tm));
		end = strptime(s, *formats, tm);
		if (end != NULL && *end == '\0')
			return 0;
	}
	return -1;
}

int
parse_date(const char *s, struct timespec *ts)
{
	static const char *const formats[] = {
		"%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S",
		"%Y-%m-%d", NULL,
	};
	struct tm tm;
	intmax_t secs;

	ts->tv_nsec = 0;
	if (s[0] == '@') {
		if (parse_intmax(s + 1, 10, &secs) != 0)
			return -1;
		ts->tv_sec = secs;
		return 0;
	}
	if (parse_time_with(s, formats, &tm) != 0)
		return -1;
	tm.tm_isdst = -1;
	ts->tv_sec = mktime(&tm);
	return 0;
}
