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

#include <fcntl.h>

#define SEM_HEADER \
	"       key      semid perms      nsems   uid   gid  cuid  cgid      otime      ctime\n"
#define LIMITS_PATH	"/proc/sys/kernel/sem"
#define OTHER_UID	65534
#define LINE_MAX_LEN	256

/* The line of /proc/sysvipc/sem for id into line; false if absent. */
static bool
proc_line(int id, char *line, size_t len, bool *header_ok)
{
	FILE *f = fopen("/proc/sysvipc/sem", "r");
	char buf[LINE_MAX_LEN];
	bool found = false;
	int key, got;

	*header_ok = false;
	if (f == NULL)
		return false;
	if (fgets(buf, sizeof(buf), f) != NULL)
		*header_ok = strcmp(buf, SEM_HEADER) == 0;
	while (!found && fgets(buf, sizeof(buf), f) != NULL) {
		if (sscanf(buf, "%d %d", &key, &got) == 2 && got == id) {
			snprintf(line, len, "%s", buf);
			found = true;
		}
	}
	fclose(f);
	return found;
}

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
	CHECK(proc_line(id, line, sizeof(line), &header_ok), "/proc/sysvipc/sem lists the set");
	CHECK(header_ok, "/proc/sysvipc/sem has Linux's header");
	check_why(strcmp(line, want) == 0, line, "its line is in Linux's format: %.*s",
		  (int)strlen(want) - 1, want);
	semctl(id, 0, IPC_RMID);
	CHECK(!proc_line(id, line, sizeof(line), &header_ok), "the line goes with IPC_RMID");
}

static bool
read_limits(int lim[4])
{
	FILE *f = fopen(LIMITS_PATH, "r");
	char buf[LINE_MAX_LEN] = "", tail[LINE_MAX_LEN];
	bool ok = false;

	if (f != NULL && fgets(buf, sizeof(buf), f) != NULL) {
		ok = sscanf(buf, "%d %d %d %d", &lim[0], &lim[1], &lim[2], &lim[3]) == 4;
		snprintf(tail, sizeof(tail), "%d\t%d\t%d\t%d\n", lim[0], lim[1], lim[2], lim[3]);
		ok = ok && strcmp(buf, tail) == 0;
	}
	if (f != NULL)
		fclose(f);
	return ok;
}

static int
write_limits(int a, int b, int c, int d)
{
	char buf[LINE_MAX_LEN];
	int fd = open(LIMITS_PATH, O_WRONLY), n, r;

	if (fd < 0)
		return -1;
	n = snprintf(buf, sizeof(buf), "%d %d %d %d\n", a, b, c, d);
	r = write(fd, buf, n) == n ? 0 : -1;
	close(fd);
	return r;
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
	CHECK(write_limits(lim[0], lim[1], lim[2], 32769) == -1 && errno == ERANGE,
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
