/*
 * df: report file system space usage, laid out like coreutils df.
 *	df [-ahkT] [FILE]...
 * Without FILEs, every mounted file system in /proc/mounts but the
 * pseudo ones (no blocks), each device once; with FILEs, the file
 * system holding each.  Sizes are 1K blocks, or -h human-readable; Use%
 * is used / (used + available), rounded up.  Columns are as wide as
 * their widest entry, with coreutils' minimums.
 */
#include <sys/stat.h>
#include <sys/statfs.h>
#include <errno.h>
#include <limits.h>
#include <mntent.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"

#define USAGE		"df [-ahkT] [FILE]..."
#define MOUNTS		"/proc/mounts"
#define KIB		1024
#define NCOLS		7

enum { C_SOURCE, C_TYPE, C_SIZE, C_USED, C_AVAIL, C_PCENT, C_TARGET };

static const int min_width[NCOLS] = { 14, 4, 5, 5, 5, 4, 0 };
static const int left_aligned[NCOLS] = { 1, 1, 0, 0, 0, 0, 1 };

static int human, show_all, show_type;

struct row {
	char	*col[NCOLS];
};

static struct row *rows;
static size_t nrows;
static int width[NCOLS];

struct mnt {
	char	*src, *dir, *type;
	dev_t	 dev;
	int	 dev_ok;
};

static char *
size_text(uintmax_t kib)
{
	char buf[HUMAN_BUFSZ];

	if (human)
		return xstrdup(human_size(kib * KIB, buf));
	snprintf(buf, sizeof(buf), "%ju", kib);
	return xstrdup(buf);
}

static void
add_row(char *const col[NCOLS])
{
	int i, len;

	rows = xrealloc(rows, (nrows + 1) * sizeof(*rows));
	for (i = 0; i < NCOLS; i++) {
		rows[nrows].col[i] = xstrdup(col[i]);
		len = strlen(col[i]);
		if (width[i] < len)
			width[i] = len;
	}
	nrows++;
}

static void
add_fs(const struct mnt *m, const struct statfs *sf)
{
	uintmax_t unit = sf->f_frsize ? sf->f_frsize : sf->f_bsize;
	uintmax_t total = sf->f_blocks * unit / KIB;
	uintmax_t used = (sf->f_blocks - sf->f_bfree) * unit / KIB;
	uintmax_t avail = sf->f_bavail * unit / KIB;
	char pcent[8], *col[NCOLS];
	int i;

	if (used + avail == 0)
		strcpy(pcent, "-");
	else
		snprintf(pcent, sizeof(pcent), "%ju%%",
		    (used * 100 + used + avail - 1) / (used + avail));
	col[C_SOURCE] = m->src;
	col[C_TYPE] = m->type;
	col[C_SIZE] = size_text(total);
	col[C_USED] = size_text(used);
	col[C_AVAIL] = size_text(avail);
	col[C_PCENT] = pcent;
	col[C_TARGET] = m->dir;
	add_row(col);
	for (i = C_SIZE; i <= C_AVAIL; i++)
		free(col[i]);
}

static size_t
read_mounts(struct mnt **out)
{
	FILE *f = setmntent(MOUNTS, "r");
	struct mntent *me;
	struct stat st;
	struct mnt *v = NULL;
	size_t n = 0;

	if (f == NULL)
		error(EXIT_FAILURE, errno, "cannot read table of mounted file "
		    "systems");
	while ((me = getmntent(f)) != NULL) {
		v = xrealloc(v, (n + 1) * sizeof(*v));
		v[n].src = xstrdup(me->mnt_fsname);
		v[n].dir = xstrdup(me->mnt_dir);
		v[n].type = xstrdup(me->mnt_type);
		v[n].dev_ok = stat(me->mnt_dir, &st) == 0;
		v[n].dev = st.st_dev;
		n++;
	}
	endmntent(f);
	*out = v;
	return n;
}

/* Has an earlier mount shown the same device? */
static int
seen_before(const struct mnt *v, size_t i)
{
	size_t j;

	for (j = 0; j < i; j++)
		if (v[j].dev_ok && v[i].dev_ok && v[j].dev == v[i].dev)
			return 1;
	return 0;
}

static void
list_all(const struct mnt *v, size_t n)
{
	struct statfs sf;
	size_t i;

	for (i = 0; i < n; i++) {
		if (statfs(v[i].dir, &sf) != 0)
			continue;
		if (!show_all && (sf.f_blocks == 0 || seen_before(v, i)))
			continue;
		add_fs(&v[i], &sf);
	}
}

/* Is dir, a mount point, a path prefix of path? */
static int
contains(const char *dir, const char *path)
{
	size_t n = strlen(dir);

	if (strcmp(dir, "/") == 0)
		return 1;
	return strncmp(dir, path, n) == 0 && (path[n] == '/' || path[n] == '\0');
}

/* The mount holding path: on its device, the deepest mount point above it. */
static int
list_file(const struct mnt *v, size_t n, const char *path)
{
	char real[PATH_MAX];
	struct statfs sf;
	struct stat st;
	size_t i, best = n;

	if (stat(path, &st) != 0 || realpath(path, real) == NULL) {
		error(0, errno, "%s", path);
		return -1;
	}
	for (i = 0; i < n; i++) {
		if (!v[i].dev_ok || v[i].dev != st.st_dev ||
		    !contains(v[i].dir, real))
			continue;
		if (best == n || strlen(v[i].dir) >= strlen(v[best].dir))
			best = i;
	}
	if (best == n || statfs(path, &sf) != 0) {
		error(0, errno ? errno : ENOENT, "%s", path);
		return -1;
	}
	add_fs(&v[best], &sf);
	return 0;
}

static void
print_rows(void)
{
	size_t r;
	int i, first, w;

	for (r = 0; r < nrows; r++) {
		first = 1;
		for (i = 0; i < NCOLS; i++) {
			if (i == C_TYPE && !show_type)
				continue;
			w = width[i] > min_width[i] ? width[i] : min_width[i];
			if (i == C_TARGET)
				w = 0;
			printf("%s%*s", first ? "" : " ",
			    left_aligned[i] ? -w : w, rows[r].col[i]);
			first = 0;
		}
		putchar('\n');
	}
}

int
main(int argc, char **argv)
{
	char *header[NCOLS] = { "Filesystem", "Type", "1K-blocks", "Used",
	    "Available", "Use%", "Mounted on" };
	struct mnt *v;
	size_t n;
	int c, i, status = EXIT_SUCCESS;

	while ((c = getopt_help(argc, argv, "ahkT", USAGE, EXIT_FAILURE)) != -1) {
		switch (c) {
		case 'a': show_all = 1; break;
		case 'h': human = 1; break;
		case 'k': human = 0; break;
		case 'T': show_type = 1; break;
		}
	}
	if (human) {
		header[C_SIZE] = "Size";
		header[C_AVAIL] = "Avail";
	}
	add_row(header);
	n = read_mounts(&v);
	if (optind == argc)
		list_all(v, n);
	for (i = optind; i < argc; i++)
		if (list_file(v, n, argv[i]) != 0)
			status = EXIT_FAILURE;
	if (nrows > 1)
		print_rows();
	if (nrows == 1 && optind == argc)
		error(EXIT_FAILURE, 0, "no file systems processed");
	return status;
}
