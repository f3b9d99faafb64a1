# cases-unix.sh - the UNIX userland on the console: BusyBox's ash as a
# person meets it (typed keys, the screen read back, tests/qemu/term.py),
# the terminal's line discipline, signals and job control.
#
# ttest NAME PROFILES EXIT SCRIPT [-- PATTERN...]
#   Boots the system (build/Image with the boot archive) on each profile,
#   runs term.py SCRIPT against its console, expects QEMU's exit status
#   EXIT, each extended-regex PATTERN to match a line of the screen (a
#   leading '!': to match none), and no line starting with "FAIL".

ttest_one() {
	local name=$1 profile=$2 want=$3 script=$4
	shift 4
	[ "${1:-}" = "--" ] && shift
	local cpu=${profile%-*} smp=${profile#*-} mem=128M
	[ "$cpu" = u54 ] && cpu=sifive-u54
	[ "$smp" -gt 1 ] && mem=256M
	local log=$LOGS/$name-$profile.log tn="qemu/$name/$profile" out
	local rt=()
	[ "$smp" -gt 1 ] && rt=(--append "grace_ms=20 revoke_ms=500")
	out=$(python3 tests/qemu/term.py --log "$log" --timeout 120 --cpu "$cpu" --smp "$smp" \
		--mem "$mem" "${rt[@]}" --initrd build/initrd.cpio build/Image -- "$script")
	local rc=$?
	if [ $rc -ne "$want" ]; then
		fail "$tn" "exit status $rc, want $want: $(printf '%s' "$out" | tail -n 3 | tr '\n' ' ') (log $log)"
		return
	fi
	tr -d '\r' < "$log" > "$log.txt"
	if grep -q '^FAIL' "$log.txt"; then
		fail "$tn" "$(grep -m1 '^FAIL' "$log.txt") (log $log)"
		return
	fi
	local p
	for p in "$@"; do
		if [ "${p:0:1}" = "!" ]; then
			if grep -Eq -- "${p:1}" "$log.txt"; then
				fail "$tn" "output matches '${p:1}' (log $log)"
				return
			fi
		elif ! grep -Eq -- "$p" "$log.txt"; then
			fail "$tn" "no line matches '$p' (log $log)"
			return
		fi
	done
	pass "$tn"
}

ttest() {
	local name=$1 profiles=$2
	shift 2
	[ -n "${ONLY:-}" ] && ! [[ "qemu/$name" =~ $ONLY ]] && return
	local pr
	for pr in $profiles; do
		ttest_one "$name" "$pr" "$@"
	done
}

# The prompt of root's login shell in /.
P='expect [~/][^\n]*# $'

# ash runs programs, builtins and pipelines; $? and exit statuses; a
# missing command; a redirection into the read-only archive; exit's
# status ends the machine.
ttest shell "rv64-1 u54-4" 3 "$P
send echo hello world\r
expect hello world
$P
send true && echo yes; false || echo no; echo \$?\r
expect yes\r?\nno\r?\n0
$P
send nonesuch\r
expect nonesuch: not found
$P
send echo a b | cat | wc\r
expect \s+1\s+2\s+4
$P
send cat /etc/motd; echo x > /etc/f\r
expect exos boot archive
expect can't create /etc/f: Read-only file system
$P
send exit 3\r" -- 'exos: init exited with status 3'

# The terminal: cat reads typed lines (echoed as typed) until Ctrl-D;
# Ctrl-C during sleep 100 returns to a prompt at once with status 130.
ttest terminal "rv64-1 u54-4" 0 "$P
send cat\r
sleep 0.3
send line one\r
expect line one\r?\nline one
send second line\r
expect second line\r?\nsecond line
send \x04
$P
send sleep 100\r
sleep 1
send \x03
$P
send echo status \$?\r
expect status 130
$P
send exit\r" -- '^\^C$' 'exos: init exited with status 0'

# Files and directories of /tmp with BusyBox's tools: cd, pwd,
# redirections, wc, head, ls.
ttest shell-files "rv64-1 u54-4" 4 "$P
send cd /tmp; echo hi > x; cat < x; echo more >> x; pwd\r
expect hi\r?\n/tmp
$P
send wc -l x; head -n 1 x /etc/motd\r
expect 2 x
expect ==> /etc/motd <==
$P
send ls /tmp; cd /etc/motd\r
expect x
expect cd: can't cd to /etc/motd
$P
send exit 4\r" -- 'exos: init exited with status 4'
