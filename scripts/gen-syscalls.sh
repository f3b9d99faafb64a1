#!/bin/sh
# gen-syscalls.sh TABLE OUTDIR - generate the syscall numbers header, the
# kernel dispatch table and the libexos stubs from the one syscall table.
set -eu
tbl=$1
out=$2
mkdir -p "$out/exos"
rows=$(grep -v '^[[:space:]]*#' "$tbl" | grep -v '^[[:space:]]*$')

check() {
	echo "$rows" | awk -v f="$tbl" '
	NF != 4 { printf "%s: bad line: %s\n", f, $0; bad = 1 }
	$1 != n++ { printf "%s: numbers must be dense from 0 (got %s)\n", f, $1; bad = 1 }
	$4 != "lock" && $4 != "free" && $4 != "full" { printf "%s: lock column must be lock, free or full: %s\n", f, $0; bad = 1 }
	$3 !~ /^[0-6]$/ { printf "%s: nargs must be 0-6: %s\n", f, $0; bad = 1 }
	END { exit bad }'
}
check

{
	echo "/* Generated from kernel/syscalls.tbl by scripts/gen-syscalls.sh - do not edit. */"
	echo "#ifndef EXOS_SYSNO_H"
	echo "#define EXOS_SYSNO_H"
	echo "$rows" | awk '{ printf "#define SYS_%s %s\n", $2, $1 }'
	echo "$rows" | awk 'END { printf "#define SYS_COUNT %d\n", NR }'
	echo "#endif"
} > "$out/exos/sysno.h.tmp"
mv "$out/exos/sysno.h.tmp" "$out/exos/sysno.h"

{
	echo "/* Generated from kernel/syscalls.tbl by scripts/gen-syscalls.sh - do not edit. */"
	echo '#include "syscall.h"'
	echo "$rows" | awk '$4 != "full" {
		printf "long sys_%s(long a0, long a1, long a2, long a3, long a4, long a5);\n", $2 }
	$4 == "full" {
		printf "long full_%s(long a0, long a1, long a2, long a3, long a4, long a5);\n", $2 }'
	echo "$rows" | awk '$4 == "lock" {
		printf "static long locked_%s(long a0, long a1, long a2, long a3, long a4, long a5)\n{\n", $2
		printf "\tkernel_lock();\n\tlong r = sys_%s(a0, a1, a2, a3, a4, a5);\n", $2
		printf "\tkernel_unlock();\n\treturn r;\n}\n" }'
	echo "const syscall_fn syscall_table[SYS_COUNT] = {"
	echo "$rows" | awk '{
		printf "\t[SYS_%s] = %s_%s,\n", $2, ($4 == "lock" ? "locked" : ($4 == "full" ? "full" : "sys")), $2 }'
	echo "};"
} > "$out/sysent.c.tmp"
mv "$out/sysent.c.tmp" "$out/sysent.c"

{
	echo "/* Generated from kernel/syscalls.tbl by scripts/gen-syscalls.sh - do not edit. */"
	echo "/* full_<name>: hand sys_<name>(struct trapframe *) to syscall_full (vector.S). */"
	echo "	.section .text"
	echo "$rows" | awk '$4 == "full" {
		printf "\t.globl full_%s\n\t.balign 2\nfull_%s:\n\tlla t1, sys_%s\n\tj syscall_full\n", $2, $2, $2 }'
} > "$out/sysfull.S.tmp"
mv "$out/sysfull.S.tmp" "$out/sysfull.S"

{
	echo "/* Generated from kernel/syscalls.tbl by scripts/gen-syscalls.sh - do not edit. */"
	echo "/* Each stub: number in a7, arguments already in a0-a5, result in a0. */"
	echo "$rows" | awk '{
		printf "\t.section .text.sys_%s,\"ax\",@progbits\n", $2
		printf "\t.globl sys_%s\n\t.type sys_%s, @function\n", $2, $2
		printf "sys_%s:\n\tli a7, %s\n\tecall\n\tret\n", $2, $1
		printf "\t.size sys_%s, .-sys_%s\n", $2, $2 }'
} > "$out/sysstubs.S.tmp"
mv "$out/sysstubs.S.tmp" "$out/sysstubs.S"
