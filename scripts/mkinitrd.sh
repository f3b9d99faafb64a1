#!/bin/sh
# mkinitrd.sh [-l LINKS] [-x DIR] OUT.cpio PROG.elf... - the boot archive, in
# cpio newc: BusyBox as bin/busybox and, with -l, a symbolic link
# bin/<applet> -> busybox for each path in LINKS (BusyBox's
# busybox.links), so that /bin is what a user expects; every other
# program (ours: init, bench, pong, the t_* tests, which use libexos
# directly) as exos/<name> (its file name without .elf); etc/passwd,
# etc/group, etc/shells, etc/motd, and the mount points dev and proc;
# with -x, everything under DIR as well (the test suite's archive).
set -eu
links="" extra=""
while [ "$1" = "-l" ] || [ "$1" = "-x" ]; do
	[ "$1" = "-l" ] && links=$2
	[ "$1" = "-x" ] && extra=$2
	shift 2
done
out=$1
shift
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/bin" "$stage/exos" "$stage/etc" "$stage/dev" "$stage/proc"
for p in "$@"; do
	name=$(basename "$p" .elf)
	if [ "$name" = busybox ]; then
		cp "$p" "$stage/bin/busybox"
	else
		cp "$p" "$stage/exos/$name"
	fi
done
if [ -n "$links" ]; then
	while read -r path; do
		name=$(basename "$path")
		[ -e "$stage/bin/$name" ] || ln -s busybox "$stage/bin/$name"
	done < "$links"
fi
echo "exos boot archive" > "$stage/etc/motd"
# The shell_script benchmark's workload and its expected output.
here=$(dirname "$0")/..
cp "$here/userland/bench/shell/shell_script.sh" "$here/userland/bench/shell/shell_script.expected" \
	"$stage/exos/"
printf 'root:x:0:0:root:/:/bin/sh\n' > "$stage/etc/passwd"
printf 'root:x:0:\n' > "$stage/etc/group"
printf '/bin/sh\n/bin/ash\n' > "$stage/etc/shells"
# Hostile programs for the exec tests (userland/tests/t_exec.c): an ELF
# cut short inside its program headers, and one whose program headers
# point past the end of the file.
mkdir -p "$stage/etc/bad"
head -c 100 "$1" > "$stage/etc/bad/truncated"
python3 - "$1" "$stage/etc/bad/phoff" <<'PY'
import sys
b = bytearray(open(sys.argv[1], 'rb').read(4096))
b[32:40] = (1 << 40).to_bytes(8, 'little')   # e_phoff far past the end
open(sys.argv[2], 'wb').write(bytes(b))
PY
tops="bin exos etc dev proc"
if [ -n "$extra" ]; then
	cp -a "$extra"/. "$stage"/
	tops="$tops $(cd "$extra" && ls | grep -vxE 'bin|exos|etc|dev|proc' | tr '\n' ' ')"
fi
# shellcheck disable=SC2086
(cd "$stage" && find $tops | LC_ALL=C sort | cpio --quiet -o -H newc) > "$out.tmp"
mv "$out.tmp" "$out"
