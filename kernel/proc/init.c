/*
 * The first user process. The kinit kernel thread mounts the root file
 * system, then creates process 1 with a fresh thread whose first code
 * execs /sbin/init and drops to user mode through the trap exit.
 */
#include <proc.h>
#include <vm.h>
#include <vfs.h>
#include <fdtable.h>
#include <kernel.h>
#include <platform.h>
#include <printk.h>
#include <panic.h>
#include <string.h>
#include <trap.h>
#include <riscv.h>
#include <uapi/fcntl.h>

struct process *init_process;

static const char *const init_argv[] = { "/sbin/init", NULL };
static const char *const init_envp[] = { "HOME=/", "TERM=vt100", NULL };

static void
set_default_limits(struct process *p)
{
	for (int i = 0; i < RLIM_NLIMITS; i++)
		p->rlim[i] = (struct rlimit64){ RLIM_INFINITY, RLIM_INFINITY };
	p->rlim[RLIMIT_STACK] = (struct rlimit64){ USER_STACK_MAX, RLIM_INFINITY };
	p->rlim[RLIMIT_NOFILE] = (struct rlimit64){ NR_OPEN_DEFAULT, NR_OPEN_DEFAULT };
	p->rlim[RLIMIT_CORE] = (struct rlimit64){ 0, RLIM_INFINITY };
	p->rlim[RLIMIT_SIGPENDING] = (struct rlimit64){ 3811, 3811 };	/* as Linux at 512 MiB */
	p->rlim[RLIMIT_NPROC] = (struct rlimit64){ 3811, 3811 };
	p->rlim[RLIMIT_MEMLOCK] = (struct rlimit64){ 8UL << 20, 8UL << 20 };
	p->rlim[RLIMIT_MSGQUEUE] = (struct rlimit64){ 819200, 819200 };
}

/* Runs on init's own thread: exec, then user mode. */
static void
init_thread_main(void *arg)
{
	const char *path = arg;
	int r = do_execve(path, (uintptr_t)init_argv, (uintptr_t)init_envp, true);

	if (r != 0)
		panic("cannot run %s: error %d", path, r);
	local_irq_disable();
	user_trap_return(current->utf);
	trap_return(current->utf);
}

void
proc_start_init(const char *path)
{
	struct process *p = proc_alloc();
	struct thread *t = kthread_alloc_user(init_thread_main, (void *)path, "init");
	struct inode *root;

	if (p == NULL || t == NULL || vfs_lookup(AT_FDCWD, "/", 0, &root) != 0)
		panic("cannot create the init process");
	set_default_limits(p);
	p->files = files_alloc();
	p->fs = fs_alloc(root);
	p->sighand = sighand_alloc();
	if (p->files == NULL || p->fs == NULL || p->sighand == NULL)
		panic("cannot create the init process");
	strlcpy(p->comm, "init", sizeof(p->comm));
	spin_lock(&proc_tree_lock);
	p->pid = pid_alloc();
	t->tid = p->pid;
	pid_set_thread(t->tid, t);
	pid_set_proc(p->pid, p);
	init_process = p;
	p->parent = p;
	spin_unlock(&proc_tree_lock);
	proc_add_thread(p, t);
	atomic_inc(&p->refcount);
	thread_wake(t);
}

void
start_user_space(void)
{
	char root_dev[32];

	if (cmdline_get("root", root_dev, sizeof(root_dev)) == NULL)
		strlcpy(root_dev, "vda", sizeof(root_dev));
	if (vfs_mount_root("ext2", root_dev) != 0)
		panic("cannot mount the root file system (ext2 on %s)", root_dev);
	printk("kite: starting /sbin/init\n");
	proc_start_init("/sbin/init");
}
