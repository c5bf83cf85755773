/*
 * The parser: a recursive descent over the POSIX shell grammar, one
 * complete command line at a time, building the tree described in sh.h.
 * Reserved words are ordinary words recognised by their position (first
 * word of a command); since words keep their quotes, "if" quoted never
 * compares equal to if.  A syntax error unwinds with longjmp to
 * parse_line, which frees nothing itself: the caller drops the arena.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "sh.h"

static struct node *parse_list(struct lexer *);
static struct node *parse_and_or(struct lexer *);
static struct node *parse_command(struct lexer *);
static char *source_text(struct lexer *, size_t);

/* Words that end a list inside a compound command. */
static const char *const list_enders[] = {
	"then", "else", "elif", "fi", "do", "done", "esac", "}", NULL
};

static struct node *
new_node(struct lexer *lx, enum ntype type)
{
	struct node *n = arena_alloc(lx->arena, sizeof(*n));

	n->type = type;
	return n;
}

static int
is_word(struct token *t, const char *w)
{
	return t->type == T_WORD && strcmp(t->text, w) == 0;
}

static int
is_list_end(struct token *t)
{
	const char *const *w;

	if (t->type == T_RPAREN || t->type == T_DSEMI || t->type == T_EOF)
		return 1;
	for (w = list_enders; *w != NULL; w++)
		if (is_word(t, *w))
			return 1;
	return 0;
}

static void
unexpected(struct lexer *lx, struct token *t)
{
	char msg[128];

	if (t->type == T_EOF)
		syntax_error(lx, "end of file unexpected");
	if (t->type == T_NEWLINE)
		syntax_error(lx, "newline unexpected");
	snprintf(msg, sizeof(msg), "\"%.*s\" unexpected", (int)(t->end - t->start),
	    lx->in->text.s + t->start);
	syntax_error(lx, msg);
}

/* t is not the reserved word w that had to come. */
static void
missing(struct lexer *lx, struct token *t, const char *w)
{
	char msg[64];

	if (t->type == T_EOF) {
		snprintf(msg, sizeof(msg),
		    "end of file unexpected (expecting \"%s\")", w);
		syntax_error(lx, msg);
	}
	unexpected(lx, t);
}

static void
expect_word(struct lexer *lx, const char *w)
{
	struct token *t = lex_next(lx);

	if (!is_word(t, w))
		missing(lx, t, w);
}

static void
skip_newlines(struct lexer *lx)
{
	while (lex_peek(lx)->type == T_NEWLINE)
		lex_next(lx);
}

int
is_name(const char *s, size_t n)
{
	size_t i;

	if (n == 0 || isdigit((unsigned char)s[0]))
		return 0;
	for (i = 0; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != '_')
			return 0;
	return 1;
}

/* Length of NAME in a word NAME=value, or 0 if it is no assignment. */
size_t
assignment_name_len(const char *w)
{
	const char *eq = strchr(w, '=');

	if (eq == NULL || !is_name(w, eq - w))
		return 0;
	return eq - w;
}

static struct word *
new_word(struct lexer *lx, char *text)
{
	struct word *w = arena_alloc(lx->arena, sizeof(*w));

	w->text = text;
	return w;
}

static int
is_redir_token(struct token *t)
{
	return t->type >= T_LESS && t->type <= T_DLESSDASH;
}

static struct redir *
parse_redir(struct lexer *lx)
{
	static const int default_fd[] = {
		[R_IN] = 0, [R_OUT] = 1, [R_APPEND] = 1, [R_DUPIN] = 0,
		[R_DUPOUT] = 1, [R_RDWR] = 0, [R_CLOBBER] = 1,
		[R_HEREDOC] = 0, [R_HEREDOC_STRIP] = 0,
	};
	struct redir *r = arena_alloc(lx->arena, sizeof(*r));
	struct token *t = lex_next(lx);

	r->type = (enum rtype)(t->type - T_LESS);
	r->fd = t->fd >= 0 ? t->fd : default_fd[r->type];
	t = lex_next(lx);
	if (t->type != T_WORD)
		unexpected(lx, t);
	r->word = t->text;
	if (r->type == R_HEREDOC || r->type == R_HEREDOC_STRIP)
		lex_heredoc(lx, r);
	return r;
}

