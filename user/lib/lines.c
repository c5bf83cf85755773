/*
 * Line and whole-file input.  getline(3) already copes with any line
 * length; read_line only hides its signed/unsigned juggling.  read_file
 * reads files whose size stat(2) cannot tell, such as those in /proc.
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

/* The whole of a file, NUL-terminated; NULL with errno set on failure. */
char *
read_file(const char *path, size_t *len)
{
	int fd, saved;
	size_t n = 0, cap = READ_CHUNK;
	ssize_t r;
	char *buf;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return NULL;
	buf = xmalloc(cap + 1);
	while ((r = read(fd, buf + n, cap - n)) != 0) {
		if (r < 0) {
			if (errno == EINTR)
				continue;
			saved = errno;
			free(buf);
			close(fd);
			errno = saved;
			return NULL;
		}
		n += r;
		if (n == cap)
			buf = xrealloc(buf, (cap *= 2) + 1);
	}
	close(fd);
	buf[n] = '\0';
	if (len != NULL)
		*len = n;
	return buf;
}
