/*
 * The system console: the NS16550A UART the device tree names. Output is
 * synchronous (it waits for the transmitter, so no character is ever
 * dropped); input arrives by interrupt and is handed to the registered
 * receiver (the tty layer), or buffered until one registers.
 */
#ifndef KITE_CONSOLE_H
#define KITE_CONSOLE_H

#include <types.h>

void console_init(void);
void console_write(const char *s, size_t n);
/* Write without taking the console lock: for panic only. */
void console_write_emergency(const char *s, size_t n);
void console_set_receiver(void (*rx)(char c));
void console_irq_init(void);

#endif
