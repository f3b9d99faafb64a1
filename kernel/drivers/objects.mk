# kernel/drivers/objects.mk - device-tree drivers (kernel/driver.h).
# A driver is a file here defining `driver_<name>`, and its name in
# kernel-drivers: the generated table lists them in this order, which
# decides between two drivers taking the same compatible string.
kernel-srcs += $(wildcard $(d)*.c)
kernel-drivers += uart_16550 uart_sifive virtio_mmio rtc_goldfish
