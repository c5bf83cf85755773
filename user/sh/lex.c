/*
 * The lexer turns input into tokens.  A word keeps its source text
 * verbatim (quotes, backslashes, $-expansions and all): what it means is
 * decided by expand.c when the command runs, as the values of variables
 * may change between parsing and running (think of a loop body).  The
 * lexer only has to find where a word ends, which takes following the
 * nesting of quotes, ${...}, $(...) and `...`.
 *
 * Here-document bodies are read when the newline that ends the line
 * holding their operators is lexed, which is where POSIX places them.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sh.h"

static void read_dquote(struct lexer *, struct strbuf *);
static void read_part(struct lexer *, struct strbuf *, int, int);

void
lex_init(struct lexer *lx, struct input *in, struct arena *a, jmp_buf *fail)
{
	memset(lx, 0, sizeof(*lx));
	lx->in = in;
	lx->arena = a;
	lx->fail = fail;
	lx->heredoc_tail = &lx->heredocs;
}

void
syntax_error(struct lexer *lx, const char *msg)
{
	dprintf(STDERR_FILENO, "%s: Syntax error: %s\n", sh.name, msg);
	longjmp(*lx->fail, 1);
}

static int
getc_or_fail(struct lexer *lx, const char *what)
{
	int c = in_getc(lx->in);

	if (c == EOF)
		syntax_error(lx, what);
	return c;
}

static void
read_squote(struct lexer *lx, struct strbuf *b)
{
	int c;

	do {
		c = getc_or_fail(lx, "Unterminated quoted string");
		sb_addc(b, c);
	} while (c != '\'');
}

/* A backslash was read; line continuations vanish, others are kept. */
static void
read_backslash(struct lexer *lx, struct strbuf *b)
{
	int c = in_getc(lx->in);

	if (c == '\n')
		return;
	sb_addc(b, '\\');
	if (c != EOF)
		sb_addc(b, c);
}

static void
read_bquote(struct lexer *lx, struct strbuf *b)
{
	int c;

	sb_addc(b, '`');
	for (;;) {
		c = getc_or_fail(lx, "Unterminated backquote");
		sb_addc(b, c);
		if (c == '`')
			return;
		if (c == '\\')
			sb_addc(b, getc_or_fail(lx, "Unterminated backquote"));
	}
}

/* Up to the bracket closing open, across nested quotes and brackets. */
static void
read_nested(struct lexer *lx, struct strbuf *b, int open, int close)
{
	int depth = 1, c;

	while (depth > 0) {
		c = getc_or_fail(lx, close == ')' ? "Missing ')'" :
		    "Missing '}'");
		if (c == open || c == close) {
			depth += c == open ? 1 : -1;
			sb_addc(b, c);
		} else {
			read_part(lx, b, c, 0);
		}
	}
}

/* A $ was read and stored: take the expansion that follows, if any. */
static void
read_dollar(struct lexer *lx, struct strbuf *b)
{
	int c = in_getc(lx->in);

	if (c == '(') {
		sb_addc(b, c);
		read_nested(lx, b, '(', ')');
	} else if (c == '{') {
		sb_addc(b, c);
		read_nested(lx, b, '{', '}');
	} else
		in_ungetc(lx->in, c);
}

/* Take c, part of a word or of a "..." string, and what it opens. */
static void
read_part(struct lexer *lx, struct strbuf *b, int c, int in_dquote)
{
	if (c == '\\') {
		read_backslash(lx, b);
		return;
	}
	if (c == '`') {
		read_bquote(lx, b);
		return;
	}
	sb_addc(b, c);
	if (c == '$')
		read_dollar(lx, b);
	else if (c == '\'' && !in_dquote)
		read_squote(lx, b);
	else if (c == '"' && !in_dquote)
		read_dquote(lx, b);
}

static void
read_dquote(struct lexer *lx, struct strbuf *b)
{
	int c;

	while ((c = getc_or_fail(lx, "Unterminated quoted string")) != '"')
		read_part(lx, b, c, 1);
	sb_addc(b, c);
}

static int
is_meta(int c)
{
	return c == EOF || strchr(" \t\n;&|<>()", c) != NULL;
}

static void
read_word(struct lexer *lx, struct strbuf *b, int c)
{
	for (; !is_meta(c); c = in_getc(lx->in))
		read_part(lx, b, c, 0);
	in_ungetc(lx->in, c);
}

/* Read one line of a here-document into line; returns 0 at end of input. */
static int
read_heredoc_line(struct lexer *lx, struct strbuf *line, int strip)
{
	int c;

	line->len = 0;
	while ((c = in_getc(lx->in)) != '\n') {
		if (c == EOF)
			return line->len > 0;
		if (c == '\t' && strip && line->len == 0)
			continue;
		sb_addc(line, c);
	}
	return 1;
}

