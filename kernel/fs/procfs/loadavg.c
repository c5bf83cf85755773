/*
 * /proc/loadavg: the 1, 5 and 15 minute load averages, exponentially
 * decayed averages of the number of runnable threads (running or queued
 * on a run queue), sampled every 5 seconds as Linux's calc_load does,
 * then the runnable and total thread counts and the last pid handed out.
 *
 * Fixed point with 11 fractional bits; each sample moves an average a
 * fraction 1 - e^(-5s/period) of the way toward the runnable count:
 * load = load * e + n * (1 - e), with e = exp(-5/60), exp(-5/300) and
 * exp(-5/900) in the same fixed point (1884, 2014, 2037).
 *
 * Locking: only hart 0's tick writes the averages; readers take them with
 * READ_ONCE (three words read separately may mix two samples, as on Linux).
 */
#include <proc.h>
#include <sched.h>
#include <timer.h>
#include "procfs_impl.h"

#define FSHIFT		11
#define FIXED_1		(1UL << FSHIFT)
#define SAMPLE_NS	5000000000UL

static const unsigned long decay[3] = { 1884, 2014, 2037 };
static unsigned long avenrun[3];	/* written by hart 0's tick only */
static uint64_t next_sample_ns = SAMPLE_NS;	/* private to hart 0's tick */

/* Threads running or waiting on a run queue, over all harts. */
static unsigned long
nr_runnable(void)
{
	unsigned long n = 0;

	for (int i = 0; i < nr_cpus; i++) {
		struct thread *curr = READ_ONCE(cpus[i].rq.curr);

		if (!cpus[i].online)
			continue;
		n += READ_ONCE(cpus[i].rq.nr_queued);
		if (curr != NULL && !curr->is_idle)
			n++;
	}
	return n;
}

void
loadavg_tick(void)
{
	unsigned long active;

	if (mycpu()->id != 0 || uptime_ns() < next_sample_ns)
		return;
	next_sample_ns += SAMPLE_NS;
	active = nr_runnable() * FIXED_1;
	for (int i = 0; i < 3; i++) {
		unsigned long load = avenrun[i] * decay[i] + active * (FIXED_1 - decay[i]);

		WRITE_ONCE(avenrun[i], load >> FSHIFT);
	}
}

static void
print_avg(struct seqbuf *sb, unsigned long fixed, const char *sep)
{
	/* Rounded to hundredths, as Linux prints them. */
	unsigned long hundredths = (fixed * 100 + FIXED_1 / 2) >> FSHIFT;

	seqbuf_printf(sb, "%lu.%02lu%s", hundredths / 100, hundredths % 100, sep);
}

static int
show_loadavg(struct seqbuf *sb)
{
	int last, threads;

	pid_stats(&last, &threads);
	for (int i = 0; i < 3; i++)
		print_avg(sb, READ_ONCE(avenrun[i]), " ");
	seqbuf_printf(sb, "%lu/%d %d\n", nr_runnable(), threads, last);
	return 0;
}

void
proc_loadavg_init(void)
{
	proc_create("loadavg", 0444, show_loadavg, NULL);
}
