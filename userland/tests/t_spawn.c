/*
 * t_spawn - programs from the boot archive: spawned, given arguments,
 * waited for; missing paths and files that are not programs refused.
 */
#include "check.h"
#include "exos/exos.h"

static long free_plus_ours(void)
{
	return (long)exos_info->pages_free + exos_envs[EXOS_ENV_SLOT(exos_self)].pages;
}

int main(void)
{
	char *args[] = { "t_args", "one", "two words", "", 0 };
	char *none[] = { "t_exit42", 0 };
	int status = -1;
	long before = free_plus_ours();

	EXPECT_EQ("there is a boot archive", exos_info->initrd_size > 0, 1);
	long id = exos_spawn_program("/exos/t_exit42", none);
	EXPECT_EQ("spawn /bin/t_exit42", id > 0, 1);
	EXPECT_EQ("wait for it", exos_wait((uint32_t)id, &status), 0);
	EXPECT_EQ("its exit status", status, 42);
	id = exos_spawn_program("exos/t_args", args);
	EXPECT_EQ("spawn exos/t_args with arguments", id > 0, 1);
	exos_wait((uint32_t)id, &status);
	EXPECT_EQ("it saw four arguments", status, 4);
	for (int i = 0; i < 40; i++) {
		id = exos_spawn_program("/exos/t_exit42", none);
		if (id < 0 || exos_wait((uint32_t)id, &status) || status != 42)
			break;
	}
	EXPECT_EQ("40 more spawns in a row", status, 42);
	EXPECT_EQ("a path not in the archive", exos_spawn_program("/bin/nonesuch", none), -E_NOENT);
	EXPECT_EQ("a directory", exos_spawn_program("/bin", none), -E_NOEXEC);
	EXPECT_EQ("a file that is not a program", exos_spawn_program("/etc/motd", none), -E_NOEXEC);
	EXPECT_EQ("every page came back", free_plus_ours(), before);
	printf("t_spawn: %d failures\n", check_failures);
	return check_failures;
}
