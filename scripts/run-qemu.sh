#!/bin/sh
# The one place that knows how to start QEMU for this kernel. Used by
# `make qemu`, `make qemu-gdb`, `make bench` and the pytest harness.
#
# usage: run-qemu.sh [--smp N] [--mem SIZE] [--disk IMG] [--append ARGS]
#                    [--icount] [--gdb] [--kernel ELF]
set -eu

smp=4 mem=512M disk= append= icount= gdb=
kernel=build/kernel.elf
opensbi=/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_dynamic.bin

while [ $# -gt 0 ]; do
	case "$1" in
	--smp) smp=$2; shift ;;
	--mem) mem=$2; shift ;;
	--disk) disk=$2; shift ;;
	--append) append=$2; shift ;;
	--kernel) kernel=$2; shift ;;
	--icount) icount=1 ;;
	--gdb) gdb=1 ;;
	*) echo "run-qemu.sh: unknown option $1" >&2; exit 2 ;;
	esac
	shift
done

set -- -machine virt -bios "$opensbi" -kernel "$kernel" \
	-smp "$smp" -m "$mem" -nographic -append "$append"
if [ -n "$disk" ]; then
	set -- "$@" -global virtio-mmio.force-legacy=false \
		-drive "file=$disk,if=none,format=raw,id=root" \
		-device virtio-blk-device,drive=root
fi
[ -n "$icount" ] && set -- "$@" -icount shift=0
[ -n "$gdb" ] && set -- "$@" -S -gdb tcp::1234
exec qemu-system-riscv64 "$@"
