/*
 * What head(1) and tail(1) share: their options (-n N, -c N, -q, -v, the
 * old "-5" spelling, and tail's -f and "+N") and the walk over the files,
 * where "-" or no operand at all is standard input and several files get
 * "==> NAME <==" headers.
 */
#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

#include "util.h"

#define DEFAULT_LINES	10

/* The count of -n or -c: a sign ('-', and '+' where plus_ok), then a size. */
static void
set_count(struct headtail *ht, const char *arg, int plus_ok)
{
	if (arg[0] == '-' || (plus_ok && arg[0] == '+'))
		ht->sign = arg[0];
	if (parse_size(arg + (ht->sign != 0), &ht->count) != 0)
		error(EXIT_FAILURE, 0, "invalid number of %s: '%s'",
		    ht->bytes ? "bytes" : "lines", arg);
}

void
headtail_parse(int *argc, char ***argv, const char *optstring,
    const char *usage, int plus_ok, struct headtail *ht)
{
	const char *count_arg = obsolete_count(argc, argv, plus_ok);
	int c;

	*ht = (struct headtail){ .count = DEFAULT_LINES, .headers = -1 };
	while ((c = getopt_help(*argc, *argv, optstring, usage,
	    EXIT_FAILURE)) != -1) {
		switch (c) {
		case 'n': ht->bytes = 0; count_arg = optarg; break;
		case 'c': ht->bytes = 1; count_arg = optarg; break;
		case 'f': ht->follow = 1; break;
		case 'q': ht->headers = 0; break;
		case 'v': ht->headers = 1; break;
		}
	}
	if (count_arg != NULL)
		set_count(ht, count_arg, plus_ok);
	*argc -= optind;
	*argv += optind;
}

int
headtail_each(int n, char **names, const struct headtail *ht,
    int (*fn)(FILE *, int))
{
	int headers = ht->headers < 0 ? n > 1 : ht->headers;
	int files = n > 0 ? n : 1, printed = 0, status = EXIT_SUCCESS, i;
	FILE *f;

	for (i = 0; i < files; i++) {
		const char *name = n > 0 ? names[i] : "-";

		if ((f = open_input(name)) == NULL) {
			error(0, errno, "cannot open '%s' for reading", name);
			status = EXIT_FAILURE;
			continue;
		}
		if (headers)
			printf("%s==> %s <==\n", printed++ ? "\n" : "",
			    f == stdin ? "standard input" : name);
		if (fn(f, i + 1 == files) != 0) {
			error(0, errno, "error reading '%s'", name);
			status = EXIT_FAILURE;
		}
		close_input(f);
	}
	if (fflush(stdout) != 0)
		error(EXIT_FAILURE, errno, "write error");
	return status;
}
