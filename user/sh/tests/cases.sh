# Test cases for run.sh: t SCRIPT EXPECTED-OUTPUT EXPECTED-STATUS [kite]

# Lists and status
t 'echo a; echo b' 'a
b' 0
t 'true && echo yes' 'yes' 0
t 'false && echo yes' '' 1
t 'false || echo no' 'no' 0
t 'true || echo no; echo $?' '0' 0
t '! true; echo $?; ! false; echo $?' '1
0' 0
t 'false; echo $?' '1' 0
t 'exit 3' '' 3
t 'exit' '' 0
t 'false; exit' '' 1
t '(exit 7); echo $?' '7' 0
t 'true
false' '' 1
t 'echo a # comment; echo b' 'a' 0

# Commands, PATH, errors
t 'nosuchcmd' 'sh: nosuchcmd: not found' 127 kite
t 'nosuchcmd; echo $?' 'sh: nosuchcmd: not found
127' 0 kite
t 'touch f; chmod 644 f; ./f; echo $?' 'sh: ./f: Permission denied
126' 0 kite
t 'printf "echo from script \$1\n" > s.sh; chmod +x s.sh; ./s.sh arg' 'from script arg' 0
t 'printf "#!/bin/sh\necho shebang\n" > s; chmod +x s; ./s' 'shebang' 0
t 'printf "echo \$0 \$# \$@\n" > s.sh; sh s.sh x y' 's.sh 2 x y' 0
t 'PATH=/nonexistent; ls' 'sh: ls: not found' 127 kite
t '/bin/echo abs' 'abs' 0

# Quoting
t "echo 'single \$HOME' \"double \$HOME\"" 'single $HOME double /home/kite' 0
t 'echo a\ b "c  d"' 'a b c  d' 0
t 'echo "a\"b" "\$x" "\\"' 'a"b $x \' 0
t "echo 'it'\\''s'" "it's" 0
t 'echo ""; echo x"" ""y' '
x y' 0
t 'printf "%s|" "" a "" ; echo' '|a||' 0
t 'echo \
continued' 'continued' 0

# Variables and parameters
t 'x=1; y=$x$x; echo $y ${y}z' '11 11z' 0
t 'echo ${u:-def} ${u-d2} "${u:+alt}"; u=; echo ${u:-e} "${u-f}" ${u+g}' 'def d2 
e  g' 0
t 'echo ${v:=set}; echo $v' 'set
set' 0
t 'x=hello; echo ${#x}' '5' 0
t 'f=dir/name.tar.gz; echo ${f%.*} ${f%%.*} ${f#*/} ${f##*.}' 'dir/name.tar dir/name name.tar.gz gz' 0
t 'echo ${u:?is unset}' 'sh: u: is unset' 2 kite
t 'echo $$ | grep -q "^[0-9][0-9]*$" && echo pid' 'pid' 0
t 'set -- a "b c" d; echo $#; for i in "$@"; do echo "[$i]"; done' '3
[a]
[b c]
[d]' 0
t 'set -- a "b c"; for i in $@; do echo "[$i]"; done' '[a]
[b]
[c]' 0
t 'set -- a b; echo "$*"; IFS=:; echo "$*"' 'a b
a:b' 0
t 'set -- ; for i in "$@"; do echo x; done; echo "[$@]"' '[]' 0
t 'set -- 1 2 3; shift; echo $@; shift 2; echo $#' '2 3
0' 0
t 'shift 5' 'sh: shift: can'"'"'t shift that many' 2 kite
t 'x="a   b"; echo $x; echo "$x"' 'a b
a   b' 0
t 'IFS=:; x=a:b:c; for i in $x; do echo $i; done' 'a
b
c' 0
t 'x=1 sh -c "echo \$x"; echo "[$x]"' '1
[]' 0
t 'export A=exported; sh -c "echo \$A"' 'exported' 0
t 'B=1; sh -c "echo [\$B]"; export B; sh -c "echo [\$B]"' '[]
[1]' 0
t 'C=1; unset C; echo "[$C]"' '[]' 0
t 'echo $0' 'sh' 0 kite
t 'echo ~ ~/x' '/home/kite /home/kite/x' 0
t 'echo $((1 + 2 * 3)) $((7 / 2)) $((7 % 3)) $(( (1+2)*3 )) $((-4))' '7 3 1 9 -4' 0
t 'i=5; echo $((i * 2)) $((i += 1)) $i $((i > 3 && i < 10)) $((i == 6 ? 10 : 20))' '10 6 6 1 10' 0
t 'echo $((1 / 0))' 'sh: arithmetic expression: division by zero: ""' 2 kite
t 'echo $(( 0x10 + 010 ))' '24' 0

