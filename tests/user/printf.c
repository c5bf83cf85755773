/*
 * printf: glibc's formatting of integers, strings and floating point, which
 * exercises the F/D registers and the FPU state kept across system calls,
 * and printing itself through write(2).
 */
#include "check.h"

#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>

#define BUFLEN 128

/* Format into a buffer and compare with what Linux's glibc prints. */
static void __attribute__((format(printf, 2, 3)))
expect(const char *want, const char *fmt, ...)
{
	char got[BUFLEN], why[2 * BUFLEN + 16];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(got, sizeof(got), fmt, ap);
	va_end(ap);
	snprintf(why, sizeof(why), "got \"%s\"", got);
	check_why(strcmp(got, want) == 0, why, "\"%s\" formats as \"%s\"", fmt, want);
}

static void
integers(void)
{
	expect("42 -42 0", "%d %d %d", 42, -42, 0);
	expect("-2147483648 2147483647", "%d %d", INT_MIN, INT_MAX);
	expect("18446744073709551615", "%ju", UINTMAX_MAX);
	expect("-9223372036854775808", "%lld", LLONG_MIN);
	expect("ff FF 0xff 377", "%x %X %#x %o", 255, 255, 255, 255);
	expect("[   42] [42   ] [00042]", "[%5d] [%-5d] [%05d]", 42, 42, 42);
	expect("+7 -7", "%+d %+d", 7, -7);
}

static void
strings(void)
{
	expect("[kite] [  kite] [ki]", "[%s] [%6s] [%.2s]", "kite", "kite", "kite");
	expect("a%b", "%c%%%c", 'a', 'b');
	expect("(nil)", "%p", (void *)NULL);
}

static void
floats(void)
{
	volatile double third = 1.0 / 3.0;	/* computed at run time by the FPU */

	expect("3.141593", "%f", M_PI);
	expect("0.333333333333", "%.12f", third);
	expect("1.500000e+10", "%e", 1.5e10);
	expect("2.5e-07", "%g", 2.5e-7);
	expect("-0.000000 inf nan", "%f %f %f", -0.0, INFINITY, NAN);
	expect("1.797693e+308", "%e", DBL_MAX);
	expect("  1.23", "%6.2f", 1.2345);
	expect("0x1p+0", "%a", 1.0);
	expect("12345.7", "%.6g", 12345.678f);
}

/* printf itself: the count it returns is the number of bytes written. */
static void
printing(void)
{
	const char line[] = "printf writes 7 and 0.5\n";
	int n = printf("printf writes %d and %.1f\n", 7, 0.5);

	CHECK(n == (int)strlen(line), "printf returns the number of bytes written (%d)", n);
	CHECK(fflush(stdout) == 0, "fflush(stdout) succeeds");
}

int
main(void)
{
	integers();
	strings();
	floats();
	printing();
	return check_done();
}
