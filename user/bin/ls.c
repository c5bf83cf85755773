/*
 * ls: list directory contents, as GNU coreutils does in the C locale.
 *
 * Arguments that are not directories are listed first, as one block; then
 * each directory's entries, sorted by name with strcmp(), under a "DIR:"
 * header when there is more than one thing to list or with -R.  Long
 * format columns are sized to the widest value in the block, and times
 * within the last six months show the hour instead of the year.  On a
 * terminal, names go in columns that fit its width, filled top to bottom
 * (or across with -x).
 */
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "util.h"

#define EXIT_MINOR	1	/* a file inside a directory could not be read */
#define EXIT_SERIOUS	2	/* a command-line argument could not be read */
#define DEFAULT_WIDTH	80
#define TAB_SIZE	8
#define COL_GAP		2	/* spaces between columns in -C output */
#define SIX_MONTHS	(31556952 / 2)	/* seconds: half a Gregorian year */
#define TIME_BUFSZ	64
#define NUM_BUFSZ	32

enum { SHOW_VISIBLE, SHOW_ALMOST_ALL, SHOW_ALL };
enum { FMT_ONE, FMT_COLUMNS, FMT_ACROSS, FMT_LONG };

static struct {
	int	 show;		/* which dot files: SHOW_* */
	int	 format;	/* FMT_* */
	int	 dirs_as_files;	/* -d */
	int	 inode;		/* -i */
	int	 human;		/* -h */
	int	 recursive;	/* -R */
	size_t	 width;		/* terminal width for FMT_COLUMNS */
} opt;

struct entry {
	char	*name;		/* as shown */
	char	*path;		/* as opened */
	struct stat st;
	int	 stat_ok;
	char	*link;		/* symlink target, long format only */
};

struct block {
	struct entry *v;
	size_t	 n, cap;
};

/* Column widths of one long-format or -i block. */
struct widths {
	int	 inode, nlink, owner, group, size, major, minor;
};

static int status = EXIT_SUCCESS;
static time_t now;
static int printed_any;

static void list_dir(const char *, const char *, int);

static void
fail(int level, int err, const char *what, const char *path)
{
	error(0, err, "%s '%s'", what, path);
	if (status < level)
		status = level;
}

static void
block_add(struct block *b, const char *name, const char *path,
    const struct stat *st, int stat_ok)
{
	struct entry *e;

	if (b->n == b->cap) {
		b->cap = b->cap ? b->cap * 2 : 64;
		b->v = xrealloc(b->v, b->cap * sizeof(*b->v));
	}
	e = &b->v[b->n++];
	e->name = xstrdup(name);
	e->path = xstrdup(path);
	e->stat_ok = stat_ok;
	if (stat_ok)
		e->st = *st;
	e->link = NULL;
}

static void
block_free(struct block *b)
{
	size_t i;

	for (i = 0; i < b->n; i++) {
		free(b->v[i].name);
		free(b->v[i].path);
		free(b->v[i].link);
	}
	free(b->v);
	b->v = NULL;
	b->n = b->cap = 0;
}

static int
by_name(const void *a, const void *b)
{
	return strcmp(((const struct entry *)a)->name,
	    ((const struct entry *)b)->name);
}

static char *
read_link(const char *path)
{
	struct stat st;
	size_t cap = PATH_MAX;
	ssize_t n;
	char *buf;

	if (lstat(path, &st) == 0 && (size_t)st.st_size >= cap)
		cap = st.st_size + 1;
	buf = xmalloc(cap);
	if ((n = readlink(path, buf, cap - 1)) < 0) {
		free(buf);
		return NULL;
	}
	buf[n] = '\0';
	return buf;
}

static int
num_width(uintmax_t v)
{
	char buf[NUM_BUFSZ];

	return snprintf(buf, sizeof(buf), "%ju", v);
}

static void
widen(int *w, int len)
{
	if (*w < len)
		*w = len;
}

static const char *
size_text(const struct entry *e, char buf[HUMAN_BUFSZ])
{
	if (opt.human)
		return human_size(e->st.st_size, buf);
	snprintf(buf, HUMAN_BUFSZ, "%jd", (intmax_t)e->st.st_size);
	return buf;
}

