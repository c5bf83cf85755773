/*
 * Clocks and sleeping. CLOCK_MONOTONIC and CLOCK_BOOTTIME count from boot
 * (the time CSR); CLOCK_REALTIME adds the wall-clock offset, set from the RTC
 * at boot (drivers/rtc.c) and by clock_settime. The CPU-time clocks are
 * cputimer.c's.
 *
 * A sleep interrupted by a signal whose handler runs fails with EINTR (a
 * relative one writes the time left to *rem). Otherwise, a stop and
 * continue, or a signal with no handler that does not kill, it goes on
 * transparently, as on Linux: an absolute sleep restarts as it was called,
 * a relative one through restart_syscall with the time that was left
 * (restart.c), not its whole time again.
 */
#include <proc.h>
#include <timer.h>
#include <posix_timer.h>
#include <vfs.h>
#include <syscall.h>
#include <uaccess.h>
#include <errno.h>

#define CLOCK_REALTIME		0
#define CLOCK_MONOTONIC		1
#define CLOCK_PROCESS_CPUTIME_ID 2
#define CLOCK_THREAD_CPUTIME_ID	3
#define CLOCK_MONOTONIC_RAW	4
#define CLOCK_REALTIME_COARSE	5
#define CLOCK_MONOTONIC_COARSE	6
#define CLOCK_BOOTTIME		7
#define TIMER_ABSTIME		1

static int64_t realtime_offset_ns;	/* written by clock_settime, atomically */

uint64_t
clock_to_ticks(const struct timespec64 *ts)
{
	return ns_to_ticks(timespec_to_ns(ts));
}

struct timespec64
ns_to_timespec(uint64_t ns)
{
	return (struct timespec64){ ns / NSEC_PER_SEC, ns % NSEC_PER_SEC };
}

/* Saturated at INT64_MAX, as Linux's ktime_t is. */
uint64_t
timespec_to_ns(const struct timespec64 *ts)
{
	if ((uint64_t)ts->tv_sec >= (uint64_t)__INT64_MAX__ / NSEC_PER_SEC)
		return __INT64_MAX__;
	return ts->tv_sec * NSEC_PER_SEC + ts->tv_nsec;
}

bool
timespec_valid(const struct timespec64 *ts)
{
	return ts->tv_sec >= 0 && ts->tv_nsec >= 0 && ts->tv_nsec < (long)NSEC_PER_SEC;
}

struct timespec64
current_time(void)
{
	return ns_to_timespec(uptime_ns() + __atomic_load_n(&realtime_offset_ns, __ATOMIC_RELAXED));
}

static int
clock_read(int clock, uint64_t *ns)
{
	switch (clock) {
	case CLOCK_REALTIME:
	case CLOCK_REALTIME_COARSE:
		*ns = uptime_ns() + __atomic_load_n(&realtime_offset_ns, __ATOMIC_RELAXED);
		return 0;
	case CLOCK_MONOTONIC:
	case CLOCK_MONOTONIC_RAW:
	case CLOCK_MONOTONIC_COARSE:
	case CLOCK_BOOTTIME:
		*ns = uptime_ns();
		return 0;
	default:
		return cpu_clock_gettime(clock, ns);
	}
}

/* The CLOCK_MONOTONIC time at which clock (REALTIME, MONOTONIC, BOOTTIME) will read abs; 0 if before boot. */
uint64_t
clock_abs_to_monotonic(int clock, uint64_t abs)
{
	int64_t offset = clock == CLOCK_REALTIME ?
	    __atomic_load_n(&realtime_offset_ns, __ATOMIC_RELAXED) : 0;

	if (offset >= 0)
		return abs > (uint64_t)offset ? abs - offset : 0;
	return abs + (uint64_t)-offset;		/* abs is below 2^63, so is -offset */
}

SYSCALL_DEFINE2(clock_gettime, int, clock, uintptr_t, uts)
{
	struct timespec64 ts;
	uint64_t ns;
	int r = clock_read(clock, &ns);

	if (r != 0)
		return r;
	ts = ns_to_timespec(ns);
	return copy_to_user(uts, &ts, sizeof(ts)) ? -EFAULT : 0;
}

SYSCALL_DEFINE2(clock_getres, int, clock, uintptr_t, uts)
{
	struct timespec64 ts = { 0, 100 };	/* the 10 MHz timebase */
	uint64_t ns;
	int r = clock_read(clock, &ns);

	if (r != 0)
		return r;
	if (uts != 0 && copy_to_user(uts, &ts, sizeof(ts)) != 0)
		return -EFAULT;
	return 0;
}

void
clock_set_realtime(uint64_t ns)
{
	__atomic_store_n(&realtime_offset_ns, (int64_t)ns - (int64_t)uptime_ns(), __ATOMIC_RELAXED);
}

SYSCALL_DEFINE2(clock_settime, int, clock, uintptr_t, uts)
{
	struct timespec64 ts;

	if (clock != CLOCK_REALTIME)
		return -EINVAL;
	if (copy_from_user(&ts, uts, sizeof(ts)) != 0)
		return -EFAULT;
	if (!timespec_valid(&ts))
		return -EINVAL;
	if (!capable_root())
		return -EPERM;
	clock_set_realtime(ts.tv_sec * NSEC_PER_SEC + ts.tv_nsec);
	return 0;
}

