/*
 * Word expansion, in POSIX order: tilde, parameters, command
 * substitution and arithmetic first, producing characters that remember
 * where they came from; then field splitting on IFS, which only cuts
 * characters produced by unquoted expansions; then pathname expansion of
 * fields holding unquoted pattern characters; quote removal falls out of
 * the first step, which never copies the quotes themselves.
 */
#include <errno.h>
#include <fnmatch.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sh.h"

#define XF_QUOTED	0x1	/* quoted: neither split nor a pattern */
#define XF_SPLIT	0x2	/* from an unquoted expansion: split on IFS */
#define XF_BREAK	0x4	/* no character: a field ends here ("$@") */
#define XF_MARK		0x8	/* no character: a field exists here ("") */

#define DEFAULT_IFS	" \t\n"
#define PATTERN_CHARS	"*?[]\\"

struct xchar {
	char c;
	unsigned char f;
};

struct expander {
	struct xchar *v;
	size_t n;
	size_t cap;
	int flags;
	int failed;
	int at_empty;		/* "$@" expanded to no fields */
};

static const char *expand_part(struct expander *, const char *, const char *,
    int);

/* The error has been reported; a script does not go on after it. */
static void
expansion_failed(void)
{
	sh.status = 2;
	if (!sh.interactive)
		exit_shell(2);
}

static void
put(struct expander *x, int c, int f)
{
	if (x->n == x->cap) {
		x->cap = x->cap == 0 ? 64 : x->cap * 2;
		x->v = xrealloc(x->v, x->cap * sizeof(*x->v));
	}
	x->v[x->n].c = c;
	x->v[x->n].f = f;
	x->n++;
}

static void
put_value(struct expander *x, const char *s, int quoted)
{
	for (; *s != '\0'; s++)
		put(x, *s, quoted ? XF_QUOTED : XF_SPLIT);
}

/* The characters as one string: a field break becomes a space. */
static char *
to_string(struct expander *x, int pattern)
{
	struct strbuf b = { 0 };
	size_t i;

	for (i = 0; i < x->n; i++) {
		if (x->v[i].f & XF_MARK)
			continue;
		if (x->v[i].f & XF_BREAK) {
			sb_addc(&b, ' ');
			continue;
		}
		if (pattern && (x->v[i].f & XF_QUOTED) &&
		    strchr(PATTERN_CHARS, x->v[i].c) != NULL)
			sb_addc(&b, '\\');
		sb_addc(&b, x->v[i].c);
	}
	return sb_cstr(&b);	/* the caller owns the buffer */
}

/* Expand [p, end) on its own; NULL if an expansion failed. */
static char *
expand_range(const char *p, const char *end, int flags, int quoted)
{
	struct expander x = { .flags = flags };
	char *s = NULL;

	expand_part(&x, p, end, quoted);
	if (!x.failed)
		s = to_string(&x, flags & EXP_PATTERN);
	free(x.v);
	if (x.failed)
		expansion_failed();
	return s;
}

/* Scanning raw text: each returns the position after the construct. */
static const char *skip_dquote(const char *);

static const char *
skip_squote(const char *p)
{
	while (*p != '\0' && *p++ != '\'')
		continue;
	return p;
}

static const char *
skip_bquote(const char *p)
{
	for (; *p != '\0' && *p != '`'; p++)
		if (*p == '\\' && p[1] != '\0')
			p++;
	return *p == '`' ? p + 1 : p;
}

static const char *
skip_nested(const char *p, int open, int close)
{
	int depth = 1;

	while (*p != '\0' && depth > 0) {
		if (*p == '\\' && p[1] != '\0')
			p += 2;
		else if (*p == '\'')
			p = skip_squote(p + 1);
		else if (*p == '"')
			p = skip_dquote(p + 1);
		else if (*p == '`')
			p = skip_bquote(p + 1);
		else if (*p == '$' && (p[1] == '(' || p[1] == '{'))
			p = skip_nested(p + 2, p[1], p[1] == '(' ? ')' : '}');
		else {
			depth += *p == open;
			depth -= *p == close;
			p++;
		}
	}
	return p;
}

