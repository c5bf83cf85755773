/*
 * Which hart holds which thread's user FP registers.
 *
 * A hart's fpu_owner says whose registers are live in its FP register file,
 * so a thread returning to user mode on the same hart needs no reload. When
 * a thread's registers are loaded on one hart, every other hart's claim on
 * that thread is stale (the thread may change them here) and is dropped: a
 * later return there must reload from the saved copy.
 */
#include <sched.h>

void
fpu_disown(struct thread *t, struct cpu *keep)
{
	for (int i = 0; i < nr_cpus; i++) {
		struct thread *expected = t;

		if (&cpus[i] == keep)
			continue;
		__atomic_compare_exchange_n(&cpus[i].fpu_owner, &expected, NULL, false,
		    __ATOMIC_RELAXED, __ATOMIC_RELAXED);
	}
}
