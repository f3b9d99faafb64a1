#!/bin/sh
# uboot-config.sh KIND [--fdt NAME] [--initrd NAME] [--append ARGS] - print a
# U-Boot boot configuration for the exos kernel, a file named Image.
#
#   KIND extlinux  extlinux/extlinux.conf for sysboot: mainline U-Boot's
#                  distro boot and bootstd, and StarFive's own firmware
#                  (sysboot ... fat ... /extlinux/extlinux.conf), read it
#   KIND bootcmd   the source of boot.scr, which mainline distro boot runs
#                  when there is no extlinux.conf (mkimage -T script
#                  compiles it)
#   KIND tftpcmd   the source of boot.scr.uimg for a TFTP server: fetched
#                  after DHCP (by distro boot's network target where the
#                  firmware has one, else by hand), it fetches the rest
#   --fdt NAME     boot with the device tree NAME from the same place as the
#                  kernel; extlinux.conf keeps a second entry that boots
#                  with the tree U-Boot itself runs on (mainline U-Boot
#                  only: StarFive's sets no fdt_addr for it to fall back on)
#   --initrd NAME  the boot archive NAME, from the same place, loaded at
#                  ${ramdisk_addr_r}; U-Boot writes linux,initrd-start/-end
#                  into /chosen
#   --append ARGS  kernel command line (/chosen/bootargs)
#
# Without --fdt the kernel gets U-Boot's own device tree (${fdtcontroladdr});
# on QEMU that is QEMU's, with OpenSBI's reservations.  With one, U-Boot
# still copies OpenSBI's /reserved-memory into it before booti.
set -eu
kind=${1:?usage: uboot-config.sh extlinux|bootcmd|tftpcmd [--fdt NAME] [--initrd NAME] [--append ARGS]}
shift
fdt="" initrd="" append=""
while [ $# -gt 1 ]; do
	case "$1" in
	--fdt) fdt=$2; shift 2 ;;
	--initrd) initrd=$2; shift 2 ;;
	--append) append=$2; shift 2 ;;
	*) echo "uboot-config.sh: unknown option $1" >&2; exit 2 ;;
	esac
done
[ $# -eq 0 ] || { echo "uboot-config.sh: stray argument $1" >&2; exit 2; }

# One extlinux entry: $1 label, $2 menu text, $3 device tree or "".
extlinux_entry() {
	echo
	echo "label $1"
	[ -n "$fdt" ] && echo "	menu label $2"
	echo "	kernel /Image"
	[ -n "$initrd" ] && echo "	initrd /$initrd"
	[ -n "$3" ] && echo "	fdt /$3"
	[ -n "$append" ] && echo "	append $append"
	return 0
}

extlinux() {
	echo "# extlinux.conf - exos for U-Boot's sysboot (scripts/uboot-config.sh)"
	echo "default exos"
	if [ -n "$fdt" ]; then
		# A menu: the first entry boots after 3 s unless another is chosen.
		echo "menu title exos"
		echo "prompt 1"
		echo "timeout 30"
	fi
	extlinux_entry exos "exos, device tree /$fdt" "$fdt"
	[ -z "$fdt" ] ||
		extlinux_entry exos-board-dt "exos, U-Boot's own device tree (mainline U-Boot only)" ""
}

# setenv bootargs, the device tree and the boot archive, and booti; $1
# loads a file to an address ("load ${devtype} ..." or "tftpboot").  The
# archive is loaded last: booti takes its size from ${filesize}.
bootargs_and_booti() {
	if [ -n "$append" ]; then
		echo "setenv bootargs \"$append\""
	else
		echo "setenv bootargs"
	fi
	tree='${fdtcontroladdr}' rd=-
	if [ -n "$fdt" ]; then
		echo "$1 \${fdt_addr_r} $fdt"
		tree='${fdt_addr_r}'
	fi
	if [ -n "$initrd" ]; then
		echo "$1 \${ramdisk_addr_r} $initrd"
		rd='${ramdisk_addr_r}:${filesize}'
	fi
	echo "booti \${kernel_addr_r} $rd $tree"
}

bootcmd() {
	cat <<'EOF2'
# boot.scr - exos for U-Boot (scripts/uboot-config.sh; compiled with
# mkimage -A riscv -O linux -T script -C none -d boot.cmd boot.scr).
# Distro boot sets devtype, devnum and distro_bootpart; run by hand
# ("load mmc 1:3 ${scriptaddr} boot.scr; source ${scriptaddr}") it
# reads partition 3 of mmc 1, the VisionFive 2's SD card.
if test -z "${devtype}"; then setenv devtype mmc; setenv devnum 1; setenv distro_bootpart 3; fi
echo "exos: loading /Image from ${devtype} ${devnum}:${distro_bootpart}"
load ${devtype} ${devnum}:${distro_bootpart} ${kernel_addr_r} /Image
EOF2
	bootargs_and_booti 'load ${devtype} ${devnum}:${distro_bootpart}'
}

tftpcmd() {
	cat <<'EOF2'
# boot.scr.uimg - exos over TFTP (scripts/uboot-config.sh).  Mainline
# U-Boot's distro boot runs "dhcp ${scriptaddr} ${boot_script_dhcp}" and
# then this when boot_script_dhcp is boot.scr.uimg; by hand:
# setenv autoload no; dhcp; tftpboot ${scriptaddr} boot.scr.uimg;
# source ${scriptaddr}
echo "exos: loading Image over TFTP from ${serverip}"
tftpboot ${kernel_addr_r} Image
EOF2
	bootargs_and_booti tftpboot
}

case "$kind" in
extlinux) extlinux ;;
bootcmd) bootcmd ;;
tftpcmd) tftpcmd ;;
*) echo "uboot-config.sh: unknown kind $kind" >&2; exit 2 ;;
esac
