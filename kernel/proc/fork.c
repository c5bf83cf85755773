/*
 * fork, vfork and clone: a new process or a new thread of the caller's.
 *
 * The child's user registers are a copy of the parent's trap frame with
 * a0 = 0; its kernel side starts at fork_child_entry, which returns to user
 * mode through the normal trap exit. What the child shares with the parent
 * is decided by the clone flags, each resource being reference counted.
 */
#include <proc.h>
#include <vm.h>
#include <fdtable.h>
#include <sem.h>
#include <slab.h>
#include <string.h>
#include <errno.h>
#include <syscall.h>
#include <riscv.h>
#include <uaccess.h>
#include <timer.h>
#include <trap.h>
#include <sbi.h>

#define CSIGNAL			0x000000ff
#define CLONE_VM		0x00000100
#define CLONE_FS		0x00000200
#define CLONE_FILES		0x00000400
#define CLONE_SIGHAND		0x00000800
#define CLONE_PIDFD		0x00001000
#define CLONE_PTRACE		0x00002000
#define CLONE_VFORK		0x00004000
#define CLONE_PARENT		0x00008000
#define CLONE_THREAD		0x00010000
#define CLONE_NEWNS		0x00020000
#define CLONE_SYSVSEM		0x00040000
#define CLONE_SETTLS		0x00080000
#define CLONE_PARENT_SETTID	0x00100000
#define CLONE_CHILD_CLEARTID	0x00200000
#define CLONE_DETACHED		0x00400000
#define CLONE_UNTRACED		0x00800000
#define CLONE_CHILD_SETTID	0x01000000
#define CLONE_NAMESPACES	0x7e020000	/* CLONE_NEWNS and the other namespace flags */

void fpu_save(struct fpu_state *s);
void fork_child_entry(void);

struct process *
proc_alloc(void)
{
	struct process *p = kzalloc(sizeof(*p));

	if (p == NULL)
		return NULL;
	spin_init(&p->lock, "process");
	list_init(&p->threads);
	list_init(&p->children);
	list_init(&p->sibling);
	waitq_init(&p->child_wait);
	signal_state_init(&p->sig);
	itimer_init(p);
	posix_timers_init(p);
	atomic_set(&p->refcount, 1);
	p->start_time = uptime_ns();
	return p;
}

void
proc_free(struct process *p)
{
	kfree(p);
}

void
proc_put(struct process *p)
{
	if (atomic_dec_and_test(&p->refcount))
		proc_free(p);
}

void
proc_add_thread(struct process *p, struct thread *t)
{
	spin_lock(&p->lock);
	list_add_tail(&t->proc_link, &p->threads);
	p->nr_threads++;
	spin_unlock(&p->lock);
	t->proc = p;
}

/* The child's resources, shared or copied as flags say. */
static int
copy_resources(struct process *child, struct process *parent, unsigned long flags)
{
	if (flags & CLONE_VM) {
		mm_get(parent->mm);
		child->mm = parent->mm;
	} else if ((child->mm = mm_dup(parent->mm)) == NULL) {
		return -ENOMEM;
	}
	if (flags & CLONE_FILES) {
		atomic_inc(&parent->files->refcount);
		child->files = parent->files;
	} else if ((child->files = files_dup(parent->files)) == NULL) {
		return -ENOMEM;
	}
	if (flags & CLONE_FS) {
		atomic_inc(&parent->fs->refcount);
		child->fs = parent->fs;
	} else if ((child->fs = fs_dup(parent->fs)) == NULL) {
		return -ENOMEM;
	}
	if (flags & CLONE_SIGHAND) {
		atomic_inc(&parent->sighand->refcount);
		child->sighand = parent->sighand;
	} else if ((child->sighand = sighand_dup(parent->sighand)) == NULL) {
		return -ENOMEM;
	}
	return sem_undo_fork(child, parent, (flags & CLONE_SYSVSEM) != 0);
}

static void
release_resources(struct process *p)
{
	if (p->mm != NULL)
		mm_put(p->mm);
	if (p->files != NULL)
		files_put(p->files);
	if (p->fs != NULL)
		fs_put(p->fs);
	if (p->sighand != NULL)
		sighand_put(p->sighand);
	sem_undo_exit(p);
}

/* A new process (not a thread): everything but the resources copy_resources() handles. */
static struct process *
new_process(struct process *parent, unsigned long flags)
{
	struct process *child = proc_alloc();

	if (child == NULL)
		return NULL;
	spin_lock(&parent->lock);
	child->cred = parent->cred;
	spin_unlock(&parent->lock);
	memcpy(child->rlim, parent->rlim, sizeof(child->rlim));
	memcpy(child->comm, parent->comm, sizeof(child->comm));
	memcpy(child->exe_path, parent->exe_path, sizeof(child->exe_path));
	if (copy_resources(child, parent, flags) != 0) {
		release_resources(child);
		proc_free(child);
		return NULL;
	}
	return child;
}

