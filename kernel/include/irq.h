/* External interrupts through the PLIC. */
#ifndef KITE_IRQ_H
#define KITE_IRQ_H

#include <types.h>

typedef void (*irq_handler_t)(void *arg);

void plic_init(void);
void plic_cpu_init(int cpu);
/* Route irq to the given cpu and call handler(arg) in interrupt context. */
int irq_register(uint32_t irq, irq_handler_t handler, void *arg, int cpu);
void plic_interrupt(void);

#endif
