/*
 * bench: the micro-benchmarks of shared/linux-reference.md, one line each:
 *
 *	bench: NAME VALUE UNIT		(ns/op for latencies, MB/s = 10^6 B/s)
 *	bench: NAME n/a REASON		(its system calls failed; the rest go on)
 *
 * `bench` runs them all, `bench null pipe_rtt` only those named. Under
 * QEMU's -icount shift=0 a guest nanosecond is one instruction, so the
 * figures count instructions and repeat exactly; the iteration counts keep
 * a whole run to a few seconds of guest time. Every metric first runs a
 * tenth of its iterations untimed, to warm caches and fault pages in.
 *
 * -x PATH names the program fork_exec executes (default /bin/true): on a
 * host running bench under qemu-riscv64, any quick program will do.
 */
#define _GNU_SOURCE
#include <sys/eventfd.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "sysvipc.h"
#include "util.h"

#define NSEC_PER_SEC	1000000000.0
#define BYTES_PER_MB	1000000.0
#define BW_CHUNK	(64 * 1024)	/* pipe_bw's write size */
#define MSG_SIZE	64		/* msg_rtt's payload */
#define SHM_SIZE	(64 * 1024)	/* shm_cycle's segment */
#define PAGE_SIZE	4096
#define WARMUP_SHARE	10		/* untimed iterations: 1/10 of the timed */
#define MTYPE_PING	1
#define MTYPE_PONG	2
#define IPC_MODE	(S_IRUSR | S_IWUSR)	/* private objects, owner only */

static const char *exec_path = "/bin/true";

static double
now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * NSEC_PER_SEC + ts.tv_nsec;
}

/*
 * One operation of a metric: 0, or -1 with errno set. A metric runs `op`
 * iterations times after a warm-up; an optional child runs `child_op` as
 * many times, in step with it (the other end of a ping-pong).
 */
struct bench_ops {
	int	(*setup)(void);
	int	(*op)(void);
	int	(*child_op)(void);
	void	(*teardown)(void);
};

static void
on_child_exit(int sig)
{
	(void)sig;
}

/*
 * The child's side: the same number of rounds as the parent, then exit.
 * Should it fail and exit early, SIGCHLD - caught, without SA_RESTART -
 * makes the parent's blocked call fail with EINTR instead of hanging.
 */
static pid_t
start_child(const struct bench_ops *b, long rounds)
{
	struct sigaction sa = { .sa_handler = on_child_exit };
	pid_t pid;

	if (b->child_op == NULL)
		return 0;
	sigaction(SIGCHLD, &sa, NULL);
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		for (long i = 0; i < rounds; i++)
			if (b->child_op() != 0)
				_exit(EXIT_FAILURE);
		_exit(EXIT_SUCCESS);
	}
	return pid;
}

static int
run_ops(const struct bench_ops *b, long n)
{
	for (long i = 0; i < n; i++)
		if (b->op() != 0)
			return -1;
	return 0;
}

/* Time n iterations of b; the nanoseconds they took, or -1 with errno set. */
static double
measure(const struct bench_ops *b, long n)
{
	long warmup = n / WARMUP_SHARE;
	double start = 0, end = 0;
	int err = 0, status;
	pid_t child;

	if (b->setup != NULL && b->setup() != 0)
		return -1;
	child = start_child(b, warmup + n);
	if (child == -1 || run_ops(b, warmup) != 0) {
		err = errno;
	} else {
		start = now_ns();
		if (run_ops(b, n) != 0)
			err = errno;
		end = now_ns();
	}
	if (child > 0) {
		if (err != 0)
			kill(child, SIGKILL);
		waitpid(child, &status, 0);
		signal(SIGCHLD, SIG_DFL);
	}
	if (b->teardown != NULL)
		b->teardown();
	errno = err;
	return err != 0 ? -1 : end - start;
}

/* null: the cheapest system call there is. */
static int
op_null(void)
{
	getppid();
	return 0;
}

/* fork_exit and fork_exec: the whole life of a child. */
static int
reap(pid_t pid)
{
	int status;

	if (pid == -1 || waitpid(pid, &status, 0) != pid)
		return -1;
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return 0;
	/* The child exits with execv's errno: say why it failed. */
	errno = WIFEXITED(status) ? WEXITSTATUS(status) : ECHILD;
	return -1;
}

static int
op_fork_exit(void)
{
	pid_t pid = fork();

	if (pid == 0)
		_exit(EXIT_SUCCESS);
	return reap(pid);
}

static int
op_fork_exec(void)
{
	pid_t pid = fork();

	if (pid == 0) {
		execl(exec_path, exec_path, (char *)NULL);
		_exit(errno);
	}
	return reap(pid);
}

/*
 * The ping-pongs over descriptors (pipes, a socketpair, eventfds): the
 * parent writes `len` bytes of a counter to ping_w and reads the answer from
 * pong_r; the child reads ping_r and answers on pong_w. An eventfd needs
 * its 8-byte counter; a pipe or a socket moves a single byte.
 */
static struct {
	int	ping_r, ping_w, pong_r, pong_w;
	size_t	len;
	int	fds[4];	/* what to close at teardown */
} pp;

