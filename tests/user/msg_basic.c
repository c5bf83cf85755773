/*
 * msg_basic - System V message queues without blocking: msgget's errors,
 * msgsnd's and msgrcv's argument checks, message selection by msgtyp (0,
 * > 0, < 0, MSG_EXCEPT), MSG_NOERROR truncation against E2BIG, MSG_COPY,
 * ENOMSG, a full queue (EAGAIN), and every msgctl command with its errors.
 */
#include "check.h"
#include <sys/ipc.h>
#include <sys/msg.h>

#define KEY		0x5eed0701
#define BAD_PTR		((void *)8)
#define TEXT_MAX	64

struct message {
	long mtype;
	char mtext[TEXT_MAX];
};

static int
send(int id, long type, const char *text, int flags)
{
	struct message m = { .mtype = type };

	snprintf(m.mtext, sizeof(m.mtext), "%s", text);
	return msgsnd(id, &m, strlen(text), flags);
}

/* Receive with IPC_NOWAIT added; the text (NUL-terminated) and type through m. */
static ssize_t
receive(int id, struct message *m, size_t size, long type, int flags)
{
	ssize_t n;

	memset(m, 0, sizeof(*m));
	n = msgrcv(id, m, size, type, flags | IPC_NOWAIT);
	if (n >= 0 && (size_t)n < sizeof(m->mtext))
		m->mtext[n] = '\0';
	return n;
}

/* /proc/sysvipc/msg's columns, as proc(5) lists them. */
enum { KEYCOL, MSQID, PERMS, CBYTES, QNUM, LSPID, LRPID, UID, GID, CUID, CGID, STIME, RTIME, CTIME,
	NFIELDS };

/* The row of queue id in /proc/sysvipc/msg, its fields as numbers (perms in octal). */
static bool
sysvipc_msg_row(int id, long row[NFIELDS])
{
	FILE *f = fopen("/proc/sysvipc/msg", "r");
	char line[256];
	bool found = false;

	if (f == NULL)
		return false;
	while (!found && fgets(line, sizeof(line), f) != NULL) {
		found = sscanf(line, "%ld %ld %lo %ld %ld %ld %ld %ld %ld %ld %ld %ld %ld %ld",
		    &row[0], &row[1], &row[2], &row[3], &row[4], &row[5], &row[6], &row[7], &row[8],
		    &row[9], &row[10], &row[11], &row[12], &row[13]) == NFIELDS && row[MSQID] == id;
	}
	fclose(f);
	return found;
}

/* Whether CAP_SYS_RESOURCE is effective (containers drop it even for root). */
static bool
has_sys_resource(void)
{
	FILE *f = fopen("/proc/self/status", "r");
	unsigned long long caps = ~0ULL;
	char line[128];

	if (f == NULL)
		return geteuid() == 0;
	while (fgets(line, sizeof(line), f) != NULL)
		sscanf(line, "CapEff: %llx", &caps);
	fclose(f);
	return geteuid() == 0 && (caps & (1ULL << 24)) != 0;
}

/* A child that gives up root and returns what msgget gives it (-errno on failure). */
static int
as_user(void *arg)
{
	int flags = *(int *)arg;

	if (setgid(1000) != 0 || setuid(1000) != 0)
		return 100;
	if (msgget(KEY, flags) >= 0)
		return 0;
	return errno;
}

static void
get_errors(void)
{
	int id, status, flags, priv[2];

	CHECK_FAILS(msgget(KEY, 0600), ENOENT, "msgget of a missing key: ENOENT");
	id = msgget(KEY, IPC_CREAT | 0600);
	CHECK(id >= 0, "msgget creates a keyed queue");
	CHECK(msgget(KEY, 0) == id && msgget(KEY, IPC_CREAT) == id, "msgget finds it by key");
	CHECK_FAILS(msgget(KEY, IPC_CREAT | IPC_EXCL | 0600), EEXIST, "IPC_CREAT|IPC_EXCL: EEXIST");
	priv[0] = msgget(IPC_PRIVATE, 0600);
	priv[1] = msgget(IPC_PRIVATE, 0600);
	CHECK(priv[0] >= 0 && priv[1] >= 0 && priv[0] != priv[1], "IPC_PRIVATE makes a new queue each time");
	msgctl(priv[0], IPC_RMID, NULL);
	msgctl(priv[1], IPC_RMID, NULL);
	flags = 0400;
	status = run_child(as_user, &flags);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == EACCES,
	    "msgget by another user of a 0600 queue: EACCES (child exit %d)", WEXITSTATUS(status));
	CHECK(msgctl(id, IPC_RMID, NULL) == 0, "IPC_RMID");
	CHECK_FAILS(msgctl(id, IPC_RMID, NULL), EINVAL, "IPC_RMID again: EINVAL");
	CHECK_FAILS(send(id, 1, "x", 0), EINVAL, "msgsnd to the removed id: EINVAL");
}

