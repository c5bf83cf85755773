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

# System V IPC: every case runs in a fresh IPC namespace (unshare --ipc,
# which needs root), so that ids are predictable and objects of other
# programs on this machine are neither shown nor removed.  The objects:
# a semaphore set with key 0x1234 after one semop, a private one, a
# segment with key 0x5678 attached by a holder process, a private one, a
# third marked for removal while attached, and a queue holding 2 messages.
PYTHON=/usr/bin/python3
IPC_SETUP='
$PYTHON - <<PY
import ctypes
c = ctypes.CDLL(None, use_errno=True)
CREAT = 0o1000
c.semget(0x1234, 3, CREAT | 0o640); c.semget(0, 1, CREAT | 0o600)
c.shmget(0x5678, 100000, CREAT | 0o644); c.shmget(0, 4096, CREAT | 0o600)
q = c.msgget(0x9abc, CREAT | 0o666)
class Msg(ctypes.Structure):
    _fields_ = [("mtype", ctypes.c_long), ("mtext", ctypes.c_char * 64)]
m = Msg(1, b"hello")
c.msgsnd(q, ctypes.byref(m), 50, 0); c.msgsnd(q, ctypes.byref(m), 20, 0)
PY
$PYTHON - <<PY &
import ctypes, time, sys
c = ctypes.CDLL(None, use_errno=True)
c.shmat.restype = ctypes.c_void_p
c.shmat(c.shmget(0x5678, 0, 0), None, 0)
dead = c.shmget(0, 8192, 0o1000 | 0o600)
c.shmat(dead, None, 0); c.shmctl(dead, 0, None)
class Sembuf(ctypes.Structure):
    _fields_ = [("num", ctypes.c_ushort), ("op", ctypes.c_short), ("flg", ctypes.c_short)]
ops = (Sembuf * 2)(Sembuf(0, 2, 0), Sembuf(1, 1, 0))
c.semop(c.semget(0x1234, 0, 0), ops, 2)
time.sleep(60)
PY
holder=$!
while [ "$(ipcs -m | grep -c dest)" = 0 ]; do sleep 0.05; done
'

# in_ipc_ns SNIPPET: run SNIPPET after IPC_SETUP in a new IPC namespace.
in_ipc_ns() {
	unshare --ipc bash -c "$(declare -f k); BIN=$BIN; PYTHON=$PYTHON
		cd $WORK; $IPC_SETUP
		$1
		kill \$holder" 2>&1
}

# ipcs_same ARGS...: our ipcs and the host's on the very same objects.
ipcs_same() {
	wanted "ipcs $*" || return 0
	local both
	both=$(in_ipc_ns "k ipcs $*; echo exit \$?; echo ===; ipcs $*; echo exit \$?")
	report "ipcs $*" "${both%%$'\n'===*}" "${both#*===$'\n'}"
}

# ipcrm_same ARGS...: our ipcrm and the host's, each in its own namespace
# with the same objects; messages, status and what is left must match.
ipcrm_same() {
	wanted "ipcrm $*" || return 0
	local after='echo exit $?; ipcs'
	report "ipcrm $*" "$(in_ipc_ns "k ipcrm $*; $after")" \
	    "$(in_ipc_ns "ipcrm $*; $after")"
}

