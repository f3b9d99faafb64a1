/*
 * user.h - the first env.  The kernel loads exactly one program, init,
 * embedded in its image; every other env is built by user space.
 */
#ifndef KERNEL_USER_H
#define KERNEL_USER_H

#include "env.h"

/* Create init from the embedded ELF: its pages, a stack, the root
 * capability (EXOS_CAP_ROOT), leftover time; stops the machine with a clear
 * message if the image is bad.  Lock held. */
void user_create_init(void);
uint32_t user_init_id(void);
/* init ended with status: destroy every env, check that every page came
 * back, and stop the machine with the status.  Never returns. */
__attribute__((noreturn)) void user_init_exit(int status);
/* End env e with status: env_destroy, or user_init_exit for init. */
void user_kill(struct env *e, int status);

#endif
