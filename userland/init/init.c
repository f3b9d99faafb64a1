/*
 * init - the first program.  For now it reports what the exported kernel
 * data says and exits; the shell issue turns it into a shell launcher.
 */
#include <stdio.h>
#include "exos/exos.h"

int main(void)
{
	printf("init: hello from user space (picolibc printf)\n");
	printf("init: %u harts, %lu of %lu pages free, timebase %lu Hz\n",
	       exos_info->nharts, (unsigned long)exos_info->pages_free,
	       (unsigned long)exos_info->pages_total, (unsigned long)exos_info->timebase_hz);
	return 0;
}
