# cases-boards.sh - boards: the U-Boot boot flow, the SD card image, QEMU's
# sifive_u machine, hostile boot input and closed counters (sourced by
# scripts/check.sh like every tests/qemu/cases*.sh; qtest is in lib.sh).

UBOOT=/usr/lib/u-boot/qemu-riscv64_smode/uboot.elf
GEN=build/test-dts      # what these tests make: device trees, gdb scripts
mkdir -p "$GEN"

# ---------------------------------------------------------------- U-Boot
# OpenSBI -> U-Boot -> the boot configuration on a GPT disk laid out like
# the SD card (scripts/sdimage.sh: FAT boot partition 3) -> booti of
# build/Image with the boot archive -> the shell.  Each run types a
# command at the shell once init is up, and the shell's exit status ends
# QEMU: the card's archive really reached the shell.
SHELL_IN=(--input-on '^init: hello from user space' 'cat /etc/motd; exit 3\r')
SHELL_OUT=('^exos boot archive$' 'exos: init exited with status 3')
# U-Boot's prompt: a key stops autoboot once the console is up (the key
# itself is eaten by the countdown), then the commands follow.  "boot"
# runs the boot command the countdown would have: under -icount its 2 s
# are 2e9 guest instructions, a minute of a loaded host's time.
UBOOT_PROMPT='^Net:'
UBOOT_BOOT=(--timeout 60 --input-on "$UBOOT_PROMPT" '\rboot\r')

# Mainline U-Boot as it leaves Debian: distro boot scans the disk, picks
# the partition with the legacy-BIOS-bootable flag (3) and runs its
# extlinux.conf, which has no fdt line: the kernel runs on the tree U-Boot
# hands over, QEMU's own (256 MiB, every hart, OpenSBI's reservation).
# U-Boot also lists the initrd in the reservation block; the kernel keeps
# the initrd itself and does not report that as reserved.
qtest uboot-extlinux "rv64-2 u54-1" 3 "$UBOOT" --mem 256M --disk build/uboot/extlinux.img \
	"${UBOOT_BOOT[@]}" "${SHELL_IN[@]}" -- \
	'^Scanning virtio 0:3\.\.\.$' '^Found /extlinux/extlinux.conf' \
	'^Retrieving file: /initrd.cpio' '^Retrieving file: /Image' '^Starting kernel' \
	'memory +\[80000000-90000000\) 256 MiB' 'reserved +\[80000000-80080000\)' \
	'initrd +\[8c300000-[0-9a-f]+\) [0-9]+ KiB' '!reserved +\[8c300000' \
	'entropy +/chosen/rng-seed \([0-9]+ bytes\)$' \
	'timer via $TIMER' 'exos: $SMP harts online' 'init: hello from user space' "${SHELL_OUT[@]}"

# The SD card image's menu, unattended (default entry after 3 s, fdt from
# the disk; in real time, as U-Boot polls through those 3 s, and under
# -icount 3 s of guest instructions take a minute of a loaded host's
# time): the kernel sees dts/qemu-virt.dts (for 256 MiB: mk/boards.mk)
# plus the OpenSBI reservation that U-Boot copies into it, as on the
# VisionFive 2.  That tree has no seed at all: the banner and init say so,
# and getentropy fails with ENOSYS.  One hart: the tree names only hart 0, and with more
# OpenSBI may boot on another.
qtest uboot-fdtfile rv64-1 3 "$UBOOT" --mem 256M --no-icount --timeout 60 --disk build/uboot/fdtfile.img \
	--input-on '^init: hello from user space' '/exos/t_entropy none; cat /etc/motd; exit 3\r' -- \
	'^1:.*exos, device tree /qemu-virt-256m.dtb' '^2:.*U-Boot.s own device tree \(mainline U-Boot only\)' \
	'^Retrieving file: /qemu-virt-256m.dtb' \
	'memory +\[80000000-90000000\) 256 MiB' 'reserved +\[80000000-80080000\)' \
	'^  entropy  none: no /chosen/rng-seed or kaslr-seed, getentropy fails$' \
	'^init: the device tree has no /chosen/rng-seed or kaslr-seed: getentropy fails \(ENOSYS\)$' \
	'^t_entropy none: 0 failures$' 'exos: 1 harts online' "${SHELL_OUT[@]}"