static void
send_errors(int id)
{
	struct message m = { .mtype = 0 };
	static char big[8192 + sizeof(long) + 1];

	CHECK_FAILS(msgsnd(id, &m, 1, 0), EINVAL, "msgsnd of mtype 0: EINVAL");
	m.mtype = -5;
	CHECK_FAILS(msgsnd(id, &m, 1, 0), EINVAL, "msgsnd of a negative mtype: EINVAL");
	*(long *)big = 1;
	CHECK_FAILS(msgsnd(id, big, 8193, 0), EINVAL, "msgsnd of more than MSGMAX bytes: EINVAL");
	CHECK_FAILS(msgsnd(-1, &m, 1, 0), EINVAL, "msgsnd to id -1: EINVAL");
	CHECK_FAILS(msgsnd(id, BAD_PTR, 1, 0), EFAULT, "msgsnd from a bad pointer: EFAULT");
	CHECK(msgsnd(id, big, 8192, IPC_NOWAIT) == 0, "msgsnd of exactly MSGMAX bytes");
	CHECK(msgrcv(id, big, 8192, 0, IPC_NOWAIT) == 8192, "msgrcv of MSGMAX bytes");
	CHECK(send(id, 7, "", 0) == 0, "msgsnd of an empty message");
	CHECK(msgrcv(id, &m, 0, 7, IPC_NOWAIT) == 0 && m.mtype == 7, "msgrcv of an empty message");
}

static void
selection(int id)
{
	static const struct { long type; const char *text; } queued[] = {
		{ 3, "c1" }, { 1, "a1" }, { 2, "b1" }, { 3, "c2" }, { 1, "a2" }, { 5, "e1" },
	};
	struct message m;
	bool sent = true;

	for (size_t i = 0; i < sizeof(queued) / sizeof(queued[0]); i++)
		sent &= send(id, queued[i].type, queued[i].text, 0) == 0;
	CHECK(sent, "six messages queued");
	CHECK(receive(id, &m, TEXT_MAX, 2, 0) == 2 && strcmp(m.mtext, "b1") == 0,
	    "msgtyp 2: the first of type 2 (%s)", m.mtext);
	CHECK(receive(id, &m, TEXT_MAX, -2, 0) == 2 && strcmp(m.mtext, "a1") == 0,
	    "msgtyp -2: the oldest of the lowest type <= 2 (%s)", m.mtext);
	CHECK(receive(id, &m, TEXT_MAX, 1, MSG_EXCEPT) == 2 && strcmp(m.mtext, "c1") == 0,
	    "msgtyp 1 with MSG_EXCEPT: the first not of type 1 (%s)", m.mtext);
	CHECK(receive(id, &m, TEXT_MAX, 0, 0) == 2 && strcmp(m.mtext, "c2") == 0,
	    "msgtyp 0: the oldest message (%s)", m.mtext);
	CHECK(receive(id, &m, TEXT_MAX, -10, 0) == 2 && strcmp(m.mtext, "a2") == 0 && m.mtype == 1,
	    "msgtyp -10: type 1 before type 5 (%s)", m.mtext);
	CHECK_FAILS(receive(id, &m, TEXT_MAX, 4, 0), ENOMSG, "msgtyp 4 with none of that type: ENOMSG");
	CHECK_FAILS(receive(id, &m, TEXT_MAX, -4, 0), ENOMSG, "msgtyp -4 with only type 5 left: ENOMSG");
	CHECK_FAILS(receive(id, &m, TEXT_MAX, 5, MSG_EXCEPT), ENOMSG,
	    "MSG_EXCEPT of the only type queued: ENOMSG");
	CHECK(receive(id, &m, TEXT_MAX, 5, 0) == 2 && strcmp(m.mtext, "e1") == 0, "msgtyp 5 (%s)", m.mtext);
	CHECK_FAILS(receive(id, &m, TEXT_MAX, 0, 0), ENOMSG, "an empty queue: ENOMSG");
}

