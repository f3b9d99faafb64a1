/*
 * t_initkill - init ends by the kernel's hand (a fault inside its own
 * exception handler): the machine stops with init's status, and the
 * invariant check at the end finds the exported env table right (it
 * saw the KILLED flag in the kernel's env but not in the exported row).
 */
#include <stdio.h>
#include "exos/exos.h"

int main(void)
{
	printf("t_initkill: faulting with every upcall entry at an unmapped address\n");
	fflush(stdout);
	sys_env_set_entry(EXOS_CAP_SELF, exos_self, EXOS_ENTRY_EXCEPTION, 0x8);
	sys_env_set_entry(EXOS_CAP_SELF, exos_self, EXOS_ENTRY_ADDRESSING, 0x8);
	*(volatile int *)0x1000 = 1;
	printf("FAIL t_initkill: still running after the fault\n");
	return 1;
}
