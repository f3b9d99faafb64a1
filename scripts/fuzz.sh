#!/bin/bash
# fuzz.sh - a fuzzing campaign: boot build/img/fuzz.Image (userland/fuzz)
# once per profile and seed, and add up what the runs found.
#
#   scripts/fuzz.sh [--seconds S] [--seeds "1 2 3"] [--profiles "rv64-1 u54-4"]
#                   [--workers N] [--append "ARGS"] [--image FILE] [--logs DIR]
#     Each run fuzzes for S seconds of guest time (default 60).  One-hart
#     runs use -icount with idle time passing at once, so a run replays
#     exactly from its seed; there a guest second takes several host
#     seconds.  Several harts run in real time.  The supervisor prints a
#     line each guest second ("fuzz: T ms, N calls"); a run that prints
#     none for $STALL host seconds (default 300: FUZZ_STALL) is a hang.
#     Logs: build/fuzz-logs/PROFILE-SEED.log
#     (--logs elsewhere).  --image: a copy of build/img/fuzz.Image (so a
#     long campaign goes on while the tree is rebuilt).
#     Last line:
#       fuzz: N calls, P panics, I invariant failures, H hangs, L leaked pages
#     and exit status 1 if any of them is not 0.
#
#   scripts/fuzz.sh --replay PROFILE SEED [--seconds S] [--append "ARGS"]
#     Replays a one-hart run that stopped the machine (a kernel panic or
#     fault) with gdb attached, and prints each worker's trace ring as it
#     was when the kernel powered off: the calls that led there.
set -u
cd "$(dirname "$0")/.."
seconds=60 seeds="1" profiles="rv64-1 rv64-4 u54-1 u54-4" workers=4 append="" replay=""
LOGS=build/fuzz-logs IMAGE=build/img/fuzz.Image STALL=${FUZZ_STALL:-300}
while [ $# -gt 0 ]; do
	case "$1" in
	--seconds) seconds=$2; shift 2 ;;
	--seeds) seeds=$2; shift 2 ;;
	--profiles) profiles=$2; shift 2 ;;
	--workers) workers=$2; shift 2 ;;
	--append) append=$2; shift 2 ;;
	--replay) replay=1; profiles=$2; seeds=$3; shift 3 ;;
	--image) IMAGE=$2; shift 2 ;;
	--logs) LOGS=$2; shift 2 ;;
	*) echo "fuzz.sh: unknown option $1" >&2; exit 2 ;;
	esac
done
mkdir -p "$LOGS"