static int
is_device(const struct entry *e)
{
	return e->stat_ok && (S_ISCHR(e->st.st_mode) || S_ISBLK(e->st.st_mode));
}

static const char *
owner_text(uid_t uid, char buf[NUM_BUFSZ])
{
	const char *name = user_name(uid);

	if (name != NULL)
		return name;
	snprintf(buf, NUM_BUFSZ, "%ju", (uintmax_t)uid);
	return buf;
}

static const char *
group_text(gid_t gid, char buf[NUM_BUFSZ])
{
	const char *name = group_name(gid);

	if (name != NULL)
		return name;
	snprintf(buf, NUM_BUFSZ, "%ju", (uintmax_t)gid);
	return buf;
}

static void
measure(const struct block *b, struct widths *w)
{
	char buf[HUMAN_BUFSZ];
	const struct entry *e;
	size_t i;

	memset(w, 0, sizeof(*w));
	for (i = 0; i < b->n; i++) {
		e = &b->v[i];
		if (!e->stat_ok)
			continue;
		widen(&w->inode, num_width(e->st.st_ino));
		widen(&w->nlink, num_width(e->st.st_nlink));
		widen(&w->owner, strlen(owner_text(e->st.st_uid, buf)));
		widen(&w->group, strlen(group_text(e->st.st_gid, buf)));
		if (is_device(e)) {
			widen(&w->major, num_width(major(e->st.st_rdev)));
			widen(&w->minor, num_width(minor(e->st.st_rdev)));
		} else {
			widen(&w->size, strlen(size_text(e, buf)));
		}
	}
	if (w->major > 0)
		widen(&w->size, w->major + 2 + w->minor);
}

static void
print_time(time_t t)
{
	char buf[TIME_BUFSZ];
	struct tm *tm = localtime(&t);
	int recent = t > now - SIX_MONTHS && t <= now;

	if (tm == NULL) {
		printf("%jd ", (intmax_t)t);
		return;
	}
	strftime(buf, sizeof(buf), recent ? "%b %e %H:%M" : "%b %e  %Y", tm);
	printf("%s ", buf);
}

static void
print_long(const struct entry *e, const struct widths *w)
{
	char mode[MODE_STRSZ], buf[HUMAN_BUFSZ];

	if (opt.inode)
		printf("%*ju ", w->inode, (uintmax_t)e->st.st_ino);
	printf("%s %*ju ", mode_string(e->st.st_mode, mode), w->nlink,
	    (uintmax_t)e->st.st_nlink);
	printf("%-*s ", w->owner, owner_text(e->st.st_uid, buf));
	printf("%-*s ", w->group, group_text(e->st.st_gid, buf));
	if (is_device(e))
		printf("%*s%*u, %*u ", w->size - (w->major + 2 + w->minor), "",
		    w->major, major(e->st.st_rdev), w->minor,
		    minor(e->st.st_rdev));
	else
		printf("%*s ", w->size, size_text(e, buf));
	print_time(e->st.st_mtime);
	fputs(e->name, stdout);
	if (e->link != NULL)
		printf(" -> %s", e->link);
	putchar('\n');
}

static size_t
shown_width(const struct entry *e, const struct widths *w)
{
	return strlen(e->name) + (opt.inode ? (size_t)w->inode + 1 : 0);
}

static void
print_short(const struct entry *e, const struct widths *w)
{
	if (opt.inode) {
		if (e->stat_ok)
			printf("%*ju ", w->inode, (uintmax_t)e->st.st_ino);
		else
			printf("%*s ", w->inode, "?");
	}
	fputs(e->name, stdout);
}

/* Pad from column from to column to, with tabs where they fit. */
static void
indent(size_t from, size_t to)
{
	while (from < to) {
		if (to / TAB_SIZE > (from + 1) / TAB_SIZE) {
			putchar('\t');
			from += TAB_SIZE - from % TAB_SIZE;
		} else {
			putchar(' ');
			from++;
		}
	}
}

/* The column of entry i in a grid of rows by ncols. */
static size_t
column_of(size_t i, size_t rows, size_t ncols)
{
	return opt.format == FMT_ACROSS ? i % ncols : i / rows;
}