static void
truncation(int id)
{
	struct message m;
	struct msqid_ds ds;

	send(id, 4, "0123456789", 0);
	CHECK_FAILS(receive(id, &m, 4, 0, 0), E2BIG, "a 10-byte message into 4 bytes: E2BIG");
	CHECK(msgctl(id, IPC_STAT, &ds) == 0 && ds.msg_qnum == 1, "E2BIG leaves the message queued");
	CHECK(receive(id, &m, 4, 0, MSG_NOERROR) == 4 && memcmp(m.mtext, "0123", 4) == 0 &&
	    m.mtext[4] == '\0', "MSG_NOERROR truncates to 4 bytes");
	CHECK(msgctl(id, IPC_STAT, &ds) == 0 && ds.msg_qnum == 0 && ds.msg_cbytes == 0,
	    "and takes the whole message off the queue");
	CHECK_FAILS(msgrcv(id, &m, (size_t)-1, 0, IPC_NOWAIT), EINVAL, "a negative msgsz: EINVAL");
	send(id, 4, "abc", 0);
	CHECK_FAILS(msgrcv(id, BAD_PTR, TEXT_MAX, 0, IPC_NOWAIT), EFAULT, "msgrcv to a bad pointer: EFAULT");
	/* Linux drops the message it could not store; qemu-user fails before taking it. */
	receive(id, &m, TEXT_MAX, 0, 0);
}

static void
copy(int id)
{
	struct message m;
	struct msqid_ds ds;

	send(id, 8, "first", 0);
	send(id, 9, "second", 0);
	CHECK(receive(id, &m, TEXT_MAX, 1, MSG_COPY) == 6 && strcmp(m.mtext, "second") == 0 && m.mtype == 9,
	    "MSG_COPY of message number 1 (%s)", m.mtext);
	CHECK(receive(id, &m, TEXT_MAX, 0, MSG_COPY) == 5 && strcmp(m.mtext, "first") == 0,
	    "MSG_COPY of message number 0 (%s)", m.mtext);
	CHECK(msgctl(id, IPC_STAT, &ds) == 0 && ds.msg_qnum == 2, "MSG_COPY leaves both queued");
	CHECK_FAILS(receive(id, &m, TEXT_MAX, 2, MSG_COPY), ENOMSG, "MSG_COPY past the last message: ENOMSG");
	CHECK_FAILS(receive(id, &m, 3, 0, MSG_COPY), E2BIG, "MSG_COPY into too small a buffer: E2BIG");
	/* Linux copies whole messages only: MSG_NOERROR does not let MSG_COPY truncate. */
	CHECK_FAILS(receive(id, &m, 3, 0, MSG_COPY | MSG_NOERROR), EINVAL,
	    "MSG_COPY with MSG_NOERROR into too small a buffer: EINVAL");
	CHECK_FAILS(msgrcv(id, &m, TEXT_MAX, 0, MSG_COPY), EINVAL, "MSG_COPY without IPC_NOWAIT: EINVAL");
	CHECK_FAILS(receive(id, &m, TEXT_MAX, 0, MSG_COPY | MSG_EXCEPT), EINVAL,
	    "MSG_COPY with MSG_EXCEPT: EINVAL");
	receive(id, &m, TEXT_MAX, 0, 0);
	receive(id, &m, TEXT_MAX, 0, 0);
}