# No extlinux.conf: distro boot runs boot.scr, which loads the archive
# last so that booti takes its size from ${filesize}.
qtest uboot-bootscr rv64-1 3 "$UBOOT" --mem 256M --disk build/uboot/bootscr.img \
	"${UBOOT_BOOT[@]}" "${SHELL_IN[@]}" -- \
	'^Found U-Boot script /boot.scr' '^exos: loading /Image from virtio 0:3' \
	'memory +\[80000000-90000000\) 256 MiB' 'initrd +\[8c300000-' "${SHELL_OUT[@]}"

# No disk: distro boot's DHCP target fetches boot.scr.uimg from QEMU's TFTP
# server, which fetches Image and the archive (README: booting over TFTP).
qtest uboot-tftp rv64-1 3 "$UBOOT" --mem 256M --tftp build/uboot/tftp \
	"${UBOOT_BOOT[@]}" --timeout 90 "${SHELL_IN[@]}" -- \
	"^Filename 'boot.scr.uimg'" '^exos: loading Image over TFTP from 10.0.2.2' \
	"^Filename 'Image'" "^Filename 'initrd.cpio'" 'initrd +\[' "${SHELL_OUT[@]}"

# StarFive's firmware, as the boards leave the factory: its environment
# (include/configs/starfive-visionfive2.h in StarFive's U-Boot) boots with
# "sysboot ${bootdev} ${devnum}:${bootpart} fat ${scriptaddr}
# /${boot_syslinux_conf}", bootpart=3, and keeps the tree and the initrd
# where they were loaded (fdt_high, initrd_high all ones).  The same
# variables, with the board's addresses moved from RAM at 0x40000000 to
# QEMU's at 0x80000000, on the SD card's layout and menu (entry 1 chosen
# at the prompt).
STARFIVE_ENV='\rsetenv bootdev virtio; setenv devnum 0; setenv bootpart 3\r'
STARFIVE_ENV+='setenv boot_syslinux_conf extlinux/extlinux.conf\r'
STARFIVE_ENV+='setenv fdt_high 0xffffffffffffffff; setenv initrd_high 0xffffffffffffffff\r'
STARFIVE_ENV+='setenv kernel_addr_r 0x80200000; setenv fdt_addr_r 0x86000000\r'
STARFIVE_ENV+='setenv scriptaddr 0x83900000; setenv pxefile_addr_r 0x85900000\r'
STARFIVE_ENV+='setenv ramdisk_addr_r 0x86100000\r'
STARFIVE_ENV+="setenv bootcmd_distro 'sysboot \${bootdev} \${devnum}:\${bootpart} fat \${scriptaddr} /\${boot_syslinux_conf}'\r"
STARFIVE_ENV+="setenv bootcmd 'run bootcmd_distro'; virtio scan; boot\r"
qtest uboot-starfive rv64-1 3 "$UBOOT" --mem 256M --timeout 60 --disk build/uboot/fdtfile.img \
	--input-on "$UBOOT_PROMPT" "$STARFIVE_ENV" \
	--input-on '^2:.*U-Boot.s own device tree' '1\r' "${SHELL_IN[@]}" -- \
	'^Retrieving file: /extlinux/extlinux.conf' '^Retrieving file: /initrd.cpio' \
	'^Retrieving file: /qemu-virt-256m.dtb' \
	'memory +\[80000000-90000000\) 256 MiB' 'initrd +\[86100000-[0-9a-f]+\) [0-9]+ KiB' \
	"${SHELL_OUT[@]}"

