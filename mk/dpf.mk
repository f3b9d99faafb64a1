# dpf.mk - what DPF's tests need beyond plain host programs, and its
# long-running targets.
#
#   build/dpf/harness.elf   riscv64 program that runs compiled filters
#                           under qemu-riscv64 (tests/host/dpf_rv/)
#   build/dpf/rvvec_*.c     encoder vectors: gen-rv-vectors.py's cases,
#                           and the bytes the cross assembler makes of them
#   make dpf-fuzz           the fuzz targets for a long run (DPF_FUZZ_ITERS,
#                           DPF_FUZZ_SEED; the seed defaults to the time)
#   make dpf-bench          demultiplexing cost in RISC-V instructions,
#                           counted by qemu-riscv64 (1 and 1,000 filters
#                           compiled, 1,000 interpreted)

QEMU_RISCV64 ?= qemu-riscv64

# The harness: same ISA and ABI as the kernel (rv64imac, lp64), picolibc.
DPF_RV_CFLAGS := -g -O2 $(WARN) -march=rv64imac -mabi=lp64 -misa-spec=2.2 -mcmodel=medany \
                 -ffunction-sections -DKLIB_HOSTED -Iinclude -Ikernel --specs=picolibc.specs
DPF_RV_OBJS := $(B)/dpf/rv/start.o $(B)/dpf/rv/harness.o $(B)/dpf/rv/dpf_interp.o

$(B)/dpf/rv/dpf_interp.o: kernel/dpf/dpf_interp.c $(wildcard kernel/dpf/*.h) | $(DEPS_STAMP)
	$(call msg,CC,$@)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(DPF_RV_CFLAGS) -c $< -o $@
$(B)/dpf/rv/harness.o: tests/host/dpf_rv/harness.c $(wildcard kernel/dpf/*.h) | $(DEPS_STAMP)
	$(call msg,CC,$@)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(DPF_RV_CFLAGS) -c $< -o $@
$(B)/dpf/rv/start.o: tests/host/dpf_rv/start.S | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(DPF_RV_CFLAGS) -c $< -o $@
$(B)/dpf/harness.elf: $(DPF_RV_OBJS) tests/host/dpf_rv/harness.ld
	$(call msg,LD,$@)
	$(Q)$(CC) $(DPF_RV_CFLAGS) -nostartfiles -static -T tests/host/dpf_rv/harness.ld -o $@ $(DPF_RV_OBJS)

# Encoder vectors: the same cases as assembly and as C.
RVVEC_GEN := python3 tests/host/gen-rv-vectors.py
$(B)/dpf/rvvec.S: tests/host/gen-rv-vectors.py | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(Q)$(RVVEC_GEN) asm > $@
$(B)/dpf/rvvec_cases.c: tests/host/gen-rv-vectors.py | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(Q)$(RVVEC_GEN) cases > $@
$(B)/dpf/rvvec.bin: $(B)/dpf/rvvec.S
	$(call msg,AS,$<)
	$(Q)$(CC) -march=rv64imac -mabi=lp64 -c $< -o $(B)/dpf/rvvec.o
	$(Q)$(CROSS)ld --no-relax -e 0 -Ttext=0 -o $(B)/dpf/rvvec.elf $(B)/dpf/rvvec.o
	$(Q)$(OBJCOPY) -O binary -j .text $(B)/dpf/rvvec.elf $@
$(B)/dpf/rvvec_bytes.c: $(B)/dpf/rvvec.bin tests/host/gen-rv-vectors.py
	$(Q)$(RVVEC_GEN) bytes $< > $@

$(B)/host/dpfjit: HOSTCFLAGS += -Itests/host
$(B)/host/dpfjit: $(B)/dpf/harness.elf $(wildcard kernel/dpf/*.h)

$(B)/host/dpffuzz: $(wildcard kernel/dpf/*.h)

# The long fuzz run: the same targets, seeded from the time unless told.
DPF_FUZZ_ITERS ?= 1000000
DPF_FUZZ_SEED ?=
$(B)/dpf/fuzz: $(dpffuzz_SRCS) $(wildcard kernel/dpf/*.h tests/host/*.h) | $(DEPS_STAMP)
	$(call msg,HOSTCC,$@)
	@mkdir -p $(dir $@)
	$(Q)$(HOSTCC) $(HOSTCFLAGS) -Itests/host -DDPF_FUZZ_MAIN -o $@ $(dpffuzz_SRCS)
dpf-fuzz: $(B)/dpf/fuzz
	$(B)/dpf/fuzz $(DPF_FUZZ_ITERS) $(DPF_FUZZ_SEED)

# Demultiplexing cost under qemu-riscv64 (-singlestep -d exec: slow but exact).
DPF_BENCH_SRCS := tests/host/dpf_bench.c tests/host/dpf_qemu.c $(DPF_RVCHECK) \
                  tests/host/dpf_gen.c $(DPF_CORE) $(DPF_JIT)
$(B)/dpf/bench: $(DPF_BENCH_SRCS) $(wildcard kernel/dpf/*.h tests/host/*.h) | $(DEPS_STAMP)
	$(call msg,HOSTCC,$@)
	@mkdir -p $(dir $@)
	$(Q)$(HOSTCC) -O2 -g -Wall -Wextra -Werror -DKLIB_HOSTED -iquote kernel -Iinclude \
		-Itests/host -o $@ $(DPF_BENCH_SRCS)
dpf-bench: $(B)/dpf/bench $(B)/dpf/harness.elf
	$(B)/dpf/bench

clean: clean-dpf
clean-dpf:
	rm -rf $(B)/dpf

.PHONY: clean-dpf dpf-fuzz dpf-bench
