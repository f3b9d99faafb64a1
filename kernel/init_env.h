/*
 * init_env.h - the first env.  The kernel loads exactly one program, init,
 * embedded in its image; every other env is built by user space.
 */
#ifndef KERNEL_INIT_ENV_H
#define KERNEL_INIT_ENV_H

#include "env.h"

/* Create init from the embedded ELF: its pages, a stack, the root
 * capability (EXOS_CAP_ROOT), leftover time; stops the machine with a clear
 * message if the image is bad.  Lock held. */
void init_env_create(void);
uint32_t init_env_id(void);
/* init ended with status: destroy every env, check that every page came
 * back, and stop the machine with the status.  Never returns. */
__attribute__((noreturn)) void init_env_exit(int status);

#endif
