/*
 * Evaluation of the syntax tree.  A command runs in the shell itself if
 * it is a builtin or a compound command; anything else runs in a child.
 * Every child is forked through jobs.c, which puts it in the right
 * process group and gives it the terminal when job control is on.
 *
 * EV_EXIT tells a command it is the last thing a child process will do,
 * so that a simple command can exec without forking again.
 */
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sh.h"

struct shell sh;

void
sh_error(const char *fmt, ...)
{
	va_list ap;
	char buf[1024];

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	fflush(stdout);
	dprintf(STDERR_FILENO, "%s: %s\n", sh.name, buf);
}

void
exit_shell(int status)
{
	sh.status = status;
	traps_exit();
	fflush(stdout);
	exit(status);
}

static void
trace(struct fields *assigns, struct fields *args)
{
	struct strbuf b = { 0 };
	const char *ps4 = var_get("PS4");
	int i;

	sb_adds(&b, ps4 != NULL ? ps4 : "+ ");
	for (i = 0; i < assigns->n; i++) {
		sb_adds(&b, assigns->v[i]);
		sb_addc(&b, ' ');
	}
	for (i = 0; i < args->n; i++) {
		sb_adds(&b, args->v[i]);
		sb_addc(&b, ' ');
	}
	b.s[b.len - 1] = '\n';
	write(STDERR_FILENO, b.s, b.len);
	sb_free(&b);
}

/* Expand and perform the assignments of a command; export: see var_set. */
static int
assign_all(struct word *w, int export, struct saved_var **saved)
{
	char *s;

	for (; w != NULL; w = w->next) {
		s = expand_string(w->text, EXP_TILDE_ALL);
		if (s == NULL)
			return -1;
		if (saved != NULL) {
			s[assignment_name_len(s)] = '\0';
			*saved = var_save(s, *saved);
			s[strlen(s)] = '=';
		}
		var_assign(s, export);
		free(s);
	}
	return 0;
}

static void __attribute__((noreturn))
child_exec(struct node *n, char **argv)
{
	if (assign_all(n->u.cmd.assigns, 1, NULL) != 0 ||
	    redirect(n->redirs, NULL) != 0)
		exit(1);
	exec_command(argv);
}

static int
run_external(struct node *n, char **argv, int flags)
{
	struct job *j;

	if (flags & EV_EXIT)
		child_exec(n, argv);
	j = job_new(n->text, 1);
	if (job_fork(j, 1) == 0)
		child_exec(n, argv);
	return job_wait(j);
}

/* Run a program found in $PATH as a foreground job. */
int
run_program(char **argv)
{
	struct job *j = job_new(argv[0], 1);

	if (job_fork(j, 1) == 0)
		exec_command(argv);
	return job_wait(j);
}

/* A builtin (bi) or a function (body) run in the shell itself. */
static int
run_internal(struct node *n, const struct builtin *bi, const char *body,
    char **argv)
{
	struct saved_var *saved = NULL;
	struct fdsave fds = { 0 };
	int status = 1, is_exec = strcmp(argv[0], "exec") == 0;

	if (assign_all(n->u.cmd.assigns, VAR_KEEP_EXPORT,
	    bi != NULL && bi->special ? NULL : &saved) == 0 &&
	    redirect(n->redirs, is_exec ? NULL : &fds) == 0)
		status = bi != NULL ? bi->fn(argv) : func_call(body, argv);
	fflush(stdout);
	redirect_restore(&fds);
	var_restore(saved);
	return status;
}

/* A command of only assignments and redirections. */
static int
run_assignments(struct node *n)
{
	struct fdsave fds = { 0 };
	int status;

	if (assign_all(n->u.cmd.assigns, VAR_KEEP_EXPORT, NULL) != 0)
		return 1;
	status = redirect(n->redirs, &fds) != 0 ? 1 : sh.subst_status;
	redirect_restore(&fds);
	return status;
}

static int
eval_cmd(struct node *n, int flags)
{
	struct fields args = { 0 }, assigns = { 0 };
	const struct builtin *bi;
	const char *body;
	struct word *w;
	int status;

	sh.subst_status = 0;
	if (expand_words(n->u.cmd.args, &args) != 0) {
		fields_free(&args);
		return 1;
	}
	if (sh.xtrace) {
		for (w = n->u.cmd.assigns; w != NULL; w = w->next)
			expand_word(w->text, EXP_TILDE_ALL, &assigns);
		trace(&assigns, &args);
		fields_free(&assigns);
	}
	if (args.n == 0)
		status = run_assignments(n);
	else if ((body = func_find(args.v[0])) != NULL)
		status = run_internal(n, NULL, body, args.v);
	else if ((bi = builtin_find(args.v[0])) != NULL)
		status = run_internal(n, bi, NULL, args.v);
	else
		status = run_external(n, args.v, flags);
	fields_free(&args);
	return status;
}

