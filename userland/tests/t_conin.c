/*
 * t_conin - console input through the UART receive interrupt and the
 * PLIC: the runner types a line, the program echoes it.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(void)
{
	char line[64];
	size_t n = 0;

	printf("t_conin: type a line\n");
	while (n < sizeof(line) - 1) {
		if (read(0, &line[n], 1) != 1)
			return 2;
		if (line[n] == '\n' || line[n] == '\r')
			break;
		n++;
	}
	line[n] = 0;
	printf("t_conin: got '%s' (%zu bytes)\n", line, n);
	return strcmp(line, "hello exos") == 0 ? 0 : 1;
}
