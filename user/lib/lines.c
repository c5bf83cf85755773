/*
 * Line and whole-file input.  getline(3) already copes with any line
 * length; read_line only hides its signed/unsigned juggling.  read_fd and
 * read_file read to the end without trusting stat(2) for the size, which
 * files in /proc, pipes and terminals do not report.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include "util.h"

#define READ_CHUNK	4096

/* The next line of f into *line (newline kept); its length, 0 at EOF. */
ssize_t
read_line(FILE *f, char **line, size_t *cap)
{
	ssize_t n = getline(line, cap, f);

	return n < 0 ? 0 : n;
}

/* All that can be read from fd, NUL-terminated; NULL with errno set. */
char *
read_fd(int fd, size_t *len)
{
	size_t n = 0, cap = READ_CHUNK;
	ssize_t r;
	char *buf = xmalloc(cap + 1);
	int saved;

	while ((r = read(fd, buf + n, cap - n)) != 0) {
		if (r < 0) {
			if (errno == EINTR)
				continue;
			saved = errno;
			free(buf);
			errno = saved;
			return NULL;
		}
		n += r;
		if (n == cap)
			buf = xrealloc(buf, (cap *= 2) + 1);
	}
	buf[n] = '\0';
	if (len != NULL)
		*len = n;
	return buf;
}

/* The whole of a file, NUL-terminated; NULL with errno set on failure. */
char *
read_file(const char *path, size_t *len)
{
	int fd, saved;
	char *buf;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return NULL;
	buf = read_fd(fd, len);
	saved = errno;
	close(fd);
	errno = saved;
	return buf;
}
