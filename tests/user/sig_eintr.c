/*
 * sig_eintr - a handled signal interrupting a blocking call: read on a
 * pipe, wait4 and a futex wait restart under SA_RESTART and fail with EINTR
 * without it; nanosleep (with the time left), poll, sigsuspend, msgrcv and
 * semop fail with EINTR even under SA_RESTART.
 */
#include "check.h"
#include <poll.h>
#include <stdint.h>
#include <linux/futex.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/syscall.h>

#define FIRST_MS	100	/* the signal arrives */
#define LATER_MS	300	/* the event the call waits for, for calls that restart */

static volatile sig_atomic_t handled;
static int pipefd[2];
static _Atomic uint32_t *word;

static void
on_usr1(int sig)
{
	(void)sig;
	handled++;
}

static void
catch(int flags)
{
	struct sigaction sa = { .sa_handler = on_usr1, .sa_flags = flags };

	sigemptyset(&sa.sa_mask);
	sigaction(SIGUSR1, &sa, NULL);
	handled = 0;
}

enum event { EV_NONE, EV_PIPE, EV_FUTEX, EV_EXIT };

/* A child that signals us after FIRST_MS, then makes ev happen after LATER_MS. */
static pid_t
poke(enum event ev)
{
	pid_t pid = fork();

	if (pid != 0)
		return pid;
	usleep(FIRST_MS * 1000);
	kill(getppid(), SIGUSR1);
	usleep((LATER_MS - FIRST_MS) * 1000);
	if (ev == EV_PIPE)
		write(pipefd[1], "x", 1);
	if (ev == EV_FUTEX) {
		*word = 1;
		syscall(SYS_futex, word, FUTEX_WAKE, 1, NULL, NULL, 0);
	}
	_exit(7);
}

static void
reap(pid_t pid)
{
	waitpid(pid, NULL, 0);
}

static void
test_pipe(void)
{
	char c;
	pid_t pid;

	pipe(pipefd);
	catch(0);
	pid = poke(EV_NONE);
	CHECK_FAILS(read(pipefd[0], &c, 1), EINTR, "pipe read without SA_RESTART: EINTR");
	reap(pid);
	catch(SA_RESTART);
	pid = poke(EV_PIPE);
	CHECK(read(pipefd[0], &c, 1) == 1 && handled == 1, "pipe read under SA_RESTART restarts");
	reap(pid);
	close(pipefd[0]);
	close(pipefd[1]);
}

static void
test_wait4(void)
{
	int status = 0;
	pid_t pid;

	catch(0);
	pid = poke(EV_EXIT);
	CHECK_FAILS(waitpid(pid, &status, 0), EINTR, "wait4 without SA_RESTART: EINTR");
	reap(pid);
	catch(SA_RESTART);
	pid = poke(EV_EXIT);
	CHECK(waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 7 &&
	    handled == 1, "wait4 under SA_RESTART restarts");
}

static long
futex_wait(void)
{
	return syscall(SYS_futex, word, FUTEX_WAIT, 0, NULL, NULL, 0);
}

static void
test_futex(void)
{
	pid_t pid;

	word = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	catch(0);
	pid = poke(EV_NONE);
	CHECK_FAILS(futex_wait(), EINTR, "futex wait without SA_RESTART: EINTR");
	reap(pid);
	catch(SA_RESTART);
	pid = poke(EV_FUTEX);
	CHECK(futex_wait() == 0 && *word == 1 && handled == 1, "futex wait under SA_RESTART restarts");
	reap(pid);
	munmap((void *)word, 4096);
}

static void
test_never_restarted(void)
{
	struct timespec req = { 2, 0 }, rem = { 0, 0 };
	struct pollfd pfd;
	struct { long mtype; char text[8]; } msg;
	struct sembuf op = { 0, -1, 0 };
	int msqid, semid;
	sigset_t none;
	pid_t pid;

	catch(SA_RESTART);
	pid = poke(EV_NONE);
	CHECK_FAILS(nanosleep(&req, &rem), EINTR, "nanosleep under SA_RESTART: EINTR");
	CHECK(rem.tv_sec == 1 && rem.tv_nsec > 0, "and reports the time left (%ld.%09ld)",
	    (long)rem.tv_sec, rem.tv_nsec);
	reap(pid);

	pipe(pipefd);
	pfd = (struct pollfd){ .fd = pipefd[0], .events = POLLIN };
	pid = poke(EV_PIPE);
	CHECK_FAILS(poll(&pfd, 1, 5000), EINTR, "poll under SA_RESTART: EINTR");
	reap(pid);
	close(pipefd[0]);
	close(pipefd[1]);

	sigemptyset(&none);
	pid = poke(EV_NONE);
	CHECK_FAILS(sigsuspend(&none), EINTR, "sigsuspend: EINTR once the handler ran");
	reap(pid);

	msqid = msgget(IPC_PRIVATE, IPC_CREAT | 0600);
	pid = poke(EV_NONE);
	CHECK_FAILS(msgrcv(msqid, &msg, sizeof(msg.text), 0, 0), EINTR, "msgrcv under SA_RESTART: EINTR");
	reap(pid);
	msgctl(msqid, IPC_RMID, NULL);

	semid = semget(IPC_PRIVATE, 1, IPC_CREAT | 0600);
	pid = poke(EV_NONE);
	CHECK_FAILS(semop(semid, &op, 1), EINTR, "semop under SA_RESTART: EINTR");
	reap(pid);
	semctl(semid, 0, IPC_RMID);
}

int
main(void)
{
	test_pipe();
	test_wait4();
	test_futex();
	test_never_restarted();
	return check_done();
}