static const char *
skip_dquote(const char *p)
{
	while (*p != '\0' && *p != '"') {
		if (*p == '\\' && p[1] != '\0')
			p += 2;
		else if (*p == '`')
			p = skip_bquote(p + 1);
		else if (*p == '$' && (p[1] == '(' || p[1] == '{'))
			p = skip_nested(p + 2, p[1], p[1] == '(' ? ')' : '}');
		else
			p++;
	}
	return *p == '"' ? p + 1 : p;
}

static void
put_command_output(struct expander *x, const char *cmd, int quoted)
{
	char *out = command_subst(cmd);

	put_value(x, out, quoted);
	free(out);
}

/* `...`: inside, a backslash quotes only $, ` and itself. */
static const char *
expand_backquote(struct expander *x, const char *p, int quoted)
{
	const char *end = skip_bquote(p);
	const char *last = *(end - 1) == '`' ? end - 1 : end;
	struct strbuf cmd = { 0 };

	for (; p < last; p++) {
		if (*p == '\\' && strchr("$`\\", p[1]) != NULL)
			p++;
		sb_addc(&cmd, *p);
	}
	put_command_output(x, sb_cstr(&cmd), quoted);
	sb_free(&cmd);
	return end;
}

static void
put_number(struct expander *x, long n, int quoted)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%ld", n);
	put_value(x, buf, quoted);
}

/* $(( expr )): [p, end) is expr. */
static void
expand_arith(struct expander *x, const char *p, const char *end, int quoted)
{
	char *expr = expand_range(p, end, 0, 1);
	long n;

	if (expr == NULL || arith_eval(expr, &n) != 0)
		x->failed = 1;
	else
		put_number(x, n, quoted);
	free(expr);
}

/* $@ and $*: each parameter its own field unless "$*". */
static void
put_params(struct expander *x, int star, int quoted)
{
	const char *ifs = var_get("IFS");
	char **v;
	int n, i;

	v = pos_get(&n);
	if (n == 0 && quoted && !star)
		x->at_empty = 1;
	for (i = 0; i < n; i++) {
		if (i > 0 && star && quoted) {
			if (ifs == NULL)
				put(x, ' ', XF_QUOTED);
			else if (*ifs != '\0')
				put(x, *ifs, XF_QUOTED);
		} else if (i > 0) {
			put(x, 0, XF_BREAK);
		}
		if (quoted)
			put(x, 0, XF_MARK);
		put_value(x, v[i], quoted);
	}
}

/* The value of a parameter other than $@ and $*, or NULL if unset. */
static char *
param_value(const char *name, size_t len)
{
	char buf[32], *s;
	char **v;
	long i;
	int n;

	if (len == 1 && strchr("?$!#-", *name) != NULL) {
		switch (*name) {
		case '?':
			snprintf(buf, sizeof(buf), "%d", sh.status);
			break;
		case '$':
			snprintf(buf, sizeof(buf), "%d", (int)sh.pid);
			break;
		case '!':
			if (sh.last_bg == 0)
				return NULL;
			snprintf(buf, sizeof(buf), "%d", (int)sh.last_bg);
			break;
		case '#':
			pos_get(&n);
			snprintf(buf, sizeof(buf), "%d", n);
			break;
		default:
			snprintf(buf, sizeof(buf), "%s%s%s",
			    sh.errexit ? "e" : "", sh.interactive ? "i" : "",
			    sh.xtrace ? "x" : "");
			break;
		}
		return xstrdup(buf);
	}
	if (*name >= '0' && *name <= '9') {
		s = strndup(name, len);
		i = strtol(s, NULL, 10);	/* saturates: then past $# */
		free(s);
		if (i == 0)
			return xstrdup(sh.name);
		v = pos_get(&n);
		return i <= n ? xstrdup(v[i - 1]) : NULL;
	}
	s = strndup(name, len);
	name = var_get(s);
	free(s);
	return name == NULL ? NULL : xstrdup(name);
}

