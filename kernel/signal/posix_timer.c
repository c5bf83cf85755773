/*
 * POSIX per-process timers: timer_create(2), timer_settime(2),
 * timer_gettime(2), timer_getoverrun(2), timer_delete(2).
 *
 * A timer counts on CLOCK_REALTIME, CLOCK_MONOTONIC or CLOCK_BOOTTIME with a
 * hardware timer on the monotonic time base (an absolute CLOCK_REALTIME
 * expiry is converted when it is set; a later clock_settime does not move
 * it, unlike Linux), or on a CPU-time clock of the process or one of its
 * threads, checked at every tick (cputimer.c). Its expiry queues a signal
 * with si_code SI_TIMER, si_timerid and si_value, for the process or, with
 * SIGEV_THREAD_ID, for one of its threads (glibc builds SIGEV_THREAD on
 * that); a SIGEV_NONE timer only counts down, for timer_gettime.
 *
 * As on Linux, a timer has at most one signal queued, and a periodic timer
 * whose signal is queued stops (PT_REQUEUE) until the signal is taken: then
 * posix_timer_deliver() moves its expiry past now and counts the periods
 * skipped, which the signal's si_overrun and timer_getoverrun() report
 * (clamped to DELAYTIMER_MAX, INT_MAX). timer_settime and timer_delete start
 * a new generation (seq): a signal queued by an older one is dropped when
 * taken, so a reset or deleted timer's pending signal is never delivered
 * (Linux 6.13 and later). If its thread has exited, a SIGEV_THREAD_ID
 * timer's signal goes nowhere and a periodic timer stops, as on Linux.
 *
 * A periodic timer whose signal is ignored keeps running, at most once a
 * tick, so that a handler installed later sees its next expiry with the
 * periods skipped as overruns (Linux 6.12's way; 6.13 parks the timer and
 * queues its signal when the handler is installed).
 *
 * Ids are per process and count up from 0; exec keeps the count. Each timer
 * holds one unit of RLIMIT_SIGPENDING, like Linux's preallocated signal
 * entry: past the limit timer_create fails with EAGAIN. Timers are deleted
 * at exit and exec, and fork does not copy them.
 *
 * Locking (posix_timer.h): calls that change timers hold timers.mutex; the
 * state is under timers.lock, which the expiry paths drop before queueing
 * a signal. The list changes under both, so either keeps it stable. A
 * timer is freed only after timer_cancel() has waited out its callback; the
 * paths that run after dropping timers.lock look the timer up again by id.
 */
#include <posix_timer.h>
#include <proc.h>
#include <syscall.h>
#include <uaccess.h>
#include <slab.h>
#include <vfs.h>
#include <errno.h>

#define CLOCK_REALTIME		0
#define CLOCK_MONOTONIC		1
#define CLOCK_MONOTONIC_RAW	4
#define CLOCK_REALTIME_COARSE	5
#define CLOCK_MONOTONIC_COARSE	6
#define CLOCK_BOOTTIME		7
#define TIMER_ABSTIME		1
#define SIGEV_SIGNAL		0
#define SIGEV_NONE		1
#define SIGEV_THREAD		2
#define SIGEV_THREAD_ID		4
#define DELAYTIMER_MAX		__INT_MAX__
#define TIMER_ID_MAX		__INT_MAX__
#define TICK_NSEC		(NSEC_PER_SEC / HZ)

/* struct sigevent on riscv64: 64 bytes. */
struct sigevent64 {
	uint64_t value;
	int signo;
	int notify;
	union {
		int tid;		/* SIGEV_THREAD_ID */
		int pad[12];
	};
};

struct itimerspec64 {
	struct timespec64 it_interval, it_value;
};

static void hw_expired(struct timer *hw);

void
posix_timers_init(struct process *p)
{
	struct process_timers *pt = &p->timers;

	mutex_init(&pt->mutex, "posix_timers");
	spin_init(&pt->lock, "timers");
	list_init(&pt->list);
	list_init(&pt->cpu_armed);
}