static int
eval_pipe(struct node *n)
{
	struct node *p;
	struct job *j;
	int count = 0, prev = -1, fds[2];
	pid_t pid;

	for (p = n; p != NULL; p = p->u.bin.right)
		count++;
	j = job_new(n->text, count);
	for (p = n; p != NULL; p = p->u.bin.right) {
		fds[0] = fds[1] = -1;
		if (p->u.bin.right != NULL && pipe(fds) < 0) {
			sh_error("pipe: %s", strerror(errno));
			break;
		}
		pid = job_fork(j, 1);
		if (pid == 0) {
			if (prev >= 0) {
				dup2(prev, STDIN_FILENO);
				close(prev);
			}
			if (fds[1] >= 0) {
				close(fds[0]);
				dup2(fds[1], STDOUT_FILENO);
				close(fds[1]);
			}
			exit_shell(eval(p->u.bin.left, EV_EXIT));
		}
		if (prev >= 0)
			close(prev);
		if (fds[1] >= 0)
			close(fds[1]);
		prev = fds[0];
		if (pid < 0)
			break;
	}
	if (prev >= 0)
		close(prev);
	return job_wait(j);
}

static int
eval_background(struct node *n)
{
	struct job *j = job_new(n->text, 1);
	int fd, monitor = sh.monitor;

	if (job_fork(j, 0) == 0) {
		/* Without job control, Ctrl-C must not reach it. */
		if (!monitor) {
			signal(SIGINT, SIG_IGN);
			signal(SIGQUIT, SIG_IGN);
			fd = open("/dev/null", O_RDONLY);
			if (fd >= 0 && fd != STDIN_FILENO) {
				dup2(fd, STDIN_FILENO);
				close(fd);
			}
		}
		exit_shell(eval(n->u.body, EV_EXIT));
	}
	job_background(j);
	return 0;
}

static int
eval_subshell(struct node *n)
{
	struct job *j = job_new(n->text, 1);

	if (job_fork(j, 1) == 0) {
		if (redirect(n->redirs, NULL) != 0)
			exit(1);
		exit_shell(eval(n->u.body, EV_EXIT));
	}
	return job_wait(j);
}

/* After a loop body: 1 if the loop must end. */
static int
loop_done(void)
{
	if (sh.skip == SKIP_NONE)
		return 0;
	if (sh.skip == SKIP_RETURN || --sh.skip_count > 0)
		return 1;
	if (sh.skip == SKIP_BREAK) {
		sh.skip = SKIP_NONE;
		return 1;
	}
	sh.skip = SKIP_NONE;
	return 0;
}

static int
eval_loop(struct node *n)
{
	int until = n->type == N_UNTIL, status = 0;

	sh.loop_depth++;
	while ((eval(n->u.ifs.cond, EV_TESTED) == 0) != until) {
		if (sh.skip != SKIP_NONE) {
			if (loop_done())
				break;
			continue;
		}
		status = eval(n->u.ifs.then, 0);
		if (loop_done())
			break;
	}
	sh.loop_depth--;
	return status;
}

static int
eval_for(struct node *n)
{
	struct fields f = { 0 };
	char **v;
	int i, count, status = 0;

	if (n->u.fors.has_in) {
		if (expand_words(n->u.fors.words, &f) != 0) {
			fields_free(&f);
			return 1;
		}
	} else {
		v = pos_get(&count);
		for (i = 0; i < count; i++)
			fields_add(&f, xstrdup(v[i]));
	}
	sh.loop_depth++;
	for (i = 0; i < f.n; i++) {
		var_set(n->u.fors.var, f.v[i], VAR_KEEP_EXPORT);
		status = eval(n->u.fors.body, 0);
		if (loop_done())
			break;
	}
	sh.loop_depth--;
	fields_free(&f);
	return status;
}

static int
case_matches(struct caseitem *ci, const char *word)
{
	struct word *p;
	char *pat;
	int match;

	for (p = ci->patterns; p != NULL; p = p->next) {
		pat = expand_string(p->text, EXP_PATTERN);
		match = pat != NULL && fnmatch(pat, word, 0) == 0;
		free(pat);
		if (match)
			return 1;
	}
	return 0;
}

static int
eval_case(struct node *n)
{
	struct caseitem *ci;
	char *word = expand_string(n->u.cases.word, 0);
	int status = 0;

	if (word == NULL)
		return 1;
	for (ci = n->u.cases.items; ci != NULL; ci = ci->next) {
		if (case_matches(ci, word)) {
			status = eval(ci->body, 0);
			break;
		}
	}
	free(word);
	return status;
}

