#!/bin/sh
# Run test programs under qemu-riscv64, which forwards their system calls to
# the real Linux kernel of this host: Linux is the reference every test
# program must pass against. Used by `make test-linux`.
#
# usage: test-linux.sh PROGRAM...
#
# Programs that exec riscv64 binaries (themselves, mostly) need the kernel to
# hand such binaries to qemu-riscv64: a binfmt_misc entry, which Debian's
# qemu-user-binfmt package provides. Where it is installed but not registered
# (no systemd to do it, as in containers), this script registers it.
set -u

TIMEOUT=${TEST_TIMEOUT:-60}	# seconds per program; each should take well under 10
BINFMT=/proc/sys/fs/binfmt_misc
BINFMT_CONF=/usr/lib/binfmt.d/qemu-riscv64.conf

register_binfmt() {
	[ -e "$BINFMT/qemu-riscv64" ] && return 0
	[ -e "$BINFMT/register" ] || mount -t binfmt_misc binfmt_misc "$BINFMT" 2>/dev/null
	if [ -w "$BINFMT/register" ] && [ -r "$BINFMT_CONF" ]; then
		cat "$BINFMT_CONF" >"$BINFMT/register" 2>/dev/null
	fi
	[ -e "$BINFMT/qemu-riscv64" ] && return 0
	echo "test-linux: riscv64 binaries cannot be exec'd on this host" \
		"(install qemu-user-binfmt, and run as root to register it)" >&2
	return 1
}

[ $# -gt 0 ] || { echo "usage: $0 PROGRAM..." >&2; exit 2; }
register_binfmt || exit 1

passed=0 failed=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT

for prog in "$@"; do
	name=$(basename "$prog")
	if timeout "$TIMEOUT" qemu-riscv64 "$prog" >"$log" 2>&1; then
		passed=$((passed + 1))
		echo "  PASS    $name: $(tail -n 1 "$log")"
	else
		status=$?
		failed=$((failed + 1))
		[ $status -eq 124 ] && echo "  (timed out after $TIMEOUT s)" >>"$log"
		echo "  FAIL    $name (exit status $status):"
		sed 's/^/    /' "$log"
	fi
done

echo "test-linux: $passed programs passed, $failed failed"
[ $failed -eq 0 ]
