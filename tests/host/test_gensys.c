/*
 * test_gensys - the syscall table generator (scripts/gen-syscalls.sh):
 * the table it is given is checked before anything is generated, and
 * each kind of row turns into the prototype, shim and table entry its
 * columns promise.  Runs the script on small tables in a temporary
 * folder (make check runs host tests from the top of the tree).
 */
#include <stdlib.h>
#include <unistd.h>
#include "check.h"

static char dir[] = "/tmp/gensys.XXXXXX";
static char out[4096];

__attribute__((constructor)) static void make_dir(void)
{
	if (!mkdtemp(dir))
		abort();
}

__attribute__((destructor)) static void remove_dir(void)
{
	char cmd[64];

	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "test_gensys: could not remove %s\n", dir);
}

/* Run the generator on a table made of text; its exit status, with what
 * it printed in out. */
static int gen(const char *text)
{
	char path[128], cmd[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/t.tbl", dir);
	f = fopen(path, "w");
	fputs(text, f);
	fclose(f);
	snprintf(cmd, sizeof(cmd), "sh scripts/gen-syscalls.sh %s %s/gen 2>&1", path, dir);
	f = popen(cmd, "r");
	size_t n = fread(out, 1, sizeof(out) - 1, f);
	out[n] = 0;
	return WEXITSTATUS(pclose(f));
}

/* The generated file name holds text. */
static int has(const char *name, const char *text)
{
	char path[128], buf[16384];
	FILE *f;

	snprintf(path, sizeof(path), "%s/gen/%s", dir, name);
	if (!(f = fopen(path, "r")))
		return 0;
	size_t n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = 0;
	fclose(f);
	return strstr(buf, text) != NULL;
}

/** A number that does not increase (repeated, smaller, not a number) is refused, naming the line. */
TEST(numbers_must_increase)
{
	CHECK_EQ(gen("0 a free long (void)\n0 b lock long (void)\n"), 1);
	CHECK(strstr(out, "t.tbl:2: numbers must increase from 0 (got 0, want 1 or more)"));
	CHECK_EQ(gen("0 a free long (void)\n3 b lock long (void)\n2 c lock long (void)\n"), 1);
	CHECK(strstr(out, "t.tbl:3: numbers must increase from 0 (got 2, want 4 or more)"));
	CHECK_EQ(gen("x a free long (void)\n"), 1);
	CHECK(strstr(out, "t.tbl:1: numbers must increase"));
}

/** A number the table skips is no call: its table entry returns -E_NOSYS, it has no stub or SYS_ name. */
TEST(skipped_numbers_return_nosys)
{
	CHECK_EQ(gen("0 a free long (void)\n3 b lock long (cap c)\n"), 0);
	CHECK(has("exos/sysno.h", "#define SYS_b 3\n#define SYS_COUNT 4\n"));
	CHECK(has("sysent.c", "static long sys_nosys(void)\n{\n\treturn -E_NOSYS;\n}"));
	CHECK(has("sysent.c", "\t[SYS_a] = (uintptr_t)sys_a,\n\t[1] = (uintptr_t)sys_nosys,\n"
			      "\t[2] = (uintptr_t)sys_nosys,\n\t[SYS_b] = (uintptr_t)shim_b,\n};"));
	CHECK(has("sysstubs.S", "sys_b:\n\tli a7, 3\n"));
	CHECK(!has("sysstubs.S", "li a7, 1\n"));
	/* Without a gap there is no sys_nosys (it would be unused). */
	CHECK_EQ(gen("0 a free long (void)\n1 b lock long (void)\n"), 0);
	CHECK(!has("sysent.c", "sys_nosys"));
}

/** SYS_LIST names every call with its number, argument count and a letter per argument kind. */
TEST(call_list_with_kinds)
{
	CHECK_EQ(gen("0 a free long (void)\n2 b full long (cap c, ppn p, va v, const char *s, uint32_t id, int n, unsigned long w)\n"), 0);
	CHECK(has("exos/sysno.h", "#define SYS_LIST(X) \\\n\tX(0, a, 0, \"\") \\\n"
				  "\tX(2, b, 7, \"cpvbiiw\") \\\n"));
}

/** A lock column other than free, lock, full or asm is refused. */
TEST(lock_column_checked)
{
	CHECK_EQ(gen("0 a locked long (void)\n"), 1);
	CHECK(strstr(out, "lock column must be free, lock, full or asm"));
}

/** A name used twice, or an argument named twice, is refused. */
TEST(names_unique)
{
	CHECK_EQ(gen("0 a lock long (void)\n1 a lock long (void)\n"), 1);
	CHECK(strstr(out, "name a used twice"));
	CHECK_EQ(gen("0 a lock long (int x, long x)\n"), 1);
	CHECK(strstr(out, "argument x twice"));
}

/** Seven arguments only for full and asm calls (the seventh in a6), never eight. */
TEST(argument_count)
{
	const char *seven = "(long a, long b, long c, long d, long e, long f, long g)\n";
	char row[160];

	snprintf(row, sizeof(row), "0 a lock long %s", seven);
	CHECK_EQ(gen(row), 1);
	CHECK(strstr(out, "at most 6 arguments"));
	snprintf(row, sizeof(row), "0 a full long %s", seven);
	CHECK_EQ(gen(row), 0);
	CHECK_EQ(gen("0 a asm long (long a, long b, long c, long d, long e, long f, long g, long h)\n"), 1);
}

/** Unknown return types, pct_result outside asm, a nameless argument, a bad "= name". */
TEST(bad_rows)
{
	CHECK_EQ(gen("0 a lock int (void)\n"), 1);
	CHECK(strstr(out, "return must be"));
	CHECK_EQ(gen("0 a lock pct_result (void)\n"), 1);
	CHECK_EQ(gen("0 a lock long (int)\n"), 1);
	CHECK(strstr(out, "bad argument: int"));
	CHECK_EQ(gen("0 a lock long = b\n"), 1);
	CHECK(strstr(out, "= b: no earlier row of that name"));
	CHECK_EQ(gen("0 a\n"), 1);
}

/** A lock row: a typed handler, a shim that converts each register and takes the lock. */
TEST(lock_row_shim)
{
	CHECK_EQ(gen("0 pte lock long (cap c, uint32_t id, va v, ppn p, const char *buf)\n"), 0);
	CHECK(has("syshandlers.h", "long sys_pte(int c, uint32_t id, vaddr_t v, ppn_t p, vaddr_t buf);"));
	CHECK(has("sysent.c", "kernel_lock();\n\tlong r = sys_pte(cap_arg(a0), (uint32_t)a1, va_make(a2), ppn_make(a3), va_make(a4));"));
	CHECK(has("sysent.c", "[SYS_pte] = (uintptr_t)shim_pte,"));
	CHECK(has("exos/syscalls.h", "long sys_pte(int c, uint32_t id, uintptr_t v, unsigned long p, const char *buf);"));
}

/** A free row without arguments is called directly: no shim, no lock. */
TEST(free_row_direct)
{
	CHECK_EQ(gen("0 null free long (void)\n"), 0);
	CHECK(has("sysent.c", "[SYS_null] = (uintptr_t)sys_null,"));
	CHECK(!has("sysent.c", "shim_null"));
}

/** A full row: the thunk hands the frame to a shim that returns the caller's result. */
TEST(full_row_frame)
{
	CHECK_EQ(gen("0 y full long (uint32_t target)\n1 x full noreturn (int status)\n"), 0);
	CHECK(has("sysent.c", "long shim_y(struct trapframe *tf)\n{\n\treturn sys_y((uint32_t)tf_arg(tf, 0));"));
	CHECK(has("sysent.c", "\tsys_x((int)tf_arg(tf, 0));\n\treturn 0;\n}"));
	CHECK(has("sysfull.S", "full_y:\n\tlla t1, shim_y\n\tj syscall_full"));
	CHECK(has("exos/syscalls.h", "__attribute__((noreturn)) void sys_x(int status);"));
}

/** An asm row and "= name": same user arguments, the table points into vector.S. */
TEST(asm_row_same_arguments)
{
	CHECK_EQ(gen("0 p lock long (cap c, unsigned long perms)\n1 p_resume asm long = p\n"), 0);
	CHECK(has("exos/syscalls.h", "long sys_p_resume(int c, unsigned long perms);"));
	CHECK(has("syshandlers.h", "extern const char sys_p_resume[];"));
	CHECK(has("sysent.c", "[SYS_p_resume] = (uintptr_t)sys_p_resume,"));
}

/** Comment lines right above a row become its comment in the user header. */
TEST(comments_document_rows)
{
	CHECK_EQ(gen("# header\n\n# Does a.\n# Twice.\n0 a lock long (void)\n"), 0);
	CHECK(has("exos/syscalls.h", "/* Does a.\n * Twice. */\nlong sys_a(void);"));
	CHECK(!has("exos/syscalls.h", "header"));
}

/** The real table passes. */
TEST(real_table)
{
	char cmd[256];

	snprintf(cmd, sizeof(cmd), "sh scripts/gen-syscalls.sh kernel/syscalls.tbl %s/real", dir);
	CHECK_EQ(system(cmd), 0);
}

TEST_MAIN()
