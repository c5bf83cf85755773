/*
 * Running a user signal handler: the riscv64 rt_sigframe, exactly as Linux
 * lays it out, so a handler compiled against glibc finds its siginfo and
 * ucontext where it expects them:
 *
 *   sp -> siginfo (128 bytes)
 *         ucontext: uc_flags, uc_link, uc_stack, uc_sigmask (+ padding to
 *         1024 bits), uc_mcontext (16-aligned): 32 registers (pc first, then
 *         x1..x31), then the F/D state: f[32] and fcsr (the D layout) in a
 *         union sized for Q, whose last 12 bytes are the extension area: a
 *         reserved word and the END header, all zero (no vector state).
 *
 * The frame is written and read piece by piece, straight between user memory
 * and where the state lives (the trap frame, whose first 256 bytes are
 * user_regs_struct, and the thread's FP save area), as Linux does: what
 * Linux leaves unwritten (the sigmask padding, the Q half of the FP union)
 * keeps whatever the user stack held. rt_sigreturn refuses a frame whose
 * extension area is not zero, as Linux does.
 *
 * The handler returns to a trampoline (li a7, __NR_rt_sigreturn; ecall)
 * mapped read-only and executable at SIGRETURN_TRAMPOLINE in every process.
 */
#include <signal.h>
#include <proc.h>
#include <vm.h>
#include <uaccess.h>
#include <syscall.h>
#include <string.h>
#include <riscv.h>
#include <errno.h>
#include <mm.h>
#include <shm_object.h>
#include <panic.h>

/* Linux's __riscv_fp_state with the extension header overlaid on its tail. */
struct fp_state {
	union {
		struct {
			uint64_t f[32];
			uint32_t fcsr;
		} d;
		struct {
			uint64_t f[64];
			uint32_t fcsr;
			uint32_t reserved;		/* 0 */
			uint32_t end_magic, end_size;	/* END_MAGIC, END_HDR_SIZE: 0, 0 */
		} q;
	};
} __aligned(16);

struct sigcontext {
	uint64_t regs[TF_USER_REGS / 8];	/* user_regs_struct: pc, x1..x31 */
	struct fp_state fp;
};

/* The part of the ucontext before the mask's padding. */
struct uc_head {
	unsigned long uc_flags;
	uintptr_t uc_link;
	struct user_stack uc_stack;
	sigset_t uc_sigmask;
};

struct ucontext {
	struct uc_head head;
	uint8_t unused[1024 / 8 - sizeof(sigset_t)];
	struct sigcontext uc_mcontext __aligned(16);
};

struct rt_sigframe {
	struct siginfo info;
	struct ucontext uc;
};

/* The FP state's word after f[31] (fcsr, then the D layout's padding) and its last 16 bytes. */
#define FP_FCSR_WORD	offsetof(struct fp_state, d.fcsr)
#define FP_TAIL		offsetof(struct fp_state, q.fcsr)

_Static_assert(sizeof(struct siginfo) == 128, "siginfo is 128 bytes");
_Static_assert(offsetof(struct ucontext, uc_mcontext) == 176, "Linux's riscv64 ucontext");
_Static_assert(sizeof(struct fp_state) == 528, "__riscv_fp_state is 528 bytes");
_Static_assert(FP_FCSR_WORD == 256 && FP_TAIL == 512, "__riscv_d/q_ext_state");
_Static_assert(sizeof(struct rt_sigframe) == 1088, "Linux's riscv64 rt_sigframe");

void fpu_save(struct fpu_state *s);
int fpu_save_user(void *u);
int fpu_restore_user(const void *u);

static struct shm_object *trampoline;

/* li a7, 139 (rt_sigreturn); ecall */
static const uint32_t trampoline_code[] = { 0x08b00893, 0x00000073 };

void
signal_trampoline_init(void)
{
	struct page *p;

	trampoline = shm_object_create(PAGE_SIZE);
	p = trampoline != NULL ? shm_object_page(trampoline, 0) : NULL;
	if (p == NULL)
		panic("cannot allocate the signal trampoline");
	memcpy(page_address(p), trampoline_code, sizeof(trampoline_code));
	page_put(p);
}

int
signal_map_trampoline(struct mm *mm)
{
	long r = vm_map_locked(mm, SIGRETURN_TRAMPOLINE, PAGE_SIZE, PROT_READ | PROT_EXEC,
	    MAP_FIXED | MAP_SHARED, NULL, 0, trampoline);

	return r < 0 ? (int)r : 0;
}

/*
 * Make t->fpu the thread's FP state: save the live registers if the hart
 * holds them changed. Afterwards sstatus.FS is not Dirty, so a context switch
 * cannot overwrite t->fpu with the registers behind our back.
 */
