/*
 * sig_orphan - orphaned process groups (POSIX, as Linux does them).
 *
 * A middle process makes its own group, forks a member that stops itself,
 * and exits: the group loses its link to the session while a member is
 * stopped, so every member gets SIGHUP then SIGCONT. In the orphaned group
 * SIGTSTP no longer stops anybody (it is discarded), while SIGSTOP still
 * does. The member reports through a pipe, since its parent is gone.
 */
#include "check.h"

#include <poll.h>

#define REPORT_WAIT_MS	5000

static int report_fd;

static void
on_hup(int sig)
{
	(void)sig;
	(void)!write(report_fd, "H", 1);
}

static void
on_cont(int sig)
{
	(void)sig;
	(void)!write(report_fd, "C", 1);
}

/* The member: stop, and once woken by the orphaning, try SIGTSTP and SIGSTOP. */
static void
member(void)
{
	signal(SIGHUP, on_hup);
	signal(SIGCONT, on_cont);
	raise(SIGSTOP);
	/* Here only after the orphaning's SIGCONT. */
	raise(SIGTSTP);
	(void)!write(report_fd, "T", 1);	/* SIGTSTP did not stop us */
	raise(SIGSTOP);
	(void)!write(report_fd, "S", 1);	/* after the test's own SIGCONT */
	_exit(0);
}

/* The middle process: new group, a stopped member, then exit. */
static void
middle(void)
{
	int status;
	pid_t pid;

	if (setpgid(0, 0) != 0)
		_exit(2);
	pid = fork();
	if (pid == 0)
		member();
	if (pid < 0 || waitpid(pid, &status, WUNTRACED) != pid || !WIFSTOPPED(status))
		_exit(3);
	(void)!write(report_fd, (char[]){ 'p', (char)pid, (char)(pid >> 8), (char)(pid >> 16) }, 4);
	_exit(0);
}

/* The next report byte, or 0 if none came within REPORT_WAIT_MS. */
static char
next_report(int fd)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	char c = 0;

	if (poll(&pfd, 1, REPORT_WAIT_MS) == 1 && read(fd, &c, 1) != 1)
		c = 0;
	return c;
}

/* The member is stopped (state T in /proc) when SIGTSTP or SIGSTOP took. */
static bool
stays_silent(int fd)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };

	return poll(&pfd, 1, 300) == 0;
}

int
main(void)
{
	int fds[2], status;
	unsigned char id[3];
	char got[2];
	pid_t mid, member_pid = 0;

	if (!CHECK(pipe(fds) == 0, "pipe"))
		return check_done();
	report_fd = fds[1];
	fflush(stdout);
	mid = fork();
	if (mid == 0)
		middle();
	CHECK(waitpid(mid, &status, 0) == mid && WIFEXITED(status) && WEXITSTATUS(status) == 0,
	      "the middle process made a group with a stopped member and exited");
	if (CHECK(next_report(fds[0]) == 'p' && read(fds[0], id, 3) == 3, "it named the member"))
		member_pid = id[0] | id[1] << 8 | id[2] << 16;
	got[0] = next_report(fds[0]);
	got[1] = next_report(fds[0]);
	/* Sent in this order; the order of delivery of pending signals is unspecified. */
	CHECK(memchr(got, 'H', 2) && memchr(got, 'C', 2),
	      "the orphaned group's stopped member got SIGHUP and SIGCONT (%.2s)", got);
	CHECK(next_report(fds[0]) == 'T', "SIGTSTP does not stop a member of an orphaned group");
	CHECK(stays_silent(fds[0]), "SIGSTOP still does");
	if (member_pid > 0) {
		kill(member_pid, SIGCONT);
		CHECK(next_report(fds[0]) == 'C' && next_report(fds[0]) == 'S',
		      "and SIGCONT continues it");
	}
	return check_done();
}
