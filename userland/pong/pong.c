/* pong - copy standard input to standard output a byte at a time (the
 * other end of the pipe_pingpong benchmark). */
#include <unistd.h>

int main(void)
{
	char c;

	while (read(0, &c, 1) == 1)
		if (write(1, &c, 1) != 1)
			return 1;
	return 0;
}