# Command substitution
t 'echo $(echo a b) `echo c`' 'a b c' 0
t 'x=$(printf "l1\nl2\n\n"); echo "$x"' 'l1
l2' 0
t 'echo "$(echo "nested $(echo deep)")"' 'nested deep' 0
t 'x=$(false); echo $?' '1' 0
t 'echo $(echo "a)b")' 'a)b' 0

# Redirections
t 'echo out > f; cat f; echo more >> f; cat f' 'out
out
more' 0
t 'echo in > f; cat < f' 'in' 0
t 'ls /nonexistent 2>/dev/null; echo $?' '2' 0
t 'ls /nonexistent 2>&1 >/dev/null | wc -l' '1' 0
t '{ echo o; echo e >&2; } > f 2>&1; cat f' 'o
e' 0
t 'echo x 3>f >&3; cat f' 'x' 0
t 'exec 3>f; echo via3 >&3; exec 3>&-; cat f' 'via3' 0
t 'cat <&-' 'cat: -: Bad file descriptor
cat: closing standard input: Bad file descriptor' 1
t 'cat < nofile' 'sh: cannot open nofile: No such file or directory' 1 kite
t 'echo a > /nonexistent/f; echo $?' 'sh: cannot create /nonexistent/f: No such file or directory
1' 0 kite
t 'pwd > f; read d < f; [ "$d" = "$(pwd)" ] && echo same' 'same' 0
t 'x=f; echo z > $x; cat f' 'z' 0
t 'cat <<EOF
a $HOME
  b
EOF' 'a /home/kite
  b' 0
t 'cat <<"EOF"
$HOME `x`
EOF' '$HOME `x`' 0
t 'cat <<-EOF
	tabbed
	EOF
echo after' 'tabbed
after' 0
t 'cat <<A; cat <<B
one
A
two
B' 'one
two' 0
t 'x=$(head -c 10000 /dev/zero | tr "\0" a); cat <<EOF | wc -c
$x
EOF' '10001' 0
t 'while read l; do echo "<$l>"; done <<EOF
1
2
EOF' '<1>
<2>' 0

# Pipelines
t 'echo abc | tr a-z A-Z' 'ABC' 0
t 'printf "3\n1\n2\n" | sort | head -n 2 | tr "\n" " "; echo' '1 2 ' 0
t 'false | true; echo $?; true | false; echo $?' '0
1' 0
t '! echo x | false; echo $?' '0' 0
t 'echo a |
cat' 'a' 0
t 'seq 1 100000 | head -n 1' '1' 0

