/*
 * File-name arithmetic done on strings alone, the POSIX basename(1) and
 * dirname(1) way: trailing slashes do not count, "/" stays "/", and a
 * name without a slash lives in ".".  Also the checks that cp, mv and
 * ln make on the names they are given.
 */
#include <sys/stat.h>
#include <errno.h>
#include <stdlib.h>
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

int
is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* Do a and b name the same file? */
int
same_file(const char *a, const char *b)
{
	struct stat sa, sb;

	return stat(a, &sa) == 0 && stat(b, &sb) == 0 &&
	    sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

/* Exit as coreutils does unless target, the last operand, is a directory. */
void
require_dir(const char *target)
{
	struct stat st;

	if (stat(target, &st) != 0)
		error(EXIT_FAILURE, errno, "target '%s'", target);
	if (!S_ISDIR(st.st_mode))
		error(EXIT_FAILURE, 0, "target '%s' is not a directory", target);
}

/* cp and mv need a source and a destination. */
void
need_two_operands(int n, char **ops)
{
	if (n == 0)
		usage_error("missing file operand", NULL);
	if (n == 1) {
		error(0, 0, "missing destination file operand after '%s'",
		    ops[0]);
		try_help();
	}
}

/*
 * The operand forms of cp, mv and ln: "SOURCE DEST" when DEST is not to
 * be taken as a directory, else "SOURCE... DIRECTORY", each source going
 * into DIRECTORY under its own name.  act does one; the exit status.
 */
int
to_target(int n, char **ops, int target_is_dir,
    int (*act)(const char *, const char *))
{
	const char *target = ops[n - 1];
	char *base, *dst;
	int i, status = EXIT_SUCCESS;

	if (n == 2 && !target_is_dir)
		return act(ops[0], target) == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
	if (!target_is_dir)
		require_dir(target);
	for (i = 0; i < n - 1; i++) {
		base = base_name(ops[i]);
		dst = path_join(target, base);
		if (act(ops[i], dst) != 0)
			status = EXIT_FAILURE;
		free(dst);
		free(base);
	}
	return status;
}
