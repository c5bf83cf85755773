/* Top-level entry points between kmain and the subsystems it starts. */
#ifndef KITE_KERNEL_H
#define KITE_KERNEL_H

#include <types.h>

/* Mount the root file system and run /sbin/init (never returns). */
void start_user_space(void);
#define KITE_VERSION "0.1"

/* Flush file systems before power-off or reboot. */
void kernel_shutdown(void);
void machine_restart(void) __noreturn;
/* Power the machine off; failure = true makes QEMU exit non-zero. */
void machine_power_off(bool failure) __noreturn;

#endif
