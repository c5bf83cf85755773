/*
 * sem_basic: semget, semctl and the non-blocking side of semop - every
 * command, every errno from a real call, atomicity of an array of
 * operations (also with duplicate entries for one semaphore), the limits,
 * and permissions for a second uid.
 */
#include "sem_util.h"

#include <stdint.h>
#include <sys/syscall.h>

#define NSEMS		3
#define SEMVMX		32767	/* Linux's fixed maximum value */
#define SEMAEM		SEMVMX
#define OTHER_UID	65534	/* nobody */
#define BAD_PTR		((void *)16)

static key_t
test_key(int n)
{
	return (key_t)(0x5e400000 | ((getpid() & 0xffff) << 4) | n);
}

static void
semget_errors(void)
{
	key_t key = test_key(1);
	int id, again;

	CHECK_FAILS(semget(IPC_PRIVATE, -1, IPC_CREAT | 0600), EINVAL, "semget nsems -1: EINVAL");
	CHECK_FAILS(semget(IPC_PRIVATE, 32001, IPC_CREAT | 0600), EINVAL,
		    "semget nsems past SEMMSL: EINVAL");
	CHECK_FAILS(semget(IPC_PRIVATE, 0, IPC_CREAT | 0600), EINVAL,
		    "semget creating 0 semaphores: EINVAL");
	CHECK_FAILS(semget(key, 1, 0600), ENOENT, "semget of a missing key without IPC_CREAT: ENOENT");
	id = semget(key, NSEMS, IPC_CREAT | IPC_EXCL | 0600);
	if (!CHECK(id >= 0, "semget IPC_CREAT|IPC_EXCL creates a set (%d)", id))
		return;
	CHECK_FAILS(semget(key, NSEMS, IPC_CREAT | IPC_EXCL | 0600), EEXIST,
		    "semget IPC_CREAT|IPC_EXCL of an existing key: EEXIST");
	CHECK_FAILS(semget(key, NSEMS + 1, 0600), EINVAL,
		    "semget asking for more semaphores than the set has: EINVAL");
	again = semget(key, NSEMS - 1, 0);
	CHECK(again == id, "semget of the key with fewer semaphores finds the set");
	again = semget(key, 0, IPC_CREAT | 0600);
	CHECK(again == id, "semget IPC_CREAT of an existing key finds the set");
	again = semget(IPC_PRIVATE, 1, 0600);
	CHECK(again >= 0 && again != id, "IPC_PRIVATE always makes a new set");
	semctl(again, 0, IPC_RMID);
	CHECK(semctl(id, 0, IPC_RMID) == 0, "IPC_RMID");
	CHECK_FAILS(semget(key, 1, 0600), ENOENT, "the key is gone after IPC_RMID");
	CHECK_FAILS(semctl(id, 0, GETVAL), EINVAL, "a removed set's id: EINVAL");
	CHECK_FAILS(sem_op1(id, 0, 1, 0), EINVAL, "semop on a removed set: EINVAL");
}

