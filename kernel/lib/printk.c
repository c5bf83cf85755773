/*
 * printk: format into a buffer on the stack, then write the whole line to the
 * console under its lock, so lines from different harts never interleave.
 */
#include <printk.h>
#include <console.h>

#define PRINTK_MAX 512

void
vprintk(const char *fmt, va_list ap)
{
	char buf[PRINTK_MAX];
	int n = vsnprintf(buf, sizeof(buf), fmt, ap);

	console_write(buf, n < PRINTK_MAX ? (size_t)n : PRINTK_MAX - 1);
}

void
printk(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprintk(fmt, ap);
	va_end(ap);
}

void
printk_emergency(const char *fmt, ...)
{
	char buf[PRINTK_MAX];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	console_write_emergency(buf, n < PRINTK_MAX ? (size_t)n : PRINTK_MAX - 1);
}
