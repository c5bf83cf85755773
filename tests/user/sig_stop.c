/*
 * sig_stop - job-control stops and continues seen by the parent: wait4 with
 * WUNTRACED/WCONTINUED, waitid with WSTOPPED/WCONTINUED, SIGCHLD's siginfo
 * (CLD_STOPPED, CLD_CONTINUED) and SA_NOCLDSTOP, the stop of every thread
 * of a process, SIGKILL of a stopped process, and the discarding of pending
 * SIGCONT by a stop signal and of pending stop signals by SIGCONT.
 */
#include "check.h"
#include <pthread.h>
#include <sys/mman.h>
#include <stdatomic.h>
#include <fcntl.h>

static volatile sig_atomic_t chld_code, chld_status, chld_pid, chld_count;

static void
on_chld(int sig, siginfo_t *si, void *uc)
{
	(void)sig, (void)uc;
	chld_code = si->si_code;
	chld_status = si->si_status;
	chld_pid = si->si_pid;
	chld_count++;
}

/* Wait (with a bound) for the SIGCHLD handler to have run n times in all. */
static bool
await_chld(int n)
{
	for (int i = 0; i < 500 && chld_count < n; i++)
		usleep(10000);
	return chld_count >= n;
}

static pid_t
spawn_spinner(void)
{
	pid_t pid = fork();

	if (pid == 0) {
		for (;;)
			pause();
	}
	return pid;
}

static void
test_wait4(void)
{
	pid_t pid = spawn_spinner();
	int status = 0;

	chld_count = 0;
	CHECK(kill(pid, SIGSTOP) == 0, "kill SIGSTOP");
	CHECK(waitpid(pid, &status, WUNTRACED) == pid, "wait4 WUNTRACED returns the stopped child");
	CHECK(WIFSTOPPED(status) && WSTOPSIG(status) == SIGSTOP && (status & 0xffff) == 0x137f,
	    "status 0x7f | SIGSTOP << 8 (got %#x)", status);
	CHECK(await_chld(1) && chld_code == CLD_STOPPED && chld_status == SIGSTOP && chld_pid == pid,
	    "SIGCHLD with CLD_STOPPED, si_status SIGSTOP, si_pid");
	CHECK(waitpid(pid, &status, WUNTRACED | WNOHANG) == 0, "a stop is reported once");
	CHECK(kill(pid, SIGCONT) == 0, "kill SIGCONT");
	CHECK(waitpid(pid, &status, WCONTINUED) == pid && WIFCONTINUED(status) && status == 0xffff,
	    "wait4 WCONTINUED reports 0xffff (got %#x)", status);
	CHECK(await_chld(2) && chld_code == CLD_CONTINUED && chld_status == SIGCONT,
	    "SIGCHLD with CLD_CONTINUED, si_status SIGCONT");
	CHECK(kill(pid, SIGTSTP) == 0 && waitpid(pid, &status, WUNTRACED) == pid &&
	    WIFSTOPPED(status) && WSTOPSIG(status) == SIGTSTP, "SIGTSTP stops with its number");
	CHECK(kill(pid, SIGKILL) == 0 && waitpid(pid, &status, 0) == pid &&
	    WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL, "SIGKILL kills a stopped process");
}

static void
test_waitid(void)
{
	pid_t pid = spawn_spinner();
	siginfo_t si;

	kill(pid, SIGTTIN);
	memset(&si, 0, sizeof(si));
	CHECK(waitid(P_PID, pid, &si, WSTOPPED | WNOWAIT) == 0 && si.si_code == CLD_STOPPED,
	    "waitid WSTOPPED | WNOWAIT sees the stop");
	memset(&si, 0, sizeof(si));
	CHECK(waitid(P_PID, pid, &si, WSTOPPED) == 0 && si.si_code == CLD_STOPPED &&
	    si.si_status == SIGTTIN && si.si_pid == pid && si.si_signo == SIGCHLD &&
	    si.si_uid == getuid(), "waitid WSTOPPED reports it again: CLD_STOPPED, SIGTTIN, pid, uid");
	memset(&si, 0, sizeof(si));
	CHECK(waitid(P_PID, pid, &si, WSTOPPED | WNOHANG) == 0 && si.si_pid == 0,
	    "then it is consumed");
	kill(pid, SIGCONT);
	memset(&si, 0, sizeof(si));
	CHECK(waitid(P_PID, pid, &si, WCONTINUED) == 0 && si.si_code == CLD_CONTINUED &&
	    si.si_status == SIGCONT, "waitid WCONTINUED: CLD_CONTINUED");
	kill(pid, SIGKILL);
	memset(&si, 0, sizeof(si));
	CHECK(waitid(P_PID, pid, &si, WEXITED) == 0 && si.si_code == CLD_KILLED &&
	    si.si_status == SIGKILL, "waitid WEXITED: CLD_KILLED");
}

