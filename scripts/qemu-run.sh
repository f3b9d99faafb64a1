#!/bin/bash
# qemu-run.sh [options] KERNEL - boot KERNEL (Image or ELF) on QEMU under
# OpenSBI and exit with QEMU's exit status (124 on timeout).
#   --cpu CPU        rv64 (default, has Sstc) or sifive-u54 (no Sstc); virt only
#   --smp N          harts (default 1)
#   --mem SIZE       RAM (default 128M)
#   --machine M      QEMU machine: virt (default) or sifive_u
#   --timeout SEC    give up after SEC seconds (default 30)
#   --until REGEX    end QEMU as soon as a console line matches the extended
#                    regular expression REGEX, and exit 0 (for machines with
#                    no way to power off, like sifive_u)
#   --log FILE       copy the console output to FILE
#   --dtb FILE       boot with this device tree instead of QEMU's
#   --append ARGS    kernel command line (/chosen/bootargs)
#   --initrd FILE    the boot archive (QEMU -initrd)
#   --disk FILE      attach FILE (raw) as a virtio-blk disk (virt)
#   --tftp DIR       a virtio-net device on QEMU's user-mode network, whose
#                    DHCP and TFTP server serve DIR (virt; for U-Boot)
#   --gdb FILE       start QEMU stopped and run gdb-multiarch's batch script
#                    FILE against it first (FILE must continue and detach)
#   --input TEXT     type TEXT on the console (printf escapes) once the
#                    kernel says its harts are online (its console and the
#                    receive interrupt are set up then: typed earlier, bytes
#                    beyond the UART's FIFO were lost on a loaded host)
#   --input-on REGEX TEXT
#                    type TEXT once a console line matches REGEX (after the
#                    previous --input-on fired; repeatable): talks to
#                    U-Boot's prompt, then to the shell it boots
#   --keyboard       type what this script reads on its standard input, as
#                    it comes (tests/qemu/term.py drives the console so)
#   --icount         -icount shift=0 (benchmarks)
#   --icount-exact   -icount shift=0,sleep=off: idle time passes at once
#                    instead of in host time, so a one-hart run replays
#                    exactly (the fuzzer's runs)
#   --no-icount      real time after all (cancels an earlier --icount)
#   --extra "ARGS"   more QEMU arguments
# KERNEL may be U-Boot (/usr/lib/u-boot/qemu-riscv64_smode/uboot.elf):
# it then boots whatever --disk or --tftp offers.
#
# Run from a terminal without --log, --until, --input, --input-on, --keyboard
# or --gdb,
# QEMU gets the terminal itself: a person types at the console (the shell,
# with --initrd build/initrd.cpio) and Ctrl-a x ends QEMU; --timeout does
# not apply.
set -u
cpu=rv64 smp=1 mem=128M machine=virt timeout=30 log=/dev/stdout until=""
dtb="" append="" initrd="" disk="" tftp="" gdbscript="" input="" icount="" extra=""
on_re=() on_text=() logged=0 keyboard=""
while [ $# -gt 1 ]; do
	case "$1" in
	--cpu) cpu=$2; shift 2 ;;
	--smp) smp=$2; shift 2 ;;
	--mem) mem=$2; shift 2 ;;
	--machine) machine=$2; shift 2 ;;
	--timeout) timeout=$2; shift 2 ;;
	--until) until=$2; shift 2 ;;
	--log) log=$2; logged=1; shift 2 ;;
	--dtb) dtb=$2; shift 2 ;;
	--append) append=$2; shift 2 ;;
	--initrd) initrd=$2; shift 2 ;;
	--disk) disk=$2; shift 2 ;;
	--tftp) tftp=$2; shift 2 ;;
	--gdb) gdbscript=$2; shift 2 ;;
	--input) input=$2; shift 2 ;;
	--input-on)
		[ $# -gt 3 ] || { echo "qemu-run.sh: --input-on takes REGEX and TEXT" >&2; exit 2; }
		on_re+=("$2") on_text+=("$3")
		shift 3 ;;
	--keyboard) keyboard=1; shift ;;
	--icount) icount="-icount shift=0"; shift ;;
	--icount-exact) icount="-icount shift=0,sleep=off"; shift ;;
	--no-icount) icount=""; shift ;;
	--extra) extra=$2; shift 2 ;;
	*) echo "qemu-run.sh: unknown option $1" >&2; exit 2 ;;
	esac
done
kernel=${1:?usage: qemu-run.sh [options] KERNEL}
if [ -n "$input" ]; then
	on_re=('^exos: [0-9]+ harts? online' "${on_re[@]}")
	on_text=("$input" "${on_text[@]}")
fi
[ -f "$kernel" ] || { echo "qemu-run.sh: no kernel image $kernel" >&2; exit 2; }

