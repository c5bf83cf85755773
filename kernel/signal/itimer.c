/*
 * Interval timers: setitimer(2) and getitimer(2). glibc's alarm() is
 * setitimer.
 *
 * ITIMER_REAL counts wall time. Its expiry callback runs from the timer
 * interrupt: under `state` it re-adds the timer by its interval (from the
 * previous expiry, so periods do not drift) or disarms it, then sends
 * SIGALRM (si_code SI_KERNEL, as Linux sends it). setitimer disarms under
 * `state`, then cancels: timer_cancel waits for a running callback, which,
 * seeing the timer disarmed, neither re-adds it nor signals. Only then is
 * the new value armed. `lock` keeps two setitimer callers from both adding
 * the timer.
 *
 * ITIMER_VIRTUAL counts the process's user time and ITIMER_PROF its user
 * and system time, as charged at each tick (cputimer.c), which checks them
 * under p->timers.lock: SIGVTALRM and SIGPROF, then re-armed by their
 * interval from the previous expiry. As on Linux, a new value is lengthened
 * by one tick (the current tick's time is not yet charged), and one that
 * should already have fired reads as a tick.
 */
#include <itimer.h>
#include <posix_timer.h>
#include <proc.h>
#include <syscall.h>
#include <uaccess.h>
#include <errno.h>

#define ITIMER_REAL	0
#define ITIMER_VIRTUAL	1
#define ITIMER_PROF	2
#define USEC_PER_SEC	1000000L
#define TICK_NSEC	(NSEC_PER_SEC / HZ)

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

/* ITIMER_VIRTUAL and ITIMER_PROF stop by themselves: the threads have left (cputimer.c). */
void
itimer_exit(struct process *p)
{
	disarm(&p->itimer);
}

static uint64_t
tv_to_ns(const struct timeval64 *tv)
{
	return tv->tv_sec * NSEC_PER_SEC + tv->tv_usec * 1000;
}

static struct timeval64
ns_to_tv(uint64_t ns)
{
	return (struct timeval64){ ns / NSEC_PER_SEC, (ns % NSEC_PER_SEC) / 1000 };
}

/* At least one tick for a non-zero time: a zero period would re-fire forever. */
static uint64_t
tv_to_ticks(const struct timeval64 *tv)
{
	uint64_t ticks = ns_to_ticks(tv_to_ns(tv));

	return tv->tv_sec == 0 && tv->tv_usec == 0 ? 0 : MAX(ticks, 1);
}

static bool
tv_valid(const struct timeval64 *tv)
{
	return tv->tv_sec >= 0 && tv->tv_usec >= 0 && tv->tv_usec < USEC_PER_SEC;
}

/* The current setting; a pending expiry reported as at least 1 us, as Linux does. */
static struct itimerval
real_value(struct itimer_real *it)
{
	struct itimerval v = { 0 };
	uint64_t now = time_now();

	spin_lock(&it->state);
	if (it->armed) {
		v.it_value = ns_to_tv(ticks_to_ns(it->timer.expires > now ? it->timer.expires - now : 0));
		if (v.it_value.tv_sec == 0 && v.it_value.tv_usec == 0)
			v.it_value.tv_usec = 1;
		v.it_interval = ns_to_tv(ticks_to_ns(it->interval));
	}
	spin_unlock(&it->state);
	return v;
}

static struct itimerval
real_set(struct itimer_real *it, const struct itimerval *new)
{
	struct itimerval old;

	mutex_lock(&it->lock);
	old = real_value(it);
	disarm(it);
	if (new->it_value.tv_sec != 0 || new->it_value.tv_usec != 0) {
		spin_lock(&it->state);
		it->armed = true;
		it->interval = tv_to_ticks(&new->it_interval);
		timer_add(&it->timer, time_now() + tv_to_ticks(&new->it_value));
		spin_unlock(&it->state);
	}
	mutex_unlock(&it->lock);
	return old;
}

