/*
 * affinity - CPU affinity: sched_setaffinity moves the caller at once, a
 * thread or child inherits the mask, another process is moved by its
 * parent's call, and the errors of both calls (EINVAL, EFAULT, ESRCH,
 * EPERM) are Linux's.
 */
#include "check.h"

#include <pthread.h>
#include <sched.h>
#include <sys/syscall.h>

#define MOVE_TRIES	2000	/* getcpu reads by a child waiting to be moved */

static unsigned
current_cpu(void)
{
	unsigned cpu = ~0u;

	syscall(SYS_getcpu, &cpu, NULL, NULL);
	return cpu;
}

static cpu_set_t
only(int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	return set;
}

/* Pinned to each allowed CPU in turn, the caller runs there right away. */
static void
pin_self(const cpu_set_t *all)
{
	int moved = 0, wrong = -1;

	for (int cpu = 0; cpu < CPU_SETSIZE; cpu++) {
		cpu_set_t one = only(cpu);

		if (!CPU_ISSET(cpu, all))
			continue;
		if (sched_setaffinity(0, sizeof(one), &one) != 0 || current_cpu() != (unsigned)cpu) {
			wrong = cpu;
			break;
		}
		sched_yield();
		if (current_cpu() != (unsigned)cpu) {
			wrong = cpu;
			break;
		}
		moved++;
	}
	CHECK(wrong < 0 && moved == CPU_COUNT(all),
	      "pinned to each of %d CPUs in turn, getcpu agrees at once and after a yield (%d)",
	      CPU_COUNT(all), wrong);
}

static void *
thread_cpu(void *arg)
{
	cpu_set_t set;

	(void)arg;
	if (sched_getaffinity(0, sizeof(set), &set) != 0 || CPU_COUNT(&set) != 1)
		return (void *)-1L;
	return (void *)(long)current_cpu();
}

static int
child_cpu(void *arg)
{
	return (int)current_cpu() == *(int *)arg ? 0 : 1;
}

/* A thread and a forked child start with the creator's mask. */
static void
inherited(int cpu)
{
	cpu_set_t one = only(cpu);
	pthread_t t;
	void *ran_on = NULL;

	sched_setaffinity(0, sizeof(one), &one);
	CHECK(pthread_create(&t, NULL, thread_cpu, NULL) == 0 && pthread_join(t, &ran_on) == 0 &&
	      (long)ran_on == cpu, "a new thread inherits the mask and runs on CPU %d (%ld)",
	      cpu, (long)ran_on);
	CHECK(run_child(child_cpu, &cpu) == 0, "a forked child inherits the mask");
}

/* The child spins until it runs on `target`; 0 if it got there. */
static int
wait_until_on(int target, int report)
{
	for (int i = 0; i < MOVE_TRIES; i++) {
		if (current_cpu() == (unsigned)target)
			break;
		sched_yield();
	}
	return write(report, &(char){ current_cpu() == (unsigned)target }, 1) == 1 ? 0 : 1;
}

/* A parent moves its running child to another CPU. */
static void
move_other(int from, int to)
{
	cpu_set_t one = only(from), dest = only(to);
	int fds[2], status = -1;
	char arrived = 0;
	pid_t pid;

	sched_setaffinity(0, sizeof(one), &one);
	if (pipe(fds) != 0)
		return;
	fflush(stdout);
	pid = fork();
	if (pid == 0)
		_exit(wait_until_on(to, fds[1]));
	CHECK(sched_setaffinity(pid, sizeof(dest), &dest) == 0 &&
	      read(fds[0], &arrived, 1) == 1 && arrived == 1,
	      "a child moved by its parent from CPU %d to CPU %d runs there", from, to);
	waitpid(pid, &status, 0);
	close(fds[0]);
	close(fds[1]);
}

static int
not_my_business(void *arg)
{
	cpu_set_t *all = arg;

	if (setuid(1000) != 0)
		return 2;
	if (sched_setaffinity(getppid(), sizeof(*all), all) == 0)
		return 3;
	return errno == EPERM ? 0 : 4;
}

static void
errors(const cpu_set_t *all)
{
	cpu_set_t none, beyond;
	pid_t gone;
	long size;

	CPU_ZERO(&none);
	CHECK_FAILS(sched_setaffinity(0, sizeof(none), &none), EINVAL, "an empty mask: EINVAL");
	beyond = only(CPU_SETSIZE - 1);
	CHECK_FAILS(sched_setaffinity(0, sizeof(beyond), &beyond), EINVAL,
		    "a mask of only a CPU that does not exist: EINVAL");
	CHECK_FAILS(sched_setaffinity(0, sizeof(none), (cpu_set_t *)8), EFAULT,
		    "sched_setaffinity from a bad pointer: EFAULT");
	CHECK_FAILS(syscall(SYS_sched_getaffinity, 0, sizeof(none), (void *)8), EFAULT,
		    "sched_getaffinity to a bad pointer: EFAULT");
	CHECK_FAILS(syscall(SYS_sched_getaffinity, 0, 4, &none), EINVAL,
		    "sched_getaffinity with 4 bytes (not a multiple of a long): EINVAL");
	size = syscall(SYS_sched_getaffinity, 0, sizeof(none), &none);
	CHECK(size > 0 && size <= (long)sizeof(none) && size % sizeof(long) == 0,
	      "the raw sched_getaffinity returns the size of the kernel's mask (%ld)", size);
	fflush(stdout);
	gone = fork();
	if (gone == 0)
		_exit(0);
	waitpid(gone, NULL, 0);
	CHECK_FAILS(sched_setaffinity(gone, sizeof(*all), all), ESRCH,
		    "sched_setaffinity of a reaped process: ESRCH");
	CHECK_FAILS(sched_getaffinity(gone, sizeof(none), &none), ESRCH,
		    "sched_getaffinity of a reaped process: ESRCH");
	if (geteuid() == 0)
		CHECK(run_child(not_my_business, (void *)all) == 0,
		      "another uid's process: EPERM");
}

int
main(void)
{
	cpu_set_t all;
	int first = -1, last = -1;

	if (!CHECK(sched_getaffinity(0, sizeof(all), &all) == 0 && CPU_COUNT(&all) >= 1,
		   "sched_getaffinity"))
		return check_done();
	for (int cpu = 0; cpu < CPU_SETSIZE; cpu++) {
		if (CPU_ISSET(cpu, &all)) {
			first = first < 0 ? cpu : first;
			last = cpu;
		}
	}
	pin_self(&all);
	inherited(last);
	if (first != last)
		move_other(first, last);
	errors(&all);
	CHECK(sched_setaffinity(0, sizeof(all), &all) == 0, "the whole mask back");
	return check_done();
}