# Compound commands
t 'if true; then echo t; fi' 't' 0
t 'if false; then echo t; else echo f; fi' 'f' 0
t 'if false; then :; elif true; then echo elif; fi' 'elif' 0
t 'if false; then :; fi; echo $?' '0' 0
t 'i=0; while [ $i -lt 3 ]; do echo $i; i=$((i+1)); done' '0
1
2' 0
t 'i=0; until [ $i -ge 2 ]; do i=$((i+1)); done; echo $i' '2' 0
t 'for i in 1 2 3; do if [ $i = 2 ]; then continue; fi; echo $i; done' '1
3' 0
t 'for i in 1 2 3; do for j in a b; do [ $j = b ] && break 2; echo $i$j; done; done' '1a' 0
t 'for f in b a c; do echo $f; done | sort' 'a
b
c' 0
t 'touch x1 x2 y; for f in x*; do echo $f; done; echo *' 'x1
x2
x1 x2 y' 0
t 'echo nomatch*' 'nomatch*' 0
t 'touch a; echo "a*" a\*' 'a* a*' 0
t 'case hello in h*o) echo glob;; *) echo default;; esac' 'glob' 0
t 'case x in a|b) echo ab;; x|y) echo xy;; esac' 'xy' 0
t 'case "a b" in "a b") echo quoted;; esac' 'quoted' 0
t 'p="*"; case abc in "$p") echo lit;; $p) echo pat;; esac' 'pat' 0
t 'case z in a) echo a;; esac; echo $?' '0' 0
t '{ echo a; echo b; } | wc -l' '2' 0
t '(cd /; pwd); pwd | grep -q d && echo kept' '/
kept' 0
t 'x=1; (x=2); echo $x; { x=3; }; echo $x' '1
3' 0
t 'for i in 1 2; do echo $i; done > f; cat f' '1
2' 0
t 'if true; then echo multi
echo line
fi' 'multi
line' 0

# Builtins
t 'cd /tmp; pwd; cd /; cd -; pwd' '/tmp
/tmp
/tmp' 0
t 'cd; echo $?' 'sh: cd: can'"'"'t cd to /home/kite: No such file or directory
2' 0 kite
t 'HOME=/; cd; pwd' '/' 0
t 'cd /nonexistent' 'sh: cd: can'"'"'t cd to /nonexistent: No such file or directory' 2 kite
t 'echo "echo sourced \$1" > s; . ./s; source ./s' 'sourced
sourced' 0 kite
t 'echo "x=fromfile" > s; . ./s; echo $x' 'fromfile' 0
t 'eval "echo a; echo b"; c="echo evaled"; eval $c' 'a
b
evaled' 0
t 'exec echo replaced; echo not' 'replaced' 0
t 'echo "one two three" | { read a b; echo "$b/$a"; }' 'two three/one' 0
t 'read x < /dev/null; echo $?' '1' 0
t 'printf "a:b\n" | { IFS=: read x y; echo $x $y; }' 'a b' 0
t 'printf "a\\\\\nb\n" | { read -r x; echo "$x"; }' 'a\' 0
t 'printf "a\\\\\nb\n" | { read x; echo "$x"; }' 'ab' 0
t 'true; echo $?; false; echo $?; :; echo $?' '0
1
0' 0
t 'umask 027; umask' '0027' 0
t 'sleep 0.2 & wait $!; echo $?' '0' 0
t '(exit 4) & wait $!; echo $?' '4' 0
t 'sh -c "exit 5" & pid=$!; wait $pid; echo $?' '5' 0
t 'sleep 0.1 & sleep 0.1 & wait; echo done' 'done' 0
t 'wait 99999; echo $?' '127' 0
t 'echo bg & wait' 'bg' 0
t 'set -e; false; echo no' '' 1
t 'set -e; false || true; if false; then :; fi; ! true; echo survived' 'survived' 0
t 'set -e; (false); echo no' '' 1
t 'set -x; echo traced' '+ echo traced
traced' 0
t 'set -x; x=1 true' '+ x=1 true' 0

# test and [
t '[ -e / ] && [ -d / ] && [ ! -f / ] && echo dir' 'dir' 0
t 'touch f; [ -f f ] && [ -e f ] && [ ! -s f ] && echo file' 'file' 0
t '[ -z "" ] && [ -n x ] && [ x ] && ! [ "" ] && echo str' 'str' 0
t '[ a = a ] && [ a != b ] && echo eq' 'eq' 0
t '[ 1 -eq 1 ] && [ 1 -ne 2 ] && [ 1 -lt 2 ] && [ 2 -gt 1 ] && [ 2 -le 2 ] && [ 2 -ge 3 ]; echo $?' '1' 0
t 'test 10 -gt 9 && echo num' 'num' 0
t '[ 1 -eq 1 -a 2 -eq 3 ]; echo $?; [ 1 -eq 1 -o 2 -eq 3 ]; echo $?' '1
0' 0
t '[ \( a = a \) ]; echo $?' '0' 0
t '[ a = a' 'sh: [: missing ]' 2 kite
t '[ x -eq 1 ]' 'sh: test: x: Illegal number' 2 kite
t '[ ]; echo $?; test; echo $?' '1
1' 0
t '[ -n = -n ]; echo $?' '0' 0

