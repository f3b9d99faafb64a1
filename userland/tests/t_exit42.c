/* t_exit42 - init's exit status becomes the machine's (QEMU's) exit status. */
int main(void)
{
	return 42;
}
