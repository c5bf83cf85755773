/*
 * sig_storm - four processes in a ring, each queueing 12,500 real-time
 * signals to the next while taking the previous one's with sigwaitinfo:
 * 50,000 signals in all, every one counted and each sender's values in
 * order. A sender meeting EAGAIN (the receiver's queue is full) retries.
 */
#include "check.h"
#include <pthread.h>
#include <sched.h>

#define NPROC	4
#define PER	12500
#define SIG	(SIGRTMIN + 1)

static pid_t next_pid;

static void *
sender(void *arg)
{
	(void)arg;
	for (int i = 0; i < PER; i++) {
		while (sigqueue(next_pid, SIG, (union sigval){ .sival_int = i }) != 0) {
			if (errno != EAGAIN)
				return (void *)1L;
			sched_yield();
		}
	}
	return NULL;
}

/* One member of the ring: 0, or 1 for a send error, 2 for a lost or misordered signal. */
static int
member(int fd_next)
{
	pthread_t t;
	siginfo_t si;
	sigset_t set;
	void *sent;
	int got = 0, bad = 0;

	if (read(fd_next, &next_pid, sizeof(next_pid)) != sizeof(next_pid))
		return 1;
	sigemptyset(&set);
	sigaddset(&set, SIG);
	pthread_create(&t, NULL, sender, NULL);
	while (got < PER) {
		if (sigwaitinfo(&set, &si) != SIG)
			continue;
		bad += si.si_value.sival_int != got;
		got++;
	}
	pthread_join(t, &sent);
	return sent != NULL ? 1 : bad != 0 ? 2 : 0;
}

int
main(void)
{
	static const char *const why[] = { NULL, "a sigqueue failed", "a signal lost or out of order" };
	int fds[NPROC][2], status;
	pid_t pids[NPROC];
	sigset_t set;
	double t0 = now_seconds(CLOCK_MONOTONIC);

	sigemptyset(&set);
	sigaddset(&set, SIG);
	sigprocmask(SIG_BLOCK, &set, NULL);	/* inherited: nothing is lost before sigwaitinfo */
	for (int i = 0; i < NPROC; i++)
		pipe(fds[i]);
	for (int i = 0; i < NPROC; i++) {
		fflush(stdout);
		if ((pids[i] = fork()) == 0)
			_exit(member(fds[i][0]));
	}
	for (int i = 0; i < NPROC; i++)
		write(fds[i][1], &pids[(i + 1) % NPROC], sizeof(pid_t));
	for (int i = 0; i < NPROC; i++) {
		waitpid(pids[i], &status, 0);
		check_child(status, why, 3, "ring member %d sent and received %d signals in order", i, PER);
	}
	printf("# %d signals in %.2f s\n", NPROC * PER, now_seconds(CLOCK_MONOTONIC) - t0);
	return check_done();
}
