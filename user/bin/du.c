/*
 * du: estimate file space usage from st_blocks, in 1K units (-k) or
 * human-readable (-h).  Every directory is listed after its contents; -s
 * lists only the totals of the arguments, -a files too, -c adds a grand
 * total.  A file with several hard links counts once, and so does
 * anything met twice through several arguments.  Symbolic links
 * are not followed.
 */
#include <sys/stat.h>
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"

#define USAGE	"du [-achks] [FILE]..."
#define KIB	1024
#define BLOCK	512	/* the unit of st_blocks */

static int summarize, all_files, human, status = EXIT_SUCCESS;
static int count_once;	/* several arguments: count every file once */

struct inode {
	dev_t	 dev;
	ino_t	 ino;
};

static struct inode *seen;
static size_t nseen;

/* Has this multiply-linked file been counted already?  Records it if not. */
static int
already_counted(const struct stat *st)
{
	size_t i;

	for (i = 0; i < nseen; i++)
		if (seen[i].dev == st->st_dev && seen[i].ino == st->st_ino)
			return 1;
	seen = xrealloc(seen, (nseen + 1) * sizeof(*seen));
	seen[nseen].dev = st->st_dev;
	seen[nseen++].ino = st->st_ino;
	return 0;
}

static void
show(uintmax_t blocks, const char *path)
{
	char buf[HUMAN_BUFSZ];

	if (human)
		printf("%s\t%s\n", human_size(blocks * BLOCK, buf), path);
	else
		printf("%ju\t%s\n", (blocks * BLOCK + KIB - 1) / KIB, path);
}

/* The blocks under path, printing as required; depth 0 is an argument. */
static uintmax_t
du(const char *path, int depth)
{
	struct stat st;
	struct dirent *de;
	uintmax_t total;
	char *child;
	DIR *d;

	if (lstat(path, &st) != 0) {
		error(0, errno, "cannot access '%s'", path);
		status = EXIT_FAILURE;
		return 0;
	}
	if ((count_once || (!S_ISDIR(st.st_mode) && st.st_nlink > 1)) &&
	    already_counted(&st))
		return 0;
	total = st.st_blocks;
	if (S_ISDIR(st.st_mode)) {
		if ((d = opendir(path)) == NULL) {
			error(0, errno, "cannot read directory '%s'", path);
			status = EXIT_FAILURE;
		} else {
			while ((de = readdir(d)) != NULL) {
				if (strcmp(de->d_name, ".") == 0 ||
				    strcmp(de->d_name, "..") == 0)
					continue;
				child = path_join(path, de->d_name);
				total += du(child, depth + 1);
				free(child);
			}
			closedir(d);
		}
	}
	if (depth == 0 || (!summarize && (S_ISDIR(st.st_mode) || all_files)))
		show(total, path);
	return total;
}

int
main(int argc, char **argv)
{
	uintmax_t grand = 0;
	int c, i, grand_total = 0;

	while ((c = getopt_help(argc, argv, "achks", USAGE, EXIT_FAILURE)) != -1) {
		switch (c) {
		case 'a': all_files = 1; break;
		case 'c': grand_total = 1; break;
		case 'h': human = 1; break;
		case 'k': human = 0; break;
		case 's': summarize = 1; break;
		}
	}
	if (summarize && all_files) {
		error(0, 0, "cannot both summarize and show all entries");
		try_help();
	}
	count_once = argc - optind > 1;
	if (optind == argc)
		grand += du(".", 0);
	for (i = optind; i < argc; i++)
		grand += du(argv[i], 0);
	if (grand_total)
		show(grand, "total");
	if (fflush(stdout) != 0)
		error(EXIT_FAILURE, errno, "write error");
	return status;
}