/*
 * Column widths for ncols columns; 0 if the line would not fit.  Every
 * column but the last one possible carries the gap.
 */
static int
fit_columns(const struct block *b, const struct widths *w, size_t ncols,
    size_t *colw)
{
	size_t rows = (b->n + ncols - 1) / ncols, i, col, len, line = 0;

	memset(colw, 0, ncols * sizeof(*colw));
	for (i = 0; i < b->n; i++) {
		col = column_of(i, rows, ncols);
		len = shown_width(&b->v[i], w) + (col == ncols - 1 ? 0 : COL_GAP);
		if (colw[col] < len) {
			line += len - colw[col];
			colw[col] = len;
		}
	}
	return line < opt.width;
}

static void
print_columns(const struct block *b, const struct widths *w)
{
	size_t ncols, rows, row, col, i, pos, *colw;

	ncols = opt.width / (1 + COL_GAP);
	if (ncols > b->n)
		ncols = b->n;
	if (ncols == 0)
		ncols = 1;
	colw = xcalloc(ncols, sizeof(*colw));
	while (ncols > 1 && !fit_columns(b, w, ncols, colw))
		ncols--;
	fit_columns(b, w, ncols, colw);
	rows = (b->n + ncols - 1) / ncols;
	for (row = 0; row < rows; row++) {
		pos = 0;
		for (col = 0; col < ncols; col++) {
			i = opt.format == FMT_ACROSS ? row * ncols + col :
			    col * rows + row;
			if (i >= b->n)
				break;
			print_short(&b->v[i], w);
			if (col + 1 == ncols || i + (opt.format ==
			    FMT_ACROSS ? 1 : rows) >= b->n)
				break;
			indent(pos + shown_width(&b->v[i], w), pos + colw[col]);
			pos += colw[col];
		}
		putchar('\n');
	}
	free(colw);
}

static void
print_total(const struct block *b)
{
	uintmax_t blocks = 0;
	char buf[HUMAN_BUFSZ];
	size_t i;

	for (i = 0; i < b->n; i++)
		if (b->v[i].stat_ok)
			blocks += b->v[i].st.st_blocks;
	/* st_blocks counts 512-byte units; ls counts kibibytes, rounded up. */
	if (opt.human)
		printf("total %s\n", human_size(blocks * 512, buf));
	else
		printf("total %ju\n", (blocks + 1) / 2);
}

/* Print a sorted block; is_dir says whether it is a directory's contents. */
static void
print_block(struct block *b, int is_dir)
{
	struct widths w;
	size_t i;

	qsort(b->v, b->n, sizeof(*b->v), by_name);
	if (opt.format == FMT_LONG)
		for (i = 0; i < b->n; i++)
			if (b->v[i].stat_ok && S_ISLNK(b->v[i].st.st_mode))
				b->v[i].link = read_link(b->v[i].path);
	measure(b, &w);
	if (is_dir && opt.format == FMT_LONG)
		print_total(b);
	if ((opt.format == FMT_COLUMNS || opt.format == FMT_ACROSS) &&
	    b->n > 0) {
		print_columns(b, &w);
		return;
	}
	for (i = 0; i < b->n; i++) {
		if (opt.format == FMT_LONG && b->v[i].stat_ok) {
			print_long(&b->v[i], &w);
		} else {
			print_short(&b->v[i], &w);
			putchar('\n');
		}
	}
}

static int
hidden(const char *name)
{
	if (name[0] != '.')
		return 0;
	if (opt.show == SHOW_ALL)
		return 0;
	if (opt.show == SHOW_ALMOST_ALL)
		return strcmp(name, ".") == 0 || strcmp(name, "..") == 0;
	return 1;
}

