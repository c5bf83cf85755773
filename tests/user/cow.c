/*
 * cow: after fork, parent and child each see their own copy of every private
 * page, whichever of them writes first - heap, stack, data, and a page that
 * was never touched before the fork - and a thread of a forked child that keeps
 * reading a page sees its sibling's copy-on-write store at once (on other
 * harts, a stale translation of the shared page must not survive the copy).
 */
#include "check.h"

#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <sys/mman.h>

#define PAGE		4096
#define HEAP_SIZE	(4 * 1024 * 1024)
#define PARENT_BYTE	0x5a
#define CHILD_BYTE	0xc3
#define SEEN_WAIT_MS	5000	/* for the reader to see the store: it needs microseconds */

static unsigned char data_page[PAGE] = { PARENT_BYTE };	/* in .data */

/* A page of its own, written by the parent before the fork, so shared COW after it. */
static _Alignas(PAGE) atomic_int cow_flag[PAGE / sizeof(atomic_int)];
static int reader_pipe[2];

/* Spin reading cow_flag (through a read-only translation of the shared page). */
static void *
spin_on_flag(void *arg)
{
	(void)arg;
	if (write(reader_pipe[1], "s", 1) != 1)
		return NULL;
	while (atomic_load(&cow_flag[0]) == 0)
		;
	return (void *)write(reader_pipe[1], "x", 1);
}

/* In the child: start the reader, let it spin, then store (the COW copy). */
static int
store_under_reader(void *arg)
{
	struct pollfd pfd = { .events = POLLIN };
	pthread_t t;
	char c;

	(void)arg;
	if (pipe(reader_pipe) != 0 || pthread_create(&t, NULL, spin_on_flag, NULL) != 0)
		return 2;
	if (read(reader_pipe[0], &c, 1) != 1)
		return 3;
	usleep(20000);		/* the reader is in its loop, on whatever hart */
	atomic_store(&cow_flag[0], 1);
	pfd.fd = reader_pipe[0];
	return poll(&pfd, 1, SEEN_WAIT_MS) == 1 ? 0 : 1;	/* exiting ends the reader */
}

/* Count the bytes of [p, p + len) that differ from byte. */
static size_t
differing(const unsigned char *p, size_t len, unsigned char byte)
{
	size_t n = 0;

	for (size_t i = 0; i < len; i++)
		n += p[i] != byte;
	return n;
}

struct region {
	unsigned char *p;
	size_t len;
};

/* Child: write its own byte everywhere and check it reads it back. */
static int
child_writes(void *arg)
{
	struct region *r = arg;

	memset(r->p, CHILD_BYTE, r->len);
	return differing(r->p, r->len, CHILD_BYTE) == 0 ? 0 : 1;
}

/* The child writing first must leave the parent's copy alone. */
static void
child_writes_first(const char *what, unsigned char *p, size_t len)
{
	struct region r = { p, len };

	memset(p, PARENT_BYTE, len);
	check_status(run_child(child_writes, &r), W_EXITCODE(0, 0),
		     "child writing %s sees its own writes", what);
	check_why(differing(p, len, PARENT_BYTE) == 0, "parent saw the child's bytes",
		  "child writing %s leaves the parent's copy unchanged", what);
}

/*
 * The parent writing first must leave the child's copy alone: the child
 * waits on a pipe until the parent has written, then checks its copy.
 */
static void
parent_writes_first(const char *what, unsigned char *p, size_t len)
{
	int go[2], status = -1;
	char token = 0;
	pid_t pid;

	memset(p, PARENT_BYTE, len);
	if (!CHECK(pipe(go) == 0, "pipe for %s", what))
		return;
	pid = fork();
	if (pid == 0) {
		close(go[1]);
		if (read(go[0], &token, 1) != 1)
			_exit(2);
		_exit(differing(p, len, PARENT_BYTE) == 0 ? 0 : 1);
	}
	close(go[0]);
	memset(p, CHILD_BYTE, len);	/* the parent's turn to write */
	CHECK(write(go[1], &token, 1) == 1, "parent tells the child it wrote %s", what);
	close(go[1]);
	if (pid > 0)
		waitpid(pid, &status, 0);
	check_status(status, W_EXITCODE(0, 0),
		     "parent writing %s leaves the child's copy unchanged", what);
}

static void
both_ways(const char *what, unsigned char *p, size_t len)
{
	child_writes_first(what, p, len);
	parent_writes_first(what, p, len);
}

int
main(void)
{
	unsigned char stack_buf[2 * PAGE];
	unsigned char *heap = malloc(HEAP_SIZE);
	unsigned char *fresh = mmap(NULL, PAGE, PROT_READ | PROT_WRITE,
				    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	both_ways("the stack", stack_buf, sizeof(stack_buf));
	both_ways(".data", data_page, sizeof(data_page));
	if (CHECK(heap != NULL, "malloc(4 MiB)"))
		both_ways("4 MiB of heap", heap, HEAP_SIZE);
	if (CHECK(fresh != MAP_FAILED, "mmap of an anonymous page")) {
		/* never touched before the fork: a zero page on both sides */
		check_status(run_child(child_writes, &(struct region){ fresh, PAGE }),
			     W_EXITCODE(0, 0), "child writes an untouched page");
		check_why(differing(fresh, PAGE, 0) == 0, "parent saw the child's bytes",
			  "the parent's untouched page still reads zero");
	}
	atomic_store(&cow_flag[0], 0);	/* mapped and dirty before the fork */
	check_status(run_child(store_under_reader, NULL), W_EXITCODE(0, 0),
		     "a thread reading a COW page sees its sibling's store");
	free(heap);
	return check_done();
}
