/*
 * clear: clear the terminal screen and its scroll-back, with the ANSI
 * sequences (cursor home, erase display, erase saved lines) that
 * ncurses' clear sends to xterm-like and Linux consoles.
 */
#include <stdlib.h>
#include <unistd.h>

#include "util.h"

#define HOME_AND_ERASE	"\033[H\033[2J"
#define ERASE_SAVED	"\033[3J"

int
main(int argc, char **argv)
{
	int keep = 0, c;

	/* -x: keep the scroll-back. */
	while ((c = getopt_help(argc, argv, "x", "clear [-x]", EXIT_FAILURE)) != -1)
		keep = 1;
	fputs(HOME_AND_ERASE, stdout);
	if (!keep)
		fputs(ERASE_SAVED, stdout);
	return fflush(stdout) == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
