/*
 * addr.h - the kinds of address the kernel handles.
 *
 * vaddr_t: an address in an env's (user) address space, as a system
 * call passes it: never dereferenced, only checked and translated
 * (vm.h: uspace_check, uspace_read).  Kernel addresses are pointers.
 */
#ifndef KERNEL_ADDR_H
#define KERNEL_ADDR_H

#include <stdint.h>

typedef uint64_t vaddr_t;

#endif
