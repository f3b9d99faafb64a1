# cases-boards.sh - boards: the U-Boot boot flow, the SD card image, QEMU's
# sifive_u machine, hostile boot input and closed counters (sourced by
# scripts/check.sh like every tests/qemu/cases*.sh; qtest is in lib.sh).

UBOOT=/usr/lib/u-boot/qemu-riscv64_smode/uboot.elf
GEN=build/test-dts      # what these tests make: device trees, gdb scripts
mkdir -p "$GEN"

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

