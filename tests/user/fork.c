/*
 * fork: process creation and reaping - fork, execve in the child, exit
 * statuses as the parent sees them through wait and waitpid.
 */
#include "check.h"

#include <sys/types.h>

#define CHILDREN	200
#define BATCH		20	/* children alive at once */
#define EXIT_MARK	"--exit-with"

/* Fork a child that execs this program to exit with code; -1 on failure. */
static pid_t
spawn_exiting(int code)
{
	char arg[16];
	char *argv[] = { program_invocation_name, EXIT_MARK, arg, NULL };
	pid_t pid;

	snprintf(arg, sizeof(arg), "%d", code);
	pid = fork();
	if (pid == 0) {
		exec_self(argv, environ);
		_exit(127);
	}
	return pid;
}

/* A child's exit code, unique among the children alive at once. */
static int
code_of(int i)
{
	return i % 250 + 1;
}

/* Start one batch, then reap it with wait() in whatever order it ends. */
static void
run_batch(int first, int *bad, int *failed)
{
	pid_t pids[BATCH];
	int status;

	for (int i = 0; i < BATCH; i++) {
		pids[i] = spawn_exiting(code_of(first + i));
		*failed += pids[i] == -1;
	}
	for (int n = 0; n < BATCH; n++) {
		pid_t pid = wait(&status);
		int i = 0;

		if (pid == -1) {
			(*failed)++;
			break;
		}
		while (i < BATCH && pids[i] != pid)
			i++;
		if (i == BATCH || !WIFEXITED(status) ||
		    WEXITSTATUS(status) != code_of(first + i))
			(*bad)++;
	}
}

static void
many_children(void)
{
	int bad = 0, failed = 0;

	for (int first = 0; first < CHILDREN; first += BATCH)
		run_batch(first, &bad, &failed);
	check_why(failed == 0, "fork or wait failed", "%d children forked, exec'd and reaped",
		  CHILDREN);
	check_why(bad == 0, "a child's status was wrong",
		  "each of %d children exits with its own status", CHILDREN);
}

static int
report_parent(void *parent)
{
	return getppid() == *(pid_t *)parent ? 0 : 1;
}

static int
exit_255(void *unused)
{
	(void)unused;
	return 255;
}

static void
basics(void)
{
	pid_t self = getpid();
	int status;
	pid_t pid;

	check_status(run_child(report_parent, &self), W_EXITCODE(0, 0),
		     "the child's getppid() is the parent's getpid()");
	check_status(run_child(exit_255, NULL), W_EXITCODE(255, 0),
		     "exit status 255 reaches the parent whole");

	pid = fork();
	if (pid == 0) {
		pause();
		_exit(1);
	}
	CHECK(pid > 0 && waitpid(pid, &status, WNOHANG) == 0,
	      "waitpid(WNOHANG) returns 0 while the child runs");
	kill(pid, SIGKILL);
	CHECK(waitpid(pid, &status, 0) == pid, "waitpid reaps a killed child");
	check_status(status, W_EXITCODE(0, SIGKILL), "the child was killed by SIGKILL");
	CHECK_FAILS(wait(&status), ECHILD, "wait() with no children fails with ECHILD");
	CHECK_FAILS(waitpid(pid, &status, 0), ECHILD,
		    "waitpid of a reaped child fails with ECHILD");
}

int
main(int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], EXIT_MARK) == 0)
		return atoi(argv[2]);	/* the exec'd child's whole job */
	basics();
	many_children();
	return check_done();
}