/* timers.lock or timers.mutex held. */
static struct posix_timer *
lookup(struct process *p, int id)
{
	struct posix_timer *tm;

	list_for_each_entry(tm, &p->timers.list, link) {
		if (tm->id == id)
			return tm;
	}
	return NULL;
}

bool
own_thread(int tid)
{
	struct thread *t;
	bool r;

	spin_lock(&proc_tree_lock);
	t = thread_lookup(tid);
	r = t != NULL && t->proc == current_proc();
	spin_unlock(&proc_tree_lock);
	return r;
}

/* The time on tm's clock base (timers.lock held): 0, or -ESRCH if its thread is gone. */
static int
clock_now(struct posix_timer *tm, uint64_t *now)
{
	if (!tm->on_cpu_clock) {
		*now = uptime_ns();
		return 0;
	}
	return cpu_clock_read(tm->proc, &tm->cpu, now);
}

/* Rounded up: the hardware timer must not fire before expires. */
static uint64_t
ns_to_ticks_up(uint64_t ns)
{
	uint64_t ticks = ns_to_ticks(ns);

	return ticks_to_ns(ticks) < ns ? ticks + 1 : ticks;
}

/* Start counting toward tm->expires (timers.lock held). A SIGEV_NONE timer is only read. */
static void
arm(struct posix_timer *tm)
{
	if (tm->notify_none)
		return;
	tm->status = PT_ARMED;
	if (tm->on_cpu_clock)
		list_add_tail(&tm->cpu_link, &tm->proc->timers.cpu_armed);
	else
		timer_add(&tm->hw, ns_to_ticks_up(tm->expires));
}

/*
 * Stop counting and start a new generation, so that a signal already
 * queued is dropped when taken (timers.lock held). The hardware timer's
 * callback may be running: the caller cancels tm->hw once the lock is
 * dropped, and the callback, finding the timer disarmed, does nothing.
 */
static void
disarm(struct posix_timer *tm)
{
	tm->seq++;
	tm->status = PT_DISARMED;
	list_del(&tm->cpu_link);	/* harmless when it is not on the list */
}

/*
 * The timer expired (timers.lock held): its signal is to be sent (shot),
 * and a periodic timer waits for the signal to be taken before it counts on.
 */
static void
expire(struct posix_timer *tm, struct timer_shot *shot)
{
	tm->status = tm->interval != 0 ? PT_REQUEUE : PT_DISARMED;
	list_del(&tm->cpu_link);
	shot->tid = tm->sig_tid;
	shot->seq = tm->seq;
	shot->info = (struct siginfo){ .si_signo = tm->signo, .si_code = SI_TIMER,
	    .timer.tid = tm->id, .timer.value = tm->value };
}

/* Move a periodic timer's expiry past now; the periods skipped are overruns. */
static void
forward(struct posix_timer *tm, uint64_t now)
{
	uint64_t periods;

	if (now < tm->expires)
		return;
	periods = (now - tm->expires) / tm->interval + 1;
	tm->expires += periods * tm->interval;
	tm->overrun += periods;
}

static int
overrun_to_int(int64_t overrun)
{
	return overrun > DELAYTIMER_MAX ? DELAYTIMER_MAX : (int)overrun;
}

bool
posix_timer_deliver(struct process *p, struct siginfo *info, uint64_t seq)
{
	struct posix_timer *tm;
	uint64_t now;
	bool valid;

	spin_lock(&p->timers.lock);
	tm = lookup(p, info->timer.tid);
	valid = tm != NULL && tm->seq == seq;
	if (valid && tm->status == PT_REQUEUE) {
		if (clock_now(tm, &now) == 0)
			forward(tm, now);
		arm(tm);
		tm->overrun_last = tm->overrun;
		tm->overrun = -1;
		tm->seq++;
		info->timer.overrun = overrun_to_int(tm->overrun_last);
	}
	spin_unlock(&p->timers.lock);
	return valid;
}