/* Length of the parameter name at p: a name, digits, or one special. */
static size_t
param_name_len(const char *p, int braced)
{
	size_t n = 0;

	if (is_name(p, 1)) {
		while (is_name(p, n + 1))
			n++;
		return n;
	}
	if (*p >= '0' && *p <= '9') {
		if (!braced)
			return 1;
		while (p[n] >= '0' && p[n] <= '9')
			n++;
		return n;
	}
	return *p != '\0' && strchr("@*#?-$!", *p) != NULL;
}

/* Remove the shortest or longest prefix or suffix matching pattern. */
static char *
trim(char *value, const char *pattern, int suffix, int longest)
{
	size_t len = strlen(value), i, cut;
	char saved;

	for (i = 0; i <= len; i++) {
		cut = longest ? len - i : i;
		if (suffix) {
			if (fnmatch(pattern, value + (len - cut), 0) == 0) {
				value[len - cut] = '\0';
				return value;
			}
			continue;
		}
		saved = value[cut];
		value[cut] = '\0';
		if (fnmatch(pattern, value, 0) == 0) {
			value[cut] = saved;
			memmove(value, value + cut, len - cut + 1);
			return value;
		}
		value[cut] = saved;
	}
	return value;
}

static void
param_error(struct expander *x, const char *name, size_t len, const char *word,
    const char *wend, int colon)
{
	char *msg = expand_range(word, wend, 0, 0);

	if (msg != NULL && *msg == '\0') {
		free(msg);
		msg = xstrdup(colon ? "parameter null or not set" :
		    "parameter not set");
	}
	if (msg != NULL)
		dprintf(STDERR_FILENO, "%s: %.*s: %s\n", sh.name, (int)len,
		    name, msg);
	free(msg);
	x->failed = 1;
}

/*
 * ${name op word}: [p, end) is what lies between the braces.  The
 * operators :- - := = :+ + :? ? % %% # ## and the prefix # for length.
 */
static void
expand_braced(struct expander *x, const char *p, const char *end, int quoted)
{
	size_t len;
	const char *op;
	char *value, *s;
	int colon, unset;

	if (*p == '#' && p + 1 < end) {
		len = param_name_len(p + 1, 1);
		value = param_value(p + 1, len);
		put_number(x, value == NULL ? 0 : (long)strlen(value), quoted);
		free(value);
		return;
	}
	len = param_name_len(p, 1);
	op = p + len;
	if (len == 0 || (op < end && strchr(":-=+?%#", *op) == NULL)) {
		dprintf(STDERR_FILENO, "%s: ${%.*s}: Bad substitution\n",
		    sh.name, (int)(end - p), p);
		x->failed = 1;
		return;
	}
	if (len == 1 && (*p == '@' || *p == '*') && op == end) {
		put_params(x, *p == '*', quoted);
		return;
	}
	value = param_value(p, len);
	colon = op < end && *op == ':';
	op += colon;
	unset = value == NULL || (colon && *value == '\0');
	if (op == end) {
		if (value != NULL)
			put_value(x, value, quoted);
	} else if (*op == '-' || *op == '+') {
		if (unset == (*op == '-'))
			expand_part(x, op + 1, end, quoted);
		else if (*op == '-')
			put_value(x, value, quoted);
	} else if (*op == '=') {
		if (unset && (s = expand_range(op + 1, end, 0, quoted)) != NULL) {
			char *name = strndup(p, len);

			free(value);
			value = s;
			var_set(name, value, VAR_KEEP_EXPORT);
			free(name);
		}
		if (value != NULL)
			put_value(x, value, quoted);
	} else if (*op == '?') {
		if (unset)
			param_error(x, p, len, op + 1, end, colon);
		else
			put_value(x, value, quoted);
	} else {
		int longest = op + 1 < end && op[1] == *op;
		char *pat = expand_range(op + 1 + longest, end, EXP_PATTERN, 0);

		if (pat != NULL && value != NULL)
			put_value(x, trim(value, pat, *op == '%', longest),
			    quoted);
		free(pat);
	}
	free(value);
}

