/*
 * What the device tree told us about the machine. Filled once by
 * platform_init() on the boot hart; read-only afterwards.
 */
#ifndef KITE_PLATFORM_H
#define KITE_PLATFORM_H

#include <types.h>
#include <sched.h>

#define MAX_MEM_RANGES	8
#define MAX_VIRTIO	16
#define CMDLINE_MAX	256

struct mem_range {
	uint64_t base, size;
};

struct mmio_device {
	uint64_t base, size;
	uint32_t irq;
};

struct platform {
	struct mem_range mem[MAX_MEM_RANGES];
	int nr_mem;
	struct mem_range reserved[MAX_MEM_RANGES * 2];
	int nr_reserved;
	unsigned long hartids[NR_CPUS];	/* logical cpu id -> hart id; [0] = boot hart */
	int nr_harts;
	uint64_t timebase_hz;
	struct mmio_device uart;
	uint32_t uart_clock_hz;
	uint32_t uart_reg_shift;
	struct mmio_device plic;
	uint32_t plic_ndev;
	int plic_context[NR_CPUS];	/* S-mode PLIC context of each logical cpu, -1 if none */
	struct mmio_device test_finisher;	/* "sifive,test0": QEMU's exit device */
	struct mmio_device rtc;			/* "google,goldfish-rtc" */
	struct mmio_device virtio[MAX_VIRTIO];
	int nr_virtio;
	char cmdline[CMDLINE_MAX];
};

extern struct platform platform;

void platform_init(const void *fdt, unsigned long boot_hartid);
/* The value of "key=value" on the kernel command line ("" for a bare key), or NULL. */
const char *cmdline_get(const char *key, char *buf, size_t size);

#endif