static void
test_nocldstop(void)
{
	pid_t pid = spawn_spinner();
	int status;

	catch_siginfo(SIGCHLD, on_chld, SA_NOCLDSTOP);
	usleep(100000);		/* let the SIGCHLDs of earlier children arrive */
	chld_count = 0;
	kill(pid, SIGSTOP);
	CHECK(waitpid(pid, &status, WUNTRACED) == pid && WIFSTOPPED(status),
	    "SA_NOCLDSTOP: the stop is still reported by wait");
	kill(pid, SIGCONT);
	waitpid(pid, &status, WCONTINUED);
	usleep(100000);
	/* qemu-riscv64 installs its own host handler without SA_NOCLDSTOP: Kite only. */
	if (guest_only("SA_NOCLDSTOP: no SIGCHLD for a stop or continue"))
		CHECK(chld_count == 0, "SA_NOCLDSTOP: no SIGCHLD for a stop or continue (%d)",
		    chld_count);
	kill(pid, SIGKILL);
	waitpid(pid, &status, 0);
	CHECK(await_chld(1) && chld_code == CLD_KILLED, "SA_NOCLDSTOP: SIGCHLD on death");
	catch_siginfo(SIGCHLD, on_chld, 0);
}

static _Atomic long *counters;

static void *
spin(void *arg)
{
	_Atomic long *c = arg;

	for (;;)
		atomic_fetch_add(c, 1);
	return NULL;
}

static char
proc_state(pid_t pid)
{
	char path[64], buf[256], *p;
	int fd, n;

	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	if ((fd = open(path, O_RDONLY)) < 0)
		return '?';
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return '?';
	buf[n] = '\0';
	p = strrchr(buf, ')');
	return p != NULL && p[1] == ' ' ? p[2] : '?';
}

/* Every thread stops: none of the two spinning threads advances while stopped. */
static void
test_group_stop(void)
{
	long before[2], after[2];
	pid_t pid;
	int status;

	counters = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	pid = fork();
	if (pid == 0) {
		pthread_t t;

		pthread_create(&t, NULL, spin, (void *)&counters[1]);
		spin((void *)&counters[0]);
	}
	while (atomic_load(&counters[0]) == 0 || atomic_load(&counters[1]) == 0)
		usleep(1000);
	kill(pid, SIGSTOP);
	CHECK(waitpid(pid, &status, WUNTRACED) == pid && WIFSTOPPED(status),
	    "a two-thread process stops");
	CHECK(proc_state(pid) == 'T', "/proc/PID/stat says T (%c)", proc_state(pid));
	before[0] = atomic_load(&counters[0]);
	before[1] = atomic_load(&counters[1]);
	usleep(200000);
	after[0] = atomic_load(&counters[0]);
	after[1] = atomic_load(&counters[1]);
	CHECK(before[0] == after[0] && before[1] == after[1], "no thread runs while stopped");
	kill(pid, SIGCONT);
	for (int i = 0; i < 300 && (atomic_load(&counters[0]) == after[0] ||
	    atomic_load(&counters[1]) == after[1]); i++)
		usleep(10000);
	CHECK(atomic_load(&counters[0]) > after[0] && atomic_load(&counters[1]) > after[1],
	    "both threads run again after SIGCONT (%ld %ld)", atomic_load(&counters[0]) - after[0],
	    atomic_load(&counters[1]) - after[1]);
	kill(pid, SIGKILL);
	waitpid(pid, &status, 0);
	munmap((void *)counters, 4096);
}

static void
on_cont(int sig)
{
	(void)sig;
}

/* Send two conflicting signals to ourselves, blocked: 0 if only the later is pending. */
static int
discard_child(void *arg)
{
	int order = *(int *)arg;
	struct sigaction sa = { .sa_handler = on_cont };
	sigset_t block, pending;

	sigaction(SIGCONT, &sa, NULL);
	sigemptyset(&block);
	sigaddset(&block, SIGCONT);
	sigaddset(&block, SIGTSTP);
	sigprocmask(SIG_BLOCK, &block, NULL);
	if (order == 0) {
		kill(getpid(), SIGTSTP);
		kill(getpid(), SIGCONT);	/* discards the pending SIGTSTP */
	} else {
		kill(getpid(), SIGCONT);
		kill(getpid(), SIGTSTP);	/* discards the pending SIGCONT */
	}
	sigpending(&pending);
	if (order == 0)
		return sigismember(&pending, SIGTSTP) ? 1 : !sigismember(&pending, SIGCONT) ? 2 : 0;
	return sigismember(&pending, SIGCONT) ? 1 : !sigismember(&pending, SIGTSTP) ? 2 : 0;
}

static void
test_discard(void)
{
	static const char *const why[] = { NULL, "the discarded signal is still pending",
	    "the later signal is not pending" };
	int order0 = 0, order1 = 1;

	check_child(run_child(discard_child, &order0), why, 3, "SIGCONT discards a pending SIGTSTP");
	check_child(run_child(discard_child, &order1), why, 3, "SIGTSTP discards a pending SIGCONT");
}

int
main(void)
{
	catch_siginfo(SIGCHLD, on_chld, 0);
	test_wait4();
	test_waitid();
	test_nocldstop();
	test_group_stop();
	test_discard();
	return check_done();
}
