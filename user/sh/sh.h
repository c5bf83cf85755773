/*
 * sh: the Kite shell, a small POSIX-like command interpreter.
 *
 * A command line travels through four stages, one file each:
 *   input.c   bytes from a file descriptor or a string, prompting when a
 *             person is typing;
 *   lex.c     tokens: words keep their quotes and $-expansions verbatim,
 *             operators, here-document bodies;
 *   parse.c   an abstract syntax tree, allocated from an arena that is
 *             freed once the command line has run;
 *   expand.c  parameter and arithmetic expansion, command substitution,
 *             field splitting, pathname expansion and quote removal, done
 *             when a command runs, not when it is parsed;
 *   exec.c    evaluation of the tree, with redir.c (redirections),
 *             jobs.c (processes, process groups, the terminal),
 *             path.c (finding and starting programs), func.c (shell
 *             functions), builtin.c, test.c and trap.c (the commands
 *             run inside the shell).
 * var.c keeps shell variables and positional parameters, arith.c
 * evaluates $((...)), mem.c holds the arenas and growable strings.
 */
#ifndef SH_H
#define SH_H

#include <setjmp.h>
#include <stddef.h>
#include <sys/types.h>

#include "util.h"

/* mem.c: arenas and growable strings; xmalloc and friends are user/lib's. */
struct arena {
	struct chunk *chunks;
};

struct strbuf {
	char *s;
	size_t len;
	size_t cap;
};

void *arena_alloc(struct arena *, size_t);
char *arena_strdup(struct arena *, const char *, size_t);
void arena_free(struct arena *);
void sb_addc(struct strbuf *, int);
void sb_addmem(struct strbuf *, const char *, size_t);
void sb_adds(struct strbuf *, const char *);
char *sb_cstr(struct strbuf *);
void sb_free(struct strbuf *);

/* input.c: where command text comes from. */
#define IN_PUSHBACK	4

struct input {
	int fd;			/* -1 when reading a string */
	const char *str;	/* the string, or the read buffer */
	size_t pos;
	size_t len;
	char *buf;		/* read buffer owned by the input, or NULL */
	size_t bufsize;
	int interactive;	/* prompt on stderr before reading */
	int want_ps1;		/* next prompt starts a new command */
	int push[IN_PUSHBACK];
	int npush;
	struct strbuf text;	/* what the current command line consumed */
	jmp_buf *abort;		/* where Ctrl-C while reading unwinds to */
};

void input_from_fd(struct input *, int, int);
void input_from_string(struct input *, const char *);
void input_close(struct input *);
void input_catch_interrupt(void);
int in_getc(struct input *);
void in_ungetc(struct input *, int);

/* lex.c */
enum tok {
	T_WORD, T_NEWLINE, T_EOF, T_SEMI, T_AMP, T_PIPE, T_AND, T_OR,
	T_DSEMI, T_LPAREN, T_RPAREN,
	/* redirection operators, in the order of enum rtype */
	T_LESS, T_GREAT, T_DGREAT, T_LESSAND, T_GREATAND, T_LESSGREAT,
	T_CLOBBER, T_DLESS, T_DLESSDASH
};

enum rtype {
	R_IN, R_OUT, R_APPEND, R_DUPIN, R_DUPOUT, R_RDWR, R_CLOBBER,
	R_HEREDOC, R_HEREDOC_STRIP
};

struct redir {
	struct redir *next;
	enum rtype type;
	int fd;			/* the descriptor redirected */
	char *word;		/* target word, or here-document body */
	char *delim;		/* here-document delimiter, quotes removed */
	int literal;		/* here-document delimiter was quoted */
	struct redir *next_heredoc;	/* bodies still to be read */
};

struct token {
	enum tok type;
	char *text;		/* T_WORD: raw text, quotes kept */
	int fd;			/* redirection: explicit descriptor or -1 */
	size_t start;		/* offsets into input text */
	size_t end;
};

struct lexer {
	struct input *in;
	struct arena *arena;
	jmp_buf *fail;		/* where a syntax error unwinds to */
	struct token tok;	/* the current token */
	int peeked;		/* tok holds a token not yet consumed */
	size_t last_end;	/* end of the last consumed token */
	struct redir *heredocs;	/* waiting for the next newline */
	struct redir **heredoc_tail;
	struct strbuf word;	/* the word being read; kept here so that a
				   syntax error unwinding past it frees it */
};

void lex_init(struct lexer *, struct input *, struct arena *, jmp_buf *);
struct token *lex_peek(struct lexer *);
struct token *lex_next(struct lexer *);
void lex_heredoc(struct lexer *, struct redir *);
void lex_skip_line(struct lexer *);
void lex_free(struct lexer *);
void syntax_error(struct lexer *, const char *);

/* parse.c */
enum ntype {
	N_CMD, N_PIPE, N_AND, N_OR, N_SEQ, N_BG, N_NOT, N_SUBSHELL, N_GROUP,
	N_IF, N_WHILE, N_UNTIL, N_FOR, N_CASE, N_FUNC
};

struct word {
	struct word *next;
	char *text;
};

struct caseitem {
	struct caseitem *next;
	struct word *patterns;
	struct node *body;
};

