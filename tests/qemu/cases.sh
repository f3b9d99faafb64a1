# cases.sh - the QEMU integration tests (sourced by scripts/check.sh;
# qtest is defined in tests/qemu/lib.sh).

# Boot to init on both CPU profiles with 1 and 4 harts: the banner shows
# what the DT says, init prints through picolibc, the machine powers off.
qtest boot all 0 init -- \
	'memory +\[80000000-[89][0-9a-f]{7}\) (128|256) MiB' \
	'hart [0-9]+ +rv64imafdc.*sv(39|48).*plic context [0-9]+' \
	'timer via $TIMER' \
	'console +/soc/serial@10000000 ns16550a at 10000000 irq 10' \
	'plic +c000000, [0-9]+ sources' \
	'virtio +10001000 irq 1: version 1, device 0 \(none\)$' \
	'virtio +10008000 irq 8: version 1, device 0 \(none\)$' \
	'exos: $SMP harts online, timer ok' \
	'exos: 16 ASID bits, 16 used: one ASID per env' \
	'init: hello from user space \(picolibc printf\)' \
	'init: $SMP harts' \
	'exos: init exited with status 0'

# The driver table binds the eight virtio-mmio slots; the transport's
# probe names the device in each (a disk takes the highest slot).
head -c 1048576 /dev/zero > "$LOGS/blank.img"
qtest virtio-probe rv64-1 0 init --disk "$LOGS/blank.img" -- \
	'virtio +10008000 irq 8: version 2, device 2 \(block\)$' \
	'virtio +10001000 irq 1: version 2, device 0 \(none\)$' '!not a virtio-mmio slot' \
	'exos: init exited with status 0'

# The same kernel as an ELF (QEMU loads it by physical address).
qtest boot-elf rv64-1 0 build/img/init.elf -- 'exos: init exited with status 0'

# The kernel with the device tree built from dts/qemu-virt.dts.
qtest boot-dtb "rv64-1" 0 init --dtb build/dts/qemu-virt.dtb -- \
	'console +/soc/serial@10000000' 'exos: init exited with status 0'

# The kernel bugs a random system-call campaign found (issue 11): pointers
# at the top of the address space, a PCT handler's sleep inside a sleep,
# FP registers across envs and harts, stale exported rows.
qtest regress all 0 t_regress -- 't_regress: 0 failures' '!KERNEL FAULT'

# Every env starts with FP registers and fcsr zero, the first one a hart
# runs too (not the firmware's NaN-boxed zeros; found by the fuzzer).
qtest fpinit all 0 t_fpinit -- 't_fpinit: 0 failures'

# Init ended by the kernel (a fault inside its own exception handler):
# the machine stops with init's status and the invariant check at the end
# finds the exported env table right (the KILLED flag was set in the
# kernel's env only; found by the fuzzer, its supervisor being init).
qtest init-killed "rv64-1 u54-4" 253 t_initkill -- \
	'exos: env [0-9]+ aborted: instruction page fault at pc 8 .*inside its exception handler' \
	'exos: init exited with status -3' '!invariants broken'

# The in-tree fuzzer (userland/fuzz): four workers calling all the system
# calls with typed valid, stale and hostile arguments at each other, with
# the register, canary, result and invariant oracles; a short campaign
# with a fixed seed on each profile (make fuzz runs long ones).  One hart
# replays exactly, so seed 11 is known to make every call; four harts run
# in real time and on a loaded host may not reach the rarest (exit).
qtest fuzz "rv64-1 u54-1" 0 fuzz --icount-exact --timeout 90 \
	--append "fuzz_seed=11 fuzz_ms=3000 fuzz_calls=40000 grace_ms=20" -- \
	'^fuzz: seed 11, 4 workers' \
	'^fuzz: [0-9]+ calls, 0 panics, 0 invariant failures, 0 hangs, 0 leaked pages' \
	'!never called' '!KERNEL FAULT' '!kernel panic'