SYSCALL_DEFINE2(gettimeofday, uintptr_t, utv, uintptr_t, utz)
{
	struct timespec64 now = current_time();
	long tv[2] = { now.tv_sec, now.tv_nsec / 1000 };
	int tz[2] = { 0, 0 };

	if (utv != 0 && copy_to_user(utv, tv, sizeof(tv)) != 0)
		return -EFAULT;
	if (utz != 0 && copy_to_user(utz, tz, sizeof(tz)) != 0)
		return -EFAULT;
	return 0;
}

/* Sleep until deadline (ticks): 0, or -EINTR if a signal or a stop came first. */
static int
sleep_until(uint64_t deadline)
{
	struct sleeper_timer st;
	int r = 0;

	sleeper_timer_start(&st, deadline);
	for (;;) {
		set_current_state(TASK_INTERRUPTIBLE);
		if (smp_load_acquire(&st.expired))
			break;
		if (signal_pending(current)) {
			r = -EINTR;
			break;
		}
		schedule();
	}
	set_current_state(TASK_RUNNING);
	timer_cancel(&st.timer);
	return r;
}

static int
read_timespec(uintptr_t uts, struct timespec64 *ts)
{
	if (copy_from_user(ts, uts, sizeof(*ts)) != 0)
		return -EFAULT;
	return timespec_valid(ts) ? 0 : -EINVAL;
}

/* A relative timeout: its deadline in ticks, or 0 for none; *zero when it is 0 s. */
int
timeout_from_user(uintptr_t uts, uint64_t *deadline, bool *zero)
{
	struct timespec64 ts;
	int r;

	*deadline = 0;
	*zero = false;
	if (uts == 0)
		return 0;
	if ((r = read_timespec(uts, &ts)) != 0)
		return r;
	*zero = ts.tv_sec == 0 && ts.tv_nsec == 0;
	*deadline = time_now() + clock_to_ticks(&ts);
	return 0;
}

static long nanosleep_restart(struct restart_block *rb);

/*
 * A relative sleep was interrupted: write the time left (none left: it is
 * over), and let restart_syscall sleep until the same deadline unless a
 * handler runs.
 */
static long
nanosleep_interrupted(uint64_t deadline, uintptr_t urem)
{
	struct restart_block *rb = &current->restart;
	uint64_t now = time_now();
	struct timespec64 rem;

	if (urem != 0) {
		if (deadline <= now)
			return 0;
		rem = ns_to_timespec(ticks_to_ns(deadline - now));
		if (copy_to_user(urem, &rem, sizeof(rem)) != 0)
			return -EFAULT;
	}
	rb->deadline = deadline;
	rb->rem = urem;
	return restart_block_set(nanosleep_restart);
}

static long
nanosleep_restart(struct restart_block *rb)
{
	if (sleep_until(rb->deadline) == 0)
		return 0;
	return nanosleep_interrupted(rb->deadline, rb->rem);
}

/* An absolute sleep restarts as it was called, the clock read again: -ERESTARTNOHAND. */
static long
do_nanosleep(int clock, int flags, uintptr_t ureq, uintptr_t urem)
{
	struct timespec64 req;
	uint64_t now_ns, deadline;
	int r;

	if ((r = clock_read(clock, &now_ns)) != 0 || clock == CLOCK_THREAD_CPUTIME_ID)
		return r != 0 ? r : -EINVAL;
	if ((r = read_timespec(ureq, &req)) != 0)
		return r;
	if (flags & TIMER_ABSTIME) {
		uint64_t target = timespec_to_ns(&req);

		deadline = time_now() + (target > now_ns ? ns_to_ticks(target - now_ns) : 0);
		return sleep_until(deadline) == 0 ? 0 : -ERESTARTNOHAND;
	}
	deadline = time_now() + clock_to_ticks(&req);
	return sleep_until(deadline) == 0 ? 0 : nanosleep_interrupted(deadline, urem);
}

SYSCALL_DEFINE2(nanosleep, uintptr_t, req, uintptr_t, rem)
{
	return do_nanosleep(CLOCK_MONOTONIC, 0, req, rem);
}

SYSCALL_DEFINE4(clock_nanosleep, int, clock, int, flags, uintptr_t, req, uintptr_t, rem)
{
	return do_nanosleep(clock, flags, req, rem);
}

/* The process's own times: every thread's, as charged by the tick (cputimer.c). */
SYSCALL_DEFINE1(times, uintptr_t, ubuf)
{
	struct process *p = current_proc();
	long t[4];

	spin_lock(&p->timers.lock);
	t[0] = (long)(p->timers.utime_ns / (NSEC_PER_SEC / 100));
	t[1] = (long)(p->timers.stime_ns / (NSEC_PER_SEC / 100));
	spin_unlock(&p->timers.lock);
	t[2] = (long)(p->cutime_ns / (NSEC_PER_SEC / 100));
	t[3] = (long)(p->cstime_ns / (NSEC_PER_SEC / 100));
	if (ubuf != 0 && copy_to_user(ubuf, t, sizeof(t)) != 0)
		return -EFAULT;
	return (long)(uptime_ns() / (NSEC_PER_SEC / 100));
}

/* The wall-clock time of boot, in seconds since the epoch (/proc/stat's btime). */
int64_t
boot_time_sec(void)
{
	return __atomic_load_n(&realtime_offset_ns, __ATOMIC_RELAXED) / 1000000000;
}
