/*
 * cut: print selected parts of lines.
 *	cut -b LIST | -c LIST [FILE]...		bytes (characters are bytes)
 *	cut -f LIST [-d DELIM] [-s] [FILE]...	fields, TAB-separated by default
 * LIST is "N", "N-M", "N-" or "-M", comma-separated.  Lines without the
 * delimiter are printed whole unless -s.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"

#define USAGE	"cut -b LIST | -c LIST | -f LIST [-d DELIM] [-s] [FILE]..."

struct range {
	size_t	 lo, hi;	/* 1-based, inclusive; hi SIZE_MAX = to end */
};

static struct range *ranges;
static size_t nranges;

static int
selected(size_t pos)
{
	size_t i;

	for (i = 0; i < nranges; i++)
		if (pos >= ranges[i].lo && pos <= ranges[i].hi)
			return 1;
	return 0;
}

/* A list error: GNU's wording for fields or for bytes, then --help. */
static void
bad_list(int fields, const char *field_msg, const char *byte_msg,
    const char *token)
{
	if (token != NULL)
		error(0, 0, "%s '%s'", fields ? field_msg : byte_msg, token);
	else
		error(0, 0, "%s", fields ? field_msg : byte_msg);
	try_help();
}

/* One end of a range, text s..end; empty means dflt. */
static size_t
parse_pos(const char *s, const char *end, size_t dflt, int fields,
    const char *token)
{
	size_t n = 0;

	if (s == end)
		return dflt;
	for (; s < end; s++) {
		if (*s < '0' || *s > '9')
			bad_list(fields, "invalid field value",
			    "invalid byte/character position", token);
		n = n * 10 + (*s - '0');
	}
	if (n == 0)
		bad_list(fields, "fields are numbered from 1",
		    "byte/character positions are numbered from 1", NULL);
	return n;
}

static void
parse_list(const char *list, int fields)
{
	const char *p = list, *comma, *dash;
	char *token;
	struct range r;

	for (;; p = comma + 1) {
		comma = p + strcspn(p, ",");
		token = xmalloc(comma - p + 1);
		memcpy(token, p, comma - p);
		token[comma - p] = '\0';
		dash = strchr(token, '-');
		if (dash != NULL && strchr(dash + 1, '-') != NULL)
			bad_list(fields, "invalid field range",
			    "invalid byte or character range", NULL);
		if (dash == NULL) {
			/* An empty item is position 0, as for GNU cut. */
			r.lo = r.hi = parse_pos(token, token + strlen(token), 0,
			    fields, token);
			if (r.lo == 0)
				bad_list(fields, "fields are numbered from 1",
				    "byte/character positions are numbered from 1",
				    NULL);
		} else {
			if (dash == token && dash[1] == '\0')
				bad_list(fields, "invalid range with no endpoint: -",
				    "invalid range with no endpoint: -", NULL);
			r.lo = parse_pos(token, dash, 1, fields, token);
			r.hi = parse_pos(dash + 1, dash + strlen(dash), SIZE_MAX,
			    fields, token);
		}
		free(token);
		if (r.hi < r.lo) {
			error(0, 0, "invalid decreasing range");
			try_help();
		}
		ranges = xrealloc(ranges, (nranges + 1) * sizeof(*ranges));
		ranges[nranges++] = r;
		if (*comma == '\0')
			break;
	}
}

static void
cut_bytes(const char *line, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (selected(i + 1))
			putchar(line[i]);
	putchar('\n');
}

static void
cut_fields(const char *line, size_t len, int delim, int only_delimited)
{
	const char *p = line, *end = line + len, *next;
	size_t field = 1;
	int printed = 0;

	if (memchr(line, delim, len) == NULL) {
		if (!only_delimited) {
			fwrite(line, 1, len, stdout);
			putchar('\n');
		}
		return;
	}
	for (; p <= end; p = next + 1, field++) {
		next = memchr(p, delim, end - p);
		if (next == NULL)
			next = end;
		if (selected(field)) {
			if (printed++)
				putchar(delim);
			fwrite(p, 1, next - p, stdout);
		}
	}
	putchar('\n');
}

int
main(int argc, char **argv)
{
	int mode = 0, delim = '\t', only_delimited = 0, c, i, n;
	int status = EXIT_SUCCESS;
	char *line = NULL;
	size_t cap = 0, len;
	ssize_t r;
	FILE *f;

	while ((c = getopt_help(argc, argv, "b:c:f:d:sn", USAGE,
	    EXIT_FAILURE)) != -1) {
		switch (c) {
		case 'b':
		case 'c':
		case 'f':
			if (mode != 0)
				usage_error("only one list may be specified", NULL);
			mode = c == 'f' ? 'f' : 'b';
			parse_list(optarg, mode == 'f');
			break;
		case 'd':
			if (strlen(optarg) > 1)
				usage_error("the delimiter must be a single "
				    "character", NULL);
			delim = (unsigned char)optarg[0];
			break;
		case 's': only_delimited = 1; break;
		case 'n': break;	/* bytes are characters here */
		}
	}
	if (mode == 0)
		usage_error("you must specify a list of bytes, characters, or "
		    "fields", NULL);
	n = argc - optind;
	for (i = 0; i < (n > 0 ? n : 1); i++) {
		const char *path = n > 0 ? argv[optind + i] : "-";

		if ((f = open_input(path)) == NULL) {
			error(0, errno, "%s", path);
			status = EXIT_FAILURE;
			continue;
		}
		while ((r = read_line(f, &line, &cap)) > 0) {
			len = line[r - 1] == '\n' ? (size_t)r - 1 : (size_t)r;
			if (mode == 'f')
				cut_fields(line, len, delim, only_delimited);
			else
				cut_bytes(line, len);
		}
		close_input(f);
	}
	if (fflush(stdout) != 0)
		error(EXIT_FAILURE, errno, "write error");
	return status;
}
