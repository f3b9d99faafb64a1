# Host unit tests for the library OS's pure-C pieces: the boot archive
# reader, the shell's parser and line editor, and ChaCha20.
HOST_TESTS += cpio
cpio_SRCS := tests/host/test_cpio.c libexos/cpio.c

HOST_TESTS += shparse
shparse_SRCS := tests/host/test_shparse.c userland/sh/parse.c userland/sh/edit.c

HOST_TESTS += chacha20
chacha20_SRCS := tests/host/test_chacha20.c libexos/chacha20.c
