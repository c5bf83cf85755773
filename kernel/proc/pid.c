/*
 * Process and thread ids. Linux draws both from one space: a process's pid
 * is its first thread's tid. The table maps an id to its thread and, for a
 * thread-group leader id, to its process (which outlives the thread as a
 * zombie). Ids are handed out cyclically, as Linux does, so a recently freed
 * id is not reused at once.
 *
 * Every process is also on all_processes, for the walks that want each one
 * (process groups, kill -1, the OOM killer) rather than each id.
 *
 * Locking: proc_tree_lock protects the table, the list and the cursor.
 */
#include <proc.h>
#include <errno.h>

struct pid_entry {
	struct process *proc;	/* the process whose pid this is, or NULL */
	struct thread *thread;	/* the live thread with this tid, or NULL */
};

static struct pid_entry pid_table[PID_MAX];
LIST_HEAD(all_processes);
static int last_pid;
static int nr_live_threads;	/* tids with a live thread, for /proc/loadavg */

spinlock_t proc_tree_lock = SPINLOCK_INIT("proc_tree");

/* A free id (both slots empty), or -EAGAIN; proc_tree_lock held. */
int
pid_alloc(void)
{
	for (int n = 0; n < PID_MAX - 1; n++) {
		int pid = last_pid + 1 + n;

		if (pid >= PID_MAX)
			pid = pid - PID_MAX + 1;
		if (pid_table[pid].proc == NULL && pid_table[pid].thread == NULL) {
			last_pid = pid;
			return pid;
		}
	}
	return -EAGAIN;
}

void
pid_set_thread(int tid, struct thread *t)
{
	nr_live_threads += (t != NULL) - (pid_table[tid].thread != NULL);
	pid_table[tid].thread = t;
}

void
pid_stats(int *last, int *threads)
{
	spin_lock(&proc_tree_lock);
	*last = last_pid;
	*threads = nr_live_threads;
	spin_unlock(&proc_tree_lock);
}

/* Name p by pid (a new process), or forget the process of pid (reaped). */
void
pid_set_proc(int pid, struct process *p)
{
	if (pid_table[pid].proc != NULL)
		list_del(&pid_table[pid].proc->all_link);
	if (p != NULL)
		list_add_tail(&p->all_link, &all_processes);
	pid_table[pid].proc = p;
}

struct process *
proc_lookup(int pid)
{
	if (pid <= 0 || pid >= PID_MAX)
		return NULL;
	return pid_table[pid].proc;
}

struct thread *
thread_lookup(int tid)
{
	if (tid <= 0 || tid >= PID_MAX)
		return NULL;
	return pid_table[tid].thread;
}
