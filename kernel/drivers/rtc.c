/*
 * The Goldfish RTC of QEMU's virt machine: a 64-bit count of nanoseconds
 * since the epoch. Read once at boot to set CLOCK_REALTIME; reading TIME_LOW
 * latches TIME_HIGH, so the two halves belong together.
 */
#include <platform.h>
#include <memlayout.h>
#include <timer.h>
#include <printk.h>

#define RTC_TIME_LOW	0x00
#define RTC_TIME_HIGH	0x04

void
rtc_init(void)
{
	volatile uint32_t *rtc;
	uint64_t lo, hi;

	if (platform.rtc.base == 0)
		return;
	rtc = pa_to_kva(platform.rtc.base);
	lo = rtc[RTC_TIME_LOW / 4];
	hi = rtc[RTC_TIME_HIGH / 4];
	clock_set_realtime((hi << 32) | lo);
	printk("rtc: goldfish at 0x%lx, %lu s since the epoch\n", platform.rtc.base,
	    ((hi << 32) | lo) / NSEC_PER_SEC);
}
