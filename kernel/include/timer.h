/*
 * Time and one-shot timers. Time is read from the `time` CSR, whose rate the
 * device tree gives (timebase-frequency).
 */
#ifndef KITE_TIMER_H
#define KITE_TIMER_H

#include <types.h>
#include <list.h>

#define HZ		100	/* scheduling ticks per second */
#define NSEC_PER_SEC	1000000000UL

struct timer {
	struct list_head link;	/* in its hart's list, under that list's lock */
	uint64_t expires;	/* in time-CSR ticks */
	void (*fn)(struct timer *t);
	int cpu;		/* list it is queued on, -1 when not queued */
};

void time_init(uint64_t timebase_hz);
uint64_t time_now(void);			/* ticks since boot */
uint64_t ns_to_ticks(uint64_t ns);
uint64_t ticks_to_ns(uint64_t ticks);
uint64_t uptime_ns(void);
int64_t boot_time_sec(void);		/* sys_time.c */

void timer_init(struct timer *t, void (*fn)(struct timer *));
void timer_add(struct timer *t, uint64_t expires);
bool timer_cancel(struct timer *t);	/* true if it was pending */
void timer_interrupt(void);
void timer_cpu_init(void);

/* Set CLOCK_REALTIME (ns since the epoch), from the RTC at boot or clock_settime. */
void clock_set_realtime(uint64_t ns);
void rtc_init(void);

/* A timer that wakes a sleeping thread; ->expired is set (release) first. */
struct sleeper_timer {
	struct timer timer;
	struct thread *thread;
	int expired;
};

void sleeper_timer_start(struct sleeper_timer *st, uint64_t deadline);

/* Sleep the current thread for ns nanoseconds (uninterruptible). */
void sleep_ns(uint64_t ns);
/* An absolute CLOCK_MONOTONIC time as ticks since boot (0 if already past 0). */
struct timespec64;
uint64_t clock_to_ticks(const struct timespec64 *ts);
/* A relative timeout from user memory (poll, sigtimedwait): 0 or -errno. */
int timeout_from_user(uintptr_t uts, uint64_t *deadline, bool *zero);
/* timespec helpers (sys_time.c); timespec_to_ns saturates at INT64_MAX. */
struct timespec64 ns_to_timespec(uint64_t ns);
uint64_t timespec_to_ns(const struct timespec64 *ts);
bool timespec_valid(const struct timespec64 *ts);
/* The CLOCK_MONOTONIC ns at which clock (REALTIME, MONOTONIC, BOOTTIME) reads abs. */
uint64_t clock_abs_to_monotonic(int clock, uint64_t abs);

#endif
