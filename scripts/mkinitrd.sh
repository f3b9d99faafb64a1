#!/bin/sh
# mkinitrd.sh OUT.cpio PROG.elf... - the boot archive: each program as
# bin/<name> (its file name without .elf) and etc/motd, in cpio newc.
set -eu
out=$1
shift
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/bin" "$stage/etc"
for p in "$@"; do
	cp "$p" "$stage/bin/$(basename "$p" .elf)"
done
echo "exos boot archive" > "$stage/etc/motd"
(cd "$stage" && find bin etc | LC_ALL=C sort | cpio --quiet -o -H newc) > "$out.tmp"
mv "$out.tmp" "$out"
