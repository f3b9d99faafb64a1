# Host unit tests of the generic kernel, built for arch/fake: the same
# sources as the kernel (HOSTCFLAGS puts arch/fake/include first), with
# the fixture and stand-ins of tests/host/kfix.c.  Test <t> is
# tests/host/test_<t>.c.
KFIX_SRCS := kernel/pmem.c kernel/rmap.c kernel/stlb.c kernel/bind.c kernel/revoke.c \
             kernel/cap.c kernel/env.c kernel/vm.c kernel/kmap.c kernel/pt.c kernel/tlb.c \
             kernel/upcall.c kernel/kcheck.c kernel/info.c kernel/pred.c kernel/sys.c \
             kernel/sys_env.c kernel/sys_mem.c kernel/swregion.c kernel/sys_swr.c kernel/note.c \
             arch/fake/fake.c tests/host/kfix.c
KFIX_TESTS := bind stlb rmap revoke uaddr pt

HOST_TESTS += $(KFIX_TESTS)
$(foreach t,$(KFIX_TESTS),$(eval $(t)_SRCS := tests/host/test_$(t).c $(KFIX_SRCS)))
