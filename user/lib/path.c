/*
 * File-name arithmetic done on strings alone, the POSIX basename(1) and
 * dirname(1) way: trailing slashes do not count, "/" stays "/", and a
 * name without a slash lives in ".".
 */
#include <string.h>

#include "util.h"

/* Length of path without its trailing slashes (but "/" keeps one). */
static size_t
trimmed_len(const char *path)
{
	size_t n = strlen(path);

	while (n > 1 && path[n - 1] == '/')
		n--;
	return n;
}

/* The last component of path, newly allocated. */
char *
base_name(const char *path)
{
	size_t end = trimmed_len(path), start = end;
	char *b;

	if (end == 1 && path[0] == '/')
		return xstrdup("/");
	while (start > 0 && path[start - 1] != '/')
		start--;
	b = xmalloc(end - start + 1);
	memcpy(b, path + start, end - start);
	b[end - start] = '\0';
	return b;
}

/* Everything before the last component, newly allocated. */
char *
dir_name(const char *path)
{
	size_t n = trimmed_len(path);
	char *d;

	while (n > 0 && path[n - 1] != '/')
		n--;
	if (n == 0)
		return xstrdup(".");
	while (n > 1 && path[n - 1] == '/')
		n--;
	d = xmalloc(n + 1);
	memcpy(d, path, n);
	d[n] = '\0';
	return d;
}

/* "dir" + "name" -> "dir/name", without doubling a trailing slash. */
char *
path_join(const char *dir, const char *name)
{
	size_t dl = strlen(dir), nl = strlen(name);
	int slash = dl > 0 && dir[dl - 1] != '/';
	char *p = xmalloc(dl + slash + nl + 1);

	memcpy(p, dir, dl);
	if (slash)
		p[dl] = '/';
	memcpy(p + dl + slash, name, nl + 1);
	return p;
}
