# cases-boards.sh - boards: the U-Boot boot flow, the SD card image, QEMU's
# sifive_u machine, hostile boot input and closed counters (sourced by
# scripts/check.sh like every tests/qemu/cases*.sh; qtest is in lib.sh).

UBOOT=/usr/lib/u-boot/qemu-riscv64_smode/uboot.elf
GEN=build/test-dts      # what these tests make: device trees, gdb scripts
mkdir -p "$GEN"

# ---------------------------------------------------------------- U-Boot
# OpenSBI -> U-Boot -> distro boot from a GPT disk (scripts/sdimage.sh, the
# same layout as the SD card image) -> booti of build/Image.

# extlinux.conf without an fdt line: the kernel runs on the tree U-Boot
# hands over, QEMU's own (256 MiB, every hart, OpenSBI's reservation).
qtest uboot-extlinux "rv64-2 u54-1" 0 "$UBOOT" --mem 256M --disk build/uboot/extlinux.img -- \
	'^Found /extlinux/extlinux.conf' '^Retrieving file: /Image' '^Starting kernel' \
	'memory +\[80000000-90000000\) 256 MiB' 'reserved +\[80000000-80080000\)' \
	'timer via $TIMER' 'exos: $SMP harts online' \
	'init: hello from user space' 'exos: init exited with status 0'

# The SD card image's menu (default entry after 3 s, fdt from the disk;
# 3 s of guest time under -icount is ~30 s of a loaded host's time):
# the kernel sees dts/qemu-virt.dts (128 MiB) plus the OpenSBI reservation
# that U-Boot copies into it, as on the VisionFive 2.  One hart: that tree
# names only hart 0, and with more OpenSBI may boot on another.
qtest uboot-fdtfile rv64-1 0 "$UBOOT" --mem 256M --timeout 90 --disk build/uboot/fdtfile.img -- \
	'^1:.*exos, device tree /qemu-virt.dtb' '^2:.*U-Boot.s own device tree' \
	'^Retrieving file: /qemu-virt.dtb' \
	'memory +\[80000000-88000000\) 128 MiB' 'reserved +\[80000000-80080000\)' \
	'exos: 1 harts online' 'init: hello from user space' 'exos: init exited with status 0'

# No extlinux.conf: distro boot runs boot.scr.
qtest uboot-bootscr rv64-1 0 "$UBOOT" --mem 256M --disk build/uboot/bootscr.img -- \
	'^Found U-Boot script /boot.scr' '^exos: loading /Image from virtio 0:1' \
	'memory +\[80000000-90000000\) 256 MiB' \
	'init: hello from user space' 'exos: init exited with status 0'

# No disk: distro boot's DHCP target fetches boot.scr.uimg from QEMU's TFTP
# server, which fetches Image (README: booting over TFTP).
qtest uboot-tftp rv64-1 0 "$UBOOT" --mem 256M --tftp build/uboot/tftp -- \
	"^Filename 'boot.scr.uimg'" '^exos: loading Image over TFTP from 10.0.2.2' \
	"^Filename 'Image'" 'init: hello from user space' 'exos: init exited with status 0'

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
# debugfs), each cut out of the image by offset.
sdimage_check() {
	local img=build/sdimage/visionfive2.img tn=sdimage dump tmp
	if [ ! -f "$img" ]; then
		fail "$tn/exists" "no $img (make sdimage)"
		return
	fi
	dump=$(sfdisk --dump "$img" 2>&1)
	local p1 p2
	p1=$(printf '%s\n' "$dump" | grep "^$img""1 :")
	p2=$(printf '%s\n' "$dump" | grep "^$img""2 :")
	if printf '%s\n' "$dump" | grep -q '^label: gpt$' && [ -n "$p1" ] && [ -n "$p2" ] &&
		! printf '%s\n' "$dump" | grep -q "^$img""3 :"; then
		pass "$tn/gpt-two-partitions"
	else
		fail "$tn/gpt-two-partitions" "sfdisk --dump: $dump"
		return
	fi
	if printf '%s' "$p1" | grep -q 'start= *2048, size= *131072, type=C12A7328-F81F-11D2-BA4B-00A0C93EC93B,.* name="boot", attrs="LegacyBIOSBootable"'; then
		pass "$tn/boot-partition"
	else
		fail "$tn/boot-partition" "want 64 MiB at 1 MiB, EFI system type, bootable: $p1"
	fi
	if printf '%s' "$p2" | grep -q 'start= *133120, size= *131072, type=0FC63DAF-8483-4772-8E79-3D69D8477DE4,.* name="root"'; then
		pass "$tn/root-partition"
	else
		fail "$tn/root-partition" "want 64 MiB after boot, Linux filesystem type: $p2"
	fi
	tmp=$(mktemp -d)
	local boot=$img@@$((2048 * 512)) f ok=1
	export MTOOLS_SKIP_CHECK=1
	for f in Image:build/Image visionfive2.dtb:build/dts/visionfive2.dtb \
		extlinux/extlinux.conf:build/sdimage/cfg/extlinux.conf boot.scr:build/sdimage/cfg/boot.scr; do
		if ! mcopy -n -i "$boot" "::/${f%%:*}" "$tmp/f" 2>/dev/null || ! cmp -s "$tmp/f" "${f#*:}"; then
			fail "$tn/boot-files" "::/${f%%:*} missing or not ${f#*:}"
			ok=0
			break
		fi
		rm -f "$tmp/f"
	done
	[ $ok -eq 1 ] && pass "$tn/boot-files"
	if grep -q '^	fdt /visionfive2.dtb$' build/sdimage/cfg/extlinux.conf &&
		grep -q '^	kernel /Image$' build/sdimage/cfg/extlinux.conf; then
		pass "$tn/extlinux-conf"
	else
		fail "$tn/extlinux-conf" "build/sdimage/cfg/extlinux.conf does not boot /Image with /visionfive2.dtb"
	fi
	dd if="$img" of="$tmp/root" bs=512 skip=133120 count=131072 status=none
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