/* Redirections after a compound command. */
static void
parse_redirs(struct lexer *lx, struct node *n)
{
	struct redir **tail = &n->redirs;

	while (*tail != NULL)
		tail = &(*tail)->next;
	while (is_redir_token(lex_peek(lx))) {
		*tail = parse_redir(lx);
		tail = &(*tail)->next;
	}
}

/* name ( ) compound-command; the name has been read. */
static struct node *
parse_function(struct lexer *lx, char *name)
{
	struct node *n = new_node(lx, N_FUNC), *body;
	struct token *t;
	size_t start;

	if (!is_name(name, strlen(name)))
		unexpected(lx, lex_peek(lx));
	lex_next(lx);
	if ((t = lex_next(lx))->type != T_RPAREN)
		unexpected(lx, t);
	skip_newlines(lx);
	start = lex_peek(lx)->start;
	body = parse_command(lx);
	if (body->type == N_CMD)
		syntax_error(lx, "function body must be a compound command");
	n->u.func.name = name;
	n->u.func.body = source_text(lx, start);
	return n;
}

static struct node *
parse_simple(struct lexer *lx)
{
	struct node *n = new_node(lx, N_CMD);
	struct word **atail = &n->u.cmd.assigns, **wtail = &n->u.cmd.args;
	struct redir **rtail = &n->redirs;
	struct token *t;

	for (;;) {
		t = lex_peek(lx);
		if (is_redir_token(t)) {
			*rtail = parse_redir(lx);
			rtail = &(*rtail)->next;
		} else if (t->type != T_WORD) {
			break;
		} else if (n->u.cmd.args == NULL &&
		    assignment_name_len(t->text) > 0) {
			*atail = new_word(lx, lex_next(lx)->text);
			atail = &(*atail)->next;
		} else {
			*wtail = new_word(lx, lex_next(lx)->text);
			if (wtail == &n->u.cmd.args && n->u.cmd.assigns == NULL &&
			    n->redirs == NULL && lex_peek(lx)->type == T_LPAREN)
				return parse_function(lx, (*wtail)->text);
			wtail = &(*wtail)->next;
		}
	}
	if (n->u.cmd.args == NULL && n->u.cmd.assigns == NULL &&
	    n->redirs == NULL)
		unexpected(lx, t);
	return n;
}

/* A list that must not be empty, ended by the reserved word end. */
static struct node *
parse_body(struct lexer *lx, const char *end)
{
	struct node *n = parse_list(lx);

	if (n == NULL)
		unexpected(lx, lex_peek(lx));
	if (end != NULL)
		expect_word(lx, end);
	return n;
}

static struct node *
parse_if(struct lexer *lx)
{
	struct node *n = new_node(lx, N_IF);
	struct token *t;

	n->u.ifs.cond = parse_body(lx, "then");
	n->u.ifs.then = parse_body(lx, NULL);
	t = lex_next(lx);
	if (is_word(t, "elif"))
		n->u.ifs.els = parse_if(lx);
	else if (is_word(t, "else"))
		n->u.ifs.els = parse_body(lx, "fi");
	else if (!is_word(t, "fi"))
		missing(lx, t, "fi");
	return n;
}

static struct node *
parse_loop(struct lexer *lx, enum ntype type)
{
	struct node *n = new_node(lx, type);

	n->u.ifs.cond = parse_body(lx, "do");
	n->u.ifs.then = parse_body(lx, "done");
	return n;
}

