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

# Job control: Ctrl-Z stops the foreground job, jobs lists it, bg runs
# it in the background, fg brings it back, Ctrl-C ends it.
ttest jobs "rv64-1 u54-4" 0 "$P
send sleep 50\r
sleep 1
send \x1a
expect Stopped
$P
send jobs\r
expect \[1\]\+ +Stopped +sleep 50
$P
send bg\r
expect \[1\] sleep 50
$P
send jobs\r
expect \[1\]\+ +Running +sleep 50
$P
send fg\r
expect sleep 50
sleep 0.5
send \x03
$P
send echo st \$?\r
expect st 130
$P
send exit\r" -- 'exos: init exited with status 0'

# The line editor: up-arrow history, tab completion of a command and of
# a file name, a 2,000-character line.
LONG=$(printf 'x%.0s' $(seq 2000))
ttest line-editing "rv64-1 u54-4" 0 "$P
send echo first one\r
expect first one
$P
send \x1b[A\r
expect first one(\x1b\[J)?\r?\nfirst one
$P
send ech\t hi\r
expect \nhi\r?\n
$P
send cat /etc/pas\t\r
expect root:x:0:0
$P
send echo $LONG | wc -c\r
expect 2001
$P
send exit\r" -- 'exos: init exited with status 0'

# vi opens a file, takes an edit, saves it; top refreshes and quits on q.
ttest vi-top "rv64-1 u54-4" 0 "$P
send vi /tmp/v.txt\r
sleep 1
send ihello from vi\x1b
sleep 0.3
send :wq\r
$P
send cat /tmp/v.txt\r
expect hello from vi
$P
send top -d 1\r
expect Mem:
expect PID
sleep 1.5
send q
$P
send exit\r" -- 'exos: init exited with status 0'

# Hostile input at the shell and at cat: every byte 1-31 and 127-255
# (Ctrl-C and Ctrl-Z left out: they are keys that act, tested above),
# then a flood while nothing reads.  Nothing crashes; the shell answers.
HOSTILE=$(python3 -c 'print("".join("\\\\x%02x" % b for b in list(range(1, 32)) + list(range(127, 256)) if b not in (3, 4, 10, 13, 26, 28)))')
ttest hostile-input "rv64-1 u54-4" 0 "$P
send $HOSTILE\r
$P
send cat > /dev/null\r
sleep 0.3
send $HOSTILE\r
send \x04
$P
send sleep 2\r
sendraw $(printf 'flood%.0s' $(seq 400))\r
$P
send echo alive\r
expect alive
$P
send exit\r" -- '!KERNEL FAULT' '!Segmentation fault' 'exos: init exited with status 0'

# BusyBox's own test suite, run inside exos by ash (make busybox-test
# runs it all): a fast subset of applets whose every case passes.
qtest busybox-suite rv64-1 0 build/Image --mem 512M --timeout 240 \
	--initrd build/bbtest/initrd.cpio \
	--append "run=/exos/bbtest.sh bbtest=echo,basename,dirname,head,pwd,seq,tr,awk,sort" -- \
	'^bbtest: echo pass 11 fail 0' '^bbtest: total pass [0-9]+ fail 0 ' \
	'exos: init exited with status 0'

# The time of day comes from the device tree's RTC (QEMU virt's
# goldfish-rtc, read by the kernel at boot and exported): not 1970.
ttest time-of-day rv64-1 0 "$P
send date +%Y; touch /tmp/t; ls -l --full-time /tmp/t | grep -c 1970\r
expect (\n|^)20[2-9][0-9]\r?\n0\r?\n
$P
send exit 0\r" -- 'exos: init exited with status 0'
