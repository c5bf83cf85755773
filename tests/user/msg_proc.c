/*
 * msg_proc - the message queue files of /proc: a queue's row in
 * /proc/sysvipc/msg (Linux's columns and widths) and the limits
 * /proc/sys/kernel/msgmax, msgmnb and msgmni, which root may change and
 * which msgsnd and msgget then obey.
 *
 * With arguments, "msg_proc KEY N" makes a queue with key KEY holding N
 * one-byte messages and prints its id, for tests/test_msg.py's ipcs runs.
 */
#include "check.h"
#include <fcntl.h>
#include <sys/ipc.h>
#include <sys/msg.h>

#define HEADER "       key      msqid perms      cbytes       qnum lspid lrpid" \
	"   uid   gid  cuid  cgid      stime      rtime      ctime\n"

static long
read_limit(const char *name)
{
	char path[64], buf[32];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/sys/kernel/%s", name);
	if ((fd = open(path, O_RDONLY)) < 0)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	return strtol(buf, NULL, 10);
}

/* 0, or the errno of the write. */
static int
write_limit(const char *name, const char *text)
{
	char path[64];
	int fd, err = 0;

	snprintf(path, sizeof(path), "/proc/sys/kernel/%s", name);
	if ((fd = open(path, O_WRONLY)) < 0)
		return errno;
	if (write(fd, text, strlen(text)) < 0)
		err = errno;
	close(fd);
	return err;
}

static void
sysvipc(void)
{
	struct { long mtype; char c[3]; } m = { 2, "abc" };
	int id = msgget(IPC_PRIVATE, 0640);
	char line[256], want[256];
	bool header = false, row = false;
	FILE *f;

	msgsnd(id, &m, 3, 0);
	msgsnd(id, &m, 2, 0);
	f = fopen("/proc/sysvipc/msg", "r");
	if (!CHECK(f != NULL, "open /proc/sysvipc/msg"))
		return;
	header = fgets(line, sizeof(line), f) != NULL && strcmp(line, HEADER) == 0;
	CHECK(header, "its header is Linux's");
	snprintf(want, sizeof(want), "%10d %10d  %4o  %10lu %10lu %5d %5d %5u %5u %5u %5u", 0, id, 0640,
	    5UL, 2UL, getpid(), 0, getuid(), getgid(), getuid(), getgid());
	while (!row && fgets(line, sizeof(line), f) != NULL)
		row = strncmp(line, want, strlen(want)) == 0;
	fclose(f);
	CHECK(row, "the queue's row: key, id, perms, cbytes, qnum, pids, owner (%s)", want);
	msgctl(id, IPC_RMID, NULL);
}

static void
limits(void)
{
	long max = read_limit("msgmax"), mnb = read_limit("msgmnb"), mni = read_limit("msgmni");
	struct { long mtype; char c[200]; } m = { .mtype = 1 };
	struct msqid_ds ds;
	int id;

	if (guest_only("Linux's default limits"))
		CHECK(max == 8192 && mnb == 16384 && mni == 32000, "msgmax 8192, msgmnb 16384, msgmni 32000");
	CHECK(write_limit("msgmax", "100\n") == 0 && read_limit("msgmax") == 100, "root sets msgmax to 100");
	id = msgget(IPC_PRIVATE, 0600);
	CHECK_FAILS(msgsnd(id, &m, 101, IPC_NOWAIT), EINVAL, "msgsnd of 101 bytes is now EINVAL");
	CHECK(msgsnd(id, &m, 100, IPC_NOWAIT) == 0, "100 bytes still go");
	CHECK(write_limit("msgmnb", "1000") == 0 && read_limit("msgmnb") == 1000, "root sets msgmnb to 1000");
	msgctl(id, IPC_RMID, NULL);
	id = msgget(IPC_PRIVATE, 0600);
	CHECK(msgctl(id, IPC_STAT, &ds) == 0 && ds.msg_qbytes == 1000, "a new queue gets msg_qbytes 1000");
	msgctl(id, IPC_RMID, NULL);
	CHECK(write_limit("msgmax", "junk") == EINVAL && write_limit("msgmax", "-1") == EINVAL,
	    "a non-number or a negative one is EINVAL");
	CHECK(write_limit("msgmni", "40000") == EINVAL, "msgmni past IPCMNI (32768) is EINVAL");
	CHECK(read_limit("msgmax") == 100 && read_limit("msgmni") == mni, "and changes nothing");
	snprintf((char *)m.c, sizeof(m.c), "%ld", max);
	write_limit("msgmax", m.c);
	snprintf((char *)m.c, sizeof(m.c), "%ld", mnb);
	write_limit("msgmnb", m.c);
	CHECK(read_limit("msgmax") == max && read_limit("msgmnb") == mnb, "the limits are restored");
}

int
main(int argc, char **argv)
{
	struct { long mtype; char c; } m = { 1, 'x' };
	int id;

	if (argc == 3) {
		id = msgget((key_t)strtol(argv[1], NULL, 0), IPC_CREAT | 0600);
		for (int n = atoi(argv[2]); id >= 0 && n > 0; n--)
			msgsnd(id, &m, 1, 0);
		printf("%d\n", id);
		return id >= 0 ? 0 : 1;
	}
	sysvipc();
	limits();
	return check_done();
}
