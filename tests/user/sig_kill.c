/*
 * sig_kill - kill(2) to more than one process: kill(0) to the caller's
 * group, kill(-pgrp) and killpg to another group, kill(-1) to every process
 * the caller may signal, and the errors (ESRCH for an empty group, EPERM for
 * a group of another uid, EINVAL for a bad signal).
 */
#include "check.h"

#define OTHER_UID	4242	/* a uid no other process on the machine has */
#define VICTIMS		2

static volatile sig_atomic_t usr1_seen;

static void
on_usr1(int sig)
{
	(void)sig;
	usr1_seen++;
}

/* A child that waits for a signal; 0 if it came by SIGUSR1's handler. */
static int
wait_for_usr1(void)
{
	sigset_t none;

	sigemptyset(&none);
	while (usr1_seen == 0)
		sigsuspend(&none);
	return 0;
}

/* Fork a child that waits in group pgid (0: a group of its own). */
static pid_t
spawn_waiter(pid_t pgid)
{
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		if (setpgid(0, pgid) != 0)
			_exit(2);
		_exit(wait_for_usr1());
	}
	if (pid > 0)
		setpgid(pid, pgid == 0 ? pid : pgid);	/* either side may win the race */
	return pid;
}

static int
reap_all(const pid_t *pids, int n)
{
	int ok = 0, status;

	for (int i = 0; i < n; i++)
		ok += waitpid(pids[i], &status, 0) == pids[i] && WIFEXITED(status) &&
		    WEXITSTATUS(status) == 0;
	return ok;
}

/*
 * In a group of its own (the program's group may hold others: the shell's
 * job, or timeout(1) under test-linux), with two more members: kill(0)
 * reaches all three.
 */
static int
signal_own_group(void *arg)
{
	pid_t kids[VICTIMS];

	(void)arg;
	if (setpgid(0, 0) != 0)
		return 2;
	usr1_seen = 0;
	for (int i = 0; i < VICTIMS; i++)
		kids[i] = spawn_waiter(getpgrp());
	if (kill(0, SIGUSR1) != 0)
		return 3;
	if (usr1_seen != 1)
		return 4;
	return reap_all(kids, VICTIMS) == VICTIMS ? 0 : 5;
}

static void
own_group(void)
{
	check_status(run_child(signal_own_group, NULL), W_EXITCODE(0, 0),
		     "kill(0, SIGUSR1) reaches the caller and every other member of its group");
}

static void
other_group(void)
{
	pid_t kids[VICTIMS];

	usr1_seen = 0;
	kids[0] = spawn_waiter(0);
	kids[1] = spawn_waiter(kids[0]);
	CHECK(killpg(kids[0], 0) == 0, "killpg(pgrp, 0): the group exists");
	CHECK(kill(-kids[0], SIGUSR1) == 0, "kill(-pgrp, SIGUSR1)");
	CHECK(reap_all(kids, VICTIMS) == VICTIMS, "reaches both members");
	CHECK(usr1_seen == 0, "and not the sender, in another group");
	CHECK_FAILS(kill(-kids[0], SIGUSR1), ESRCH, "an empty group: ESRCH");
	CHECK_FAILS(kill(-getpgrp(), 1000), EINVAL, "a bad signal: EINVAL");
}

/* As OTHER_UID: root's group is out of reach, kill(-1) reaches only our own. */
static int
as_other_uid(void *arg)
{
	pid_t *root_group = arg, kids[VICTIMS];

	if (setgid(OTHER_UID) != 0 || setuid(OTHER_UID) != 0)
		return 2;
	if (kill(-*root_group, SIGUSR1) == 0 || errno != EPERM)
		return 3;
	/* Only processes it may not signal: kill(-1) still succeeds, as on Linux. */
	if (kill(-1, 0) != 0)
		return 7;
	usr1_seen = 0;
	for (int i = 0; i < VICTIMS; i++)
		kids[i] = spawn_waiter(0);
	/* Root's processes are refused, which kill(-1) does not report. */
	if (kill(-1, SIGUSR1) != 0)
		return 4;
	if (reap_all(kids, VICTIMS) != VICTIMS)
		return 5;
	return usr1_seen == 0 ? 0 : 6;	/* never the caller */
}

int
main(void)
{
	pid_t root_group, holder;

	signal(SIGUSR1, on_usr1);
	own_group();
	other_group();
	if (geteuid() != 0)
		return check_done();
	root_group = holder = spawn_waiter(0);
	check_status(run_child(as_other_uid, &root_group), W_EXITCODE(0, 0),
		     "another uid: kill(-pgrp) of root's group is EPERM; kill(-1) succeeds "
		     "with only root's processes about, and reaches its own, not itself");
	CHECK(waitpid(holder, NULL, WNOHANG) == 0, "root's waiting process was left alone");
	kill(holder, SIGUSR1);
	reap_all(&holder, 1);
	return check_done();
}
