/* Address to name, from the table scripts/ksyms.sh builds at link time. */
#include <panic.h>

extern const uint64_t ksyms_count;
extern const uint64_t ksyms_addrs[];
extern const uint32_t ksyms_offsets[];
extern const char ksyms_names[];
extern char etext[];

const char *
ksym_lookup(uintptr_t addr, uintptr_t *offset, uintptr_t *size)
{
	uint64_t lo = 0, hi = ksyms_count;

	if (ksyms_count == 0 || addr < ksyms_addrs[0] || addr >= (uintptr_t)etext)
		return NULL;
	/* The last symbol whose address is <= addr. */
	while (hi - lo > 1) {
		uint64_t mid = (lo + hi) / 2;

		if (ksyms_addrs[mid] <= addr)
			lo = mid;
		else
			hi = mid;
	}
	*offset = addr - ksyms_addrs[lo];
	*size = (lo + 1 < ksyms_count ? ksyms_addrs[lo + 1] : (uintptr_t)etext) - ksyms_addrs[lo];
	return ksyms_names + ksyms_offsets[lo];
}