static int
read_dir(const char *path, struct block *b, int top)
{
	DIR *d;
	struct dirent *de;
	struct stat st;
	char *child;
	int ok;

	if ((d = opendir(path)) == NULL) {
		fail(top ? EXIT_SERIOUS : EXIT_MINOR, errno,
		    "cannot open directory", path);
		return -1;
	}
	while ((errno = 0, de = readdir(d)) != NULL) {
		if (hidden(de->d_name))
			continue;
		child = path_join(path, de->d_name);
		ok = lstat(child, &st) == 0;
		if (!ok)
			fail(EXIT_MINOR, errno, "cannot access", child);
		block_add(b, de->d_name, child, &st, ok);
		free(child);
	}
	if (errno != 0)
		fail(EXIT_MINOR, errno, "reading directory", path);
	closedir(d);
	return 0;
}

static void
recurse(const struct block *b)
{
	const struct entry *e;
	size_t i;

	for (i = 0; i < b->n; i++) {
		e = &b->v[i];
		if (!e->stat_ok || !S_ISDIR(e->st.st_mode) ||
		    strcmp(e->name, ".") == 0 || strcmp(e->name, "..") == 0)
			continue;
		list_dir(e->path, e->path, 0);
	}
}

static void
list_dir(const char *path, const char *header, int top)
{
	struct block b = { 0 };

	if (header != NULL) {
		if (printed_any)
			putchar('\n');
		printf("%s:\n", header);
	}
	printed_any = 1;
	if (read_dir(path, &b, top) == 0) {
		print_block(&b, 1);
		if (opt.recursive)
			recurse(&b);
	}
	block_free(&b);
}

static void
parse_options(int argc, char **argv)
{
	int c;

	opt.format = isatty(STDOUT_FILENO) ? FMT_COLUMNS : FMT_ONE;
	while ((c = getopt_help(argc, argv, "1aAdhilRCx",
	    "ls [-1aAdhilRCx] [FILE]...", EXIT_SERIOUS)) != -1) {
		switch (c) {
		case '1': opt.format = FMT_ONE; break;
		case 'C': opt.format = FMT_COLUMNS; break;
		case 'x': opt.format = FMT_ACROSS; break;
		case 'l': opt.format = FMT_LONG; break;
		case 'a': opt.show = SHOW_ALL; break;
		case 'A': opt.show = SHOW_ALMOST_ALL; break;
		case 'd': opt.dirs_as_files = 1; break;
		case 'h': opt.human = 1; break;
		case 'i': opt.inode = 1; break;
		case 'R': opt.recursive = 1; break;
		}
	}
	if ((opt.format == FMT_COLUMNS || opt.format == FMT_ACROSS) &&
	    terminal_columns(&opt.width) != 0)
		opt.width = DEFAULT_WIDTH;
}

/*
 * Symbolic links named on the command line are followed, unless the link
 * itself is what is shown (-l, -d); a dangling one is shown as a link.
 */
static int
stat_arg(const char *path, struct stat *st)
{
	if (opt.format != FMT_LONG && !opt.dirs_as_files &&
	    stat(path, st) == 0)
		return 0;
	return lstat(path, st);
}

int
main(int argc, char **argv)
{
	struct block files = { 0 }, dirs = { 0 };
	struct stat st;
	char *dot[] = { ".", NULL };
	char **args;
	int nargs, i, headers;
	size_t j;

	parse_options(argc, argv);
	now = time(NULL);
	args = optind < argc ? argv + optind : dot;
	nargs = optind < argc ? argc - optind : 1;
	for (i = 0; i < nargs; i++) {
		if (stat_arg(args[i], &st) != 0)
			fail(EXIT_SERIOUS, errno, "cannot access", args[i]);
		else if (S_ISDIR(st.st_mode) && !opt.dirs_as_files)
			block_add(&dirs, args[i], args[i], &st, 1);
		else
			block_add(&files, args[i], args[i], &st, 1);
	}
	if (files.n > 0) {
		print_block(&files, 0);
		printed_any = 1;
	}
	headers = nargs > 1 || opt.recursive;
	qsort(dirs.v, dirs.n, sizeof(*dirs.v), by_name);
	for (j = 0; j < dirs.n; j++)
		list_dir(dirs.v[j].path, headers ? dirs.v[j].name : NULL, 1);
	block_free(&files);
	block_free(&dirs);
	if (fflush(stdout) != 0 || ferror(stdout))
		error(EXIT_SERIOUS, errno, "write error");
	return status;
}