static void
stat_and_set(int id)
{
	struct semid_ds ds;
	union semun u = { .buf = &ds };
	time_t now = time(NULL);

	memset(&ds, 0xff, sizeof(ds));
	if (!CHECK(semctl(id, 0, IPC_STAT, u) == 0, "IPC_STAT"))
		return;
	CHECK(ds.sem_nsems == NSEMS, "IPC_STAT: sem_nsems %lu", (unsigned long)ds.sem_nsems);
	CHECK((ds.sem_perm.mode & 0777) == 0600, "IPC_STAT: mode %o", ds.sem_perm.mode & 0777);
	CHECK(ds.sem_perm.uid == geteuid() && ds.sem_perm.cuid == geteuid(),
	      "IPC_STAT: owner and creator are the caller");
	CHECK(ds.sem_perm.gid == getegid() && ds.sem_perm.cgid == getegid(),
	      "IPC_STAT: group and creator group are the caller's");
	CHECK(ds.sem_otime == 0, "IPC_STAT: sem_otime is 0 before any semop");
	CHECK(ds.sem_ctime >= now - 5 && ds.sem_ctime <= now + 5, "IPC_STAT: sem_ctime is now");
	CHECK_FAILS(semctl(id, 0, IPC_STAT, (union semun){ .buf = BAD_PTR }), EFAULT,
		    "IPC_STAT to a bad pointer: EFAULT");
	CHECK_FAILS(semctl(id, 0, IPC_SET, (union semun){ .buf = BAD_PTR }), EFAULT,
		    "IPC_SET from a bad pointer: EFAULT");
	ds.sem_perm.mode = 0640;
	CHECK(semctl(id, 0, IPC_SET, u) == 0, "IPC_SET mode 0640");
	memset(&ds, 0, sizeof(ds));
	semctl(id, 0, IPC_STAT, u);
	CHECK((ds.sem_perm.mode & 0777) == 0640, "IPC_STAT shows the new mode");
	ds.sem_perm.mode = 0600;
	semctl(id, 0, IPC_SET, u);
	CHECK(sem_op1(id, 0, 1, 0) == 0 && sem_op1(id, 0, -1, 0) == 0, "semop +1, -1");
	semctl(id, 0, IPC_STAT, u);
	CHECK(ds.sem_otime >= now - 5 && ds.sem_otime <= time(NULL) + 5,
	      "sem_otime is set by semop");
}

static void
values(int id)
{
	unsigned short all[NSEMS] = { 1, 2, 3 }, got[NSEMS] = { 0 };
	unsigned short big[NSEMS] = { 1, SEMVMX + 1, 3 };

	CHECK(sem_val(id, 0) == 0, "GETVAL of a new semaphore is 0");
	CHECK(sem_set(id, 1, 5) == 0 && sem_val(id, 1) == 5, "SETVAL 5, GETVAL 5");
	CHECK(semctl(id, 1, GETPID) == getpid(), "GETPID after SETVAL is the caller");
	CHECK(sem_set(id, 1, SEMVMX) == 0, "SETVAL SEMVMX");
	CHECK_FAILS(sem_set(id, 1, SEMVMX + 1), ERANGE, "SETVAL SEMVMX + 1: ERANGE");
	CHECK_FAILS(sem_set(id, 1, -1), ERANGE, "SETVAL -1: ERANGE");
	CHECK_FAILS(sem_set(id, NSEMS, 1), EINVAL, "SETVAL of semaphore nsems: EINVAL");
	CHECK_FAILS(semctl(id, NSEMS, GETVAL), EINVAL, "GETVAL of semaphore nsems: EINVAL");
	CHECK_FAILS(semctl(id, -1, GETNCNT), EINVAL, "GETNCNT of semaphore -1: EINVAL");
	CHECK_FAILS(semctl(id, NSEMS, GETPID), EINVAL, "GETPID of semaphore nsems: EINVAL");
	CHECK(semctl(id, 0, SETALL, (union semun){ .array = all }) == 0, "SETALL 1 2 3");
	CHECK(semctl(id, 0, GETALL, (union semun){ .array = got }) == 0 &&
	      memcmp(all, got, sizeof(all)) == 0, "GETALL gives 1 2 3");
	CHECK_FAILS(semctl(id, 0, SETALL, (union semun){ .array = big }), ERANGE,
		    "SETALL with a value past SEMVMX: ERANGE");
	CHECK(sem_val(id, 0) == 1, "a refused SETALL changes nothing");
	CHECK_FAILS(semctl(id, 0, GETALL, (union semun){ .array = BAD_PTR }), EFAULT,
		    "GETALL to a bad pointer: EFAULT");
	CHECK_FAILS(semctl(id, 0, SETALL, (union semun){ .array = BAD_PTR }), EFAULT,
		    "SETALL from a bad pointer: EFAULT");
	CHECK(semctl(id, 0, GETNCNT) == 0 && semctl(id, 0, GETZCNT) == 0,
	      "GETNCNT and GETZCNT are 0 with no sleeper");
	CHECK_FAILS(semctl(-1, 0, GETVAL), EINVAL, "semctl on id -1: EINVAL");
	CHECK_FAILS(semctl(id, 0, 99), EINVAL, "semctl with an unknown command: EINVAL");
}

