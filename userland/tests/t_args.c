/* t_args - prints its arguments (spawned by t_spawn from the boot archive). */
#include <stdio.h>

int main(int argc, char **argv)
{
	printf("t_args: argc=%d", argc);
	for (int i = 0; i < argc; i++)
		printf(" [%s]", argv[i]);
	printf("\n");
	return argc;
}
