# exos - an exokernel for RISC-V.  One non-recursive Makefile; all output
# under build/.  `make help` lists the targets.

CROSS   ?= riscv64-unknown-elf-
CC       = $(CROSS)gcc
OBJCOPY  = $(CROSS)objcopy
NM       = $(CROSS)nm
HOSTCC  ?= gcc
QEMU    ?= qemu-system-riscv64
DTC     ?= dtc

B := build
V ?= 0
ifeq ($(V),0)
Q := @
msg = @printf '  %-7s %s\n' $(1) $(2)
else
Q :=
msg = @true
endif

# QEMU knobs for make qemu / qemu-gdb: make qemu CPU=sifive-u54 SMP=4 MEM=512M
CPU ?= rv64
SMP ?= 1
MEM ?= 128M
QEMU_EXTRA ?=

# `make` alone builds everything (the stamp rule below must not be the default).
.DEFAULT_GOAL := all

# Before anything is built, make sure the Debian packages are there.
DEPS_STAMP := $(B)/.deps-ok
$(DEPS_STAMP): scripts/deps.sh
	$(Q)sh scripts/deps.sh
	@mkdir -p $(B) && touch $@

WARN   := -Wall -Wextra -Werror
COMMON := -g -O2 $(WARN) -fno-omit-frame-pointer -ffunction-sections -fdata-sections \
          -Iinclude -I$(B)/gen -mcmodel=medany -misa-spec=2.2

KCFLAGS := $(COMMON) -march=rv64imac -mabi=lp64 -ffreestanding -fno-stack-protector \
           -fno-pic -DEXOS_KERNEL -Ikernel -MMD -MP
UCFLAGS := $(COMMON) -march=rv64imafdc -mabi=lp64d --specs=picolibc.specs \
           -Ilibexos/include -MMD -MP

all: kernel userland dtbs host-tests

# ---------------------------------------------------------------- generated
# One run of the generator makes all four (a grouped target: make -j must
# not start it once per file).
$(B)/gen/exos/sysno.h $(B)/gen/sysent.c $(B)/gen/sysfull.S $(B)/gen/sysstubs.S &: kernel/syscalls.tbl scripts/gen-syscalls.sh | $(DEPS_STAMP)
	$(call msg,GEN,syscalls)
	$(Q)sh scripts/gen-syscalls.sh kernel/syscalls.tbl $(B)/gen

