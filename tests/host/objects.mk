# Host unit tests: the top Makefile builds build/host/<name> from <name>_SRCS
# (host gcc, -DKLIB_HOSTED -Ikernel, sanitizers) and links <name>_LIBS.
# They read DTBs from $DTB_DIR, made by tests/host/gen-dtbs.sh.

HOST_TESTS += fdt
fdt_SRCS := tests/host/test_fdt.c kernel/fdt.c
fdt_LIBS := -lfdt

HOST_TESTS += board
board_SRCS := tests/host/test_board.c kernel/board.c kernel/fdt.c kernel/kformat.c
board_LIBS := -lfdt
