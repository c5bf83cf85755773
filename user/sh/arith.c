/*
 * Arithmetic expansion, $(( expr )), in the C language's long integer
 * arithmetic as POSIX asks: constants (decimal, 0octal, 0xhex),
 * variables by name, unary + - ! ~, the binary operators from * to ||
 * with C precedence, ?: and the assignments = += -= *= /= %=.
 * Parameters have already been expanded; a bare name is read here.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sh.h"

struct arith {
	const char *p;
	int error;
	int skip;		/* evaluating a branch whose result is unused */
};

static long ternary(struct arith *);

static void
skip_space(struct arith *a)
{
	while (isspace((unsigned char)*a->p))
		a->p++;
}

static void
fail(struct arith *a, const char *msg)
{
	if (!a->error)
		dprintf(STDERR_FILENO, "%s: arithmetic expression: %s: \"%s\"\n",
		    sh.name, msg, a->p);
	a->error = 1;
}

/* If the input continues with op (and not a longer operator), eat it. */
static int
accept(struct arith *a, const char *op)
{
	size_t n = strlen(op);

	skip_space(a);
	if (strncmp(a->p, op, n) != 0)
		return 0;
	if (a->p[n] == '=' && strchr("=!<>", op[n - 1]) == NULL &&
	    strcmp(op, "<<") != 0 && strcmp(op, ">>") != 0)
		return 0;
	if (n == 1 && strchr("&|<>", *op) != NULL && a->p[1] == *op)
		return 0;
	a->p += n;
	return 1;
}

static long
variable(struct arith *a, const char *name, size_t len)
{
	char *n = strndup(name, len), *end;
	const char *v = var_get(n);
	long value = 0;

	free(n);
	if (v != NULL && *v != '\0') {
		errno = 0;
		value = strtol(v, &end, 0);
		if (*end != '\0' || errno != 0)
			fail(a, "bad number");
	}
	return value;
}

static void
assign(const char *name, size_t len, long value)
{
	char *n = strndup(name, len), buf[32];

	snprintf(buf, sizeof(buf), "%ld", value);
	var_set(n, buf, VAR_KEEP_EXPORT);
	free(n);
}

static long apply(struct arith *, char, long, long);

/* name, name = expr, name op= expr */
static long
name_or_assignment(struct arith *a)
{
	static const char assign_ops[] = "+-*/%";
	const char *name = a->p;
	size_t len = 0;
	long value;
	char op = 0;

	while (isalnum((unsigned char)name[len]) || name[len] == '_')
		len++;
	a->p += len;
	value = variable(a, name, len);
	skip_space(a);
	if (*a->p != '\0' && strchr(assign_ops, *a->p) != NULL &&
	    a->p[1] == '=') {
		op = *a->p;
		a->p += 2;
	} else if (*a->p == '=' && a->p[1] != '=') {
		op = '=';
		a->p++;
	} else {
		return value;
	}
	value = op == '=' ? ternary(a) : apply(a, op, value, ternary(a));
	if (!a->skip && !a->error)
		assign(name, len, value);
	return value;
}

static long
primary(struct arith *a)
{
	char *end;
	long v;

	skip_space(a);
	if (accept(a, "(")) {
		v = ternary(a);
		if (!accept(a, ")"))
			fail(a, "missing )");
		return v;
	}
	if (accept(a, "-"))
		return -primary(a);
	if (accept(a, "+"))
		return primary(a);
	if (accept(a, "!"))
		return !primary(a);
	if (accept(a, "~"))
		return ~primary(a);
	if (isdigit((unsigned char)*a->p)) {
		errno = 0;
		v = strtol(a->p, &end, 0);
		if (errno != 0 || isalnum((unsigned char)*end))
			fail(a, "bad number");
		a->p = end;
		return v;
	}
	if (isalpha((unsigned char)*a->p) || *a->p == '_')
		return name_or_assignment(a);
	fail(a, "syntax error");
	return 0;
}

static long
apply(struct arith *a, char op, long l, long r)
{
	switch (op) {
	case '*':
		return l * r;
	case '+':
		return l + r;
	case '-':
		return l - r;
	default:
		if (r == 0) {
			if (!a->skip)
				fail(a, "division by zero");
			return 0;
		}
		return op == '/' ? l / r : l % r;
	}
}

/* Binary operators by precedence level, loosest last. */
static const char *const levels[][5] = {
	{ "*", "/", "%", NULL },
	{ "+", "-", NULL },
	{ "<<", ">>", NULL },
	{ "<=", ">=", "<", ">", NULL },
	{ "==", "!=", NULL },
	{ "&", NULL },
	{ "^", NULL },
	{ "|", NULL },
	{ "&&", NULL },
	{ "||", NULL },
};

static long
combine(struct arith *a, const char *op, long l, long r)
{
	if (strchr("*/%+-", *op) != NULL && op[1] == '\0')
		return apply(a, *op, l, r);
	if (strcmp(op, "<<") == 0)
		return l << r;
	if (strcmp(op, ">>") == 0)
		return l >> r;
	if (strcmp(op, "<=") == 0)
		return l <= r;
	if (strcmp(op, ">=") == 0)
		return l >= r;
	if (strcmp(op, "<") == 0)
		return l < r;
	if (strcmp(op, ">") == 0)
		return l > r;
	if (strcmp(op, "==") == 0)
		return l == r;
	if (strcmp(op, "!=") == 0)
		return l != r;
	if (strcmp(op, "&") == 0)
		return l & r;
	if (strcmp(op, "^") == 0)
		return l ^ r;
	if (strcmp(op, "|") == 0)
		return l | r;
	if (strcmp(op, "&&") == 0)
		return l && r;
	return l || r;
}

static long
binary(struct arith *a, int level)
{
	const char *const *op;
	long l, r;
	int skip = a->skip;

	if (level < 0)
		return primary(a);
	l = binary(a, level - 1);
	for (;;) {
		for (op = levels[level]; *op != NULL && !accept(a, *op); op++)
			continue;
		if (*op == NULL || a->error)
			break;
		/* The right side of && and || is parsed, not acted on. */
		if ((strcmp(*op, "&&") == 0 && !l) ||
		    (strcmp(*op, "||") == 0 && l))
			a->skip = 1;
		r = binary(a, level - 1);
		a->skip = skip;
		l = combine(a, *op, l, r);
	}
	return l;
}

static long
ternary(struct arith *a)
{
	long c = binary(a, sizeof(levels) / sizeof(levels[0]) - 1), t, f;
	int skip = a->skip;

	if (!accept(a, "?"))
		return c;
	a->skip = skip || !c;
	t = ternary(a);
	if (!accept(a, ":"))
		fail(a, "missing :");
	a->skip = skip || c;
	f = ternary(a);
	a->skip = skip;
	return c ? t : f;
}

/* Evaluate expr into *result; -1 (with a message) if it is malformed. */
int
arith_eval(const char *expr, long *result)
{
	struct arith a = { .p = expr };

	*result = ternary(&a);
	skip_space(&a);
	if (*a.p != '\0')
		fail(&a, "syntax error");
	return a.error ? -1 : 0;
}
