/*
 * SBI calls: ecall with the extension id in a7, the function id in a6,
 * arguments in a0..a5; the firmware answers with an error in a0 and a value
 * in a1. Extensions are probed once at boot (Base extension, probe_extension).
 */
#include <sbi.h>
#include <memlayout.h>
#include <printk.h>

#define SBI_EXT_BASE	0x10
#define SBI_EXT_TIME	0x54494D45
#define SBI_EXT_IPI	0x735049
#define SBI_EXT_RFENCE	0x52464E43
#define SBI_EXT_HSM	0x48534D
#define SBI_EXT_SRST	0x53525354
#define SBI_EXT_DBCN	0x4442434E
#define SBI_EXT_LEGACY_PUTCHAR 0x01

#define BASE_GET_SPEC_VERSION	0
#define BASE_GET_IMPL_ID	1
#define BASE_GET_IMPL_VERSION	2
#define BASE_PROBE_EXTENSION	3

static struct {
	long spec_version;
	long impl_id, impl_version;
	bool time, ipi, rfence, hsm, srst, dbcn;
} sbi;

static struct sbi_ret
sbi_call(unsigned long ext, unsigned long fid, unsigned long a0,
    unsigned long a1, unsigned long a2, unsigned long a3, unsigned long a4)
{
	register unsigned long r0 __asm__("a0") = a0;
	register unsigned long r1 __asm__("a1") = a1;
	register unsigned long r2 __asm__("a2") = a2;
	register unsigned long r3 __asm__("a3") = a3;
	register unsigned long r4 __asm__("a4") = a4;
	register unsigned long r6 __asm__("a6") = fid;
	register unsigned long r7 __asm__("a7") = ext;

	__asm__ __volatile__("ecall"
	    : "+r"(r0), "+r"(r1)
	    : "r"(r2), "r"(r3), "r"(r4), "r"(r6), "r"(r7)
	    : "memory");
	return (struct sbi_ret){ .error = (long)r0, .value = (long)r1 };
}

static bool
sbi_probe(unsigned long ext)
{
	struct sbi_ret r = sbi_call(SBI_EXT_BASE, BASE_PROBE_EXTENSION, ext, 0, 0, 0, 0);

	return r.error == SBI_SUCCESS && r.value != 0;
}

void
sbi_init(void)
{
	sbi.spec_version = sbi_call(SBI_EXT_BASE, BASE_GET_SPEC_VERSION, 0, 0, 0, 0, 0).value;
	sbi.impl_id = sbi_call(SBI_EXT_BASE, BASE_GET_IMPL_ID, 0, 0, 0, 0, 0).value;
	sbi.impl_version = sbi_call(SBI_EXT_BASE, BASE_GET_IMPL_VERSION, 0, 0, 0, 0, 0).value;
	sbi.time = sbi_probe(SBI_EXT_TIME);
	sbi.ipi = sbi_probe(SBI_EXT_IPI);
	sbi.rfence = sbi_probe(SBI_EXT_RFENCE);
	sbi.hsm = sbi_probe(SBI_EXT_HSM);
	sbi.srst = sbi_probe(SBI_EXT_SRST);
	sbi.dbcn = sbi_probe(SBI_EXT_DBCN);
}

long
sbi_spec_version(void)
{
	return sbi.spec_version;
}

bool
sbi_has_srst(void)
{
	return sbi.srst;
}

long
sbi_set_timer(uint64_t stime)
{
	return sbi_call(SBI_EXT_TIME, 0, stime, 0, 0, 0, 0).error;
}

long
sbi_send_ipi(unsigned long hart_mask, unsigned long hart_mask_base)
{
	return sbi_call(SBI_EXT_IPI, 0, hart_mask, hart_mask_base, 0, 0, 0).error;
}

long
sbi_remote_sfence_vma(unsigned long hart_mask, unsigned long hart_mask_base,
    unsigned long start, unsigned long size)
{
	return sbi_call(SBI_EXT_RFENCE, 1, hart_mask, hart_mask_base, start, size, 0).error;
}

long
sbi_remote_sfence_vma_asid(unsigned long hart_mask, unsigned long base,
    unsigned long start, unsigned long size, unsigned long asid)
{
	return sbi_call(SBI_EXT_RFENCE, 2, hart_mask, base, start, size, asid).error;
}

long
sbi_hart_start(unsigned long hartid, paddr_t start_pa, unsigned long opaque)
{
	return sbi_call(SBI_EXT_HSM, 0, hartid, start_pa, opaque, 0, 0).error;
}

long
sbi_hart_get_status(unsigned long hartid)
{
	struct sbi_ret r = sbi_call(SBI_EXT_HSM, 2, hartid, 0, 0, 0, 0);

	return r.error ? r.error : r.value;
}

long
sbi_system_reset(uint32_t type, uint32_t reason)
{
	return sbi_call(SBI_EXT_SRST, 0, type, reason, 0, 0, 0).error;
}

void
sbi_console_putc(char c)
{
	if (sbi.dbcn) {
		/* DBCN write_byte */
		sbi_call(SBI_EXT_DBCN, 2, (unsigned char)c, 0, 0, 0, 0);
		return;
	}
	sbi_call(SBI_EXT_LEGACY_PUTCHAR, 0, (unsigned char)c, 0, 0, 0, 0);
}

void
sbi_report(void)
{
	printk("sbi: spec %ld.%ld, implementation %ld version 0x%lx;%s%s%s%s%s%s\n",
	    (sbi.spec_version >> 24) & 0x7f, sbi.spec_version & 0xffffff,
	    sbi.impl_id, sbi.impl_version,
	    sbi.time ? " time" : "", sbi.ipi ? " ipi" : "",
	    sbi.rfence ? " rfence" : "", sbi.hsm ? " hsm" : "",
	    sbi.srst ? " srst" : "", sbi.dbcn ? " dbcn" : "");
}