args=(-machine "$machine" -m "$mem" -smp "$smp" -nographic -bios default
      -monitor none -serial stdio -kernel "$kernel")
[ "$machine" = virt ] && args+=(-cpu "$cpu")
[ -n "$dtb" ] && args+=(-dtb "$dtb")
[ -n "$append" ] && args+=(-append "$append")
[ -n "$initrd" ] && args+=(-initrd "$initrd")
if [ -n "$disk" ]; then
	# Modern virtio-mmio (version 2), as the kernel's drivers expect.
	args+=(-global virtio-mmio.force-legacy=false
	       -drive "file=$disk,format=raw,if=none,id=disk0"
	       -device virtio-blk-device,drive=disk0)
fi
if [ -n "$tftp" ]; then
	# restrict=on: the guest reaches QEMU's DHCP and TFTP server, nothing else.
	args+=(-netdev "user,id=net0,restrict=on,tftp=$tftp" -device virtio-net-device,netdev=net0)
fi
# shellcheck disable=SC2206
[ -n "$icount" ] && args+=($icount)
# shellcheck disable=SC2206
[ -n "$extra" ] && args+=($extra)

# A person at a terminal: QEMU reads and writes it directly (the lines
# below pass whole lines only, so a prompt would never show).
if [ -t 0 ] && [ -t 1 ] && [ $logged -eq 0 ] && [ -z "$until$input$gdbscript$keyboard" ] &&
	[ ${#on_re[@]} -eq 0 ]; then
	args=("${args[@]/#stdio/mon:stdio}")
	echo "qemu-run.sh: the console is this terminal; Ctrl-a x ends QEMU" >&2
	exec qemu-system-riscv64 "${args[@]}"
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# gdb's stub on a free loopback port (chosen here; a collision only fails
# this run).
if [ -n "$gdbscript" ]; then
	port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
	args+=(-S -gdb "tcp:127.0.0.1:$port")
fi
run_gdb() {
	local i
	for i in $(seq 50); do
		gdb-multiarch -q -batch -nx -ex 'set confirm off' -ex 'set pagination off' \
			-ex "target remote 127.0.0.1:$port" -x "$gdbscript" \
			> "$tmp/gdb.log" 2>&1 && return 0
		grep -q 'Connection refused' "$tmp/gdb.log" || break
		sleep 0.1
	done
	echo "qemu-run.sh: gdb script $gdbscript failed:" >&2
	cat "$tmp/gdb.log" >&2
}

# What QEMU reads: what --input and --input-on write on fd 4 below, then
# nothing until it is killed (EOF on a pipe is not a key).  exec: the
# job's pid is the sleep's.
feed() {
	if [ -n "$keyboard" ]; then
		cat <&5
	fi
	exec sleep "$timeout"
}

# QEMU runs in the background, reading a FIFO that feed writes and writing
# one that this script reads (held open on fd 3 until QEMU is gone): each
# console line, without its \r, goes to the log, and --until ends QEMU on
# a match.
mkfifo "$tmp/in" "$tmp/out"
# (A job started with & reads /dev/null: keep our standard input as 5.)
exec 5<&0
feed > "$tmp/in" 2>/dev/null &
fpid=$!
timeout --foreground -k 2 "$timeout" qemu-system-riscv64 "${args[@]}" \
	< "$tmp/in" > "$tmp/out" 2>&1 &
qpid=$!
exec 3< "$tmp/out"
# --input-on writes here (read-write: opening does not wait for a reader).
exec 4<> "$tmp/in"
gpid=""
if [ -n "$gdbscript" ]; then
	run_gdb &
	gpid=$!
fi
matched=0 next_on=0
# At the keyboard, the screen is passed on as it comes (a prompt has no
# newline to wait for).
if [ -n "$keyboard" ]; then
	cat <&3 > "$log"
fi
while [ -z "$keyboard" ] && { IFS= read -r -u 3 line || [ -n "$line" ]; }; do
	line=${line%$'\r'}
	printf '%s\n' "$line"
	if [ $next_on -lt ${#on_re[@]} ] && [[ $line =~ ${on_re[$next_on]} ]]; then
		# shellcheck disable=SC2059
		printf "${on_text[$next_on]}" >&4
		next_on=$((next_on + 1))
	fi
	if [ -n "$until" ] && [[ $line =~ $until ]]; then
		matched=1
		kill "$qpid" 2>/dev/null
		break
	fi
done > "$log"
# After a match, drain what QEMU still writes until it is gone.
[ $matched -eq 1 ] && cat <&3 > /dev/null
exec 3<&- 4>&- 5<&-
wait "$qpid"
status=$?
kill "$fpid" 2>/dev/null
[ -n "$gpid" ] && wait "$gpid"
[ $matched -eq 1 ] && status=0
exit "$status"