static struct node *
parse_for(struct lexer *lx)
{
	struct node *n = new_node(lx, N_FOR);
	struct word **tail = &n->u.fors.words;
	struct token *t = lex_next(lx);

	if (t->type != T_WORD || !is_name(t->text, strlen(t->text)))
		unexpected(lx, t);
	n->u.fors.var = t->text;
	skip_newlines(lx);
	if (is_word(lex_peek(lx), "in")) {
		lex_next(lx);
		n->u.fors.has_in = 1;
		while ((t = lex_peek(lx))->type == T_WORD) {
			*tail = new_word(lx, lex_next(lx)->text);
			tail = &(*tail)->next;
		}
		if (t->type != T_SEMI && t->type != T_NEWLINE)
			unexpected(lx, t);
		lex_next(lx);
	} else if (lex_peek(lx)->type == T_SEMI) {
		lex_next(lx);
	}
	skip_newlines(lx);
	expect_word(lx, "do");
	n->u.fors.body = parse_body(lx, "done");
	return n;
}

static struct caseitem *
parse_case_item(struct lexer *lx)
{
	struct caseitem *ci = arena_alloc(lx->arena, sizeof(*ci));
	struct word **tail = &ci->patterns;
	struct token *t;

	if (lex_peek(lx)->type == T_LPAREN)
		lex_next(lx);
	for (;;) {
		t = lex_next(lx);
		if (t->type != T_WORD)
			unexpected(lx, t);
		*tail = new_word(lx, t->text);
		tail = &(*tail)->next;
		t = lex_next(lx);
		if (t->type == T_RPAREN)
			break;
		if (t->type != T_PIPE)
			unexpected(lx, t);
	}
	ci->body = parse_list(lx);
	t = lex_peek(lx);
	if (t->type == T_DSEMI)
		lex_next(lx);
	else if (!is_word(t, "esac"))
		unexpected(lx, t);
	skip_newlines(lx);
	return ci;
}

static struct node *
parse_case(struct lexer *lx)
{
	struct node *n = new_node(lx, N_CASE);
	struct caseitem **tail = &n->u.cases.items;
	struct token *t = lex_next(lx);

	if (t->type != T_WORD)
		unexpected(lx, t);
	n->u.cases.word = t->text;
	skip_newlines(lx);
	expect_word(lx, "in");
	skip_newlines(lx);
	while (!is_word(lex_peek(lx), "esac")) {
		*tail = parse_case_item(lx);
		tail = &(*tail)->next;
	}
	lex_next(lx);
	return n;
}

static struct node *
parse_grouping(struct lexer *lx, enum ntype type)
{
	struct node *n = new_node(lx, type);
	struct token *t;

	n->u.body = parse_list(lx);
	if (n->u.body == NULL)
		unexpected(lx, lex_peek(lx));
	if (type == N_GROUP) {
		expect_word(lx, "}");
	} else if ((t = lex_next(lx))->type != T_RPAREN) {
		unexpected(lx, t);
	}
	return n;
}

static struct node *
parse_command(struct lexer *lx)
{
	struct token *t = lex_peek(lx);
	struct node *n;

	if (t->type == T_LPAREN) {
		lex_next(lx);
		n = parse_grouping(lx, N_SUBSHELL);
	} else if (t->type != T_WORD) {
		return parse_simple(lx);
	} else if (is_word(t, "{")) {
		lex_next(lx);
		n = parse_grouping(lx, N_GROUP);
	} else if (is_word(t, "if")) {
		lex_next(lx);
		n = parse_if(lx);
	} else if (is_word(t, "while") || is_word(t, "until")) {
		n = parse_loop(lx, is_word(lex_next(lx), "while") ? N_WHILE :
		    N_UNTIL);
	} else if (is_word(t, "for")) {
		lex_next(lx);
		n = parse_for(lx);
	} else if (is_word(t, "case")) {
		lex_next(lx);
		n = parse_case(lx);
	} else {
		if (is_list_end(t) || is_word(t, "in"))
			unexpected(lx, t);
		return parse_simple(lx);
	}
	parse_redirs(lx, n);
	return n;
}

static char *
source_text(struct lexer *lx, size_t start)
{
	return arena_strdup(lx->arena, lx->in->text.s + start,
	    lx->last_end - start);
}

