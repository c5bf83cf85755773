/*
 * sem_util.h - helpers shared by the tests/user/sem_*.c programs: System V
 * semaphore calls in one line each, and waiting until a child has really
 * gone to sleep in semop (GETNCNT/GETZCNT say so).
 */
#ifndef KITE_TESTS_SEM_UTIL_H
#define KITE_TESTS_SEM_UTIL_H

#include "check.h"

#include <sys/ipc.h>
#include <sys/sem.h>

#define PATIENCE_S	20.0		/* for children to fall asleep */
#define POLL_NS		1000000L	/* between looks at GETNCNT */

/* The caller must define union semun (semctl(2)). */
union semun {
	int val;
	struct semid_ds *buf;
	unsigned short *array;
	struct seminfo *__buf;
};

/* A private set of n semaphores, all 0. */
static inline int
sem_new(int n)
{
	return semget(IPC_PRIVATE, n, IPC_CREAT | 0600);
}

static inline int
sem_val(int id, int num)
{
	return semctl(id, num, GETVAL);
}

static inline int
sem_set(int id, int num, int val)
{
	union semun u = { .val = val };

	return semctl(id, num, SETVAL, u);
}

/* One operation: semop(id, {num, op, flg}). */
static inline int
sem_op1(int id, int num, int op, int flg)
{
	struct sembuf sb = { .sem_num = num, .sem_op = op, .sem_flg = flg };

	return semop(id, &sb, 1);
}

/* Wait until semctl(id, num, cmd) (GETNCNT or GETZCNT) equals n; false on timeout. */
static inline bool
sem_wait_count(int id, int num, int cmd, int n)
{
	double deadline = now_seconds(CLOCK_MONOTONIC) + PATIENCE_S;
	struct timespec ts = { 0, POLL_NS };

	while (semctl(id, num, cmd) != n) {
		if (now_seconds(CLOCK_MONOTONIC) > deadline)
			return false;
		nanosleep(&ts, NULL);
	}
	return true;
}

/* fork a child running fn(id, arg), whose return value is its exit code. */
static inline pid_t
sem_child(int (*fn)(int id, int arg), int id, int arg)
{
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid == 0)
		_exit(fn(id, arg));
	return pid;
}

/* Reap pid; its exit code, or -1 if it did not exit normally. */
static inline int
sem_reap(pid_t pid)
{
	int status;

	if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

#endif