/* p follows a $; returns the position after the expansion. */
static const char *
expand_dollar(struct expander *x, const char *p, int quoted)
{
	const char *end;
	char *value;
	size_t len;

	if (*p == '(') {
		end = skip_nested(p + 1, '(', ')');
		if (p[1] == '(' && end - p >= 4 && end[-2] == ')')
			expand_arith(x, p + 2, end - 2, quoted);
		else {
			char *cmd = strndup(p + 1, end - p - 2);

			put_command_output(x, cmd, quoted);
			free(cmd);
		}
		return end;
	}
	if (*p == '{') {
		end = skip_nested(p + 1, '{', '}');
		expand_braced(x, p + 1, end - 1, quoted);
		return end;
	}
	len = param_name_len(p, 0);
	if (len == 0) {
		put(x, '$', quoted ? XF_QUOTED : 0);
		return p;
	}
	if (len == 1 && (*p == '@' || *p == '*')) {
		put_params(x, *p == '*', quoted);
		return p + 1;
	}
	value = param_value(p, len);
	if (value != NULL)
		put_value(x, value, quoted);
	free(value);
	return p + len;
}

/* ~ and ~/...: the home directory; ~user is left alone. */
static const char *
expand_tilde(struct expander *x, const char *p, const char *end)
{
	const char *home = var_get("HOME");

	if (home == NULL || (p + 1 < end && p[1] != '/' && p[1] != ':'))
		return NULL;
	put_value(x, home, 1);
	return p + 1;
}

static int
tilde_allowed(struct expander *x, const char *start, const char *p)
{
	if (p == start)
		return 1;
	return (x->flags & EXP_TILDE_ALL) && (p[-1] == ':' || p[-1] == '=');
}

static const char *
expand_dquote(struct expander *x, const char *p)
{
	const char *end = skip_dquote(p);
	size_t mark = x->n;

	put(x, 0, XF_MARK);
	x->at_empty = 0;
	expand_part(x, p, end[-1] == '"' ? end - 1 : end, 1);
	if (x->at_empty && x->n == mark + 1)
		x->n = mark;
	return end;
}

/*
 * Expand [p, end).  quoted: inside double quotes (or a here-document
 * when the mode says so), where only $, ` and \ are special.
 */
static const char *
expand_part(struct expander *x, const char *p, const char *end, int quoted)
{
	const char *start = p, *q;
	int heredoc = x->flags & EXP_HEREDOC;

	while (p < end && !x->failed) {
		if (*p == '\'' && !quoted) {
			q = skip_squote(p + 1);
			put(x, 0, XF_MARK);
			for (p++; p < q - 1; p++)
				put(x, *p, XF_QUOTED);
			p = q;
		} else if (*p == '"' && !quoted) {
			p = expand_dquote(x, p + 1);
		} else if (*p == '\\' && p + 1 < end) {
			if (!quoted || strchr(heredoc ? "$`\\\n" : "$`\"\\\n",
			    p[1]) != NULL)
				p++;
			put(x, *p++, XF_QUOTED);
		} else if (*p == '$') {
			p = expand_dollar(x, p + 1, quoted);
		} else if (*p == '`') {
			p = expand_backquote(x, p + 1, quoted);
		} else if (*p == '~' && !quoted && tilde_allowed(x, start, p) &&
		    (q = expand_tilde(x, p, end)) != NULL) {
			p = q;
		} else {
			put(x, *p++, quoted ? XF_QUOTED : 0);
		}
	}
	return p;
}

