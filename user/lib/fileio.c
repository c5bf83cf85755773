/*
 * Input files named on the command line, where "-" means standard input
 * as in every filter (cat, head, wc, grep, ...), and a copy loop that
 * survives short writes and signals.
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "util.h"

#define COPY_BUFSZ	65536

/* fopen(path) or stdin for "-"; NULL with errno set on failure. */
FILE *
open_input(const char *path)
{
	if (strcmp(path, "-") == 0)
		return stdin;
	return fopen(path, "re");
}

void
close_input(FILE *f)
{
	if (f == stdin)
		clearerr(f);
	else
		fclose(f);
}

/* write(2) all of p, resuming after short writes and signals. */
int
write_all(int fd, const char *p, size_t n)
{
	ssize_t w;

	while (n > 0) {
		if ((w = write(fd, p, n)) < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += w;
		n -= w;
	}
	return 0;
}

/*
 * Copy everything from in to out.  0 on success; -1 with errno set,
 * *failed_read telling whether reading (1) or writing (0) failed.
 */
int
copy_fd(int in, int out, int *failed_read)
{
	static char buf[COPY_BUFSZ];
	ssize_t r;

	for (;;) {
		r = read(in, buf, sizeof(buf));
		if (r == 0)
			return 0;
		if (r < 0) {
			if (errno == EINTR)
				continue;
			*failed_read = 1;
			return -1;
		}
		if (write_all(out, buf, r) != 0) {
			*failed_read = 0;
			return -1;
		}
	}
}