static int
op_ping(void)
{
	uint64_t word = 1;

	if (write(pp.ping_w, &word, pp.len) != (ssize_t)pp.len)
		return -1;
	return read(pp.pong_r, &word, pp.len) == (ssize_t)pp.len ? 0 : -1;
}

static int
child_pong(void)
{
	uint64_t word;

	if (read(pp.ping_r, &word, pp.len) != (ssize_t)pp.len)
		return -1;
	return write(pp.pong_w, &word, pp.len) == (ssize_t)pp.len ? 0 : -1;
}

static void
close_fds(void)
{
	for (int i = 0; i < 4; i++)
		if (pp.fds[i] >= 0)
			close(pp.fds[i]);
}

static int
setup_pipes(void)
{
	int a[2], b[2];

	if (pipe(a) != 0)
		return -1;
	if (pipe(b) != 0) {
		close(a[0]);
		close(a[1]);
		return -1;
	}
	pp = (typeof(pp)){ a[0], a[1], b[0], b[1], 1, { a[0], a[1], b[0], b[1] } };
	return 0;
}

static int
setup_socketpair(void)
{
	int sv[2];

	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) != 0)
		return -1;
	pp = (typeof(pp)){ sv[1], sv[0], sv[0], sv[1], 1, { sv[0], sv[1], -1, -1 } };
	return 0;
}

static int
setup_eventfds(void)
{
	int ping = eventfd(0, 0), pong;

	if (ping == -1)
		return -1;
	pong = eventfd(0, 0);
	if (pong == -1) {
		close(ping);
		return -1;
	}
	pp = (typeof(pp)){ ping, ping, pong, pong, sizeof(uint64_t),
	    { ping, pong, -1, -1 } };
	return 0;
}

/* pipe_bw: the child reads 64 KiB chunks and throws them away. */
static char bw_buf[BW_CHUNK];

static int
op_bw_write(void)
{
	return write(pp.ping_w, bw_buf, BW_CHUNK) == BW_CHUNK ? 0 : -1;
}

static int
child_bw_read(void)
{
	size_t got = 0;
	ssize_t n;

	while (got < BW_CHUNK) {
		n = read(pp.ping_r, bw_buf, BW_CHUNK - got);
		if (n <= 0)
			return -1;
		got += n;
	}
	return 0;
}

/*
 * System V semaphores. sem_op: -1 then +1 on one semaphore that holds 1.
 * sem_rtt: the parent posts semaphore 0 and waits on 1; the child waits on
 * 0 and posts 1.
 */
static int semid = -1;

static int
setup_sems(void)
{
	semid = semget(IPC_PRIVATE, 2, IPC_CREAT | IPC_MODE);
	return semid == -1 ? -1 : 0;
}

static int
setup_sem_holding_one(void)
{
	if (setup_sems() != 0)
		return -1;
	return semctl(semid, 0, SETVAL, (union semun){ .val = 1 });
}

static void
remove_sems(void)
{
	semctl(semid, 0, IPC_RMID);
}

static int
semop1(unsigned short num, short delta)
{
	struct sembuf sb = { .sem_num = num, .sem_op = delta };

	return semop(semid, &sb, 1);
}

static int
op_sem_pair(void)
{
	if (semop1(0, -1) != 0)
		return -1;
	return semop1(0, 1);
}

static int
op_sem_ping(void)
{
	if (semop1(0, 1) != 0)
		return -1;
	return semop1(1, -1);
}

static int
child_sem_pong(void)
{
	if (semop1(0, -1) != 0)
		return -1;
	return semop1(1, 1);
}

/* msg_rtt: 64-byte messages, type 1 to the child and type 2 back. */
static int msqid = -1;

struct bench_msg {
	long	mtype;
	char	mtext[MSG_SIZE];
};

static int
setup_queue(void)
{
	msqid = msgget(IPC_PRIVATE, IPC_CREAT | IPC_MODE);
	return msqid == -1 ? -1 : 0;
}

static void
remove_queue(void)
{
	msgctl(msqid, IPC_RMID, NULL);
}

static int
msg_send(long type)
{
	struct bench_msg m = { .mtype = type };

	return msgsnd(msqid, &m, MSG_SIZE, 0);
}

static int
msg_receive(long type)
{
	struct bench_msg m;

	return msgrcv(msqid, &m, MSG_SIZE, type, 0) == MSG_SIZE ? 0 : -1;
}

static int
op_msg_ping(void)
{
	if (msg_send(MTYPE_PING) != 0)
		return -1;
	return msg_receive(MTYPE_PONG);
}

static int
child_msg_pong(void)
{
	if (msg_receive(MTYPE_PING) != 0)
		return -1;
	return msg_send(MTYPE_PONG);
}