void
fields_add(struct fields *f, char *s)
{
	if (f->n + 1 >= f->cap) {
		f->cap = f->cap == 0 ? 8 : f->cap * 2;
		f->v = xrealloc(f->v, f->cap * sizeof(*f->v));
	}
	f->v[f->n++] = s;
	f->v[f->n] = NULL;
}

void
fields_free(struct fields *f)
{
	int i;

	for (i = 0; i < f->n; i++)
		free(f->v[i]);
	free(f->v);
	f->v = NULL;
	f->n = f->cap = 0;
}

/* One field: its text, and as a pattern if it has pattern characters. */
struct field {
	struct strbuf text;
	struct strbuf pattern;
	int exists;
	int is_pattern;
};

static void
field_end(struct field *fl, struct fields *out)
{
	glob_t g;
	size_t i;

	if (!fl->exists)
		return;
	if (fl->is_pattern &&
	    glob(sb_cstr(&fl->pattern), 0, NULL, &g) == 0) {
		for (i = 0; i < g.gl_pathc; i++)
			fields_add(out, xstrdup(g.gl_pathv[i]));
		globfree(&g);
	} else {
		fields_add(out, xstrdup(sb_cstr(&fl->text)));
	}
	fl->text.len = fl->pattern.len = 0;
	fl->exists = fl->is_pattern = 0;
}

static void
field_addc(struct field *fl, struct xchar *xc)
{
	int special = strchr(PATTERN_CHARS, xc->c) != NULL;

	sb_addc(&fl->text, xc->c);
	if ((xc->f & XF_QUOTED) && special)
		sb_addc(&fl->pattern, '\\');
	sb_addc(&fl->pattern, xc->c);
	if (!(xc->f & XF_QUOTED) && special && xc->c != '\\' && xc->c != ']')
		fl->is_pattern = 1;
	fl->exists = 1;
}

static void
split_fields(struct expander *x, struct fields *out)
{
	const char *ifs = var_get("IFS");
	struct field fl = { 0 };
	struct xchar *xc;
	size_t i;

	if (ifs == NULL)
		ifs = DEFAULT_IFS;
	for (i = 0; i < x->n; i++) {
		xc = &x->v[i];
		if (xc->f & XF_BREAK) {
			field_end(&fl, out);
		} else if (xc->f & XF_MARK) {
			fl.exists = 1;
		} else if ((xc->f & XF_SPLIT) && xc->c != '\0' &&
		    strchr(ifs, xc->c) != NULL) {
			if (strchr(DEFAULT_IFS, xc->c) == NULL)
				fl.exists = 1;
			field_end(&fl, out);
		} else {
			field_addc(&fl, xc);
		}
	}
	field_end(&fl, out);
	sb_free(&fl.text);
	sb_free(&fl.pattern);
}

/* Expand one word, adding its fields to out; -1 if expansion failed. */
int
expand_word(const char *raw, int flags, struct fields *out)
{
	struct expander x = { .flags = flags };

	expand_part(&x, raw, raw + strlen(raw), (flags & EXP_HEREDOC) != 0);
	if (!x.failed) {
		if (flags & EXP_FIELDS)
			split_fields(&x, out);
		else
			fields_add(out, to_string(&x, flags & EXP_PATTERN));
	}
	free(x.v);
	if (x.failed)
		expansion_failed();
	return x.failed ? -1 : 0;
}

int
expand_words(struct word *w, struct fields *out)
{
	for (; w != NULL; w = w->next)
		if (expand_word(w->text, EXP_FIELDS, out) != 0)
			return -1;
	return 0;
}

/* One string, malloc'd; NULL if expansion failed. */
char *
expand_string(const char *raw, int flags)
{
	return expand_range(raw, raw + strlen(raw), flags,
	    (flags & EXP_HEREDOC) != 0);
}
