# Host unit tests for DPF (kernel/dpf/): the checker, intersection,
# merger and interpreter against a one-filter-at-a-time oracle.
DPF_CORE := kernel/dpf/dpf_check.c kernel/dpf/dpf_table.c kernel/dpf/dpf_interp.c
DPF_TESTLIB := tests/host/dpf_gen.c tests/host/dpf_naive.c

HOST_TESTS += dpf
dpf_SRCS := tests/host/test_dpf.c $(DPF_TESTLIB) $(DPF_CORE)
$(B)/host/dpf: $(wildcard kernel/dpf/*.h include/exos/*.h)
