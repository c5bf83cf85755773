/*
 * grep: print lines that match patterns, as GNU grep does in the C locale.
 *
 *	grep [-EFGivcnqlLhHswxo] [-e PATTERN]... [PATTERN] [FILE]...
 *
 * Patterns are POSIX basic (-G, the default) or extended (-E) regular
 * expressions compiled by <regex.h>, or fixed strings (-F); a pattern
 * with newlines is several patterns.  A line matches if any pattern
 * does.  A file holding a NUL byte is binary: its matching lines are not
 * printed, "grep: NAME: binary file matches" is said instead.
 * Exit status: 0 if a line was selected, 1 if none, 2 on error (unless
 * -q found a match).
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <regex.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "util.h"

#define USAGE	"grep [OPTION]... PATTERNS [FILE]..."
#define EXIT_MATCH	0
#define EXIT_NOMATCH	1
#define EXIT_TROUBLE	2
#define STDIN_NAME	"(standard input)"

enum syntax { BASIC, EXTENDED, FIXED };

static struct {
	enum syntax syntax;
	int	 icase, invert, count, number, quiet, list, list_unmatched;
	int	 names, no_messages, word, line, only;
} opt = { .names = -1 };

struct pattern {
	char	*text;
	size_t	 len;
	regex_t	 re;
};

static struct pattern *pats;
static size_t npats;

static void
add_patterns(const char *arg)
{
	const char *p = arg, *nl;

	do {
		nl = strchr(p, '\n');
		pats = xrealloc(pats, (npats + 1) * sizeof(*pats));
		pats[npats].len = nl != NULL ? (size_t)(nl - p) : strlen(p);
		pats[npats].text = xmalloc(pats[npats].len + 1);
		memcpy(pats[npats].text, p, pats[npats].len);
		pats[npats].text[pats[npats].len] = '\0';
		npats++;
		p = nl + 1;
	} while (nl != NULL);
}

static void
compile(void)
{
	char msg[256];
	size_t i;
	int flags = (opt.syntax == EXTENDED ? REG_EXTENDED : 0) |
	    (opt.icase ? REG_ICASE : 0), r;

	if (opt.syntax == FIXED)
		return;
	for (i = 0; i < npats; i++) {
		if ((r = regcomp(&pats[i].re, pats[i].text, flags)) != 0) {
			regerror(r, &pats[i].re, msg, sizeof(msg));
			error(EXIT_TROUBLE, 0, "%s", msg);
		}
	}
}

/* Fixed-string search in line[from..len); 0 and the match, or -1. */
static int
find_fixed(const struct pattern *p, const char *line, size_t len,
    size_t from, size_t *so, size_t *eo)
{
	size_t i;

	for (i = from; i + p->len <= len; i++) {
		if ((opt.icase ? strncasecmp(line + i, p->text, p->len) :
		    memcmp(line + i, p->text, p->len)) == 0) {
			*so = i;
			*eo = i + p->len;
			return 0;
		}
	}
	return -1;
}

static int
find_one(struct pattern *p, const char *line, size_t len, size_t from,
    size_t *so, size_t *eo)
{
	regmatch_t m;

	if (opt.syntax == FIXED)
		return find_fixed(p, line, len, from, so, eo);
	/* REG_STARTEND: lines may hold NUL bytes and need not end in one. */
	m.rm_so = from;
	m.rm_eo = len;
	if (regexec(&p->re, line, 1, &m, REG_STARTEND |
	    (from > 0 ? REG_NOTBOL : 0)) != 0)
		return -1;
	*so = m.rm_so;
	*eo = m.rm_eo;
	return 0;
}

static int
is_word_char(int c)
{
	return isalnum(c) || c == '_';
}

/* Does [so, eo) satisfy -w and -x? */
static int
acceptable(const char *line, size_t len, size_t so, size_t eo)
{
	if (opt.line)
		return so == 0 && eo == len;
	if (opt.word)
		return (so == 0 || !is_word_char((unsigned char)line[so - 1])) &&
		    (eo == len || !is_word_char((unsigned char)line[eo])) &&
		    eo > so;
	return 1;
}

/* The leftmost (then longest) acceptable match at or after from. */
static int
find(const char *line, size_t len, size_t from, size_t *so, size_t *eo)
{
	size_t i, s, e, start;
	int found = 0;

	for (i = 0; i < npats; i++) {
		for (start = from; start <= len; start = s + 1) {
			if (find_one(&pats[i], line, len, start, &s, &e) != 0)
				break;
			if (!acceptable(line, len, s, e))
				continue;
			if (!found || s < *so || (s == *so && e > *eo)) {
				*so = s;
				*eo = e;
				found = 1;
			}
			break;
		}
	}
	return found ? 0 : -1;
}

