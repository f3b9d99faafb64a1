# Host unit tests for the kernel's pure-C core modules.
HOST_TESTS += pmem
pmem_SRCS := tests/host/test_pmem.c kernel/pmem.c

HOST_TESTS += elf
elf_SRCS := tests/host/test_elf.c kernel/elf.c

HOST_TESTS += gensys
gensys_SRCS := tests/host/test_gensys.c
