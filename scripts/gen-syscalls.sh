#!/bin/sh
# gen-syscalls.sh TABLE OUTDIR - generate from the one syscall table
# (kernel/syscalls.tbl, whose header says what each column means) the
# numbers, the user prototypes, the kernel handlers' prototypes, the
# kernel shims and dispatch table, the "full" entry thunks and the
# libexos stubs.  The table is checked first; any error stops the build
# with the offending line.  A number the table skips (one kept for a call
# another branch adds) is no call: it returns -E_NOSYS, as one past the end.
set -eu
tbl=$1
out=$2
mkdir -p "$out/exos"

awk -v tbl="$tbl" -v out="$out" '
BEGIN { n = 0; ndoc = 0 }
function fail(msg) { printf "%s:%d: %s\n", tbl, NR, msg > "/dev/stderr"; bad = 1 }
function trim(s) { sub(/^[ \t]+/, "", s); sub(/[ \t]+$/, "", s); return s }
# Types: the table names a few ABI kinds besides C types.
function utype(t) { return t == "cap" ? "int" : t == "ppn" ? "unsigned long" : t == "va" ? "uintptr_t" : t }
function ktype(t) { return t == "cap" ? "int" : t == "ppn" ? "ppn_t" : (t == "va" || t ~ /\*/) ? "vaddr_t" : t }
function conv(t, x) {
	if (t == "cap") return "cap_arg(" x ")"
	if (t == "ppn") return "ppn_make(" x ")"
	return ktype(t) == "vaddr_t" ? "va_make(" x ")" : "(" t ")" x
}
function decl(t, n) { return t ~ /\*$/ ? t n : t " " n }
function uret(r) { return r == "noreturn" ? "__attribute__((noreturn)) void" : r == "pct_result" ? "struct exos_pct_result" : r }
function kret(r) { return r == "noreturn" ? "void" : r }

