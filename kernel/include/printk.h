/* Kernel console output and formatted printing. */
#ifndef KITE_PRINTK_H
#define KITE_PRINTK_H

#include <types.h>

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int snprintf(char *buf, size_t size, const char *fmt, ...) __printf(3, 4);
void printk(const char *fmt, ...) __printf(1, 2);
void vprintk(const char *fmt, va_list ap);
/* Whole-line output that bypasses the console lock (panic only). */
void printk_emergency(const char *fmt, ...) __printf(1, 2);

#endif