qtest fuzz "rv64-4 u54-4" 0 fuzz --timeout 90 \
	--append "fuzz_seed=11 fuzz_ms=3000 fuzz_calls=40000 grace_ms=20" -- \
	'^fuzz: seed 11, 4 workers' \
	'^fuzz: [0-9]+ calls, 0 panics, 0 invariant failures, 0 hangs, 0 leaked pages' \
	'!KERNEL FAULT' '!kernel panic'

# The same under memory pressure (fuzz_free: the supervisor holds all but
# 200 pages): revocations, pages taken by force, tables dropped.
qtest fuzz-pressure "rv64-1 u54-4" 0 fuzz --icount-exact --timeout 90 \
	--append "fuzz_seed=13 fuzz_ms=2000 fuzz_calls=25000 fuzz_free=200 grace_ms=20" -- \
	'^fuzz: memory pressure: [0-9]+ pages held, [1-9][0-9]* revocations, [1-9][0-9]* pages taken' \
	'^fuzz: [0-9]+ calls, 0 panics, 0 invariant failures, 0 hangs, 0 leaked pages' \
	'!KERNEL FAULT' '!kernel panic'

# A one-hart run replays exactly from its seed: the same calls with the
# same results (the trace hash) twice.
fuzz_replays() {
	local tn=qemu/fuzz-replay/rv64-1 h=()
	only "$tn" || return 0
	for i in 1 2; do
		scripts/qemu-run.sh --icount-exact --timeout 90 --log "$LOGS/fuzz-replay-$i.log" \
			--append "fuzz_seed=12 fuzz_calls=20000" build/img/fuzz.Image > /dev/null
		h+=("$(grep -E '^fuzz: (trace hash|[0-9]+ calls in)' "$LOGS/fuzz-replay-$i.log")")
	done
	if [ -z "${h[0]}" ] || [ "${h[0]}" != "${h[1]}" ]; then
		fail "$tn" "two runs of seed 12 differ: '${h[0]}' and '${h[1]}' ($LOGS/fuzz-replay-*.log)"
	else
		pass "$tn"
	fi
}
fuzz_replays

# System calls with good and hostile arguments; register preservation; FP.
qtest syscall all 0 t_syscall -- 't_syscall: 0 failures' \
	'^cons_write reaches the console$'

# init's exit status is QEMU's exit status.
qtest exit-status "rv64-1 u54-1" 42 t_exit42 -- 'exos: init exited with status 42'

# A user fault reaches libexos's default exception handler, which names
# it and dies by the signal it maps to (SIGSEGV: 128 + 11, as a shell
# shows it, is also the machine's exit status); every page comes back.
qtest user-fault "rv64-1 u54-4" 139 t_fault -- \
	'exos: env [0-9]+: load page fault at pc [0-9a-f]+ \(tval 0, ra [0-9a-f]+\): Segmentation fault' \
	'exos: init exited with status 395' '!leaked'
qtest user-wrinfo rv64-1 139 t_wrinfo -- \
	'exos: env [0-9]+: store page fault at pc [0-9a-f]+ \(tval 3f00000000, ra [0-9a-f]+\): Segmentation fault'

# Console input: UART receive interrupt through the PLIC into the kernel.
qtest console-input "rv64-1 u54-4" 0 t_conin --input 'hello exos\r' -- \
	"t_conin: got 'hello exos' \(10 bytes\)"

# Input typed while nobody reads: the kernel keeps 4 KiB and counts the
# rest as dropped in the info page (userland/tests/t_conflood.c).
qtest console-flood "rv64-1 u54-4" 0 t_conflood \
	--input-on '^t_conflood: type' "$(printf '0123456789%.0s' $(seq 500))" -- 't_conflood: 0 failures'

# A kernel fault prints registers and a symbolized backtrace and exits 101.
qtest kernel-fault "rv64-1 u54-1" 101 init --append kfault -- \
	'KERNEL FAULT on hart [0-9]+: store page fault at pc ffffffff802[0-9a-f]+, tval 10' \
	'^ +pc [0-9a-f]{16} +ra [0-9a-f]{16}' \
	'\] kernel_test_fault\+0x' '\] kernel_main\+0x' '!init: hello'

# A damaged device tree stops the boot with a message naming the problem.
qtest dtb-truncated rv64-1 2 init --append dtbtest=truncate -- \
	'exos: boot failed: device tree: .*trunc'
