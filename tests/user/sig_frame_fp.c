/*
 * sig_frame_fp - the floating-point half of the riscv64 signal frame: the
 * interrupted f registers and fcsr are in uc_mcontext.__fpregs.__d (fcsr
 * right after the 32 registers), a handler that uses the FP unit itself
 * leaves the interrupted code's registers intact, a handler's edit of the
 * saved registers and fcsr takes effect on return, and (Kite only: the
 * qemu-riscv64 frame has no extension area) the area after the FP state is
 * zero and rt_sigreturn refuses a frame where it is not. rt_sigreturn with
 * the stack pointer on an unmapped page or in the kernel half: SIGSEGV.
 * The FP state on a page the process has not touched yet, both ways: a
 * frame on an alternate stack whose FP part lies on a fresh page, and
 * rt_sigreturn from a copy of a frame whose FP part lies on a page nothing
 * wrote (so it reads zero).
 */
#include "check.h"
#include <stdint.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <ucontext.h>

#define FCSR_IN		((1 << 5) | 0x01)	/* frm RTZ, NX */
#define FCSR_HANDLER	((3 << 5) | 0x1f)	/* what the handler leaves live */
#define FCSR_EDIT	((2 << 5) | 0x10)	/* frm RDN, NV */
#define EDITED		0x4009213c0c0ffee1ULL

#define PAGE		4096

enum handler_mode { OBSERVE, EDIT, CORRUPT, REPLAY };

static volatile enum handler_mode mode;
static volatile uint64_t seen_f[3];
static volatile uint32_t seen_fcsr, seen_tail[3];
static volatile uintptr_t seen_si, seen_uc;
static char *fresh;		/* REPLAY: two pages, the second never touched */

/* Copy the frame up to its FP state to end at fresh's second page, and return through the copy. */
static void __attribute__((noreturn))
replay(const char *frame, const char *fp)
{
	size_t head = fp - frame;
	char *copy = fresh + PAGE - head;

	memcpy(copy, frame, head);
	__asm__ volatile("mv sp, %0\n\tli a7, %1\n\tecall" : : "r"(copy), "i"(SYS_rt_sigreturn) : "memory");
	__builtin_unreachable();
}

static void
on_usr1(int sig, siginfo_t *si, void *ucv)
{
	ucontext_t *uc = ucv;
	union __riscv_mc_fp_state *fp = &uc->uc_mcontext.__fpregs;

	(void)sig;
	seen_si = (uintptr_t)si;
	seen_uc = (uintptr_t)uc;
	seen_f[0] = fp->__d.__f[0];
	seen_f[1] = fp->__d.__f[10];
	seen_f[2] = fp->__d.__f[31];
	seen_fcsr = fp->__d.__fcsr;
	for (int i = 0; i < 3; i++)
		seen_tail[i] = fp->__q.__glibc_reserved[i];
	/* The handler's own FP work: the registers the interrupted code holds. */
	__asm__ volatile("fmv.d.x ft0, zero\n\tfmv.d.x fa0, zero\n\tfmv.d.x ft11, zero\n\tfscsr %0"
	    : : "r"(FCSR_HANDLER) : "ft0", "fa0", "ft11");
	if (mode == EDIT) {
		fp->__d.__f[10] = EDITED;
		fp->__d.__fcsr = FCSR_EDIT;
	} else if (mode == CORRUPT) {
		fp->__q.__glibc_reserved[0] = 1;
	} else if (mode == REPLAY) {
		replay((const char *)si, (const char *)fp);
	}
}

/*
 * Load ft0, fa0, ft11 and fcsr, send ourselves SIGUSR1 from the same asm
 * block (its handler runs on the way out of the ecall), and read them back.
 */
static void
fp_across_signal(const uint64_t in[3], uint64_t out[3], uint32_t *fcsr_out)
{
	register long a0 __asm__("a0") = getpid();
	register long a1 __asm__("a1") = SIGUSR1;
	register long a7 __asm__("a7") = SYS_kill;
	uint64_t o0, o1, o2;
	unsigned long fcsr;

	__asm__ volatile(
	    "fmv.d.x ft0, %[i0]\n\t"
	    "fmv.d.x fa0, %[i1]\n\t"
	    "fmv.d.x ft11, %[i2]\n\t"
	    "fscsr %[fi]\n\t"
	    "ecall\n\t"
	    "fmv.x.d %[o0], ft0\n\t"
	    "fmv.x.d %[o1], fa0\n\t"
	    "fmv.x.d %[o2], ft11\n\t"
	    "frcsr %[fo]\n\t"
	    "fscsr zero"
	    : "+r"(a0), [o0] "=&r"(o0), [o1] "=&r"(o1), [o2] "=&r"(o2), [fo] "=&r"(fcsr)
	    : "r"(a1), "r"(a7), [i0] "r"(in[0]), [i1] "r"(in[1]), [i2] "r"(in[2]), [fi] "r"(FCSR_IN)
	    : "ft0", "fa0", "ft11", "memory");
	out[0] = o0;
	out[1] = o1;
	out[2] = o2;
	*fcsr_out = fcsr;
}