# The README's commands by hand, with what StarFive's firmware needs and
# mainline's gives: the tree from the card (dts/qemu-virt.dts as it is)
# gets the memory U-Boot knows (StarFive's "fdt memory ${memory_addr}
# ${memory_size}", variables its board code sets: 256 MiB here, where the
# tree says 128), and the 8-byte /chosen/kaslr-seed that mainline U-Boot
# writes from a hardware RNG (set by hand here: Debian 12's U-Boot has no
# kaslrseed command), its only seed: getentropy works from it.
BYHAND='\rsetenv memory_addr 0x80000000; setenv memory_size 0x10000000; virtio scan\r'
BYHAND+='load virtio 0:3 ${kernel_addr_r} Image\r'
BYHAND+='load virtio 0:3 ${fdt_addr_r} qemu-virt.dtb\r'
BYHAND+='fdt addr ${fdt_addr_r}; fdt resize; fdt memory ${memory_addr} ${memory_size}\r'
BYHAND+='fdt set /chosen kaslr-seed <0x9e3779b9 0x7f4a7c15>\r'
BYHAND+='load virtio 0:3 ${ramdisk_addr_r} initrd.cpio\r'
BYHAND+='booti ${kernel_addr_r} ${ramdisk_addr_r}:${filesize} ${fdt_addr_r}\r'
qtest uboot-byhand rv64-1 3 "$UBOOT" --mem 256M --timeout 60 --disk build/uboot/fdtfile.img \
	--input-on "$UBOOT_PROMPT" "$BYHAND" \
	--input-on '^init: hello from user space' '/exos/t_entropy; exit 3\r' -- \
	'memory +\[80000000-90000000\) 256 MiB' '^  entropy  /chosen/kaslr-seed \(8 bytes\)$' \
	'^t_entropy: 0 failures$' 'exos: init exited with status 3'

# ---------------------------------------------------------------- sifive_u
# FU540: the E51 (hart 0, no MMU) stays with OpenSBI, the U54s run the
# kernel; sifive,uart0 console, 1 MHz timebase, no virtio, no test device.
qtest sifive-u "fu540-2 fu540-5" 0 init -- \
	'hart 0 +rv64imac.* no-mmu \(not used\), plic context -1' \
	'hart 1 +rv64imafdc.*sv(39|48), plic context 2' \
	'timebase 1000000 Hz, timer via sbi' \
	'console +/soc/serial@10010000 sifive,uart0 at 10010000 irq 4' \
	'!virtio  ' 'exos: $((SMP - 1)) harts online, timer ok' \
	'init: $((SMP - 1)) harts' 'exos: init exited with status 0'
qtest sifive-u-syscall "fu540-2 fu540-5" 0 t_syscall -- 't_syscall: 0 failures' \
	'exos: init exited with status 0'

# ---------------------------------------------------------------- hostile boot input
# Small variants of dts/qemu-virt.dts, made here with dtc.  Each stops the
# boot with one clear line; the tree still names QEMU's exit device, so
# the failure comes back as status 2.  (OpenSBI drives the UART whatever
# its status says, so its console carries the message when ours cannot.)
hostile_dtb() { # name: the variant's body from stdin -> $GEN/name.dtb
	{ echo '/include/ "qemu-virt.dts"'; cat; } > "$GEN/$1.dts"
	dtc -q -i dts -I dts -O dtb -o "$GEN/$1.dtb" "$GEN/$1.dts"
}
hostile_dtb no-console <<'EOF'
&uart0 { status = "disabled"; };
EOF
hostile_dtb no-memory <<'EOF'
/ { /delete-node/ memory@80000000; };
EOF
hostile_dtb rsv-overlap <<'EOF'
/ {
	reserved-memory {
		#address-cells = <2>;
		#size-cells = <2>;
		ranges;
		first@84000000 { reg = <0x0 0x84000000 0x0 0x100000>; };
		second@840ff000 { reg = <0x0 0x840ff000 0x0 0x2000>; };
	};
};
EOF
hostile_dtb initrd-outside <<'EOF'
&{/chosen} {
	linux,initrd-start = <0x0 0xa0000000>;
	linux,initrd-end = <0x0 0xa0100000>;
};
EOF

