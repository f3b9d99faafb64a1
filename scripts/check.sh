#!/bin/bash
# check.sh - run every test: the host unit tests, then the QEMU
# integration tests in tests/qemu/cases.sh.  One line per test
# ("PASS name" / "FAIL name: why"), logs under build/test-logs/, and a
# last line "N passed, N failed"; exit status 1 if anything failed.
set -u
cd "$(dirname "$0")/.."
B=build
LOGS=$B/test-logs
mkdir -p "$LOGS"
passed=0
failed=0

only() { [ -z "${ONLY:-}" ] || [[ "$1" =~ $ONLY ]]; }
pass() { only "$1" || return 0; echo "PASS $1"; passed=$((passed + 1)); }
fail() { only "$1" || return 0; echo "FAIL $1: $2"; failed=$((failed + 1)); }

# ONLY=regex runs just the tests whose name (host/<program>, qemu/<case>)
# matches: `make check ONLY=qemu/shell` while working on one area.
export ONLY=${ONLY:-}

# Host tests print their own PASS/FAIL lines; count them, and count a
# crash (sanitizer report, no summary) as one failure.
run_host() {
	local t=$1 log=$LOGS/host-$1.log
	DTB_DIR=$B/host/dtb "$B/host/$t" > "$log" 2>&1
	local rc=$?
	local p f
	p=$(grep -c '^PASS ' "$log")
	f=$(grep -c '^FAIL ' "$log")
	grep -E '^(PASS|FAIL) ' "$log" | sed "s/^\(PASS\|FAIL\) /\1 host\/$t\//"
	passed=$((passed + p))
	failed=$((failed + f))
	if [ $rc -ne 0 ] && [ "$f" -eq 0 ]; then
		fail "host/$t" "exited with status $rc without a FAIL line (see $log)"
	fi
}

# The boundary between kernel/ and arch/ (scripts/check-layering.sh).
while IFS= read -r line; do
	case $line in
	"PASS "*) pass "${line#PASS }" ;;
	"FAIL "*) what=${line#FAIL }; fail "${what%%: *}" "${what#*: }" ;;
	esac
done <<< "$(sh scripts/check-layering.sh "$B")"

for t in $(ls $B/host 2>/dev/null); do
	[ -n "$ONLY" ] && ! [[ "host/$t" =~ $ONLY ]] && continue
	[ -x "$B/host/$t" ] && [ -f "$B/host/$t" ] && run_host "$t"
done

# shellcheck source=tests/qemu/lib.sh
. tests/qemu/lib.sh
for cases in tests/qemu/cases*.sh; do
	# shellcheck disable=SC1090
	. "$cases"
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
