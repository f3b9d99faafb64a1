#!/bin/sh
# check-layering.sh BUILD - the boundary between kernel/ and arch/
# (design.md, "Layout"), checked on the sources and the built objects.
# Prints one line per check, "PASS lint/<name>" or "FAIL lint/<name>:
# what", for scripts/check.sh to count.
#  - kernel-arch-neutral: nothing in kernel/ names a CSR, uses inline
#    assembly, calls SBI, knows a PTE bit, or includes arch/riscv/ (the
#    arch is reached through "arch/*.h", arch/riscv/include or
#    arch/fake/include).
#  - arch-entry-points: every symbol the arch/riscv objects use is their
#    own, the linker script's, or one kernel/kentry.h declares.
set -u
b=${1:-build}
cd "$(dirname "$0")/.."

neutral=$(grep -rnE \
	-e '\b(sstatus|sie|sip|stvec|sscratch|sepc|scause|stval|satp|scounteren|stimecmp|menvcfg)\b' \
	-e '\b(csr_[a-z]+|csrr|csrw|csrs|csrc|sfence[a-z_.]*|wfi|rdtime|rdinstret|rdcycle|ecall)\b' \
	-e '\bsbi_[a-z_]+' -e '__asm__|\basm[ \t]*(\(|volatile)' \
	-e '\b(PTE_[VRWXUGAD]|SV39_[A-Z_]+|PTE_PPN_SHIFT|SATP_[A-Z_]+)\b' -e 'arch/riscv' \
	kernel/)
if [ -z "$neutral" ]; then
	echo "PASS lint/kernel-arch-neutral"
else
	echo "FAIL lint/kernel-arch-neutral: kernel/ has arch-specific code: $(echo "$neutral" | head -3 | tr '\n' ' ')"
fi

objs=$(find "$b/k/arch/riscv" -name '*.o' 2>/dev/null)
if [ -z "$objs" ]; then
	echo "FAIL lint/arch-entry-points: no arch objects under $b/k/arch/riscv (build first)"
	exit 0
fi
nm=${NM:-riscv64-unknown-elf-nm}
# Declared in kentry.h (identifiers before "(" or "[", comments removed),
# defined by the arch's own objects, or assigned in its linker script.
allowed=$( {
	gcc -fpreprocessed -dD -E -P kernel/kentry.h 2>/dev/null |
		grep -oE '[A-Za-z_][A-Za-z0-9_]*[[:space:]]*[([]' | tr -d '([ \t'
	$nm --defined-only $objs | awk '{ print $3 }'
	sed -n 's/^[[:space:]]*\([A-Za-z_][A-Za-z0-9_]*\)[[:space:]]*=.*;.*/\1/p' arch/riscv/kernel.ld
} | sort -u)
used=$($nm -u $objs | awk '{ print $2 }' | sort -u)
stray=$(echo "$used" | grep -vxF "$allowed" | tr '\n' ' ')
if [ -z "$stray" ]; then
	echo "PASS lint/arch-entry-points"
else
	echo "FAIL lint/arch-entry-points: arch/riscv uses kernel symbols kentry.h does not declare: $stray"
fi