static void
read_heredocs(struct lexer *lx)
{
	struct strbuf body = { 0 }, line = { 0 };
	struct redir *r;

	for (r = lx->heredocs; r != NULL; r = r->next_heredoc) {
		body.len = 0;
		while (read_heredoc_line(lx, &line, r->type == R_HEREDOC_STRIP) &&
		    strcmp(sb_cstr(&line), r->delim) != 0) {
			sb_addmem(&body, line.s, line.len);
			sb_addc(&body, '\n');
		}
		r->word = arena_strdup(lx->arena, sb_cstr(&body), body.len);
	}
	lx->heredocs = NULL;
	lx->heredoc_tail = &lx->heredocs;
	sb_free(&body);
	sb_free(&line);
}

/* Queue a here-document; r->word holds its delimiter as written. */
void
lex_heredoc(struct lexer *lx, struct redir *r)
{
	const char *p;
	char *d;

	d = r->delim = arena_alloc(lx->arena, strlen(r->word) + 1);
	for (p = r->word; *p != '\0'; p++) {
		if (*p == '\\' || *p == '\'' || *p == '"') {
			r->literal = 1;
			if (*p == '\\' && p[1] != '\0')
				*d++ = *++p;
			continue;
		}
		*d++ = *p;
	}
	*d = '\0';
	*lx->heredoc_tail = r;
	lx->heredoc_tail = &r->next_heredoc;
}

/* c and, if next is one of the seconds, a two-character operator. */
static enum tok
operator(struct lexer *lx, int c)
{
	static const struct {
		char first, second;
		enum tok tok;
	} ops[] = {
		{ ';', ';', T_DSEMI }, { '&', '&', T_AND }, { '|', '|', T_OR },
		{ '<', '<', T_DLESS }, { '<', '&', T_LESSAND },
		{ '<', '>', T_LESSGREAT }, { '>', '>', T_DGREAT },
		{ '>', '&', T_GREATAND }, { '>', '|', T_CLOBBER },
	};
	static const char singles[] = ";&|()<>";
	static const enum tok single_toks[] = {
		T_SEMI, T_AMP, T_PIPE, T_LPAREN, T_RPAREN, T_LESS, T_GREAT
	};
	int next = in_getc(lx->in);
	size_t i;

	for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		if (ops[i].first != c || ops[i].second != next)
			continue;
		if (ops[i].tok != T_DLESS)
			return ops[i].tok;
		next = in_getc(lx->in);
		if (next == '-')
			return T_DLESSDASH;
		in_ungetc(lx->in, next);
		return T_DLESS;
	}
	in_ungetc(lx->in, next);
	return single_toks[strchr(singles, c) - singles];
}

static int
skip_blanks(struct lexer *lx)
{
	int c;

	for (;;) {
		c = in_getc(lx->in);
		if (c == ' ' || c == '\t')
			continue;
		if (c == '#') {
			while ((c = in_getc(lx->in)) != '\n' && c != EOF)
				continue;
			return c;
		}
		if (c != '\\')
			return c;
		c = in_getc(lx->in);
		if (c != '\n') {
			in_ungetc(lx->in, c);
			return '\\';
		}
	}
}

static int
all_digits(const char *s)
{
	if (*s == '\0')
		return 0;
	for (; *s != '\0'; s++)
		if (!isdigit((unsigned char)*s))
			return 0;
	return 1;
}

static void
lex_token(struct lexer *lx, struct token *t)
{
	struct strbuf *b = &lx->word;
	int c = skip_blanks(lx);

	t->start = lx->in->text.len > 0 ? lx->in->text.len - 1 : 0;
	t->fd = -1;
	t->text = NULL;
	if (c == EOF) {
		t->type = T_EOF;
	} else if (c == '\n') {
		t->type = T_NEWLINE;
		read_heredocs(lx);
	} else if (strchr(";&|()<>", c) != NULL) {
		t->type = operator(lx, c);
	} else {
		b->len = 0;
		read_word(lx, b, c);
		c = in_getc(lx->in);
		if ((c == '<' || c == '>') && all_digits(sb_cstr(b))) {
			t->fd = atoi(b->s);
			t->type = operator(lx, c);
		} else {
			in_ungetc(lx->in, c);
			t->type = T_WORD;
			t->text = arena_strdup(lx->arena, sb_cstr(b), b->len);
		}
	}
	t->end = lx->in->text.len;
}

struct token *
lex_peek(struct lexer *lx)
{
	if (!lx->peeked) {
		lex_token(lx, &lx->tok);
		lx->peeked = 1;
	}
	return &lx->tok;
}

struct token *
lex_next(struct lexer *lx)
{
	struct token *t = lex_peek(lx);

	lx->peeked = 0;
	lx->last_end = t->end;
	return t;
}

void
lex_free(struct lexer *lx)
{
	sb_free(&lx->word);
}

/* After a syntax error: drop the rest of the line. */
void
lex_skip_line(struct lexer *lx)
{
	int c;

	if (lx->tok.type == T_NEWLINE || lx->tok.type == T_EOF)
		return;
	while ((c = in_getc(lx->in)) != '\n' && c != EOF)
		continue;
}
