/*
 * Builtins: commands that must run inside the shell because they change
 * its state (cd, exit, export, set, ...), or that scripts call so often
 * that a fork would hurt (test, true, false).  Each takes argv and
 * returns an exit status; output goes through stdio, flushed by the
 * caller, so redirections set around the builtin apply.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sh.h"

/* A number argument; -1 (reported) if it is not one. */
static long
number_arg(const char *who, const char *s)
{
	intmax_t n;

	if (parse_intmax(s, 10, &n) != 0 || n < 0 || n > LONG_MAX) {
		sh_error("%s: Illegal number: %s", who, s);
		return -1;
	}
	return n;
}

static int
builtin_true(char **argv)
{
	(void)argv;
	return 0;
}

static int
builtin_false(char **argv)
{
	(void)argv;
	return 1;
}

static int
builtin_exit(char **argv)
{
	long n = sh.status;

	if (argv[1] != NULL && (n = number_arg("exit", argv[1])) < 0)
		n = 2;
	exit_shell(n & 0xff);
}

static void
update_pwd(const char *old)
{
	char buf[PATH_MAX];

	if (old != NULL)
		var_set("OLDPWD", old, VAR_KEEP_EXPORT);
	if (getcwd(buf, sizeof(buf)) != NULL)
		var_set("PWD", buf, VAR_KEEP_EXPORT);
}

static int
builtin_cd(char **argv)
{
	const char *dir = argv[1];
	char *old;
	int print = 0;

	if (dir == NULL && (dir = var_get("HOME")) == NULL) {
		sh_error("cd: HOME not set");
		return 1;
	}
	if (strcmp(dir, "-") == 0) {
		if ((dir = var_get("OLDPWD")) == NULL) {
			sh_error("cd: OLDPWD not set");
			return 1;
		}
		print = 1;
	}
	if (chdir(dir) < 0) {
		sh_error("cd: can't cd to %s: %s", dir, strerror(errno));
		return 2;
	}
	old = var_get("PWD") != NULL ? xstrdup(var_get("PWD")) : NULL;
	update_pwd(old);
	free(old);
	if (print)
		printf("%s\n", var_get("PWD"));
	return 0;
}

static int
builtin_pwd(char **argv)
{
	char buf[PATH_MAX];

	(void)argv;
	if (getcwd(buf, sizeof(buf)) == NULL) {
		sh_error("pwd: %s", strerror(errno));
		return 1;
	}
	printf("%s\n", buf);
	return 0;
}

static int
builtin_export(char **argv)
{
	int i;

	if (argv[1] == NULL || strcmp(argv[1], "-p") == 0) {
		var_print_exported();
		return 0;
	}
	for (i = 1; argv[i] != NULL; i++) {
		if (strchr(argv[i], '=') != NULL) {
			if (var_assign(argv[i], 1) != 0) {
				sh_error("export: %s: bad variable name",
				    argv[i]);
				return 2;
			}
		} else if (is_name(argv[i], strlen(argv[i]))) {
			var_export(argv[i]);
		} else {
			sh_error("export: %s: bad variable name", argv[i]);
			return 2;
		}
	}
	return 0;
}

/* unset [-v] name..., unset -f name... */
static int
builtin_unset(char **argv)
{
	void (*unset)(const char *) = var_unset;
	int i = 1;

	if (argv[i] != NULL && strcmp(argv[i], "-f") == 0) {
		unset = func_unset;
		i++;
	} else if (argv[i] != NULL && strcmp(argv[i], "-v") == 0) {
		i++;
	}
	for (; argv[i] != NULL; i++)
		unset(argv[i]);
	return 0;
}

static int
set_option(int letter, int on)
{
	switch (letter) {
	case 'e':
		sh.errexit = on;
		return 0;
	case 'x':
		sh.xtrace = on;
		return 0;
	default:
		sh_error("set: Illegal option %c%c", on ? '-' : '+', letter);
		return -1;
	}
}

static int
builtin_set(char **argv)
{
	int i, n;
	char *p;

	for (i = 1; argv[i] != NULL; i++) {
		if (strcmp(argv[i], "--") == 0) {
			i++;
			break;
		}
		if (argv[i][0] != '-' && argv[i][0] != '+')
			break;
		for (p = argv[i] + 1; *p != '\0'; p++)
			if (set_option(*p, argv[i][0] == '-') != 0)
				return 2;
	}
	if (argv[i] != NULL || (i > 1 && strcmp(argv[i - 1], "--") == 0)) {
		for (n = 0; argv[i + n] != NULL; n++)
			continue;
		pos_set(argv + i, n);
	}
	return 0;
}

static int
builtin_shift(char **argv)
{
	long n = 1;

	if (argv[1] != NULL && (n = number_arg("shift", argv[1])) < 0)
		return 2;
	if (pos_shift(n) != 0) {
		sh_error("shift: can't shift that many");
		return 2;
	}
	return 0;
}

/* ., source: run the commands of a file in this shell. */
static int
builtin_dot(char **argv)
{
	struct input in;
	int fd, moved;

	if (argv[1] == NULL) {
		sh_error("%s: filename argument required", argv[0]);
		return 2;
	}
	fd = open(argv[1], O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		sh_error("%s: can't open %s: %s", argv[0], argv[1],
		    strerror(errno));
		return 2;
	}
	moved = fcntl(fd, F_DUPFD_CLOEXEC, 10);
	close(fd);
	input_from_fd(&in, moved, 0);
	run_nested(&in);
	close(moved);
	return sh.status;
}

static int
builtin_eval(char **argv)
{
	struct strbuf b = { 0 };
	int i, status;

	for (i = 1; argv[i] != NULL; i++) {
		if (i > 1)
			sb_addc(&b, ' ');
		sb_adds(&b, argv[i]);
	}
	status = run_string(sb_cstr(&b));
	sb_free(&b);
	return status;
}

