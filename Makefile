# exos - an exokernel for RISC-V.  One non-recursive Makefile; all output
# under build/; each folder adds its files in its objects.mk (below).
# `make help` lists the targets.

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

# The architecture: arch/$(ARCH)/ (riscv; the host tests use arch/fake/).
ARCH ?= riscv

# The kernel sees kernel/ and lib/ (the pure C it shares with libexos);
# libexos's objects.mk adds its own folders for its objects, and programs
# see only libexos/include (the installed headers).
KCFLAGS := $(COMMON) -march=rv64imac -mabi=lp64 -ffreestanding -fno-stack-protector \
           -fno-pic -DEXOS_KERNEL -Ikernel -iquote lib -Iarch/$(ARCH)/include -MMD -MP
UCFLAGS := $(COMMON) -march=rv64imafdc -mabi=lp64d --specs=picolibc.specs \
           -Ilibexos/include -MMD -MP

all: kernel userland dtbs host-tests

# ---------------------------------------------------------------- folders
# Every folder with code has an objects.mk saying what it adds, included
# here with $(d) set to the folder ("kernel/drivers/").  The lists:
#   kernel-srcs     .c and .S files linked into every kernel image
#   kernel-drivers  device-tree drivers: name N is the `driver_N` that
#                   kernel/drivers/N.c defines; build/gen/drivers.c lists
#                   them in this order (kernel/driver.h)
#   libexos-srcs    the library OS, archived in build/libexos.a
#   libexos-crt     those of them every program links as objects
#   userlib-srcs    code programs share, archived in build/libuser.a
#   progs           programs; program P is linked from $(P-srcs)
# A new subsystem is a folder with an objects.mk: nothing here changes.
kernel-srcs :=
kernel-drivers :=
libexos-srcs :=
libexos-crt :=
userlib-srcs :=
progs :=
OBJECTS_MK := arch/$(ARCH)/objects.mk \
	$(wildcard lib/objects.mk kernel/objects.mk kernel/*/objects.mk \
	           libexos/objects.mk libexos/*/objects.mk \
	           drivers-exported/objects.mk drivers-exported/*/objects.mk \
	           userland/objects.mk userland/*/objects.mk)
define include_objects
d := $(dir $(1))
include $(1)
endef
$(foreach f,$(OBJECTS_MK),$(eval $(call include_objects,$(f))))

# Object files of sources (generated ones live in $(B)/gen): kernel
# objects under $(B)/k, user-side ones under $(B)/u.
kobjs = $(patsubst $(B)/k/$(B)/gen/%,$(B)/k/gen/%,$(patsubst %,$(B)/k/%.o,$(basename $(1))))
uobjs = $(patsubst $(B)/u/$(B)/gen/%,$(B)/u/gen/%,$(patsubst %,$(B)/u/%.o,$(basename $(1))))

# ---------------------------------------------------------------- generated
# One run of the generator makes them all (a grouped target: make -j must
# not start it once per file).
SYSGEN := $(B)/gen/exos/sysno.h $(B)/gen/exos/syscalls.h $(B)/gen/syshandlers.h \
          $(B)/gen/sysent.c $(B)/gen/sysfull.S $(B)/gen/sysstubs.S
$(SYSGEN) &: kernel/syscalls.tbl scripts/gen-syscalls.sh | $(DEPS_STAMP)
	$(call msg,GEN,syscalls)
	$(Q)sh scripts/gen-syscalls.sh kernel/syscalls.tbl $(B)/gen

# The driver table, from the objects.mk lists.
$(B)/gen/drivers.c: scripts/gen-drivers.sh $(OBJECTS_MK) | $(DEPS_STAMP)
	$(call msg,GEN,drivers)
	@mkdir -p $(dir $@)
	$(Q)sh scripts/gen-drivers.sh $@ $(kernel-drivers)

# ---------------------------------------------------------------- kernel
KSRCS := $(kernel-srcs) $(B)/gen/sysent.c $(B)/gen/sysfull.S $(B)/gen/drivers.c
KOBJS := $(call kobjs,$(KSRCS))

$(B)/k/%.o: %.c $(SYSGEN)
	$(call msg,CC,$<)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(KCFLAGS) -c $< -o $@

$(B)/k/%.o: %.S $(SYSGEN)
	$(call msg,AS,$<)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(KCFLAGS) -c $< -o $@

$(B)/k/gen/%.o: $(B)/gen/%.c $(B)/gen/exos/sysno.h
	$(call msg,CC,$<)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(KCFLAGS) -c $< -o $@
$(B)/k/gen/%.o: $(B)/gen/%.S $(B)/gen/exos/sysno.h
	$(call msg,AS,$<)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(KCFLAGS) -c $< -o $@

# The syscall shims only convert registers and call on (often a tail
# call): a frame of their own would cost every system call instructions,
# and a backtrace needs none (the handler's frame names them).
$(B)/k/gen/sysent.o: KCFLAGS += -fomit-frame-pointer

KLDFLAGS := -nostdlib -static -Wl,--gc-sections -Wl,-T,arch/$(ARCH)/kernel.ld -Wl,--no-warn-rwx-segments
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

$(B)/k/pass1.elf: $(KOBJS) $(B)/k/ksyms0.o $(B)/k/noinit.o arch/$(ARCH)/kernel.ld
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
$(B)/img/%.elf: $(KOBJS) $(B)/k/ksyms.o $(B)/img/%.init.o arch/$(ARCH)/kernel.ld scripts/check-ksyms.sh
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
LIBEXOS_OBJS := $(call uobjs,$(libexos-srcs) $(B)/gen/sysstubs.S)
# Linked into every program as objects, not from the archive (objects.mk:
# libexos-crt).  Every program links -lexos after its own objects too, so
# libexos's POSIX calls win over picolibc's stubs of the same names
# (signal, raise).
LIBEXOS_CRT0 := $(call uobjs,$(libexos-crt))
LIBEXOS_LIB  := $(filter-out $(LIBEXOS_CRT0),$(LIBEXOS_OBJS))
USERLIB_OBJS := $(call uobjs,$(userlib-srcs))