qtest dtb-no-console rv64-1 2 init --dtb "$GEN/no-console.dtb" -- \
	'^exos: boot failed: device tree: no usable console \(stdout-path ./soc/serial@10000000., and no ns16550/dw-apb/sifive UART\)$' \
	'!exos: exokernel booting'
qtest dtb-no-memory rv64-1 2 init --dtb "$GEN/no-memory.dtb" -- \
	'^exos: boot failed: device tree: no memory node$'
qtest dtb-rsv-overlap rv64-1 2 init --dtb "$GEN/rsv-overlap.dtb" -- \
	'^exos: boot failed: reserved regions overlap: \[0x84000000,0x84100000\) and \[0x840ff000,0x84101000\)$'
qtest dtb-initrd-outside rv64-1 2 init --dtb "$GEN/initrd-outside.dtb" -- \
	'^exos: boot failed: initrd \[0xa0000000,0xa0100000\) is not inside RAM$'
# sifive_u has no exit device, and SBI SRST cannot power it off: the
# message, and a stop (the run ends on the message; nothing else boots).
qtest dtb-fu540-truncated fu540-2 0 init --append dtbtest=truncate -- \
	'^exos: boot failed: device tree: .*trunc' '!init: hello'

# ---------------------------------------------------------------- counters
# Firmware that keeps cycle and instret closed to S-mode: gdb clears
# mcounteren (all but TM) when the kernel is entered.  The kernel says so,
# runs on (reads of closed counters give 0), and bench prints no figures.
COUNTERS_GDB=$GEN/counters-closed.gdb
cat > "$COUNTERS_GDB" <<'EOF'
hbreak *0x80200000
continue
set $mcounteren = 2
delete
detach
EOF
qtest counters-closed rv64-1 0 init --gdb "$COUNTERS_GDB" -- \
	'^exos: the firmware keeps cycle and instret closed to S-mode' \
	'init: hello from user space' 'exos: init exited with status 0'
qtest counters-closed-bench rv64-1 1 bench --gdb "$COUNTERS_GDB" -- \
	'^bench: cycle/instret counters are not readable here; no figures$' '!^bench: start'
# Open counters (OpenSBI's default): no such line, and bench measures.
qtest counters-open rv64-1 0 bench -- '^bench: done$' '!firmware keeps'

# ---------------------------------------------------------------- boot page table
# arch/riscv/early.c runs before translation is on, at whatever address
# the firmware loaded the kernel: its object holds no absolute address
# (only PC-relative relocations) and calls nothing outside itself.
early_pic_check() {
	local obj rel calls
	obj=$(find build -path '*arch/riscv/early.o' | head -1)
	if [ -z "$obj" ]; then
		fail boards/early-position-independent "no early.o under build/"
		return
	fi
	# Code and data sections only (debug information holds addresses).
	local relocs
	relocs=$(riscv64-unknown-elf-objdump -r "$obj" |
		awk '/^RELOCATION RECORDS FOR/ { keep = $4 !~ /debug/ } keep && /^[0-9a-f]+ R_RISCV/')
	rel=$(printf '%s\n' "$relocs" | awk 'NF { print $2 }' |
		grep -Ev '^R_RISCV_(PCREL_|BRANCH|RVC_|JAL|CALL|RELAX|ALIGN)' | sort -u)
	calls=$(printf '%s\n' "$relocs" | awk '$2 ~ /R_RISCV_CALL/ { print $3 }' | sort -u |
		while read -r f; do riscv64-unknown-elf-nm --defined-only "$obj" | grep -q " $f$" || echo "$f"; done)
	if [ -z "$rel$calls" ]; then
		pass boards/early-position-independent
	else
		fail boards/early-position-independent "absolute relocations: ${rel:-none}; calls out: ${calls:-none}"
	fi
}
early_pic_check