static struct node *
parse_pipeline(struct lexer *lx)
{
	size_t start = lex_peek(lx)->start;
	struct node *n, *cmd, **tail;
	int negate = 0;

	if (is_word(lex_peek(lx), "!")) {
		lex_next(lx);
		negate = 1;
	}
	n = cmd = parse_command(lx);
	for (tail = &n; lex_peek(lx)->type == T_PIPE; tail = &(*tail)->u.bin.right) {
		*tail = new_node(lx, N_PIPE);
		(*tail)->u.bin.left = cmd;
		lex_next(lx);
		skip_newlines(lx);
		cmd = parse_command(lx);
	}
	if (tail != &n) {
		*tail = new_node(lx, N_PIPE);
		(*tail)->u.bin.left = cmd;
	}
	if (negate) {
		cmd = new_node(lx, N_NOT);
		cmd->u.body = n;
		n = cmd;
	}
	n->text = source_text(lx, start);
	return n;
}

static struct node *
parse_and_or(struct lexer *lx)
{
	struct node *n = parse_pipeline(lx), *op;
	struct token *t;

	while ((t = lex_peek(lx))->type == T_AND || t->type == T_OR) {
		op = new_node(lx, t->type == T_AND ? N_AND : N_OR);
		lex_next(lx);
		skip_newlines(lx);
		op->u.bin.left = n;
		op->u.bin.right = parse_pipeline(lx);
		n = op;
	}
	return n;
}

/*
 * Add the and-or list n to list; a following & makes it asynchronous.
 * Returns 1 if a separator (; & or newline when newline_ok) was eaten.
 */
static int
add_to_list(struct lexer *lx, struct node **list, struct node *n,
    int newline_ok)
{
	struct token *t = lex_peek(lx);
	struct node *seq;

	if (t->type == T_AMP) {
		seq = new_node(lx, N_BG);
		seq->u.body = n;
		seq->text = n->text;
		n = seq;
	}
	if (*list == NULL) {
		*list = n;
	} else {
		seq = new_node(lx, N_SEQ);
		seq->u.bin.left = *list;
		seq->u.bin.right = n;
		*list = seq;
	}
	if (t->type == T_SEMI || t->type == T_AMP ||
	    (newline_ok && t->type == T_NEWLINE)) {
		lex_next(lx);
		return 1;
	}
	return 0;
}

/* The list inside a compound command, possibly spanning lines. */
static struct node *
parse_list(struct lexer *lx)
{
	struct node *list = NULL;

	skip_newlines(lx);
	while (!is_list_end(lex_peek(lx))) {
		if (!add_to_list(lx, &list, parse_and_or(lx), 1))
			break;
		skip_newlines(lx);
	}
	return list;
}

/*
 * Parse one complete command line.  *out is NULL for an empty line.
 * The lexer must not look past the newline ending the line: on a
 * terminal that would wait for the next line before running this one.
 */
enum parse_result
parse_line(struct input *in, struct arena *a, struct node **out)
{
	struct lexer lx;
	struct node *list = NULL;
	struct token *t;
	jmp_buf fail;

	in->want_ps1 = 1;
	in->text.len = 0;
	lex_init(&lx, in, a, &fail);
	in->abort = &fail;
	switch (setjmp(fail)) {
	case 0:
		break;
	case PARSE_INTERRUPTED:
		lex_free(&lx);
		in->abort = NULL;
		return PARSE_INTERRUPTED;
	default:
		lex_skip_line(&lx);
		lex_free(&lx);
		in->abort = NULL;
		return PARSE_ERROR;
	}
	if (lex_peek(&lx)->type == T_EOF) {
		lex_free(&lx);
		in->abort = NULL;
		return PARSE_EOF;
	}
	while ((t = lex_peek(&lx))->type != T_NEWLINE && t->type != T_EOF) {
		if (!add_to_list(&lx, &list, parse_and_or(&lx), 0) &&
		    (t = lex_peek(&lx))->type != T_NEWLINE && t->type != T_EOF)
			unexpected(&lx, t);
	}
	if (t->type == T_NEWLINE)
		lex_next(&lx);
	lex_free(&lx);
	in->abort = NULL;
	*out = list;
	return PARSE_OK;
}
