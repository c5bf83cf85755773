/*
 * oom: a child that allocates and touches memory until the system refuses
 * must end the way Linux ends it - mmap failing with ENOMEM, or the child
 * killed with SIGKILL - and leave the system working, with (on Kite) its
 * free memory back once the child is reaped.
 */
#include "check.h"

#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/sysinfo.h>

#define MiB		(1024UL * 1024)
#define CHUNK		MiB
#define PAGE		4096
/*
 * Keeps the host safe: the child limits its address space to CAP, and since
 * qemu-riscv64 accepts RLIMIT_AS without enforcing it, it also stops by
 * itself once CAP is mapped. Kite's guest has far less memory than CAP.
 */
#define CAP		(2048 * MiB)
#define FREE_SLACK	(2 * MiB)	/* the kernel's own allocations may move */
#define SETTLE_TRIES	100		/* 10 ms apart, for lazily freed memory */

/* How the allocating child ends, when it ends by itself. */
enum { EXIT_ENOMEM = 10, EXIT_OTHER_ERRNO, EXIT_CAPPED };

static int
allocate_until_refused(void *unused)
{
	struct rlimit cap = { CAP, CAP };

	(void)unused;
	setrlimit(RLIMIT_AS, &cap);
	for (size_t mapped = 0; mapped < CAP; mapped += CHUNK) {
		char *p = mmap(NULL, CHUNK, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

		if (p == MAP_FAILED)
			return errno == ENOMEM ? EXIT_ENOMEM : EXIT_OTHER_ERRNO;
		for (size_t off = 0; off < CHUNK; off += PAGE)
			p[off] = 1;
	}
	return EXIT_CAPPED;
}

static bool
ended_as_linux_allows(int status)
{
	if (WIFSIGNALED(status))
		return WTERMSIG(status) == SIGKILL;
	if (!WIFEXITED(status))
		return false;
	/* Only where RLIMIT_AS goes unenforced (qemu-riscv64) can CAP be reached. */
	return WEXITSTATUS(status) == EXIT_ENOMEM ||
	       (WEXITSTATUS(status) == EXIT_CAPPED && !on_kite());
}

static unsigned long
free_bytes(void)
{
	struct sysinfo si;

	if (sysinfo(&si) != 0)
		return 0;
	return si.freeram * si.mem_unit;
}

static int
small_allocation(void *unused)
{
	char *p = malloc(MiB);

	(void)unused;
	if (p == NULL)
		return 1;
	memset(p, 1, MiB);
	free(p);
	return 0;
}

/* Wait, briefly, for the free figure to climb back to within FREE_SLACK of before. */
static unsigned long
settled_free_bytes(unsigned long before)
{
	struct timespec pause = { 0, 10000000 };
	unsigned long now = free_bytes();

	for (int i = 0; i < SETTLE_TRIES && now + FREE_SLACK < before; i++) {
		nanosleep(&pause, NULL);
		now = free_bytes();
	}
	return now;
}

int
main(void)
{
	unsigned long before = free_bytes(), after;
	char why[64];
	int status = run_child(allocate_until_refused, NULL);

	check_why(ended_as_linux_allows(status), NULL,
		  "the allocating child ends by ENOMEM (exit %d), SIGKILL, or, under "
		  "qemu-riscv64 only, the cap (exit %d): it %s", EXIT_ENOMEM, EXIT_CAPPED,
		  status_str(status, why, sizeof(why)));
	check_status(run_child(small_allocation, NULL), W_EXITCODE(0, 0),
		     "a new child can fork and allocate afterwards");
	if (guest_only("free memory returns after the child is reaped")) {
		after = settled_free_bytes(before);
		CHECK(after + FREE_SLACK >= before,
		      "free memory returns to within 2 MiB (%lu KiB before, %lu KiB after)",
		      before / 1024, after / 1024);
	}
	return check_done();
}
