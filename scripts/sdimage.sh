#!/bin/sh
# sdimage.sh [options] OUT SRC=DEST... - build a GPT disk image for U-Boot:
#
#   partition 1 "boot"  FAT, EFI system partition type, legacy-BIOS-bootable
#                       (the flag U-Boot's distro boot looks for); holds each
#                       SRC as DEST (a path such as extlinux/extlinux.conf)
#   partition 2 "root"  ext2 (Linux filesystem data), made by mke2fs -d from
#                       a directory; the storage issue puts the file system
#                       of the library OS here
#
#   --boot-mib N    size of the boot partition (default 64)
#   --root-mib N    size of the root partition (default 64)
#   --rootdir DIR   the root's files (default: only a README saying what
#                   the partition is for)
#
# No root, loop devices or mounts: each file system is made in its own
# file with mkfs.vfat/mtools and mke2fs -d, then copied into the GPT that
# sfdisk wrote into OUT.  Partitions start on 1 MiB boundaries.
set -eu
boot_mib=64 root_mib=64 rootdir=""
while [ $# -gt 0 ]; do
	case "$1" in
	--boot-mib) boot_mib=$2; shift 2 ;;
	--root-mib) root_mib=$2; shift 2 ;;
	--rootdir) rootdir=$2; shift 2 ;;
	--*) echo "sdimage.sh: unknown option $1" >&2; exit 2 ;;
	*) break ;;
	esac
done
out=${1:?usage: sdimage.sh [options] OUT SRC=DEST...}
shift

ESP_TYPE=C12A7328-F81F-11D2-BA4B-00A0C93EC93B
LINUX_DATA_TYPE=0FC63DAF-8483-4772-8E79-3D69D8477DE4
MIB_SECTORS=2048
boot_start=$MIB_SECTORS
boot_sectors=$((boot_mib * MIB_SECTORS))
root_start=$((boot_start + boot_sectors))
root_sectors=$((root_mib * MIB_SECTORS))
# One more MiB at the end for the backup GPT.
total_mib=$((1 + boot_mib + root_mib + 1))

tmp=$(mktemp -d "${TMPDIR:-/tmp}/sdimage.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# The boot partition: FAT (mkfs.vfat picks FAT16 or FAT32 by size).
boot=$tmp/boot.img
truncate -s "${boot_mib}M" "$boot"
mkfs.vfat -n BOOT "$boot" > /dev/null
export MTOOLS_SKIP_CHECK=1
for spec in "$@"; do
	src=${spec%%=*} dest=${spec#*=}
	[ -f "$src" ] || { echo "sdimage.sh: no file $src" >&2; exit 1; }
	dir=$(dirname "$dest") sofar=""
	for part in $(echo "$dir" | tr / ' '); do
		[ "$part" = . ] && continue
		sofar=$sofar/$part
		mmd -i "$boot" "::$sofar" 2>/dev/null || true
	done
	mcopy -o -i "$boot" "$src" "::/$dest"
done

# The root partition: ext2 from a directory.
if [ -z "$rootdir" ]; then
	rootdir=$tmp/root
	mkdir "$rootdir"
	cat > "$rootdir/README" <<'EOF'
This is the root partition of an exos SD card image (scripts/sdimage.sh).

exos is an exokernel: the kernel only protects the disk blocks of this
ext2 file system; the library operating system linked into each program
reads and writes them.  Programs and data for the board go here.
EOF
fi
root=$tmp/root.img
truncate -s "${root_mib}M" "$root"
mke2fs -q -F -t ext2 -L root -d "$rootdir" "$root"

# The GPT, then the two file systems copied into place (holes stay holes).
rm -f "$out.tmp"
truncate -s "${total_mib}M" "$out.tmp"
sfdisk -q "$out.tmp" <<EOF
label: gpt
first-lba: $MIB_SECTORS
start=$boot_start, size=$boot_sectors, type=$ESP_TYPE, name="boot", attrs="LegacyBIOSBootable"
start=$root_start, size=$root_sectors, type=$LINUX_DATA_TYPE, name="root"
EOF
dd if="$boot" of="$out.tmp" bs=512 seek="$boot_start" conv=notrunc,sparse status=none
dd if="$root" of="$out.tmp" bs=512 seek="$root_start" conv=notrunc,sparse status=none
mv "$out.tmp" "$out"
