/*
 * sem_proc: /proc/sysvipc/sem lists a set in Linux's exact format, and
 * /proc/sys/kernel/sem shows the four limits. On Kite (only: changing them
 * on the host would disturb it) root lowers SEMMNI and SEMMNS and gets
 * ENOSPC past them, and an unprivileged write is refused.
 *
 *	sem_proc		run the checks
 *	sem_proc KEY NSEMS	create a set (mode 0600) and print its id, for tests/test_sem.py
 */
#include "sem_util.h"
#include "sysvipc_proc.h"

#define SEM_HEADER \
	"       key      semid perms      nsems   uid   gid  cuid  cgid      otime      ctime\n"
#define LIMITS_PATH	PROC_LIMITS_DIR "sem"
#define OTHER_UID	65534
#define LINE_MAX_LEN	256

static void
sysvipc(void)
{
	key_t key = (key_t)(0x5e500000 | (getpid() & 0xffff));
	int id = semget(key, 3, IPC_CREAT | IPC_EXCL | 0640);
	char line[LINE_MAX_LEN], want[LINE_MAX_LEN];
	struct semid_ds ds;
	bool header_ok;

	if (!CHECK(id >= 0, "semget with a key"))
		return;
	sem_op1(id, 0, 1, 0);
	semctl(id, 0, IPC_STAT, (union semun){ .buf = &ds });
	snprintf(want, sizeof(want), "%10d %10d  %4o %10u %5u %5u %5u %5u %10llu %10llu\n",
		 key, id, ds.sem_perm.mode & 0777, (unsigned)ds.sem_nsems, ds.sem_perm.uid,
		 ds.sem_perm.gid, ds.sem_perm.cuid, ds.sem_perm.cgid,
		 (unsigned long long)ds.sem_otime, (unsigned long long)ds.sem_ctime);
	CHECK(sysvipc_row("sem", SEM_HEADER, id, line, sizeof(line), &header_ok),
	      "/proc/sysvipc/sem lists the set");
	CHECK(header_ok, "/proc/sysvipc/sem has Linux's header");
	check_why(strcmp(line, want) == 0, line, "its line is in Linux's format: %.*s",
		  (int)strlen(want) - 1, want);
	semctl(id, 0, IPC_RMID);
	CHECK(!sysvipc_row("sem", SEM_HEADER, id, line, sizeof(line), &header_ok),
	      "the line goes with IPC_RMID");
}

/* SEMMSL, SEMMNS, SEMOPM and SEMMNI, which Linux shows tab-separated. */
static bool
read_limits(int lim[4])
{
	char buf[LINE_MAX_LEN], tabs[LINE_MAX_LEN];

	if (!proc_limit_text("sem", buf, sizeof(buf)) ||
	    sscanf(buf, "%d %d %d %d", &lim[0], &lim[1], &lim[2], &lim[3]) != 4)
		return false;
	snprintf(tabs, sizeof(tabs), "%d\t%d\t%d\t%d\n", lim[0], lim[1], lim[2], lim[3]);
	return strcmp(buf, tabs) == 0;
}

/* 0 or the errno of the write, as proc_limit_write. */
static int
write_limits(int a, int b, int c, int d)
{
	char buf[LINE_MAX_LEN];

	snprintf(buf, sizeof(buf), "%d %d %d %d\n", a, b, c, d);
	return proc_limit_write("sem", buf);
}

static int
unprivileged_write(int unused, int uid)
{
	int fd;

	(void)unused;
	if (setresuid(uid, uid, uid) != 0)
		return 1;
	fd = open(LIMITS_PATH, O_WRONLY);
	return fd < 0 && errno == EACCES ? 0 : 2;
}

static void
limits(void)
{
	struct seminfo si;
	int lim[4], now[4], in_use, id;

	if (!CHECK(read_limits(lim), LIMITS_PATH " shows four tab-separated numbers"))
		return;
	if (!guest_only("changing " LIMITS_PATH))
		return;
	CHECK(sem_reap(sem_child(unprivileged_write, 0, OTHER_UID)) == 0,
	      "another uid may not open " LIMITS_PATH " for writing");
	semctl(0, 0, SEM_INFO, (union semun){ .__buf = &si });
	in_use = si.semusz;
	CHECK(write_limits(lim[0], lim[1], lim[2], in_use) == 0, "root sets SEMMNI to %d", in_use);
	CHECK_FAILS(sem_new(1), ENOSPC, "semget past SEMMNI: ENOSPC");
	CHECK(write_limits(lim[0], si.semaem + 2, lim[2], lim[3]) == 0,
	      "root sets SEMMNS to the semaphores in use + 2");
	CHECK_FAILS(sem_new(3), ENOSPC, "semget of 3 semaphores past SEMMNS: ENOSPC");
	id = sem_new(2);
	CHECK(id >= 0, "semget of 2 fits");
	semctl(id, 0, IPC_RMID);
	CHECK(write_limits(lim[0], lim[1], 2, lim[3]) == 0, "root sets SEMOPM to 2");
	CHECK_FAILS(semop(0, (struct sembuf[3]){ { 0, 0, 0 } }, 3), E2BIG,
		    "semop of 3 operations past SEMOPM: E2BIG");
	CHECK(write_limits(lim[0], lim[1], lim[2], 32769) == ERANGE,
	      "SEMMNI past 32768: ERANGE");
	CHECK(write_limits(lim[0], lim[1], lim[2], lim[3]) == 0, "the limits are restored");
	CHECK(read_limits(now) && memcmp(now, lim, sizeof(lim)) == 0, "and read back");
}

int
main(int argc, char **argv)
{
	int id;

	if (argc == 3) {
		id = semget((key_t)strtol(argv[1], NULL, 0), atoi(argv[2]), IPC_CREAT | 0600);
		printf("%d\n", id);
		return id >= 0 ? 0 : 1;
	}
	sysvipc();
	limits();
	return check_done();
}
