#!/bin/sh
# Host tests for /bin/sh: run each case under qemu-riscv64 (or any shell
# given as arguments, e.g. `user/sh/tests/run.sh dash` to check that the
# expectations are those of Linux's reference shell) and compare the
# merged stdout+stderr and the exit status.  Prints "N passed, N failed".
#
#   user/sh/tests/run.sh                       the Kite shell
#   user/sh/tests/run.sh /bin/dash             the same cases under dash
#
# Cases marked "kite" check messages in the Kite shell's own words (dash
# adds line numbers); they are skipped when testing another shell.

top=$(cd "$(dirname "$0")/../../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# Cases also run "sh" by name: it must be the shell under test.
mkdir "$work/bin"
if [ $# -gt 0 ]; then
	SH="$*"
	OTHER=1
	ln -s "$(command -v "$1")" "$work/bin/sh"
else
	SH="qemu-riscv64 $top/build/user/bin/sh"
	OTHER=
	ln -s "$top/build/user/bin/sh" "$work/bin/sh"
fi
pass=0
fail=0

# t SCRIPT EXPECTED-OUTPUT EXPECTED-STATUS [kite]
t() {
	if [ -n "$OTHER" ] && [ "$4" = kite ]; then
		return
	fi
	rm -rf "$work/d" && mkdir "$work/d"
	out=$(cd "$work/d" && HOME=/home/kite PATH=$work/bin:/usr/bin:/bin \
	    $SH -c "$1" 2>&1 </dev/null)
	st=$?
	if [ "$out" = "$2" ] && [ "$st" = "$3" ]; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		printf 'FAIL: %s\n  expected (%s): %s\n  got      (%s): %s\n' \
		    "$1" "$3" "$2" "$st" "$out"
	fi
}

. "$(dirname "$0")/cases.sh"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