$(B)/u/%.o: %.c $(SYSGEN)
	$(call msg,CC,$<)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(UCFLAGS) -c $< -o $@
$(B)/u/%.o: %.S $(SYSGEN)
	$(call msg,AS,$<)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(UCFLAGS) -c $< -o $@
$(B)/u/gen/%.o: $(B)/gen/%.S
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(UCFLAGS) -c $< -o $@

$(B)/libexos.a: $(LIBEXOS_LIB)
	$(call msg,AR,$@)
	$(Q)rm -f $@ && $(CROSS)ar rcs $@ $^
$(B)/libuser.a: $(USERLIB_OBJS)
	$(call msg,AR,$@)
	$(Q)rm -f $@ && $(CROSS)ar rcs $@ $^

ULDFLAGS := -nostartfiles -T libexos/user.ld -L$(B) --oslib=exos -Wl,--gc-sections

define prog_rule
$(B)/user/$(1).elf: $(call uobjs,$($(1)-srcs)) $(LIBEXOS_CRT0) $(B)/libuser.a $(B)/libexos.a libexos/user.ld
	$$(call msg,LD,$$@)
	@mkdir -p $$(dir $$@)
	$$(Q)$$(CC) $$(UCFLAGS) $$(ULDFLAGS) -o $$@ $(LIBEXOS_CRT0) $(call uobjs,$($(1)-srcs)) $(B)/libuser.a -lexos
endef
$(foreach p,$(progs),$(eval $(call prog_rule,$(p))))

userland: $(foreach p,$(progs),$(B)/img/$(p).elf $(B)/img/$(p).Image) $(B)/initrd.cpio

# The boot archive (cpio newc, passed like an initrd): every program as
# /exos/<name>, BusyBox as /bin/busybox with a link per applet
# (mk/busybox.mk), and a few files of /etc (scripts/mkinitrd.sh).
$(B)/initrd.cpio: $(foreach p,$(progs),$(B)/user/$(p).elf) scripts/mkinitrd.sh \
                  $(B)/user/busybox.elf $(B)/busybox/obj/busybox.links \
                  $(wildcard userland/bench/shell/*)
	$(call msg,CPIO,$@)
	$(Q)sh scripts/mkinitrd.sh -l $(B)/busybox/obj/busybox.links $@ \
		$(foreach p,$(progs),$(B)/user/$(p).elf) $(B)/user/busybox.elf

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
HOSTCFLAGS := -g -O1 -Wall -Wextra -Werror -DKLIB_HOSTED -iquote kernel -iquote lib -Iinclude \
              -Iarch/fake/include -I$(B)/gen \
              -fsanitize=address,undefined -fno-sanitize-recover=all
define host_rule
$(B)/host/$(1): $($(1)_SRCS) $(SYSGEN) $(wildcard kernel/*.h kernel/*/*.h lib/*.h arch/fake/include/arch/*.h tests/host/*.h libexos/*.h libexos/include/exos/*.h userland/*/*.h) | $(DEPS_STAMP) $(B)/user/init.elf
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

qemu-gdb: kernel userland
	@echo "QEMU waits for gdb on :1234; in another terminal: gdb-multiarch -x scripts/gdbinit"
	$(QEMU_BOOT) -kernel $(B)/Image -initrd $(B)/initrd.cpio -S -gdb tcp::1234 $(QEMU_EXTRA)

check: all
	@bash scripts/check.sh

bench: kernel userland
	@bash scripts/bench.sh

clean:
	rm -rf $(B)/k $(B)/u $(B)/img $(B)/user $(B)/host $(B)/dts $(B)/gen $(B)/*.elf $(B)/Image $(B)/libexos.a $(B)/libuser.a $(B)/test-logs $(B)/bench.json $(B)/fuzz-logs

help:
	@echo "make            build everything (kernel, userland, dtbs, host-tests, board-images)"
	@echo "make qemu       build and boot on QEMU virt to the shell (CPU= SMP= MEM= QEMU_EXTRA=)"
	@echo "make qemu-gdb   the same, stopped and waiting for gdb-multiarch on :1234"
	@echo "make qemu-uboot boot through OpenSBI and U-Boot from a disk laid out like the SD card"
	@echo "                (UBOOT_DISK=extlinux, the default; fdtfile, bootscr or tftp)"
	@echo "make check      build everything and run every test (ONLY=regex: just those)"
	@echo "make bench      instruction counts under -icount (build/bench.json)"
	@echo "make fuzz       a fuzzing campaign (FUZZ_SECONDS= FUZZ_SEEDS= FUZZ_PROFILES=)"
	@echo "make sdimage    the VisionFive 2 SD card image, build/sdimage/visionfive2.img"
	@echo "make busybox    build BusyBox (busybox-menuconfig changes its configuration)"
	@echo "make busybox-test  BusyBox's test suite inside exos (BBTEST=a,b: some applets)"
	@echo "make kernel | userland | dtbs | host-tests | board-images   one part of make"
	@echo "make clean      remove build output (clean-boards: only cards and disks); V=1 shows commands"

.PHONY: all kernel userland dtbs host-tests qemu qemu-gdb check bench clean help
.DELETE_ON_ERROR:
# Keep intermediates (ksyms.o, the per-image init objects): deleting them at
# the end would print after make check's closing line.
.SECONDARY:

-include $(shell find $(B)/k $(B)/u -name '*.d' 2>/dev/null)
