/*
 * t_initkill - init ends by the kernel's hand (a fault inside its own
 * exception handler): the machine stops with init's status, and the
 * invariant check at the end finds the exported env table right (it
 * saw the KILLED flag in the kernel's env but not in the exported row).
 * The QEMU case reads the kernel's lines: the test never returns.
 */
#include "check.h"

/** init faulting with every upcall entry at an unmapped address is
 *  ended by the kernel, and the machine stops with its status. */
TEST_FLAGS(init_ended_by_the_kernel, TEST_IN_PARENT)
{
	printf("t_initkill: faulting with every upcall entry at an unmapped address\n");
	fflush(stdout);
	EXPECT_EQ("exception entry at 0x8",
		  sys_env_set_entry(EXOS_CAP_SELF, exos_self, EXOS_ENTRY_EXCEPTION, 0x8), 0);
	EXPECT_EQ("addressing entry at 0x8",
		  sys_env_set_entry(EXOS_CAP_SELF, exos_self, EXOS_ENTRY_ADDRESSING, 0x8), 0);
	fflush(stdout);
	*(volatile int *)0x1000 = 1;
	EXPECT_EQ("init still running after the fault", 1, 0);
}

int main(void)
{
	test_run_all("t_initkill");
	printf("t_initkill: %d failures\n", check_failures);
	return 1;   /* never reached when the kernel ends init, as it must */
}
