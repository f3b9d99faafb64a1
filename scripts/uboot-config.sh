#!/bin/sh
# uboot-config.sh KIND [--fdt NAME] [--append ARGS] - print a U-Boot boot
# configuration for the exos kernel, a file named Image.
#
#   KIND extlinux  extlinux/extlinux.conf for U-Boot's distro boot
#                  (doc/develop/distro.rst in U-Boot's tree)
#   KIND bootcmd   the source of boot.scr, which distro boot runs when
#                  there is no extlinux.conf (mkimage -T script compiles it)
#   KIND tftpcmd   the source of boot.scr.uimg for a TFTP server: distro
#                  boot's network target fetches it after DHCP, and it
#                  fetches the rest over TFTP
#   --fdt NAME     boot with the device tree NAME from the same place as the
#                  kernel; extlinux.conf keeps a second entry that boots
#                  with the tree U-Boot itself runs on
#   --append ARGS  kernel command line (/chosen/bootargs)
#
# Without --fdt the kernel gets U-Boot's own device tree (${fdtcontroladdr});
# on QEMU that is QEMU's, with OpenSBI's reservations.  With one, U-Boot
# still copies OpenSBI's /reserved-memory into it before booti.
set -eu
kind=${1:?usage: uboot-config.sh extlinux|bootcmd|tftpcmd [--fdt NAME] [--append ARGS]}
shift
fdt="" append=""
while [ $# -gt 1 ]; do
	case "$1" in
	--fdt) fdt=$2; shift 2 ;;
	--append) append=$2; shift 2 ;;
	*) echo "uboot-config.sh: unknown option $1" >&2; exit 2 ;;
	esac
done
[ $# -eq 0 ] || { echo "uboot-config.sh: stray argument $1" >&2; exit 2; }

extlinux() {
	echo "# extlinux.conf - exos for U-Boot's distro boot (scripts/uboot-config.sh)"
	echo "default exos"
	if [ -n "$fdt" ]; then
		# A menu: the first entry boots after 3 s unless another is chosen.
		echo "menu title exos"
		echo "prompt 1"
		echo "timeout 30"
	fi
	echo
	echo "label exos"
	[ -n "$fdt" ] && echo "	menu label exos, device tree /$fdt"
	echo "	kernel /Image"
	[ -n "$fdt" ] && echo "	fdt /$fdt"
	[ -n "$append" ] && echo "	append $append"
	if [ -n "$fdt" ]; then
		echo
		echo "label exos-board-dt"
		echo "	menu label exos, U-Boot's own device tree"
		echo "	kernel /Image"
		[ -n "$append" ] && echo "	append $append"
	fi
	return 0
}

# setenv bootargs, and booti with the device tree; $1 loads a file to an
# address ("load ${devtype} ..." or "tftpboot").
bootargs_and_booti() {
	if [ -n "$append" ]; then
		echo "setenv bootargs \"$append\""
	else
		echo "setenv bootargs"
	fi
	if [ -n "$fdt" ]; then
		echo "$1 \${fdt_addr_r} $fdt"
		echo "booti \${kernel_addr_r} - \${fdt_addr_r}"
	else
		echo "booti \${kernel_addr_r} - \${fdtcontroladdr}"
	fi
}

bootcmd() {
	cat <<'EOF'
# boot.scr - exos for U-Boot (scripts/uboot-config.sh; compiled with
# mkimage -A riscv -O linux -T script -C none -d boot.cmd boot.scr).
# Distro boot sets devtype, devnum and distro_bootpart; run by hand
# ("load mmc 1:1 ${scriptaddr} boot.scr; source ${scriptaddr}") it
# reads partition 1 of mmc 1, the VisionFive 2's SD card.
if test -z "${devtype}"; then setenv devtype mmc; setenv devnum 1; setenv distro_bootpart 1; fi
echo "exos: loading /Image from ${devtype} ${devnum}:${distro_bootpart}"
load ${devtype} ${devnum}:${distro_bootpart} ${kernel_addr_r} /Image
EOF
	bootargs_and_booti 'load ${devtype} ${devnum}:${distro_bootpart}'
}

tftpcmd() {
	cat <<'EOF'
# boot.scr.uimg - exos over TFTP (scripts/uboot-config.sh).  U-Boot's
# distro boot runs "dhcp ${scriptaddr} boot.scr.uimg" and then this; by
# hand: setenv autoload no; dhcp; tftpboot ${scriptaddr} boot.scr.uimg;
# source ${scriptaddr}
echo "exos: loading Image over TFTP from ${serverip}"
tftpboot ${kernel_addr_r} Image
EOF
	bootargs_and_booti tftpboot
}

case "$kind" in
extlinux) extlinux ;;
bootcmd) bootcmd ;;
tftpcmd) tftpcmd ;;
*) echo "uboot-config.sh: unknown kind $kind" >&2; exit 2 ;;
esac
