/*
 * kill: send a signal to processes, with the syntax and messages of
 * procps-ng's kill:
 *
 *	kill [-s SIG | -SIG] [--] PID...	a negative PID is a process group
 *	kill -l [SIG]				list names, or name <-> number
 *	kill -L					the list as a table
 *
 * The signal is a name (HUP, SIGHUP, RTMIN+1) or a number; TERM if none.
 */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

#define LIST_WIDTH	79	/* -l wraps names to this many columns */
#define TABLE_PER_LINE	7	/* -L entries per line */
#define LAST_CLASSIC	SIGSYS	/* -l and -L list the signals up to this */
#define NAME_BUFSZ	16

static void
usage(void)
{
	fprintf(stderr, "Usage: kill [-s SIGNAL | -SIGNAL] PID...\n"
	    "       kill -l [SIGNAL]\n       kill -L\n");
	exit(EXIT_FAILURE);
}

static void
list_names(void)
{
	char buf[NAME_BUFSZ];
	const char *name;
	int sig, pos = 0;

	for (sig = 1; sig <= LAST_CLASSIC; sig++) {
		name = sig_name(sig, buf);
		if (pos > 0 && pos + 1 + (int)strlen(name) > LIST_WIDTH) {
			putchar('\n');
			pos = 0;
		} else if (pos > 0) {
			putchar(' ');
			pos++;
		}
		pos += printf("%s", name);
	}
	putchar('\n');
}

static void
list_table(void)
{
	char buf[NAME_BUFSZ];
	int sig;

	for (sig = 1; sig <= LAST_CLASSIC; sig++) {
		/* procps pads every entry but the last on a full line. */
		if (sig % TABLE_PER_LINE == 0)
			printf("%2d %s\n", sig, sig_name(sig, buf));
		else
			printf("%2d %-8s", sig, sig_name(sig, buf));
	}
	if (LAST_CLASSIC % TABLE_PER_LINE != 0)
		putchar('\n');
}

/* kill -l SIG: a number prints its name, a name its number. */
static int
convert(const char *arg)
{
	char buf[NAME_BUFSZ];
	uintmax_t n;
	const char *name;
	int sig = sig_number(arg);

	if (sig <= 0 || (name = sig_name(sig, buf)) == NULL) {
		/* procps reports this but still exits 0; scripts may rely on it. */
		error(0, 0, "unknown signal name %s", arg);
		return EXIT_SUCCESS;
	}
	if (parse_uintmax(arg, 10, &n) == 0)
		puts(name);
	else
		printf("%d\n", sig);
	return EXIT_SUCCESS;
}

static int
parse_signal(const char *arg)
{
	int sig = sig_number(arg);

	if (sig < 0)
		error(EXIT_FAILURE, 0, "unknown signal name %s", arg);
	return sig;
}

static int
signal_one(const char *arg, int sig)
{
	intmax_t pid;

	if (parse_intmax(arg, 10, &pid) != 0 || pid != (pid_t)pid) {
		error(0, 0, "failed to parse argument: '%s'", arg);
		return -1;
	}
	if (kill((pid_t)pid, sig) != 0) {
		error(0, errno, "(%jd)", pid);
		return -1;
	}
	return 0;
}

int
main(int argc, char **argv)
{
	int sig = SIGTERM, i = 1, status = EXIT_SUCCESS;

	if (i < argc && strcmp(argv[i], "-l") == 0) {
		if (i + 1 == argc) {
			list_names();
			return EXIT_SUCCESS;
		}
		return convert(argv[i + 1]);
	}
	if (i < argc && strcmp(argv[i], "-L") == 0) {
		list_table();
		return EXIT_SUCCESS;
	}
	if (i < argc && strcmp(argv[i], "-s") == 0) {
		if (i + 1 == argc)
			usage();
		sig = parse_signal(argv[i + 1]);
		i += 2;
	} else if (i < argc && argv[i][0] == '-' && argv[i][1] != '\0' &&
	    strcmp(argv[i], "--") != 0) {
		sig = parse_signal(argv[i] + 1);
		i++;
	}
	if (i < argc && strcmp(argv[i], "--") == 0)
		i++;
	if (i == argc)
		usage();
	for (; i < argc; i++)
		if (signal_one(argv[i], sig) != 0)
			status = EXIT_FAILURE;
	return status;
}
