# The kernel: freestanding, riscv64-unknown-elf-gcc, warnings are errors.
#
# The link is done twice: the first image yields the symbol table (nm), which
# is compiled into the second so that a panic can print function names. The
# table sits after .text in its own section, so text addresses are the same in
# both links.

KCC     := $(KCROSS)gcc
KLD     := $(KCROSS)ld
KNM     := $(KCROSS)nm
KBUILD  := $(BUILD)/kernel

KCFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Werror -Wno-unused-parameter \
	-ffreestanding -fno-builtin -nostdlib -fno-common -fno-stack-protector \
	-fno-omit-frame-pointer -fno-optimize-sibling-calls -fno-pie \
	-march=rv64imac_zicsr_zifencei -mabi=lp64 -mcmodel=medany -mno-relax \
	-Ikernel/include -Isbi -MMD -MP
KASFLAGS := $(KCFLAGS) -D__ASSEMBLY__

KSRC_C := $(shell find kernel sbi -name '*.c' | sort)
KSRC_S := $(shell find kernel sbi -name '*.S' | sort)
KOBJ   := $(patsubst %.c,$(KBUILD)/%.o,$(KSRC_C)) $(patsubst %.S,$(KBUILD)/%.o,$(KSRC_S))
KLDS   := kernel/arch/kernel.ld
# libgcc supplies what the compiler may call for builtins (__ctzdi2 on rv64imac).
KLIBGCC := $(shell $(KCC) -march=rv64imac -mabi=lp64 -print-libgcc-file-name)

$(KBUILD)/%.o: %.c
	@mkdir -p $(@D)
	@echo "  KCC     $<"
	$(Q)$(KCC) $(KCFLAGS) -c -o $@ $<

$(KBUILD)/%.o: %.S
	@mkdir -p $(@D)
	@echo "  KAS     $<"
	$(Q)$(KCC) $(KASFLAGS) -c -o $@ $<

# Pass 1: no symbol table. Pass 2: the table generated from pass 1.
$(KBUILD)/ksyms-empty.o: scripts/ksyms.sh
	@mkdir -p $(@D)
	$(Q)scripts/ksyms.sh /dev/null > $(KBUILD)/ksyms-empty.S
	$(Q)$(KCC) $(KASFLAGS) -c -o $@ $(KBUILD)/ksyms-empty.S

$(KBUILD)/kernel.pass1: $(KOBJ) $(KBUILD)/ksyms-empty.o $(KLDS)
	$(Q)$(KLD) -T $(KLDS) -o $@ $(KOBJ) $(KBUILD)/ksyms-empty.o $(KLIBGCC)

$(KBUILD)/ksyms.o: $(KBUILD)/kernel.pass1 scripts/ksyms.sh
	$(Q)$(KNM) -n $< | scripts/ksyms.sh - > $(KBUILD)/ksyms.S
	$(Q)$(KCC) $(KASFLAGS) -c -o $@ $(KBUILD)/ksyms.S

$(BUILD)/kernel.elf: $(KOBJ) $(KBUILD)/ksyms.o $(KLDS)
	@echo "  LD      $@"
	$(Q)$(KLD) -T $(KLDS) -o $@ $(KOBJ) $(KBUILD)/ksyms.o $(KLIBGCC)
	$(Q)$(KNM) -n $(KBUILD)/kernel.pass1 | grep ' [tT] ' > $(KBUILD)/syms1
	$(Q)$(KNM) -n $@ | grep ' [tT] ' > $(KBUILD)/syms2
	$(Q)cmp -s $(KBUILD)/syms1 $(KBUILD)/syms2 || \
		{ echo "kernel.mk: text moved between link passes" >&2; rm -f $@; exit 1; }

-include $(KOBJ:.o=.d)
