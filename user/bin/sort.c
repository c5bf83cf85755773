/*
 * sort: sort lines of text files, as GNU sort does in the C locale.
 *
 *	sort [-bfnrsu] [-t SEP] [-k POS1[,POS2]]... [-o FILE] [FILE]...
 *
 * Keys (-k) are field ranges; fields are separated by SEP, or else each
 * begins at the blanks before its text (so leading blanks are part of a
 * field unless -b).  Lines whose keys compare equal are then compared as
 * wholes, unless -s (stable) or -u (keep only the first of equal keys).
 * -n compares leading numbers, -f folds lower case to upper.
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"

#define EXIT_TROUBLE	2	/* GNU sort fails with 2, as does grep */
#define USAGE	"sort [-bfnrsu] [-t SEP] [-k POS1[,POS2]]... [-o FILE] [FILE]..."

/* How to compare: global options, or one key's own "bfnr" letters. */
struct order {
	int	 numeric, reverse, fold, blanks;
};

struct key {
	size_t	 first, last;	/* 1-based fields; last 0 = end of line */
	struct order order;
};

struct line {
	char	*text;
	size_t	 len;
	size_t	 seq;		/* input order, for -s */
};

static struct order global;
static struct {
	int	 unique, stable;
	int	 sep;		/* -t character, or -1 for blank runs */
} opt = { .sep = -1 };

static struct key *keys;
static size_t nkeys;

/* Start of field f (1-based) in s[0..len), or len if there are fewer. */
static size_t
field_start(const char *s, size_t len, size_t f)
{
	size_t i = 0;

	while (--f > 0 && i < len) {
		if (opt.sep >= 0) {
			while (i < len && s[i] != opt.sep)
				i++;
			if (i < len)
				i++;
		} else {
			while (i < len && isblank((unsigned char)s[i]))
				i++;
			while (i < len && !isblank((unsigned char)s[i]))
				i++;
		}
	}
	return i;
}

/* End of field f: the separator after it, or the end of the line. */
static size_t
field_end(const char *s, size_t len, size_t f)
{
	size_t i = field_start(s, len, f);

	if (opt.sep >= 0) {
		while (i < len && s[i] != opt.sep)
			i++;
		return i;
	}
	while (i < len && isblank((unsigned char)s[i]))
		i++;
	while (i < len && !isblank((unsigned char)s[i]))
		i++;
	return i;
}

/* A leading decimal number; text that is not one counts as zero. */
static long double
number(const char *s, size_t len)
{
	char buf[64];
	size_t i = 0, n;

	while (i < len && isblank((unsigned char)s[i]))
		i++;
	n = strspn(s + i, "-0123456789.");
	if (n > len - i)
		n = len - i;
	if (n >= sizeof(buf))
		n = sizeof(buf) - 1;
	memcpy(buf, s + i, n);
	buf[n] = '\0';
	return strtold(buf, NULL);
}

static int
compare_text(const struct order *o, const char *a, size_t alen,
    const char *b, size_t blen)
{
	size_t i, n = alen < blen ? alen : blen;
	int ca, cb;

	if (o->numeric) {
		long double x = number(a, alen), y = number(b, blen);

		return x < y ? -1 : x > y;
	}
	if (o->blanks) {
		while (alen > 0 && isblank((unsigned char)*a))
			a++, alen--;
		while (blen > 0 && isblank((unsigned char)*b))
			b++, blen--;
		n = alen < blen ? alen : blen;
	}
	for (i = 0; i < n; i++) {
		ca = (unsigned char)a[i];
		cb = (unsigned char)b[i];
		if (o->fold) {
			ca = toupper(ca);
			cb = toupper(cb);
		}
		if (ca != cb)
			return ca - cb;
	}
	return alen < blen ? -1 : alen > blen;
}

static int
compare_keys(const struct line *a, const struct line *b)
{
	size_t i, as, ae, bs, be;
	int r;

	if (nkeys == 0) {
		r = compare_text(&global, a->text, a->len, b->text, b->len);
		return global.reverse ? -r : r;
	}
	for (i = 0; i < nkeys; i++) {
		as = field_start(a->text, a->len, keys[i].first);
		bs = field_start(b->text, b->len, keys[i].first);
		ae = keys[i].last ? field_end(a->text, a->len, keys[i].last) : a->len;
		be = keys[i].last ? field_end(b->text, b->len, keys[i].last) : b->len;
		r = compare_text(&keys[i].order, a->text + as,
		    ae > as ? ae - as : 0, b->text + bs, be > bs ? be - bs : 0);
		if (r != 0)
			return keys[i].order.reverse ? -r : r;
	}
	return 0;
}