static void
sync_fpu(struct thread *t)
{
	/* Only the user sets Dirty; in the kernel it can only become Clean. */
	if ((t->utf->sstatus & SSTATUS_FS) != SSTATUS_FS_DIRTY)
		return;
	push_off();
	if (mycpu()->fpu_owner == t && (t->utf->sstatus & SSTATUS_FS) == SSTATUS_FS_DIRTY) {
		fpu_save(&t->fpu);
		t->utf->sstatus = (t->utf->sstatus & ~SSTATUS_FS) | SSTATUS_FS_CLEAN;
	}
	pop_off();
}

/*
 * Decide what an interrupted system call becomes now that a handler runs:
 * restarted (SA_RESTART, or a call that always restarts) or -EINTR.
 */
static void
handle_restart(struct thread *t, struct trapframe *tf, const struct k_sigaction *sa)
{
	long err = (long)tf->a0;

	if (!t->syscall_restart)
		return;
	t->syscall_restart = false;
	if (err == -ERESTARTNOINTR || (err == -ERESTARTSYS && (sa->flags & SA_RESTART))) {
		tf->a0 = tf->orig_a0;
		tf->sepc -= 4;
	} else {
		tf->a0 = -EINTR;
	}
}

/* The ucontext head's fields and the FP state's small words, one access each. */
#define UC_FIELD(f, field)	((uintptr_t)&(f)->uc.head + offsetof(struct uc_head, field))
#define FP_WORD(f, off)		((uintptr_t)&(f)->uc.uc_mcontext.fp + (off))

/* ss_flags is an int in an 8-byte slot: written as a zero-extended word. */
_Static_assert(offsetof(struct user_stack, ss_size) == offsetof(struct user_stack, ss_flags) + 8,
    "ss_flags has an 8-byte slot");

/*
 * The FP state into the frame: straight from the registers when this hart
 * holds the thread's (interrupts off so that it keeps them), else, or if
 * that faulted (no paging with interrupts off: a page not yet present or
 * copy-on-write), from the save area.
 */
static bool
fp_write(struct thread *t, struct rt_sigframe *f)
{
	struct fp_state *fp = &f->uc.uc_mcontext.fp;
	bool irq_on = local_irq_enabled();
	long err = 0;
	int r = -1;

	local_irq_disable();
	if (mycpu()->fpu_owner == t)
		r = fpu_save_user(fp);
	if (irq_on)
		local_irq_enable();
	if (r == 0)
		return true;
	sync_fpu(t);
	if (__copy_user(fp->d.f, t->fpu.f, sizeof(t->fpu.f)) != 0)
		return false;
	user_access_begin();
	unsafe_put_u64(t->fpu.fcsr, FP_WORD(f, FP_FCSR_WORD), &err);	/* and the D padding */
	user_access_end();
	return err == 0;
}

/* Write f's pieces (the whole frame passed access_ok); false on a fault. */
static bool
frame_write(struct thread *t, struct rt_sigframe *f, const struct siginfo *info,
    const struct user_stack *ss, sigset_t mask)
{
	long err = 0;

	if (__copy_user(&f->info, info, sizeof(*info)) != 0 ||
	    __copy_user(f->uc.uc_mcontext.regs, t->utf, TF_USER_REGS) != 0 ||
	    !fp_write(t, f))
		return false;
	user_access_begin();
	unsafe_put_u64(0, UC_FIELD(f, uc_flags), &err);
	unsafe_put_u64(0, UC_FIELD(f, uc_link), &err);
	unsafe_put_u64(ss->ss_sp, UC_FIELD(f, uc_stack.ss_sp), &err);
	unsafe_put_u64((uint32_t)ss->ss_flags, UC_FIELD(f, uc_stack.ss_flags), &err);
	unsafe_put_u64(ss->ss_size, UC_FIELD(f, uc_stack.ss_size), &err);
	unsafe_put_u64(mask.bits, UC_FIELD(f, uc_sigmask), &err);
	unsafe_put_u64(0, FP_WORD(f, FP_TAIL), &err);		/* q.fcsr, reserved */
	unsafe_put_u64(0, FP_WORD(f, FP_TAIL + 8), &err);		/* the END header */
	user_access_end();
	return err == 0;
}

/*
 * Build the frame and point the thread at the handler, on the alternate
 * stack if the handler asks for it. false: the frame could not be written.
 */
