/*
 * Strict number parsing: the whole string must be a number that fits,
 * unlike atoi(), so "12abc" or "" is reported to the user instead of being
 * taken as 12 or 0.
 */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

int
parse_uintmax(const char *s, int base, uintmax_t *out)
{
	char *end;
	uintmax_t v;

	while (isspace((unsigned char)*s))
		s++;
	if (*s == '\0' || *s == '-')
		return -1;
	errno = 0;
	v = strtoumax(s, &end, base);
	if (errno != 0 || *end != '\0')
		return -1;
	*out = v;
	return 0;
}

int
parse_intmax(const char *s, int base, intmax_t *out)
{
	char *end;
	intmax_t v;

	if (*s == '\0')
		return -1;
	errno = 0;
	v = strtoimax(s, &end, base);
	if (errno != 0 || *end != '\0')
		return -1;
	*out = v;
	return 0;
}

/*
 * A count with an optional multiplier suffix as head(1) and tail(1) take
 * it: b = 512, K/KiB = 1024, KB = 1000, and so on up to E.
 */
int
parse_size(const char *s, uintmax_t *out)
{
	static const char units[] = "KMGTPE";
	char *end;
	const char *u;
	uintmax_t v, mult = 1, base = 1024;
	int power;

	if (*s == '\0' || *s == '-')
		return -1;
	errno = 0;
	v = strtoumax(s, &end, 10);
	if (errno != 0 || end == s)
		return -1;
	if (*end == '\0') {
		*out = v;
		return 0;
	}
	if (strcmp(end, "b") == 0) {
		mult = 512;
	} else {
		u = strchr(units, toupper((unsigned char)*end));
		if (u == NULL)
			return -1;
		if (strcmp(end + 1, "B") == 0)
			base = 1000;
		else if (end[1] != '\0' && strcmp(end + 1, "iB") != 0)
			return -1;
		for (power = u - units + 1; power > 0; power--)
			mult *= base;
	}
	if (v > UINTMAX_MAX / mult)
		return -1;
	*out = v * mult;
	return 0;
}

/* sleep(1)'s argument: a decimal number of seconds with s, m, h or d. */
int
parse_duration(const char *s, double *out)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (errno != 0 || end == s || v < 0 || isnan(v))
		return -1;
	switch (*end) {
	case '\0':
	case 's':
		break;
	case 'm':
		v *= 60;
		break;
	case 'h':
		v *= 60 * 60;
		break;
	case 'd':
		v *= 24 * 60 * 60;
		break;
	default:
		return -1;
	}
	if (*end != '\0' && end[1] != '\0')
		return -1;
	*out = v;
	return 0;
}

/*
 * The obsolete count argument of head and tail ("-5", and for tail "+5"):
 * if argv[1] is one, take it out of the arguments getopt will see and
 * return the count ("5" or "+5"); else NULL.
 */
const char *
obsolete_count(int *argc, char ***argv, int plus_too)
{
	char **v = *argv;
	const char *count;

	if (*argc < 2 || !(v[1][0] == '-' || (plus_too && v[1][0] == '+')) ||
	    !isdigit((unsigned char)v[1][1]))
		return NULL;
	count = v[1][0] == '+' ? v[1] : v[1] + 1;
	v[1] = v[0];
	(*argv)++;
	(*argc)--;
	return count;
}
