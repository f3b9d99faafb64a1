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