# ---------------------------------------------------------------- kernel
KSRCS := $(wildcard arch/riscv/*.S arch/riscv/*.c kernel/*.c) $(B)/gen/sysent.c $(B)/gen/sysfull.S
KOBJS := $(patsubst %,$(B)/k/%.o,$(basename $(KSRCS)))
KOBJS := $(subst $(B)/k/$(B)/gen/,$(B)/k/gen/,$(KOBJS))

$(B)/k/%.o: %.c $(B)/gen/exos/sysno.h
	$(call msg,CC,$<)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(KCFLAGS) -c $< -o $@

$(B)/k/%.o: %.S $(B)/gen/exos/sysno.h
	$(call msg,AS,$<)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(KCFLAGS) -c $< -o $@

$(B)/k/gen/%.o: $(B)/gen/%.c
	$(call msg,CC,$<)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(KCFLAGS) -c $< -o $@
$(B)/k/gen/%.o: $(B)/gen/%.S
	$(call msg,AS,$<)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(KCFLAGS) -c $< -o $@

# Early boot code runs before translation: no jump tables (absolute addresses).
$(B)/k/arch/riscv/early.o: KCFLAGS += -fno-jump-tables

KLDFLAGS := -nostdlib -static -Wl,--gc-sections -Wl,-T,arch/riscv/kernel.ld -Wl,--no-warn-rwx-segments
KERNEL_LINK = $(CC) $(KCFLAGS) $(KLDFLAGS) -o $@ $(KOBJS) $(1) -lgcc

# Pass 1 links with an empty symbol table; its text symbols become the
# table every image links (text comes first, so it does not move).
$(B)/k/ksyms0.S: scripts/gen-ksyms.sh | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(Q)sh scripts/gen-ksyms.sh $(NM) - $@
$(B)/k/%.o: $(B)/k/%.S
	$(Q)$(CC) $(KCFLAGS) -c $< -o $@
$(B)/k/noinit.S:
	@mkdir -p $(dir $@)
	$(Q)printf '\t.section .init_elf, "a"\n\t.globl init_elf_start, init_elf_end\ninit_elf_start:\ninit_elf_end:\n' > $@

$(B)/k/pass1.elf: $(KOBJS) $(B)/k/ksyms0.o $(B)/k/noinit.o arch/riscv/kernel.ld
	$(call msg,LD,$@)
	$(Q)$(call KERNEL_LINK,$(B)/k/ksyms0.o $(B)/k/noinit.o)
$(B)/k/ksyms.S: $(B)/k/pass1.elf scripts/gen-ksyms.sh
	$(call msg,GEN,$@)
	$(Q)sh scripts/gen-ksyms.sh $(NM) $< $@

# One bootable kernel per program: build/img/<prog>.elf runs <prog> as init.
$(B)/img/%.S: $(B)/user/%.elf
	@mkdir -p $(dir $@)
	$(Q)printf '\t.section .init_elf, "a"\n\t.balign 16\n\t.globl init_elf_start, init_elf_end\ninit_elf_start:\n\t.incbin "%s"\ninit_elf_end:\n' $< > $@
$(B)/img/%.init.o: $(B)/img/%.S
	$(Q)$(CC) $(KCFLAGS) -c $< -o $@
$(B)/img/%.elf: $(KOBJS) $(B)/k/ksyms.o $(B)/img/%.init.o arch/riscv/kernel.ld scripts/check-ksyms.sh
	$(call msg,LD,$@)
	$(Q)$(call KERNEL_LINK,$(B)/k/ksyms.o $(B)/img/$*.init.o)
	$(Q)sh scripts/check-ksyms.sh $(NM) $(B)/k/pass1.elf $@
$(B)/img/%.Image: $(B)/img/%.elf
	$(Q)$(OBJCOPY) -O binary $< $@
.PRECIOUS: $(B)/img/%.S $(B)/img/%.init.o $(B)/img/%.elf $(B)/user/%.elf

kernel: $(B)/kernel.elf $(B)/Image
$(B)/kernel.elf: $(B)/img/init.elf
	$(Q)cp $< $@
$(B)/Image: $(B)/img/init.Image
	$(Q)cp $< $@

# ---------------------------------------------------------------- userland
LIBEXOS_SRCS := $(wildcard libexos/*.c libexos/*.S libexos/*/*.c) $(B)/gen/sysstubs.S
LIBEXOS_OBJS := $(patsubst %,$(B)/u/%.o,$(basename $(LIBEXOS_SRCS)))
LIBEXOS_OBJS := $(subst $(B)/u/$(B)/gen/,$(B)/u/gen/,$(LIBEXOS_OBJS))
# Every program links -lexos after its own objects, so libexos's POSIX
# calls win over picolibc's stubs of the same names (signal, raise).
# Linked into every program as objects, not from the archive: crt0, and
# mem.o, whose sbrk must win over the one in picolibc's libc.a, and
# string.o, whose memcpy/memmove/memset must win over its slow ones.
LIBEXOS_CRT0 := $(B)/u/libexos/crt0.o $(B)/u/libexos/mem.o $(B)/u/libexos/string.o
LIBEXOS_LIB  := $(filter-out $(LIBEXOS_CRT0),$(LIBEXOS_OBJS))

$(B)/u/%.o: %.c $(B)/gen/exos/sysno.h
	$(call msg,CC,$<)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(UCFLAGS) -c $< -o $@
$(B)/u/%.o: %.S $(B)/gen/exos/sysno.h
	$(call msg,AS,$<)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(UCFLAGS) -c $< -o $@
$(B)/u/gen/%.o: $(B)/gen/%.S
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(UCFLAGS) -c $< -o $@

$(B)/libexos.a: $(LIBEXOS_LIB)
	$(call msg,AR,$@)
	$(Q)rm -f $@ && $(CROSS)ar rcs $@ $^

