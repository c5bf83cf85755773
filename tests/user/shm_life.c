/*
 * shm_life - System V shared memory across processes and threads: a
 * segment outlives its creator and its memory comes back after the last
 * detach; two processes see each other's writes at once; a counter guarded
 * by a System V semaphore adds up; a thread looping over a segment that
 * another thread detaches faults instead of reading freed memory; mprotect
 * cannot make a SHM_RDONLY attachment writable.
 */
#include "check.h"
#include <pthread.h>
#include <stdatomic.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/sysinfo.h>

#define BIG		(4 << 20)	/* bytes: enough to see in sysinfo's freeram */
#define PAGE		4096
#define PINGS		200
#define WORKERS		4
#define ROUNDS		500

static long
free_kib(void)
{
	struct sysinfo si;

	return sysinfo(&si) == 0 ? (long)(si.freeram * si.mem_unit / 1024) : -1;
}

static void
touch_all(char *p, size_t len)
{
	for (size_t i = 0; i < len; i += PAGE)
		p[i] = (char)(i / PAGE + 1);
}

/* The creator attaches, fills the segment and exits without detaching. */
static int
create_and_exit(void *arg)
{
	int id = shmget(*(int *)arg, BIG, IPC_CREAT | IPC_EXCL | 0600);
	char *p = id < 0 ? (void *)-1 : shmat(id, NULL, 0);

	if (p == (void *)-1)
		return 1;
	touch_all(p, BIG);
	return 0;
}

static void
outlives_creator(void)
{
	int key = 0x5eed0702, id, status;
	long before = free_kib(), during, after;
	struct shmid_ds ds;
	char *p;
	bool same = true;

	status = run_child(create_and_exit, &key);
	CHECK(status == 0, "a child creates a 4 MiB segment, fills it and exits attached");
	id = shmget(key, 0, 0);
	CHECK(id >= 0 && shmctl(id, IPC_STAT, &ds) == 0 && ds.shm_nattch == 0 && ds.shm_cpid != getpid(),
	    "the segment survives its creator, nattch 0");
	p = shmat(id, NULL, SHM_RDONLY);
	for (size_t i = 0; p != (void *)-1 && i < BIG; i += PAGE)
		same &= p[i] == (char)(i / PAGE + 1);
	CHECK(p != (void *)-1 && same, "its contents are intact");
	during = free_kib();
	CHECK(shmctl(id, IPC_RMID, NULL) == 0 && shmctl(id, IPC_STAT, &ds) == 0 && ds.shm_nattch == 1 &&
	    (ds.shm_perm.mode & SHM_DEST), "IPC_RMID while attached: SHM_DEST, still there");
	CHECK(shmdt(p) == 0, "the last detach");
	CHECK_FAILS(shmctl(id, IPC_STAT, &ds), EINVAL, "destroys it");
	after = free_kib();
	/*
	 * Linux's free memory moves with its caches. Ours moves only with
	 * allocations, but a few hundred KiB come and go with the exited
	 * creator's page tables (kept until its hart switches address spaces)
	 * and slabs: allow 1 MiB, a quarter of the segment.
	 */
	if (guest_only("free memory comes back on Kite"))
		CHECK(before - during >= BIG / 1024 && after >= before - 1024,
		    "its %d KiB were in use and are free again (free KiB %ld, %ld, %ld)", BIG / 1024,
		    before, during, after);
}

/* Ping-pong through two words of a segment, no system call in between. */
static void
ping_pong(void)
{
	int id = shmget(IPC_PRIVATE, PAGE, 0600);
	atomic_int *w = shmat(id, NULL, 0);
	int status, errors = 0;
	pid_t pid;

	shmctl(id, IPC_RMID, NULL);
	fflush(stdout);
	if ((pid = fork()) == 0) {
		for (int i = 1; i <= PINGS; i++) {
			while (atomic_load(&w[0]) != i)
				sched_yield();
			atomic_store(&w[1], i);
		}
		_exit(0);
	}
	for (int i = 1; i <= PINGS; i++) {
		atomic_store(&w[0], i);
		while (atomic_load(&w[1]) != i)
			sched_yield();
		errors += atomic_load(&w[0]) != i;
	}
	waitpid(pid, &status, 0);
	CHECK(status == 0 && errors == 0, "%d round trips of writes between two processes", PINGS);
	shmdt(w);
}

