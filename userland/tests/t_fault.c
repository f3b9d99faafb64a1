/*
 * t_fault - a user fault the kernel does not handle kills the program
 * with a message (exception upcalls arrive with envs, issue 3).  The
 * kind of fault comes from argv-less configuration: a load from 0.
 */
#include <stdio.h>

int main(void)
{
	volatile int *volatile p = 0;

	printf("t_fault: loading from address 0\n");
	return *p;
}
