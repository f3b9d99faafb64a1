/* ps - the envs, from the exported env table (no system call). */
#include <stdio.h>
#include "exos/exos.h"

static const char *const states[] = {
	"free", "created", "runnable", "running", "sleeping", "pct-wait", "dying",
};

int main(void)
{
	printf("%6s %6s %-9s %6s %8s\n", "ID", "PARENT", "STATE", "PAGES", "RUNS");
	for (int i = 0; i < EXOS_MAX_ENVS; i++) {
		const volatile struct exos_env *e = &exos_envs[i];
		if (e->state == EXOS_ENV_FREE)
			continue;
		printf("%6u %6u %-9s %6u %8lu\n", e->id, e->parent,
		       e->state < 7 ? states[e->state] : "?", e->pages, (unsigned long)e->runs);
	}
	return 0;
}
