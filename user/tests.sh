#!/bin/bash
# Run the Kite utilities under qemu-riscv64 on this (Linux) host and compare
# each with the host's own tool on the same input (coreutils, util-linux,
# procps), or with an expected result where the host has no such tool or
# its answer depends on the machine.  Run from the top of the tree after
# building the programs; prints "N passed, N failed".
#
#	user/tests.sh [FILTER]	only the cases whose description holds FILTER

BIN=${BIN:-$(pwd)/build/user/bin}
FILTER=${1:-}
pass=0
fail=0
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
export LC_ALL=C TZ=UTC COLUMNS=80

# k NAME ARGS...: run our NAME with argv[0] "NAME", so that its messages
# read "NAME: ..." exactly as the host tool's do.
k() {
	local p=$1
	shift
	qemu-riscv64 -0 "$p" "$BIN/$p" "$@"
}

report() {
	local desc=$1 ours=$2 theirs=$3
	if [ "$ours" == "$theirs" ]; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL: $desc"
		diff <(echo "$theirs") <(echo "$ours") | head -15 | sed 's/^/    /'
	fi
}

wanted() {
	[ -z "$FILTER" ] || [[ "$1" == *"$FILTER"* ]]
}

# same CMD ARGS...: our CMD and the host's, same arguments, in $WORK;
# stdout, stderr and exit status must all match.
same() {
	wanted "$*" || return 0
	local ours theirs
	ours=$(cd "$WORK" && k "$@" 2>&1; echo "exit $?")
	theirs=$(cd "$WORK" && env "$@" 2>&1; echo "exit $?")
	report "$*" "$ours" "$theirs"
}

# same_in INPUT CMD ARGS...: the same, with INPUT on standard input.
same_in() {
	local input=$1
	shift
	wanted "$*" || return 0
	local ours theirs
	ours=$(cd "$WORK" && printf '%b' "$input" | k "$@" 2>&1; echo "exit $?")
	theirs=$(cd "$WORK" && printf '%b' "$input" | env "$@" 2>&1; echo "exit $?")
	report "$* <<< '$input'" "$ours" "$theirs"
}

# expect DESC EXPECTED SHELL-SNIPPET: the snippet's output (stdout, stderr
# and "exit N") must be EXPECTED; the snippet calls our tools through k.
expect() {
	local desc=$1 expected=$2 snippet=$3
	wanted "$desc" || return 0
	local ours
	ours=$(cd "$WORK" && eval "$snippet" 2>&1; echo "exit $?")
	report "$desc" "$ours" "$expected"
}

# Fixtures: a small tree with every kind of file ls and stat distinguish.
setup() {
	cd "$WORK" || exit 1
	mkdir -p tree/sub/deep tree/.hidden
	printf 'one\ntwo\nthree\n' >tree/f
	printf 'no newline' >tree/nonl
	: >tree/empty
	head -c 5000 /dev/zero >tree/big
	ln -s f tree/link
	ln -s missing tree/dangling
	mkfifo tree/fifo
	chmod 4755 tree/big
	chmod 1777 tree/sub
	touch -d '2001-02-03 04:05:06' tree/f tree/sub/deep
	printf 'b 2\na 10\nc 1\na 10\nB 3\n' >lines
	printf 'root:x:0:0\nuser:x:1000:100\nbin:x:2:2\n' >colon
	cd - >/dev/null
}

test_ls() {
	same ls tree
	same ls -a tree
	same ls -A tree
	same ls -l tree
	same ls -la tree
	same ls -lA tree/sub
	same ls -li tree
	same ls -1i tree
	same ls -lh tree
	same ls -ld tree tree/link tree/dangling
	same ls -R tree
	same ls -lR tree
	same ls -d tree tree/f
	same ls tree/f nonexistent tree/sub
	same ls -l /dev/null /dev/zero /dev/tty
	same ls -C /etc
	same ls -Ci /usr/bin
	same ls -l /etc
	same ls -lh /usr/bin
	same ls -x
	same ls -x /usr/bin
	same ls -xi /etc
}

test_cat() {
	same cat tree/f tree/nonl tree/f
	same cat -n tree/f tree/nonl tree/f
	same cat tree/f missing tree/f
	same cat tree
	same_in 'a\nb\n' cat - tree/f
	same_in 'a\nb' cat -n
}

test_echo() {
	same echo hello world
	same echo -n no newline
	same echo -e 'a\tb\nc\\d\x41\0101\e[0m'
	same echo -e 'stop\cnot this'
	same echo -E 'a\tb'
	same echo -nx -n
	same echo -- -n
	same echo
}

test_mkdir_rm() {
	expect "mkdir -p -m" "drwx--x--x
exit 0" 'k mkdir -p -m 711 m/a/b && stat -c %A m/a/b'
	expect "mkdir parents mode" "drwxr-xr-x
exit 0" 'stat -c %A m/a'
	same mkdir m
	same mkdir -p m/a
	same mkdir x/y/z
	same mkdir -m bogus q
	expect "mkdir -m symbolic" "drwxrwx---
exit 0" 'k mkdir -m u=rwx,g=rwx,o= sym && stat -c %A sym && rmdir sym'
	same rmdir m
	expect "rmdir -p" "exit 0" 'k rmdir -p m/a/b && test ! -e m'
	same rmdir nonexistent
	mkdir -p "$WORK/r/a/b" && touch "$WORK/r/a/b/f" "$WORK/r/g"
	same rm r
	same rm -f nonexistent
	same rm nonexistent
	same rm -r .
	same rm -r /
	expect "rm -r" "exit 0" 'k rm -r r && test ! -e r'
	expect "rm -f no operand" "exit 0" 'k rm -f'
	same rm
}

test_misc() {
	same true
	same false
	same pwd
	same pwd -P
	expect "pwd -L" "$WORK/tree
exit 0" "cd tree && PWD=$WORK/tree k pwd -L"
	same env -i A=1 B=2
	same env -i A=1 -u A B=2
	same env -i PATH=/usr/bin:/bin nonexistent-command
	same env -u
	expect "env runs a command" "x=5
exit 0" "k env -i x=5 $BIN/env"
	expect "sleep 0.2 1e-1 0.1s" "exit 0" 'k sleep 0.2 1e-1 0.001m'
	same sleep
	same sleep x
	same sleep 1 2y
	same uname -s
	same uname -n
	same uname -r
	same uname -v
	same uname -o
	same uname -p
	same uname -i
	expect "uname -m" "riscv64
exit 0" 'k uname -m'
	expect "uname -a" "$(uname -s -n -r -v) riscv64 GNU/Linux
exit 0" 'k uname -a'
}

test_kill() {
	same kill -l
	same kill -L
	same kill -l 9
	same kill -l KILL
	same kill -l SIGSEGV
	same kill -l 137
	same kill 999999
	same kill -s KILL 999999
	same kill -9 999999
	same kill -- -999999
	expect "kill -USR1 then TERM" "exit 0" '
		sleep 30 & p=$!; k kill -USR1 $p; wait $p; s1=$?
		sleep 30 & p=$!; k kill $p; wait $p; s2=$?
		sleep 30 & p=$!; k kill -s HUP $p; wait $p; s3=$?
		[ $s1 = 138 ] && [ $s2 = 143 ] && [ $s3 = 129 ]'
	expect "kill process group" "exit 0" '
		set -m; sleep 30 & p=$!; set +m
		k kill -- -$p; wait $p; [ $? = 143 ]'
}

setup
for t in ls cat echo mkdir_rm misc kill; do
	"test_$t"
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
