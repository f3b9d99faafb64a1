/*
 * test_uaddr - user addresses the system calls are given (issue 11,
 * finding 1), on the fake arch: every call that takes a pointer refuses
 * one at the top of the address space with its documented error, the
 * range check never wraps, a buffer may end exactly at the end of the
 * user half but not one byte past it, and predicates read the exported
 * pages up to their last word and not beyond.
 */
#include "check.h"
#include "kfix.h"

#define TOP_WORD 0xfffffffffffffff8UL
#define LAST_PAGE va_make(EXOS_USER_END - PAGE_SIZE)

static struct env *me;

static void boot(void)
{
	kfix_boot(1024);
	me = kfix_env();
	kfix_root(me);
	kfix_run(me, 0);
}

/** Every pointer-taking call refuses the last word of the address space (E_FAULT, or E_INVAL
 *  where the address is an argument's value rather than memory read). */
TEST(pointers_at_top)
{
	vaddr_t top = va_make(TOP_WORD);

	boot();
	CHECK_EQ(sys_cons_write(top, 8), -E_FAULT);
	CHECK_EQ(sys_cons_read(top, 8), -E_FAULT);
	CHECK_EQ(sys_env_create(0, top), -E_FAULT);
	CHECK_EQ(sys_cap_derive(EXOS_CAP_ROOT, -1, top, 2, CAP_R), -E_FAULT);
	CHECK_EQ(sys_pte_install_batch(EXOS_CAP_SELF, me->id, top, 1, EXOS_CAP_PAGES), -E_FAULT);
	CHECK_EQ(sys_pte_share_batch(EXOS_CAP_SELF, me->id, top, 1, 0), -E_FAULT);
	CHECK_EQ(sys_sleep_until(top), -E_FAULT);
	CHECK_EQ(sys_sleep_deadline(top, 1000), -E_FAULT);
	CHECK_EQ(sys_guarantee(EXOS_CAP_SELF, me->id, top, 8), -E_INVAL);
	CHECK_EQ(sys_guarantee(EXOS_CAP_SELF, me->id, va_make(0x1000), ~0UL - 0x800), -E_INVAL);
	CHECK_EQ(sys_pte_install(EXOS_CAP_SELF, me->id, va_make(0UL - PAGE_SIZE), kfix_page(me),
				 EXOS_PTE_R, EXOS_CAP_PAGES), -E_INVAL);
	CHECK_EQ(sys_pte_remove(EXOS_CAP_SELF, me->id, va_make(0UL - PAGE_SIZE)), -E_INVAL);
	CHECK_EQ(sys_pte_read(EXOS_CAP_SELF, me->id, top), -E_INVAL);
	CHECK_EQ(sys_pte_protect(EXOS_CAP_SELF, me->id, va_make(0UL - PAGE_SIZE), EXOS_PTE_R,
				 EXOS_CAP_PAGES), -E_INVAL);
	CHECK_EQ(sys_env_run(EXOS_CAP_SELF, me->id, top, top, 0), -E_INVAL);
	CHECK_EQ(sys_env_set_entry(EXOS_CAP_SELF, me->id, 0, top), -E_INVAL);
	CHECK_EQ(kfix_console_len, 0);
	CHECK_EQ(kfix_invariants(), 0);
}

/** Lengths that reach past the user half, or wrap, are E_FAULT even from a mapped page. */
TEST(lengths_that_wrap)
{
	boot();
	kfix_map(me, KFIX_VA(0), EXOS_PTE_R | EXOS_PTE_W);
	CHECK_EQ(sys_cons_write(KFIX_VA(0), ~0UL), -E_FAULT);
	CHECK_EQ(sys_cons_write(KFIX_VA(0), 0UL - va_raw(KFIX_VA(0))), -E_FAULT);
	CHECK_EQ(sys_cons_write(KFIX_VA(0), EXOS_USER_END - va_raw(KFIX_VA(0)) + 1), -E_FAULT);
	CHECK_EQ(sys_cons_read(KFIX_VA(0), ~0UL), -E_FAULT);
	CHECK_EQ(sys_cap_derive(EXOS_CAP_ROOT, -1, KFIX_VA(0), ~0UL, CAP_R), -E_RANGE);
	CHECK_EQ(sys_pte_install_batch(EXOS_CAP_SELF, me->id, KFIX_VA(0), ~0UL, EXOS_CAP_PAGES),
		 -E_RANGE);
	CHECK_EQ(kfix_console_len, 0);
}