/* exec: the redirections were made permanent by the caller. */
static int
builtin_exec(char **argv)
{
	if (argv[1] == NULL)
		return 0;
	jobs_in_child();
	exec_command(argv + 1);
}

static int
builtin_wait(char **argv)
{
	int i, status = 0;
	long pid;

	if (argv[1] == NULL)
		return jobs_wait_all();
	for (i = 1; argv[i] != NULL; i++) {
		if (argv[i][0] == '%') {
			status = jobs_wait_spec(argv[i]);
			continue;
		}
		if ((pid = number_arg("wait", argv[i])) < 0)
			return 2;
		status = jobs_wait_pid(pid);
	}
	return status;
}

/* break [n], continue [n] */
static int
builtin_loopctl(char **argv)
{
	long n = 1;

	if (argv[1] != NULL && (n = number_arg(argv[0], argv[1])) <= 0) {
		if (n == 0)
			sh_error("%s: Illegal number: %s", argv[0], argv[1]);
		return 2;
	}
	if (sh.loop_depth == 0)
		return 0;
	sh.skip = argv[0][0] == 'b' ? SKIP_BREAK : SKIP_CONTINUE;
	sh.skip_count = n < sh.loop_depth ? n : sh.loop_depth;
	return 0;
}

/* return [n]: leave the function or . file being run. */
static int
builtin_return(char **argv)
{
	long n = sh.status;

	if (argv[1] != NULL && (n = number_arg("return", argv[1])) < 0)
		return 2;
	if (sh.func_depth == 0) {
		sh_error("return: not in a function or sourced file");
		return 1;
	}
	sh.skip = SKIP_RETURN;
	return n & 0xff;
}

/* read [-r] name...: one line, split on IFS, the rest to the last name. */
static int
read_input_line(struct strbuf *line, int raw)
{
	char c;
	ssize_t n;

	while ((n = read(STDIN_FILENO, &c, 1)) == 1 && c != '\n') {
		if (c == '\\' && !raw) {
			if (read(STDIN_FILENO, &c, 1) != 1)
				break;
			if (c == '\n')
				continue;
		}
		sb_addc(line, c);
	}
	return n == 1 ? 0 : -1;
}

static int
builtin_read(char **argv)
{
	struct strbuf line = { 0 };
	const char *ifs = var_get("IFS");
	char *p, *end;
	int i = 1, raw = 0, status;

	if (argv[i] != NULL && strcmp(argv[i], "-r") == 0) {
		raw = 1;
		i++;
	}
	if (argv[i] == NULL) {
		sh_error("read: arg count");
		return 2;
	}
	if (ifs == NULL)
		ifs = " \t\n";
	status = read_input_line(&line, raw) == 0 ? 0 : 1;
	p = sb_cstr(&line);
	for (; argv[i] != NULL; i++) {
		while (*p != '\0' && strchr(ifs, *p) != NULL &&
		    strchr(" \t\n", *p) != NULL)
			p++;
		end = argv[i + 1] == NULL ? p + strlen(p) : p + strcspn(p, ifs);
		if (argv[i + 1] == NULL)
			while (end > p && strchr(ifs, end[-1]) != NULL &&
			    strchr(" \t\n", end[-1]) != NULL)
				end--;
		var_set(argv[i], "", VAR_KEEP_EXPORT);
		if (end > p) {
			char saved = *end;

			*end = '\0';
			var_set(argv[i], p, VAR_KEEP_EXPORT);
			*end = saved;
		}
		p = *end != '\0' ? end + 1 : end;
	}
	sb_free(&line);
	return status;
}

static int
builtin_umask(char **argv)
{
	mode_t mask;
	char *end;

	if (argv[1] == NULL) {
		mask = umask(0);
		umask(mask);
		printf("%04o\n", (unsigned)mask);
		return 0;
	}
	mask = strtoul(argv[1], &end, 8);
	if (*end != '\0' || mask > (S_IRWXU | S_IRWXG | S_IRWXO)) {
		sh_error("umask: Illegal mode: %s", argv[1]);
		return 2;
	}
	umask(mask);
	return 0;
}

static const struct builtin builtins[] = {
	{ ".", builtin_dot, 1 },
	{ ":", builtin_true, 1 },
	{ "[", builtin_test, 0 },
	{ "bg", builtin_bg, 0 },
	{ "break", builtin_loopctl, 1 },
	{ "cd", builtin_cd, 0 },
	{ "continue", builtin_loopctl, 1 },
	{ "eval", builtin_eval, 1 },
	{ "exec", builtin_exec, 1 },
	{ "exit", builtin_exit, 1 },
	{ "export", builtin_export, 1 },
	{ "false", builtin_false, 0 },
	{ "fg", builtin_fg, 0 },
	{ "jobs", builtin_jobs, 0 },
	{ "kill", builtin_kill, 0 },
	{ "pwd", builtin_pwd, 0 },
	{ "read", builtin_read, 0 },
	{ "return", builtin_return, 1 },
	{ "set", builtin_set, 1 },
	{ "shift", builtin_shift, 1 },
	{ "source", builtin_dot, 1 },
	{ "test", builtin_test, 0 },
	{ "trap", builtin_trap, 1 },
	{ "true", builtin_true, 0 },
	{ "umask", builtin_umask, 0 },
	{ "unset", builtin_unset, 1 },
	{ "wait", builtin_wait, 0 },
};

const struct builtin *
builtin_find(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(builtins) / sizeof(builtins[0]); i++)
		if (strcmp(builtins[i].name, name) == 0)
			return &builtins[i];
	return NULL;
}
