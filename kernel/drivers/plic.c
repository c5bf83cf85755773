/*
 * The platform-level interrupt controller. Each hart's S-mode has a PLIC
 * "context" (found from the device tree's interrupts-extended); a source is
 * routed to one hart by enabling it in that hart's context only, so exactly
 * one hart claims each interrupt.
 */
#include <irq.h>
#include <platform.h>
#include <memlayout.h>
#include <spinlock.h>
#include <printk.h>

#define PLIC_PRIORITY(irq)	(4 * (irq))
#define PLIC_ENABLE(ctx)	(0x2000 + 0x80 * (ctx))
#define PLIC_THRESHOLD(ctx)	(0x200000 + 0x1000 * (ctx))
#define PLIC_CLAIM(ctx)		(0x200004 + 0x1000 * (ctx))
#define MAX_IRQS		1024

struct irq_action {
	irq_handler_t handler;	/* written once at registration, before enabling */
	void *arg;
};

static volatile uint8_t *plic;
static struct irq_action actions[MAX_IRQS];
static spinlock_t plic_lock = SPINLOCK_INIT("plic");	/* enable bits */

static volatile uint32_t *
plic_reg(unsigned long off)
{
	return (volatile uint32_t *)(plic + off);
}

void
plic_init(void)
{
	if (platform.plic.base == 0)
		return;
	plic = pa_to_kva(platform.plic.base);
	for (uint32_t irq = 1; irq <= platform.plic_ndev && irq < MAX_IRQS; irq++)
		*plic_reg(PLIC_PRIORITY(irq)) = 0;
}

void
plic_cpu_init(int cpu)
{
	int ctx = platform.plic_context[cpu];

	if (plic == NULL || ctx < 0)
		return;
	*plic_reg(PLIC_THRESHOLD(ctx)) = 0;
}

int
irq_register(uint32_t irq, irq_handler_t handler, void *arg, int cpu)
{
	int ctx = platform.plic_context[cpu];

	if (plic == NULL || irq == 0 || irq >= MAX_IRQS || ctx < 0)
		return -1;
	actions[irq].arg = arg;
	actions[irq].handler = handler;
	spin_lock(&plic_lock);
	*plic_reg(PLIC_PRIORITY(irq)) = 1;
	*plic_reg(PLIC_ENABLE(ctx) + 4 * (irq / 32)) |= 1U << (irq % 32);
	spin_unlock(&plic_lock);
	return 0;
}

void
plic_interrupt(void)
{
	int ctx = platform.plic_context[mycpu()->id];
	uint32_t irq;

	while ((irq = *plic_reg(PLIC_CLAIM(ctx))) != 0) {
		if (irq < MAX_IRQS && actions[irq].handler != NULL)
			actions[irq].handler(actions[irq].arg);
		else
			printk("plic: spurious interrupt %u\n", irq);
		*plic_reg(PLIC_CLAIM(ctx)) = irq;
	}
}
