/*
 * The SBI client: the only code that talks to the firmware (OpenSBI).
 * Every call returns the SBI error (0 = success, negative SBI_ERR_*).
 */
#ifndef KITE_SBI_H
#define KITE_SBI_H

#include <types.h>

#define SBI_SUCCESS		0
#define SBI_ERR_FAILED		-1
#define SBI_ERR_NOT_SUPPORTED	-2
#define SBI_ERR_INVALID_PARAM	-3
#define SBI_ERR_DENIED		-4
#define SBI_ERR_INVALID_ADDRESS	-5
#define SBI_ERR_ALREADY_AVAILABLE -6

/* HSM hart states. */
#define SBI_HSM_STARTED		0
#define SBI_HSM_STOPPED		1
#define SBI_HSM_START_PENDING	2
#define SBI_HSM_STOP_PENDING	3

/* SRST reset types and reasons. */
#define SBI_SRST_SHUTDOWN	0
#define SBI_SRST_COLD_REBOOT	1
#define SBI_SRST_REASON_NONE	0
#define SBI_SRST_REASON_FAILURE	1

struct sbi_ret {
	long error;
	long value;
};

void sbi_init(void);
void sbi_report(void);
long sbi_spec_version(void);

long sbi_set_timer(uint64_t stime);
/* hart_mask bit i = hart (hart_mask_base + i) */
long sbi_send_ipi(unsigned long hart_mask, unsigned long hart_mask_base);
long sbi_remote_sfence_vma(unsigned long hart_mask, unsigned long hart_mask_base,
    unsigned long start, unsigned long size);
long sbi_remote_sfence_vma_asid(unsigned long hart_mask, unsigned long base,
    unsigned long start, unsigned long size, unsigned long asid);
long sbi_hart_start(unsigned long hartid, paddr_t start_pa, unsigned long opaque);
long sbi_hart_get_status(unsigned long hartid);
long sbi_system_reset(uint32_t type, uint32_t reason);
/* Early console: DBCN when the firmware has it, else the legacy putchar. */
void sbi_console_putc(char c);
bool sbi_has_srst(void);

#endif
