/*
 * threads: POSIX threads on four threads - a mutex-protected counter that
 * adds up exactly, a condition variable, unnamed semaphores - and a raw
 * clone(CLONE_THREAD) whose exit clears and wakes its tid word
 * (CLONE_CHILD_CLEARTID, which pthread_join relies on).
 */
#include "check.h"

#include <linux/futex.h>
#include <pthread.h>
#include <sched.h>
#include <semaphore.h>
#include <stdatomic.h>
#include <sys/mman.h>
#include <sys/syscall.h>

#define NTHREADS	4
#define ROUNDS		100000
#define CLONE_STACK	(64 * 1024)

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t changed = PTHREAD_COND_INITIALIZER;
static long counter;		/* lock */
static int arrived;		/* lock: threads waiting for go */
static bool go;			/* lock */
static sem_t sem_lock;		/* a semaphore used as a lock */
static long sem_counter;	/* sem_lock */
static sem_t started;		/* posted once by every thread */

struct result {
	pid_t tid;
	pid_t pid;
};

/* Wait, with the others, until the main thread says go. */
static void
wait_for_go(void)
{
	pthread_mutex_lock(&lock);
	arrived++;
	pthread_cond_broadcast(&changed);
	while (!go)
		pthread_cond_wait(&changed, &lock);
	pthread_mutex_unlock(&lock);
}

static void *
worker(void *arg)
{
	struct result *r = arg;

	r->tid = gettid();
	r->pid = getpid();
	sem_post(&started);
	wait_for_go();
	for (int i = 0; i < ROUNDS; i++) {
		pthread_mutex_lock(&lock);
		counter++;
		pthread_mutex_unlock(&lock);
		sem_wait(&sem_lock);
		sem_counter++;
		sem_post(&sem_lock);
	}
	return r;
}

/* Whether all tids are distinct, differ from the main thread's, share the pid. */
static bool
ids_consistent(const struct result *r)
{
	for (int i = 0; i < NTHREADS; i++) {
		if (r[i].pid != getpid() || r[i].tid == gettid())
			return false;
		for (int j = 0; j < i; j++)
			if (r[i].tid == r[j].tid)
				return false;
	}
	return true;
}

static void
pthreads(void)
{
	struct result results[NTHREADS];
	pthread_t threads[NTHREADS];
	int joined = 0;
	void *ret;

	sem_init(&sem_lock, 0, 1);
	sem_init(&started, 0, 0);
	for (int i = 0; i < NTHREADS; i++)
		CHECK_RC(pthread_create(&threads[i], NULL, worker, &results[i]),
			 "pthread_create thread %d", i);
	for (int i = 0; i < NTHREADS; i++)
		CHECK(sem_wait(&started) == 0, "sem_wait sees thread %d's post", i);

	pthread_mutex_lock(&lock);
	while (arrived < NTHREADS)
		pthread_cond_wait(&changed, &lock);
	go = true;
	pthread_cond_broadcast(&changed);
	pthread_mutex_unlock(&lock);

	for (int i = 0; i < NTHREADS; i++)
		joined += pthread_join(threads[i], &ret) == 0 && ret == &results[i];
	check_why(joined == NTHREADS, NULL, "pthread_join returns each thread's value");
	check_why(ids_consistent(results), NULL,
		  "threads share the pid and have distinct tids");
	check_why(counter == (long)NTHREADS * ROUNDS, NULL,
		  "mutex-protected counter is exactly %d (%ld)", NTHREADS * ROUNDS, counter);
	check_why(sem_counter == (long)NTHREADS * ROUNDS, NULL,
		  "semaphore-protected counter is exactly %d (%ld)", NTHREADS * ROUNDS,
		  sem_counter);
	CHECK(sem_trywait(&started) == -1 && errno == EAGAIN,
	      "sem_trywait on an empty semaphore fails with EAGAIN");
	sem_destroy(&sem_lock);
	sem_destroy(&started);
}

/* Shared between the main thread and the raw clone. */
static _Atomic pid_t child_tid = -1;	/* cleared by the kernel at the clone's exit */
static pid_t parent_tid;		/* set by the kernel before clone returns */
static _Atomic int clone_saw;

/*
 * Runs in the raw clone. It shares the main thread's TLS, so it must not
 * touch errno or anything else of glibc's per-thread state.
 */
static int
clone_fn(void *arg)
{
	atomic_store(&clone_saw, *(int *)arg);
	return 0;	/* glibc's clone() then calls exit(), ending only this thread */
}

static void
raw_clone(void)
{
	int flags = CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD |
		    CLONE_SYSVSEM | CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID;
	char *stack = mmap(NULL, CLONE_STACK, PROT_READ | PROT_WRITE,
			   MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
	int magic = 0x4b495445;
	pid_t tid, seen;

	if (!CHECK(stack != MAP_FAILED, "mmap a stack for clone"))
		return;
	tid = clone(clone_fn, stack + CLONE_STACK, flags, &magic, &parent_tid, NULL,
		    &child_tid);
	if (!CHECK(tid > 0, "clone(CLONE_THREAD) returns a tid"))
		return;
	CHECK(parent_tid == tid, "CLONE_PARENT_SETTID stores the tid (%d, %d)", parent_tid,
	      tid);
	/* The futex wait ends when the exiting thread clears and wakes child_tid. */
	while ((seen = atomic_load(&child_tid)) != 0)
		syscall(SYS_futex, &child_tid, FUTEX_WAIT, seen, NULL, NULL, 0);
	CHECK(atomic_load(&clone_saw) == magic, "the clone ran in our address space");
	CHECK(atomic_load(&child_tid) == 0, "CLONE_CHILD_CLEARTID cleared the tid at exit");
	munmap(stack, CLONE_STACK);
}

int
main(void)
{
	pthreads();
	raw_clone();
	return check_done();
}