static void
full_queue(int id)
{
	struct msqid_ds ds;
	struct message m;
	int sent = 0, err;

	CHECK(msgctl(id, IPC_STAT, &ds) == 0, "IPC_STAT");
	ds.msg_qbytes = 100;
	CHECK(msgctl(id, IPC_SET, &ds) == 0, "IPC_SET lowers msg_qbytes to 100");
	while (send(id, 1, "0123456789", IPC_NOWAIT) == 0)
		sent++;
	err = errno;
	CHECK(err == EAGAIN && sent == 10, "ten 10-byte messages fill it, then EAGAIN (%d sent)", sent);
	CHECK(msgctl(id, IPC_STAT, &ds) == 0 && ds.msg_qnum == 10 && ds.msg_cbytes == 100,
	    "IPC_STAT: qnum 10, cbytes 100");
	while (receive(id, &m, TEXT_MAX, 0, 0) > 0)
		;
	/* Linux also counts each message as a byte of msg_qbytes: empty ones fill it too. */
	for (sent = 0; send(id, 1, "", IPC_NOWAIT) == 0;)
		sent++;
	err = errno;
	CHECK(err == EAGAIN && sent == 100, "100 empty messages fill a 100-byte queue (%d sent)", sent);
	while (receive(id, &m, TEXT_MAX, 0, 0) == 0)
		;
	ds.msg_qbytes = 16384;
	CHECK(msgctl(id, IPC_SET, &ds) == 0, "IPC_SET restores msg_qbytes");
}

static int
user_ctl(void *arg)
{
	int id = *(int *)arg;
	struct msqid_ds ds;

	if (setgid(1000) != 0 || setuid(1000) != 0)
		return 100;
	if (msgctl(id, IPC_STAT, &ds) != -1 || errno != EACCES)
		return 1;
	if (msgctl(id, IPC_SET, &ds) != -1 || errno != EPERM)
		return 2;
	if (msgctl(id, IPC_RMID, NULL) != -1 || errno != EPERM)
		return 3;
	if (send(id, 1, "x", IPC_NOWAIT) != -1 || errno != EACCES)
		return 4;
	return 0;
}

static int
owner_ctl(void *arg)
{
	int id = *(int *)arg;
	struct msqid_ds ds;

	if (setgid(1000) != 0 || setuid(1000) != 0)
		return 100;
	if (msgctl(id, IPC_STAT, &ds) != 0)
		return 1;
	ds.msg_qbytes = 16385;
	if (msgctl(id, IPC_SET, &ds) != -1 || errno != EPERM)
		return 2;
	ds.msg_qbytes = 1000;
	ds.msg_perm.mode = 0640;
	if (msgctl(id, IPC_SET, &ds) != 0)
		return 3;
	return 0;
}

