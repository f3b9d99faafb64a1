# cases-robust.sh - QEMU tests of robustness against dying, faulting and
# hostile processes (issue 11): capability slots of ended children, bad
# pointers, robust critical sections, software regions.  Sourced by
# scripts/check.sh like cases.sh.

# Every way a child ends gives its parent's capability slots back (kill
# then wait leaked two a child: fork failed after 14), killed children
# are reported once and only to their parent (userland/tests/t_reap.c).
qtest reap "rv64-1 rv64-4 u54-4" 0 t_reap --initrd build/initrd.cpio -- 't_reap: 0 failures' '!leaked'

# Bad pointers: every libexos call that takes one fails with EFAULT
# (page 0, unmapped, kernel, non-canonical, wrapping, read-only, half
# mapped) instead of killing the caller (userland/tests/t_efault.c).
qtest efault "rv64-1 u54-4" 0 t_efault --initrd build/initrd.cpio -- 't_efault: 0 failures' '!leaked'

# Software regions through the real system calls, used as a hostile env
# would (offsets past the end and wrapping, bad buffers, missing rights,
# stale ids, a creator that ends) and as sharers would (a lock made with
# the guard, four envs at once); the invariant check at init's exit
# checks every region page (userland/tests/t_swregion.c).
qtest swregion "rv64-1 rv64-4 u54-4" 0 t_swregion -- 't_swregion: 0 failures' '!leaked'

# Robust critical sections: a process killed, faulting or exiting inside
# a critical section over /tmp or a pipe leaves nothing half done for
# the next user, and does not wait for itself on its way out; writers
# and pipe holders killed at random moments leave consistent state; two
# readers share a pipe (userland/tests/t_robust.c).
qtest robust "rv64-1 rv64-4 u54-4" 0 t_robust --initrd build/initrd.cpio -- 't_robust: 0 failures' \
	'exos: env [0-9]+: store page fault at pc [0-9a-f]+ \(tval 8, ra [0-9a-f]+\): Segmentation fault' '!leaked'
