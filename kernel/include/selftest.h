#ifndef KITE_SELFTEST_H
#define KITE_SELFTEST_H

#include <types.h>

/* Run every kernel self-test on all harts, report, and power off. */
void selftest_run_all(void) __noreturn;

#endif