test_ipc() {
	if ! unshare --ipc true 2>/dev/null; then
		echo "SKIP: ipcs/ipcrm need unshare --ipc (root)"
		return
	fi
	local o
	for o in "" -a -q -m -s -t -p -c -l -u -b "-l -b" "-u -b" "-s -t" \
	    "-m -t" "-q -t" "-m -p" "-q -p" "-s -p" "-q -c" "-m -c" \
	    "-s -i 0" "-m -i 0" "-q -i 0" "-m -i 2" "-m -i 9" "-i 0" \
	    "-s -q -i 0" "-s -i x" "-x"; do
		ipcs_same $o
	done
	# Without /proc/sysvipc and /proc/sys/kernel both fall back to the
	# *_STAT and *_INFO calls.
	if wanted "ipcs without /proc"; then
		local both
		both=$(unshare --mount bash -c "
			mount -t tmpfs none /proc/sysvipc &&
			mount -t tmpfs none /proc/sys/kernel &&
			$(declare -f in_ipc_ns k); IPC_SETUP='$IPC_SETUP'
			BIN=$BIN WORK=$WORK PYTHON=$PYTHON
			in_ipc_ns 'k ipcs; k ipcs -l; k ipcs -m -i 0; echo exit $?; echo ===
				ipcs; ipcs -l; ipcs -m -i 0; echo exit $?'")
		report "ipcs without /proc" "${both%%$'\n'===*}" \
		    "${both#*===$'\n'}"
	fi
	for o in "-s 0" "-s 1 -m 1 -q 0" "-S 0x1234" "-M 0x5678" "-Q 0x9abc" \
	    "-M 22136" "-s 99" "-S 0x777" "-S 0" "-S -1" "-S 12ab" "-m abc" \
	    "-a" "-a=sem" "-a=shm" "-a=msg" "-v -a" "-v -s 0" "-a=foo" \
	    "-a sem" "" "shm 1" "sem 0 1" "msg 0 9" "sem" "foo 1" "-x"; do
		ipcrm_same $o
	done
}

test_small() {
	same basename /usr/lib/
	same basename /usr/lib/libc.so .so
	same basename libc.so libc.so
	same basename /
	same basename -a a/b c/d/ e
	same basename -s .c x/a.c b.c
	same basename
	same basename a b c
	same dirname /usr/lib/ a a/ / //x/y// .
	same dirname
	same sync
	same sync -f tree/f
	same sync missing
	expect "yes" "y
y
y
exit 0" 'k yes | head -3'
	expect "yes a b" "a b
a b
exit 0" 'k yes a b | head -2'
	expect "yes long line" "$(yes "$(printf '%9000s' x)" | head -2 | md5sum)
exit 0" "k yes \"\$(printf '%9000s' x)\" | head -2 | md5sum"
	same whoami
	same hostname
	same hostname -s
	expect "tee" "hello
hello
hello
exit 0" 'echo hello | k tee t1 t2 && cat t1 t2'
	expect "tee -a" "hello
again
exit 0" 'echo again | k tee -a t1 >/dev/null && cat t1 && rm t1 t2'
	same_in 'x\n' tee /nonexistent/x
	same seq 5
	same seq 3 7
	same seq 10 -3 0
	same seq 0 0.25 1
	same seq -w 8 11
	same seq -w -3 1
	same seq -s , 1 4
	same seq 1.5 3
	same seq 5 1
	same seq 1 0 3
	same seq x
	same seq -1 1
	same seq
}

# state CMD...: run CMD (ours with k, or the host's) in a scratch copy of
# the tree, then list what it left: names, modes, owners, link targets.
state() {
	rm -rf "$WORK/s" && cp -a "$WORK/tree" "$WORK/s" && cd "$WORK/s" &&
	    "$@" 2>&1
	echo "exit $?"
	find . -printf '%p %M %u:%g %l\n' | sort
	cd "$WORK"
}

# same_state CMD ARGS...: our CMD and the host's leave the same files.
same_state() {
	wanted "$*" || return 0
	report "$*" "$(state k "$@")" "$(state env "$@")"
}

test_files() {
	same_state mkfifo p1 p2
	same_state mkfifo -m 600 p
	same_state mkfifo -m a=r,u+w p
	same_state mkfifo f
	same_state mkfifo -m bad p
	same_state ln f hard
	same_state ln -s f soft
	same_state ln -s f link
	same_state ln -sf f link
	same_state ln -f nonl f
	same_state ln f sub
	same_state ln -s ../f nonl sub
	same_state ln missing x
	same_state ln sub d2
	same_state ln -s f
	same_state ln f empty sub/deep/x
	same_state ln -sn f link
	same_state touch new1 new2 f
	same_state touch -c nothere
	same_state touch nodir/x
	same_state touch -d '2020-05-06 07:08:09' f
	same_state touch -t 202001020304.05 f
	same_state touch -r f nonl
	expect "touch -d keeps time" "2020-05-06 07:08:09.000000000 +0000
exit 0" 'k touch -d "2020-05-06 07:08:09" t && date -r t "+%F %T.%N %z" && rm t'
	expect "touch -a only" "2001-02-03 04:05:06
exit 0" 'cp -p tree/f t && k touch -a t && date -r t "+%F %T" && rm t'
	same_state chmod 600 f
	same_state chmod u+x,go-r f big
	same_state chmod a=rX sub f
	same_state chmod -R go-rwx sub
	same_state chmod -R u=rwx,g=rx,o= .
	same_state chmod g+s,+t sub
	same_state chmod -v 644 f nonl
	same_state chmod -c 644 f nonl
	same_state chmod =r f
	same_state chmod -w f
	same_state chmod 0 f
	same_state chmod 7777 f
	same_state chmod u=g f
	same_state chmod 755 missing
	same_state chmod bad f
	same_state chmod 644
	same_state chown 1000 f
	same_state chown 1000:100 f
	same_state chown bin:bin f
	same_state chown :daemon f
	same_state chown daemon: f
	same_state chown -R 2:2 sub
	same_state chown -h 5 link
	same_state chown 5 link
	same_state chown nosuchuser f
	same_state chown root:nosuchgroup f
	same_state chown root missing
	same_state chown root
}

test_text() {
	seq 1 30 >"$WORK/n30"
	printf 'a b\tc\n\n  d  e  \nlast' >"$WORK/words"
	printf 'x\001y z\0w\n' >"$WORK/ctrl"
	same head n30
	same head -n 3 n30
	same head -3 n30
	same head -n -27 n30
	same head -c 10 n30
	same head -c -80 n30
	same head -c 1K n30
	same head -n 2 n30 words missing tree/f
	same head -q -n 1 n30 words
	same head -v -n 1 n30
	same head -n 0 n30
	same head -n 2 words
	same head -n -1 words
	same head -n x n30
	same_in '1\n2\n3\n' head -n 1 - n30
	same tail n30
	same tail -n 3 n30
	same tail -3 n30
	same tail -n +28 n30
	same tail +29 n30
	same tail -c 7 n30
	same tail -c +75 n30
	same tail -n 1 words
	same tail -n 2 words
	same tail -n 0 n30
	same tail -n +0 n30
	same tail -n 1 n30 words missing
	same tail -c 0 words
	same tail -n y n30
	same_in '1\n2\n3' tail -n 2
	expect "tail -f" "a
b
exit 0" 'echo a >grow; qemu-riscv64 "$BIN/tail" -f grow & p=$!
		sleep 1; echo b >>grow; sleep 1; kill $p'
	same wc n30
	same wc words
	same wc -l n30 words
	same wc -w words ctrl
	same wc -c words
	same wc -lw words n30 tree/big
	same wc n30 missing words
	same wc missing n30
	same wc tree
	same_in 'a b\nc\n' wc
	same_in 'a b\nc\n' wc -l
	same_in 'a b\nc\n' wc - n30
	same wc /dev/null
}

test_grep() {
	printf 'apple pie\nBanana split\ncherry\napple\npineapple\n\nfoo_bar foo\n' >"$WORK/fruit"
	printf 'bin\0ary apple\nline2\n' >"$WORK/binary"
	same grep apple fruit
	same grep -v apple fruit
	same grep -i banana fruit
	same grep -c apple fruit
	same grep -n apple fruit
	same grep -q apple fruit
	same grep -q nothing fruit
	same grep -l apple fruit lines tree/f
	same grep -L apple fruit lines
	same grep -w apple fruit
	same grep -x apple fruit
	same grep -w foo fruit
	same grep -o 'ap*le' fruit
	same grep -E 'ch(er)+y|^B' fruit
	same grep 'ch\(er\)*y' fruit
	same grep -E 'a{2,}' fruit
	same grep -F 'p*' fruit
	same grep -F -i APPLE fruit
	same grep -e cherry -e Banana fruit
	same grep "$(printf 'cherry\nsplit')" fruit
	same grep '' fruit
	same grep -c '' fruit
	same grep '^$' fruit
	same grep -n apple fruit lines
	same grep -h apple fruit fruit
	same grep -H cherry fruit
	same grep apple missing fruit
	same grep -s apple missing fruit
	same grep -q apple missing fruit
	same grep apple tree
	same grep apple binary
	same grep -c apple binary
	same grep 'a\(' fruit
	same grep -E 'a(' fruit
	same grep
	same_in 'one\ntwo\n' grep -n o
	same_in 'one\ntwo\n' grep -c x
	same_in 'no newline' grep new
}

test_filters() {
	printf '10 b x\n9 a y\n-3 c z\n10 a w\n  2 d v\nabc\nAbc\n\n10 b x\n' >"$WORK/table"
	printf 'root:x:0:0:root:/root:/bin/bash\nbin:x:2:2::/bin:\nnodelim\n' >"$WORK/pw"
	same sort table
	same sort -r table
	same sort -n table
	same sort -rn table
	same sort -u table
	same sort -f table
	same sort -k2 table
	same sort -k2,2 table
	same sort -k2,2 -k1,1n table
	same sort -b -k2 table
	same sort -t : -k3,3n pw
	same sort -t : -k 6 pw
	same sort -n -u table
	same sort -s -k1,1n table
	same sort lines table
	same sort missing
	same_in 'b\na\nc\n' sort
	same_in 'b\na\nc' sort -r -
	same uniq lines
	same uniq -c table
	same_in 'a\na\nb\nA\na\nc\nc\n' uniq
	same_in 'a\na\nb\nA\na\nc\nc\n' uniq -c
	same_in 'a\na\nb\nA\na\nc\nc\n' uniq -d
	same_in 'a\na\nb\nA\na\nc\nc\n' uniq -u
	same_in 'a\na\nb\nA\na\nc\nc\n' uniq -i -c
	same_in 'x\nx' uniq
	same uniq missing
	same_in 'Hello, World!\n' tr a-z A-Z
	same_in 'Hello, World!\n' tr '[:lower:]' '[:upper:]'
	same_in 'Hello, World!\n' tr -d lo
	same_in 'aaabbbccc  dd\n' tr -s 'a-c '
	same_in 'aaabbbccc\n' tr -s a-c x
	same_in 'hello world\n' tr -c 'a-z\n' _
	same_in 'hello world\n' tr -cd 'a-z'
	same_in 'a\tb\\c\n' tr '\t\\' 'T/'
	same_in 'abc\n' tr abc x
	same_in 'abc\n' tr '\141-\143' 'A-C'
	same_in 'x y\n' tr -d '[:space:]'
	same_in 'abc\n' tr a
	same_in 'abc\n' tr
	same_in 'abc\n' tr z-a x
	same cut -d : -f 1,3 pw
	same cut -d : -f 2- pw
	same cut -d : -f -2 pw
	same cut -d : -s -f 1 pw
	same cut -c 1-4,7 pw
	same cut -b 3- pw
	same cut -f 1 pw
	same_in 'a\tb\tc\n' cut -f 2
	same cut -d : pw
	same cut -f 0 pw
	same cut -f 3-1 pw
	same cut pw
	same cut -f 1 -c 1 pw
	same cut -d ab -f 1 pw
}

# in_mount_ns SNIPPET: run SNIPPET in a private mount namespace (root).
in_mount_ns() {
	unshare --mount bash -c "$(declare -f k); BIN=$BIN; cd $WORK; $1" 2>&1
}

test_fs() {
	same stat tree/f tree/sub tree/link tree/fifo tree/big /dev/null
	same stat -L tree/link
	same stat missing tree/f
	same stat -c '%n:%s:%a:%A:%U:%G:%F:%h:%i:%b:%B:%o' tree/f tree/sub
	same stat -c '%Y.%X.%Z:%f:%D:%t:%T:%d:%Hd:%Ld' tree/f /dev/zero
	same stat -c '%N|%-6s|%6h|%%' tree/link tree/f
	same stat -c '%y %x' tree/f
	same stat
	same df /proc
	same df -h /proc /
	same df -T /dev/shm
	same df -hT /dev/shm
	same df missing
	same df -a /proc/sys
	same du tree
	same du -s tree
	same du -sh tree /usr/share/doc
	same du -a tree
	same du -c tree tree/big
	same du -sk tree missing
	same du -as tree
	same mount
	same mount -t proc
	if unshare --mount true 2>/dev/null; then
		local o
		for o in "-t tmpfs -o size=1m,noexec,nosuid x mnt" \
		    "-t tmpfs none nodir" "-t bogusfs x mnt" "mnt" \
		    "-t tmpfs -o ro,mode=700 y mnt" "-o bind tree mnt" ; do
			wanted "mount $o" || continue
			report "mount $o" \
			    "$(in_mount_ns "mkdir -p mnt; k mount $o; echo exit \$?; mount | grep /mnt; ls -ld mnt | cut -c1-10")" \
			    "$(in_mount_ns "mkdir -p mnt; mount $o; echo exit \$?; mount | grep /mnt; ls -ld mnt | cut -c1-10")"
		done
		for o in "mnt" "mnt mnt" "-l mnt" "nodir" ""; do
			wanted "umount $o" || continue
			report "umount $o" \
			    "$(in_mount_ns "mkdir -p mnt; mount -t tmpfs x mnt; k umount $o; echo exit \$?; mount | grep /mnt")" \
			    "$(in_mount_ns "mkdir -p mnt; mount -t tmpfs x mnt; umount $o; echo exit \$?; mount | grep /mnt")"
		done
	else
		echo "SKIP: mount/umount need unshare --mount (root)"
	fi
}

test_ps() {
	wanted ps || return 0
	local p o
	sleep 60 &
	p=$!
	sleep 0.3
	for o in "-p $p" "-fp $p" "u -p $p" "-p $p,1 -o pid,args" \
	    "-o pid,ppid,pgid,sid,stat,time,cmd,comm,user,uid,tty,nlwp,ni,pri -p $p" \
	    "-p $p -o c,stime,start,start_time,vsz,rss,pcpu,pmem,state" \
	    "-p $p -o pid= -o comm=" "-p 999999"; do
		same ps $o
	done
	# On a terminal, plain ps shows that terminal's processes.  Under
	# qemu-user our own line is missing (qemu fakes /proc/self/stat), so
	# neither side's ps line is compared.
	if wanted "ps on a terminal" && command -v script >/dev/null; then
		local both
		both=$(script -qc "qemu-riscv64 -0 ps $BIN/ps
		    qemu-riscv64 -0 ps $BIN/ps -j; echo ===; ps; ps -j; true" \
		    /dev/null | tr -d '\r' | grep -v ' ps$')
		report "ps on a terminal" "${both%%$'\n'===*}" "${both#*===$'\n'}"
	fi
	expect "ps -e lists a process" "exit 0" "k ps -e | grep -q '^ *$p .* sleep\$'"
	expect "ps aux lists a process" "exit 0" "k ps aux | grep -q '^root  *$p .* sleep 60\$'"
	kill $p
}

test_copy() {
	same_state cp f f2
	same_state cp f sub
	same_state cp f nonl sub
	same_state cp -p f f2
	same_state cp big big2
	same_state cp sub sub2
	same_state cp -r sub sub2
	same_state cp -R link dangling fifo sub/deep
	same_state cp -a . ../copy-a
	same_state cp f f
	same_state cp missing x
	same_state cp f
	same_state cp
	same_state cp f nonl empty-not-dir
	same_state cp link l2
	same_state cp -P link l2
	same_state cp -p sub/deep d2
	same_state mv f g
	same_state mv f sub
	same_state mv f nonl sub
	same_state mv sub sub2
	same_state mv sub sub/deep
	same_state mv f sub/deep/../..
	same_state mv missing x
	same_state mv f
	same_state mv f sub/deep nonexistent
	same_state mv -n f nonl
	same_state mv link sub
	expect "mv across file systems" "exit 0" '
		d=$(mktemp -d /dev/shm/kite.XXXXXX) && cp -a tree/sub "$d/s" &&
		k mv "$d/s" moved && test ! -e "$d/s" && diff -r tree/sub moved &&
		[ "$(stat -c %a moved)" = 1777 ] && rm -rf "$d" moved'
	cmp_file "cp copies bytes" tree/big "k cp tree/big copied"
}

# cmp_file DESC FILE SNIPPET: SNIPPET must make $WORK/copied equal to FILE.
cmp_file() {
	wanted "$1" || return 0
	local out
	out=$(cd "$WORK" && eval "$3" 2>&1 && cmp "$2" copied 2>&1; echo "exit $?")
	rm -f "$WORK/copied"
	report "$1" "$out" "exit 0"
}

test_dump() {
	printf 'hello world, this is a test of od\n\001\377\000\t' >"$WORK/bytes"
	head -c 100 /dev/zero >"$WORK/zeros"
	local o
	for o in "" -c "-A x -t x1z" "-t d2" "-A d -t u4" "-A n -t o1" \
	    "-t x2z" "-t a" -b -x -d "-t d1" "-t x8" "-t d4z" "-v -t x1"; do
		same od $o bytes
		same od $o zeros
	done
	same od /dev/null
	same od missing
	same od -t q bytes
	same od -A q bytes
	same od -A x -t x1z zeros bytes
	same_in 'abc' od -c
	for o in -C "" -v "-C -v"; do
		same hexdump $o bytes
		same hexdump $o zeros
		same hexdump $o bytes zeros bytes
	done
	same hexdump -C /dev/null
	same hexdump -C missing bytes
	same_in 'abc' hexdump -C
}

test_ids() {
	local member
	# A user listed as a member of some group, if this host has one.
	member=$(awk -F: '$4 != "" { split($4, m, ","); print m[1]; exit }' /etc/group)
	for o in "" -u -un -g -gn -G -Gn "-r -u" daemon "-Gn bin" "root daemon" \
	    nosuch "-u -g" $member "-G $member"; do
		same id $o
	done
	same which ls sh nosuch
	same which -a ls
	same which /bin/ls ./nosuch
	expect "which honours PATH" "$WORK/tree/big
exit 0" "PATH=$WORK/tree:/bin k which big"
	for o in "-u -d @0" "-d @0 -R" "-u -d @0 -I" "-u -d @86399 -Iseconds" \
	    "-Ins -d @5" "-u -d 2020-01-02T03:04:05 +%F_%T_%s" \
	    "-d 2020-01-02 +%c" "-r tree/f +%s.%N" "-d bogus" "a b" "a" \
	    "-Ifoo" "-u -d @0 +%j%n%a%t%:z"; do
		same date $o
	done
	expect "date tracks the clock" "exit 0" \
	    '[ $(( $(k date +%s) - $(date +%s) )) -le 1 ]'
	expect "clear" "$(printf '\033[H\033[2J\033[3J' | od -c)
exit 0" 'k clear | od -c'
}

# poweroff and reboot call reboot(2): only ever inside a new PID namespace,
# where Linux does not stop the machine but kills the namespace's init
# (the shell, which checks that it is pid 1) with SIGINT or SIGHUP.
test_power() {
	local cmd want
	for cmd in "poweroff:130" "poweroff -f:130" "reboot:129" "reboot -f:129"; do
		want=${cmd#*:}
		cmd=${cmd%:*}
		wanted "$cmd" || continue
		if ! unshare --pid --fork true 2>/dev/null; then
			echo "SKIP: $cmd needs unshare --pid (root)"
			continue
		fi
		report "$cmd" "$(unshare --pid --fork sh -c "[ \$\$ = 1 ] &&
		    qemu-riscv64 $BIN/$cmd; sleep 5; echo survived" 2>/dev/null
		    echo "exit $?")" "exit $want"
	done
	expect "poweroff -x" "poweroff: invalid option -- 'x'
Try 'poweroff --help' for more information.
exit 1" 'k poweroff -x'
}

setup
for t in ls cat echo mkdir_rm misc kill small files text grep filters fs ps copy dump ids power ipc; do
	"test_$t"
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
