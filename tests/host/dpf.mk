# Host unit tests for DPF (kernel/dpf/): the checker, intersection,
# merger and interpreter against a one-filter-at-a-time oracle.
DPF_CORE := kernel/dpf/dpf_check.c kernel/dpf/dpf_table.c kernel/dpf/dpf_interp.c
DPF_TESTLIB := tests/host/dpf_gen.c tests/host/dpf_naive.c

HOST_TESTS += dpf
dpf_SRCS := tests/host/test_dpf.c $(DPF_TESTLIB) $(DPF_CORE)
$(B)/host/dpf: $(wildcard kernel/dpf/*.h include/exos/*.h)

# The code generator: encoder vectors (mk/dpf.mk), the checker of
# emitted programs, the emulator, and qemu-riscv64 runs of the code.
DPF_JIT := kernel/dpf/rv_asm.c kernel/dpf/dpf_jit.c
DPF_RVCHECK := tests/host/dpf_rvcheck.c tests/host/dpf_rvdecode.c tests/host/dpf_rvemu.c

HOST_TESTS += dpfjit
dpfjit_SRCS := tests/host/test_dpfjit.c $(DPF_RVCHECK) tests/host/dpf_qemu.c $(DPF_TESTLIB) \
               $(DPF_CORE) $(DPF_JIT) $(B)/dpf/rvvec_cases.c $(B)/dpf/rvvec_bytes.c

# A short fixed-seed sample of the fuzz targets (make dpf-fuzz runs them long).
HOST_TESTS += dpffuzz
dpffuzz_SRCS := tests/host/fuzz_dpf.c $(DPF_RVCHECK) $(DPF_TESTLIB) $(DPF_CORE) $(DPF_JIT)