# The qemu-run.sh options for a profile (rv64-N, u54-N).
profile_opts() {
	local cpu=${1%-*} smp=${1#*-}
	[ "$cpu" = u54 ] && cpu=sifive-u54
	local opts=(--cpu "$cpu" --smp "$smp")
	if [ "$smp" -eq 1 ]; then
		opts+=(--mem 128M --icount-exact)
	else
		opts+=(--mem 256M)
	fi
	# The hang check is watch_run's; this only bounds a run for good.
	echo "${opts[@]}" --timeout $((seconds * 100 + 3600))
}

# Run qemu-run.sh (arguments as given) in the background and watch its
# log: kill it when no line "fuzz: T ms, N calls" appeared for $STALL
# seconds.  Returns QEMU's status, or 124 for a stalled run.
watch_run() {
	local log=$1 last="" same=0 pid
	shift
	scripts/qemu-run.sh --log "$log" "$@" > /dev/null &
	pid=$!
	while kill -0 $pid 2> /dev/null; do
		sleep 5
		local now
		now=$(grep -aoE 'fuzz: [0-9]+ ms, [0-9]+ calls' "$log" 2> /dev/null | tail -1)
		if [ "$now" = "$last" ]; then
			same=$((same + 5))
		else
			last=$now same=0
		fi
		if [ $same -ge "$STALL" ]; then
			# The whole job: qemu-run.sh, its timeout and QEMU.
			pkill -TERM -P $pid 2> /dev/null
			kill $pid 2> /dev/null
			wait $pid 2> /dev/null
			return 124
		fi
	done
	wait $pid
}

bootargs() {
	echo "fuzz_seed=$1 fuzz_ms=$((seconds * 1000)) fuzz_workers=$workers grace_ms=20 $append"
}

# Replay: gdb stops the kernel at power_off and dumps the ring pages the
# failing run's log names (the replay allocates the same pages).
if [ -n "$replay" ]; then
	log=$LOGS/$profiles-$seeds.log
	pages=$(sed -n 's/^fuzz: trace pages //p' "$log" 2>/dev/null | head -1)
	if [ -z "$pages" ]; then
		echo "fuzz.sh: no 'fuzz: trace pages' line in $log: run the campaign first" >&2
		exit 2
	fi
	dir=$LOGS/replay-$profiles-$seeds
	mkdir -p "$dir"
	gdbs=$dir/dump.gdb
	{
		echo "file ${IMAGE%.Image}.elf"
		echo "break power_off"
		echo "continue"
		echo "set logging file $dir/gdb.out"
		echo "set logging overwrite on"
		echo "set logging enabled on"
		# tp is the hart (arch/riscv/hart.h); env its struct env.
		h='((struct hart *)$tp)'
		echo "printf \"fuzz: the machine stopped on hart %u, running env %u\\n\"," \
			"$h->hartid, $h->env ? ((struct env *)$h->env)->id : 0"
		# Each ring page through the kernel's direct map of RAM.
		i=0
		for p in $pages; do
			kva=$((0xffffffc000000000 + (0x$p << 12)))
			printf 'dump binary memory %s 0x%x 0x%x\n' "$dir/ring$i.bin" $kva $((kva + 4096))
			i=$((i + 1))
		done
		echo "delete"
		echo "detach"
	} > "$gdbs"
	# shellcheck disable=SC2046
	scripts/qemu-run.sh $(profile_opts "$profiles") --gdb "$gdbs" --log "$dir/console.log" \
		--append "$(bootargs "$seeds")" "$IMAGE" > /dev/null
	echo "fuzz.sh: replay of $profiles seed $seeds: QEMU exit status $?, console in $dir/console.log"
	grep -aE '^(KERNEL FAULT|kernel panic)' -A3 "$dir/console.log"
	grep -ah '^fuzz: the machine stopped' "$dir"/gdb.out 2>/dev/null
	running=$(sed -n 's/.*running env \([0-9]*\).*/\1/p' "$dir"/gdb.out 2>/dev/null)
	python3 scripts/fuzz-trace.py ${running:+--running $running} "$dir"/ring*.bin
	exit 0
fi

calls=0 panics=0 invariants=0 hangs=0 leaked=0
for profile in $profiles; do
	for seed in $seeds; do
		log=$LOGS/$profile-$seed.log
		start=$(date +%s)
		# shellcheck disable=SC2046
		watch_run "$log" $(profile_opts "$profile") --append "$(bootargs "$seed")" "$IMAGE"
		rc=$?
		line=$(grep -aE '^fuzz: [0-9]+ calls, ' "$log" | tail -1)
		n=$(echo "$line" | sed -E 's/^fuzz: ([0-9]+) calls.*/\1/')
		i=$(echo "$line" | sed -E 's/.* ([0-9]+) invariant failures.*/\1/')
		l=$(echo "$line" | sed -E 's/.* (-?[0-9]+) leaked pages.*/\1/')
		n=${n:-0} i=${i:-0} l=${l:-0}
		what=ok
		if grep -aEq '^(KERNEL FAULT|kernel panic)' "$log"; then
			what="PANIC (replay: scripts/fuzz.sh --replay $profile $seed --seconds $seconds)"
			panics=$((panics + 1))
		elif [ $rc -eq 124 ]; then
			what=HANG
			hangs=$((hangs + 1))
		elif grep -aEq '^exos: [0-9]+ kernel invariants broken|pages leaked' "$log"; then
			what="kernel check at exit failed"
			i=$((i + 1))
		elif [ $rc -ne 0 ]; then
			what="failed (exit status $rc)"
			[ "$i" -eq 0 ] && [ "$l" -eq 0 ] && i=1
		fi
		[ "$l" -ne 0 ] && what="$what, $l pages leaked"
		calls=$((calls + n)) invariants=$((invariants + i)) leaked=$((leaked + l))
		echo "fuzz: $profile seed $seed: $n calls in $(($(date +%s) - start)) s: $what (log $log)"
	done
done
echo "fuzz: $calls calls, $panics panics, $invariants invariant failures, $hangs hangs," \
	"$leaked leaked pages"
[ $panics -eq 0 ] && [ $invariants -eq 0 ] && [ $hangs -eq 0 ] && [ $leaked -eq 0 ]
