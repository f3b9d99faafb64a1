# boards.mk - boot images for U-Boot: the VisionFive 2 SD card image, the
# disks that test the U-Boot flow on QEMU, and make qemu-uboot.
#
#   make sdimage      build/sdimage/visionfive2.img (README: Running on a board)
#   make qemu-uboot   OpenSBI -> U-Boot -> extlinux.conf -> booti build/Image
#                     UBOOT_DISK=bootscr: through boot.scr instead
#                     UBOOT_DISK=fdtfile: with dts/qemu-virt.dts from the disk
#                     UBOOT_DISK=tftp: no disk; DHCP and TFTP (QEMU's own)

UBOOT_ELF  ?= /usr/lib/u-boot/qemu-riscv64_smode/uboot.elf
UBOOT_MEM  ?= 256M
UBOOT_DISK ?= extlinux
MKIMAGE    ?= mkimage

SDIMAGE    := $(B)/sdimage/visionfive2.img
UBOOT_DISKS := $(addprefix $(B)/uboot/,extlinux.img fdtfile.img bootscr.img)
BOARD_SCRIPTS := scripts/sdimage.sh scripts/uboot-config.sh

# ---------------------------------------------------------------- configs
# $(1): output directory; $(2): uboot-config.sh options.
define uboot_configs
$(1)/extlinux.conf: scripts/uboot-config.sh | $(DEPS_STAMP)
	@mkdir -p $$(dir $$@)
	$$(Q)sh scripts/uboot-config.sh extlinux $(2) > $$@
$(1)/boot.cmd: scripts/uboot-config.sh | $(DEPS_STAMP)
	@mkdir -p $$(dir $$@)
	$$(Q)sh scripts/uboot-config.sh bootcmd $(2) > $$@
$(1)/tftp.cmd: scripts/uboot-config.sh | $(DEPS_STAMP)
	@mkdir -p $$(dir $$@)
	$$(Q)sh scripts/uboot-config.sh tftpcmd $(2) > $$@
endef
$(eval $(call uboot_configs,$(B)/sdimage/cfg,--fdt visionfive2.dtb))
$(eval $(call uboot_configs,$(B)/uboot/cfg-board,))
$(eval $(call uboot_configs,$(B)/uboot/cfg-fdt,--fdt qemu-virt.dtb))

%/boot.scr: %/boot.cmd
	$(Q)$(MKIMAGE) -A riscv -O linux -T script -C none -n exos -d $< $@ > /dev/null
%/boot.scr.uimg: %/tftp.cmd
	$(Q)$(MKIMAGE) -A riscv -O linux -T script -C none -n exos -d $< $@ > /dev/null

# ---------------------------------------------------------------- images
$(SDIMAGE): $(B)/Image $(B)/dts/visionfive2.dtb $(B)/sdimage/cfg/extlinux.conf \
            $(B)/sdimage/cfg/boot.scr $(BOARD_SCRIPTS)
	$(call msg,SDIMAGE,$@)
	$(Q)sh scripts/sdimage.sh $@ $(B)/Image=Image $(B)/dts/visionfive2.dtb=visionfive2.dtb \
		$(B)/sdimage/cfg/extlinux.conf=extlinux/extlinux.conf $(B)/sdimage/cfg/boot.scr=boot.scr

# The QEMU disks: the same layout, small.  extlinux.img boots with U-Boot's
# own device tree, fdtfile.img with dts/qemu-virt.dts from the disk (as the
# SD image does with the board's), bootscr.img through boot.scr.
QEMU_DISK = sh scripts/sdimage.sh --boot-mib 8 --root-mib 4 $@ $(B)/Image=Image
$(B)/uboot/extlinux.img: $(B)/Image $(B)/uboot/cfg-board/extlinux.conf $(BOARD_SCRIPTS)
	$(call msg,DISK,$@)
	$(Q)$(QEMU_DISK) $(B)/uboot/cfg-board/extlinux.conf=extlinux/extlinux.conf
$(B)/uboot/fdtfile.img: $(B)/Image $(B)/dts/qemu-virt.dtb $(B)/uboot/cfg-fdt/extlinux.conf $(BOARD_SCRIPTS)
	$(call msg,DISK,$@)
	$(Q)$(QEMU_DISK) $(B)/dts/qemu-virt.dtb=qemu-virt.dtb \
		$(B)/uboot/cfg-fdt/extlinux.conf=extlinux/extlinux.conf
$(B)/uboot/bootscr.img: $(B)/Image $(B)/uboot/cfg-board/boot.scr $(BOARD_SCRIPTS)
	$(call msg,DISK,$@)
	$(Q)$(QEMU_DISK) $(B)/uboot/cfg-board/boot.scr=boot.scr

# What a TFTP server offers for booting the VisionFive 2 over the network
# (README), and the same for QEMU (U-Boot's own device tree).
$(B)/tftp/.stamp: $(B)/Image $(B)/dts/visionfive2.dtb $(B)/sdimage/cfg/boot.scr.uimg
	@mkdir -p $(dir $@)
	$(Q)cp $^ $(dir $@)
	$(Q)touch $@
$(B)/uboot/tftp/.stamp: $(B)/Image $(B)/uboot/cfg-board/boot.scr.uimg
	@mkdir -p $(dir $@)
	$(Q)cp $^ $(dir $@)
	$(Q)touch $@

sdimage: $(SDIMAGE)
board-images: $(SDIMAGE) $(UBOOT_DISKS) $(B)/tftp/.stamp $(B)/uboot/tftp/.stamp
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
