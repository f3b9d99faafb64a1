# Host unit tests: the top Makefile builds build/host/<name> from <name>_SRCS
# (host gcc, -DKLIB_HOSTED -Ikernel, sanitizers) and links <name>_LIBS.
# They read DTBs from $DTB_DIR, made by tests/host/gen-dtbs.sh.

HOST_TESTS += fdt
fdt_SRCS := tests/host/test_fdt.c kernel/fdt.c
fdt_LIBS := -lfdt

# The driver table as the kernel builds it (every driver in kernel/drivers
# builds on the host too), with what the drivers call in the rest of the
# kernel faked.
HOST_DRIVERS := kernel/driver.c $(wildcard kernel/drivers/*.c) $(B)/gen/drivers.c \
                tests/host/fake_kernel.c kernel/kformat.c

HOST_TESTS += board
board_SRCS := tests/host/test_board.c kernel/board.c kernel/fdt.c $(HOST_DRIVERS)
board_LIBS := -lfdt

HOST_TESTS += early
early_SRCS := tests/host/test_early.c arch/riscv/early.c kernel/board.c kernel/fdt.c $(HOST_DRIVERS)
early_LIBS := -lfdt

HOST_TESTS += driver
driver_SRCS := tests/host/test_driver.c kernel/board.c kernel/fdt.c $(HOST_DRIVERS)
driver_LIBS := -lfdt
