/*
 * Thread creation and death, and kernel threads.
 *
 * A thread's kernel stack is freed by the hart that switched away from it for
 * the last time (finish_switch -> thread_reap), never by the thread itself,
 * which is still running on it when it decides to die.
 */
#include <sched.h>
#include <slab.h>
#include <mm.h>
#include <wait.h>
#include <string.h>
#include <panic.h>

static atomic_t next_tid = ATOMIC_INIT(1);
static struct waitq exit_wq = WAITQ_INIT(exit_wq);	/* joiners of kernel threads */

struct thread *
thread_alloc(const char *name)
{
	struct thread *t = kzalloc(sizeof(*t));
	struct page *stack;

	if (t == NULL)
		return NULL;
	stack = alloc_pages(KSTACK_ORDER, 0);
	if (stack == NULL) {
		kfree(t);
		return NULL;
	}
	t->kstack = page_address(stack);
	t->kernel_sp = (uintptr_t)t->kstack + KSTACK_SIZE;
	t->state = TASK_UNINTERRUPTIBLE;	/* not yet started */
	list_init(&t->rq_link);
	spin_init(&t->wake_lock, "thread_wake");
	t->cpus_allowed = ~0UL;
	signal_state_init(&t->sig);
	t->tid = atomic_add_return(&next_tid, 1) - 1;
	strlcpy(t->name, name, sizeof(t->name));
	return t;
}

static void
thread_free_stack(struct thread *t)
{
	fpu_disown(t, NULL);	/* no hart may believe it holds a dead thread's registers */
	if (t->kstack != NULL) {
		free_pages(virt_to_page(t->kstack), KSTACK_ORDER);
		t->kstack = NULL;
	}
}

void
thread_free(struct thread *t)
{
	thread_free_stack(t);
	kfree(t);
}

/* Called by the scheduler once a dead thread's stack is no longer in use. */
void
thread_reap(struct thread *t)
{
	thread_free_stack(t);
	if (t->detached) {
		kfree(t);
		return;
	}
	smp_store_release(&t->exited, 1);
	wake_up_all(&exit_wq);
}

void
thread_exit(void)
{
	/* From here any switch away, preempted or not, is this thread's last. */
	current->state = TASK_DEAD;
	schedule();
	panic("thread_exit: a dead thread was scheduled");
}

/* First code a new kernel thread runs, from kthread_trampoline. */
void
kthread_first_run(struct thread *prev)
{
	mycpu()->intena = true;
	finish_switch(prev);
}

extern void kthread_trampoline(void);

struct thread *
kthread_run(void (*fn)(void *), void *arg, const char *name, int cpu, bool detached)
{
	struct thread *t = thread_alloc(name);

	if (t == NULL)
		return NULL;
	t->detached = detached;
	t->ctx.ra = (uintptr_t)kthread_trampoline;
	t->ctx.sp = t->kernel_sp;
	t->ctx.s[0] = (uintptr_t)fn;
	t->ctx.s[1] = (uintptr_t)arg;
	t->cpu = &cpus[cpu >= 0 && cpu < nr_cpus ? cpu : 0];
	thread_wake(t);
	return t;
}

/*
 * A thread that will run user code: its kernel stack's top holds its user
 * trap frame, and it starts by running fn(arg) in the kernel (which ends by
 * returning to user mode, never by returning).
 */
struct thread *
kthread_alloc_user(void (*fn)(void *), void *arg, const char *name)
{
	struct thread *t = thread_alloc(name);

	if (t == NULL)
		return NULL;
	t->detached = true;
	t->utf = (struct trapframe *)(t->kernel_sp - sizeof(struct trapframe));
	memset(t->utf, 0, sizeof(*t->utf));
	t->ctx.ra = (uintptr_t)kthread_trampoline;
	t->ctx.sp = (uintptr_t)t->utf;
	t->ctx.s[0] = (uintptr_t)fn;
	t->ctx.s[1] = (uintptr_t)arg;
	t->cpu = &cpus[0];
	return t;
}

void
kthread_join(struct thread *t)
{
	BUG_ON(t->detached);
	wait_event(&exit_wq, smp_load_acquire(&t->exited));
	thread_free(t);
}
