# boards.mk - boot images for U-Boot: the VisionFive 2 SD card image, the
# disks that test the U-Boot flow on QEMU, and make qemu-uboot.
#
#   make sdimage      build/sdimage/visionfive2.img (README: Running on a board)
#   make qemu-uboot   OpenSBI -> U-Boot -> extlinux.conf -> booti build/Image
#                     with build/initrd.cpio, the boot archive (the shell)
#                     UBOOT_DISK=bootscr: through boot.scr instead
#                     UBOOT_DISK=fdtfile: with dts/qemu-virt.dts from the disk
#                     (made for 256 MiB, what U-Boot needs)
#                     UBOOT_DISK=tftp: no disk; DHCP and TFTP (QEMU's own)
#
# Every card and disk holds the kernel (Image), the boot archive
# (initrd.cpio) and the boot configuration in partition 3, the one
# StarFive's firmware reads (scripts/sdimage.sh).

UBOOT_ELF  ?= /usr/lib/u-boot/qemu-riscv64_smode/uboot.elf
UBOOT_MEM  ?= 256M
UBOOT_DISK ?= extlinux
MKIMAGE    ?= mkimage

SDIMAGE    := $(B)/sdimage/visionfive2.img
UBOOT_DISKS := $(addprefix $(B)/uboot/,extlinux.img fdtfile.img bootscr.img)
# The options of each configuration are in this file: a change remakes them.
BOARD_SCRIPTS := scripts/sdimage.sh scripts/uboot-config.sh mk/boards.mk

# ---------------------------------------------------------------- configs
# $(1): output directory; $(2): uboot-config.sh options.
INITRD := $(B)/initrd.cpio
define uboot_configs
$(1)/extlinux.conf: $(BOARD_SCRIPTS) | $(DEPS_STAMP)
	@mkdir -p $$(dir $$@)
	$$(Q)sh scripts/uboot-config.sh extlinux $(2) > $$@
$(1)/boot.cmd: $(BOARD_SCRIPTS) | $(DEPS_STAMP)
	@mkdir -p $$(dir $$@)
	$$(Q)sh scripts/uboot-config.sh bootcmd $(2) > $$@
$(1)/tftp.cmd: $(BOARD_SCRIPTS) | $(DEPS_STAMP)
	@mkdir -p $$(dir $$@)
	$$(Q)sh scripts/uboot-config.sh tftpcmd $(2) > $$@
endef
$(eval $(call uboot_configs,$(B)/sdimage/cfg,--fdt visionfive2.dtb --initrd initrd.cpio))
$(eval $(call uboot_configs,$(B)/uboot/cfg-board,--initrd initrd.cpio))
$(eval $(call uboot_configs,$(B)/uboot/cfg-fdt,--fdt qemu-virt-256m.dtb --initrd initrd.cpio))

%/boot.scr: %/boot.cmd
	$(Q)$(MKIMAGE) -A riscv -O linux -T script -C none -n exos -d $< $@ > /dev/null
%/boot.scr.uimg: %/tftp.cmd
	$(Q)$(MKIMAGE) -A riscv -O linux -T script -C none -n exos -d $< $@ > /dev/null

# ---------------------------------------------------------------- images
$(SDIMAGE): $(B)/Image $(INITRD) $(B)/dts/visionfive2.dtb $(B)/sdimage/cfg/extlinux.conf \
            $(B)/sdimage/cfg/boot.scr $(BOARD_SCRIPTS)
	$(call msg,SDIMAGE,$@)
	$(Q)sh scripts/sdimage.sh $@ $(B)/Image=Image $(INITRD)=initrd.cpio \
		$(B)/dts/visionfive2.dtb=visionfive2.dtb \
		$(B)/sdimage/cfg/extlinux.conf=extlinux/extlinux.conf $(B)/sdimage/cfg/boot.scr=boot.scr

# The QEMU disks: the same layout, smaller.  extlinux.img boots with U-Boot's
# own device tree, fdtfile.img with dts/qemu-virt.dts from the disk (as the
# SD image does with the board's), bootscr.img through boot.scr.  U-Boot
# needs 256 MiB and loads the archive past the first 128 (Debian's
# ramdisk_addr_r, 0x8c300000), so fdtfile.img boots a copy of the tree
# whose memory node says 256 MiB; it also holds the tree as it is (128
# MiB), for the test that fixes the memory node by hand.
QEMU_DISK = sh scripts/sdimage.sh --boot-mib 32 --root-mib 4 $@ $(B)/Image=Image \
	$(INITRD)=initrd.cpio
