/*
 * trap: commands run when the shell receives a signal, or exits.
 *
 * The handler only notes the signal; the command runs between commands
 * (after the one running when the signal came has finished), never
 * inside the handler, where almost nothing is safe to call.  A child
 * does not inherit caught traps: its signals go back to the default.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sh.h"

#define EXIT_TRAP	0	/* trap ... EXIT, also named 0 */

static char *actions[NSIG];	/* NULL: default; "": ignored */
static volatile sig_atomic_t caught[NSIG];
static volatile sig_atomic_t any_caught;

static void
note_signal(int sig)
{
	caught[sig] = 1;
	any_caught = 1;
}

/* Signal number of a trap operand: EXIT, 0, a name or a number; -1 if bad. */
static int
trap_number(const char *s)
{
	if (strcmp(s, "EXIT") == 0 || strcmp(s, "0") == 0)
		return EXIT_TRAP;
	return sig_number(s);
}

static void
set_action(int sig, const char *action)
{
	struct sigaction sa;

	free(actions[sig]);
	actions[sig] = action == NULL ? NULL : xstrdup(action);
	if (sig == EXIT_TRAP)
		return;
	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = SA_RESTART;
	if (action == NULL)
		sa.sa_handler = SIG_DFL;
	else if (*action == '\0')
		sa.sa_handler = SIG_IGN;
	else
		sa.sa_handler = note_signal;
	sigaction(sig, &sa, NULL);
}

static void
print_traps(void)
{
	char buf[16];
	const char *name;
	int sig;

	for (sig = 0; sig < NSIG; sig++) {
		if (actions[sig] == NULL)
			continue;
		name = sig == EXIT_TRAP ? "EXIT" : sig_name(sig, buf);
		printf("trap -- '%s' %s\n", actions[sig], name);
	}
}

/* trap [action] condition...; action - resets, '' ignores. */
int
builtin_trap(char **argv)
{
	const char *action;
	int i = 1, sig, status = 0;

	if (argv[i] != NULL && strcmp(argv[i], "--") == 0)
		i++;
	if (argv[i] == NULL) {
		print_traps();
		return 0;
	}
	/* A lone number or "-" first means: reset these conditions. */
	action = argv[i];
	if (strcmp(action, "-") == 0)
		action = NULL, i++;
	else if (trap_number(action) >= 0 && action[0] >= '0' &&
	    action[0] <= '9')
		action = NULL;
	else
		i++;
	for (; argv[i] != NULL; i++) {
		sig = trap_number(argv[i]);
		if (sig < 0 || sig == SIGKILL || sig == SIGSTOP) {
			sh_error("trap: %s: bad trap", argv[i]);
			status = 1;
			continue;
		}
		set_action(sig, action);
	}
	return status;
}

/* Run the commands of the signals caught since the last call. */
void
traps_run(void)
{
	int sig, status;

	while (any_caught) {
		any_caught = 0;
		for (sig = 1; sig < NSIG; sig++) {
			if (!caught[sig])
				continue;
			caught[sig] = 0;
			if (actions[sig] == NULL || *actions[sig] == '\0')
				continue;
			status = sh.status;
			run_string(actions[sig]);
			sh.status = status;
		}
	}
}

/* The EXIT trap, run once. */
void
traps_exit(void)
{
	char *action = actions[EXIT_TRAP];

	if (action == NULL)
		return;
	actions[EXIT_TRAP] = NULL;
	run_string(action);
	free(action);
}

/* In a child: caught signals back to the default, no EXIT trap. */
void
traps_in_child(void)
{
	int sig;

	for (sig = 0; sig < NSIG; sig++)
		if (actions[sig] != NULL && *actions[sig] != '\0')
			set_action(sig, NULL);
}
