/*
 * wc: count lines, words and bytes (-l, -w, -c; all three by default, in
 * that order), per file and in total.  Columns are as wide as the total
 * size of the regular files needs (at least 7 when a pipe or terminal is
 * counted), as in coreutils; a single count of a single file is not
 * padded at all.
 */
#include <sys/stat.h>
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"

#define USAGE	"wc [-clmw] [FILE]..."
#define PIPE_WIDTH	7

enum { LINES, WORDS, BYTES, NCOUNTS };

static int want[NCOUNTS], width = 1;

static void
count_file(FILE *f, uintmax_t c[NCOUNTS])
{
	int ch, in_word = 0;

	while ((ch = getc(f)) != EOF) {
		c[BYTES]++;
		if (ch == '\n')
			c[LINES]++;
		if (isspace(ch)) {
			in_word = 0;
		} else if (!in_word && isprint(ch)) {
			in_word = 1;
			c[WORDS]++;
		}
	}
}

static void
print_counts(const uintmax_t c[NCOUNTS], const char *name)
{
	int i, first = 1;

	for (i = 0; i < NCOUNTS; i++) {
		if (!want[i])
			continue;
		printf("%s%*ju", first ? "" : " ", width, c[i]);
		first = 0;
	}
	if (name != NULL)
		printf(" %s", name);
	putchar('\n');
}

/* Digits needed for the total size of the inputs, as coreutils guesses. */
static void
set_width(char **names, int n)
{
	struct stat st;
	uintmax_t total = 0;
	int i, min = 1;

	if (want[LINES] + want[WORDS] + want[BYTES] == 1 && n <= 1)
		return;
	for (i = 0; i < (n > 0 ? n : 1); i++) {
		if (n > 0 && strcmp(names[i], "-") != 0 ? stat(names[i], &st) :
		    fstat(STDIN_FILENO, &st)) {
			if (i == 0)
				return;
			continue;
		}
		if (S_ISREG(st.st_mode))
			total += st.st_size;
		else
			min = PIPE_WIDTH;
	}
	for (width = 1; total >= 10; total /= 10)
		width++;
	if (width < min)
		width = min;
}

int
main(int argc, char **argv)
{
	uintmax_t total[NCOUNTS] = { 0 }, c[NCOUNTS];
	int n, i, j, opt, status = EXIT_SUCCESS;
	const char *name;
	FILE *f;

	while ((opt = getopt_help(argc, argv, "clmw", USAGE, EXIT_FAILURE)) != -1)
		want[opt == 'l' ? LINES : opt == 'w' ? WORDS : BYTES] = 1;
	if (!want[LINES] && !want[WORDS] && !want[BYTES])
		want[LINES] = want[WORDS] = want[BYTES] = 1;
	n = argc - optind;
	set_width(argv + optind, n);
	for (i = 0; i < (n > 0 ? n : 1); i++) {
		name = n > 0 ? argv[optind + i] : "-";
		if ((f = open_input(name)) == NULL) {
			error(0, errno, "%s", name);
			status = EXIT_FAILURE;
			continue;
		}
		memset(c, 0, sizeof(c));
		count_file(f, c);
		if (ferror(f)) {
			error(0, errno, "%s", name);
			status = EXIT_FAILURE;
		}
		close_input(f);
		for (j = 0; j < NCOUNTS; j++)
			total[j] += c[j];
		print_counts(c, n > 0 ? name : NULL);
	}
	if (n > 1)
		print_counts(total, "total");
	if (fflush(stdout) != 0)
		error(EXIT_FAILURE, errno, "write error");
	return status;
}