qtest dtb-garbled rv64-1 2 init --append dtbtest=garble -- \
	'exos: boot failed: device tree: bad or misplaced token in structure block'

# The in-guest test harness (userland/tests/check.h) on tests made to
# pass, fail a check, crash and leak a capability slot or pages: each bad
# one fails naming itself and the counts (userland/tests/t_harness.c).
qtest harness "rv64-1 u54-4" 0 t_harness -- 't_harness: 0 failures' \
	'^PASS leaked_pages_name_the_test$' \
	'exos: env [0-9]+: load page fault at pc [0-9a-f]+ \(tval 8, ra [0-9a-f]+\): Segmentation fault'

# Envs, capabilities, slices, upcalls, PCT, wake-up predicates, with
# hostile arguments for each system call (userland/tests/t_env.c).
qtest env all 0 t_env -- 't_env: 0 failures' \
	'exos: env [0-9]+ aborted: load page fault at pc [0-9a-f]+ \(tval 8\) inside its exception handler' \
	'exos: env [0-9]+ aborted: ignored 3 slice-end upcalls' '!leaked'
qtest env-noasid rv64-4 0 t_env --append "noasid" -- 't_env: 0 failures' \
	'exos: env [0-9]+ aborted: ignored 3 slice-end upcalls' '!leaked'
qtest env-asid2 u54-4 0 t_env --append "asid_bits=2" -- 't_env: 0 failures' \
	'exos: env [0-9]+ aborted: ignored 3 slice-end upcalls' '!leaked'

# Memory: the lazy heap (addressing upcall, install-and-resume), the
# exported page table and free list, hostile PTE installs, reference
# count limit, stale TLB entries, an Appel-Li fault handler
# (userland/tests/t_mem.c).
qtest mem all 0 t_mem -- 't_mem: 0 failures' '!leaked'

# The same without ASIDs (noasid: the JH7110's path, a full TLB flush on
# every switch), and with 2 ASID bits (asid_bits=2: a new ASID generation
# every three envs, so rollovers happen all the time).
qtest mem-noasid rv64-1 0 t_mem --append noasid -- 't_mem: 0 failures' \
	'exos: 16 ASID bits, not used' '!leaked'
qtest mem-noasid u54-4 0 t_mem --append "noasid" -- 't_mem: 0 failures' '!leaked'
qtest mem-asid2 rv64-4 0 t_mem --append "asid_bits=2" -- 't_mem: 0 failures' \
	'exos: 16 ASID bits, 2 used' '!leaked'

# TLB shootdown: a child loading from (storing to) a page in a loop on
# one hart faults as soon as its parent on another hart has removed
# (write-protected) the mapping, never a stale hit; with ASIDs, without,
# and with ASID generations rolling over (userland/tests/t_shoot.c).
qtest shoot "rv64-4 u54-4" 0 t_shoot -- 't_shoot: 0 failures' '!leaked'
qtest shoot-noasid "rv64-4 u54-4" 0 t_shoot --append "noasid" -- \
	't_shoot: 4 harts, 0 ASID bits used' 't_shoot: 0 failures' '!leaked'
qtest shoot-asid2 rv64-4 0 t_shoot --append "asid_bits=2" -- \
	't_shoot: 4 harts, 2 ASID bits used' 't_shoot: 0 failures' '!leaked'

# The kernel's invariant check runs whenever init exits (every test
# above); here it is shown to catch a broken reference count.
qtest kcheck-selftest rv64-1 101 init --append kcheck_selftest -- \
	'kcheck: reference count differs from the mappings' 'exos: 1 kernel invariants broken'

# The inverse mappings are exact after installs, removes, shares, fork,
# megapages, table drops, STLB refills and evictions, and env destroy;
# with a small pool (rmap_entries=N), a full pool makes new mappings fail
# with E_NOMEM and breaks nothing (userland/tests/t_rmap.c; the kernel's
# invariant check compares every entry with the real bindings at exit).
qtest rmap "rv64-1 u54-4" 0 t_rmap -- 't_rmap: 0 failures' '!leaked'
qtest rmap-full rv64-1 0 t_rmap --append rmap_entries=200 -- 't_rmap: filling a pool of 200' \
	't_rmap: 0 failures' '!leaked'
