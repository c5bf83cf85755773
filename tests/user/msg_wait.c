/*
 * msg_wait - System V message queues that block: a sender on a full queue
 * woken by a receiver, receivers woken by the message they select (msgtyp
 * > 0 and < 0) or by E2BIG, EIDRM to blocked receivers and senders when the
 * queue is removed, EINTR when a signal handler runs (with or without
 * SA_RESTART: Linux never restarts msgsnd or msgrcv after a handler).
 */
#include "check.h"
#include <fcntl.h>
#include <sys/ipc.h>
#include <sys/msg.h>

#define TEXT_MAX	64
#define QBYTES		100

struct message {
	long mtype;
	char mtext[TEXT_MAX];
};

static volatile sig_atomic_t handled;

static void
on_usr1(int sig)
{
	(void)sig;
	handled = 1;
}

static int
send(int id, long type, const char *text)
{
	struct message m = { .mtype = type };

	snprintf(m.mtext, sizeof(m.mtext), "%s", text);
	return msgsnd(id, &m, strlen(text), 0);
}

static int
new_queue(void)
{
	struct msqid_ds ds;
	int id = msgget(IPC_PRIVATE, 0600);

	if (id >= 0 && msgctl(id, IPC_STAT, &ds) == 0) {
		ds.msg_qbytes = QBYTES;
		msgctl(id, IPC_SET, &ds);
	}
	return id;
}

static unsigned long
queued(int id)
{
	struct msqid_ds ds;

	return msgctl(id, IPC_STAT, &ds) == 0 ? ds.msg_qnum : (unsigned long)-1;
}

/* Wait (up to 20 s) until pid sleeps in the kernel, as /proc/PID/stat says. */
static bool
wait_blocked(pid_t pid)
{
	char path[64], buf[256], *p;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	for (int i = 0; i < 2000; i++) {
		ssize_t n = -1;

		if ((fd = open(path, O_RDONLY)) >= 0) {
			n = read(fd, buf, sizeof(buf) - 1);
			close(fd);
		}
		if (n > 0) {
			buf[n] = '\0';
			p = strrchr(buf, ')');
			if (p != NULL && p[1] == ' ' && p[2] == 'S')
				return true;
		}
		usleep(10000);
	}
	return false;
}

/* A child that blocks in one call; its exit code says how the call ended. */
enum outcome { GOT_MESSAGE, GOT_EIDRM, GOT_EINTR, GOT_E2BIG, GOT_OTHER, NO_HANDLER };

static int
outcome_of(long r, const struct message *m, long want_type)
{
	if (r >= 0)
		return m == NULL || m->mtype == want_type ? GOT_MESSAGE : GOT_OTHER;
	switch (errno) {
	case EIDRM:
		return GOT_EIDRM;
	case EINTR:
		return handled ? GOT_EINTR : NO_HANDLER;
	case E2BIG:
		return GOT_E2BIG;
	default:
		return GOT_OTHER;
	}
}

struct blocker {
	int id;
	bool sender;		/* else a receiver */
	long msgtyp;		/* receiver: what it asks for; sender: the type it sends */
	size_t size;		/* receiver: its buffer */
	int flags;		/* receiver: MSG_EXCEPT... */
	long want_type;		/* receiver: the type it must get */
	int sa_flags;		/* for SIGUSR1's handler */
};

static pid_t
start_blocker(const struct blocker *b)
{
	struct sigaction sa = { .sa_handler = on_usr1, .sa_flags = b->sa_flags };
	struct message m;
	pid_t pid;
	long r;

	fflush(stdout);
	if ((pid = fork()) != 0)
		return pid;
	sigaction(SIGUSR1, &sa, NULL);
	if (b->sender)
		r = send(b->id, b->msgtyp, "0123456789");
	else
		r = msgrcv(b->id, &m, b->size, b->msgtyp, b->flags);
	_exit(outcome_of(r, b->sender ? NULL : &m, b->want_type));
}