# ---------------------------------------------------------------- device trees
# The board trees compile without a dtc warning.
for dts in dts/*.dts; do
	if out=$(dtc -I dts -O dtb -o /dev/null "$dts" 2>&1) && [ -z "$out" ]; then
		pass "dts/$(basename "$dts" .dts)-no-warnings"
	else
		fail "dts/$(basename "$dts" .dts)-no-warnings" "$out"
	fi
done

# ---------------------------------------------------------------- SD card image
# build/sdimage/visionfive2.img, read with host tools only: the GPT
# (sfdisk --dump), the FAT boot partition (mtools), the ext2 root (e2fsck,
# debugfs), each cut out of the image by offset.  The layout is StarFive's
# (conf/genimage-vf2.cfg in their VisionFive2 SDK): their firmware reads
# partition 3 only.
SPL_TYPE=2E54B353-1271-4842-806F-E436D6AF6985
FW_TYPE=5B193300-FC78-40CD-8002-E86C45580B47
ESP_TYPE=C12A7328-F81F-11D2-BA4B-00A0C93EC93B
MSDATA_TYPE=EBD0A0A2-B9E5-4433-87C0-68B6B72699C7
LINUX_TYPE=0FC63DAF-8483-4772-8E79-3D69D8477DE4

# The GPT: four entries, placeholders 1-2 empty, boot 3, root 4.
sdimage_gpt() { # img dump
	local img=$1 dump=$2 tn=sdimage p
	p() { printf '%s\n' "$dump" | grep "^$img$1 :"; }
	if printf '%s\n' "$dump" | grep -q '^label: gpt$' && [ -n "$(p 4)" ] && [ -z "$(p 5)" ]; then
		pass "$tn/gpt-four-partitions"
	else
		fail "$tn/gpt-four-partitions" "sfdisk --dump: $dump"
		return 1
	fi
	if p 1 | grep -q "start= *4096, size= *4096, type=$SPL_TYPE,.* name=\"spl\"" &&
		p 2 | grep -q "start= *8192, size= *8192, type=$FW_TYPE,.* name=\"uboot\"" &&
		cmp -s -n $((6 << 20)) <(dd if="$img" bs=1M skip=2 count=6 status=none) /dev/zero; then
		pass "$tn/placeholders"
	else
		fail "$tn/placeholders" "want empty spl (2 MiB at 2) and uboot (4 MiB at 4): $(p 1; p 2)"
	fi
	if p 3 | grep -Eq "start= *16384, size= *131072, type=($ESP_TYPE|$MSDATA_TYPE),.* name=\"boot\", attrs=\"LegacyBIOSBootable\""; then
		pass "$tn/boot-partition-3"
	else
		fail "$tn/boot-partition-3" "want 64 MiB at 8 MiB, EFI system type, bootable: $(p 3)"
	fi
	if p 4 | grep -q "start= *147456, size= *131072, type=$LINUX_TYPE,.* name=\"root\""; then
		pass "$tn/root-partition-4"
	else
		fail "$tn/root-partition-4" "want 64 MiB after boot, Linux filesystem type: $(p 4)"
	fi
}

# The boot partition's files are the build's; its extlinux.conf and
# boot.scr boot the kernel with the tree and the archive.
sdimage_boot() { # img tmp
	local img=$1 tmp=$2 tn=sdimage f ok=1 boot=$1@@$((16384 * 512))
	export MTOOLS_SKIP_CHECK=1
	mkdir -p "$tmp/extlinux"
	for f in Image:build/Image visionfive2.dtb:build/dts/visionfive2.dtb \
		initrd.cpio:build/initrd.cpio extlinux/extlinux.conf:build/sdimage/cfg/extlinux.conf \
		boot.scr:build/sdimage/cfg/boot.scr; do
		if ! mcopy -n -i "$boot" "::/${f%%:*}" "$tmp/${f%%:*}" 2>/dev/null || ! cmp -s "$tmp/${f%%:*}" "${f#*:}"; then
			fail "$tn/boot-files" "::/${f%%:*} missing or not ${f#*:}"
			ok=0
			break
		fi
	done
	[ $ok -eq 1 ] && pass "$tn/boot-files"
	[ $ok -eq 1 ] || return
	local conf=$tmp/extlinux/extlinux.conf
	if [ "$(sed -n '/^label exos$/,/^$/p' "$conf" | grep -c -E '^	(kernel /Image|initrd /initrd.cpio|fdt /visionfive2.dtb)$')" = 3 ] &&
		grep -q '^	menu label .*U-Boot.s own device tree (mainline U-Boot only)$' "$conf"; then
		pass "$tn/extlinux-conf"
	else
		fail "$tn/extlinux-conf" "entry 1 does not boot /Image, /initrd.cpio and /visionfive2.dtb, or entry 2 is not marked mainline-only: $(cat "$conf")"
	fi
	if grep -aq 'setenv distro_bootpart 3' "$tmp/boot.scr" &&
		grep -aq '^booti ${kernel_addr_r} ${ramdisk_addr_r}:${filesize} ${fdt_addr_r}$' "$tmp/boot.scr"; then
		pass "$tn/boot-scr"
	else
		fail "$tn/boot-scr" "boot.scr does not default to partition 3 or booti with the archive"
	fi
}

sdimage_check() {
	local img=build/sdimage/visionfive2.img tn=sdimage tmp
	if [ ! -f "$img" ]; then
		fail "$tn/exists" "no $img (make sdimage)"
		return
	fi
	sdimage_gpt "$img" "$(sfdisk --dump "$img" 2>&1)" || return
	tmp=$(mktemp -d)
	sdimage_boot "$img" "$tmp"
	dd if="$img" of="$tmp/root" bs=512 skip=147456 count=131072 status=none
	if e2fsck -fn "$tmp/root" > "$tmp/fsck" 2>&1 &&
		[ "$(dumpe2fs -h "$tmp/root" 2>/dev/null | sed -n 's/^Filesystem features: *//p' | grep -c has_journal)" = 0 ] &&
		debugfs -R 'cat /README' "$tmp/root" 2>/dev/null | grep -q 'root partition of an exos SD card image'; then
		pass "$tn/root-ext2"
	else
		fail "$tn/root-ext2" "not a clean ext2 with /README: $(head -c 300 "$tmp/fsck")"
	fi
	rm -rf "$tmp"
}
sdimage_check