static void
prefix(const char *name, uintmax_t lineno)
{
	if (opt.names)
		printf("%s:", name);
	if (opt.number)
		printf("%ju:", lineno);
}

static void
print_matches(const char *name, uintmax_t lineno, const char *line,
    size_t len)
{
	size_t from = 0, so, eo;

	while (from <= len && find(line, len, from, &so, &eo) == 0) {
		if (eo > so) {
			prefix(name, lineno);
			fwrite(line + so, 1, eo - so, stdout);
			putchar('\n');
		}
		from = eo > so ? eo : so + 1;
	}
}

/* Scan one file's contents; the number of selected lines. */
static uintmax_t
scan(const char *name, const char *buf, size_t len)
{
	int binary = memchr(buf, '\0', len) != NULL;
	const char *line = buf, *nl;
	uintmax_t lineno = 0, selected = 0;
	size_t so, eo, n;

	while (line < buf + len) {
		nl = memchr(line, '\n', buf + len - line);
		n = nl != NULL ? (size_t)(nl - line) : (size_t)(buf + len - line);
		lineno++;
		if ((find(line, n, 0, &so, &eo) == 0) != opt.invert) {
			selected++;
			if (opt.quiet || opt.list || opt.list_unmatched)
				break;
			if (binary && !opt.count) {
				fflush(stdout);
				error(0, 0, "%s: binary file matches", name);
				break;
			}
			if (opt.only && !opt.invert) {
				print_matches(name, lineno, line, n);
			} else if (!opt.count && !opt.only) {
				prefix(name, lineno);
				fwrite(line, 1, n, stdout);
				putchar('\n');
			}
		}
		line += n + 1;
	}
	return selected;
}

/* Grep one file; 1 if it had selected lines, 0 if not, -1 on error. */
static int
grep_file(const char *path)
{
	int stdin_ = strcmp(path, "-") == 0;
	const char *name = stdin_ ? STDIN_NAME : path;
	int fd = stdin_ ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC);
	uintmax_t selected;
	size_t len;
	char *buf;

	if (fd < 0 || (buf = read_fd(fd, &len)) == NULL) {
		if (!opt.no_messages)
			error(0, errno, "%s", path);
		if (fd >= 0 && !stdin_)
			close(fd);
		return -1;
	}
	if (!stdin_)
		close(fd);
	selected = scan(name, buf, len);
	free(buf);
	if (opt.count) {
		if (opt.names)
			printf("%s:", name);
		printf("%ju\n", selected);
	}
	if ((opt.list && selected > 0) || (opt.list_unmatched && selected == 0))
		printf("%s\n", name);
	return selected > 0;
}

static void
parse_options(int argc, char **argv)
{
	int c;

	while ((c = getopt_help(argc, argv, "EFGiyvcnqlLhHswxoe:", USAGE,
	    EXIT_TROUBLE)) != -1) {
		switch (c) {
		case 'E': opt.syntax = EXTENDED; break;
		case 'F': opt.syntax = FIXED; break;
		case 'G': opt.syntax = BASIC; break;
		case 'i':
		case 'y': opt.icase = 1; break;
		case 'v': opt.invert = 1; break;
		case 'c': opt.count = 1; break;
		case 'n': opt.number = 1; break;
		case 'q': opt.quiet = 1; break;
		case 'l': opt.list = 1; break;
		case 'L': opt.list_unmatched = 1; break;
		case 'h': opt.names = 0; break;
		case 'H': opt.names = 1; break;
		case 's': opt.no_messages = 1; break;
		case 'w': opt.word = 1; break;
		case 'x': opt.line = 1; break;
		case 'o': opt.only = 1; break;
		case 'e': add_patterns(optarg); break;
		}
	}
}

int
main(int argc, char **argv)
{
	int i, n, r, matched = 0, trouble = 0;

	parse_options(argc, argv);
	if (npats == 0) {
		if (optind == argc) {
			fprintf(stderr, "Usage: %s\n", USAGE);
			try_help();
		}
		add_patterns(argv[optind++]);
	}
	compile();
	n = argc - optind;
	if (opt.names < 0)
		opt.names = n > 1;
	for (i = 0; i < (n > 0 ? n : 1); i++) {
		r = grep_file(n > 0 ? argv[optind + i] : "-");
		if (r < 0)
			trouble = 1;
		else if (r > 0)
			matched = 1;
		if (matched && opt.quiet)
			return EXIT_MATCH;
	}
	if (fflush(stdout) != 0)
		error(EXIT_TROUBLE, errno, "write error");
	if (trouble && !(opt.quiet && matched))
		return EXIT_TROUBLE;
	return matched ? EXIT_MATCH : EXIT_NOMATCH;
}
