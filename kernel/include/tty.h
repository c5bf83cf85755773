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

/*
 * For /proc/<pid>/stat: the console's device number (a dev_t) if it is the
 * controlling tty of session sid, else 0; *tpgid its foreground group or -1.
 */
uint32_t tty_of_session(int sid, int *tpgid);

#endif