/* shm_cycle: a segment's whole life, touching each of its pages once. */
static int
op_shm_cycle(void)
{
	int id = shmget(IPC_PRIVATE, SHM_SIZE, IPC_CREAT | IPC_MODE);
	volatile char *p;
	int err;

	if (id == -1)
		return -1;
	p = shmat(id, NULL, 0);
	if (p == (void *)-1) {
		err = errno;
		shmctl(id, IPC_RMID, NULL);
		errno = err;
		return -1;
	}
	for (size_t off = 0; off < SHM_SIZE; off += PAGE_SIZE)
		p[off] = 1;
	if (shmdt((void *)p) != 0)
		return -1;
	return shmctl(id, IPC_RMID, NULL);
}

/* sig_rtt: a signal to ourselves, delivered to a handler before kill returns. */
static volatile sig_atomic_t caught;
static struct sigaction old_usr1;

static void
on_usr1(int sig)
{
	(void)sig;
	caught++;
}

static int
setup_handler(void)
{
	struct sigaction sa = { .sa_handler = on_usr1 };

	caught = 0;
	return sigaction(SIGUSR1, &sa, &old_usr1);
}

static void
restore_handler(void)
{
	sigaction(SIGUSR1, &old_usr1, NULL);
}

static int
op_signal(void)
{
	sig_atomic_t before = caught;

	if (kill(getpid(), SIGUSR1) != 0)
		return -1;
	if (caught != before + 1) {
		errno = EINTR;	/* not delivered on the way out of kill */
		return -1;
	}
	return 0;
}

static const struct bench_ops null_ops = { .op = op_null };
static const struct bench_ops sem_op_ops = { setup_sem_holding_one, op_sem_pair, NULL,
    remove_sems };
static const struct bench_ops sem_rtt_ops = { setup_sems, op_sem_ping, child_sem_pong,
    remove_sems };
static const struct bench_ops msg_rtt_ops = { setup_queue, op_msg_ping, child_msg_pong,
    remove_queue };
static const struct bench_ops shm_ops = { .op = op_shm_cycle };
static const struct bench_ops sig_ops = { setup_handler, op_signal, NULL,
    restore_handler };
static const struct bench_ops pipe_rtt_ops = { setup_pipes, op_ping, child_pong, close_fds };
static const struct bench_ops pipe_bw_ops = { setup_pipes, op_bw_write, child_bw_read,
    close_fds };
static const struct bench_ops unix_ops = { setup_socketpair, op_ping, child_pong,
    close_fds };
static const struct bench_ops eventfd_ops = { setup_eventfds, op_ping, child_pong,
    close_fds };
static const struct bench_ops fork_exit_ops = { .op = op_fork_exit };
static const struct bench_ops fork_exec_ops = { .op = op_fork_exec };

/* In linux-reference.md's order; iterations sized from Linux's figures. */
static const struct metric {
	const char		*name;
	const struct bench_ops	*ops;
	long			 iterations;
	bool			 bandwidth;	/* MB/s of BW_CHUNK per op */
} metrics[] = {
	{ "null", &null_ops, 100000, false },
	{ "sem_op", &sem_op_ops, 20000, false },
	{ "sem_rtt", &sem_rtt_ops, 5000, false },
	{ "msg_rtt", &msg_rtt_ops, 5000, false },
	{ "shm_cycle", &shm_ops, 500, false },
	{ "sig_rtt", &sig_ops, 20000, false },
	{ "pipe_rtt", &pipe_rtt_ops, 5000, false },
	{ "pipe_bw", &pipe_bw_ops, 2000, true },
	{ "unix_rtt", &unix_ops, 5000, false },
	{ "eventfd_rtt", &eventfd_ops, 5000, false },
	{ "fork_exit", &fork_exit_ops, 500, false },
	{ "fork_exec", &fork_exec_ops, 200, false },
};
#define NMETRICS	(sizeof(metrics) / sizeof(metrics[0]))

static void
run_metric(const struct metric *m)
{
	double ns = measure(m->ops, m->iterations);

	if (ns < 0)
		printf("bench: %s n/a %s\n", m->name, strerror(errno));
	else if (m->bandwidth)
		printf("bench: %s %.1f MB/s\n", m->name,
		    (double)m->iterations * BW_CHUNK / BYTES_PER_MB /
		    (ns / NSEC_PER_SEC));
	else
		printf("bench: %s %.0f ns/op\n", m->name, ns / m->iterations);
	fflush(stdout);
}

static const struct metric *
find_metric(const char *name)
{
	for (size_t i = 0; i < NMETRICS; i++)
		if (strcmp(metrics[i].name, name) == 0)
			return &metrics[i];
	return NULL;
}

int
main(int argc, char **argv)
{
	int c;

	while ((c = getopt_help(argc, argv, "x:",
	    "bench [-x PATH] [METRIC]...", EXIT_FAILURE)) != -1)
		if (c == 'x')
			exec_path = optarg;
	for (int i = optind; i < argc; i++)
		if (find_metric(argv[i]) == NULL)
			usage_error("unknown metric", argv[i]);
	/* A SIGPIPE from a dead child's pipe must end a metric, not the run. */
	signal(SIGPIPE, SIG_IGN);
	if (optind == argc)
		for (size_t i = 0; i < NMETRICS; i++)
			run_metric(&metrics[i]);
	for (int i = optind; i < argc; i++)
		run_metric(find_metric(argv[i]));
	return EXIT_SUCCESS;
}