/*
 * The signal was ignored, so nothing will take it and re-arm a periodic
 * timer: count on from here, at most once a tick.
 */
static void
keep_running(struct process *p, const struct timer_shot *shot)
{
	struct posix_timer *tm;
	uint64_t now;

	spin_lock(&p->timers.lock);
	tm = lookup(p, shot->info.timer.tid);
	if (tm != NULL && tm->seq == shot->seq && tm->status == PT_REQUEUE &&
	    clock_now(tm, &now) == 0) {
		forward(tm, tm->interval < TICK_NSEC ? now + TICK_NSEC : now);
		arm(tm);
	}
	spin_unlock(&p->timers.lock);
}

void
posix_timers_fire(struct process *p, const struct timer_shot *shots, int n)
{
	for (int i = 0; i < n; i++) {
		if (send_timer_signal(p, shots[i].tid, &shots[i].info, shots[i].seq) == 1)
			keep_running(p, &shots[i]);
	}
}

/* The hardware timer's callback (timer interrupt): tm stays valid until it returns. */
static void
hw_expired(struct timer *hw)
{
	struct posix_timer *tm = container_of(hw, struct posix_timer, hw);
	struct process *p = tm->proc;
	struct timer_shot shot;
	bool fire;

	spin_lock(&p->timers.lock);
	fire = tm->status == PT_ARMED;
	if (fire)
		expire(tm, &shot);
	spin_unlock(&p->timers.lock);
	if (fire)
		posix_timers_fire(p, &shot, 1);
}

int
posix_cpu_timers_expire(struct process *p, struct thread *t, struct timer_shot *shots, int max)
{
	struct posix_timer *tm, *tmp;
	uint64_t now;
	int n = 0;

	list_for_each_entry_safe(tm, tmp, &p->timers.cpu_armed, cpu_link) {
		if (n == max)
			break;		/* the others are still due at the next tick */
		if (tm->cpu.tid == 0)
			now = process_cputime(p, tm->cpu.which);
		else if (tm->cpu.tid == t->tid)
			now = thread_cputime(t, tm->cpu.which);
		else
			continue;	/* another thread's clock: it did not advance */
		if (now >= tm->expires)
			expire(tm, &shots[n++]);
	}
	return n;
}

/* Free a timer that is off the list and disarmed. */
static void
destroy(struct process *p, struct posix_timer *tm)
{
	timer_cancel(&tm->hw);
	signal_unreserve_timer(p);
	kfree(tm);
}

void
posix_timers_exit(struct process *p)
{
	struct process_timers *pt = &p->timers;
	struct posix_timer *tm, *tmp;
	LIST_HEAD(dead);

	mutex_lock(&pt->mutex);
	spin_lock(&pt->lock);
	list_for_each_entry_safe(tm, tmp, &pt->list, link) {
		disarm(tm);
		list_del(&tm->link);
		list_add(&tm->link, &dead);
	}
	spin_unlock(&pt->lock);
	list_for_each_entry_safe(tm, tmp, &dead, link)
		destroy(p, tm);
	mutex_unlock(&pt->mutex);
}

/*
 * A new timer on clock, holding its RLIMIT_SIGPENDING unit. NULL with *err:
 * -EINVAL (unknown clock), -EOPNOTSUPP (a clock without timers), -EAGAIN.
 */
static struct posix_timer *
timer_alloc(struct process *p, int clock, int *err)
{
	struct posix_timer *tm;
	struct cpu_clock cc = { 0 };
	bool on_cpu_clock = false;

	switch (clock) {
	case CLOCK_REALTIME:
	case CLOCK_MONOTONIC:
	case CLOCK_BOOTTIME:
		break;
	case CLOCK_MONOTONIC_RAW:
	case CLOCK_REALTIME_COARSE:
	case CLOCK_MONOTONIC_COARSE:
		*err = -EOPNOTSUPP;
		return NULL;
	default:
		if (cpu_clock_decode(clock, &cc) != 0) {
			*err = -EINVAL;
			return NULL;
		}
		on_cpu_clock = true;
		break;
	}
	if ((tm = kzalloc(sizeof(*tm))) == NULL || signal_reserve_timer(p) != 0) {
		kfree(tm);
		*err = -EAGAIN;
		return NULL;
	}
	tm->proc = p;
	tm->clock = clock;
	tm->on_cpu_clock = on_cpu_clock;
	tm->cpu = cc;
	tm->seq = 1;		/* 0 marks the signals of anything but a timer */
	tm->overrun = -1;
	list_init(&tm->cpu_link);
	timer_init(&tm->hw, hw_expired);
	return tm;
}

