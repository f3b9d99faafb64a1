#!/bin/bash
# bench.sh - make bench: boot userland/bench as init on one hart under
# -icount shift=0 and turn its "<op> <instructions>" lines into a table
# and build/bench.json (see shared benchmarks.md).
set -u
cd "$(dirname "$0")/.."
log=build/bench.log
scripts/qemu-run.sh --icount --smp 1 --timeout 300 --log "$log" --initrd build/initrd.cpio build/img/bench.Image
rc=$?
if [ $rc -ne 0 ]; then
	echo "bench: QEMU exited with status $rc; see $log" >&2
	cat "$log" >&2
	exit 1
fi
lines=$(awk '/^bench: start$/ { on = 1; next } /^bench: done$/ { on = 0 } on && NF == 2 && $2 ~ /^[0-9.]+$/' "$log")
if [ -z "$lines" ]; then
	echo "bench: no figures in $log" >&2
	cat "$log" >&2
	exit 1
fi
printf '%-24s %14s\n' operation instructions
printf '%s\n' "$lines" | awk '{ printf "%-24s %14s\n", $1, $2 }'
printf '%s\n' "$lines" | awk 'BEGIN { printf "{" } { printf "%s\"%s\": %s", (NR > 1 ? ", " : ""), $1, $2 } END { print "}" }' > build/bench.json
echo "wrote build/bench.json"
