# Kite: an SMP RISC-V kernel with a Linux-compatible IPC layer.
#
#   make            build build/kernel.elf and build/fs.img
#   make qemu       boot it with the serial console on this terminal
#   make qemu-gdb   boot it stopped, waiting for gdb-multiarch on localhost:1234
#   make test       run the pytest suite (boots QEMU many times)
#   make test-linux run every tests/user program under qemu-riscv64 (real Linux)
#   make bench      in-guest benchmarks, -smp 1 -icount shift=0, against Linux
#   make clean
#
# Variables: SMP (harts, default 4), MEM (RAM, default 512M), APPEND (kernel
# command line), V=1 to see commands.

SMP    ?= 4
MEM    ?= 512M
APPEND ?=
BUILD  := build
PYTHON := /usr/bin/python3

KCROSS := riscv64-unknown-elf-
UCROSS := riscv64-linux-gnu-

ifeq ($(V),1)
Q :=
else
Q := @
endif

.PHONY: all deps qemu qemu-gdb test test-linux bench clean
all: $(BUILD)/kernel.elf $(BUILD)/fs.img

include kernel/kernel.mk
include user/user.mk
include tests/tests.mk
include fs/fs.mk

# Tools are checked once per invocation; install-deps.sh is silent and quick
# when everything is present.
deps:
	$(Q)scripts/install-deps.sh

RUN_QEMU = scripts/run-qemu.sh --smp $(SMP) --mem $(MEM) --disk $(BUILD)/fs.img

qemu: deps all
	$(Q)$(RUN_QEMU) --append "$(APPEND)"

qemu-gdb: deps all
	@echo "*** now run: gdb-multiarch $(BUILD)/kernel.elf -ex 'target remote :1234'"
	$(Q)$(RUN_QEMU) --append "$(APPEND)" --gdb

test: deps all
	$(Q)$(PYTHON) -m pytest tests $(PYTEST_ARGS)

clean:
	rm -rf $(BUILD)

# Benchmarks: -smp 1 -icount shift=0 (instruction-exact), compared with Linux.
bench: deps all
	$(Q)$(PYTHON) scripts/bench.py