/* Linux's good_sigevent(): what to send, and to whom. */
static int
set_notify(struct posix_timer *tm, const struct sigevent64 *sev)
{
	switch (sev->notify) {
	case SIGEV_THREAD_ID:
		if (!own_thread(sev->tid))
			return -EINVAL;
		tm->sig_tid = sev->tid;
		/* fall through */
	case SIGEV_SIGNAL:
	case SIGEV_THREAD:	/* glibc never passes it; Linux treats it as SIGEV_SIGNAL */
		if (sev->signo <= 0 || sev->signo > SIGRTMAX)
			return -EINVAL;
		break;
	case SIGEV_NONE:
		tm->notify_none = true;
		break;
	default:
		return -EINVAL;
	}
	tm->signo = sev->signo;
	tm->value = sev->value;
	return 0;
}

/* The next free id, counting up and wrapping (timers.mutex held). */
static int
next_id(struct process *p)
{
	int id;

	do {
		id = p->timers.next_id;
		p->timers.next_id = id == TIMER_ID_MAX ? 0 : id + 1;
	} while (lookup(p, id) != NULL);
	return id;
}

/* Without a sigevent: SIGALRM to the process, si_value the timer's id. */
SYSCALL_DEFINE3(timer_create, int, clock, uintptr_t, usev, uintptr_t, uid)
{
	struct process *p = current_proc();
	struct sigevent64 sev = { .signo = SIGALRM, .notify = SIGEV_SIGNAL };
	struct posix_timer *tm;
	int r;

	if (usev != 0 && copy_from_user(&sev, usev, sizeof(sev)) != 0)
		return -EFAULT;
	if ((tm = timer_alloc(p, clock, &r)) == NULL)
		return r;
	mutex_lock(&p->timers.mutex);
	tm->id = next_id(p);	/* taken even if the call fails, as on Linux */
	if (usev == 0)
		sev.value = (uint32_t)tm->id;
	r = set_notify(tm, &sev);
	if (r == 0 && copy_to_user(uid, &tm->id, sizeof(tm->id)) != 0)
		r = -EFAULT;
	if (r == 0) {
		spin_lock(&p->timers.lock);
		list_add_tail(&tm->link, &p->timers.list);
		spin_unlock(&p->timers.lock);
	}
	mutex_unlock(&p->timers.mutex);
	if (r != 0)
		destroy(p, tm);
	return r;
}

/*
 * Linux's common_timer_get() (timers.lock held): a periodic timer waiting
 * for its signal to be taken reads as if re-armed now; one that has expired
 * but whose signal is not yet delivered reads 1 ns, a SIGEV_NONE one 0.
 */
static struct itimerspec64
current_setting(struct posix_timer *tm)
{
	struct itimerspec64 v = { 0 };
	uint64_t now;

	if (tm->interval != 0)
		v.it_interval = ns_to_timespec(tm->interval);
	else if (tm->status == PT_DISARMED && !tm->notify_none)
		return v;
	if (clock_now(tm, &now) != 0)
		return v;	/* the clock's thread is gone */
	if (tm->interval != 0 && tm->status != PT_ARMED)
		forward(tm, now);
	if (tm->expires > now)
		v.it_value = ns_to_timespec(tm->expires - now);
	else if (!tm->notify_none)
		v.it_value.tv_nsec = 1;
	return v;
}

