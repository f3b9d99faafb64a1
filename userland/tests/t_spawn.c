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

/** A program from the boot archive is spawned and waited for, with its exit status. */
TEST(archive_program)
{
	char *none[] = { "t_exit42", 0 };
	int status = -1;

	EXPECT_EQ("there is a boot archive", exos_info->initrd_size > 0, 1);
	long id = exos_spawn_program("/exos/t_exit42", none);
	EXPECT_EQ("spawn /exos/t_exit42", id > 0, 1);
	EXPECT_EQ("wait for it", exos_wait((uint32_t)id, &status), 0);
	EXPECT_EQ("its exit status", status, 42);
}

/** A spawned program sees the arguments given, empty ones included (it prints them). */
TEST(arguments)
{
	char *args[] = { "t_args", "one", "two words", "", 0 };
	int status = -1;
	long id = exos_spawn_program("exos/t_args", args);

	EXPECT_EQ("spawn exos/t_args with arguments", id > 0, 1);
	exos_wait((uint32_t)id, &status);
	EXPECT_EQ("it saw four arguments", status, 4);
}

/** 40 spawns in a row each run and end. */
TEST(many)
{
	char *none[] = { "t_exit42", 0 };
	int status = -1;

	for (int i = 0; i < 40; i++) {
		long id = exos_spawn_program("/exos/t_exit42", none);
		if (id < 0 || exos_wait((uint32_t)id, &status) || status != 42)
			break;
	}
	EXPECT_EQ("40 more spawns in a row", status, 42);
}

/** A missing path is E_NOENT; a directory or a file that is not a program is E_NOEXEC. */
TEST(refused)
{
	char *none[] = { "t_exit42", 0 };

	EXPECT_EQ("a path not in the archive", exos_spawn_program("/bin/nonesuch", none), -E_NOENT);
	EXPECT_EQ("a directory", exos_spawn_program("/bin", none), -E_NOEXEC);
	EXPECT_EQ("a file that is not a program", exos_spawn_program("/etc/motd", none), -E_NOEXEC);
}

int main(void)
{
	long before = free_plus_ours();

	test_run_all("t_spawn");
	EXPECT_EQ("every page came back", free_plus_ours(), before);
	printf("t_spawn: %d failures\n", check_failures);
	return check_failures;
}
