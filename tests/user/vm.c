/*
 * vm: the address space - brk growth, anonymous mmap private and shared
 * (across fork), mprotect and munmap enforced by faults, stack growth.
 */
#include "check.h"

#include <stdint.h>
#include <sys/mman.h>
#include <sys/syscall.h>

#define PAGE		4096
#define BRK_GROWTH	(8 * 1024 * 1024)
#define SHARED_PAGES	16
#define STACK_DEPTH	(4 * 1024 * 1024)	/* within the default 8 MiB limit */
#define FRAME		1024

/*
 * Through sbrk, so that glibc's idea of the break stays right, and with
 * nothing printed until the heap is back where it was: printing may malloc,
 * and malloc moves the break too.
 */
static void
brk_growth(void)
{
	char *start = sbrk(0);
	bool grew = sbrk(BRK_GROWTH) == start &&
		    (char *)syscall(SYS_brk, 0) == start + BRK_GROWTH;
	size_t bad = 0;
	bool shrunk;

	for (char *p = start; grew && p < start + BRK_GROWTH; p += PAGE)
		*p = 1;
	for (char *p = start; grew && p < start + BRK_GROWTH; p += PAGE)
		bad += *p != 1;
	shrunk = grew && sbrk(-BRK_GROWTH) != (void *)-1 &&
		 (char *)syscall(SYS_brk, 0) == start;
	check_why(grew, NULL, "brk grows the heap by 8 MiB");
	check_why(grew && bad == 0, NULL, "the grown heap is usable (%zu bad pages)", bad);
	check_why(shrunk, NULL, "brk shrinks it back, and brk(0) says so");
}

/* MAP_SHARED anonymous memory: the child's writes reach the parent. */
static int
fill_pages(void *arg)
{
	uint32_t *p = arg;

	for (size_t i = 0; i < SHARED_PAGES * PAGE / sizeof(*p); i++)
		p[i] = (uint32_t)i;
	return 0;
}

static void
shared_across_fork(void)
{
	uint32_t *p = mmap(NULL, SHARED_PAGES * PAGE, PROT_READ | PROT_WRITE,
			   MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	size_t bad = 0;

	if (!CHECK(p != MAP_FAILED, "mmap MAP_SHARED|MAP_ANONYMOUS, 16 pages"))
		return;
	check_status(run_child(fill_pages, p), W_EXITCODE(0, 0),
		     "the child writes the shared pages");
	for (size_t i = 0; i < SHARED_PAGES * PAGE / sizeof(*p); i++)
		bad += p[i] != i;
	CHECK(bad == 0, "the parent sees every word the child wrote (%zu bad)", bad);
	CHECK(munmap(p, SHARED_PAGES * PAGE) == 0, "munmap the shared pages");
}

static int
write_byte(void *p)
{
	*(volatile char *)p = 1;
	return 0;
}

static void
protection(void)
{
	char *p = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
		       -1, 0);

	if (!CHECK(p != MAP_FAILED, "mmap two private pages"))
		return;
	p[0] = 'k';
	CHECK(mprotect(p, PAGE, PROT_READ) == 0, "mprotect the first page read-only");
	CHECK(p[0] == 'k', "the read-only page still reads what was written");
	check_status(run_child(write_byte, p), W_EXITCODE(0, SIGSEGV),
		     "writing the read-only page kills the child with SIGSEGV");
	check_status(run_child(write_byte, p + PAGE), W_EXITCODE(0, 0),
		     "the page after it stays writable");
	CHECK(mprotect(p, PAGE, PROT_READ | PROT_WRITE) == 0, "mprotect it writable again");
	check_status(run_child(write_byte, p), W_EXITCODE(0, 0),
		     "writing it then succeeds");
	CHECK(munmap(p, PAGE) == 0, "munmap the first page");
	check_status(run_child(write_byte, p), W_EXITCODE(0, SIGSEGV),
		     "touching the unmapped page kills the child with SIGSEGV");
	CHECK(p[PAGE] == 0, "the second page survives its neighbour's munmap");
	CHECK_FAILS(mprotect(p, PAGE, PROT_READ), ENOMEM,
		    "mprotect of an unmapped page fails with ENOMEM");
	munmap(p + PAGE, PAGE);
}

static void
fixed_mapping(void)
{
	char *p = mmap(NULL, 3 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
		       -1, 0);
	char *q;

	if (!CHECK(p != MAP_FAILED, "mmap three pages"))
		return;
	memset(p, 'x', 3 * PAGE);
	q = mmap(p + PAGE, PAGE, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	CHECK(q == p + PAGE, "MAP_FIXED maps at the address asked for");
	CHECK(q[0] == 0 && p[0] == 'x' && p[2 * PAGE] == 'x',
	      "MAP_FIXED replaces only the middle page, with zeroes");
	CHECK_FAILS((long)mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE, -1, 0), EBADF,
		    "mmap of fd -1 without MAP_ANONYMOUS fails with EBADF");
	CHECK_FAILS((long)mmap(NULL, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0),
		    EINVAL, "mmap of length 0 fails with EINVAL");
	munmap(p, 3 * PAGE);
}

/* Recurse through depth bytes of stack, each frame holding data to check. */
static int
recurse(size_t depth)
{
	volatile char frame[FRAME];
	int sum;

	frame[0] = (char)depth;
	frame[FRAME - 1] = (char)(depth >> 8);
	sum = depth > FRAME ? recurse(depth - FRAME) : 0;
	return sum + (frame[0] == (char)depth && frame[FRAME - 1] == (char)(depth >> 8));
}

static int
deep_stack(void *unused)
{
	(void)unused;
	return recurse(STACK_DEPTH) == STACK_DEPTH / FRAME ? 0 : 1;
}

int
main(void)
{
	brk_growth();
	shared_across_fork();
	protection();
	fixed_mapping();
	check_status(run_child(deep_stack, NULL), W_EXITCODE(0, 0),
		     "the stack grows through 4 MiB of recursion");
	return check_done();
}