/* The limits /proc/sys/kernel/sem shows: SEMMSL SEMMNS SEMOPM SEMMNI. */
static bool
read_limits(int lim[4])
{
	FILE *f = fopen("/proc/sys/kernel/sem", "r");
	bool ok = f != NULL && fscanf(f, "%d %d %d %d", &lim[0], &lim[1], &lim[2], &lim[3]) == 4;

	if (f != NULL)
		fclose(f);
	return ok;
}

static void
info(int id)
{
	struct seminfo si;
	struct semid_ds ds;
	int lim[4], max, found = -1;

	memset(&si, 0xff, sizeof(si));
	max = semctl(0, 0, IPC_INFO, (union semun){ .__buf = &si });
	CHECK(max >= id % 32768, "IPC_INFO returns the highest index in use (%d)", max);
	if (CHECK(read_limits(lim), "/proc/sys/kernel/sem has four numbers"))
		CHECK(si.semmsl == lim[0] && si.semmns == lim[1] && si.semopm == lim[2] &&
		      si.semmni == lim[3], "IPC_INFO limits match /proc/sys/kernel/sem");
	CHECK(si.semvmx == SEMVMX && si.semaem == SEMAEM, "IPC_INFO: semvmx and semaem");
	if (guest_only("Linux's default limits"))
		CHECK(si.semmsl == 32000 && si.semmns == 1024000000 && si.semopm == 500 &&
		      si.semmni == 32000, "IPC_INFO: Linux's default limits");
	CHECK(semctl(0, 0, SEM_INFO, (union semun){ .__buf = &si }) == max,
	      "SEM_INFO returns the same index");
	CHECK(si.semusz >= 1 && si.semaem >= NSEMS,
	      "SEM_INFO counts sets (%d) and semaphores (%d) in use", si.semusz, si.semaem);
	CHECK_FAILS(semctl(0, 0, IPC_INFO, (union semun){ .__buf = BAD_PTR }), EFAULT,
		    "IPC_INFO to a bad pointer: EFAULT");
	for (int idx = 0; idx <= max && found < 0; idx++) {
		if (semctl(idx, 0, SEM_STAT, (union semun){ .buf = &ds }) == id)
			found = idx;
	}
	CHECK(found >= 0, "SEM_STAT by index finds the set and returns its id");
	/* qemu-user (make test-linux) does not translate SEM_STAT_ANY; Linux has it. */
	if (found >= 0 && guest_only("SEM_STAT_ANY under qemu-user"))
		CHECK(semctl(found, 0, SEM_STAT_ANY, (union semun){ .buf = &ds }) == id,
		      "SEM_STAT_ANY by index returns the id too");
}

