/*
 * t_fpinit - every env starts with its FP registers and fcsr zero, the
 * first one each hart runs too: the kernel must not take the registers
 * the firmware left (OpenSBI leaves 0xffffffff00000000, a NaN-boxed
 * single-precision zero, in them) for an activation's zero state.
 * Found by the fuzzer: a fresh child on a 4-hart run started with f0 =
 * 0xffffffff00000000.
 */
#include <string.h>
#include "check.h"

/* f0-f31 and fcsr (33 words) into out; FP registers untouched. */
#define READ_FP(out)                                                            \
	__asm__ volatile(".option push\n.option arch, +d\n"                    \
			 ".irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31\n" \
			 "fsd f\\n, 8*\\n(%0)\n"                               \
			 ".endr\n"                                              \
			 "frcsr t0\n sd t0, 256(%0)\n"                          \
			 ".option pop\n" :: "r"(out) : "t0", "memory")

/* init's registers as main found them: nothing of the program has used
 * FP before (the start-up code does not). */
static uint64_t at_start[33];

/* The first register (0-31, 32: fcsr) of r that is not zero, or -1. */
static int first_nonzero(const uint64_t r[33])
{
	for (int i = 0; i < 33; i++)
		if (r[i])
			return i;
	return -1;
}

/** init, the first env its hart runs, starts with every FP register and fcsr zero. */
TEST_FLAGS(init_starts_with_fp_zero, TEST_IN_PARENT)
{
	int k = first_nonzero(at_start);

	if (k >= 0)
		printf("t_fpinit: init started with %s%d = %016lx\n", k == 32 ? "fcsr" : "f",
		       k == 32 ? 0 : k, (unsigned long)at_start[k]);
	EXPECT_EQ("the first FP register not zero when init started (-1: none)", k, -1);
}

/* A child: exits 0 if its FP registers and fcsr were zero at its
 * start, else 1 + the first register that was not. */
static int fp_checker(long arg)
{
	uint64_t r[33];

	READ_FP(r);
	(void)arg;
	return first_nonzero(r) + 1;
}

/** Fresh envs, several per hart at once (so that harts that have run no
 *  env using FP take some), start with every FP register and fcsr zero. */
TEST_FLAGS(fresh_envs_start_with_fp_zero, TEST_IN_PARENT)
{
	int n = 3 * (int)exos_info->nharts, bad = 0, status;
	long id[3 * EXOS_MAX_HARTS];   /* each takes 2 of our 32 capability slots */

	for (int i = 0; i < n; i++)
		id[i] = exos_spawn(fp_checker, 0, EXOS_ENV_F_LEFTOVER);
	for (int i = 0; i < n; i++) {
		int err = id[i] <= 0 ? (int)id[i] : exos_wait((uint32_t)id[i], &status);
		if (err < 0) {
			printf("t_fpinit: child %d: spawn or wait failed (%d)\n", i, err);
			bad++;
			continue;
		}
		if (status)
			printf("t_fpinit: a fresh env started with register %d not zero\n", status - 1);
		bad += status != 0;
	}
	EXPECT_EQ("fresh envs that started with FP state not zero", bad, 0);
}

int main(void)
{
	READ_FP(at_start);
	test_run_all("t_fpinit");
	printf("t_fpinit: %d failures\n", check_failures);
	return check_failures;
}