/* ITIMER_VIRTUAL or ITIMER_PROF, with the clock it counts (p->timers.lock held). */
static struct cpu_itimer *
cpu_itimer(struct process *p, int which, uint64_t *now)
{
	bool virt = which == ITIMER_VIRTUAL;

	*now = process_cputime(p, virt ? CPUCLOCK_VIRT : CPUCLOCK_PROF);
	return virt ? &p->timers.virt : &p->timers.prof;
}

/* p->timers.lock held. */
static struct itimerval
cpu_value(const struct cpu_itimer *it, uint64_t now)
{
	uint64_t left = 0;

	if (it->expires != 0)
		left = it->expires > now ? it->expires - now : TICK_NSEC;
	return (struct itimerval){ .it_interval = ns_to_tv(it->incr), .it_value = ns_to_tv(left) };
}

static struct itimerval
cpu_get(struct process *p, int which)
{
	struct itimerval v;
	uint64_t now;

	spin_lock(&p->timers.lock);
	v = cpu_value(cpu_itimer(p, which, &now), now);
	spin_unlock(&p->timers.lock);
	return v;
}

static struct itimerval
cpu_set(struct process *p, int which, const struct itimerval *new)
{
	uint64_t value = tv_to_ns(&new->it_value), now;
	struct cpu_itimer *it;
	struct itimerval old;

	spin_lock(&p->timers.lock);
	it = cpu_itimer(p, which, &now);
	old = cpu_value(it, now);
	it->expires = value != 0 ? now + value + TICK_NSEC : 0;
	it->incr = tv_to_ns(&new->it_interval);
	spin_unlock(&p->timers.lock);
	return old;
}

/* Has the CPU time reached it? Then re-arm it by its interval or disarm it. */
static bool
cpu_fires(struct cpu_itimer *it, uint64_t now)
{
	if (it->expires == 0 || now < it->expires)
		return false;
	it->expires = it->incr != 0 ? it->expires + it->incr : 0;
	return true;
}

unsigned long
itimer_cpu_expire(struct process *p)
{
	unsigned long sigs = 0;

	if (cpu_fires(&p->timers.virt, process_cputime(p, CPUCLOCK_VIRT)))
		sigs |= sigmask(SIGVTALRM);
	if (cpu_fires(&p->timers.prof, process_cputime(p, CPUCLOCK_PROF)))
		sigs |= sigmask(SIGPROF);
	return sigs;
}

void
itimer_cpu_signal(struct process *p, unsigned long sigs)
{
	if (sigs & sigmask(SIGVTALRM))
		send_signal(p, SIGVTALRM);
	if (sigs & sigmask(SIGPROF))
		send_signal(p, SIGPROF);
}

SYSCALL_DEFINE2(getitimer, int, which, uintptr_t, ucur)
{
	struct process *p = current_proc();
	struct itimerval v;

	if (which == ITIMER_REAL)
		v = real_value(&p->itimer);
	else if (which == ITIMER_VIRTUAL || which == ITIMER_PROF)
		v = cpu_get(p, which);
	else
		return -EINVAL;
	return copy_to_user(ucur, &v, sizeof(v)) != 0 ? -EFAULT : 0;
}

SYSCALL_DEFINE3(setitimer, int, which, uintptr_t, unew, uintptr_t, uold)
{
	struct process *p = current_proc();
	struct itimerval new = { 0 }, old;

	/* Linux checks the value before the timer. */
	if (unew != 0 && copy_from_user(&new, unew, sizeof(new)) != 0)
		return -EFAULT;
	if (!tv_valid(&new.it_value) || !tv_valid(&new.it_interval))
		return -EINVAL;
	if (which == ITIMER_REAL)
		old = real_set(&p->itimer, &new);
	else if (which == ITIMER_VIRTUAL || which == ITIMER_PROF)
		old = cpu_set(p, which, &new);
	else
		return -EINVAL;
	if (uold != 0 && copy_to_user(uold, &old, sizeof(old)) != 0)
		return -EFAULT;
	return 0;
}
