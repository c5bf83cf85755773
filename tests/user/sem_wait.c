/*
 * sem_wait: the sleeping side of semop - an array that waits is never
 * applied in part, equal waiters are served in FIFO order, wait-for-zero,
 * one operation completing a chain of sleepers, GETNCNT/GETZCNT counting a
 * sleeper only for the operation it is blocked on, semtimedop's timeout,
 * EINTR from a signal handler, and EIDRM for every sleeper of a removed set.
 */
#include "sem_util.h"

#define TIMEOUT_NS	100000000L	/* 100 ms */
#define TIMEOUT_SLACK_S	1.0		/* "not much later", on a loaded TCG host */
#define NFIFO		3

/* Children: exit 0 if the semop they were built for succeeds. */
static int
take_both(int id, int unused)
{
	struct sembuf ops[2] = { { 0, -1, 0 }, { 1, -1, 0 } };

	(void)unused;
	return semop(id, ops, 2) == 0 ? 0 : 1;
}

static void
atomic_wait(void)
{
	int id = sem_new(2);
	pid_t pid;

	sem_set(id, 0, 1);
	pid = sem_child(take_both, id, 0);
	CHECK(sem_wait_count(id, 1, GETNCNT, 1),
	      "{-1 on 0, -1 on 1} with only sem 0 available sleeps (GETNCNT of sem 1 is 1)");
	CHECK(semctl(id, 0, GETNCNT) == 0, "GETNCNT of sem 0 is 0: only the blocking op counts");
	CHECK(sem_val(id, 0) == 1, "the sleeper did not take sem 0 alone");
	CHECK(sem_op1(id, 1, 1, 0) == 0, "post sem 1");
	CHECK(sem_reap(pid) == 0, "the sleeper completed");
	CHECK(sem_val(id, 0) == 0 && sem_val(id, 1) == 0, "both semaphores were taken");
	CHECK(semctl(id, 1, GETPID) == pid, "GETPID names the sleeper, whose op the post completed");
	sem_set(id, 0, 0);
	pid = sem_child(take_both, id, 0);
	CHECK(sem_wait_count(id, 0, GETNCNT, 1) && semctl(id, 1, GETNCNT) == 0,
	      "with both at 0, only sem 0 (the first blocking op) counts in GETNCNT");
	semctl(id, 0, IPC_RMID);
	sem_reap(pid);
}

/* Take sem 0, then report our number through the pipe. */
static int
fifo_waiter(int id, int fd)
{
	char c = (char)('A' + (fd >> 8));

	if (sem_op1(id, 0, -1, 0) != 0)
		return 1;
	return write(fd & 0xff, &c, 1) == 1 ? 0 : 2;
}

static void
fifo(void)
{
	int id = sem_new(1), fds[2];
	pid_t pids[NFIFO];
	char order[NFIFO + 1] = { 0 };
	bool asleep = true;

	if (pipe(fds) != 0)
		return;
	for (int i = 0; i < NFIFO; i++) {
		pids[i] = sem_child(fifo_waiter, id, i << 8 | fds[1]);
		asleep &= sem_wait_count(id, 0, GETNCNT, i + 1);
	}
	CHECK(asleep, "%d waiters queue on one semaphore in turn", NFIFO);
	for (int i = 0; i < NFIFO; i++) {
		sem_op1(id, 0, 1, 0);
		if (read(fds[0], &order[i], 1) != 1)
			break;
	}
	CHECK(strcmp(order, "ABC") == 0, "posts wake them in FIFO order (%s)", order);
	for (int i = 0; i < NFIFO; i++)
		sem_reap(pids[i]);
	close(fds[0]);
	close(fds[1]);
	semctl(id, 0, IPC_RMID);
}

static int
wait_zero(int id, int num)
{
	return sem_op1(id, num, 0, 0) == 0 ? 0 : 1;
}

static int
wait_zero_both(int id, int unused)
{
	struct sembuf ops[2] = { { 0, 0, 0 }, { 1, 0, 0 } };

	(void)unused;
	return semop(id, ops, 2) == 0 ? 0 : 1;
}

static void
zero(void)
{
	int id = sem_new(2);
	pid_t pid;

	sem_set(id, 0, 2);
	pid = sem_child(wait_zero, id, 0);
	CHECK(sem_wait_count(id, 0, GETZCNT, 1), "a wait for zero on 2 sleeps (GETZCNT 1)");
	CHECK(semctl(id, 0, GETNCNT) == 0, "... and does not count in GETNCNT");
	sem_op1(id, 0, -1, 0);
	CHECK(semctl(id, 0, GETZCNT) == 1, "still asleep at 1");
	sem_op1(id, 0, -1, 0);
	CHECK(sem_reap(pid) == 0, "woken when the value reaches 0");
	sem_set(id, 0, 1);
	sem_set(id, 1, 1);
	pid = sem_child(wait_zero_both, id, 0);
	CHECK(sem_wait_count(id, 0, GETZCNT, 1) && semctl(id, 1, GETZCNT) == 0,
	      "a wait for zero on two semaphores counts only on the first blocking one");
	sem_set(id, 0, 0);
	CHECK(sem_wait_count(id, 1, GETZCNT, 1) && semctl(id, 0, GETZCNT) == 0,
	      "after SETVAL it counts on the one it now blocks on");
	sem_set(id, 1, 0);
	CHECK(sem_reap(pid) == 0, "SETVAL 0 completes it");
	semctl(id, 0, IPC_RMID);
}

