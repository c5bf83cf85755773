/*
 * efault: system calls given bad user pointers - unmapped, read-only, or in
 * the kernel's half of the address space - fail with EFAULT and leave the
 * caller running. Raw syscall() is used where a glibc wrapper (or a vDSO)
 * would touch the pointer itself.
 */
#include "check.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/syscall.h>

#define PAGE	4096
#define LEN	16

/* An address in the upper (kernel) half of the Sv39 address space. */
#define KERNEL_ADDR	((void *)0xffffffc000000000UL)
/* A low address nothing is mapped at. */
#define LOW_ADDR	((void *)1)

/* A page that was mapped and is not any more. */
static void *
unmapped_page(void)
{
	void *p = mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p != MAP_FAILED)
		munmap(p, PAGE);
	return p;
}

/* Reading into each kind of bad buffer; a pipe always has data ready. */
static void
reads(void *gone, void *readonly)
{
	char data[3 * LEN];
	int fds[2];

	if (!CHECK(pipe(fds) == 0, "pipe"))
		return;
	memset(data, 'k', sizeof(data));
	CHECK(write(fds[1], data, sizeof(data)) == sizeof(data), "fill the pipe");
	CHECK_FAILS(syscall(SYS_read, fds[0], gone, LEN), EFAULT, "read into an unmapped page");
	CHECK_FAILS(syscall(SYS_read, fds[0], readonly, LEN), EFAULT, "read into a read-only page");
	CHECK_FAILS(syscall(SYS_read, fds[0], KERNEL_ADDR, LEN), EFAULT, "read into a kernel address");
	close(fds[0]);
	close(fds[1]);
}

static void
writes(void *gone)
{
	CHECK_FAILS(syscall(SYS_write, STDOUT_FILENO, LOW_ADDR, 10), EFAULT, "write(1, (void *)1, 10)");
	CHECK_FAILS(syscall(SYS_write, STDOUT_FILENO, gone, LEN), EFAULT, "write from an unmapped page");
	CHECK_FAILS(syscall(SYS_write, STDOUT_FILENO, KERNEL_ADDR, LEN), EFAULT,
		    "write from a kernel address");
}

static void
paths(void *gone)
{
	char *argv[] = { "x", NULL };

	CHECK_FAILS(syscall(SYS_openat, AT_FDCWD, LOW_ADDR, O_RDONLY), EFAULT,
		    "openat with a bad path pointer");
	CHECK_FAILS(syscall(SYS_openat, AT_FDCWD, KERNEL_ADDR, O_RDONLY), EFAULT,
		    "openat with a kernel path pointer");
	CHECK_FAILS(syscall(SYS_mkdirat, AT_FDCWD, gone, 0700), EFAULT,
		    "mkdirat with an unmapped path");
	CHECK_FAILS(syscall(SYS_execve, LOW_ADDR, argv, environ), EFAULT,
		    "execve with a bad path pointer");
	CHECK_FAILS(syscall(SYS_execve, "/nonexistent", LOW_ADDR, environ), EFAULT,
		    "execve with a bad argv pointer");
}

/* Calls that write a structure out to the caller. */
static void
results(void *readonly)
{
	CHECK_FAILS(syscall(SYS_clock_gettime, CLOCK_MONOTONIC, LOW_ADDR), EFAULT,
		    "clock_gettime into a bad pointer");
	CHECK_FAILS(syscall(SYS_clock_gettime, CLOCK_MONOTONIC, readonly), EFAULT,
		    "clock_gettime into a read-only page");
	CHECK_FAILS(syscall(SYS_uname, KERNEL_ADDR), EFAULT, "uname into a kernel address");
	CHECK_FAILS(syscall(SYS_pipe2, LOW_ADDR, 0), EFAULT, "pipe2 into a bad pointer");
	CHECK_FAILS(syscall(SYS_getrandom, readonly, LEN, 0), EFAULT,
		    "getrandom into a read-only page");
	CHECK_FAILS(syscall(SYS_sysinfo, KERNEL_ADDR), EFAULT, "sysinfo into a kernel address");
}

/* wait4 must fail with EFAULT when it cannot store the status. */
static void
wait_status(void)
{
	pid_t pid = fork();

	if (pid == 0)
		_exit(0);
	CHECK_FAILS(syscall(SYS_wait4, pid, LOW_ADDR, 0, NULL), EFAULT,
		    "wait4 storing the status at a bad pointer");
	waitpid(pid, NULL, 0);
}

int
main(void)
{
	/*
	 * The read-only page first: a kernel may well hand a just-unmapped
	 * range to the next mmap, which would map the "unmapped" page again.
	 */
	void *readonly = mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	void *gone = unmapped_page();

	if (!CHECK(gone != MAP_FAILED && readonly != MAP_FAILED,
		   "set up an unmapped and a read-only page"))
		return check_done();
	reads(gone, readonly);
	writes(gone);
	paths(gone);
	results(readonly);
	wait_status();
	CHECK(getpid() > 0, "the process survives every bad pointer");
	return check_done();
}
