/*
 * user.h - the first user program.  Until envs exist (issue 3) the
 * kernel runs exactly one program, init, embedded in its image.
 */
#ifndef KERNEL_USER_H
#define KERNEL_USER_H

#include "vm.h"

#define INIT_ENV_ID 1

/* Load the embedded init ELF into a fresh address space and enter it on
 * this hart.  Never returns; a bad image stops the machine with a clear
 * message. */
__attribute__((noreturn)) void user_run_init(void);
/* The address space of the running program. */
struct uspace *user_current(void);
/* The program ended with status: release everything it held, check that
 * no page leaked, and stop the machine with the status. */
__attribute__((noreturn)) void user_exit(int status);

#endif
