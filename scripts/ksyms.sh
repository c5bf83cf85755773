#!/bin/sh
# Turn `nm -n` output (text symbols only) into an assembly file holding the
# kernel's symbol table: sorted addresses, name offsets and a string pool.
# kernel/lib/ksyms.c searches it to print backtraces with names.
# usage: nm -n kernel | ksyms.sh -      (or ksyms.sh /dev/null for an empty table)
set -eu
awk 'BEGIN { n = 0 }
$2 ~ /^[tT]$/ && $3 != "kernel_start" && $3 !~ /^\.L/ && $3 !~ /^\$/ { addr[n] = $1; name[n] = $3; n++ }
END {
	print "\t.section .ksyms, \"a\""
	print "\t.balign 8"
	print "\t.globl ksyms_count"
	print "ksyms_count:\n\t.dword " n
	print "\t.globl ksyms_addrs"
	print "ksyms_addrs:"
	for (i = 0; i < n; i++) print "\t.dword 0x" addr[i]
	print "\t.globl ksyms_offsets"
	print "ksyms_offsets:"
	off = 0
	for (i = 0; i < n; i++) { print "\t.word " off; off += length(name[i]) + 1 }
	print "\t.globl ksyms_names"
	print "ksyms_names:"
	for (i = 0; i < n; i++) print "\t.asciz \"" name[i] "\""
}' "$1"
