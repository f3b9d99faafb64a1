/*
 * t_syscall - the foundation's system calls with good and hostile
 * arguments, and what a system call must preserve.
 */
#include <stdint.h>
#include "check.h"
#include "exos/exos.h"

#define KERNEL_VA 0xffffffc080000000UL

/* s0-s11, gp, tp and fs0 hold known values across one ecall. */
static long callee_saved_survive(void)
{
	long bad = 0;

	__asm__ volatile(
		"addi sp, sp, -16\n"
		"sd s0, 0(sp)\n"
		"sd s1, 8(sp)\n"
		"li s0, 0x1111\n li s1, 0x2222\n li s2, 0x3333\n li s3, 0x4444\n"
		"li s4, 0x5555\n li s5, 0x6666\n li s6, 0x7777\n li s7, 0x8888\n"
		"li s8, 0x9999\n li s9, 0xaaaa\n li s10, 0xbbbb\n li s11, 0xcccc\n"
		"mv t3, gp\n mv t4, tp\n mv t5, sp\n"
		"li t0, 0x3ff8000000000000\n fmv.d.x fs0, t0\n"
		"li a7, 0\n ecall\n"
		"li t0, 0x1111\n bne s0, t0, 1f\n li t0, 0x2222\n bne s1, t0, 1f\n"
		"li t0, 0x3333\n bne s2, t0, 1f\n li t0, 0x4444\n bne s3, t0, 1f\n"
		"li t0, 0x5555\n bne s4, t0, 1f\n li t0, 0x6666\n bne s5, t0, 1f\n"
		"li t0, 0x7777\n bne s6, t0, 1f\n li t0, 0x8888\n bne s7, t0, 1f\n"
		"li t0, 0x9999\n bne s8, t0, 1f\n li t0, 0xaaaa\n bne s9, t0, 1f\n"
		"li t0, 0xbbbb\n bne s10, t0, 1f\n li t0, 0xcccc\n bne s11, t0, 1f\n"
		"bne t3, gp, 1f\n bne t4, tp, 1f\n bne t5, sp, 1f\n"
		"fmv.x.d t1, fs0\n li t0, 0x3ff8000000000000\n bne t0, t1, 1f\n"
		"j 2f\n"
		"1: li %0, 1\n"
		"2: ld s0, 0(sp)\n ld s1, 8(sp)\n addi sp, sp, 16\n"
		: "+r"(bad)
		:
		: "memory", "a0", "a1", "a7", "t0", "t1", "t3", "t4", "t5", "s2", "s3",
		  "s4", "s5", "s6", "s7", "s8", "s9", "s10", "s11", "fs0");
	return bad;
}

static double series(int n)
{
	double s = 0;

	for (int k = 1; k <= n; k++)
		s += 1.0 / ((double)k * k);
	return s;
}

/** Known numbers run, numbers outside the table or skipped by it are E_NOSYS. */
TEST(numbers)
{
	static const uint16_t rows[] = {
#define ROW(nr, name, nargs, kinds) nr,
		SYS_LIST(ROW)
#undef ROW
	};
	unsigned k = 0;

	EXPECT_EQ("null returns 0", sys_null(), 0);
	for (long nr = 0; nr < SYS_COUNT; nr++) {
		if (k < sizeof(rows) / sizeof(rows[0]) && rows[k] == nr) {
			k++;
			continue;
		}
		char what[64];
		snprintf(what, sizeof(what), "number %ld, which the table skips, is E_NOSYS", nr);
		EXPECT_EQ(what, raw_syscall(nr, 0, 0), -E_NOSYS);
	}
	EXPECT_EQ("number past the table is E_NOSYS", raw_syscall(SYS_COUNT, 0, 0), -E_NOSYS);
	EXPECT_EQ("number 4096 is E_NOSYS", raw_syscall(4096, 0, 0), -E_NOSYS);
	EXPECT_EQ("number -1 is E_NOSYS", raw_syscall(-1, 0, 0), -E_NOSYS);
}

/** cons_write writes what it is given and refuses any buffer not wholly in user memory. */
TEST(cons_write_checks_its_buffer)
{
	static char buf[64] = "cons_write reaches the console\n";

	EXPECT_EQ("cons_write returns its length", sys_cons_write(buf, 31), 31);
	EXPECT_EQ("cons_write of 0 bytes", sys_cons_write(buf, 0), 0);
	EXPECT_EQ("cons_write from NULL", sys_cons_write(0, 1), -E_FAULT);
	EXPECT_EQ("cons_write from page 0x1000", sys_cons_write((char *)0x1000, 4), -E_FAULT);
	EXPECT_EQ("cons_write from a kernel address",
		  sys_cons_write((char *)KERNEL_VA, 8), -E_FAULT);
	EXPECT_EQ("cons_write from past the user half",
		  sys_cons_write((char *)EXOS_USER_END, 1), -E_FAULT);
	EXPECT_EQ("cons_write with a length that wraps", sys_cons_write(buf, ~0UL), -E_FAULT);
	EXPECT_EQ("cons_write running off the stack top",
		  sys_cons_write((char *)(EXOS_STACK_TOP - 4), 8), -E_FAULT);
}

/** cons_read refuses a buffer it may not write and returns 0 when nothing was typed. */
TEST(cons_read_checks_its_buffer)
{
	char buf[64];

	EXPECT_EQ("cons_read into read-only info page",
		  sys_cons_read((char *)EXOS_INFO_VA, 1), -E_FAULT);
	EXPECT_EQ("cons_read into a kernel address", sys_cons_read((char *)KERNEL_VA, 1), -E_FAULT);
	EXPECT_EQ("cons_read with nothing typed", sys_cons_read(buf, sizeof(buf)), 0);
}

/** An ecall keeps every callee-saved register, gp, tp, sp and the FP registers. */
TEST(registers_survive_ecall)
{
	EXPECT_EQ("ecall preserves s0-s11, gp, tp, sp, fs0", callee_saved_survive(), 0);
}

/** Floating point works in user mode, to the last bit. */
TEST(floating_point)
{
	EXPECT_EQ("FP arithmetic (sum 1/k^2, k<=1000, * 1e9)", (long)(series(1000) * 1e9),
		  1643934566L);
}

/** kcheck runs the invariant check for the root capability only (none broken here). */
TEST_FLAGS(kcheck_needs_the_root, TEST_IN_PARENT)
{
	EXPECT_EQ("kcheck with the root capability: no invariant broken",
		  sys_kcheck(EXOS_CAP_ROOT), 0);
	EXPECT_EQ("kcheck with a capability that is not the root", sys_kcheck(EXOS_CAP_SELF),
		  -E_NOCAP);
	EXPECT_EQ("kcheck with an empty slot", sys_kcheck(EXOS_CAP_SLOTS - 1), -E_NOCAP);
	EXPECT_EQ("kcheck with a slot out of range", sys_kcheck(EXOS_CAP_SLOTS), -E_RANGE);
	EXPECT_EQ("kcheck with the root's slot plus 2^32 (no alias)",
		  raw_syscall(SYS_kcheck, 1L << 32 | EXOS_CAP_ROOT, 0), -E_RANGE);
}

/** The exported info page is there, with its magic. */
TEST(info_page)
{
	EXPECT_EQ("info page magic", exos_info->magic, EXOS_INFO_MAGIC);
	EXPECT_EQ("info page harts", exos_info->nharts > 0, 1);
}

int main(void)
{
	test_run_all("t_syscall");
	printf("t_syscall: %d failures\n", check_failures);
	return check_failures;
}