# Programs: userland/<name>/ with a <name>.c is program <name> (all its
# *.c files); userland/tests/<t>.c is program <t>.
PROGS      := $(notdir $(patsubst %/,%,$(dir $(foreach d,$(wildcard userland/*),$(wildcard $(d)/$(notdir $(d)).c)))))
TEST_PROGS := $(basename $(notdir $(wildcard userland/tests/*.c)))
ULDFLAGS   := -nostartfiles -T libexos/user.ld -L$(B) --oslib=exos -Wl,--gc-sections

define prog_rule
$(B)/user/$(1).elf: $(patsubst %.c,$(B)/u/%.o,$(2)) $(LIBEXOS_CRT0) $(B)/libexos.a libexos/user.ld
	$$(call msg,LD,$$@)
	@mkdir -p $$(dir $$@)
	$$(Q)$$(CC) $$(UCFLAGS) $$(ULDFLAGS) -o $$@ $(LIBEXOS_CRT0) $(patsubst %.c,$(B)/u/%.o,$(2)) -lexos
endef
$(foreach p,$(PROGS),$(eval $(call prog_rule,$(p),$(wildcard userland/$(p)/*.c))))
$(foreach p,$(TEST_PROGS),$(eval $(call prog_rule,$(p),userland/tests/$(p).c)))

userland: $(foreach p,$(PROGS) $(TEST_PROGS),$(B)/img/$(p).elf $(B)/img/$(p).Image) $(B)/initrd.cpio

# The boot archive (cpio newc, passed like an initrd): every program as
# /bin/<name>, BusyBox with a link per applet (mk/busybox.mk), and a few
# files of /etc (scripts/mkinitrd.sh).
$(B)/initrd.cpio: $(foreach p,$(PROGS) $(TEST_PROGS),$(B)/user/$(p).elf) scripts/mkinitrd.sh \
                  $(B)/user/busybox.elf $(B)/busybox/obj/busybox.links \
                  $(wildcard userland/bench/shell/*)
	$(call msg,CPIO,$@)
	$(Q)sh scripts/mkinitrd.sh -l $(B)/busybox/obj/busybox.links $@ \
		$(foreach p,$(PROGS) $(TEST_PROGS),$(B)/user/$(p).elf) $(B)/user/busybox.elf

# ---------------------------------------------------------------- device trees
DTS  := $(wildcard dts/*.dts)
DTBS := $(patsubst dts/%.dts,$(B)/dts/%.dtb,$(DTS))
$(B)/dts/%.dtb: dts/%.dts | $(DEPS_STAMP)
	$(call msg,DTC,$<)
	@mkdir -p $(dir $@)
	$(Q)$(DTC) -I dts -O dtb -o $@ $<
dtbs: $(DTBS)

# ---------------------------------------------------------------- host tests
HOST_TESTS :=
include $(wildcard tests/host/*.mk)
# -iquote: kernel/fdt.h must not shadow libfdt's <fdt.h> (the test oracle).
HOSTCFLAGS := -g -O1 -Wall -Wextra -Werror -DKLIB_HOSTED -iquote kernel -Iinclude \
              -fsanitize=address,undefined -fno-sanitize-recover=all
define host_rule
$(B)/host/$(1): $($(1)_SRCS) $(wildcard kernel/*.h tests/host/*.h libexos/*.h userland/*/*.h) | $(DEPS_STAMP) $(B)/user/init.elf
	$$(call msg,HOSTCC,$$@)
	@mkdir -p $$(dir $$@)
	$$(Q)$$(HOSTCC) $$(HOSTCFLAGS) -o $$@ $($(1)_SRCS) $($(1)_LIBS)
endef
$(foreach t,$(HOST_TESTS),$(eval $(call host_rule,$(t))))
$(B)/host/dtb/.stamp: tests/host/gen-dtbs.sh $(DTBS)
	$(Q)sh tests/host/gen-dtbs.sh $(B)/host/dtb
	$(Q)touch $@
host-tests: $(addprefix $(B)/host/,$(HOST_TESTS)) $(B)/host/dtb/.stamp

# ---------------------------------------------------------------- more rules
# Each mk/*.mk adds targets for one area (boards, disk images, ...).
include $(wildcard mk/*.mk)

# ---------------------------------------------------------------- running
QEMU_BOOT = $(QEMU) -machine virt -cpu $(CPU) -smp $(SMP) -m $(MEM) -nographic -bios default

qemu: kernel userland
	$(QEMU_BOOT) -kernel $(B)/Image -initrd $(B)/initrd.cpio $(QEMU_EXTRA)

qemu-gdb: kernel
	@echo "QEMU waits for gdb on :1234; in another terminal: gdb-multiarch -x scripts/gdbinit"
	$(QEMU_BOOT) -kernel $(B)/Image -S -gdb tcp::1234 $(QEMU_EXTRA)

check: all
	@bash scripts/check.sh

bench: kernel userland
	@bash scripts/bench.sh

clean:
	rm -rf $(B)/k $(B)/u $(B)/img $(B)/user $(B)/host $(B)/dts $(B)/gen $(B)/*.elf $(B)/Image $(B)/libexos.a $(B)/test-logs $(B)/bench.json

help:
	@echo "make qemu       build and boot on QEMU virt (CPU= SMP= MEM= QEMU_EXTRA=)"
	@echo "make check      build everything and run every test"
	@echo "make bench      instruction counts under -icount (build/bench.json)"
	@echo "make qemu-gdb   boot QEMU stopped, waiting for gdb-multiarch"
	@echo "make busybox    build BusyBox (busybox-menuconfig changes its configuration)"
	@echo "make busybox-test  BusyBox's test suite inside exos (BBTEST=a,b: some applets)"
	@echo "make clean      remove build output; V=1 shows commands"

.PHONY: all kernel userland dtbs host-tests qemu qemu-gdb check bench clean help
.DELETE_ON_ERROR:
# Keep intermediates (ksyms.o, the per-image init objects): deleting them at
# the end would print after make check's closing line.
.SECONDARY:

-include $(shell find $(B)/k $(B)/u -name '*.d' 2>/dev/null)
