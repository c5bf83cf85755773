/*
 * seq: print numbers from FIRST (1) by INCREMENT (1) up to LAST.
 *	seq [-w] [-s SEP] [FIRST [INCREMENT]] LAST
 * Whole numbers print as integers; otherwise every number gets as many
 * decimals as the most precise argument, as coreutils does.  -w pads
 * with leading zeros to a common width.  Each value is computed as
 * FIRST + i * INCREMENT, so rounding errors do not pile up.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"

#define NUM_BUFSZ	128

struct arg {
	long double value;
	int	 decimals;	/* digits after the point as written */
};

static void
parse_arg(const char *s, struct arg *a)
{
	const char *dot;
	char *end;

	errno = 0;
	a->value = strtold(s, &end);
	if (errno != 0 || end == s || *end != '\0' || a->value != a->value) {
		error(0, 0, "invalid floating point argument: '%s'", s);
		try_help();
	}
	dot = strchr(s, '.');
	a->decimals = dot != NULL && strpbrk(s, "eE") == NULL ?
	    (int)strspn(dot + 1, "0123456789") : 0;
}

static int
format(char *buf, long double v, int decimals, int width)
{
	/* -0 would print as "-0": seq prints 0. */
	if (v == 0)
		v = 0;
	return snprintf(buf, NUM_BUFSZ, "%0*.*Lf", width, decimals, v);
}

int
main(int argc, char **argv)
{
	const char *sep = "\n";
	struct arg a[3] = { { 1, 0 }, { 1, 0 }, { 0, 0 } };
	char buf[NUM_BUFSZ];
	long double v;
	uintmax_t i;
	int c, n, decimals, width = 0, equal = 0;

	/* Negative numbers are operands, not options: stop at them. */
	while (optind < argc && argv[optind][0] == '-' &&
	    (argv[optind][1] < '0' || argv[optind][1] > '9') &&
	    argv[optind][1] != '.' &&
	    (c = getopt_help(argc, argv, "+ws:", "seq [-w] [-s SEP] "
	    "[FIRST [INCREMENT]] LAST", EXIT_FAILURE)) != -1) {
		if (c == 's')
			sep = optarg;
		else
			equal = 1;
	}
	n = argc - optind;
	if (n < 1)
		usage_error("missing operand", NULL);
	if (n > 3)
		usage_error("extra operand", argv[optind + 3]);
	parse_arg(argv[argc - 1], &a[2]);
	if (n >= 2)
		parse_arg(argv[optind], &a[0]);
	if (n == 3)
		parse_arg(argv[optind + 1], &a[1]);
	if (a[1].value == 0) {
		error(0, 0, "invalid Zero increment value: '%s'", argv[optind + 1]);
		try_help();
	}
	decimals = a[0].decimals > a[1].decimals ? a[0].decimals : a[1].decimals;
	if (equal) {
		width = format(buf, a[0].value, decimals, 0);
		if (format(buf, a[2].value, decimals, 0) > width)
			width = format(buf, a[2].value, decimals, 0);
	}
	for (i = 0;; i++) {
		v = a[0].value + i * a[1].value;
		if (a[1].value > 0 ? v > a[2].value : v < a[2].value)
			break;
		if (i > 0)
			fputs(sep, stdout);
		format(buf, v, decimals, width);
		fputs(buf, stdout);
	}
	if (i > 0)
		putchar('\n');
	return fflush(stdout) == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
