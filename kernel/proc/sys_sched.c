/*
 * Scheduling calls: sched_yield, sched_getaffinity, sched_setaffinity, getcpu.
 *
 * An affinity mask is one unsigned long here (at most 64 harts, NR_CPUS), a
 * bit per hart in the order the scheduler numbers them, which is the order
 * getcpu() reports. Like Linux, the mask a user passes is cut down to the
 * online harts, and must keep at least one.
 */
#include <proc.h>
#include <syscall.h>
#include <uaccess.h>
#include <errno.h>

SYSCALL_DEFINE0(sched_yield)
{
	yield();
	return 0;
}

/*
 * Linux's check_same_owner(): the caller's euid is the target's real or
 * effective uid, or the caller is root. proc_tree_lock held.
 */
static bool
may_set_affinity(struct thread *t)
{
	const struct cred *me = current_cred(), *them = &t->proc->cred;

	return me->euid == 0 || me->euid == them->euid || me->euid == them->uid;
}

SYSCALL_DEFINE3(sched_getaffinity, int, pid, size_t, len, uintptr_t, umask)
{
	unsigned long mask;
	struct thread *t;

	if (len * 8 < (size_t)nr_cpus || (len & (sizeof(long) - 1)))
		return -EINVAL;
	spin_lock(&proc_tree_lock);
	t = pid == 0 ? current : thread_lookup(pid);
	mask = t != NULL ? READ_ONCE(t->cpus_allowed) & sched_online_mask() : 0;
	spin_unlock(&proc_tree_lock);
	if (t == NULL)
		return -ESRCH;
	if (copy_to_user(umask, &mask, sizeof(mask)) != 0)
		return -EFAULT;
	return sizeof(mask);
}

SYSCALL_DEFINE3(sched_setaffinity, int, pid, size_t, len, uintptr_t, umask)
{
	unsigned long mask = 0;
	struct thread *t;
	int err = 0;

	/* A shorter mask leaves the higher harts out; a longer one is cut. */
	if (copy_from_user(&mask, umask, MIN(len, sizeof(mask))) != 0)
		return -EFAULT;
	mask &= sched_online_mask();
	if (pid == 0 || pid == current->tid) {
		if (mask == 0)
			return -EINVAL;
		sched_set_affinity(current, mask);	/* moves us now if need be */
		return 0;
	}
	spin_lock(&proc_tree_lock);	/* keeps t alive */
	t = thread_lookup(pid);
	if (t == NULL)
		err = -ESRCH;
	else if (!may_set_affinity(t))
		err = -EPERM;
	else if (mask == 0)
		err = -EINVAL;
	else
		sched_set_affinity(t, mask);
	spin_unlock(&proc_tree_lock);
	return err;
}

SYSCALL_DEFINE3(getcpu, uintptr_t, ucpu, uintptr_t, unode, uintptr_t, unused)
{
	unsigned cpu, node = 0;

	push_off();
	cpu = mycpu()->id;
	pop_off();
	if (ucpu != 0 && copy_to_user(ucpu, &cpu, sizeof(cpu)) != 0)
		return -EFAULT;
	if (unode != 0 && copy_to_user(unode, &node, sizeof(node)) != 0)
		return -EFAULT;
	return 0;
}