# Signals
t 'sh -c "kill -9 \$\$"; echo $?' 'Killed
137' 0 kite
t 'sh -c "kill -TERM \$\$"; echo $?' 'Terminated
143' 0 kite
t 'sh -c "kill -INT \$\$"; echo $?' '130' 0
t 'yes | head -n 1' 'y' 0

# Syntax errors
t 'if true; then echo x' 'sh: Syntax error: end of file unexpected (expecting "fi")' 2 kite
t 'echo a; fi' 'sh: Syntax error: "fi" unexpected' 2 kite
t 'echo "unterminated' 'sh: Syntax error: Unterminated quoted string' 2 kite
t 'echo a | ; echo b' 'sh: Syntax error: ";" unexpected' 2 kite
t ') x' 'sh: Syntax error: ")" unexpected' 2 kite

# Functions
t 'f() { echo "f: $# $1"; return 3; echo no; }; f a b; echo $?' 'f: 2 a
3' 0
t 'set -- outer; f() { echo $1; }; f inner; echo $1' 'inner
outer' 0
t 'g() {
	for i in 1 2 3; do [ $i = 2 ] && return $i; echo $i; done
}
g; echo $?' '1
2' 0
t 'h() ( x=sub; echo $x ); x=main; h; echo $x' 'sub
main' 0
t 'f() { echo one; }; f() { echo two; }; f' 'two' 0
t 'f() { echo "$@"; }; f a "b c" > out; cat out' 'a b c' 0
t 'f() { echo in-f; }; x=$(f); echo "[$x]"' '[in-f]' 0
t 'count() { n=0; for a; do n=$((n+1)); done; echo $n; }; count 1 2 3' '3' 0
t 'f() { f2() { echo nested; }; }; f; f2' 'nested' 0
t 'echo "echo before; return 4; echo after" > s; . ./s; echo $?' 'before
4' 0
t 'for i in 1 2; do f() { break; }; f; echo $i; done' '1
2' 0
t 'f() { echo x; }; unset -f f; f' 'sh: f: not found' 127 kite
t 'f=1; f() { echo x; }; unset f; f; echo "[$f]"' 'x
[]' 0

# trap
t 'trap "echo got usr1" USR1; kill -USR1 $$; echo after' 'got usr1
after' 0
t 'trap "echo bye" EXIT; echo main; exit 3' 'main
bye' 3
t 'trap "echo bye \$?" EXIT; false' 'bye 1' 1
t 'trap "" TERM; kill -TERM $$; echo ignored' 'ignored' 0
t 'trap "echo x" TERM; trap - TERM; kill -TERM $$; echo no' '' 143
t 'trap "echo t" INT; trap' "trap -- 'echo t' INT" 0
t 'trap "echo parent" USR1; (kill -USR1 $$; sleep 0.1; echo child); echo end' 'child
parent
end' 0
t 'trap "echo x" NOSUCH' 'sh: trap: NOSUCH: bad trap' 1 kite
t 'f() { trap "echo in-f" EXIT; }; f; echo after-f' 'after-f
in-f' 0
t 'set -e; f() { false; echo no; }; f; echo no' '' 1
t 'set -e; f() { false; echo cont; }; if f; then echo yes; fi; f || echo or' 'cont
yes
cont' 0
t 'set -- 1 2 3 4 5 6 7 8 9 10 11; echo ${10} ${11} $10' '10 11 10' 0
t 'sh ./nonexist.sh' 'sh: cannot open ./nonexist.sh: No such file or directory' 127 kite
