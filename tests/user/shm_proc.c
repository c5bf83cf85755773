/*
 * shm_proc - the shared memory files of /proc: a segment's row in
 * /proc/sysvipc/shm (Linux's columns and widths, rss in bytes) and the
 * limits /proc/sys/kernel/shmmax, shmall and shmmni, which root may change
 * and which shmget then obeys.
 *
 * With arguments, "shm_proc KEY SIZE SECONDS" makes a segment with key KEY,
 * attaches it, prints its id and stays attached for SECONDS, for
 * tests/test_shm.py's ipcs runs.
 */
#include "sysvipc_proc.h"
#include <sys/ipc.h>
#include <sys/shm.h>

#define HEADER "       key      shmid perms                  size  cpid  lpid nattch" \
	"   uid   gid  cuid  cgid      atime      dtime      ctime" \
	"                   rss                  swap\n"

static void
sysvipc(void)
{
	int id = shmget(IPC_PRIVATE, 5000, 0640);
	char *p = shmat(id, NULL, 0);
	char line[320], want[320];
	bool header, row;

	p[0] = 1;		/* one page resident */
	snprintf(want, sizeof(want), "%10d %10d  %4o %21lu %5d %5d  %5lu %5u %5u %5u %5u", 0, id, 0640,
	    5000UL, getpid(), getpid(), 1UL, getuid(), getgid(), getuid(), getgid());
	row = sysvipc_row("shm", HEADER, id, line, sizeof(line), &header) &&
	    strncmp(line, want, strlen(want)) == 0;
	CHECK(header, "its header is Linux's");
	CHECK(row, "the segment's row: key, id, perms, size, pids, nattch, owner (%s)", want);
	CHECK(row && strtoul(line + strlen(line) - 44, NULL, 10) == 4096,
	    "rss: the page touched, in bytes");
	shmdt(p);
	shmctl(id, IPC_RMID, NULL);
}

static void
limits(void)
{
	unsigned long max = 0, all = 0, mni = 0, v;
	struct shminfo info;

	CHECK(proc_limit_read("shmmax", &max) && proc_limit_read("shmall", &all) &&
	    proc_limit_read("shmmni", &mni), "shmmax %lu, shmall %lu, shmmni %lu", max, all, mni);
	CHECK(shmctl(0, IPC_INFO, (struct shmid_ds *)&info) >= 0 && info.shmmax == max &&
	    info.shmall == all && info.shmmni == mni, "IPC_INFO agrees with /proc/sys/kernel");
	CHECK(proc_limit_set("shmmax", 65536) == 0 && proc_limit_read("shmmax", &v) && v == 65536,
	    "root sets shmmax to 65536");
	CHECK_FAILS(shmget(IPC_PRIVATE, 65537, 0600), EINVAL, "shmget past shmmax is EINVAL");
	CHECK(proc_limit_set("shmmni", 40000) == EINVAL, "shmmni past IPCMNI is EINVAL");
	CHECK(proc_limit_set("shmmax", max) == 0 && proc_limit_read("shmmax", &v) && v == max,
	    "shmmax restored");
}

int
main(int argc, char **argv)
{
	int id;
	char *p;

	if (argc == 4) {
		id = shmget((key_t)strtol(argv[1], NULL, 0), strtoul(argv[2], NULL, 0), IPC_CREAT | 0600);
		if (id < 0 || (p = shmat(id, NULL, 0)) == (void *)-1)
			return 1;
		p[0] = 1;
		printf("%d\n", id);
		fflush(stdout);
		sleep(atoi(argv[3]));
		return 0;
	}
	sysvipc();
	limits();
	return check_done();
}