static int
compare(const void *pa, const void *pb)
{
	const struct line *a = pa, *b = pb;
	int r = compare_keys(a, b);

	/* The last resort: whole lines, byte by byte (reversed by -r). */
	if (r == 0 && !opt.stable && !opt.unique) {
		r = memcmp(a->text, b->text, a->len < b->len ? a->len : b->len);
		if (r == 0)
			r = a->len < b->len ? -1 : a->len > b->len;
		if (global.reverse)
			r = -r;
	}
	if (r == 0)
		r = a->seq < b->seq ? -1 : a->seq > b->seq;
	return r;
}

/* Ordering letters after a field number; 1 if there were any. */
static int
key_letters(char **p, struct order *o)
{
	int any = 0;

	for (;; (*p)++, any = 1) {
		switch (**p) {
		case 'b': o->blanks = 1; break;
		case 'f': o->fold = 1; break;
		case 'n': o->numeric = 1; break;
		case 'r': o->reverse = 1; break;
		default: return any;
		}
	}
}

/* -k FIRST[bfnr][,LAST[bfnr]]; a key without letters takes the global ones. */
static void
add_key(const char *spec)
{
	struct key k = { 0, 0, { 0, 0, 0, 0 } };
	char *end;
	int own;

	k.first = strtoul(spec, &end, 10);
	if (k.first == 0) {
		error(0, 0, "%s: invalid field specification '%s'",
		    *spec == '0' ? "field number is zero" : "invalid number "
		    "at field start", spec);
		try_help();
	}
	own = key_letters(&end, &k.order);
	if (*end == ',') {
		k.last = strtoul(end + 1, &end, 10);
		own |= key_letters(&end, &k.order);
	}
	if (*end != '\0') {
		error(0, 0, "invalid field specification '%s'", spec);
		try_help();
	}
	if (!own)
		k.order = global;
	keys = xrealloc(keys, (nkeys + 1) * sizeof(*keys));
	keys[nkeys++] = k;
}

static int
read_lines(const char *path, struct line **v, size_t *n, size_t *cap)
{
	FILE *f = open_input(path);
	char *buf = NULL;
	size_t bcap = 0;
	ssize_t len;

	if (f == NULL)
		return -1;
	while ((len = read_line(f, &buf, &bcap)) > 0) {
		if (buf[len - 1] == '\n')
			len--;
		if (*n == *cap)
			*v = xrealloc(*v, (*cap = *cap ? *cap * 2 : 256) * sizeof(**v));
		(*v)[*n].text = xmalloc(len + 1);
		memcpy((*v)[*n].text, buf, len);
		(*v)[*n].len = len;
		(*v)[*n].seq = *n;
		(*n)++;
	}
	free(buf);
	len = ferror(f) ? -1 : 0;
	close_input(f);
	return len;
}

int
main(int argc, char **argv)
{
	struct line *v = NULL;
	size_t n = 0, cap = 0, i;
	const char *out = NULL;
	const char **key_specs = xcalloc(argc, sizeof(*key_specs));
	int c, nfiles, nspecs = 0;

	while ((c = getopt_help(argc, argv, "bfnrsuk:t:o:", USAGE,
	    EXIT_TROUBLE)) != -1) {
		switch (c) {
		case 'b': global.blanks = 1; break;
		case 'f': global.fold = 1; break;
		case 'n': global.numeric = 1; break;
		case 'r': global.reverse = 1; break;
		case 's': opt.stable = 1; break;
		case 'u': opt.unique = 1; break;
		case 'k': key_specs[nspecs++] = optarg; break;
		case 'o': out = optarg; break;
		case 't':
			if (strlen(optarg) != 1)
				error(EXIT_TROUBLE, 0, "multi-character tab '%s'",
				    optarg);
			opt.sep = (unsigned char)optarg[0];
			break;
		}
	}
	/* Keys inherit options given after them too: parse them last. */
	for (c = 0; c < nspecs; c++)
		add_key(key_specs[c]);
	nfiles = argc - optind;
	for (c = 0; c < (nfiles > 0 ? nfiles : 1); c++) {
		const char *path = nfiles > 0 ? argv[optind + c] : "-";

		if (read_lines(path, &v, &n, &cap) != 0)
			error(EXIT_TROUBLE, errno, "cannot read: %s", path);
	}
	qsort(v, n, sizeof(*v), compare);
	/* Opened only now, so that "sort -o f f" reads f before truncating it. */
	if (out != NULL && freopen(out, "w", stdout) == NULL)
		error(EXIT_TROUBLE, errno, "open failed: %s", out);
	for (i = 0; i < n; i++) {
		if (opt.unique && i > 0 && compare_keys(&v[i - 1], &v[i]) == 0)
			continue;
		fwrite(v[i].text, 1, v[i].len, stdout);
		putchar('\n');
	}
	if (fflush(stdout) != 0)
		error(EXIT_TROUBLE, errno, "write failed");
	return EXIT_SUCCESS;
}
