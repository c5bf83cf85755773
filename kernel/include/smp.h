/* Inter-processor interrupts and secondary hart bring-up. */
#ifndef KITE_SMP_H
#define KITE_SMP_H

#include <types.h>

enum ipi_kind {
	IPI_RESCHEDULE = 1 << 0,	/* look at the run queue */
	IPI_STOP = 1 << 1,		/* panic elsewhere: park this hart */
};

void smp_boot_secondaries(void);
void smp_send_ipi(int cpu, enum ipi_kind kind);
void smp_kick(unsigned long cpu_mask);
void smp_stop_others(void);
void ipi_interrupt(void);
int smp_online_count(void);

#endif
