#!/bin/sh
# deps.sh - install the Debian packages the build and tests need, if any
# is missing.  Idempotent; quiet when everything is there.
set -eu
pkgs="gcc-riscv64-unknown-elf picolibc-riscv64-unknown-elf qemu-system-misc opensbi
device-tree-compiler e2fsprogs cpio gdb-multiarch libfdt-dev u-boot-qemu u-boot-tools mtools dosfstools fdisk gcc make
python3 qemu-user dpkg-dev check"
missing=""
for p in $pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "deps.sh: installing$missing"
if [ "$(id -u)" -eq 0 ]; then
	sudo=""
else
	sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
# shellcheck disable=SC2086
$sudo apt-get install -y -qq --no-install-recommends $missing
