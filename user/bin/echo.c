/*
 * echo: write the arguments separated by spaces.  -n drops the newline,
 * -e interprets backslash escapes (\c stops all output), -E turns them
 * off again.  Like coreutils, an argument is an option only if every
 * character after the '-' is one of n, e, E; anything else is printed.
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

static int
is_option(const char *s)
{
	if (s[0] != '-' || s[1] == '\0')
		return 0;
	return strspn(s + 1, "neE") == strlen(s + 1);
}

/* Up to max digits of base at *pp; the value, *pp moved past them. */
static int
digits(const char **pp, int base, int max)
{
	static const char hex[] = "0123456789abcdef";
	const char *d;
	int v = 0;

	for (; max > 0 && **pp != '\0'; max--, (*pp)++) {
		d = strchr(hex, tolower((unsigned char)**pp));
		if (d == NULL || d - hex >= base)
			break;
		v = v * base + (d - hex);
	}
	return v;
}

/* Print s with escapes; 1 if \c asked to stop all output. */
static int
put_escaped(const char *s)
{
	static const char from[] = "abefnrtv\\", to[] = "\a\b\033\f\n\r\t\v\\";
	const char *e;

	while (*s != '\0') {
		if (*s != '\\' || s[1] == '\0') {
			putchar(*s++);
			continue;
		}
		s++;
		if (*s == 'c')
			return 1;
		if ((e = strchr(from, *s)) != NULL) {
			putchar(to[e - from]);
			s++;
		} else if (*s == '0') {
			s++;
			putchar(digits(&s, 8, 3));
		} else if (*s == 'x' && strchr("0123456789abcdefABCDEF", s[1])) {
			s++;
			putchar(digits(&s, 16, 2));
		} else {
			putchar('\\');
		}
	}
	return 0;
}

int
main(int argc, char **argv)
{
	int newline = 1, escapes = 0, i;
	const char *p;

	for (i = 1; i < argc && is_option(argv[i]); i++) {
		for (p = argv[i] + 1; *p != '\0'; p++) {
			if (*p == 'n')
				newline = 0;
			else
				escapes = *p == 'e';
		}
	}
	for (; i < argc; i++) {
		if (escapes) {
			if (put_escaped(argv[i]))
				return fflush(stdout) == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
		} else {
			fputs(argv[i], stdout);
		}
		if (i + 1 < argc)
			putchar(' ');
	}
	if (newline)
		putchar('\n');
	if (fflush(stdout) != 0)
		error(EXIT_FAILURE, errno, "write error");
	return EXIT_SUCCESS;
}