/* A counter incremented under a semaphore by WORKERS processes. */
static void
semaphore_counter(void)
{
	int sid = semget(IPC_PRIVATE, 1, 0600), id = shmget(IPC_PRIVATE, PAGE, 0600);
	volatile long *counter = shmat(id, NULL, 0);
	struct sembuf down = { 0, -1, 0 }, up = { 0, 1, 0 };
	int status, failed = 0;

	shmctl(id, IPC_RMID, NULL);
	semop(sid, &up, 1);
	for (int w = 0; w < WORKERS; w++) {
		if (fork() == 0) {
			for (int n = 0; n < ROUNDS; n++) {
				if (semop(sid, &down, 1) != 0)
					_exit(1);
				*counter = *counter + 1;	/* not atomic: the semaphore guards it */
				if (semop(sid, &up, 1) != 0)
					_exit(1);
			}
			_exit(0);
		}
	}
	for (int w = 0; w < WORKERS; w++) {
		wait(&status);
		failed += status != 0;
	}
	CHECK(failed == 0 && *counter == WORKERS * ROUNDS, "a semaphore-guarded counter adds up (%ld of %d)",
	    *counter, WORKERS * ROUNDS);
	semctl(sid, 0, IPC_RMID);
	shmdt((void *)counter);
}

static atomic_int looping;

static void *
loop_over(void *arg)
{
	volatile char *p = arg;
	unsigned long sum = 0;

	for (;;) {
		for (size_t i = 0; i < BIG; i += PAGE)
			sum += p[i];
		atomic_store(&looping, 1);
	}
	return (void *)sum;
}

/* Detach (and so destroy) a segment another thread keeps reading: SIGSEGV. */
static int
detach_under_reader(void *arg)
{
	int id = shmget(IPC_PRIVATE, BIG, 0600);
	char *p = shmat(id, NULL, 0);
	pthread_t t;

	(void)arg;
	if (p == (void *)-1)
		return 1;
	touch_all(p, BIG);
	shmctl(id, IPC_RMID, NULL);
	if (pthread_create(&t, NULL, loop_over, p) != 0)
		return 2;
	while (atomic_load(&looping) == 0)
		sched_yield();
	if (shmdt(p) != 0)
		return 3;
	sleep(10);	/* the reader faults long before */
	return 4;
}

static void
detach_while_reading(void)
{
	int status = run_child(detach_under_reader, NULL);

	check_status(status, W_EXITCODE(0, SIGSEGV),
	    "a thread reading a segment another thread detached gets SIGSEGV");
}

static void
readonly_mprotect(void)
{
	int id = shmget(IPC_PRIVATE, 2 * PAGE, 0600);
	char *p = shmat(id, NULL, SHM_RDONLY), *q = shmat(id, NULL, 0);

	shmctl(id, IPC_RMID, NULL);
	CHECK_FAILS(mprotect(p, PAGE, PROT_READ | PROT_WRITE), EACCES,
	    "mprotect(PROT_WRITE) of a SHM_RDONLY attachment: EACCES");
	CHECK(mprotect(q, PAGE, PROT_READ) == 0 && mprotect(q, PAGE, PROT_READ | PROT_WRITE) == 0,
	    "a writable attachment may drop and regain PROT_WRITE");
	q[0] = 'w';
	CHECK(p[0] == 'w', "the read-only attachment still sees writes");
	shmdt(p);
	shmdt(q);
}

int
main(void)
{
	outlives_creator();
	ping_pong();
	semaphore_counter();
	detach_while_reading();
	readonly_mprotect();
	return check_done();
}