static void
test_saved_and_kept(void)
{
	static const uint64_t in[3] = { 0x3ff0000000000001ULL, 0xc00921fb54442d18ULL, 0x7ff8000000000abcULL };
	uint64_t out[3];
	uint32_t fcsr;

	mode = OBSERVE;
	fp_across_signal(in, out, &fcsr);
	CHECK(seen_f[0] == in[0] && seen_f[1] == in[1] && seen_f[2] == in[2],
	    "the frame holds the interrupted f0, f10, f31 (%#llx %#llx %#llx)",
	    (unsigned long long)seen_f[0], (unsigned long long)seen_f[1], (unsigned long long)seen_f[2]);
	CHECK(seen_fcsr == FCSR_IN, "fcsr is in __fpregs.__d.__fcsr (%#x)", seen_fcsr);
	CHECK(out[0] == in[0] && out[1] == in[1] && out[2] == in[2] && fcsr == FCSR_IN,
	    "the handler's own FP use does not reach the interrupted code (fcsr %#x)", fcsr);
	CHECK(seen_si % 16 == 0 && seen_uc == seen_si + 128,
	    "siginfo 16-aligned, the ucontext right after its 128 bytes");
	if (guest_only("the extension area after the FP state is zero"))
		CHECK(seen_tail[0] == 0 && seen_tail[1] == 0 && seen_tail[2] == 0,
		    "the extension area after the FP state is zero (%#x %#x %#x)",
		    seen_tail[0], seen_tail[1], seen_tail[2]);
}

static void
test_edit(void)
{
	static const uint64_t in[3] = { 1, 2, 3 };
	uint64_t out[3];
	uint32_t fcsr;

	mode = EDIT;
	fp_across_signal(in, out, &fcsr);
	CHECK(out[1] == EDITED && out[0] == in[0] && out[2] == in[2],
	    "a handler's change to a saved f register takes effect (%#llx)", (unsigned long long)out[1]);
	CHECK(fcsr == FCSR_EDIT, "a handler's change to the saved fcsr takes effect (%#x)", fcsr);
}

static int
corrupt_child(void *arg)
{
	(void)arg;
	mode = CORRUPT;
	raise(SIGUSR1);
	return 0;
}

static void
test_bad_extension(void)
{
	if (!guest_only("rt_sigreturn refuses a non-zero extension area"))
		return;
	check_status(run_child(corrupt_child, NULL), W_EXITCODE(0, SIGSEGV),
	    "rt_sigreturn refuses a non-zero extension area: SIGSEGV");
}

/* rt_sigreturn with sp at arg: it must not return. */
static int
bad_sp_child(void *arg)
{
	register long a7 __asm__("a7") = SYS_rt_sigreturn;

	__asm__ volatile("mv sp, %0\n\tecall" : : "r"(arg), "r"(a7) : "memory");
	return 1;
}

static void
test_bad_frame_pointer(void)
{
	check_status(run_child(bad_sp_child, (void *)0x1000), W_EXITCODE(0, SIGSEGV),
	    "rt_sigreturn with sp on an unmapped page: SIGSEGV");
	check_status(run_child(bad_sp_child, (void *)0xffffffc000000000UL), W_EXITCODE(0, SIGSEGV),
	    "rt_sigreturn with sp in the kernel half: SIGSEGV");
}

/*
 * An alternate stack whose top is 528 bytes into its third page: the frame's
 * first 560 bytes (siginfo, ucontext head, registers) end the second page,
 * its FP state fills the start of the third, which nothing touched before.
 */
static void
test_fresh_page_frame(void)
{
	static const uint64_t in[3] = { 7, 8, 9 };
	char *area = mmap(NULL, 3 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	stack_t ss = { .ss_sp = area, .ss_size = 2 * PAGE + 528 };
	uint64_t out[3];
	uint32_t fcsr;

	if (!CHECK(area != MAP_FAILED && sigaltstack(&ss, NULL) == 0, "an alternate stack on fresh pages"))
		return;
	catch_siginfo(SIGUSR1, on_usr1, SA_ONSTACK);
	mode = OBSERVE;
	fp_across_signal(in, out, &fcsr);
	CHECK(seen_f[1] == in[1] && out[1] == in[1] && fcsr == FCSR_IN,
	    "an alternate stack on fresh pages: the FP state written and read back");
	/* qemu-riscv64's frame is smaller than Linux's: where it lands is Kite's (and Linux's) layout. */
	if (guest_only("the frame's FP state is on the untouched third page"))
		CHECK(seen_si == (uintptr_t)area + 2 * PAGE - 560,
		    "the frame's FP state is on the untouched third page");
	ss.ss_flags = SS_DISABLE;
	sigaltstack(&ss, NULL);
	catch_siginfo(SIGUSR1, on_usr1, 0);
	munmap(area, 3 * PAGE);
}

static void
test_fresh_page_sigreturn(void)
{
	static const uint64_t in[3] = { 4, 5, 6 };
	uint64_t out[3];
	uint32_t fcsr;

	fresh = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (!CHECK(fresh != MAP_FAILED, "two fresh pages"))
		return;
	mode = REPLAY;
	fp_across_signal(in, out, &fcsr);
	CHECK(out[0] == 0 && out[1] == 0 && out[2] == 0 && fcsr == 0,
	    "rt_sigreturn from a copied frame: its FP part, on a page nothing wrote, reads zero (%#llx, fcsr %#x)",
	    (unsigned long long)out[1], fcsr);
	munmap(fresh, 2 * PAGE);
}

int
main(void)
{
	catch_siginfo(SIGUSR1, on_usr1, 0);
	test_saved_and_kept();
	test_edit();
	test_bad_extension();
	test_bad_frame_pointer();
	test_fresh_page_frame();
	test_fresh_page_sigreturn();
	return check_done();
}
