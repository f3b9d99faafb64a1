/*
 * fuzz_dpf - fuzz targets for DPF, each a seeded loop:
 *   checker:  mutated and random filters; every answer is 0 or a
 *             documented error, an accepted filter is canonical and
 *             satisfiable, and evaluating it reads nothing outside the
 *             frame;
 *   compiler: mutated random filter sets compiled with random options;
 *             every program passes the checker of emitted programs and
 *             agrees with the interpreter in the emulator;
 *   verifier: compiled programs with random bits flipped; whatever the
 *             verifier still accepts must run without a fault (a load
 *             outside the frame, a misaligned load, a jump outside).
 * make check runs a short fixed-seed sample; `make dpf-fuzz` builds it
 * with DPF_FUZZ_MAIN and runs `build/dpf/fuzz ITERS SEED` for long.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include "dpf/dpf.h"
#include "dpf/dpf_jit.h"
#include "dpf_gen.h"
#include "dpf_naive.h"
#include "dpf_rvcheck.h"
#include "exos/errno.h"

static struct dpf_table T;
static struct naive_set N;
static struct dpf_jit_work W;
static uint8_t code[1 << 18], mutated[1 << 18];
static uint8_t frame[GEN_FRAME_MAX];
static struct gen_guard guard;
static char why[256], fail_msg[512];

#define FAILF(...) do { snprintf(fail_msg, sizeof(fail_msg), __VA_ARGS__); return -1; } while (0)

static void mutate(uint64_t *s, void *p, size_t n)
{
	uint8_t *b = p;
	int k = 1 + (int)gen_below(s, 4);

	for (int i = 0; i < k; i++) {
		size_t at = gen_below(s, n);
		switch (gen_below(s, 3)) {
		case 0: b[at] ^= (uint8_t)(1u << gen_below(s, 8)); break;
		case 1: b[at] = (uint8_t)gen_next(s); break;
		default: b[at] = (uint8_t)(gen_below(s, 2) ? 0 : 0xff); break;
		}
	}
}

static const uint8_t *random_frame(uint64_t *s, size_t *len)
{
	if (N.n && gen_below(s, 2))
		gen_frame_for(s, &N.e[gen_below(s, (uint64_t)N.n)].f, frame);
	else
		gen_fill(s, frame, sizeof(frame));
	*len = gen_below(s, 3) ? gen_below(s, 80) : gen_below(s, GEN_FRAME_MAX + 1);
	return gen_flush(&guard, frame, *len);
}

/* A filter: random, protocol-shaped, or either with bytes changed. */
static void fuzz_filter(uint64_t *s, struct exos_dpf_filter *f)
{
	if (gen_below(s, 8) == 0) {
		gen_fill(s, (uint8_t *)f, sizeof(*f));
		f->natoms = (uint16_t)(f->natoms % 20);
		return;
	}
	gen_random_filter(s, f);
	if (gen_below(s, 3) == 0)
		mutate(s, f, 8 + 24 * (size_t)(f->natoms ? f->natoms : 1));
}

static int fuzz_checker(uint64_t seed, long iters)
{
	uint64_t s = seed;

	if (!guard.page)
		gen_guard_init(&guard);
	for (long i = 0; i < iters; i++) {
		struct exos_dpf_filter f;
		struct dpf_filter c;
		fuzz_filter(&s, &f);
		int r = dpf_check(&f, &c);
		if (r != 0 && r != -E_RANGE && r != -E_INVAL)
			FAILF("iter %ld: dpf_check = %d", i, r);
		if (r)
			continue;
		if (c.natoms != f.natoms || !dpf_intersects(&c, &c))
			FAILF("iter %ld: accepted filter not canonical or empty", i);
		for (int k = 1; k < c.natoms; k++)
			if (dpf_field_cmp(&c.atom[k - 1].f, &c.atom[k].f) >= 0)
				FAILF("iter %ld: atoms not strictly sorted", i);
		for (int k = 0; k < 8; k++) {
			size_t len;
			const uint8_t *p = random_frame(&s, &len);
			uint64_t v;
			naive_match(&f, p, len);
			for (int a = 0; a < c.natoms; a++)
				dpf_field_read(&c.atom[a].f, p, len, &v);
		}
	}
	return 0;
}

static void fuzz_set(uint64_t *s)
{
	int n = 1 + (int)gen_below(s, 40);

	dpf_init(&T);
	memset(&N, 0, sizeof(N));
	for (int i = 0; i < n; i++) {
		struct exos_dpf_filter f;
		fuzz_filter(s, &f);
		int id = dpf_insert(&T, &f, (uint32_t)gen_below(s, 3), NULL, NULL);
		if (id >= 0)
			naive_add(&N, id, &f);
	}
}

static struct dpf_jit_opts fuzz_opts(uint64_t *s)
{
	uint8_t align = (uint8_t)(1u << gen_below(s, 4));

