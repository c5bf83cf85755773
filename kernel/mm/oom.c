/*
 * Out of memory. When a user page fault finds no free page, the process
 * with the largest resident set (never init) is killed with SIGKILL, as
 * Linux's OOM killer would choose by badness, and the faulting thread waits a
 * moment and retries its instruction. Killing the faulting process instead,
 * whatever its size, would let one hog take down every innocent process that
 * happens to touch a new page while it runs.
 */
#include <proc.h>
#include <vm.h>
#include <timer.h>
#include <printk.h>

#define OOM_RETRY_NS	(10 * 1000 * 1000)	/* let the victim exit and free */

/* The biggest live user process other than init; proc_tree_lock held. */
static struct process *
pick_victim(void)
{
	struct process *victim = NULL, *p;
	unsigned long most = 0;

	for_each_process(p) {
		unsigned long rss;

		if (p == init_process || p->state != PROC_ALIVE || p->mm == NULL)
			continue;
		rss = READ_ONCE(p->mm->rss_pages);
		if (rss > most) {
			most = rss;
			victim = p;
		}
	}
	return victim;
}

void
oom_kill_and_wait(void)
{
	struct process *victim;
	int pid = 0;

	spin_lock(&proc_tree_lock);
	victim = pick_victim();
	if (victim != NULL && !victim->oom_killed) {
		victim->oom_killed = true;
		pid = victim->pid;
		send_signal(victim, SIGKILL);
	}
	spin_unlock(&proc_tree_lock);
	if (pid != 0)
		printk("oom: out of memory: killed process %d\n", pid);
	sleep_ns(OOM_RETRY_NS);
}
