/*
 * The width of the output terminal, as coreutils and procps take it:
 * $COLUMNS if it is a positive number, else the terminal's own size.
 */
#include <sys/ioctl.h>
#include <stdlib.h>
#include <unistd.h>

#include "util.h"

/* 0 and the width in *cols, or -1 if there is none to respect. */
int
terminal_columns(size_t *cols)
{
	struct winsize ws;
	const char *env = getenv("COLUMNS");
	uintmax_t v;

	if (env != NULL && parse_uintmax(env, 10, &v) == 0 && v > 0 &&
	    v < SIZE_MAX) {
		*cols = v;
		return 0;
	}
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) {
		*cols = ws.ws_col;
		return 0;
	}
	return -1;
}