struct node {
	enum ntype type;
	struct redir *redirs;
	char *text;		/* source text, for job listings */
	union {
		struct {
			struct word *assigns;
			struct word *args;
		} cmd;
		struct {
			struct node *left;	/* N_PIPE: first command */
			struct node *right;	/* N_PIPE: rest, or NULL */
		} bin;
		struct node *body;	/* N_BG, N_NOT, N_SUBSHELL, N_GROUP */
		struct {
			struct node *cond;
			struct node *then;
			struct node *els;
		} ifs;			/* N_IF; N_WHILE/N_UNTIL use cond, then */
		struct {
			char *var;
			struct word *words;
			int has_in;
			struct node *body;
		} fors;
		struct {
			char *word;
			struct caseitem *items;
		} cases;
		struct {
			char *name;
			char *body;	/* source text, parsed at each call */
		} func;
	} u;
};

enum parse_result {
	PARSE_EOF, PARSE_OK, PARSE_ERROR, PARSE_INTERRUPTED
};

enum parse_result parse_line(struct input *, struct arena *, struct node **);
int is_name(const char *, size_t);
size_t assignment_name_len(const char *);

/* expand.c */
struct fields {
	char **v;
	int n;
	int cap;
};

#define EXP_FIELDS	0x1	/* split into fields and expand pathnames */
#define EXP_PATTERN	0x2	/* keep quoted pattern characters escaped */
#define EXP_HEREDOC	0x4	/* only $, ` and \ are special */
#define EXP_TILDE_ALL	0x8	/* assignment: ~ after = and : too */

int expand_word(const char *, int, struct fields *);
int expand_words(struct word *, struct fields *);
char *expand_string(const char *, int);
void fields_add(struct fields *, char *);
void fields_free(struct fields *);

/* arith.c */
int arith_eval(const char *, long *);

/* var.c */
void var_import(char **);
const char *var_get(const char *);
void var_set(const char *, const char *, int);
int var_assign(const char *, int);
void var_unset(const char *);
void var_export(const char *);
char **var_environ(void);
void var_print_exported(void);
struct saved_var *var_save(const char *, struct saved_var *);
void var_restore(struct saved_var *);
struct posparams {
	char **v;		/* $1 ..., NULL-terminated */
	int n;
};

void pos_set(char **, int);
void pos_push(char **, int, struct posparams *);
void pos_pop(struct posparams *);
char **pos_get(int *);
int pos_shift(int);
int var_is_exported(const char *);

#define VAR_KEEP_EXPORT	(-1)

/* exec.c */
#define EV_EXIT		0x1	/* running in a child that exits afterwards */
#define EV_TESTED	0x2	/* status is tested: set -e does not apply */

int eval(struct node *, int);
int run_input(struct input *);
int run_string(const char *);
char *command_subst(const char *);
int run_program(char **);
void exec_command(char **) __attribute__((noreturn));
void exit_shell(int) __attribute__((noreturn));

enum skip { SKIP_NONE, SKIP_BREAK, SKIP_CONTINUE, SKIP_RETURN };

/* redir.c */
struct saved_fd {
	int fd;
	int copy;		/* dup of the original, or -1 if it was closed */
};

struct fdsave {
	struct saved_fd *v;
	int n;
};

int redirect(struct redir *, struct fdsave *);
void redirect_restore(struct fdsave *);

/* jobs.c */
struct job;

void jobs_init_interactive(void);
void jobs_in_child(void);
struct job *job_new(const char *, int);
pid_t job_fork(struct job *, int);
int job_wait(struct job *);
void job_background(struct job *);
void jobs_notify(void);
int jobs_wait_all(void);
int jobs_wait_pid(pid_t);
int jobs_wait_spec(const char *);
int builtin_jobs(char **);
int builtin_fg(char **);
int builtin_bg(char **);
int builtin_kill(char **);
int wait_status(int);

/* func.c */
void func_define(const char *, const char *);
const char *func_find(const char *);
void func_unset(const char *);
int func_call(const char *, char **);
int run_nested(struct input *);

/* trap.c */
int builtin_trap(char **);
void traps_run(void);
void traps_exit(void);
void traps_in_child(void);

/* builtin.c and test.c */
typedef int builtin_fn(char **);

struct builtin {
	const char *name;
	builtin_fn *fn;
	int special;		/* assignments before it stay */
};

const struct builtin *builtin_find(const char *);
int builtin_test(char **);

/* The shell's state, shared by its parts. */
struct shell {
	const char *name;	/* $0 */
	int interactive;
	int monitor;		/* job control is on */
	int errexit;		/* set -e */
	int xtrace;		/* set -x */
	int status;		/* $? */
	pid_t pid;		/* $$ */
	pid_t last_bg;		/* $!, 0 if none */
	int ttyfd;		/* the controlling terminal, or -1 */
	pid_t pgid;		/* the shell's own process group */
	enum skip skip;		/* break/continue/return in progress */
	int skip_count;		/* loops still to leave */
	int loop_depth;
	int func_depth;		/* functions and . files being run */
	int tested;		/* evaluations under EV_TESTED in progress */
	int subst_status;	/* status of the last command substitution */
};

extern struct shell sh;

void sh_error(const char *, ...) __attribute__((format(printf, 1, 2)));

#endif
