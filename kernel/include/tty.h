/*
 * The console terminal (/dev/console, and /dev/tty while it is the only
 * terminal): a line discipline between the UART and readers/writers.
 */
#ifndef KITE_TTY_H
#define KITE_TTY_H

#include <types.h>

/*
 * Send sig to the terminal's foreground process group (ISIG: ^C, ^\, ^Z).
 * Called without the tty lock, possibly from the UART interrupt.
 */
void tty_signal_fg(int sig);

/* Feed one received character to the console tty (the UART's receiver). */
void tty_receive(char c);

#endif