bool
signal_setup_frame(const struct k_sigaction *sa, const struct siginfo *info,
    sigset_t old_blocked)
{
	struct thread *t = current;
	struct trapframe *tf = t->utf;
	struct user_stack ss;
	uintptr_t at;

	handle_restart(t, tf, sa);
	altstack_save(t, tf->sp, &ss);
	at = ALIGN_DOWN(altstack_frame_top(t, tf->sp, sa->flags) - sizeof(struct rt_sigframe), 16);
	if (!access_ok(at, sizeof(struct rt_sigframe)) ||
	    !frame_write(t, (struct rt_sigframe *)at, info, &ss, old_blocked))
		return false;
	tf->sepc = sa->handler;
	tf->ra = SIGRETURN_TRAMPOLINE;
	tf->sp = at;
	tf->a0 = info->si_signo;
	tf->a1 = at + offsetof(struct rt_sigframe, info);
	tf->a2 = at + offsetof(struct rt_sigframe, uc);
	return true;
}

/*
 * The frame's FP state becomes the thread's: loaded straight into the
 * registers, which this hart then holds as the only current copy (Dirty).
 * The load runs with interrupts off, so no switch sees the registers and
 * their ownership apart, and so cannot page: it faults only if another
 * thread unmapped or discarded the frame since frame_read read its
 * neighbours. Then the state is copied into the save area for the way out
 * to load (Clean: the registers, partly loaded, are nobody's).
 */
static bool
fp_read(struct thread *t, const struct rt_sigframe *f, uint32_t fcsr)
{
	const struct fp_state *fp = &f->uc.uc_mcontext.fp;
	bool irq_on = local_irq_enabled(), loaded;
	struct cpu *c;

	local_irq_disable();
	c = mycpu();
	c->fpu_owner = NULL;
	loaded = fpu_restore_user(fp) == 0;
	if (loaded) {
		c->fpu_owner = t;
		fpu_disown(t, c);
	}
	t->utf->sstatus = (t->utf->sstatus & ~SSTATUS_FS) | (loaded ? SSTATUS_FS_DIRTY : SSTATUS_FS_CLEAN);
	if (irq_on)
		local_irq_enable();
	if (loaded)
		return true;
	t->fpu.fcsr = fcsr;
	return __copy_user(t->fpu.f, fp->d.f, sizeof(t->fpu.f)) == 0;
}

/*
 * Read back what the frame at f holds (it passed access_ok): the registers
 * into tf, the FP state (fp_read), the altstack and mask into *ss and *mask.
 * false on a fault or a non-zero extension area.
 */
static bool
frame_read(struct thread *t, const struct rt_sigframe *f, struct trapframe *tf,
    struct user_stack *ss, sigset_t *mask)
{
	uint64_t fcsr_word, tail_lo, tail_hi;
	long err = 0;

	user_access_begin();
	ss->ss_sp = unsafe_get_u64(UC_FIELD(f, uc_stack.ss_sp), &err);
	ss->ss_flags = (int)unsafe_get_u64(UC_FIELD(f, uc_stack.ss_flags), &err);
	ss->ss_size = unsafe_get_u64(UC_FIELD(f, uc_stack.ss_size), &err);
	mask->bits = unsafe_get_u64(UC_FIELD(f, uc_sigmask), &err);
	fcsr_word = unsafe_get_u64(FP_WORD(f, FP_FCSR_WORD), &err);
	tail_lo = unsafe_get_u64(FP_WORD(f, FP_TAIL), &err);
	tail_hi = unsafe_get_u64(FP_WORD(f, FP_TAIL + 8), &err);
	user_access_end();
	/* tail_lo's low half is q.fcsr, unused in the D layout; the rest must be 0. */
	if (err != 0 || (tail_lo >> 32) != 0 || tail_hi != 0)
		return false;
	return __copy_user(tf, f->uc.uc_mcontext.regs, TF_USER_REGS) == 0 &&
	    fp_read(t, f, (uint32_t)fcsr_word);
}

SYSCALL_DEFINE0(rt_sigreturn)
{
	struct thread *t = current;
	struct trapframe *tf = t->utf;
	struct sighand *sh = t->proc->sighand;
	struct user_stack ss;
	sigset_t mask;

	if (!access_ok(tf->sp, sizeof(struct rt_sigframe)) ||
	    !frame_read(t, (const struct rt_sigframe *)tf->sp, tf, &ss, &mask)) {
		force_fault_signal(SIGSEGV, SI_KERNEL, tf->sp);
		return -EFAULT;
	}
	spin_lock(&sh->lock);
	t->blocked.bits = mask.bits & ~(sigmask(SIGKILL) | sigmask(SIGSTOP));
	spin_unlock(&sh->lock);
	altstack_restore(t, tf->sp, &ss);
	t->syscall_restart = false;
	return (long)tf->a0;	/* dispatch stores it back into a0 unchanged */
}
