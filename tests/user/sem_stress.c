/*
 * sem_stress: 8 processes each make 20,000 mixed semop calls on one set -
 * a mutex, a pair of semaphores trading tokens both ways with multi-op
 * arrays, a counting semaphore of 3 - and check as they go that the mutex
 * never admits two and the counting semaphore never admits four (counters
 * in MAP_SHARED memory). At the end the values must add up, nobody may be
 * left sleeping, and every critical-section entry must have been counted.
 */
#include "sem_util.h"

#include <stdatomic.h>
#include <sys/mman.h>

#define NPROCS		8
#define NOPS		20000		/* semop calls per process */
#define TOKENS		10		/* shared between sem 1 and sem 2 */
#define SLOTS		3		/* sem 3 */
#define WAIT_NS		10000000L	/* semtimedop timeout of a token wait: 10 ms */
#define NSEMS		4

enum { MUTEX, LEFT, RIGHT, COUNTER };

struct shared {
	atomic_int in_mutex;		/* processes inside the mutex: 0 or 1 */
	atomic_int in_counter;		/* inside the counting semaphore: <= SLOTS */
	long mutex_entries;		/* only changed inside the mutex */
	long entries[NPROCS];		/* each process's own count of its entries */
};

static struct shared *sh;

static int
op(int id, int num, int delta, int flg)
{
	return sem_op1(id, num, delta, flg);
}

/* 2 semop calls; returns 0 or the exit code of a failure. */
static int
critical(int id, int self)
{
	if (op(id, MUTEX, -1, SEM_UNDO) != 0)
		return 1;
	if (atomic_fetch_add(&sh->in_mutex, 1) != 0)
		return 2;
	sh->mutex_entries++;
	sh->entries[self]++;
	atomic_fetch_sub(&sh->in_mutex, 1);
	return op(id, MUTEX, 1, SEM_UNDO) == 0 ? 0 : 3;
}

/* 2 semop calls. */
static int
counted(int id)
{
	if (op(id, COUNTER, -1, 0) != 0)
		return 4;
	if (atomic_fetch_add(&sh->in_counter, 1) >= SLOTS)
		return 5;
	atomic_fetch_sub(&sh->in_counter, 1);
	return op(id, COUNTER, 1, 0) == 0 ? 0 : 6;
}

/* 1 semop call: move a token between LEFT and RIGHT, all or nothing. */
static int
trade(int id, bool leftward, bool wait)
{
	struct sembuf ops[2] = {
		{ leftward ? RIGHT : LEFT, -1, wait ? 0 : IPC_NOWAIT },
		{ leftward ? LEFT : RIGHT, 1, 0 },
	};
	struct timespec ts = { 0, WAIT_NS };

	if (semtimedop(id, ops, 2, wait ? &ts : NULL) == 0 || errno == EAGAIN)
		return 0;
	return 7;
}

static int
worker(int id, int self)
{
	unsigned seed = (unsigned)self * 7919 + 1;
	int calls = 0, r = 0;

	while (calls < NOPS && r == 0) {
		switch (rand_r(&seed) % 4) {
		case 0:
			r = critical(id, self);
			calls += 2;
			break;
		case 1:
			r = counted(id);
			calls += 2;
			break;
		default:
			r = trade(id, rand_r(&seed) % 2, rand_r(&seed) % 2);
			calls++;
			break;
		}
	}
	return r;
}

static const char *const complaint[] = {
	NULL, "mutex semop failed", "two processes inside the mutex", "mutex release failed",
	"counter semop failed", "four inside the counting semaphore", "counter release failed",
	"trade failed with an unexpected errno",
};

int
main(void)
{
	unsigned short init[NSEMS] = { 1, TOKENS, 0, SLOTS };
	int id = sem_new(NSEMS), failed = 0, sleepers = 0;
	pid_t pids[NPROCS];
	double start, took;
	long sum = 0;

	sh = mmap(NULL, sizeof(*sh), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (!CHECK(id >= 0 && sh != MAP_FAILED, "a set and shared counters"))
		return check_done();
	semctl(id, 0, SETALL, (union semun){ .array = init });
	start = now_seconds(CLOCK_MONOTONIC);
	for (int i = 0; i < NPROCS; i++)
		pids[i] = sem_child(worker, id, i);
	for (int i = 0; i < NPROCS; i++) {
		int st = sem_reap(pids[i]);

		if (st != 0) {
			check_why(false, st > 0 && st < 8 ? complaint[st] : "died",
				  "worker %d", i);
			failed++;
		}
	}
	took = now_seconds(CLOCK_MONOTONIC) - start;
	CHECK(failed == 0, "%d processes x %d semop calls, invariants held (%.1f s)",
	      NPROCS, NOPS, took);
	for (int i = 0; i < NPROCS; i++)
		sum += sh->entries[i];
	CHECK(sum == sh->mutex_entries && sum > 0,
	      "no mutex entry lost: %ld counted inside, %ld by the workers", sh->mutex_entries, sum);
	CHECK(sem_val(id, MUTEX) == 1 && sem_val(id, COUNTER) == SLOTS,
	      "the mutex and the counting semaphore are back at 1 and %d", SLOTS);
	CHECK(sem_val(id, LEFT) + sem_val(id, RIGHT) == TOKENS,
	      "tokens add up: %d + %d", sem_val(id, LEFT), sem_val(id, RIGHT));
	for (int i = 0; i < NSEMS; i++)
		sleepers += semctl(id, i, GETNCNT) + semctl(id, i, GETZCNT);
	CHECK(sleepers == 0, "GETNCNT and GETZCNT are back to 0");
	CHECK(semctl(id, 0, IPC_RMID) == 0, "IPC_RMID");
	return check_done();
}
