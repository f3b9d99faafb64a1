# lib/objects.mk - pure C the kernel and libexos both build, each with
# its own flags (build/k/lib/, build/u/lib/): the ELF checker.  Only
# <stddef.h> and <stdint.h>, no C library, no kernel or libexos header.
kernel-srcs += $(wildcard $(d)*.c)
libexos-srcs += $(wildcard $(d)*.c)
