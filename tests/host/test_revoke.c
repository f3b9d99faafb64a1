/*
 * test_revoke - visible revocation and the abort protocol (revoke.c)
 * on the fake arch: whom the kernel asks, the upcall it makes, and the
 * binding breaker that takes pages by force: every mapping of a taken
 * page in every env (tree, STLB, megapage) is broken and flushed on the
 * hart running that env before the page is zeroed, freed and listed in
 * the repossession vector.
 */
#include "check.h"
#include "kfix.h"

#define R EXOS_PTE_R
#define RW (EXOS_PTE_R | EXOS_PTE_W)
#define HANDLER 0x10400UL

static struct env *me, *victim;

static struct exos_repossession *repo(struct env *e)
{
	return (void *)((uint8_t *)e->caps + 0x800);
}

/* Pages until free memory is below the revocation threshold, owned by
 * a hog that is not running. */
static void exhaust(struct env *hog)
{
	while (pmem.nfree >= kinfo->revoke_low)
		kfix_page(hog);
}

/* me (small, running on hart 0) and victim (big: all but a few pages
 * of RAM, with an interrupt entry) ; memory is short. */
static void boot(void)
{
	kfix_boot(4096);
	me = kfix_env();
	kfix_root(me);
	victim = kfix_env();
	victim->entry[EXOS_ENTRY_INTERRUPT] = HANDLER;
	env_start(victim, va_make(0x10000), va_make(0x20000), 0);
	kfix_run(me, 0);
	exhaust(victim);
}

/** A request asks the env holding most pages above its minimum (not the requester), once. */
TEST(request_picks_biggest)
{
	boot();
	struct env *small = kfix_env();

	for (int i = 0; i < EXOS_GUARANTEED_PAGES + 20; i++)
		kfix_page(small);
	uint64_t n = kinfo->revocations;
	CHECK_EQ(revoke_request(me), 1);
	CHECK_EQ(kinfo->revocations, n + 1);
	CHECK(revoke_pending(victim));
	CHECK(!revoke_pending(small));
	CHECK_EQ(revoke_request(me), 1);   /* one at a time */
	CHECK_EQ(kinfo->revocations, n + 1);
}

/** With memory not short after the kernel drops idle envs' tables, nobody is asked. */
TEST(tables_first)
{
	kfix_boot(4096);
	me = kfix_env();
	kfix_run(me, 0);
	struct env *idle = kfix_env();
	CHECK_EQ(bind_install(idle, idle, KFIX_VA(0), kfix_page(idle), R, EXOS_CAP_PAGES), 0);
	uint64_t dropped = kinfo->tables_dropped;
	CHECK_EQ(revoke_request(me), 0);
	CHECK(kinfo->tables_dropped > dropped);
	CHECK_EQ(idle->stlb_only, 1);
	CHECK(!revoke_pending(idle));
}

/** The victim's next run enters its interrupt entry: a0 EXOS_INTR_REVOKE, a1 the pages wanted,
 *  its registers saved; a second delivery does nothing. */
TEST(deliver_upcall)
{
	boot();
	struct trapframe *tf = env_tf(victim);

	tf_set_arg(tf, 0, 0x1111);
	CHECK_EQ(revoke_request(me), 1);
	revoke_deliver(victim);
	CHECK_EQ(tf_pc(tf), HANDLER);
	CHECK_EQ(tf_arg(tf, 0), EXOS_INTR_REVOKE);
	CHECK_EQ(tf_arg(tf, 1), REVOKE_BATCH);
	CHECK_EQ(victim->save->regs[EXOS_REG_A0], 0x1111);
	CHECK_EQ(victim->save->regs[EXOS_REG_PC], 0x10000);
	CHECK_EQ(victim->save->kind, EXOS_ENTRY_INTERRUPT);
	CHECK_EQ(victim->save->tval, REVOKE_BATCH);
	CHECK(!revoke_pending(victim));
	tf_set_pc(tf, 0x10004);
	revoke_deliver(victim);
	CHECK_EQ(tf_pc(tf), 0x10004);
}

/** No delivery while the victim is in an upcall already, or runs a PCT activation; it is still
 *  owed. */
TEST(deliver_waits)
{
	boot();
	CHECK_EQ(revoke_request(me), 1);
	victim->save->active = 1;
	revoke_deliver(victim);
	CHECK_EQ(tf_pc(env_tf(victim)), 0x10000);
	victim->save->active = 0;
	victim->act = &victim->call;
	revoke_deliver(victim);
	victim->act = &victim->own;
	CHECK(revoke_pending(victim));
}

/** Pages the victim frees count: enough of them close the request. */
TEST(freed_pages_close_request)
{
	boot();
	CHECK_EQ(revoke_request(me), 1);
	for (int i = 0; i < REVOKE_BATCH; i++)
		revoke_page_freed(victim);
	CHECK_EQ(revoke_short(victim), -E_NOENT);
}

/** revoke_short from an env nobody asked is E_NOENT. */
TEST(short_not_asked)
{
	boot();
	CHECK_EQ(revoke_short(me), -E_NOENT);
}

#define NMAPPED (EXOS_GUARANTEED_PAGES + 6)
#define NUNMAPPED (REVOKE_BATCH / 2)

