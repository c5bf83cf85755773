/*
 * sig_altstack - sigaltstack(2) and SA_ONSTACK: the setting as reported
 * (SS_DISABLE, SS_ONSTACK inside the handler), its errors (EINVAL, ENOMEM,
 * EPERM while on the stack), and a SIGSEGV handler that runs on the
 * alternate stack after the ordinary stack overflowed.
 */
#include "check.h"
#include <stdint.h>
#include <sys/resource.h>

static char altstack[64 * 1024] __attribute__((aligned(16)));
static volatile uintptr_t handler_sp;
static volatile int handler_flags, eperm_inside;

static void
on_usr1(int sig)
{
	stack_t ss, other = { .ss_sp = altstack, .ss_size = sizeof(altstack) };
	char here;

	(void)sig;
	handler_sp = (uintptr_t)&here;
	sigaltstack(NULL, &ss);
	handler_flags = ss.ss_flags;
	eperm_inside = sigaltstack(&other, NULL) == -1 && errno == EPERM;
}

static bool
on_alt(uintptr_t sp)
{
	return sp >= (uintptr_t)altstack && sp < (uintptr_t)altstack + sizeof(altstack);
}

static void
test_calls(void)
{
	stack_t ss = { 0 }, old;
	struct sigaction sa = { .sa_handler = on_usr1, .sa_flags = SA_ONSTACK };

	CHECK(sigaltstack(NULL, &old) == 0 && (old.ss_flags & SS_DISABLE), "no alternate stack at start");
	ss.ss_sp = altstack;
	ss.ss_size = 1024;
	CHECK_FAILS(sigaltstack(&ss, NULL), ENOMEM, "a stack below MINSIGSTKSZ");
	ss.ss_size = sizeof(altstack);
	ss.ss_flags = 0x10;
	CHECK_FAILS(sigaltstack(&ss, NULL), EINVAL, "unknown flags");
	ss.ss_flags = 0;
	CHECK(sigaltstack(&ss, NULL) == 0, "set a 64 KiB alternate stack");
	CHECK(sigaltstack(NULL, &old) == 0 && old.ss_sp == altstack && old.ss_size == sizeof(altstack) &&
	    old.ss_flags == 0, "it reads back");
	sigemptyset(&sa.sa_mask);
	sigaction(SIGUSR1, &sa, NULL);
	kill(getpid(), SIGUSR1);
	CHECK(on_alt(handler_sp), "an SA_ONSTACK handler runs on it");
	CHECK(handler_flags == SS_ONSTACK, "sigaltstack there says SS_ONSTACK (%#x)", handler_flags);
	CHECK(eperm_inside, "changing it while on it: EPERM");
	sa.sa_flags = 0;
	sigaction(SIGUSR1, &sa, NULL);
	kill(getpid(), SIGUSR1);
	CHECK(!on_alt(handler_sp), "a handler without SA_ONSTACK does not");
	ss.ss_flags = SS_DISABLE;
	CHECK(sigaltstack(&ss, NULL) == 0 && sigaltstack(NULL, &old) == 0 && (old.ss_flags & SS_DISABLE),
	    "SS_DISABLE turns it off");
}

static void
on_segv(int sig)
{
	char here;

	(void)sig;
	_exit(on_alt((uintptr_t)&here) ? 0 : 2);
}

/* Recurse until the stack overflows; the depth bound only keeps the compiler honest. */
static int __attribute__((noinline))
recurse(volatile char *prev, long depth)
{
	volatile char buf[1024];

	buf[0] = prev != NULL ? prev[0] + 1 : 0;
	if (depth == 0)
		return buf[0];
	return recurse(buf, depth - 1) + buf[1];
}

static int
overflow_child(void *arg)
{
	struct rlimit rl = { 256 * 1024, 256 * 1024 };
	stack_t ss = { .ss_sp = altstack, .ss_size = sizeof(altstack) };
	struct sigaction sa = { .sa_handler = on_segv, .sa_flags = SA_ONSTACK };

	(void)arg;
	setrlimit(RLIMIT_STACK, &rl);
	if (sigaltstack(&ss, NULL) != 0)
		return 1;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGSEGV, &sa, NULL);
	return recurse(NULL, 1L << 40) == 0 ? 3 : 4;
}

static void
test_overflow(void)
{
	static const char *const why[] = { NULL, "sigaltstack failed", "the handler was not on the alternate stack",
	    "the recursion returned", "the recursion returned" };

	check_child(run_child(overflow_child, NULL), why, 5, "stack overflow: SIGSEGV handler on the alternate stack");
}

int
main(void)
{
	test_calls();
	test_overflow();
	return check_done();
}