/* Chain members: exit 0 when their operation completed. */
static int
chain_first(int id, int unused)
{
	struct sembuf ops[3] = { { 2, -1, 0 }, { 0, -1, 0 }, { 1, 1, 0 } };

	(void)unused;
	return semop(id, ops, 3) == 0 ? 0 : 1;
}

static int
take(int id, int num)
{
	return sem_op1(id, num, -1, 0) == 0 ? 0 : 1;
}

static void
chain(void)
{
	int id = sem_new(3), ok = 0;
	pid_t pids[3];

	sem_set(id, 0, 1);
	pids[0] = sem_child(chain_first, id, 0);	/* waits for sem 2 */
	sem_wait_count(id, 2, GETNCNT, 1);
	pids[1] = sem_child(take, id, 1);		/* waits for sem 1, which the first posts */
	sem_wait_count(id, 1, GETNCNT, 1);
	pids[2] = sem_child(wait_zero, id, 0);		/* waits for sem 0 to reach 0 */
	CHECK(sem_wait_count(id, 0, GETZCNT, 1), "three sleepers queued");
	CHECK(sem_op1(id, 2, 1, 0) == 0, "one post of sem 2");
	for (int i = 0; i < 3; i++)
		ok += sem_reap(pids[i]) == 0;
	CHECK(ok == 3, "completes the whole chain of sleepers (%d of 3)", ok);
	CHECK(sem_val(id, 0) == 0 && sem_val(id, 1) == 0 && sem_val(id, 2) == 0,
	      "and every value is 0");
	semctl(id, 0, IPC_RMID);
}

static void
timeout(void)
{
	int id = sem_new(1);
	struct sembuf op = { 0, -1, 0 };
	struct timespec ts = { 0, TIMEOUT_NS };
	double start = now_seconds(CLOCK_MONOTONIC), waited;

	CHECK_FAILS(semtimedop(id, &op, 1, &ts), EAGAIN, "semtimedop 100 ms on 0: EAGAIN");
	waited = now_seconds(CLOCK_MONOTONIC) - start;
	CHECK(waited >= TIMEOUT_NS / 1e9, "it slept at least 100 ms (%.3f s)", waited);
	CHECK(waited < TIMEOUT_NS / 1e9 + TIMEOUT_SLACK_S, "and not much longer (%.3f s)", waited);
	CHECK(semctl(id, 0, GETNCNT) == 0, "GETNCNT is 0 after the timeout");
	ts.tv_nsec = 0;
	CHECK_FAILS(semtimedop(id, &op, 1, &ts), EAGAIN, "a zero timeout: EAGAIN at once");
	semctl(id, 0, IPC_RMID);
}

static void
on_signal(int sig)
{
	(void)sig;
}

static int
interrupted(int id, int unused)
{
	struct sigaction sa = { .sa_handler = on_signal };	/* no SA_RESTART */

	(void)unused;
	sigaction(SIGUSR1, &sa, NULL);
	if (sem_op1(id, 0, -1, 0) != -1)
		return 1;
	return errno == EINTR ? 0 : 2;
}

static void
eintr(void)
{
	static const char *const why[] = { NULL, "semop succeeded", "not EINTR" };
	int id = sem_new(1), st;
	pid_t pid = sem_child(interrupted, id, 0);

	CHECK(sem_wait_count(id, 0, GETNCNT, 1), "a child sleeps in semop");
	kill(pid, SIGUSR1);
	st = sem_reap(pid);
	check_why(st == 0, st > 0 && st < 3 ? why[st] : "child died",
		  "a caught signal makes semop fail with EINTR");
	CHECK(semctl(id, 0, GETNCNT) == 0 && sem_val(id, 0) == 0,
	      "the interrupted op left no trace");
	semctl(id, 0, IPC_RMID);
}

/* Two children decrement sem 0 (at 0), one waits for sem 1 (at 1) to be 0. */
static int
expect_eidrm(int id, int num)
{
	int r = num < 2 ? sem_op1(id, 0, -1, 0) : sem_op1(id, 1, 0, 0);

	return r == -1 && errno == EIDRM ? 0 : 1;
}

static void
removed(void)
{
	int id = sem_new(2), ok = 0;
	pid_t pids[3];

	sem_set(id, 1, 1);
	for (int i = 0; i < 3; i++)
		pids[i] = sem_child(expect_eidrm, id, i);
	CHECK(sem_wait_count(id, 0, GETNCNT, 2) && sem_wait_count(id, 1, GETZCNT, 1),
	      "sleepers on a decrement and on zero");
	CHECK(semctl(id, 0, IPC_RMID) == 0, "IPC_RMID with sleepers");
	for (int i = 0; i < 3; i++)
		ok += sem_reap(pids[i]) == 0;
	CHECK(ok == 3, "every sleeper fails with EIDRM (%d of 3)", ok);
}

int
main(void)
{
	atomic_wait();
	fifo();
	zero();
	chain();
	timeout();
	eintr();
	removed();
	return check_done();
}
