# lib.sh - the QEMU integration test helpers check.sh sources.
#
# qtest NAME PROFILES EXIT IMAGE [RUN-OPTIONS...] -- PATTERN...
#   Boots IMAGE (build/img/<IMAGE>.Image, or a path) with
#   scripts/qemu-run.sh on each profile in PROFILES, expects QEMU's exit
#   status EXIT, each extended-regex PATTERN to match some line of the
#   console output, and no line starting with "FAIL".  In patterns,
#   $SMP is the hart count and $TIMER "sstc" or "sbi" for the profile.
#   Profiles: rv64-N and u54-N (QEMU virt with N harts, CPU rv64 or
#   sifive-u54), or "all" for rv64-1 rv64-4 u54-1 u54-4; fu540-N is QEMU's
#   sifive_u with N harts (hart 0 the E51, without an MMU): it cannot power
#   off, so the run ends at the kernel's last word (FU540_END; a test may
#   pass its own --until) and EXIT is then 0.  One-hart runs use -icount;
#   the option --icount-exact makes them replay exactly (idle time passes
#   at once; scripts/qemu-run.sh), and is dropped for several harts.
#   A PATTERN starting with '!' must NOT match any line.

ALL_PROFILES="rv64-1 rv64-4 u54-1 u54-4"
FU540_END='^exos: (init exited|init killed|boot failed)|^KERNEL FAULT|^kernel panic'

qtest_one() {
	local name=$1 profile=$2 want=$3 image=$4
	shift 4
	local opts=() pats=()
	while [ $# -gt 0 ] && [ "$1" != "--" ]; do opts+=("$1"); shift; done
	[ $# -gt 0 ] && shift
	pats=("$@")
	local cpu=${profile%-*} SMP=${profile#*-} TIMER=sstc
	local mem=128M machine=(--machine virt)
	[ "$SMP" -gt 1 ] && mem=256M
	case $cpu in
	u54) cpu=sifive-u54 TIMER=sbi ;;
	fu540) TIMER=sbi mem=256M machine=(--machine sifive_u --until "$FU540_END") ;;
	esac
	local img=$image
	[ -f "$img" ] || img=build/img/$image.Image
	local log=$LOGS/$name-$profile.log
	# One hart runs under -icount: guest time follows guest instructions,
	# so time slices and grace periods do not depend on how fast TCG
	# translates on the host.  (QEMU 7.2 stalls with -icount and several
	# harts, so those run in real time.)
	local icount=()
	[ "$SMP" -eq 1 ] && icount=(--icount)
	# --icount-exact (a run that must replay exactly): one hart only.
	local o kept=()
	for o in "${opts[@]}"; do
		if [ "$o" = --icount-exact ]; then
			icount=()
			[ "$SMP" -eq 1 ] && icount=(--icount-exact)
		else
			kept+=("$o")
		fi
	done
	opts=("${kept[@]}")
	# In real time the host may deschedule a hart's thread for many
	# milliseconds: give slice-end upcalls a longer grace there, and
	# envs asked to give pages back longer to answer (added to the
	# test's own command line, unless it sets them itself).
	local grace=()
	if [ "$SMP" -gt 1 ]; then
		local rt="grace_ms=20 revoke_ms=500" i
		for ((i = 0; i < ${#opts[@]}; i++)); do
			if [ "${opts[$i]}" = --append ]; then
				case " ${opts[$((i + 1))]} " in *" grace_ms="*) rt="" ;; esac
				[ -n "$rt" ] && opts[$((i + 1))]="${opts[$((i + 1))]} $rt"
				rt=""
			fi
		done
		[ -n "$rt" ] && grace=(--append "$rt")
	fi
	scripts/qemu-run.sh "${machine[@]}" --cpu "$cpu" --smp "$SMP" --mem "$mem" \
		"${icount[@]}" "${grace[@]}" --log "$log" "${opts[@]}" "$img"
	local rc=$?
	local tn="qemu/$name/$profile"
	if [ $rc -eq 124 ]; then
		fail "$tn" "timed out (log $log)"
		return
	fi
	if [ $rc -ne "$want" ]; then
		fail "$tn" "exit status $rc, want $want (log $log)"
		return
	fi
	if grep -q '^FAIL' "$log"; then
		fail "$tn" "$(grep -m1 '^FAIL' "$log") (log $log)"
		return
	fi
	local p
	for p in "${pats[@]}"; do
		p=$(eval "printf '%s' \"$p\"")
		if [ "${p:0:1}" = "!" ]; then
			if grep -Eq -- "${p:1}" "$log"; then
				fail "$tn" "output matches '${p:1}' (log $log)"
				return
			fi
		elif ! grep -Eq -- "$p" "$log"; then
			fail "$tn" "no line matches '$p' (log $log)"
			return
		fi
	done
	pass "$tn"
}

qtest() {
	local name=$1 profiles=$2
	shift 2
	# ONLY=regex (scripts/check.sh): run just the tests whose name matches.
	[ -n "${ONLY:-}" ] && ! [[ "qemu/$name" =~ $ONLY ]] && return
	[ "$profiles" = all ] && profiles=$ALL_PROFILES
	local pr
	for pr in $profiles; do
		qtest_one "$name" "$pr" "$@"
	done
}