# The card tools refuse bad input with one line naming the problem.
board_tools_bad_input() {
	local tmp out tn=sdimage/bad-input
	tmp=$(mktemp -d)
	out=$(sh scripts/sdimage.sh "$tmp/x.img" "$tmp/none=Image" 2>&1)
	[ $? -eq 1 ] && [ "$out" = "sdimage.sh: no file $tmp/none" ] || { fail "$tn" "missing file: $out"; rm -rf "$tmp"; return; }
	out=$(sh scripts/sdimage.sh --boot-mib 4 "$tmp/x.img" 2>&1)
	[ $? -eq 2 ] && [ "$out" = "sdimage.sh: the boot partition needs 8 MiB at least, the root 1" ] ||
		{ fail "$tn" "small boot partition: $out"; rm -rf "$tmp"; return; }
	out=$(sh scripts/sdimage.sh --root-mib 1x "$tmp/x.img" 2>&1)
	[ $? -eq 2 ] && [ "$out" = "sdimage.sh: --boot-mib and --root-mib take a number of MiB" ] ||
		{ fail "$tn" "bad size: $out"; rm -rf "$tmp"; return; }
	out=$(sh scripts/uboot-config.sh pxe 2>&1)
	[ $? -eq 2 ] && [ "$out" = "uboot-config.sh: unknown kind pxe" ] ||
		{ fail "$tn" "uboot-config.sh: $out"; rm -rf "$tmp"; return; }
	[ ! -e "$tmp/x.img" ] && [ ! -e "$tmp/x.img.tmp" ] || { fail "$tn" "left a half-made image"; rm -rf "$tmp"; return; }
	rm -rf "$tmp"
	pass "$tn"
}
board_tools_bad_input