/^[ \t]*#/ { line = $0; sub(/^[ \t]*# ?/, "", line); doc[++ndoc] = line; next }
/^[ \t]*$/ { ndoc = 0; next }
{
	if (NF < 5) { fail("want: number name lock return (arguments)"); next }
	num = $1; name = $2; lock = $3; ret = $4
	rest = $0
	sub(/^[ \t]*[^ \t]+[ \t]+[^ \t]+[ \t]+[^ \t]+[ \t]+[^ \t]+[ \t]+/, "", rest)
	if (num !~ /^[0-9]+$/ || num + 0 < n) fail("numbers must increase from 0 (got " num ", want " n " or more)")
	else for (; n < num + 0; n++) gap[n] = 1
	if (name !~ /^[a-z_][a-z0-9_]*$/) fail("bad name " name)
	if (name in row) fail("name " name " used twice")
	if (lock != "free" && lock != "lock" && lock != "full" && lock != "asm")
		fail("lock column must be free, lock, full or asm: " lock)
	if (ret != "long" && ret != "void" && ret != "noreturn" && ret != "pct_result")
		fail("return must be long, void, noreturn or pct_result: " ret)
	if (ret == "pct_result" && lock != "asm") fail("pct_result returns only from asm calls")
	row[name] = n; nm[n] = name; lk[n] = lock; rt[n] = ret
	if (rest ~ /^=/) {
		src = trim(substr(rest, 2))
		if (!(src in row)) { fail("= " src ": no earlier row of that name"); next }
		s = row[src]; na[n] = na[s]
		for (i = 0; i < na[n]; i++) { at[n, i] = at[s, i]; an[n, i] = an[s, i] }
	} else if (rest !~ /^\(.*\)$/) {
		fail("arguments must be (declarations) or = name"); next
	} else {
		rest = trim(substr(rest, 2, length(rest) - 2))
		na[n] = 0
		if (rest != "void" && rest != "") {
			k = split(rest, parts, ",")
			for (i = 1; i <= k; i++) {
				d = trim(parts[i])
				if (!match(d, /[A-Za-z_][A-Za-z0-9_]*$/) || RSTART == 1) { fail("bad argument: " d); continue }
				an[n, na[n]] = substr(d, RSTART); at[n, na[n]] = trim(substr(d, 1, RSTART - 1))
				for (j = 0; j < na[n]; j++) if (an[n, j] == an[n, na[n]]) fail("argument " an[n, j] " twice")
				na[n]++
			}
		}
	}
	if (na[n] > 7 || (na[n] == 7 && lock != "full" && lock != "asm"))
		fail("at most 6 arguments (a7 is the number; a 7th in a6 only for full and asm calls)")
	nd[n] = ndoc; for (i = 1; i <= ndoc; i++) dc[n, i] = doc[i]
	ndoc = 0; n++
}
function args(r, user,    s, i) {
	if (na[r] == 0) return "void"
	s = ""
	for (i = 0; i < na[r]; i++)
		s = s (i ? ", " : "") decl(user ? utype(at[r, i]) : ktype(at[r, i]), an[r, i])
	return s
}
function regs(r,    s, i) {
	if (na[r] == 0) return "void"
	for (i = 0; i < na[r]; i++) s = s (i ? ", " : "") "long a" i
	return s
}
function call(r, full,    s, i) {
	for (i = 0; i < na[r]; i++)
		s = s (i ? ", " : "") conv(at[r, i], full ? "tf_arg(tf, " i ")" : "a" i)
	return "sys_" nm[r] "(" s ")"
}
# One letter per argument for SYS_LIST (sysno.h).
function kinds(r,    s, i, t) {
	for (i = 0; i < na[r]; i++) {
		t = at[r, i]
		s = s (t == "cap" ? "c" : t == "ppn" ? "p" : t == "va" ? "v" : t ~ /\*/ ? "b" : \
		       (t == "int" || t == "uint32_t" || t == "unsigned" || t == "unsigned int") ? "i" : "w")
	}
	return s
}
# Free calls without arguments need no conversion: the table points at the handler.
function direct(r) { return lk[r] == "free" && na[r] == 0 }
END {
	if (bad) exit 1
	gen = "/* Generated from kernel/syscalls.tbl by scripts/gen-syscalls.sh - do not edit. */"

	f = out "/exos/sysno.h.tmp"
	print gen > f
	print "#ifndef EXOS_SYSNO_H\n#define EXOS_SYSNO_H" > f
	for (r = 0; r < n; r++) if (!(r in gap)) if (!(r in gap)) printf "#define SYS_%s %d\n", nm[r], r > f
	printf "#define SYS_COUNT %d\n", n > f
	print "/* X(number, name, nargs, kinds) for every call, for programs that call\n * them all (the fuzzer): kinds has a letter per argument, a0 first: c a\n * capability index, p a page number, v a user address, b a pointer, i a\n * 32-bit integer, w any other word. */\n#define SYS_LIST(X) \\" > f
	for (r = 0; r < n; r++) if (!(r in gap)) if (!(r in gap)) printf "\tX(%d, %s, %d, \"%s\") \\\n", r, nm[r], na[r], kinds(r) > f
	print "\n#endif" > f
	close(f)

	f = out "/exos/syscalls.h.tmp"
	print gen > f
	print "/* The user side of every system call (exos/syscall.h includes this). */" > f
	print "#ifndef EXOS_SYSCALLS_H\n#define EXOS_SYSCALLS_H\n" > f
	for (r = 0; r < n; r++) if (!(r in gap))
		for (i = 0; i < na[r]; i++)
			if (match(at[r, i], /struct [a-z_0-9]+/) && !(substr(at[r, i], RSTART, RLENGTH) in fwd)) {
				fwd[substr(at[r, i], RSTART, RLENGTH)] = 1
				printf "%s;\n", substr(at[r, i], RSTART, RLENGTH) > f
			}
	for (r = 0; r < n; r++) if (!(r in gap)) {
		print "" > f
		for (i = 1; i <= nd[r]; i++)
			printf "%s%s%s\n", i == 1 ? "/* " : " * ", dc[r, i], i == nd[r] ? " */" : "" > f
		printf "%s sys_%s(%s);\n", uret(rt[r]), nm[r], args(r, 1) > f
	}
	print "\n#endif" > f
	close(f)

	f = out "/syshandlers.h.tmp"
	print gen > f
	print "/* The kernel handler of every system call, and the shims that decode\n * the registers for them (kernel/syscall.h includes this). */" > f
	print "#ifndef KERNEL_SYSHANDLERS_H\n#define KERNEL_SYSHANDLERS_H\n" > f
	for (r = 0; r < n; r++) if (!(r in gap)) {
		if (lk[r] == "asm") {
			printf "extern const char sys_%s[];   /* arch/riscv/vector.S */\n", nm[r] > f
			continue
		}
		printf "%s sys_%s(%s);\n", kret(rt[r]), nm[r], args(r, 0) > f
		if (lk[r] == "full")
			printf "long shim_%s(struct trapframe *tf);\n", nm[r] > f
		else if (!direct(r))
			printf "long shim_%s(%s);\n", nm[r], regs(r) > f
	}
	print "\n#endif" > f
	close(f)

	f = out "/sysent.c.tmp"
	print gen > f
	print "#include \"env.h\"\n#include \"syscall.h\"" > f
	for (r = 0; r < n; r++) if (!(r in gap)) {
		if (lk[r] == "asm" || direct(r)) continue
		if (lk[r] == "full") {
			printf "\nlong shim_%s(struct trapframe *tf)\n{\n", nm[r] > f
			if (rt[r] == "long") printf "\treturn %s;\n}\n", call(r, 1) > f
			else printf "\t%s;\n\treturn 0;\n}\n", call(r, 1) > f
			continue
		}
		printf "\nlong shim_%s(%s)\n{\n", nm[r], regs(r) > f
		if (lk[r] == "lock") print "\tkernel_lock();" > f
		if (rt[r] == "long") printf "\tlong r = %s;\n", call(r, 0) > f
		else printf "\t%s;\n\tlong r = 0;\n", call(r, 0) > f
		if (lk[r] == "lock") print "\tkernel_unlock();" > f
		print "\treturn r;\n}" > f
	}
	print "\n/* full_<name>: sysfull.S */" > f
	for (r = 0; r < n; r++) if (!(r in gap)) if (lk[r] == "full") printf "extern const char full_%s[];\n", nm[r] > f
	if (length(gap)) print "\n/* Numbers the table skips. */\nstatic long sys_nosys(void)\n{\n\treturn -E_NOSYS;\n}" > f
	print "\nconst uintptr_t syscall_table[SYS_COUNT] = {" > f
	for (r = 0; r < n; r++)
		if (r in gap) printf "\t[%d] = (uintptr_t)sys_nosys,\n", r > f
		else printf "\t[SYS_%s] = (uintptr_t)%s_%s,\n", nm[r],
		       (lk[r] == "asm" || direct(r)) ? "sys" : lk[r] == "full" ? "full" : "shim", nm[r] > f
	print "};" > f
	close(f)

	f = out "/sysfull.S.tmp"
	print gen > f
	print "/* full_<name>: hand shim_<name>(struct trapframe *) to syscall_full (vector.S),", "which stores what it returns as the result of the call. */" > f
	print "\t.section .text" > f
	for (r = 0; r < n; r++) if (!(r in gap))
		if (lk[r] == "full")
			printf "\t.globl full_%s\n\t.balign 2\nfull_%s:\n\tlla t1, shim_%s\n\tj syscall_full\n", nm[r], nm[r], nm[r] > f
	close(f)

	f = out "/sysstubs.S.tmp"
	print gen > f
	print "/* Each stub: number in a7, arguments already in a0-a6, result in a0. */" > f
	for (r = 0; r < n; r++) if (!(r in gap)) {
		printf "\t.section .text.sys_%s,\"ax\",@progbits\n", nm[r] > f
		printf "\t.globl sys_%s\n\t.type sys_%s, @function\n", nm[r], nm[r] > f
		printf "sys_%s:\n\tli a7, %d\n\tecall\n\tret\n", nm[r], r > f
		printf "\t.size sys_%s, .-sys_%s\n", nm[r], nm[r] > f
	}
	close(f)
}' "$tbl"

for f in exos/sysno.h exos/syscalls.h syshandlers.h sysent.c sysfull.S sysstubs.S; do
	mv "$out/$f.tmp" "$out/$f"
done