static void
semop_errors(int id)
{
	struct sembuf ops[501];
	struct timespec bad_ts = { 0, -1 };

	memset(ops, 0, sizeof(ops));
	CHECK_FAILS(semop(id, ops, 0), EINVAL, "semop with no operations: EINVAL");
	CHECK_FAILS(semop(id, ops, 501), E2BIG, "semop with 501 operations: E2BIG");
	CHECK_FAILS(semop(id, BAD_PTR, 1), EFAULT, "semop from a bad pointer: EFAULT");
	CHECK_FAILS(semop(-1, ops, 1), EINVAL, "semop on id -1: EINVAL");
	CHECK_FAILS(sem_op1(id, NSEMS, 1, 0), EFBIG, "semop on semaphore nsems: EFBIG");
	CHECK_FAILS(semtimedop(id, ops, 1, BAD_PTR), EFAULT, "semtimedop bad timeout pointer: EFAULT");
	CHECK_FAILS(semtimedop(id, ops, 1, &bad_ts), EINVAL, "semtimedop tv_nsec -1: EINVAL");
	sem_set(id, 0, SEMVMX);
	CHECK_FAILS(sem_op1(id, 0, 1, 0), ERANGE, "semop past SEMVMX: ERANGE");
	sem_set(id, 0, 0);
	CHECK_FAILS(sem_op1(id, 0, -1, IPC_NOWAIT), EAGAIN, "IPC_NOWAIT decrement of 0: EAGAIN");
	sem_set(id, 0, 1);
	CHECK_FAILS(sem_op1(id, 0, 0, IPC_NOWAIT), EAGAIN, "IPC_NOWAIT wait for zero on 1: EAGAIN");
	CHECK(sem_op1(id, 0, -1, IPC_NOWAIT) == 0, "IPC_NOWAIT decrement of 1 succeeds");
	CHECK(sem_op1(id, 0, 0, IPC_NOWAIT) == 0, "wait for zero on 0 succeeds at once");
}

static void
atomicity(int id)
{
	struct sembuf two[2] = { { 0, 1, 0 }, { 1, -1, IPC_NOWAIT } };
	struct sembuf range[2] = { { 0, 1, 0 }, { 1, SEMVMX, 0 } };
	struct sembuf dup_ok[3] = { { 2, 2, 0 }, { 2, -1, 0 }, { 2, -1, 0 } };
	struct sembuf dup_block[2] = { { 2, 1, 0 }, { 2, -2, IPC_NOWAIT } };
	struct sembuf dup_zero[2] = { { 2, 1, 0 }, { 2, 0, IPC_NOWAIT } };

	sem_set(id, 0, 0);
	sem_set(id, 1, 0);
	sem_set(id, 2, 0);
	CHECK_FAILS(semop(id, two, 2), EAGAIN, "{+1 on 0, -1 on 1} with sem 1 at 0: EAGAIN");
	CHECK(sem_val(id, 0) == 0, "... and semaphore 0 was not incremented");
	sem_set(id, 1, 1);
	CHECK_FAILS(semop(id, range, 2), ERANGE, "{+1 on 0, +SEMVMX on 1 (at 1)}: ERANGE");
	CHECK(sem_val(id, 0) == 0 && sem_val(id, 1) == 1, "... and nothing changed");
	CHECK(semop(id, dup_ok, 3) == 0 && sem_val(id, 2) == 0,
	      "{+2, -1, -1} on one semaphore applies in order");
	CHECK_FAILS(semop(id, dup_block, 2), EAGAIN, "{+1, -2} on one semaphore at 0: EAGAIN");
	CHECK(sem_val(id, 2) == 0, "... and its +1 was undone");
	CHECK_FAILS(semop(id, dup_zero, 2), EAGAIN, "{+1, wait for zero} on one semaphore: EAGAIN");
	CHECK(semctl(id, 2, GETPID) == getpid(), "GETPID after semop is the caller");
}

/* The set's adjust-on-exit value is bounded by SEMAEM: ERANGE beyond. */
static void
undo_range(int id)
{
	sem_set(id, 0, 0);
	CHECK(sem_op1(id, 0, SEMAEM, SEM_UNDO) == 0, "+SEMAEM with SEM_UNDO (adjustment -SEMAEM)");
	CHECK(sem_op1(id, 0, -SEMAEM, 0) == 0, "-SEMAEM without SEM_UNDO");
	CHECK(sem_op1(id, 0, 1, SEM_UNDO) == 0, "+1 with SEM_UNDO (adjustment -SEMAEM-1)");
	CHECK_FAILS(sem_op1(id, 0, 1, SEM_UNDO), ERANGE,
		    "+1 more with SEM_UNDO (adjustment past -SEMAEM-1): ERANGE");
	CHECK(sem_val(id, 0) == 1, "... and the value did not change");
	sem_set(id, 0, 0);	/* forgets the adjustment */
}