/** A buffer may end exactly at the end of the user half; one byte more is E_FAULT. */
TEST(end_of_user_half)
{
	boot();
	char *last = kfix_map(me, LAST_PAGE, EXOS_PTE_R | EXOS_PTE_W);

	memcpy(last + PAGE_SIZE - 8, "exos-end", 8);
	CHECK_EQ(sys_cons_write(va_add(LAST_PAGE, PAGE_SIZE - 8), 8), 8);
	CHECK_EQ(kfix_console_len, 8);
	CHECK(!memcmp(kfix_console, "exos-end", 8));
	CHECK_EQ(sys_cons_write(va_add(LAST_PAGE, PAGE_SIZE - 8), 9), -E_FAULT);
	CHECK_EQ(sys_cons_read(va_add(LAST_PAGE, PAGE_SIZE - 8), 8), 0);
	CHECK_EQ(sys_cons_read(va_add(LAST_PAGE, PAGE_SIZE - 8), 9), -E_FAULT);
	CHECK_EQ(sys_cons_write(va_make(EXOS_USER_END), 0), 0);   /* nothing to read */
	CHECK_EQ(kfix_console_len, 8);
}

/** A read needs R and a write W: a read-only page is readable, not writable. */
TEST(permissions_checked)
{
	boot();
	kfix_map(me, KFIX_VA(0), EXOS_PTE_R);
	CHECK_EQ(sys_cons_write(KFIX_VA(0), 16), 16);
	CHECK_EQ(sys_cons_read(KFIX_VA(0), 16), -E_FAULT);
	CHECK_EQ(sys_cons_write(KFIX_VA(1), 1), -E_FAULT);
	CHECK_EQ(sys_cons_write(va_add(KFIX_VA(0), PAGE_SIZE - 4), 8), -E_FAULT);   /* crosses */
}

/** A copy across two pages reads both, in order. */
TEST(copy_across_pages)
{
	boot();
	char *a = kfix_map(me, KFIX_VA(0), EXOS_PTE_R), *b = kfix_map(me, KFIX_VA(1), EXOS_PTE_R);

	memcpy(a + PAGE_SIZE - 3, "abc", 3);
	memcpy(b, "def", 3);
	CHECK_EQ(sys_cons_write(va_add(KFIX_VA(0), PAGE_SIZE - 3), 6), 6);
	CHECK(!memcmp(kfix_console, "abcdef", 6));
}

static int readable(uint64_t va, int size)
{
	uint64_t v;

	return env_pred_readable(me, va, size, &v);
}

/** Predicate reads: the last word of the info page and of the env table are readable (from the
 *  kernel's own copies), a word crossing their end is not, nor any size at the top of the
 *  address space. */
TEST(predicate_reads)
{
	uint64_t v = 1;

	boot();
	*(uint64_t *)((char *)env_table + PAGE_SIZE - 8) = 0x77;
	CHECK_EQ(env_pred_readable(me, EXOS_ENVS_VA + PAGE_SIZE - 8, 8, &v), 0);
	CHECK_EQ(v, 0x77);
	CHECK_EQ(readable(EXOS_INFO_VA + PAGE_SIZE - 8, 8), 0);
	CHECK_EQ(readable(EXOS_INFO_VA + PAGE_SIZE - 4, 8), -1);
	CHECK_EQ(readable(EXOS_ENVS_VA + PAGE_SIZE - 1, 2), -1);
	for (int size = 1; size <= 8; size *= 2)
		CHECK_EQ(readable(0UL - (uint64_t)size, size), -1);
	CHECK_EQ(readable(va_raw(KFIX_VA(0)), 8), -1);
	kfix_map(me, KFIX_VA(0), EXOS_PTE_R);
	CHECK_EQ(readable(va_raw(KFIX_VA(0)) + PAGE_SIZE - 8, 8), 0);
}

/** A predicate at the top of the address space is refused at sleep time (E_FAULT). */
TEST(predicate_terms_at_top)
{
	struct exos_pred *p;

	boot();
	p = kfix_map(me, KFIX_VA(0), EXOS_PTE_R | EXOS_PTE_W);
	for (int size = 1; size <= 8; size *= 2) {
		*p = (struct exos_pred){ .nterms = 1 };
		p->term[0] = (struct exos_pred_term){ 0UL - (uint64_t)size, ~0UL, 0, (uint8_t)size,
						      EXOS_PRED_EQ, 1, { 0 } };
		CHECK_EQ(sys_sleep_until(KFIX_VA(0)), -E_FAULT);
		CHECK_EQ(sys_sleep_deadline(KFIX_VA(0), 1000), -E_FAULT);
	}
}

TEST_MAIN()