	return (struct dpf_jit_opts){ .align = align, .mod = (uint8_t)gen_below(s, align),
				      .rvc = gen_below(s, 2) };
}

static int fuzz_compiler(uint64_t seed, long iters)
{
	uint64_t s = seed;

	if (!guard.page)
		gen_guard_init(&guard);
	for (long i = 0; i < iters; i++) {
		fuzz_set(&s);
		struct dpf_jit_opts o = fuzz_opts(&s);
		struct rvcheck_opts ro = { o.align, o.mod, DPF_MAX_FILTERS };
		long n = dpf_jit(&T.trie, &o, &W, code, sizeof(code));
		if (n <= 0)
			FAILF("iter %ld: dpf_jit = %ld", i, n);
		if (rvcheck_verify(code, (size_t)n, &ro, why, sizeof(why)))
			FAILF("iter %ld: emitted program rejected: %s", i, why);
		for (int k = 0; k < 16; k++) {
			size_t len;
			const uint8_t *p = random_frame(&s, &len);
			int want = dpf_classify(&T.trie, p, len);
			int64_t v;
			uint64_t st;
			uint32_t mod8 = (uint32_t)(o.mod + o.align * gen_below(&s, 8 / o.align)) & 7;
			if (want != naive_classify(&N, p, len))
				FAILF("iter %ld: interpreter and oracle differ", i);
			if (rvemu_run(code, (size_t)n, p, len, mod8, &v, &st, why, sizeof(why)) ||
			    v != want)
				FAILF("iter %ld: compiled %lld, want %d (%s)", i, (long long)v, want, why);
		}
	}
	return 0;
}

static int fuzz_verifier(uint64_t seed, long iters, long *accepted)
{
	uint64_t s = seed;
	long n = 0;
	struct dpf_jit_opts o = { 1, 0, true };

	*accepted = 0;
	if (!guard.page)
		gen_guard_init(&guard);
	for (long i = 0; i < iters; i++) {
		if (i % 64 == 0) {
			fuzz_set(&s);
			o = fuzz_opts(&s);
			n = dpf_jit(&T.trie, &o, &W, code, sizeof(code));
			if (n <= 0)
				FAILF("iter %ld: dpf_jit = %ld", i, n);
		}
		struct rvcheck_opts ro = { o.align, o.mod, DPF_MAX_FILTERS };
		memcpy(mutated, code, (size_t)n);
		mutate(&s, mutated, (size_t)n);
		if (rvcheck_verify(mutated, (size_t)n, &ro, why, sizeof(why)))
			continue;
		++*accepted;
		for (int k = 0; k < 8; k++) {
			size_t len;
			const uint8_t *p = random_frame(&s, &len);
			int64_t v;
			uint64_t st;
			uint32_t mod8 = (uint32_t)(o.mod + o.align * gen_below(&s, 8 / o.align)) & 7;
			if (rvemu_run(mutated, (size_t)n, p, len, mod8, &v, &st, why, sizeof(why)))
				FAILF("iter %ld: accepted program faulted: %s", i, why);
			if (v < -1 || v >= DPF_MAX_FILTERS)
				FAILF("iter %ld: accepted program returned %lld", i, (long long)v);
		}
	}
	return 0;
}

#ifdef DPF_FUZZ_MAIN

int main(int argc, char **argv)
{
	long iters = argc > 1 ? atol(argv[1]) : 100000;
	uint64_t seed = argc > 2 ? strtoull(argv[2], NULL, 0) : (uint64_t)time(NULL);
	long acc;

	printf("dpf fuzz: %ld iterations per target, seed %llu\n", iters, (unsigned long long)seed);
	fflush(stdout);
	if (fuzz_checker(seed, iters) || fuzz_compiler(seed + 1, iters / 20 + 1) ||
	    fuzz_verifier(seed + 2, iters, &acc)) {
		printf("FAIL %s\n", fail_msg);
		return 1;
	}
	printf("ok (mutated programs still accepted: %ld of %ld)\n", acc, iters);
	return 0;
}

#else
#include "check.h"

/** Fuzz sample: 20,000 mutated and random filters get 0 or a documented error; accepted ones are canonical, satisfiable and read nothing outside the frame. */
TEST(fuzz_checker_sample)
{
	if (fuzz_checker(1, 20000))
		CHECK_FAIL("%s", fail_msg);
}

/** Fuzz sample: 300 mutated filter sets compile, under random options, to programs the checker accepts and that agree with the interpreter. */
TEST(fuzz_compiler_sample)
{
	if (fuzz_compiler(2, 300))
		CHECK_FAIL("%s", fail_msg);
}

/** Fuzz sample: of 20,000 bit-flipped programs, every one the checker still accepts runs without a fault (and some are accepted). */
TEST(fuzz_verifier_sample)
{
	long acc;

	if (fuzz_verifier(3, 20000, &acc))
		CHECK_FAIL("%s", fail_msg);
	CHECK(acc > 100);
}

TEST_MAIN()
#endif
