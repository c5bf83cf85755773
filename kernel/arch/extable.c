/* Exception fixups for the user-access routines (arch/uaccess.S). */
#include <trap.h>
#include <types.h>

struct extable_entry {
	uintptr_t insn;
	uintptr_t fixup;
};

extern const struct extable_entry extable_start[], extable_end[];

bool
uaccess_fixup(struct trapframe *tf)
{
	for (const struct extable_entry *e = extable_start; e < extable_end; e++) {
		if (e->insn == tf->sepc) {
			tf->sepc = e->fixup;
			return true;
		}
	}
	return false;
}
