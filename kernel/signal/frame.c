/*
 * Running a user signal handler: the riscv64 rt_sigframe, exactly as Linux
 * lays it out, so a handler compiled against glibc finds its siginfo and
 * ucontext where it expects them:
 *
 *   sp -> siginfo (128 bytes)
 *         ucontext: uc_flags, uc_link, uc_stack, uc_sigmask (+ padding to
 *         1024 bits), uc_mcontext (16-aligned): 32 registers (pc first, then
 *         x1..x31), then the F/D state (f[32] in a 64-slot area, fcsr).
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

struct user_regs {
	uint64_t pc, ra, sp, gp, tp, t0, t1, t2, s0, s1, a0, a1, a2, a3, a4, a5, a6, a7;
	uint64_t s2, s3, s4, s5, s6, s7, s8, s9, s10, s11, t3, t4, t5, t6;
};

struct fp_state {
	uint64_t f[64] __aligned(16);	/* the Q-extension layout: D uses the first 32 */
	uint32_t fcsr;
	uint32_t reserved[3];
};

struct sigcontext {
	struct user_regs regs;
	struct fp_state fp;
};

struct ucontext {
	unsigned long uc_flags;
	uintptr_t uc_link;
	struct user_stack uc_stack;
	sigset_t uc_sigmask;
	uint8_t unused[1024 / 8 - sizeof(sigset_t)];
	struct sigcontext uc_mcontext __aligned(16);
};

struct rt_sigframe {
	struct siginfo info;
	struct ucontext uc;
};

_Static_assert(sizeof(struct siginfo) == 128, "siginfo is 128 bytes");
_Static_assert(offsetof(struct ucontext, uc_mcontext) == 176, "Linux's riscv64 ucontext");

void fpu_save(struct fpu_state *s);

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

/* The thread's live FP registers, saved into t->fpu if the hart holds them. */
static void
sync_fpu(struct thread *t)
{
	push_off();
	if (mycpu()->fpu_owner == t && (t->utf->sstatus & SSTATUS_FS) == SSTATUS_FS_DIRTY) {
		fpu_save(&t->fpu);
		t->utf->sstatus = (t->utf->sstatus & ~SSTATUS_FS) | SSTATUS_FS_CLEAN;
	}
	pop_off();
}

static void
regs_to_user(const struct trapframe *tf, struct user_regs *r)
{
	r->pc = tf->sepc;
	memcpy(&r->ra, &tf->ra, 31 * sizeof(uint64_t));
}

static void
regs_from_user(struct trapframe *tf, const struct user_regs *r)
{
	tf->sepc = r->pc;
	memcpy(&tf->ra, &r->ra, 31 * sizeof(uint64_t));
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
	struct rt_sigframe f;
	uintptr_t at;

	handle_restart(t, tf, sa);
	sync_fpu(t);
	memset(&f, 0, sizeof(f));
	f.info = *info;
	f.uc.uc_sigmask = old_blocked;
	altstack_save(t, tf->sp, &f.uc.uc_stack);
	regs_to_user(tf, &f.uc.uc_mcontext.regs);
	for (int i = 0; i < 32; i++)
		f.uc.uc_mcontext.fp.f[i] = t->fpu.f[i];
	f.uc.uc_mcontext.fp.fcsr = t->fpu.fcsr;
	at = ALIGN_DOWN(altstack_frame_top(t, tf->sp, sa->flags) - sizeof(f), 16);
	if (copy_to_user(at, &f, sizeof(f)) != 0)
		return false;
	tf->sepc = sa->handler;
	tf->ra = SIGRETURN_TRAMPOLINE;
	tf->sp = at;
	tf->a0 = info->si_signo;
	tf->a1 = at + offsetof(struct rt_sigframe, info);
	tf->a2 = at + offsetof(struct rt_sigframe, uc);
	return true;
}

SYSCALL_DEFINE0(rt_sigreturn)
{
	struct thread *t = current;
	struct trapframe *tf = t->utf;
	struct sighand *sh = t->proc->sighand;
	struct rt_sigframe f;

	if (copy_from_user(&f, tf->sp, sizeof(f)) != 0) {
		force_fault_signal(SIGSEGV, SI_KERNEL, tf->sp);
		return -EFAULT;
	}
	regs_from_user(tf, &f.uc.uc_mcontext.regs);
	for (int i = 0; i < 32; i++)
		t->fpu.f[i] = f.uc.uc_mcontext.fp.f[i];
	t->fpu.fcsr = f.uc.uc_mcontext.fp.fcsr;
	push_off();
	mycpu()->fpu_owner = NULL;	/* reload the (possibly edited) FP state */
	pop_off();
	spin_lock(&sh->lock);
	t->blocked.bits = f.uc.uc_sigmask.bits & ~(sigmask(SIGKILL) | sigmask(SIGSTOP));
	spin_unlock(&sh->lock);
	altstack_restore(t, tf->sp, &f.uc.uc_stack);
	t->syscall_restart = false;
	return (long)tf->a0;	/* dispatch stores it back into a0 unchanged */
}
