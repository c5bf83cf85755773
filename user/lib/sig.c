/*
 * Signal names for kill(1) and friends: "HUP", "SIGHUP", "hup", "1",
 * "RTMIN", "RTMIN+3" and "RTMAX-1" all name signals.  The abbreviations
 * come from glibc's sigabbrev_np(), so they match the C library exactly.
 */
#define _GNU_SOURCE	/* sigabbrev_np */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util.h"

#define RTMIN_NAME	"RTMIN"
#define RTMAX_NAME	"RTMAX"

static const struct {
	const char *name;
	int	 sig;
} aliases[] = {
	{ "IO", SIGIO },
	{ "IOT", SIGIOT },
	{ "CLD", SIGCHLD },
};

/* "RTMIN", "RTMIN+n", "RTMAX", "RTMAX-n", or -1. */
static int
rt_number(const char *s)
{
	uintmax_t off = 0;
	int base, sign;

	if (strncasecmp(s, RTMIN_NAME, strlen(RTMIN_NAME)) == 0) {
		base = SIGRTMIN;
		sign = 1;
	} else if (strncasecmp(s, RTMAX_NAME, strlen(RTMAX_NAME)) == 0) {
		base = SIGRTMAX;
		sign = -1;
	} else {
		return -1;
	}
	s += strlen(RTMIN_NAME);
	if (*s != '\0') {
		if (*s != (sign > 0 ? '+' : '-') ||
		    parse_uintmax(s + 1, 10, &off) != 0 ||
		    off > (uintmax_t)(SIGRTMAX - SIGRTMIN))
			return -1;
	}
	return base + sign * (int)off;
}

/* The signal number named by s, or -1. */
int
sig_number(const char *s)
{
	uintmax_t n;
	const char *abbrev;
	size_t i;
	int sig;

	if (parse_uintmax(s, 10, &n) == 0)
		return n < NSIG ? (int)n : -1;
	if (strncasecmp(s, "SIG", 3) == 0)
		s += 3;
	for (sig = 1; sig < NSIG; sig++) {
		abbrev = sigabbrev_np(sig);
		if (abbrev != NULL && strcasecmp(abbrev, s) == 0)
			return sig;
	}
	for (i = 0; i < sizeof(aliases) / sizeof(aliases[0]); i++)
		if (strcasecmp(aliases[i].name, s) == 0)
			return aliases[i].sig;
	return rt_number(s);
}

/* The abbreviation of sig ("HUP", "RTMIN+2"), or NULL if it has none. */
const char *
sig_name(int sig, char buf[16])
{
	const char *abbrev;

	if (sig >= SIGRTMIN && sig <= SIGRTMAX) {
		if (sig == SIGRTMIN)
			return RTMIN_NAME;
		if (sig == SIGRTMAX)
			return RTMAX_NAME;
		if (sig - SIGRTMIN <= (SIGRTMAX - SIGRTMIN) / 2)
			snprintf(buf, 16, RTMIN_NAME "+%d", sig - SIGRTMIN);
		else
			snprintf(buf, 16, RTMAX_NAME "-%d", SIGRTMAX - sig);
		return buf;
	}
	abbrev = sig > 0 && sig < NSIG ? sigabbrev_np(sig) : NULL;
	return abbrev;
}
