/*
 * Human-readable sizes as coreutils prints them for ls -h, du -h and df -h:
 * powers of 1024, always rounded up (a file never looks smaller than it
 * is), one decimal below 10 and none above.  Integer arithmetic only, so
 * the largest 64-bit sizes stay exact.
 */
#include "util.h"

#define HUMAN_BASE	1024
#define DECIMAL_BELOW	10	/* one decimal place under this value */

char *
human_size(uintmax_t n, char buf[HUMAN_BUFSZ])
{
	static const char units[] = "KMGTPE";
	uintmax_t unit = HUMAN_BASE, q, r, tenths;
	int power = 0;

	if (n < HUMAN_BASE) {
		snprintf(buf, HUMAN_BUFSZ, "%ju", n);
		return buf;
	}
	while (n / unit >= HUMAN_BASE && units[power + 1] != '\0') {
		unit *= HUMAN_BASE;
		power++;
	}
	q = n / unit;
	r = n % unit;
	if (q < DECIMAL_BELOW) {
		/* r < unit <= 2^60, so r * 10 cannot overflow. */
		tenths = q * 10 + (r * 10 + unit - 1) / unit;
		if (tenths < DECIMAL_BELOW * 10) {
			snprintf(buf, HUMAN_BUFSZ, "%ju.%ju%c", tenths / 10,
			    tenths % 10, units[power]);
			return buf;
		}
	}
	q += r != 0;
	/* Rounding up can carry into the next unit: 1023.1K is 1.0M. */
	if (q >= HUMAN_BASE && units[power + 1] != '\0')
		snprintf(buf, HUMAN_BUFSZ, "1.0%c", units[power + 1]);
	else
		snprintf(buf, HUMAN_BUFSZ, "%ju%c", q, units[power]);
	return buf;
}
