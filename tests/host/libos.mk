# Host unit tests for the library OS's pure-C pieces: the boot archive
# reader, ChaCha20, the terminal's line discipline.
HOST_TESTS += cpio
cpio_SRCS := tests/host/test_cpio.c libexos/cpio.c

HOST_TESTS += chacha20
chacha20_SRCS := tests/host/test_chacha20.c libexos/chacha20.c

HOST_TESTS += ldisc
ldisc_SRCS := tests/host/test_ldisc.c libexos/tty/ldisc.c
