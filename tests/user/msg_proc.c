/*
 * msg_proc - the message queue files of /proc: a queue's row in
 * /proc/sysvipc/msg (Linux's columns and widths) and the limits
 * /proc/sys/kernel/msgmax, msgmnb and msgmni, which root may change and
 * which msgsnd and msgget then obey.
 *
 * With arguments, "msg_proc KEY N" makes a queue with key KEY holding N
 * one-byte messages and prints its id, for tests/test_msg.py's ipcs runs.
 */
#include "sysvipc_proc.h"
#include <sys/ipc.h>
#include <sys/msg.h>

#define HEADER "       key      msqid perms      cbytes       qnum lspid lrpid" \
	"   uid   gid  cuid  cgid      stime      rtime      ctime\n"

static void
sysvipc(void)
{
	struct { long mtype; char c[3]; } m = { 2, "abc" };
	int id = msgget(IPC_PRIVATE, 0640);
	char line[256], want[256];
	bool header, row;

	msgsnd(id, &m, 3, 0);
	msgsnd(id, &m, 2, 0);
	snprintf(want, sizeof(want), "%10d %10d  %4o  %10lu %10lu %5d %5d %5u %5u %5u %5u", 0, id, 0640,
	    5UL, 2UL, getpid(), 0, getuid(), getgid(), getuid(), getgid());
	row = sysvipc_row("msg", HEADER, id, line, sizeof(line), &header) &&
	    strncmp(line, want, strlen(want)) == 0;
	CHECK(header, "its header is Linux's");
	CHECK(row, "the queue's row: key, id, perms, cbytes, qnum, pids, owner (%s)", want);
	msgctl(id, IPC_RMID, NULL);
}

static void
limits(void)
{
	unsigned long max = 0, mnb = 0, mni = 0, v;
	struct { long mtype; char c[200]; } m = { .mtype = 1 };
	struct msqid_ds ds;
	int id;

	CHECK(proc_limit_read("msgmax", &max) && proc_limit_read("msgmnb", &mnb) &&
	    proc_limit_read("msgmni", &mni), "msgmax %lu, msgmnb %lu, msgmni %lu", max, mnb, mni);
	if (guest_only("Linux's default limits"))
		CHECK(max == 8192 && mnb == 16384 && mni == 32000, "msgmax 8192, msgmnb 16384, msgmni 32000");
	CHECK(proc_limit_write("msgmax", "100\n") == 0 && proc_limit_read("msgmax", &v) && v == 100,
	    "root sets msgmax to 100");
	id = msgget(IPC_PRIVATE, 0600);
	CHECK_FAILS(msgsnd(id, &m, 101, IPC_NOWAIT), EINVAL, "msgsnd of 101 bytes is now EINVAL");
	CHECK(msgsnd(id, &m, 100, IPC_NOWAIT) == 0, "100 bytes still go");
	CHECK(proc_limit_write("msgmnb", "1000") == 0 && proc_limit_read("msgmnb", &v) && v == 1000,
	    "root sets msgmnb to 1000");
	msgctl(id, IPC_RMID, NULL);
	id = msgget(IPC_PRIVATE, 0600);
	CHECK(msgctl(id, IPC_STAT, &ds) == 0 && ds.msg_qbytes == 1000, "a new queue gets msg_qbytes 1000");
	msgctl(id, IPC_RMID, NULL);
	CHECK(proc_limit_write("msgmax", "junk") == EINVAL && proc_limit_write("msgmax", "-1") == EINVAL,
	    "a non-number or a negative one is EINVAL");
	CHECK(proc_limit_write("msgmni", "40000") == EINVAL, "msgmni past IPCMNI (32768) is EINVAL");
	CHECK(proc_limit_read("msgmax", &v) && v == 100 && proc_limit_read("msgmni", &v) && v == mni,
	    "and changes nothing");
	proc_limit_set("msgmax", max);
	proc_limit_set("msgmnb", mnb);
	CHECK(proc_limit_read("msgmax", &v) && v == max && proc_limit_read("msgmnb", &v) && v == mnb,
	    "the limits are restored");
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
