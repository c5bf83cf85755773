/*
 * pwd: print the working directory.  -P (the default, as for /bin/pwd)
 * resolves it with getcwd(); -L prints $PWD if it really names the
 * working directory and holds no "." or ".." components.
 */
#include <sys/stat.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"

static int
pwd_env_valid(const char *pwd)
{
	struct stat a, b;

	const char *p;

	if (pwd == NULL || pwd[0] != '/')
		return 0;
	for (p = pwd; (p = strstr(p, "/.")) != NULL; p++) {
		if (p[2] == '\0' || p[2] == '/' ||
		    (p[2] == '.' && (p[3] == '\0' || p[3] == '/')))
			return 0;
	}
	return stat(pwd, &a) == 0 && stat(".", &b) == 0 &&
	    a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

int
main(int argc, char **argv)
{
	int logical = 0, c;
	const char *pwd = getenv("PWD");
	char *cwd;

	while ((c = getopt_help(argc, argv, "LP", "pwd [-LP]",
	    EXIT_FAILURE)) != -1) {
		switch (c) {
		case 'L': logical = 1; break;
		case 'P': logical = 0; break;
		}
	}
	if (logical && pwd_env_valid(pwd)) {
		puts(pwd);
	} else {
		if ((cwd = getcwd(NULL, 0)) == NULL)
			error(EXIT_FAILURE, errno,
			    "cannot determine the working directory");
		puts(cwd);
		free(cwd);
	}
	if (fflush(stdout) != 0)
		error(EXIT_FAILURE, errno, "write error");
	return EXIT_SUCCESS;
}