/* Where a new setting's first expiry falls on tm's clock base. */
static uint64_t
first_expiry(struct posix_timer *tm, int flags, uint64_t value, uint64_t now)
{
	if (!(flags & TIMER_ABSTIME))
		return MIN(now + value, (uint64_t)__INT64_MAX__);	/* both are below 2^63 */
	return tm->on_cpu_clock ? value : clock_abs_to_monotonic(tm->clock, value);
}

/* timer_settime's work (timers.mutex held): 0, -EINVAL (no such timer) or -ESRCH. */
static int
set(struct process *p, int id, int flags, const struct itimerspec64 *new,
    struct itimerspec64 *old)
{
	uint64_t value = timespec_to_ns(&new->it_value), now;
	struct posix_timer *tm;
	int r = -EINVAL;

	spin_lock(&p->timers.lock);
	if ((tm = lookup(p, id)) == NULL || (r = clock_now(tm, &now)) != 0) {
		spin_unlock(&p->timers.lock);
		return r;
	}
	*old = current_setting(tm);
	disarm(tm);
	spin_unlock(&p->timers.lock);
	timer_cancel(&tm->hw);
	spin_lock(&p->timers.lock);
	tm->interval = value != 0 ? timespec_to_ns(&new->it_interval) : 0;
	tm->overrun_last = 0;
	tm->overrun = -1;
	if (value != 0) {
		tm->expires = first_expiry(tm, flags, value, now);
		arm(tm);
	} else if (tm->on_cpu_clock) {
		tm->expires = 0;	/* as Linux: a disarmed CPU timer reads 0 even with SIGEV_NONE */
	}
	spin_unlock(&p->timers.lock);
	return 0;
}

SYSCALL_DEFINE4(timer_settime, int, id, int, flags, uintptr_t, unew, uintptr_t, uold)
{
	struct process *p = current_proc();
	struct itimerspec64 new, old;
	int r;

	if (unew == 0)
		return -EINVAL;
	if (copy_from_user(&new, unew, sizeof(new)) != 0)
		return -EFAULT;
	if (!timespec_valid(&new.it_interval) || !timespec_valid(&new.it_value))
		return -EINVAL;
	mutex_lock(&p->timers.mutex);
	r = set(p, id, flags, &new, &old);
	mutex_unlock(&p->timers.mutex);
	if (r == 0 && uold != 0 && copy_to_user(uold, &old, sizeof(old)) != 0)
		r = -EFAULT;
	return r;
}

SYSCALL_DEFINE2(timer_gettime, int, id, uintptr_t, ucur)
{
	struct process *p = current_proc();
	struct itimerspec64 v;
	struct posix_timer *tm;

	spin_lock(&p->timers.lock);
	if ((tm = lookup(p, id)) != NULL)
		v = current_setting(tm);
	spin_unlock(&p->timers.lock);
	if (tm == NULL)
		return -EINVAL;
	return copy_to_user(ucur, &v, sizeof(v)) != 0 ? -EFAULT : 0;
}

/* The overruns the last signal taken reported. */
SYSCALL_DEFINE1(timer_getoverrun, int, id)
{
	struct process *p = current_proc();
	struct posix_timer *tm;
	int r = -EINVAL;

	spin_lock(&p->timers.lock);
	if ((tm = lookup(p, id)) != NULL)
		r = overrun_to_int(tm->overrun_last);
	spin_unlock(&p->timers.lock);
	return r;
}

SYSCALL_DEFINE1(timer_delete, int, id)
{
	struct process *p = current_proc();
	struct posix_timer *tm;

	mutex_lock(&p->timers.mutex);
	spin_lock(&p->timers.lock);
	if ((tm = lookup(p, id)) != NULL) {
		disarm(tm);
		list_del(&tm->link);
	}
	spin_unlock(&p->timers.lock);
	if (tm != NULL)
		destroy(p, tm);
	mutex_unlock(&p->timers.mutex);
	return tm != NULL ? 0 : -EINVAL;
}