/* The child thread: a copy of the caller's user registers, returning 0. */
static struct thread *
new_thread(uintptr_t stack, uintptr_t tls, unsigned long flags)
{
	struct thread *t = thread_alloc(current->name);
	struct thread *self = current;

	if (t == NULL)
		return NULL;
	t->detached = true;
	t->cpus_allowed = READ_ONCE(self->cpus_allowed);	/* inherited, as on Linux */
	t->utf = (struct trapframe *)(t->kernel_sp - sizeof(struct trapframe));
	*t->utf = *self->utf;
	t->utf->a0 = 0;
	if (stack != 0)
		t->utf->sp = stack;
	if (flags & CLONE_SETTLS)
		t->utf->tp = tls;
	/* The parent's live FP registers become the child's saved ones. */
	if ((self->utf->sstatus & SSTATUS_FS) == SSTATUS_FS_DIRTY) {
		push_off();
		fpu_save(&self->fpu);
		self->utf->sstatus = (self->utf->sstatus & ~SSTATUS_FS) | SSTATUS_FS_CLEAN;
		pop_off();
	}
	t->fpu = self->fpu;
	t->blocked = self->blocked;
	/* A thread sharing the address space (CLONE_VM) starts without an alternate stack, as on Linux. */
	if (!(flags & CLONE_VM))
		t->altstack = self->altstack;
	t->cpu = self->cpu;	/* start near the parent: its caches are warm */
	t->ctx.ra = (uintptr_t)fork_child_entry;
	t->ctx.sp = (uintptr_t)t->utf;
	return t;
}

static int
check_flags(unsigned long flags)
{
	if ((flags & CLONE_THREAD) && !(flags & CLONE_SIGHAND))
		return -EINVAL;
	if ((flags & CLONE_SIGHAND) && !(flags & CLONE_VM))
		return -EINVAL;
	if (flags & CLONE_NAMESPACES)
		return -EINVAL;		/* no namespaces here: as a kernel built without them */
	return 0;
}

/* Link the child into the tree (or the thread group) and give it its id. */
static int
attach_child(struct process *self, struct process *child, struct thread *t,
    unsigned long flags)
{
	int tid;

	spin_lock(&proc_tree_lock);
	tid = pid_alloc();
	if (tid < 0) {
		spin_unlock(&proc_tree_lock);
		return tid;
	}
	t->tid = tid;
	pid_set_thread(tid, t);
	if (!(flags & CLONE_THREAD)) {
		struct process *parent = (flags & CLONE_PARENT) && self->parent ? self->parent : self;

		child->pid = tid;
		child->pgid = self->pgid;
		child->sid = self->sid;
		child->parent = parent;
		child->ppid = parent->pid;
		list_add_tail(&child->sibling, &parent->children);
		pid_set_proc(tid, child);
	}
	spin_unlock(&proc_tree_lock);
	proc_add_thread(child, t);
	atomic_inc(&child->refcount);	/* the thread's reference */
	return 0;
}

long
do_fork(unsigned long flags, uintptr_t stack, uintptr_t ptid, uintptr_t tls, uintptr_t ctid)
{
	struct process *self = current_proc(), *child;
	struct thread *t;
	int r = check_flags(flags);

	if (r != 0)
		return r;
	t = new_thread(stack, tls, flags);
	if (t == NULL)
		return -ENOMEM;
	child = (flags & CLONE_THREAD) ? self : new_process(self, flags);
	if (child == NULL || (r = attach_child(self, child, t, flags)) != 0) {
		if (child != NULL && child != self) {
			release_resources(child);
			proc_free(child);
		}
		thread_free(t);
		return child == NULL ? -ENOMEM : r;
	}
	if (flags & CLONE_CHILD_CLEARTID)
		t->clear_child_tid = ctid;
	if (flags & CLONE_PARENT_SETTID)
		copy_to_user(ptid, &t->tid, sizeof(int));
	if (flags & CLONE_CHILD_SETTID)
		vm_copy_to(child->mm, ctid, &t->tid, sizeof(int));
	r = t->tid;
	thread_wake(t);
	return r;
}

/* First code of a forked thread, on its own stack, from switch_to. */
void
fork_child_start(struct thread *prev)
{
	struct trapframe *tf = current->utf;

	mycpu()->intena = false;
	finish_switch(prev);
	user_trap_return(tf);
	trap_return(tf);
}

SYSCALL_DEFINE5(clone, unsigned long, flags, uintptr_t, stack, uintptr_t, ptid,
    uintptr_t, tls, uintptr_t, ctid)
{
	return do_fork(flags & ~CSIGNAL, stack, ptid, tls, ctid);
}
