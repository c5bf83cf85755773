/* Top-level entry points between kmain and the subsystems it starts. */
#ifndef KITE_KERNEL_H
#define KITE_KERNEL_H

#include <types.h>

/* Mount the root file system and run /sbin/init (never returns). */
void start_user_space(void);
/* Power the machine off; failure = true makes QEMU exit non-zero. */
void machine_power_off(bool failure) __noreturn;

#endif
