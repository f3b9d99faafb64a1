# Host unit tests for the kernel's pure-C core modules, and the ELF
# checker (lib/) the kernel and libexos share.
HOST_TESTS += pmem
pmem_SRCS := tests/host/test_pmem.c kernel/pmem.c

HOST_TESTS += elf
elf_SRCS := tests/host/test_elf.c lib/elf.c

HOST_TESTS += elf_programs
elf_programs_SRCS := tests/host/test_elf_programs.c lib/elf.c

HOST_TESTS += kformat
kformat_SRCS := tests/host/test_kformat.c kernel/kformat.c

HOST_TESTS += gensys
gensys_SRCS := tests/host/test_gensys.c