static void
control(int id)
{
	static const char *const user_why[] = { NULL, "IPC_STAT not EACCES", "IPC_SET not EPERM",
		"IPC_RMID not EPERM", "msgsnd not EACCES" };
	static const char *const owner_why[] = { NULL, "IPC_STAT failed", "raising qbytes not EPERM",
		"IPC_SET failed" };
	struct msqid_ds ds;
	struct msginfo info;
	int max, idx, found = -1;
	time_t t0 = time(NULL);
	long row[NFIELDS], want_qbytes;

	send(id, 6, "hello", 0);
	CHECK(msgctl(id, IPC_STAT, &ds) == 0 && ds.msg_qnum == 1 && ds.msg_cbytes == 5 &&
	    ds.msg_lspid == getpid() && ds.msg_stime >= t0 - 1 && ds.msg_qbytes == 16384 &&
	    ds.msg_perm.uid == getuid() && ds.msg_perm.cuid == getuid() && (ds.msg_perm.mode & 0777) == 0600,
	    "IPC_STAT: qnum, cbytes, lspid, stime, qbytes, owner, mode");
	CHECK(msgrcv(id, &(struct message){ 0 }, TEXT_MAX, 0, 0) == 5 && msgctl(id, IPC_STAT, &ds) == 0 &&
	    ds.msg_rtime >= t0 - 1 && ds.msg_qnum == 0, "after msgrcv: rtime, qnum 0");
	/* qemu-user garbles msg_lrpid in IPC_STAT; /proc/sysvipc/msg has it on both kernels. */
	CHECK(sysvipc_msg_row(id, row) && row[LRPID] == getpid() && row[LSPID] == getpid() &&
	    row[QNUM] == 0 && row[PERMS] == 0600 && row[UID] == (long)getuid(),
	    "/proc/sysvipc/msg: lspid, lrpid, qnum, perms, uid");
	CHECK_FAILS(msgctl(id, IPC_STAT, BAD_PTR), EFAULT, "IPC_STAT to a bad pointer: EFAULT");
	CHECK_FAILS(msgctl(id, IPC_SET, BAD_PTR), EFAULT, "IPC_SET from a bad pointer: EFAULT");
	CHECK_FAILS(msgctl(id, 12345, &ds), EINVAL, "an unknown command: EINVAL");
	CHECK_FAILS(msgctl(-1, IPC_STAT, &ds), EINVAL, "IPC_STAT of id -1: EINVAL");
	check_child(run_child(user_ctl, &id), user_why, 5,
	    "another user: IPC_STAT EACCES, IPC_SET/IPC_RMID EPERM, msgsnd EACCES");
	ds.msg_perm.uid = 1000;
	CHECK(msgctl(id, IPC_SET, &ds) == 0 && msgctl(id, IPC_STAT, &ds) == 0 && ds.msg_perm.uid == 1000 &&
	    ds.msg_perm.cuid == 0, "IPC_SET gives the queue to uid 1000; the creator stays");
	check_child(run_child(owner_ctl, &id), owner_why, 4,
	    "the new owner may IPC_SET but not raise msg_qbytes past msgmnb");
	CHECK(msgctl(id, IPC_STAT, &ds) == 0 && ds.msg_qbytes == 1000 && (ds.msg_perm.mode & 0777) == 0640,
	    "its IPC_SET took effect (qbytes 1000, mode 0640)");
	ds.msg_qbytes = 1 << 20;
	if (has_sys_resource())
		CHECK(msgctl(id, IPC_SET, &ds) == 0 && msgctl(id, IPC_STAT, &ds) == 0 &&
		    ds.msg_qbytes == 1 << 20, "root may raise msg_qbytes past msgmnb");
	else
		CHECK_FAILS(msgctl(id, IPC_SET, &ds), EPERM,
		    "without CAP_SYS_RESOURCE (a container) root may not raise msg_qbytes: EPERM");
	want_qbytes = msgctl(id, IPC_STAT, &ds) == 0 ? (long)ds.msg_qbytes : -1;

	max = msgctl(0, IPC_INFO, (struct msqid_ds *)&info);
	CHECK(max >= 0 && info.msgmax == 8192 && info.msgmnb == 16384 && info.msgmni == 32000 &&
	    info.msgssz == 16 && info.msgseg == 0xffff, "IPC_INFO: the limits, highest index %d", max);
	CHECK(msgctl(0, MSG_INFO, (struct msqid_ds *)&info) == max && info.msgpool >= 1,
	    "MSG_INFO: same index, %d queues in use", info.msgpool);
	CHECK_FAILS(msgctl(0, IPC_INFO, BAD_PTR), EFAULT, "IPC_INFO to a bad pointer: EFAULT");
	for (idx = 0; idx <= max && found < 0; idx++) {
		if (msgctl(idx, MSG_STAT, &ds) == id)
			found = idx;
	}
	CHECK(found >= 0 && (long)ds.msg_qbytes == want_qbytes, "MSG_STAT by index returns the id and the queue");
	CHECK_FAILS(msgctl(max + 1, MSG_STAT, &ds), EINVAL, "MSG_STAT past the highest index: EINVAL");
	/* qemu-user (make test-linux) does not translate MSG_STAT_ANY; Linux has it. */
	if (found >= 0 && guest_only("MSG_STAT_ANY under qemu-user"))
		CHECK(msgctl(found, MSG_STAT_ANY, &ds) == id, "MSG_STAT_ANY by index returns the id");
}

int
main(void)
{
	int id;

	get_errors();
	id = msgget(IPC_PRIVATE, IPC_CREAT | 0600);
	if (!CHECK(id >= 0, "msgget(IPC_PRIVATE)"))
		return check_done();
	send_errors(id);
	selection(id);
	truncation(id);
	copy(id);
	full_queue(id);
	control(id);
	CHECK(msgctl(id, IPC_RMID, NULL) == 0, "IPC_RMID");
	return check_done();
}
