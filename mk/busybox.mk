# busybox.mk - BusyBox from Debian's source package, cross-compiled
# against picolibc and libexos: the shell and utilities in /bin.
#
#   build/busybox/src       Debian's busybox 1.35 with our patches
#                           (scripts/busybox-src.sh; userland/busybox/patches)
#   build/busybox/obj       the out-of-tree build, configured from
#                           userland/busybox/busybox.config
#   build/user/busybox.elf  the program (stripped); obj/busybox_unstripped
#                           keeps the symbols
#
#   make busybox-menuconfig   change the configuration (then copy
#                             build/busybox/obj/.config to busybox.config)

BB_SRC := $(B)/busybox/src
BB_OBJ := $(B)/busybox/obj
BB_TOP := $(CURDIR)
comma := ,

# The same target and C library as every program (UCFLAGS without our
# warnings: BusyBox is not ours to fix), __exos__ for the few places a
# patch names us, and libexos's headers first: they complete picolibc's.
BB_CFLAGS := -march=rv64imafdc -mabi=lp64d -mcmodel=medany -misa-spec=2.2 \
             --specs=picolibc.specs -I$(BB_TOP)/libexos/include -I$(BB_TOP)/include \
             -I$(BB_TOP)/$(B)/gen -D__exos__
# The link: libexos's own start-up, layout and the objects that must win
# over picolibc's (Makefile, LIBEXOS_CRT0), then -lexos before -lc in
# one group, so libexos's POSIX calls win over picolibc's stubs.  All of
# it goes in CONFIG_EXTRA_LDLIBS, which only the final link sees
# (EXTRA_LDFLAGS also reaches BusyBox's partial links); items starting
# with '-' pass through as they are.
BB_LDLIBS := -nostartfiles -Wl,-u,main -T$(BB_TOP)/libexos/user.ld \
             $(addprefix -Wl$(comma)$(BB_TOP)/,$(LIBEXOS_CRT0)) -L$(BB_TOP)/$(B) exos c
BB_MAKE = $(MAKE) -C $(BB_SRC) O=$(BB_TOP)/$(BB_OBJ) V=$(filter-out 0,$(V)) \
          CROSS_COMPILE=$(CROSS) CONFIG_EXTRA_CFLAGS="$(BB_CFLAGS)" \
          CONFIG_EXTRA_LDLIBS="$(BB_LDLIBS)"

$(BB_SRC)/.unpacked: scripts/busybox-src.sh $(wildcard userland/busybox/patches/*.patch) | $(DEPS_STAMP)
	$(call msg,FETCH,busybox)
	$(Q)sh scripts/busybox-src.sh $(BB_SRC)

# PLATFORM_LINUX only makes applets selectable (the code itself tests
# __linux__, which the compiler does not define here): exos offers the
# Linux interfaces free, uptime and ps -o time use (sysinfo, /proc), and
# busybox.config leaves every Linux-only applet off.
$(BB_OBJ)/.config: userland/busybox/busybox.config $(BB_SRC)/.unpacked
	$(call msg,CONFIG,busybox)
	@mkdir -p $(BB_OBJ)
	$(Q)printf 'config PLATFORM_LINUX\n\tbool\n\tdefault y\n' > $(BB_OBJ)/.platform.in
	$(Q)cp userland/busybox/busybox.config $@
	$(Q)yes '' | $(BB_MAKE) oldconfig > $(BB_OBJ)/oldconfig.log 2>&1 || \
		{ cat $(BB_OBJ)/oldconfig.log; exit 1; }

BB_DEPS := $(BB_OBJ)/.config $(LIBEXOS_CRT0) $(B)/libexos.a libexos/user.ld \
           $(wildcard libexos/include/*.h libexos/include/*/*.h)
$(B)/user/busybox.elf: $(BB_DEPS)
	$(call msg,BUSYBOX,$@)
	@# BusyBox relinks only when its own objects change: libexos did.
	$(Q)rm -f $(BB_OBJ)/busybox_unstripped
	$(Q)$(BB_MAKE) busybox > $(BB_OBJ)/build.log 2>&1 || \
		{ grep -B2 -A8 'error\|Error\|undefined' $(BB_OBJ)/build.log | head -80; exit 1; }
	$(Q)$(BB_MAKE) busybox.links > /dev/null 2>&1
	@mkdir -p $(dir $@)
	$(Q)cp $(BB_OBJ)/busybox $@
# The applets, one path a line (mkinitrd.sh links each in /bin).
$(BB_OBJ)/busybox.links: $(B)/user/busybox.elf

# ---------------------------------------------------------------- the test suite
# BusyBox's testsuite/ runs inside exos (userland/busybox/bbtest.sh, as
# the shell's script: run= on the kernel command line).  Its archive is
# the system's plus /usr/lib/bbtest: the suite, and a bin directory
# runtest takes for BusyBox's (busybox, .config, a link per applet).
BBT := $(B)/bbtest
$(BBT)/initrd.cpio: $(B)/initrd.cpio userland/busybox/bbtest.sh $(BB_OBJ)/.config
	$(call msg,CPIO,$@)
	$(Q)rm -rf $(BBT)/x && mkdir -p $(BBT)/x/usr/lib/bbtest/bin/runtest-tempdir-links $(BBT)/x/exos
	$(Q)cp -a $(BB_SRC)/testsuite $(BBT)/x/usr/lib/bbtest/
	$(Q)cp $(BB_OBJ)/.config $(BBT)/x/usr/lib/bbtest/bin/.config
	$(Q)ln -s /bin/busybox $(BBT)/x/usr/lib/bbtest/bin/busybox
	$(Q)for a in $$(sed 's|.*/||' $(BB_OBJ)/busybox.links); do \
		ln -s /bin/busybox $(BBT)/x/usr/lib/bbtest/bin/runtest-tempdir-links/$$a; done
	$(Q)cp userland/busybox/bbtest.sh $(BBT)/x/exos/
	$(Q)sh scripts/mkinitrd.sh -l $(BB_OBJ)/busybox.links -x $(BBT)/x $@ \
		$(foreach p,$(progs),$(B)/user/$(p).elf) $(B)/user/busybox.elf
all: $(BBT)/initrd.cpio

# make busybox-test: every applet of the list (bbtest.sh); BBTEST=a,b
# picks some.  The results are in build/bbtest/results.txt.
BBTEST ?=
busybox-test: $(BBT)/initrd.cpio kernel
	@scripts/qemu-run.sh --mem 512M --timeout 3000 --initrd $(BBT)/initrd.cpio \
		--append "run=/exos/bbtest.sh $(if $(BBTEST),bbtest=$(BBTEST))" \
		--log $(BBT)/console.log $(B)/Image; \
	grep '^bbtest:' $(BBT)/console.log | sed 's/^bbtest: //' | tee $(BBT)/results.txt

busybox: $(B)/user/busybox.elf
BUSYBOX_LINKS := $(BB_OBJ)/busybox.links
busybox-menuconfig: $(BB_OBJ)/.config
	$(BB_MAKE) menuconfig

.PHONY: busybox busybox-menuconfig busybox-test