static int
eval_compound(struct node *n, int flags)
{
	switch (n->type) {
	case N_GROUP:
		return eval(n->u.body, flags & EV_TESTED);
	case N_IF:
		if (eval(n->u.ifs.cond, EV_TESTED) == 0)
			return eval(n->u.ifs.then, flags & EV_TESTED);
		return n->u.ifs.els == NULL ? 0 :
		    eval(n->u.ifs.els, flags & EV_TESTED);
	case N_WHILE:
	case N_UNTIL:
		return eval_loop(n);
	case N_FOR:
		return eval_for(n);
	default:
		return eval_case(n);
	}
}

/* Compound commands other than ( ) take their redirections here. */
static int
eval_redirected(struct node *n, int flags)
{
	struct fdsave fds = { 0 };
	int status;

	if (redirect(n->redirs, &fds) != 0)
		status = 1;
	else
		status = eval_compound(n, flags);
	redirect_restore(&fds);
	return status;
}

static int
eval_node(struct node *n, int flags)
{
	int status;

	switch (n->type) {
	case N_CMD:
		return eval_cmd(n, flags);
	case N_PIPE:
		return eval_pipe(n);
	case N_AND:
	case N_OR:
		status = eval(n->u.bin.left, EV_TESTED);
		if ((status == 0) == (n->type == N_AND) && sh.skip == SKIP_NONE)
			status = eval(n->u.bin.right, flags);
		return status;
	case N_SEQ:
		eval(n->u.bin.left, flags & EV_TESTED);
		return sh.skip == SKIP_NONE ? eval(n->u.bin.right, flags) :
		    sh.status;
	case N_NOT:
		return eval(n->u.body, EV_TESTED) == 0;
	case N_BG:
		return eval_background(n);
	case N_SUBSHELL:
		return eval_subshell(n);
	case N_FUNC:
		func_define(n->u.func.name, n->u.func.body);
		return 0;
	default:
		return eval_redirected(n, flags);
	}
}

/* Evaluate n and set $?; set -e ends the shell on an untested failure. */
int
eval(struct node *n, int flags)
{
	int status;

	if (n == NULL)
		return sh.status = 0;
	/* Counted, not just passed down: it must reach function bodies. */
	sh.tested += (flags & EV_TESTED) != 0;
	status = sh.status = eval_node(n, flags);
	sh.tested -= (flags & EV_TESTED) != 0;
	traps_run();
	if (status != 0 && sh.errexit && sh.tested == 0 &&
	    !(flags & EV_TESTED) &&
	    (n->type == N_CMD || n->type == N_PIPE || n->type == N_SUBSHELL))
		exit_shell(status);
	return status;
}

/* Parse and run every command line of in; returns the last status. */
int
run_input(struct input *in)
{
	struct arena arena = { 0 };
	struct node *n;
	enum parse_result r;

	while ((r = parse_line(in, &arena, &n)) != PARSE_EOF) {
		if (r == PARSE_INTERRUPTED) {
			sh.status = 128 + SIGINT;
		} else if (r == PARSE_ERROR) {
			sh.status = 2;
			if (!sh.interactive)
				exit_shell(2);
		} else {
			eval(n, 0);
		}
		arena_free(&arena);
		if (sh.skip == SKIP_RETURN)
			break;
		if (sh.skip != SKIP_NONE && sh.loop_depth == 0)
			sh.skip = SKIP_NONE;
	}
	arena_free(&arena);
	input_close(in);
	return sh.status;
}

int
run_string(const char *s)
{
	struct input in;

	input_from_string(&in, s);
	return run_input(&in);
}

/* $(cmd): its output without trailing newlines, malloc'd. */
char *
command_subst(const char *cmd)
{
	struct strbuf out = { 0 };
	char buf[4096];
	int fds[2], st;
	ssize_t n;
	pid_t pid;

	if (pipe(fds) < 0) {
		sh_error("pipe: %s", strerror(errno));
		return xstrdup("");
	}
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		jobs_in_child();
		close(fds[0]);
		dup2(fds[1], STDOUT_FILENO);
		close(fds[1]);
		exit_shell(run_string(cmd));
	}
	close(fds[1]);
	while ((n = read(fds[0], buf, sizeof(buf))) != 0) {
		if (n > 0)
			sb_addmem(&out, buf, n);
		else if (errno != EINTR)
			break;
	}
	close(fds[0]);
	if (pid < 0)
		sh_error("fork: %s", strerror(errno));
	else if (waitpid(pid, &st, 0) == pid)
		sh.subst_status = wait_status(st);
	while (out.len > 0 && out.s[out.len - 1] == '\n')
		out.len--;
	n = out.len;
	out.s = xrealloc(out.s, n + 1);
	out.s[n] = '\0';
	return out.s;
}
