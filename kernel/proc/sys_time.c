/*
 * Clocks and sleeping. CLOCK_MONOTONIC and CLOCK_BOOTTIME count from boot
 * (the time CSR); CLOCK_REALTIME adds the wall-clock offset, set from the RTC
 * at boot (drivers/rtc.c) and by clock_settime.
 */
#include <proc.h>
#include <timer.h>
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
	return ns_to_ticks(ts->tv_sec * NSEC_PER_SEC + ts->tv_nsec);
}

static struct timespec64
ns_to_timespec(uint64_t ns)
{
	return (struct timespec64){ ns / NSEC_PER_SEC, ns % NSEC_PER_SEC };
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
	case CLOCK_PROCESS_CPUTIME_ID:
	case CLOCK_THREAD_CPUTIME_ID:
		*ns = current->utime_ns + current->stime_ns;
		return 0;
	default:
		return -EINVAL;
	}
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
	if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= (long)NSEC_PER_SEC)
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

/*
 * Sleep until deadline (ticks) or a signal. On a signal, nanosleep reports
 * the time left and fails with EINTR: it is never restarted transparently
 * when a handler runs (Linux's restart_block covers the no-handler case).
 */
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
	if (ts->tv_sec < 0 || ts->tv_nsec < 0 || ts->tv_nsec >= (long)NSEC_PER_SEC)
		return -EINVAL;
	return 0;
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

static long
do_nanosleep(int clock, int flags, uintptr_t ureq, uintptr_t urem)
{
	struct timespec64 req, rem;
	uint64_t now_ns, deadline;
	int r = read_timespec(ureq, &req);

	if (r != 0)
		return r;
	if ((r = clock_read(clock, &now_ns)) != 0 || clock == CLOCK_THREAD_CPUTIME_ID)
		return r != 0 ? r : -EINVAL;
	if (flags & TIMER_ABSTIME) {
		uint64_t target = req.tv_sec * NSEC_PER_SEC + req.tv_nsec;

		deadline = time_now() + (target > now_ns ? ns_to_ticks(target - now_ns) : 0);
	} else {
		deadline = time_now() + clock_to_ticks(&req);
	}
	r = sleep_until(deadline);
	if (r == -EINTR && !(flags & TIMER_ABSTIME) && urem != 0) {
		uint64_t now = time_now();

		rem = ns_to_timespec(deadline > now ? ticks_to_ns(deadline - now) : 0);
		if (copy_to_user(urem, &rem, sizeof(rem)) != 0)
			return -EFAULT;
	}
	return r;
}

SYSCALL_DEFINE2(nanosleep, uintptr_t, req, uintptr_t, rem)
{
	return do_nanosleep(CLOCK_MONOTONIC, 0, req, rem);
}

SYSCALL_DEFINE4(clock_nanosleep, int, clock, int, flags, uintptr_t, req, uintptr_t, rem)
{
	long r = do_nanosleep(clock, flags, req, rem);

	return r;
}

SYSCALL_DEFINE1(times, uintptr_t, ubuf)
{
	struct process *p = current_proc();
	long t[4] = {
		(long)((p->utime_ns + current->utime_ns) / (NSEC_PER_SEC / 100)),
		(long)((p->stime_ns + current->stime_ns) / (NSEC_PER_SEC / 100)),
		(long)(p->cutime_ns / (NSEC_PER_SEC / 100)),
		(long)(p->cstime_ns / (NSEC_PER_SEC / 100)),
	};

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
