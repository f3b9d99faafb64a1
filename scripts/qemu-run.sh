#!/bin/bash
# qemu-run.sh [options] KERNEL - boot KERNEL (Image or ELF) on QEMU virt
# under OpenSBI and exit with QEMU's exit status (124 on timeout).
#   --cpu CPU        rv64 (default, has Sstc) or sifive-u54 (no Sstc)
#   --smp N          harts (default 1)
#   --mem SIZE       RAM (default 128M)
#   --machine M      QEMU machine (default virt)
#   --timeout SEC    give up after SEC seconds (default 30)
#   --log FILE       copy the console output to FILE
#   --dtb FILE       boot with this device tree instead of QEMU's
#   --append ARGS    kernel command line (/chosen/bootargs)
#   --input TEXT     type TEXT on the console (printf escapes) after 1 s
#   --icount         -icount shift=0 (benchmarks)
#   --extra "ARGS"   more QEMU arguments
set -u
cpu=rv64 smp=1 mem=128M machine=virt timeout=30 log=/dev/null
dtb="" append="" input="" icount="" extra=""
while [ $# -gt 1 ]; do
	case "$1" in
	--cpu) cpu=$2; shift 2 ;;
	--smp) smp=$2; shift 2 ;;
	--mem) mem=$2; shift 2 ;;
	--machine) machine=$2; shift 2 ;;
	--timeout) timeout=$2; shift 2 ;;
	--log) log=$2; shift 2 ;;
	--dtb) dtb=$2; shift 2 ;;
	--append) append=$2; shift 2 ;;
	--input) input=$2; shift 2 ;;
	--icount) icount="-icount shift=0"; shift ;;
	--extra) extra=$2; shift 2 ;;
	*) echo "qemu-run.sh: unknown option $1" >&2; exit 2 ;;
	esac
done
kernel=${1:?usage: qemu-run.sh [options] KERNEL}
[ -f "$kernel" ] || { echo "qemu-run.sh: no kernel image $kernel" >&2; exit 2; }

args=(-machine "$machine" -m "$mem" -smp "$smp" -nographic -bios default
      -monitor none -serial stdio -kernel "$kernel")
[ "$machine" = virt ] && args+=(-cpu "$cpu")
[ -n "$dtb" ] && args+=(-dtb "$dtb")
[ -n "$append" ] && args+=(-append "$append")
# shellcheck disable=SC2206
[ -n "$icount" ] && args+=($icount)
# shellcheck disable=SC2206
[ -n "$extra" ] && args+=($extra)

feed() {
	if [ -n "$input" ]; then
		sleep 1
		printf "$input"
	fi
	# Keep stdin open until QEMU is done: EOF on a pipe is not a key.
	sleep "$timeout"
}
run() {
	timeout --foreground -k 2 "$timeout" qemu-system-riscv64 "${args[@]}" < <(feed 2>/dev/null) 2>&1
}
if [ "$log" = /dev/null ]; then
	run
	status=$?
else
	run | tr -d '\r' > "$log"
	status=${PIPESTATUS[0]}
fi
exit "$status"
