/*
 * Starting a program: the search of $PATH, and the Linux shells' answer
 * to ENOEXEC, which is to run the file as a script in a child shell
 * unless it looks binary.  Status 127 means not found, 126 found but
 * not executable, as POSIX asks.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sh.h"

/* A script that execve refused as ENOEXEC: this child becomes its shell. */
static void __attribute__((noreturn))
run_script(const char *path, char **argv)
{
	struct input in;
	char head[256];
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		sh_error("%s: %s", path, strerror(errno));
		exit(126);
	}
	n = read(fd, head, sizeof(head));
	if (n > 0 && memchr(head, '\0', n) != NULL) {
		sh_error("%s: cannot execute binary file: %s", argv[0],
		    strerror(ENOEXEC));
		exit(126);
	}
	lseek(fd, 0, SEEK_SET);
	sh.name = xstrdup(path);
	for (n = 0; argv[n] != NULL; n++)
		continue;
	pos_set(argv + 1, n - 1);
	input_from_fd(&in, fd, 0);
	exit_shell(run_input(&in));
}

/* Try execve; returns errno on failure, runs scripts on ENOEXEC. */
static int
try_exec(const char *path, char **argv, char **env)
{
	execve(path, argv, env);
	if (errno == ENOEXEC)
		run_script(path, argv);
	return errno;
}

/* Exec argv[0], searched in $PATH unless it holds a slash. */
void
exec_command(char **argv)
{
	char **env = var_environ();
	const char *path = var_get("PATH"), *dir, *colon;
	struct strbuf full = { 0 };
	int err = ENOENT, e;

	if (strchr(argv[0], '/') != NULL) {
		err = try_exec(argv[0], argv, env);
	} else {
		for (dir = path != NULL ? path : "/bin:/sbin"; dir != NULL;
		    dir = colon != NULL ? colon + 1 : NULL) {
			colon = strchr(dir, ':');
			full.len = 0;
			sb_addmem(&full, dir, colon != NULL ? (size_t)(colon - dir) :
			    strlen(dir));
			if (full.len > 0)
				sb_addc(&full, '/');
			sb_adds(&full, argv[0]);
			e = try_exec(sb_cstr(&full), argv, env);
			if (e != ENOENT && e != ENOTDIR)
				err = e;
		}
	}
	if (err == ENOENT || err == ENOTDIR) {
		sh_error("%s: not found", argv[0]);
		exit(127);
	}
	sh_error("%s: %s", argv[0], strerror(err));
	exit(126);
}
