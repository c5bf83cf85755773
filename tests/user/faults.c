/*
 * faults: a child's hardware faults become the Linux signals its parent sees
 * in the wait status, and RISC-V integer division by zero, which does not
 * trap at all, gives the results the ISA defines.
 */
#include "check.h"

#include <stdint.h>
#include <sys/mman.h>

#define PAGE	4096

static int
null_deref(void *unused)
{
	(void)unused;
	return *(volatile int *)NULL;
}

/* c.unimp: the all-zero encoding, guaranteed illegal. */
static int
illegal_instruction(void *unused)
{
	(void)unused;
	asm volatile("unimp");
	return 0;
}

static int
breakpoint(void *unused)
{
	(void)unused;
	asm volatile("ebreak");
	return 0;
}

/* Jump into a page mapped without PROT_EXEC. */
static int
execute_data(void *page)
{
	((void (*)(void))page)();
	return 0;
}

static int
call_abort(void *unused)
{
	(void)unused;
	abort();
}

static void
fatal_signals(void)
{
	void *page = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
			  -1, 0);

	check_status(run_child(null_deref, NULL), W_EXITCODE(0, SIGSEGV),
		     "a NULL dereference kills the child with SIGSEGV");
	check_status(run_child(illegal_instruction, NULL), W_EXITCODE(0, SIGILL),
		     "an illegal instruction kills the child with SIGILL");
	check_status(run_child(breakpoint, NULL), W_EXITCODE(0, SIGTRAP),
		     "ebreak kills the child with SIGTRAP");
	if (CHECK(page != MAP_FAILED, "mmap a non-executable page"))
		check_status(run_child(execute_data, page), W_EXITCODE(0, SIGSEGV),
			     "jumping into a non-executable page kills with SIGSEGV");
	check_status(run_child(call_abort, NULL), W_EXITCODE(0, SIGABRT),
		     "abort() kills the child with SIGABRT");
}

/*
 * NAME_insn(a, b): one instruction of the M extension, so that C's undefined
 * behaviour for division by zero stays out of the test.
 */
#define M_INSN(name, type)                                                   \
	static type name##_insn(type a, type b)                              \
	{                                                                    \
		type r;                                                      \
		asm volatile(#name " %0, %1, %2" : "=r"(r) : "r"(a), "r"(b)); \
		return r;                                                    \
	}
M_INSN(div, int64_t)
M_INSN(divu, uint64_t)
M_INSN(rem, int64_t)

static void
division(void)
{
	CHECK(div_insn(42, 0) == -1, "div by zero gives -1, without a trap");
	CHECK(divu_insn(42, 0) == UINT64_MAX, "divu by zero gives all ones");
	CHECK(rem_insn(42, 0) == 42, "rem by zero gives the dividend");
	CHECK(div_insn(INT64_MIN, -1) == INT64_MIN, "div overflow gives the dividend");
	CHECK(rem_insn(INT64_MIN, -1) == 0, "rem overflow gives 0");
}

int
main(void)
{
	fatal_signals();
	division();
	CHECK(getpid() > 0, "the parent runs on after its children's faults");
	return check_done();
}