/* Runs as another uid; exit code k names the first failed step. */
static int
as_other(int id, int uid)
{
	if (setresgid(uid, uid, uid) != 0 || setresuid(uid, uid, uid) != 0)
		return 1;
	if (semctl(id, 0, GETVAL) != -1 || errno != EACCES)
		return 2;
	if (sem_op1(id, 0, 0, IPC_NOWAIT) != -1 || errno != EACCES)
		return 3;
	if (semctl(id, 0, IPC_STAT, (union semun){ .buf = &(struct semid_ds){ .sem_nsems = 0 } }) != -1 ||
	    errno != EACCES)
		return 4;
	if (semctl(id, 0, IPC_RMID) != -1 || errno != EPERM)
		return 5;
	if (semctl(id, 0, IPC_SET, (union semun){ .buf = &(struct semid_ds){ .sem_nsems = 0 } }) != -1 ||
	    errno != EPERM)
		return 6;
	return 0;
}

/* After IPC_SET gave others read access: reads work, changes do not. */
static int
as_other_reader(int id, int uid)
{
	if (setresuid(uid, uid, uid) != 0)
		return 1;
	if (semctl(id, 0, GETVAL) != 0 || sem_op1(id, 0, 0, IPC_NOWAIT) != 0)
		return 2;
	if (sem_op1(id, 0, 1, 0) != -1 || errno != EACCES)
		return 3;
	if (sem_set(id, 0, 1) != -1 || errno != EACCES)
		return 4;
	return 0;
}

static void
permissions(int id)
{
	static const char *const why[] = { NULL, "setresuid failed", "GETVAL was allowed",
		"semop was allowed", "IPC_STAT was allowed", "IPC_RMID was not EPERM",
		"IPC_SET was not EPERM" };
	static const char *const why2[] = { NULL, "setresuid failed", "reading was refused",
		"semop +1 was allowed", "SETVAL was allowed" };
	struct semid_ds ds;
	int st;

	sem_set(id, 0, 0);
	st = sem_reap(sem_child(as_other, id, OTHER_UID));
	check_why(st == 0, st > 0 && st < 7 ? why[st] : "child died",
		  "mode 0600: another uid gets EACCES for access, EPERM for IPC_SET/IPC_RMID");
	semctl(id, 0, IPC_STAT, (union semun){ .buf = &ds });
	ds.sem_perm.mode = 0644;
	CHECK(semctl(id, 0, IPC_SET, (union semun){ .buf = &ds }) == 0, "IPC_SET mode 0644");
	st = sem_reap(sem_child(as_other_reader, id, OTHER_UID));
	check_why(st == 0, st > 0 && st < 5 ? why2[st] : "child died",
		  "mode 0644: another uid may read, not alter");
	ds.sem_perm.mode = 0600;
	semctl(id, 0, IPC_SET, (union semun){ .buf = &ds });
}

int
main(void)
{
	int id;

	semget_errors();
	id = sem_new(NSEMS);
	if (!CHECK(id >= 0, "semget IPC_PRIVATE of %d semaphores", NSEMS))
		return check_done();
	stat_and_set(id);
	values(id);
	info(id);
	semop_errors(id);
	atomicity(id);
	undo_range(id);
	if (geteuid() == 0)
		permissions(id);
	else
		CHECK(geteuid() == 0, "running as root, to test a second uid");
	CHECK(semctl(id, 0, IPC_RMID) == 0, "IPC_RMID");
	CHECK_FAILS(semctl(id, 0, IPC_RMID), EINVAL, "IPC_RMID twice: EINVAL");
	return check_done();
}
