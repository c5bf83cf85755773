/*
 * sem_undo: SEM_UNDO adjustments are applied when a process exits - by
 * returning or killed by SIGKILL - clamped at 0, cleared by SETVAL and
 * SETALL, not inherited by fork, shared by the threads of a process, and
 * dropped with no harm when the set is removed first.
 */
#include "sem_util.h"

#include <pthread.h>

/* A child that applies op with SEM_UNDO to sem 0, then exits. */
static int
undo_and_exit(int id, int op)
{
	return sem_op1(id, 0, op, SEM_UNDO) == 0 ? 0 : 1;
}

/* A child that applies +1 with SEM_UNDO, reports through fd, then waits to be killed. */
static int
undo_and_pause(int id, int fd)
{
	if (sem_op1(id, 0, 1, SEM_UNDO) != 0 || write(fd, "x", 1) != 1)
		return 1;
	for (;;)
		pause();
}

static void
at_exit(int id)
{
	int fds[2], status;
	char c;
	pid_t pid;

	sem_set(id, 0, 0);
	CHECK(sem_reap(sem_child(undo_and_exit, id, 3)) == 0 && sem_val(id, 0) == 0,
	      "+3 with SEM_UNDO is undone when the child exits");
	sem_set(id, 0, 2);
	CHECK(sem_reap(sem_child(undo_and_exit, id, -1)) == 0 && sem_val(id, 0) == 2,
	      "-1 with SEM_UNDO is given back at exit");
	sem_set(id, 0, 0);
	if (pipe(fds) != 0)
		return;
	pid = sem_child(undo_and_pause, id, fds[1]);
	if (read(fds[0], &c, 1) == 1)
		CHECK(sem_val(id, 0) == 1, "a child took +1 with SEM_UNDO");
	kill(pid, SIGKILL);
	waitpid(pid, &status, 0);
	check_status(status, W_EXITCODE(0, SIGKILL), "the child was killed by SIGKILL");
	CHECK(sem_val(id, 0) == 0, "its +1 was undone");
	CHECK(semctl(id, 0, GETPID) == pid, "GETPID names the exited child (undo updates sempid)");
	close(fds[0]);
	close(fds[1]);
}

/* In a child: +1 with SEM_UNDO, a grandchild that exits must not undo it. */
static int
no_undo_in_fork(int id, int unused)
{
	(void)unused;
	if (sem_op1(id, 0, 1, SEM_UNDO) != 0)
		return 1;
	if (sem_reap(sem_child(undo_and_exit, id, 1)) != 0)
		return 2;
	return sem_val(id, 0) == 1 ? 0 : 3;
}

static void
forked(int id)
{
	sem_set(id, 0, 0);
	CHECK(sem_reap(sem_child(no_undo_in_fork, id, 0)) == 0,
	      "a forked child starts with no undo entries");
	CHECK(sem_val(id, 0) == 0, "the parent's own entry applied at its exit");
}

/* A child keeps its SEM_UNDO +n until told to exit through the pipe. */
static int
undo_until_told(int id, int fd)
{
	char c;

	if (sem_op1(id, fd >> 8, 2, SEM_UNDO) != 0)
		return 1;
	return read(fd & 0xff, &c, 1) == 1 ? 0 : 2;
}

static void
cleared(int id)
{
	unsigned short all[2] = { 7, 7 };
	int fds[2];
	pid_t pid;

	if (pipe(fds) != 0)
		return;
	sem_set(id, 0, 0);
	pid = sem_child(undo_until_told, id, fds[0]);
	while (sem_val(id, 0) != 2)
		usleep(1000);
	sem_set(id, 0, 5);
	if (write(fds[1], "x", 1) == 1)
		sem_reap(pid);
	CHECK(sem_val(id, 0) == 5, "SETVAL clears the adjustment for its semaphore");
	sem_set(id, 1, 0);
	pid = sem_child(undo_until_told, id, 1 << 8 | fds[0]);
	while (sem_val(id, 1) != 2)
		usleep(1000);
	semctl(id, 0, SETALL, (union semun){ .array = all });
	if (write(fds[1], "x", 1) == 1)
		sem_reap(pid);
	CHECK(sem_val(id, 1) == 7, "SETALL clears the adjustments");
	sem_set(id, 0, 0);
	pid = sem_child(undo_until_told, id, fds[0]);
	while (sem_val(id, 0) != 2)
		usleep(1000);
	sem_op1(id, 0, -1, 0);
	if (write(fds[1], "x", 1) == 1)
		sem_reap(pid);
	CHECK(sem_val(id, 0) == 0, "an undo that would go below 0 stops at 0");
	close(fds[0]);
	close(fds[1]);
}

/* The set goes away before the child with an undo entry for it exits. */
static void
set_removed(void)
{
	int id = sem_new(1), fds[2];
	pid_t pid;

	if (pipe(fds) != 0)
		return;
	pid = sem_child(undo_until_told, id, fds[0]);
	while (sem_val(id, 0) != 2)
		usleep(1000);
	CHECK(semctl(id, 0, IPC_RMID) == 0, "remove a set a child has an undo entry for");
	if (write(fds[1], "x", 1) != 1)
		return;
	CHECK(sem_reap(pid) == 0, "the child exits normally");
	id = sem_new(1);
	CHECK(sem_reap(sem_child(undo_and_exit, id, 1)) == 0 && sem_val(id, 0) == 0,
	      "undo works on a new set afterwards");
	semctl(id, 0, IPC_RMID);
	close(fds[0]);
	close(fds[1]);
}

static void *
thread_undo(void *arg)
{
	int id = *(int *)arg;

	return (void *)(long)sem_op1(id, 0, 1, SEM_UNDO);
}

/* A thread's SEM_UNDO belongs to the process: kept when the thread ends. */
static int
threads(int id, int unused)
{
	pthread_t t;
	void *r;

	(void)unused;
	if (pthread_create(&t, NULL, thread_undo, &id) != 0 || pthread_join(t, &r) != 0 ||
	    r != NULL)
		return 1;
	return sem_val(id, 0) == 1 ? 0 : 2;
}

int
main(void)
{
	int id = sem_new(2);

	if (!CHECK(id >= 0, "semget"))
		return check_done();
	at_exit(id);
	forked(id);
	cleared(id);
	set_removed();
	sem_set(id, 0, 0);
	CHECK(sem_reap(sem_child(threads, id, 0)) == 0,
	      "a thread's SEM_UNDO outlives the thread (CLONE_SYSVSEM)");
	CHECK(sem_val(id, 0) == 0, "and is applied when the process exits");
	semctl(id, 0, IPC_RMID);
	return check_done();
}