qtest rmap-full u54-4 0 t_rmap --append "rmap_entries=200" -- \
	't_rmap: filling a pool of 200' 't_rmap: 0 failures' '!leaked'

# Visible revocation: a cooperative env gives pages back; an
# uncooperative one has them taken by force (userland/tests/t_revoke.c).
qtest revoke "rv64-1 u54-1 rv64-4" 0 t_revoke --timeout 90 -- 't_revoke: 0 failures' \
	'exos: env [0-9]+ did not give back 16 pages in time: 16 taken'
qtest revoke-noasid rv64-1 0 t_revoke --timeout 90 --append noasid -- 't_revoke: 0 failures' \
	'exos: env [0-9]+ did not give back 16 pages in time: 16 taken'
qtest revoke-noasid rv64-4 0 t_revoke --timeout 90 --append "noasid" -- 't_revoke: 0 failures' \
	'exos: env [0-9]+ did not give back 16 pages in time: 16 taken'
qtest revoke-asid2 u54-4 0 t_revoke --timeout 90 --append "asid_bits=2" -- 't_revoke: 0 failures' \
	'exos: env [0-9]+ did not give back 16 pages in time: 16 taken'

# Programs from the boot archive (QEMU -initrd, exported read-only):
# spawned by libexos's loader with arguments (userland/tests/t_spawn.c).
qtest spawn "rv64-1 u54-4" 0 t_spawn --initrd build/initrd.cpio -- 't_spawn: 0 failures' \
	"t_args: argc=4 \[t_args\] \[one\] \[two words\] \[\]"

# Pipes and descriptors: EOF, EPIPE, dup2, a write larger than the pipe,
# a ten-stage pipeline, 200 children (userland/tests/t_pipe.c).
qtest pipe "rv64-1 u54-4" 0 t_pipe --initrd build/initrd.cpio -- 't_pipe: 0 failures' \
	'^ *200 +200 +20000$' '^ *1 +2 +11$'

# fork, wait and kill in the library OS: statuses, copy-on-write both
# ways, descriptors, grandchildren and orphans, 200 children, every page
# back (userland/tests/t_fork.c).
qtest fork "rv64-1 rv64-4 u54-4" 0 t_fork --initrd build/initrd.cpio -- 't_fork: 0 failures'

# execve in the library OS: pid and status, arguments and descriptors,
# execvp, every bad program refused (a missing one, text, a directory, a
# truncated ELF, program headers past the end, E2BIG), pages back
# (userland/tests/t_exec.c).
qtest exec "rv64-1 rv64-4 u54-4" 0 t_exec --initrd build/initrd.cpio -- 't_exec: 0 failures'

# Files: the boot archive read in place, /tmp (the RAM file system every
# process shares), every errno, descriptors inherited with their offsets,
# ENOSPC, a lock holder that died, every page back (userland/tests/t_file.c).
qtest file "rv64-1 u54-4" 0 t_file --initrd build/initrd.cpio -- 't_file: 0 failures' '!leaked'

# Timed sleeps: the kernel wakes an env at a deadline (sleep_deadline),
# so `sleep 0.2` leaves its hart idle in wfi; predicates with deadlines;
# hostile deadlines; nanosleep (userland/tests/t_time.c).
qtest time "rv64-1 u54-1 rv64-4 u54-4" 0 t_time --initrd build/initrd.cpio -- 't_time: 0 failures'

# getentropy: ChaCha20 keyed from /chosen/rng-seed, different bytes in
# every process, 256 bytes at most, arc4random on top
# (userland/tests/t_entropy.c).  QEMU adds an rng-seed even to a tree
# passed with -dtb (dts/qemu-virt.dts has none).
qtest entropy "rv64-1 u54-4" 0 t_entropy --initrd build/initrd.cpio -- 't_entropy: 0 failures'
qtest entropy-dtb rv64-1 0 t_entropy --initrd build/initrd.cpio --dtb build/dts/qemu-virt.dtb -- \
	't_entropy: 0 failures'