$(B)/uboot/extlinux.img: $(B)/Image $(INITRD) $(B)/uboot/cfg-board/extlinux.conf $(BOARD_SCRIPTS)
	$(call msg,DISK,$@)
	$(Q)$(QEMU_DISK) $(B)/uboot/cfg-board/extlinux.conf=extlinux/extlinux.conf
$(B)/uboot/qemu-virt-256m.dtb: dts/qemu-virt.dts | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(Q)printf '/include/ "qemu-virt.dts"\n&{/memory@80000000} { reg = <0x0 0x80000000 0x0 0x10000000>; };\n' \
		> $(B)/uboot/qemu-virt-256m.dts
	$(Q)$(DTC) -q -i dts -I dts -O dtb -o $@ $(B)/uboot/qemu-virt-256m.dts
$(B)/uboot/fdtfile.img: $(B)/Image $(INITRD) $(B)/dts/qemu-virt.dtb $(B)/uboot/qemu-virt-256m.dtb \
                        $(B)/uboot/cfg-fdt/extlinux.conf $(BOARD_SCRIPTS)
	$(call msg,DISK,$@)
	$(Q)$(QEMU_DISK) $(B)/dts/qemu-virt.dtb=qemu-virt.dtb \
		$(B)/uboot/qemu-virt-256m.dtb=qemu-virt-256m.dtb \
		$(B)/uboot/cfg-fdt/extlinux.conf=extlinux/extlinux.conf
$(B)/uboot/bootscr.img: $(B)/Image $(INITRD) $(B)/uboot/cfg-board/boot.scr $(BOARD_SCRIPTS)
	$(call msg,DISK,$@)
	$(Q)$(QEMU_DISK) $(B)/uboot/cfg-board/boot.scr=boot.scr

# What a TFTP server offers for booting the VisionFive 2 over the network
# (README), and the same for QEMU (U-Boot's own device tree).
$(B)/tftp/.stamp: $(B)/Image $(INITRD) $(B)/dts/visionfive2.dtb $(B)/sdimage/cfg/boot.scr.uimg
	@mkdir -p $(dir $@)
	$(Q)cp $^ $(dir $@)
	$(Q)touch $@
$(B)/uboot/tftp/.stamp: $(B)/Image $(INITRD) $(B)/uboot/cfg-board/boot.scr.uimg
	@mkdir -p $(dir $@)
	$(Q)cp $^ $(dir $@)
	$(Q)touch $@

sdimage: $(SDIMAGE)
# (The 256 MiB tree is named too: the Makefile's .SECONDARY would let a
# missing prerequisite of a disk that is up to date stay missing.)
board-images: $(SDIMAGE) $(UBOOT_DISKS) $(B)/uboot/qemu-virt-256m.dtb $(B)/tftp/.stamp \
              $(B)/uboot/tftp/.stamp
all: board-images

# ---------------------------------------------------------------- running
ifeq ($(UBOOT_DISK),tftp)
UBOOT_MEDIA := $(B)/uboot/tftp/.stamp
UBOOT_QEMU  := -netdev user,id=net0,restrict=on,tftp=$(B)/uboot/tftp \
               -device virtio-net-device,netdev=net0
else
UBOOT_MEDIA := $(B)/uboot/$(UBOOT_DISK).img
UBOOT_QEMU  := -global virtio-mmio.force-legacy=false \
               -drive file=$(UBOOT_MEDIA),format=raw,if=none,id=disk0 \
               -device virtio-blk-device,drive=disk0
endif
qemu-uboot: $(UBOOT_MEDIA)
	$(QEMU) -machine virt -cpu $(CPU) -smp $(SMP) -m $(UBOOT_MEM) -nographic -bios default \
		-kernel $(UBOOT_ELF) $(UBOOT_QEMU) $(QEMU_EXTRA)

clean: clean-boards
clean-boards:
	rm -rf $(B)/sdimage $(B)/uboot $(B)/tftp $(B)/test-dts

.PHONY: sdimage board-images qemu-uboot clean-boards