/* The blocker's outcome once it has blocked and act() has run. */
static int
blocked_outcome(const struct blocker *b, void (*act)(int id, pid_t pid))
{
	pid_t pid = start_blocker(b);
	int status;

	if (!wait_blocked(pid)) {
		kill(pid, SIGKILL);
		waitpid(pid, &status, 0);
		return -1;
	}
	act(b->id, pid);
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

static void
receive_one(int id, pid_t pid)
{
	struct message m;

	(void)pid;
	msgrcv(id, &m, TEXT_MAX, 0, IPC_NOWAIT);
}

static void
remove_queue(int id, pid_t pid)
{
	(void)pid;
	msgctl(id, IPC_RMID, NULL);
}

static void
signal_it(int id, pid_t pid)
{
	(void)id;
	kill(pid, SIGUSR1);
}

static void
send_3_then_5(int id, pid_t pid)
{
	(void)pid;
	send(id, 3, "three");
	usleep(50000);
	send(id, 5, "five");
}

static void
send_big(int id, pid_t pid)
{
	(void)pid;
	send(id, 1, "a message of thirty-some bytes");
}

/* Fill the queue to msg_qbytes with 10-byte messages. */
static void
fill(int id)
{
	struct message m = { .mtype = 1 };

	while (msgsnd(id, &m, 10, IPC_NOWAIT) == 0)
		;
}

static void
senders(void)
{
	int id = new_queue();
	struct blocker b = { .id = id, .sender = true, .msgtyp = 2 };
	struct message m;

	fill(id);
	CHECK(blocked_outcome(&b, receive_one) == GOT_MESSAGE && queued(id) == 10,
	    "a sender blocked on a full queue is woken by a receive and sends");
	CHECK(msgrcv(id, &m, TEXT_MAX, 2, IPC_NOWAIT) == 10, "its message is queued");
	fill(id);
	CHECK(blocked_outcome(&b, remove_queue) == GOT_EIDRM, "IPC_RMID wakes a blocked sender with EIDRM");
	id = b.id = new_queue();
	fill(id);
	CHECK(blocked_outcome(&b, signal_it) == GOT_EINTR && queued(id) == 10,
	    "a signal handler interrupts a blocked sender: EINTR, nothing sent");
	b.sa_flags = SA_RESTART;
	CHECK(blocked_outcome(&b, signal_it) == GOT_EINTR, "with SA_RESTART too: EINTR");
	msgctl(id, IPC_RMID, NULL);
}

static void
receivers(void)
{
	int id = new_queue();
	struct blocker b = { .id = id, .msgtyp = 5, .size = TEXT_MAX, .want_type = 5 };
	struct message m;

	CHECK(blocked_outcome(&b, send_3_then_5) == GOT_MESSAGE && queued(id) == 1,
	    "a receiver of type 5 skips type 3 and is woken by type 5");
	msgrcv(id, &m, TEXT_MAX, 0, IPC_NOWAIT);
	b.msgtyp = -4;
	b.want_type = 3;
	CHECK(blocked_outcome(&b, send_3_then_5) == GOT_MESSAGE && queued(id) == 1,
	    "a blocked receiver of msgtyp -4 is woken by type 3, not type 5");
	msgrcv(id, &m, TEXT_MAX, 0, IPC_NOWAIT);
	b.msgtyp = 3;
	b.flags = MSG_EXCEPT;
	b.want_type = 5;
	CHECK(blocked_outcome(&b, send_3_then_5) == GOT_MESSAGE && queued(id) == 1 &&
	    msgrcv(id, &m, TEXT_MAX, 3, IPC_NOWAIT) == 5,
	    "a blocked receiver of msgtyp 3 with MSG_EXCEPT is woken by type 5, not type 3");
	b.flags = 0;
	b.size = 4;
	b.msgtyp = 0;
	CHECK(blocked_outcome(&b, send_big) == GOT_E2BIG && queued(id) == 1,
	    "a blocked receiver with a small buffer gets E2BIG; the message stays queued");
	msgrcv(id, &m, TEXT_MAX, 0, IPC_NOWAIT);
	b.size = TEXT_MAX;
	CHECK(blocked_outcome(&b, signal_it) == GOT_EINTR, "a signal handler interrupts a blocked receiver: EINTR");
	b.sa_flags = SA_RESTART;
	CHECK(blocked_outcome(&b, signal_it) == GOT_EINTR, "with SA_RESTART too: EINTR");
	CHECK(blocked_outcome(&b, remove_queue) == GOT_EIDRM, "IPC_RMID wakes a blocked receiver with EIDRM");
}

int
main(void)
{
	senders();
	receivers();
	return check_done();
}
