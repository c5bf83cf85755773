/*
 * sig_flags - what a handler sees and the sigaction flags: the mask during
 * a handler (sa_mask and the signal itself), SA_NODEFER, nested handlers,
 * SA_RESETHAND, a handler that edits its saved context (the pc and a
 * register) and sees the change after return, SA_NOCLDWAIT, and kill(2)'s
 * permission rule between two ordinary uids.
 */
#include "check.h"
#include <ucontext.h>

static volatile sig_atomic_t depth, max_depth, calls;
static sigset_t seen_mask;

static void
on_usr1_mask(int sig)
{
	(void)sig;
	sigprocmask(SIG_BLOCK, NULL, &seen_mask);
	calls++;
}

static void
test_mask_during_handler(void)
{
	struct sigaction sa = { .sa_handler = on_usr1_mask };
	sigset_t now;

	sigemptyset(&sa.sa_mask);
	sigaddset(&sa.sa_mask, SIGUSR2);
	sigaction(SIGUSR1, &sa, NULL);
	kill(getpid(), SIGUSR1);
	CHECK(calls == 1 && sigismember(&seen_mask, SIGUSR1), "the handler runs with its signal blocked");
	/* qemu-riscv64 leaves sa_mask out of the mask it reports (Linux proper has it): Kite only. */
	if (guest_only("sa_mask blocked during the handler"))
		CHECK(sigismember(&seen_mask, SIGUSR2), "sa_mask blocked during the handler");
	sigprocmask(SIG_BLOCK, NULL, &now);
	CHECK(!sigismember(&now, SIGUSR1) && !sigismember(&now, SIGUSR2),
	    "the mask is back after the handler returns");
	sa.sa_flags = SA_NODEFER;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGUSR1, &sa, NULL);
	raise(SIGUSR1);
	CHECK(!sigismember(&seen_mask, SIGUSR1), "SA_NODEFER: the signal is not blocked");
}

/* Nested: SIGUSR1's handler raises SIGUSR2, whose handler runs inside it. */
static volatile sig_atomic_t order[4], norder;

static void
on_inner(int sig)
{
	order[norder++] = sig * 10 + depth;
}

static void
on_outer(int sig)
{
	depth++;
	order[norder++] = sig * 10 + depth;
	raise(SIGUSR2);
	depth--;
}

static void
test_nested(void)
{
	struct sigaction sa = { .sa_handler = on_outer };

	sigemptyset(&sa.sa_mask);
	sigaction(SIGUSR1, &sa, NULL);
	sa.sa_handler = on_inner;
	sigaction(SIGUSR2, &sa, NULL);
	depth = norder = 0;
	raise(SIGUSR1);
	CHECK(norder == 2 && order[0] == SIGUSR1 * 10 + 1 && order[1] == SIGUSR2 * 10 + 1,
	    "a handler interrupted by another signal's handler");
}

/* SA_NODEFER with recursion: the handler re-raises its own signal three times. */
static void
on_recurse(int sig)
{
	depth++;
	if (depth > max_depth)
		max_depth = depth;
	if (depth < 3)
		raise(sig);
	depth--;
}

static void
test_recursion(void)
{
	struct sigaction sa = { .sa_handler = on_recurse, .sa_flags = SA_NODEFER };

	sigemptyset(&sa.sa_mask);
	sigaction(SIGUSR1, &sa, NULL);
	depth = max_depth = 0;
	raise(SIGUSR1);
	CHECK(max_depth == 3, "SA_NODEFER handlers nest three deep (%d)", max_depth);
}

static void
test_resethand(void)
{
	struct sigaction sa = { .sa_handler = on_usr1_mask, .sa_flags = SA_RESETHAND }, old;

	sigemptyset(&sa.sa_mask);
	sigaction(SIGUSR1, &sa, NULL);
	calls = 0;
	raise(SIGUSR1);
	sigaction(SIGUSR1, NULL, &old);
	CHECK(calls == 1 && old.sa_handler == SIG_DFL, "SA_RESETHAND: the handler runs once, then SIG_DFL");
}

/* The handler of an illegal instruction skips it and sets a0 through the ucontext. */
static void
on_ill(int sig, siginfo_t *si, void *ucv)
{
	ucontext_t *uc = ucv;

	(void)sig, (void)si;
	uc->uc_mcontext.__gregs[REG_PC] += 4;
	uc->uc_mcontext.__gregs[REG_A0] = 4242;
}

static void
test_edit_context(void)
{
	struct sigaction sa = { .sa_sigaction = on_ill, .sa_flags = SA_SIGINFO };
	long a0 = 1;

	sigemptyset(&sa.sa_mask);
	sigaction(SIGILL, &sa, NULL);
	__asm__ volatile("li a0, 1\n\t.word 0\n\tmv %0, a0" : "=r"(a0) : : "a0");
	CHECK(a0 == 4242, "a handler's change to the saved pc and a0 takes effect (a0 %ld)", a0);
}

static void
test_nocldwait(void)
{
	struct sigaction sa = { .sa_handler = SIG_DFL, .sa_flags = SA_NOCLDWAIT }, dfl = { 0 };
	pid_t pid;

	sigemptyset(&sa.sa_mask);
	sigaction(SIGCHLD, &sa, NULL);
	pid = fork();
	if (pid == 0)
		_exit(0);
	/* qemu-riscv64 does not pass SA_NOCLDWAIT on to the host: Kite only. */
	if (guest_only("SA_NOCLDWAIT: no zombie to wait for"))
		CHECK_FAILS(waitpid(pid, NULL, 0), ECHILD, "SA_NOCLDWAIT: no zombie to wait for");
	else
		waitpid(pid, NULL, 0);
	sigaction(SIGCHLD, &dfl, NULL);
}

/* Two ordinary users: the second may not signal the first. */
static int
perm_child(void *arg)
{
	pid_t victim = *(pid_t *)arg;

	if (setresuid(2002, 2002, 2002) != 0)
		return 1;
	if (kill(victim, SIGTERM) != -1 || errno != EPERM)
		return 2;
	if (kill(victim, 0) != -1 || errno != EPERM)
		return 3;
	return kill(getpid(), 0) == 0 ? 0 : 4;
}

static void
test_permission(void)
{
	static const char *const why[] = { NULL, "setresuid failed",
	    "SIGTERM to another uid was not EPERM", "signal 0 to another uid was not EPERM",
	    "signal 0 to itself failed" };
	pid_t victim;
	int status;

	if (geteuid() != 0) {
		check_why(false, "not root", "kill permission (needs root to change uids)");
		return;
	}
	victim = fork();
	if (victim == 0) {
		setresuid(2001, 2001, 2001);
		pause();
		_exit(0);
	}
	usleep(50000);
	check_child(run_child(perm_child, &victim), why, 5, "kill between two ordinary uids: EPERM");
	kill(victim, SIGKILL);
	waitpid(victim, &status, 0);
	check_status(status, W_EXITCODE(0, SIGKILL), "root may kill any process");
}

int
main(void)
{
	test_mask_during_handler();
	test_nested();
	test_recursion();
	test_resethand();
	test_edit_context();
	test_nocldwait();
	test_permission();
	return check_done();
}
