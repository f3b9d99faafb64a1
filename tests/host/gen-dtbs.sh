#!/bin/sh
# gen-dtbs.sh OUTDIR - make the device trees the host tests read (DTB_DIR).
#
#   qemu-virt.dtb, visionfive2.dtb   compiled from dts/ (redone when the
#                                    source is newer)
#   virt-1.dtb      QEMU virt, -smp 1 -m 128M (our default test machine)
#   virt-4.dtb      QEMU virt, -smp 4 -m 512M
#   virt-u54.dtb    QEMU virt, -cpu sifive-u54 (no Sstc, like the U74)
#   sifive_u.dtb    QEMU sifive_u (its default -smp 2: E51 hart 0 + one U54)
#
# QEMU's dumps are made once and kept: each carries a random rng-seed, so
# regenerating would change the files for nothing.  QEMU writes its 1 MiB
# working buffer; the dumps are cut to the header's totalsize.  Every file
# is written under a temporary name and renamed, so an interrupted run
# leaves nothing half-made.
set -eu

out=${1:?usage: gen-dtbs.sh OUTDIR}
top=$(cd "$(dirname "$0")/../.." && pwd)
DTC=${DTC:-dtc}
QEMU=${QEMU:-qemu-system-riscv64}
mkdir -p "$out"

compile() { # name: dts/name.dts -> out/name.dtb
	src=$top/dts/$1.dts dst=$out/$1.dtb
	if [ ! -s "$dst" ] || [ -n "$(find "$src" -newer "$dst")" ]; then
		if ! "$DTC" -I dts -O dtb -o "$dst.tmp" "$src"; then
			rm -f "$dst.tmp"
			exit 1
		fi
		mv "$dst.tmp" "$dst"
	fi
}

totalsize() { # file: the FDT header's totalsize, decimal
	od -An -tu1 -j4 -N4 "$1" | awk '{ print (($1 * 256 + $2) * 256 + $3) * 256 + $4 }'
}

dump() { # name machine qemu-args...: QEMU's own tree -> out/name.dtb
	dst=$out/$1.dtb machine=$2
	shift 2
	[ -s "$dst" ] && return 0
	if ! "$QEMU" -machine "$machine,dumpdtb=$dst.raw" -nographic \
		-bios default "$@" </dev/null >/dev/null 2>"$dst.log"; then
		cat "$dst.log" >&2
		rm -f "$dst.log" "$dst.raw"
		exit 1
	fi
	rm -f "$dst.log"
	head -c "$(totalsize "$dst.raw")" "$dst.raw" >"$dst.tmp"
	rm -f "$dst.raw"
	mv "$dst.tmp" "$dst"
}

compile qemu-virt
compile visionfive2
dump virt-1 virt -smp 1 -m 128M
dump virt-4 virt -smp 4 -m 512M
dump virt-u54 virt -smp 1 -m 128M -cpu sifive-u54
dump sifive_u sifive_u
