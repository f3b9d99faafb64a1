/* t_wrinfo - the exported info page is read-only: a store faults. */
#include <stdio.h>
#include "exos/exos.h"

int main(void)
{
	printf("t_wrinfo: magic %x, now storing to it\n", exos_info->magic);
	*(volatile uint32_t *)EXOS_INFO_VA = 0;
	printf("FAIL t_wrinfo: the store to the info page succeeded\n");
	return 1;
}
