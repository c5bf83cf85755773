/*
 * test and [: evaluate a conditional expression (POSIX test(1)) with
 * ! -a -o and parentheses, the unary file and string tests, and the
 * string and integer comparisons.  Status 0 true, 1 false, 2 error.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sh.h"

struct test {
	char **argv;
	int pos;
	int argc;
	int error;
};

static int or_expr(struct test *);

static void
bad(struct test *t, const char *what, const char *arg)
{
	if (!t->error)
		sh_error("test: %s%s%s", arg != NULL ? arg : "",
		    arg != NULL ? ": " : "", what);
	t->error = 1;
}

static const char *
next_arg(struct test *t)
{
	if (t->pos >= t->argc) {
		bad(t, "argument expected", NULL);
		return "";
	}
	return t->argv[t->pos++];
}

static long
integer(struct test *t, const char *s)
{
	intmax_t n = 0;

	if (parse_intmax(s, 10, &n) != 0 || n < LONG_MIN || n > LONG_MAX)
		bad(t, "Illegal number", s);
	return n;
}

static int
file_test(int op, const char *path)
{
	struct stat st;

	if (op == 'L' || op == 'h')
		return lstat(path, &st) == 0 && S_ISLNK(st.st_mode);
	if (op == 'r' || op == 'w' || op == 'x')
		return access(path, op == 'r' ? R_OK : op == 'w' ? W_OK :
		    X_OK) == 0;
	if (stat(path, &st) != 0)
		return 0;
	switch (op) {
	case 'e':
		return 1;
	case 'f':
		return S_ISREG(st.st_mode);
	case 'd':
		return S_ISDIR(st.st_mode);
	case 'b':
		return S_ISBLK(st.st_mode);
	case 'c':
		return S_ISCHR(st.st_mode);
	case 'p':
		return S_ISFIFO(st.st_mode);
	case 'S':
		return S_ISSOCK(st.st_mode);
	case 's':
		return st.st_size > 0;
	case 'u':
		return (st.st_mode & S_ISUID) != 0;
	case 'g':
		return (st.st_mode & S_ISGID) != 0;
	default:
		return (st.st_mode & S_ISVTX) != 0;	/* -k */
	}
}

static int
is_unary(const char *s)
{
	return s[0] == '-' && s[1] != '\0' && s[2] == '\0' &&
	    strchr("efdbcpSsugkLhrwxznt", s[1]) != NULL;
}

static int
unary(struct test *t, int op, const char *arg)
{
	if (op == 'z')
		return *arg == '\0';
	if (op == 'n')
		return *arg != '\0';
	if (op == 't')
		return isatty(integer(t, arg));
	return file_test(op, arg);
}

/* Binary operators, or -1 if op is none. */
static int
binary(struct test *t, const char *l, const char *op, const char *r)
{
	static const char *const intops[] = {
		"-eq", "-ne", "-lt", "-gt", "-le", "-ge", NULL
	};
	long a, b;
	int i;

	if (strcmp(op, "=") == 0 || strcmp(op, "==") == 0)
		return strcmp(l, r) == 0;
	if (strcmp(op, "!=") == 0)
		return strcmp(l, r) != 0;
	if (strcmp(op, "<") == 0)
		return strcmp(l, r) < 0;
	if (strcmp(op, ">") == 0)
		return strcmp(l, r) > 0;
	for (i = 0; intops[i] != NULL; i++)
		if (strcmp(op, intops[i]) == 0)
			break;
	if (intops[i] == NULL)
		return -1;
	a = integer(t, l);
	b = integer(t, r);
	switch (i) {
	case 0:
		return a == b;
	case 1:
		return a != b;
	case 2:
		return a < b;
	case 3:
		return a > b;
	case 4:
		return a <= b;
	default:
		return a >= b;
	}
}

static int
primary(struct test *t)
{
	const char *a = next_arg(t);
	int r;

	if (t->error)
		return 0;
	if (strcmp(a, "!") == 0)
		return !primary(t);
	/* A binary operator takes precedence: [ -n = -n ] compares. */
	if (t->pos + 1 < t->argc) {
		r = binary(t, a, t->argv[t->pos], t->argv[t->pos + 1]);
		if (r >= 0) {
			t->pos += 2;
			return r;
		}
	}
	if (strcmp(a, "(") == 0 && t->pos < t->argc) {
		r = or_expr(t);
		if (strcmp(next_arg(t), ")") != 0)
			bad(t, "closing paren expected", NULL);
		return r;
	}
	if (is_unary(a) && t->pos < t->argc)
		return unary(t, a[1], next_arg(t));
	return *a != '\0';
}

static int
and_expr(struct test *t)
{
	int r = primary(t);

	while (t->pos < t->argc && strcmp(t->argv[t->pos], "-a") == 0) {
		t->pos++;
		r = primary(t) && r;
	}
	return r;
}

static int
or_expr(struct test *t)
{
	int r = and_expr(t);

	while (t->pos < t->argc && strcmp(t->argv[t->pos], "-o") == 0) {
		t->pos++;
		r = and_expr(t) || r;
	}
	return r;
}

int
builtin_test(char **argv)
{
	struct test t = { .argv = argv, .pos = 1 };
	int r;

	while (argv[t.argc] != NULL)
		t.argc++;
	if (strcmp(argv[0], "[") == 0) {
		if (strcmp(argv[t.argc - 1], "]") != 0) {
			sh_error("[: missing ]");
			return 2;
		}
		t.argc--;
	}
	if (t.pos >= t.argc)
		return 1;
	r = or_expr(&t);
	if (t.pos < t.argc)
		bad(&t, "unexpected operator", t.argv[t.pos]);
	return t.error ? 2 : !r;
}
