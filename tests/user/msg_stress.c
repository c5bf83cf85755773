/*
 * msg_stress - 4 producers and 4 consumers exchange MESSAGES typed messages
 * through one queue (meant for -smp 4). Producer p sends types p+1 with a
 * sequence number per type; the consumers select differently: msgtyp 0,
 * msgtyp -2 (types 1 and 2), msgtyp 3 with MSG_EXCEPT (all but type 3) and
 * msgtyp 3. Checked: every message is received exactly once, each consumer
 * sees each type in send order (the queue keeps order per type), and no
 * consumer gets a type its msgtyp does not select. The queue is small
 * (2 KiB), so senders block on it all the time and receivers on an empty
 * one. The count is the largest that keeps the run well under a minute in
 * a Kite guest at -smp 4 under TCG; the same count runs on Linux.
 */
#include "check.h"
#include <stdatomic.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/msg.h>

#define MESSAGES	100000
#define PRODUCERS	4
#define CONSUMERS	4
#define PER_TYPE	(MESSAGES / PRODUCERS)
#define QBYTES		2048

struct message {
	long mtype;
	int seq;
	char pad[36];		/* 4 to 40 bytes are sent, by seq */
};

/* Shared by all the processes (MAP_SHARED). */
struct board {
	atomic_uchar seen[PRODUCERS][PER_TYPE];	/* times each message was received */
	atomic_long received;
	atomic_int bad_type[CONSUMERS];		/* a type the consumer should not get */
	atomic_int out_of_order[CONSUMERS];
};

static const struct {
	long msgtyp;
	int flags;
} selector[CONSUMERS] = { { 0, 0 }, { -2, 0 }, { 3, MSG_EXCEPT }, { 3, 0 } };

static struct board *board;

static bool
selects(int c, long type)
{
	long t = selector[c].msgtyp;

	if (t == 0)
		return true;
	if (t < 0)
		return type <= -t;
	return (selector[c].flags & MSG_EXCEPT) ? type != t : type == t;
}

static int
produce(int id, int p)
{
	struct message m = { .mtype = p + 1 };

	for (int seq = 0; seq < PER_TYPE; seq++) {
		m.seq = seq;
		if (msgsnd(id, &m, sizeof(int) + seq % 37, 0) != 0)
			return 1;
	}
	return 0;
}

/* Receive until the queue is removed (EIDRM); exit 1 on any other error. */
static int
consume(int id, int c)
{
	int last[PRODUCERS] = { -1, -1, -1, -1 };
	struct message m;
	long type;

	for (;;) {
		if (msgrcv(id, &m, sizeof(m) - sizeof(long), selector[c].msgtyp, selector[c].flags) < 0)
			return errno == EIDRM ? 0 : 1;
		type = m.mtype;
		if (type < 1 || type > PRODUCERS || m.seq < 0 || m.seq >= PER_TYPE || !selects(c, type)) {
			atomic_fetch_add(&board->bad_type[c], 1);
			continue;
		}
		if (m.seq <= last[type - 1])
			atomic_fetch_add(&board->out_of_order[c], 1);
		last[type - 1] = m.seq;
		atomic_fetch_add(&board->seen[type - 1][m.seq], 1);
		atomic_fetch_add(&board->received, 1);
	}
}

static pid_t
spawn(int (*fn)(int, int), int id, int n)
{
	pid_t pid;

	fflush(stdout);
	if ((pid = fork()) == 0)
		_exit(fn(id, n));
	return pid;
}

/* Every message seen once: the counts of those seen 0 times and more than once. */
static void
tally(long *missing, long *twice)
{
	*missing = *twice = 0;
	for (int p = 0; p < PRODUCERS; p++) {
		for (int s = 0; s < PER_TYPE; s++) {
			*missing += board->seen[p][s] == 0;
			*twice += board->seen[p][s] > 1;
		}
	}
}

int
main(void)
{
	pid_t producer[PRODUCERS], consumer[CONSUMERS];
	int id, status, failed = 0, bad = 0, disorder = 0;
	double t0 = now_seconds(CLOCK_MONOTONIC);
	struct msqid_ds ds;
	long missing, twice;

	board = mmap(NULL, sizeof(*board), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	id = msgget(IPC_PRIVATE, 0600);
	if (!CHECK(board != MAP_FAILED && id >= 0 && msgctl(id, IPC_STAT, &ds) == 0, "a queue and a board"))
		return check_done();
	ds.msg_qbytes = QBYTES;
	msgctl(id, IPC_SET, &ds);
	for (int c = 0; c < CONSUMERS; c++)
		consumer[c] = spawn(consume, id, c);
	for (int p = 0; p < PRODUCERS; p++)
		producer[p] = spawn(produce, id, p);
	for (int p = 0; p < PRODUCERS; p++) {
		waitpid(producer[p], &status, 0);
		failed += status != 0;
	}
	CHECK(failed == 0, "%d producers sent %d messages each", PRODUCERS, PER_TYPE);
	/* Every type has a consumer, so the queue drains; give it 60 s. */
	for (int i = 0; i < 6000 && atomic_load(&board->received) < MESSAGES; i++)
		usleep(10000);
	CHECK(msgctl(id, IPC_STAT, &ds) == 0 && ds.msg_qnum == 0, "the queue drained");
	msgctl(id, IPC_RMID, NULL);
	failed = 0;
	for (int c = 0; c < CONSUMERS; c++) {
		waitpid(consumer[c], &status, 0);
		failed += status != 0;
		bad += board->bad_type[c];
		disorder += board->out_of_order[c];
	}
	CHECK(failed == 0, "the consumers ended with EIDRM when the queue was removed");
	tally(&missing, &twice);
	CHECK(atomic_load(&board->received) == MESSAGES && missing == 0 && twice == 0,
	    "%d messages received exactly once (%ld received, %ld missing, %ld twice)", MESSAGES,
	    (long)atomic_load(&board->received), missing, twice);
	CHECK(bad == 0, "each consumer got only the types its msgtyp selects (%d wrong)", bad);
	CHECK(disorder == 0, "each consumer saw every type in send order (%d out of order)", disorder);
	printf("# msg_stress: %d messages in %.1f s\n", MESSAGES, now_seconds(CLOCK_MONOTONIC) - t0);
	return check_done();
}
