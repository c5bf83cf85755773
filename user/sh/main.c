/*
 * sh [-eix] [-c command [name [arg...]]]
 * sh [-eix] [script [arg...]]
 * sh [-eix] -s [arg...]
 *
 * Reads commands from a string, a script file, or standard input; the
 * shell is interactive (prompts, job control, ignores Ctrl-C itself)
 * when reading standard input from a terminal.  A login shell (argv[0]
 * starting with '-') first runs /etc/profile and $HOME/.profile.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sh.h"

extern char **environ;

#define SCRIPT_FD_MIN	10

struct options {
	const char *command;	/* -c */
	int read_stdin;		/* -s */
	int interactive;	/* -i */
};

static void __attribute__((noreturn))
usage(void)
{
	dprintf(STDERR_FILENO,
	    "usage: sh [-eix] [-c command [name [arg ...]] | script [arg ...]]\n");
	exit(2);
}

/* Parse the option words; returns the index of the first operand. */
static int
parse_options(int argc, char **argv, struct options *o)
{
	int i;
	char *p;

	for (i = 1; i < argc && (argv[i][0] == '-' || argv[i][0] == '+'); i++) {
		if (strcmp(argv[i], "--") == 0 || strcmp(argv[i], "-") == 0)
			return i + 1;
		for (p = argv[i] + 1; *p != '\0'; p++) {
			int on = argv[i][0] == '-';

			if (*p == 'c' && on)
				o->command = "";
			else if (*p == 's' && on)
				o->read_stdin = 1;
			else if (*p == 'i' && on)
				o->interactive = 1;
			else if (*p == 'l' && on)
				continue;
			else if (*p == 'e')
				sh.errexit = on;
			else if (*p == 'x')
				sh.xtrace = on;
			else
				usage();
		}
	}
	return i;
}

static void
init_variables(void)
{
	char buf[32], *cwd;

	var_import(environ);
	snprintf(buf, sizeof(buf), "%d", (int)getppid());
	var_set("PPID", buf, 0);
	if (var_get("PS2") == NULL)
		var_set("PS2", "> ", 0);
	if (var_get("PS4") == NULL)
		var_set("PS4", "+ ", 0);
	cwd = getcwd(NULL, 0);
	if (cwd != NULL)
		var_set("PWD", cwd, VAR_KEEP_EXPORT);
	free(cwd);
}

/* Run a file if it exists (login profiles). */
static void
run_file_if_present(const char *path)
{
	struct input in;
	int fd = open(path, O_RDONLY | O_CLOEXEC), moved;

	if (fd < 0)
		return;
	moved = fcntl(fd, F_DUPFD_CLOEXEC, SCRIPT_FD_MIN);
	close(fd);
	if (moved < 0)
		return;
	input_from_fd(&in, moved, 0);
	run_input(&in);
	close(moved);
}

static void
run_profiles(void)
{
	const char *home = var_get("HOME");
	char path[PATH_MAX];

	run_file_if_present("/etc/profile");
	if (home != NULL && snprintf(path, sizeof(path), "%s/.profile",
	    home) < (int)sizeof(path))
		run_file_if_present(path);
}

static int
open_script(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC), moved;

	if (fd < 0) {
		sh_error("cannot open %s: %s", path, strerror(errno));
		exit(errno == ENOENT ? 127 : 126);
	}
	moved = fcntl(fd, F_DUPFD_CLOEXEC, SCRIPT_FD_MIN);
	close(fd);
	return moved;
}

int
main(int argc, char **argv)
{
	struct options o = { 0 };
	struct input in;
	int i, fd = STDIN_FILENO;
	int login = argv[0] != NULL && argv[0][0] == '-';

	sh.name = "sh";
	sh.pid = getpid();
	sh.ttyfd = -1;
	init_variables();
	i = parse_options(argc, argv, &o);
	if (o.command != NULL) {
		if (i >= argc)
			usage();
		o.command = argv[i++];
		if (i < argc)
			sh.name = argv[i++];
	} else if (i < argc && !o.read_stdin) {
		fd = open_script(argv[i]);
		sh.name = argv[i++];
	}
	pos_set(argv + i, argc - i);
	sh.interactive = o.interactive || (o.command == NULL &&
	    fd == STDIN_FILENO && isatty(STDIN_FILENO) &&
	    isatty(STDERR_FILENO));
	if (sh.interactive) {
		jobs_init_interactive();
		input_catch_interrupt();
	}
	if (login)
		run_profiles();
	if (o.command != NULL)
		exit_shell(run_string(o.command));
	input_from_fd(&in, fd, sh.interactive);
	exit_shell(run_input(&in));
}
