/*
 * shm_basic - System V shared memory: shmget limits and errors, attach and
 * detach, SHM_RDONLY, attach at a chosen address, sharing across fork with
 * atomics on several harts, deferred destruction through nattch.
 */
#include "check.h"
#include <stdatomic.h>
#include <sys/ipc.h>
#include <sys/shm.h>

#define WORKERS	4
#define ROUNDS	20000

static void
check_get_errors(void)
{
	int id;

	CHECK_FAILS(shmget(IPC_PRIVATE, 0, 0600), EINVAL, "shmget of size 0 is EINVAL");
	CHECK_FAILS(shmget(0x5eed0001, 4096, 0600), ENOENT, "shmget of a missing key is ENOENT");
	id = shmget(0x5eed0001, 5000, IPC_CREAT | 0600);
	CHECK(id >= 0, "shmget creates a keyed segment");
	CHECK(shmget(0x5eed0001, 4096, 0600) == id, "shmget of the key finds it");
	CHECK_FAILS(shmget(0x5eed0001, 4096, IPC_CREAT | IPC_EXCL | 0600), EEXIST,
	    "IPC_EXCL on an existing key is EEXIST");
	CHECK_FAILS(shmget(0x5eed0001, 8192, 0600), EINVAL, "a larger size than the segment's is EINVAL");
	CHECK_FAILS(shmat(id, (void *)0x1001, 0), EINVAL, "an unaligned address without SHM_RND is EINVAL");
	CHECK_FAILS(shmat(-1, NULL, 0), EINVAL, "shmat of a negative id is EINVAL");
	CHECK_FAILS(shmdt((void *)0x12345000), EINVAL, "shmdt where nothing is attached is EINVAL");
	CHECK_FAILS(shmctl(id, 12345, NULL), EINVAL, "an unknown shmctl command is EINVAL");
	CHECK_FAILS(shmctl(id, IPC_STAT, (struct shmid_ds *)8), EFAULT, "IPC_STAT to a bad pointer is EFAULT");
	CHECK(shmctl(id, IPC_RMID, NULL) == 0, "IPC_RMID of an unattached segment");
	CHECK_FAILS(shmctl(id, IPC_STAT, &(struct shmid_ds){ 0 }), EINVAL, "the removed id is EINVAL");
}

static void
check_attach(void)
{
	int id = shmget(IPC_PRIVATE, 3 * 4096, IPC_CREAT | 0600);
	struct shmid_ds ds;
	char *p, *q, *fixed = (char *)0x2000000000;
	int status;

	p = shmat(id, NULL, 0);
	CHECK(p != (void *)-1, "shmat lets the kernel choose the address");
	CHECK(p[0] == 0 && p[3 * 4096 - 1] == 0, "a new segment reads as zero");
	strcpy(p, "hello");
	q = shmat(id, fixed, SHM_RDONLY);
	CHECK(q == fixed, "shmat at a chosen address");
	CHECK(strcmp(q, "hello") == 0, "the second attachment sees the first's write");
	CHECK_FAILS(shmat(id, fixed, 0), EINVAL, "attaching over an attachment without SHM_REMAP is EINVAL");
	CHECK(shmat(id, fixed + 1, SHM_RND | SHM_REMAP) == fixed, "SHM_RND|SHM_REMAP rounds down and replaces");
	CHECK(shmctl(id, IPC_STAT, &ds) == 0 && ds.shm_nattch == 2 && ds.shm_segsz == 3 * 4096 &&
	    ds.shm_cpid == getpid() && ds.shm_lpid == getpid() && ds.shm_atime != 0,
	    "IPC_STAT: nattch 2, segsz, cpid, lpid, atime");
	CHECK(shmdt(fixed) == 0 && shmat(id, fixed, SHM_RDONLY) == fixed, "detach and attach read-only again");
	if (fork() == 0) {
		fixed[0] = 'x';		/* SIGSEGV */
		_exit(0);
	}
	wait(&status);
	check_status(status, W_EXITCODE(0, SIGSEGV), "a write to a SHM_RDONLY attachment is SIGSEGV");
	if (fork() == 0)
		_exit(shmctl(id, IPC_STAT, &ds) == 0 && ds.shm_nattch == 4 ? (strcpy(p, "child"), 0) : 1);
	wait(&status);
	CHECK(status == 0 && strcmp(fixed, "child") == 0, "a forked child shares both attachments (nattch 4)");
	CHECK(shmctl(id, IPC_STAT, &ds) == 0 && ds.shm_nattch == 2, "the child's exit detached its copies");
	CHECK(shmctl(id, IPC_RMID, NULL) == 0, "IPC_RMID of an attached segment");
	CHECK(shmctl(id, IPC_STAT, &ds) == 0 && (ds.shm_perm.mode & SHM_DEST) && ds.shm_perm.__key == 0,
	    "it stays, marked SHM_DEST, its key private");
	CHECK(shmdt(p) == 0 && shmctl(id, IPC_STAT, &ds) == 0 && ds.shm_nattch == 1 && ds.shm_dtime != 0,
	    "a detach lowers nattch and sets dtime");
	CHECK(shmdt(fixed) == 0, "the last detach");
	CHECK_FAILS(shmctl(id, IPC_STAT, &ds), EINVAL, "the last detach destroyed it");
}

static void
check_counter(void)
{
	int id = shmget(IPC_PRIVATE, sizeof(atomic_long), IPC_CREAT | 0600);
	atomic_long *counter = shmat(id, NULL, 0);
	int status, failed = 0;

	shmctl(id, IPC_RMID, NULL);
	for (int i = 0; i < WORKERS; i++) {
		if (fork() == 0) {
			for (int n = 0; n < ROUNDS; n++)
				atomic_fetch_add(counter, 1);
			_exit(0);
		}
	}
	for (int i = 0; i < WORKERS; i++) {
		wait(&status);
		failed += status != 0;
	}
	CHECK(failed == 0 && *counter == WORKERS * ROUNDS, "%d processes add up an atomic counter (%ld)",
	    WORKERS, (long)*counter);
	shmdt(counter);
}

static void
check_info(void)
{
	struct shminfo info;
	struct shm_info sinfo;

	CHECK(shmctl(0, IPC_INFO, (struct shmid_ds *)&info) >= 0 && info.shmmni == 4096 && info.shmmin == 1,
	    "IPC_INFO gives the limits");
	CHECK(shmctl(0, SHM_INFO, (struct shmid_ds *)&sinfo) >= 0, "SHM_INFO");
}

int
main(void)
{
	check_get_errors();
	check_attach();
	check_counter();
	check_info();
	return check_done();
}
