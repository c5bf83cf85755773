/*
 * ITIMER_REAL: setitimer(2) and getitimer(2). glibc's alarm() is setitimer.
 *
 * The expiry callback runs from the timer interrupt: under `state` it
 * re-adds the timer by its interval (from the previous expiry, so periods do
 * not drift) or disarms it, then sends SIGALRM (si_code SI_KERNEL, as Linux
 * sends it). setitimer disarms under `state`, then cancels: timer_cancel
 * waits for a running callback, which, seeing the timer disarmed, neither
 * re-adds it nor signals. Only then is the new value armed. `lock` keeps
 * two setitimer callers from both adding the timer.
 *
 * ITIMER_VIRTUAL and ITIMER_PROF (CPU-time timers) are not implemented:
 * EINVAL.
 */
#include <itimer.h>
#include <proc.h>
#include <syscall.h>
#include <uaccess.h>
#include <errno.h>

#define ITIMER_REAL	0
#define USEC_PER_SEC	1000000L

struct timeval64 {
	long tv_sec, tv_usec;
};

struct itimerval {
	struct timeval64 it_interval, it_value;
};

static void
expired(struct timer *t)
{
	struct itimer_real *it = container_of(t, struct itimer_real, timer);
	struct process *p = container_of(it, struct process, itimer);
	bool fire;

	spin_lock(&it->state);
	fire = it->armed;
	if (fire && it->interval != 0)
		timer_add(&it->timer, it->timer.expires + it->interval);
	else
		it->armed = false;
	spin_unlock(&it->state);
	if (fire)
		send_signal(p, SIGALRM);
}

void
itimer_init(struct process *p)
{
	mutex_init(&p->itimer.lock, "itimer");
	spin_init(&p->itimer.state, "itimer_state");
	timer_init(&p->itimer.timer, expired);
}

/* Disarm and wait out a running callback; `lock` held or the process leaving. */
static void
disarm(struct itimer_real *it)
{
	spin_lock(&it->state);
	it->armed = false;
	spin_unlock(&it->state);
	timer_cancel(&it->timer);
}

void
itimer_exit(struct process *p)
{
	disarm(&p->itimer);
}

/* At least one tick for a non-zero time: a zero period would re-fire forever. */
static uint64_t
tv_to_ticks(const struct timeval64 *tv)
{
	uint64_t ticks = ns_to_ticks(tv->tv_sec * NSEC_PER_SEC + tv->tv_usec * 1000);

	return tv->tv_sec == 0 && tv->tv_usec == 0 ? 0 : MAX(ticks, 1);
}

static struct timeval64
ticks_to_tv(uint64_t ticks)
{
	uint64_t ns = ticks_to_ns(ticks);

	return (struct timeval64){ ns / NSEC_PER_SEC, (ns % NSEC_PER_SEC) / 1000 };
}

static bool
tv_valid(const struct timeval64 *tv)
{
	return tv->tv_sec >= 0 && tv->tv_usec >= 0 && tv->tv_usec < USEC_PER_SEC;
}

/* The current setting; a pending expiry reported as at least 1 us, as Linux does. */
static struct itimerval
current_value(struct itimer_real *it)
{
	struct itimerval v = { 0 };
	uint64_t now = time_now();

	spin_lock(&it->state);
	if (it->armed) {
		v.it_value = ticks_to_tv(it->timer.expires > now ? it->timer.expires - now : 0);
		if (v.it_value.tv_sec == 0 && v.it_value.tv_usec == 0)
			v.it_value.tv_usec = 1;
		v.it_interval = ticks_to_tv(it->interval);
	}
	spin_unlock(&it->state);
	return v;
}

SYSCALL_DEFINE2(getitimer, int, which, uintptr_t, ucur)
{
	struct itimerval v;

	if (which != ITIMER_REAL)
		return -EINVAL;
	v = current_value(&current_proc()->itimer);
	return copy_to_user(ucur, &v, sizeof(v)) != 0 ? -EFAULT : 0;
}

SYSCALL_DEFINE3(setitimer, int, which, uintptr_t, unew, uintptr_t, uold)
{
	struct itimer_real *it = &current_proc()->itimer;
	struct itimerval new = { 0 }, old;

	if (which != ITIMER_REAL)
		return -EINVAL;
	if (unew != 0 && copy_from_user(&new, unew, sizeof(new)) != 0)
		return -EFAULT;
	if (!tv_valid(&new.it_value) || !tv_valid(&new.it_interval))
		return -EINVAL;
	mutex_lock(&it->lock);
	old = current_value(it);
	disarm(it);
	if (new.it_value.tv_sec != 0 || new.it_value.tv_usec != 0) {
		spin_lock(&it->state);
		it->armed = true;
		it->interval = tv_to_ticks(&new.it_interval);
		timer_add(&it->timer, time_now() + tv_to_ticks(&new.it_value));
		spin_unlock(&it->state);
	}
	mutex_unlock(&it->lock);
	if (uold != 0 && copy_to_user(uold, &old, sizeof(old)) != 0)
		return -EFAULT;
	return 0;
}
