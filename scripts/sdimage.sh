#!/bin/sh
# sdimage.sh [options] OUT SRC=DEST... - build a GPT disk image for U-Boot,
# laid out like StarFive's own VisionFive 2 images, whose firmware reads
# partition 3 only (bootpart=3 in StarFive's U-Boot environment):
#
#   partition 1 "spl"    2 MiB at 2 MiB, empty; type HiFive BBL, where
#                        StarFive's images keep u-boot-spl.bin.normal.out
#                        for the board's SD boot mode
#   partition 2 "uboot"  4 MiB at 4 MiB, empty; type HiFive FSBL, where they
#                        keep visionfive2_fw_payload.img (OpenSBI + U-Boot)
#   partition 3 "boot"   at 8 MiB: FAT, EFI system partition type,
#                        legacy-BIOS-bootable (the flag mainline U-Boot's
#                        distro boot and bootstd look for); holds each SRC
#                        as DEST (a path such as extlinux/extlinux.conf)
#   partition 4 "root"   ext2 (Linux filesystem data), made by mke2fs -d from
#                        a directory; the storage issue puts the file system
#                        of the library OS here
#
#   --boot-mib N    size of the boot partition (default 64)
#   --root-mib N    size of the root partition (default 64)
#   --rootdir DIR   the root's files (default: only a README saying what
#                   the partition is for)
#
# No root, loop devices or mounts: each file system is made in its own
# file with mkfs.vfat/mtools and mke2fs -d, then copied into the GPT that
# sfdisk wrote into OUT.  Partitions start on 1 MiB boundaries; the two
# placeholders stay holes (zeros) in the file.
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

case "$boot_mib$root_mib" in
*[!0-9]*) echo "sdimage.sh: --boot-mib and --root-mib take a number of MiB" >&2; exit 2 ;;
esac
[ "$boot_mib" -ge 8 ] && [ "$root_mib" -ge 1 ] ||
	{ echo "sdimage.sh: the boot partition needs 8 MiB at least, the root 1" >&2; exit 2; }

# Type GUIDs: StarFive's genimage-vf2.cfg for the loaders, the UEFI
# specification's EFI system partition, Linux filesystem data.
SPL_TYPE=2E54B353-1271-4842-806F-E436D6AF6985
FW_TYPE=5B193300-FC78-40CD-8002-E86C45580B47
ESP_TYPE=C12A7328-F81F-11D2-BA4B-00A0C93EC93B
LINUX_DATA_TYPE=0FC63DAF-8483-4772-8E79-3D69D8477DE4
MIB_SECTORS=2048
spl_start=$((2 * MIB_SECTORS)) spl_sectors=$((2 * MIB_SECTORS))
fw_start=$((4 * MIB_SECTORS)) fw_sectors=$((4 * MIB_SECTORS))
boot_start=$((8 * MIB_SECTORS))
boot_sectors=$((boot_mib * MIB_SECTORS))
root_start=$((boot_start + boot_sectors))
root_sectors=$((root_mib * MIB_SECTORS))
# One more MiB at the end for the backup GPT.
total_mib=$((8 + boot_mib + root_mib + 1))

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
start=$spl_start, size=$spl_sectors, type=$SPL_TYPE, name="spl"
start=$fw_start, size=$fw_sectors, type=$FW_TYPE, name="uboot"
start=$boot_start, size=$boot_sectors, type=$ESP_TYPE, name="boot", attrs="LegacyBIOSBootable"
start=$root_start, size=$root_sectors, type=$LINUX_DATA_TYPE, name="root"
EOF
dd if="$boot" of="$out.tmp" bs=512 seek="$boot_start" conv=notrunc,sparse status=none
dd if="$root" of="$out.tmp" bs=512 seek="$root_start" conv=notrunc,sparse status=none
mv "$out.tmp" "$out"
