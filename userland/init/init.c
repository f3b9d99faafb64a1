/*
 * init - the first program: reports what the exported kernel data says,
 * then runs /bin/sh from the boot archive if there is one.
 */
#include <stdio.h>
#include "exos/exos.h"

int main(void)
{
	char *sh[] = { "sh", 0 };
	int status = 0;

	printf("init: hello from user space (picolibc printf)\n");
	printf("init: %u harts, %lu of %lu pages free, timebase %lu Hz\n",
	       exos_info->nharts, (unsigned long)exos_info->pages_free,
	       (unsigned long)exos_info->pages_total, (unsigned long)exos_info->timebase_hz);
	/* With a boot archive, run the shell; its status is the machine's. */
	long id = exos_info->initrd_size ? exos_spawn_program("/bin/sh", sh) : -E_NOENT;
	if (id < 0)
		return 0;
	exos_wait((uint32_t)id, &status);
	return status;
}