/** The breaker: pages mapped in the victim (held only in its STLB) and shared into another env
 *  lose every binding; each env that lost one is flushed on its hart; the pages are zeroed,
 *  freed and listed; unmapped pages go first. */
TEST(abort_breaks_every_binding)
{
	boot();
	struct env *other = kfix_env();
	static ppn_t mapped[NMAPPED];
	int pc = cap_grant(victim->caps, EXOS_CAP_PAGES, other->caps, CAP_R);

	/* Keep NUNMAPPED of the victim's unmapped pages: mapped ones are taken too. */
	for (uint32_t i = pmem_owned_first(victim->id), next, kept = 0; i != EXOS_PAGE_NIL; i = next) {
		next = pmem.pages[i].next;
		if (pmem.pages[i].type == EXOS_PAGE_USER && kept++ >= NUNMAPPED)
			pmem_free(pmem_ppn(i));
	}
	for (int i = 0; i < NMAPPED; i++) {
		mapped[i] = kfix_page(victim);
		memset(ppn_to_kva(mapped[i]), 0x5a, PAGE_SIZE);
		CHECK_EQ(bind_install(victim, victim, KFIX_VA(i), mapped[i], RW, EXOS_CAP_PAGES), 0);
		CHECK_EQ(bind_install(other, other, KFIX_VA(i), mapped[i], R, pc), 0);
	}
	stlb_drop_tables(victim);
	kfix_run(other, 1);
	fake_cpu.hart = 0;
	exhaust(me);
	CHECK_EQ(revoke_request(me), 1);
	uint32_t npages = victim->npages;
	kfix_flush_mark();
	CHECK_EQ(revoke_short(victim), 0);
	CHECK_EQ(repo(victim)->count, REVOKE_BATCH);
	CHECK_EQ(victim->npages, npages - REVOKE_BATCH);
	CHECK(kfix_flushed(1, KFIX_VA(0), other->tlb.asid));
	int taken_mapped = 0;
	for (int i = 0; i < NMAPPED; i++) {
		if (pmem_page(mapped[i])->type != EXOS_PAGE_FREE)
			continue;
		taken_mapped++;
		CHECK_EQ(pmem_page(mapped[i])->refcnt, 0);
		CHECK_EQ(bind_read(other, KFIX_VA(i)), -E_NOENT);
		CHECK_EQ(bind_read(victim, KFIX_VA(i)), -E_NOENT);
		CHECK_EQ(((uint8_t *)ppn_to_kva(mapped[i]))[100], 0);
	}
	CHECK_EQ(taken_mapped, REVOKE_BATCH - NUNMAPPED);
	CHECK_EQ(kfix_invariants(), 0);
}

/** The victim keeps its guaranteed minimum: from one barely above it, only the excess goes. */
TEST(abort_keeps_minimum)
{
	boot();
	CHECK_EQ(revoke_request(me), 1);
	/* Then leave the victim EXOS_GUARANTEED_PAGES + 4 pages in all. */
	for (uint32_t i = pmem_owned_first(victim->id), next; i != EXOS_PAGE_NIL; i = next) {
		next = pmem.pages[i].next;
		if (pmem.pages[i].type == EXOS_PAGE_USER && victim->npages > EXOS_GUARANTEED_PAGES + 4)
			pmem_free(pmem_ppn(i));
	}
	CHECK_EQ(revoke_short(victim), 0);
	CHECK_EQ(repo(victim)->count, 4);
	CHECK_EQ(victim->npages, EXOS_GUARANTEED_PAGES);
	CHECK_EQ(kfix_invariants(), 0);
}

/** A megapage holding a taken page loses its whole binding (every page its reference), and its
 *  other pages, unmapped now, can be taken in the same pass. */
TEST(abort_breaks_megapage)
{
	kfix_boot(4096);
	me = kfix_env();
	victim = kfix_env();
	kfix_run(me, 0);
	ppn_t run = kfix_mega_run(victim);
	vaddr_t mva = va_make(0x1400000000UL);

	CHECK_EQ(bind_install(victim, victim, mva, run, R | EXOS_PTE_MEGA, EXOS_CAP_PAGES), 0);
	exhaust(me);
	CHECK_EQ(revoke_request(me), 1);
	CHECK_EQ(revoke_short(victim), 0);
	CHECK_EQ(bind_read(victim, mva), -E_NOENT);
	uint64_t refs = 0;
	for (int k = 0; k < 512; k++)
		refs += pmem_page(ppn_add(run, k))->refcnt;
	CHECK_EQ(refs, 0);
	CHECK_EQ(repo(victim)->count, REVOKE_BATCH);
	CHECK_EQ(kfix_invariants(), 0);
}

/** At the deadline the kernel takes what is missing by force; before it, nothing. */
TEST(deadline)
{
	boot();
	CHECK_EQ(revoke_request(me), 1);
	revoke_tick(fake_cpu.time + kinfo->revoke_ticks - 1);
	CHECK_EQ(repo(victim)->count, 0);
	revoke_tick(fake_cpu.time + kinfo->revoke_ticks);
	CHECK_EQ(repo(victim)->count, REVOKE_BATCH);
	CHECK_EQ(kinfo->repossessed, REVOKE_BATCH);
	CHECK_EQ(kfix_invariants(), 0);
}

TEST_MAIN()
