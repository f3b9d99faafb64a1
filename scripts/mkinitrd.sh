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
(cd "$stage" && find bin etc | LC_ALL=C sort | cpio --quiet -o -H newc) > "$out.tmp"
mv "$out.tmp" "$out"
