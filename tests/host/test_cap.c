/*
 * test_cap - hierarchically named capabilities: dominance, the one
 * check, derive, grant, revoke and delete across several spaces, and a
 * randomized run against a lineage oracle.
 */
#include <limits.h>
#include "check.h"
#include "cap.h"
#include "exos/errno.h"

#define RWXG (CAP_R | CAP_W | CAP_X | CAP_GRANT)

static struct cap_space A, B, C;
static struct cap_space *const abc[] = { &A, &B, &C };
static struct cap_space saved[3];

static void setup(void)
{
	cap_space_init(&A);
	cap_space_init(&B);
	cap_space_init(&C);
}

static void save(void)
{
	saved[0] = A;
	saved[1] = B;
	saved[2] = C;
}

/* Nothing changed since save(). */
static int unchanged(void)
{
	return !memcmp(&saved[0], &A, sizeof(A)) && !memcmp(&saved[1], &B, sizeof(B)) &&
	       !memcmp(&saved[2], &C, sizeof(C));
}

static int nused(const struct cap_space *s)
{
	int n = 0;
	for (int i = 0; i < CAP_SLOTS; i++)
		n += (s->slot[i].flags & EXOS_CAP_F_USED) != 0;
	return n;
}

static int dom(struct exos_cap_name cap, struct exos_cap_name guard)
{
	return cap_name_dominates(&cap, &guard);
}

static int install(struct cap_space *s, int slot, struct exos_cap_name name, uint16_t rights)
{
	return cap_install(s, slot, &name, rights, 0);
}

static int check(const struct cap_space *s, int idx, struct exos_cap_name guard, uint16_t need)
{
	return cap_check(s, idx, &guard, need);
}

/* ------------------------------------------------------------ dominance */

/** A name dominates every guard it is a proper prefix of. */
TEST(dominates_prefix)
{
	CHECK_EQ(dom(cap_name2(1, 2), cap_name3(1, 2, 3)), 1);
	CHECK_EQ(dom(cap_name1(1), cap_name4(1, 2, 3, 4)), 1);
}

/** A name dominates a guard equal to it. */
TEST(dominates_equal)
{
	CHECK_EQ(dom(cap_name2(1, 2), cap_name2(1, 2)), 1);
	CHECK_EQ(dom(cap_name0(), cap_name0()), 1);
}

/** A longer name does not dominate a shorter guard it extends. */
TEST(longer_cap_does_not_dominate_shorter_guard)
{
	CHECK_EQ(dom(cap_name3(1, 2, 3), cap_name2(1, 2)), 0);
	CHECK_EQ(dom(cap_name1(1), cap_name0()), 0);
	/* even when its extra component equals the guard's unused (zero) one */
	CHECK_EQ(dom(cap_name3(1, 2, 0), cap_name2(1, 2)), 0);
	CHECK_EQ(dom(cap_name1(0), cap_name0()), 0);
}

/** The root (length 0) dominates every valid guard, including a full one. */
TEST(root_dominates_everything)
{
	struct exos_cap_name full = { .len = 6, .comp = { 1, 2, 3, 4, 5, 6 } };
	CHECK_EQ(dom(cap_name0(), cap_name1(0xffffffffu)), 1);
	CHECK_EQ(dom(cap_name0(), full), 1);
}

/** One differing component, first or last, breaks dominance. */
TEST(component_mismatch)
{
	struct exos_cap_name g = { .len = 6, .comp = { 1, 2, 3, 4, 5, 6 } };
	struct exos_cap_name c = g;
	c.comp[5] = 7;
	CHECK_EQ(dom(c, g), 0);
	CHECK_EQ(dom(cap_name2(1, 2), cap_name3(2, 2, 3)), 0);
	CHECK_EQ(dom(cap_name2(1, 2), cap_name3(1, 3, 3)), 0);
}

/** A name longer than CAP_MAX_COMP neither dominates nor is dominated. */
TEST(malformed_length_never_dominates)
{
	struct exos_cap_name bad = { .len = 7 }, huge = { .len = 0xffffffffu };
	CHECK_EQ(dom(bad, bad), 0);
	CHECK_EQ(dom(cap_name0(), bad), 0);
	CHECK_EQ(dom(cap_name0(), huge), 0);
	CHECK_EQ(dom(huge, cap_name1(1)), 0);
}

/* ------------------------------------------------------------ check */

/** A dominating capability with the needed rights passes; needing none passes. */
TEST(check_passes)
{
	setup();
	CHECK_EQ(install(&A, 0, cap_name1(1), CAP_R | CAP_W), 0);
	CHECK_EQ(check(&A, 0, cap_name2(1, 5), CAP_R | CAP_W), 0);
	CHECK_EQ(check(&A, 0, cap_name1(1), CAP_R), 0);
	CHECK_EQ(check(&A, 0, cap_name1(1), 0), 0);
}

/** Errors come range, then empty, then dominance, then rights. */
TEST(check_error_order)
{
	setup();
	CHECK_EQ(install(&A, 0, cap_name1(1), CAP_R), 0);
	CHECK_EQ(check(&A, 32, cap_name2(9, 9), CAP_W), -E_RANGE);
	CHECK_EQ(check(&A, 1, cap_name1(1), CAP_W), -E_NOCAP);
	CHECK_EQ(check(&A, 0, cap_name2(2, 1), CAP_W), -E_NOCAP);
	CHECK_EQ(check(&A, 0, cap_name0(), CAP_R), -E_NOCAP);
	CHECK_EQ(check(&A, 0, cap_name2(1, 1), CAP_W), -E_PERM);
	CHECK_EQ(check(&A, 0, cap_name2(1, 1), 0x10), -E_PERM);
}

/* ------------------------------------------------------------ install */

/** Slot -1 takes the first free slot; every capability gets a fresh, larger id. */
TEST(install_first_free_and_fresh_ids)
{
	setup();
	CHECK_EQ(install(&A, -1, cap_name1(1), CAP_R), 0);
	CHECK_EQ(install(&A, -1, cap_name1(2), CAP_R), 1);
	CHECK_EQ(install(&A, 5, cap_name1(3), CAP_R), 5);
	CHECK_EQ(install(&A, -1, cap_name1(4), CAP_R), 2);
	CHECK_EQ(cap_install(&A, -1, &(struct exos_cap_name){ .len = 0 }, RWXG, 77), 3);
	CHECK(A.slot[0].id != 0);
	CHECK(A.slot[1].id > A.slot[0].id);
	CHECK(A.slot[5].id > A.slot[1].id);
	CHECK(A.slot[2].id > A.slot[5].id);
	CHECK_EQ(A.slot[3].parent, 77);
	CHECK_EQ(A.slot[3].rights, RWXG);
	CHECK_EQ(A.slot[5].name.comp[0], 3);
	CHECK_EQ(A.slot[5].flags, EXOS_CAP_F_USED);
	CHECK_EQ(A.slot[4].flags, 0);
	CHECK_EQ(cap_next_id, A.slot[3].id + 1);
}

/** Install refuses a bad slot, long name, reserved right, taken slot, full space. */
TEST(install_errors)
{
	struct exos_cap_name bad = { .len = 7 };
	setup();
	CHECK_EQ(install(&A, 3, cap_name1(1), CAP_R), 3);
	save();
	CHECK_EQ(install(&A, 32, cap_name1(1), CAP_R), -E_RANGE);
	CHECK_EQ(install(&A, -2, cap_name1(1), CAP_R), -E_RANGE);
	CHECK_EQ(install(&A, -1, bad, CAP_R), -E_INVAL);
	CHECK_EQ(install(&A, -1, cap_name1(1), 0x10), -E_INVAL);
	CHECK_EQ(install(&A, -1, cap_name1(1), 0x8000), -E_INVAL);
	CHECK_EQ(install(&A, 3, cap_name1(2), CAP_R), -E_BUSY);
	CHECK(unchanged());
	for (int i = 0; i < CAP_SLOTS - 1; i++)
		CHECK(install(&A, -1, cap_name1(1), CAP_R) >= 0);
	save();
	CHECK_EQ(install(&A, -1, cap_name1(1), CAP_R), -E_NOMEM);
	CHECK(unchanged());
}

/** Components past the name's length are stored as zero, whatever the caller had there. */
TEST(install_zeroes_unused_components)
{
	struct exos_cap_name n = { .len = 1, .comp = { 5, 6, 7, 8, 9, 10 } };
	setup();
	CHECK_EQ(cap_install(&A, 0, &n, CAP_R, 0), 0);
	CHECK_EQ(A.slot[0].name.len, 1);
	CHECK_EQ(A.slot[0].name.comp[0], 5);
	for (int i = 1; i < CAP_MAX_COMP; i++)
		CHECK_EQ(A.slot[0].name.comp[i], 0);
}

/* ------------------------------------------------------------ derive */

/** Derive appends components, keeps a subset of rights and records the source as parent. */
TEST(derive_narrower)
{
	uint32_t extra[] = { 8, 9 };
	setup();
	CHECK_EQ(install(&A, 0, cap_name1(7), CAP_R | CAP_W | CAP_GRANT), 0);
	CHECK_EQ(cap_derive(&A, 0, -1, extra, 2, CAP_R), 1);
	const struct exos_cap *d = &A.slot[1];
	CHECK_EQ(d->name.len, 3);
	CHECK_EQ(d->name.comp[0], 7);
	CHECK_EQ(d->name.comp[1], 8);
	CHECK_EQ(d->name.comp[2], 9);
	CHECK_EQ(d->rights, CAP_R);
	CHECK_EQ(d->parent, A.slot[0].id);
	CHECK(d->id > A.slot[0].id);
	CHECK_EQ(check(&A, 1, cap_name4(7, 8, 9, 1), CAP_R), 0);
	CHECK_EQ(check(&A, 1, cap_name2(7, 8), CAP_R), -E_NOCAP);
	CHECK_EQ(check(&A, 1, cap_name3(7, 8, 9), CAP_W), -E_PERM);
}

/** Derive with no extra components narrows rights only, into the named slot. */
TEST(derive_rights_only)
{
	setup();
	CHECK_EQ(install(&A, 0, cap_name2(7, 1), RWXG), 0);
	CHECK_EQ(cap_derive(&A, 0, 9, NULL, 0, CAP_R | CAP_GRANT), 9);
	CHECK_EQ(A.slot[9].name.len, 2);
	CHECK_EQ(A.slot[9].name.comp[1], 1);
	CHECK_EQ(A.slot[9].rights, CAP_R | CAP_GRANT);
}

/** Rights not held by the source, reserved bits included, fail with E_PERM. */
TEST(derive_rights_must_be_subset)
{
	setup();
	CHECK_EQ(install(&A, 0, cap_name1(7), CAP_R | CAP_GRANT), 0);
	save();
	CHECK_EQ(cap_derive(&A, 0, -1, NULL, 0, CAP_R | CAP_W), -E_PERM);
	CHECK_EQ(cap_derive(&A, 0, -1, NULL, 0, CAP_R | 0x10), -E_PERM);
	CHECK(unchanged());
}

/** A source without CAP_GRANT cannot derive, even a weaker capability. */
TEST(derive_needs_grant)
{
	setup();
	CHECK_EQ(install(&A, 0, cap_name1(7), CAP_R | CAP_W | CAP_X), 0);
	save();
	CHECK_EQ(cap_derive(&A, 0, -1, NULL, 0, CAP_R), -E_PERM);
	CHECK_EQ(cap_derive(&A, 0, -1, NULL, 0, 0), -E_PERM);
	CHECK(unchanged());
}

/** A taken destination fails with E_BUSY, the source slot itself included. */
TEST(derive_dst_busy)
{
	setup();
	CHECK_EQ(install(&A, 0, cap_name1(7), RWXG), 0);
	CHECK_EQ(install(&A, 4, cap_name1(8), CAP_R), 4);
	save();
	CHECK_EQ(cap_derive(&A, 0, 0, NULL, 0, CAP_R), -E_BUSY);
	CHECK_EQ(cap_derive(&A, 0, 4, NULL, 0, CAP_R), -E_BUSY);
	CHECK(unchanged());
}

/** In a full space, dst -1 fails with E_NOMEM and a named slot with E_BUSY. */
TEST(derive_full_space)
{
	setup();
	for (int i = 0; i < CAP_SLOTS; i++)
		CHECK_EQ(install(&A, -1, cap_name1(7), RWXG), i);
	save();
	CHECK_EQ(cap_derive(&A, 0, -1, NULL, 0, CAP_R), -E_NOMEM);
	CHECK_EQ(cap_derive(&A, 0, 31, NULL, 0, CAP_R), -E_BUSY);
	CHECK(unchanged());
}

/** A name may grow to exactly CAP_MAX_COMP components; past that, or nextra < 0, is E_RANGE. */
TEST(derive_too_long)
{
	uint32_t extra[] = { 5, 6, 7 };
	setup();
	CHECK_EQ(install(&A, 0, cap_name4(1, 2, 3, 4), RWXG), 0);
	save();
	CHECK_EQ(cap_derive(&A, 0, -1, extra, 3, CAP_R), -E_RANGE);
	CHECK_EQ(cap_derive(&A, 0, -1, extra, -1, CAP_R), -E_RANGE);
	CHECK_EQ(cap_derive(&A, 0, -1, extra, INT_MAX, CAP_R), -E_RANGE);
	CHECK_EQ(cap_derive(&A, 0, -1, extra, INT_MIN, CAP_R), -E_RANGE);
	CHECK(unchanged());
	CHECK_EQ(cap_derive(&A, 0, -1, extra, 2, CAP_R), 1);
	CHECK_EQ(A.slot[1].name.len, 6);
	CHECK_EQ(A.slot[1].name.comp[5], 6);
}

/** Deriving from an empty slot fails with E_NOCAP. */
TEST(derive_from_empty)
{
	setup();
	CHECK_EQ(cap_derive(&A, 3, -1, NULL, 0, 0), -E_NOCAP);
	CHECK_EQ(nused(&A), 0);
}

/* ------------------------------------------------------------ grant */

/** Grant copies the name with a subset of rights into the first free slot, as a child. */
TEST(grant_copies_as_child)
{
	setup();
	CHECK_EQ(install(&A, 2, cap_name2(3, 4), RWXG), 2);
	CHECK_EQ(install(&B, 0, cap_name1(9), CAP_R), 0);
	CHECK_EQ(cap_grant(&A, 2, &B, CAP_R | CAP_GRANT), 1);
	CHECK_EQ(B.slot[1].name.len, 2);
	CHECK_EQ(B.slot[1].name.comp[1], 4);
	CHECK_EQ(B.slot[1].rights, CAP_R | CAP_GRANT);
	CHECK_EQ(B.slot[1].parent, A.slot[2].id);
	CHECK(B.slot[1].id > A.slot[2].id);
	CHECK_EQ(cap_grant(&A, 2, &A, CAP_W), 0);
	CHECK_EQ(A.slot[0].parent, A.slot[2].id);
}

/** Granting into a full space fails with E_NOMEM and changes neither space. */
TEST(grant_into_full_space)
{
	setup();
	CHECK_EQ(install(&A, 0, cap_name1(3), RWXG), 0);
	for (int i = 0; i < CAP_SLOTS; i++)
		CHECK_EQ(install(&B, -1, cap_name1(9), CAP_R), i);
	save();
	CHECK_EQ(cap_grant(&A, 0, &B, CAP_R), -E_NOMEM);
	CHECK(unchanged());
}

/** Grant needs CAP_GRANT and a subset of rights, from a used in-range slot. */
TEST(grant_errors)
{
	setup();
	CHECK_EQ(install(&A, 0, cap_name1(3), CAP_R | CAP_W), 0);
	CHECK_EQ(install(&A, 1, cap_name1(4), CAP_R | CAP_GRANT), 1);
	save();
	CHECK_EQ(cap_grant(&A, 0, &B, CAP_R), -E_PERM);
	CHECK_EQ(cap_grant(&A, 1, &B, CAP_R | CAP_W), -E_PERM);
	CHECK_EQ(cap_grant(&A, 2, &B, 0), -E_NOCAP);
	CHECK_EQ(cap_grant(&A, 32, &B, 0), -E_RANGE);
	CHECK(unchanged());
}

/* ------------------------------------------------------------ revoke, delete */

/*
 * The forest the revoke tests use, across A, B, C:
 *   A0 (1) RWXG root         A1 (2) R|G root        B2 (9) RWXG root
 *   A2 (1,10) derived from A0              A4 (1,11) derived from A0
 *   B0 granted from A2;  B1 (1,10,20) derived from B0
 *   C0 granted from B1;  A3 granted from C0 (back into A)
 *   C1 (1,10,20,30) derived from C0;  C2 granted from A1 (unrelated)
 */
static int build_forest(void)
{
	uint32_t c10 = 10, c11 = 11, c20 = 20, c30 = 30;

	setup();
	return install(&A, 0, cap_name1(1), RWXG) == 0 &&
	       install(&A, 1, cap_name1(2), CAP_R | CAP_GRANT) == 1 &&
	       install(&B, 2, cap_name1(9), RWXG) == 2 &&
	       cap_derive(&A, 0, 2, &c10, 1, RWXG) == 2 &&
	       cap_grant(&A, 2, &B, CAP_R | CAP_W | CAP_GRANT) == 0 &&
	       cap_derive(&B, 0, 1, &c20, 1, CAP_R | CAP_GRANT) == 1 &&
	       cap_grant(&B, 1, &C, CAP_R | CAP_GRANT) == 0 &&
	       cap_grant(&C, 0, &A, CAP_R) == 3 &&
	       cap_derive(&C, 0, 1, &c30, 1, CAP_R) == 1 &&
	       cap_grant(&A, 1, &C, CAP_R) == 2 &&
	       cap_derive(&A, 0, 4, &c11, 1, CAP_R) == 4;
}

/** Revoke removes derive chains and grants of grants in three spaces, nothing else. */
TEST(revoke_transitive_across_three_spaces)
{
	CHECK(build_forest());
	struct exos_cap a0 = A.slot[0], a1 = A.slot[1], a2 = A.slot[2], a4 = A.slot[4];
	struct exos_cap b2 = B.slot[2], c2 = C.slot[2];

	CHECK_EQ(cap_revoke(abc, 3, &A, 2), 5);
	CHECK_EQ(nused(&A), 4);
	CHECK_EQ(nused(&B), 1);
	CHECK_EQ(nused(&C), 1);
	CHECK(!memcmp(&A.slot[0], &a0, sizeof(a0)));
	CHECK(!memcmp(&A.slot[1], &a1, sizeof(a1)));
	CHECK(!memcmp(&A.slot[2], &a2, sizeof(a2)));
	CHECK(!memcmp(&A.slot[4], &a4, sizeof(a4)));
	CHECK(!memcmp(&B.slot[2], &b2, sizeof(b2)));
	CHECK(!memcmp(&C.slot[2], &c2, sizeof(c2)));
	CHECK_EQ(A.slot[3].flags, 0);
	CHECK_EQ(A.slot[3].id, 0);

	CHECK_EQ(cap_revoke(abc, 3, &A, 0), 2);
	CHECK_EQ(nused(&A), 2);
	CHECK_EQ(cap_revoke(abc, 3, &A, 0), 0);
}

/** Revoke without CAP_GRANT fails with E_PERM and removes nothing. */
TEST(revoke_needs_grant)
{
	CHECK(build_forest());
	save();
	CHECK_EQ(cap_revoke(abc, 3, &A, 3), -E_PERM);
	CHECK_EQ(cap_revoke(abc, 3, &A, 4), -E_PERM);
	CHECK(unchanged());
}

/** Revoke rejects a bad space list, a bad index and an empty slot. */
TEST(revoke_errors)
{
	CHECK(build_forest());
	save();
	CHECK_EQ(cap_revoke(abc, -1, &A, 0), -E_INVAL);
	CHECK_EQ(cap_revoke(NULL, 3, &A, 0), -E_INVAL);
	CHECK_EQ(cap_revoke(abc, 3, NULL, 0), -E_INVAL);
	CHECK_EQ(cap_revoke(abc, 3, &A, 32), -E_RANGE);
	CHECK_EQ(cap_revoke(abc, 3, &A, 5), -E_NOCAP);
	CHECK(unchanged());
}

/** The owner's space is searched even if unlisted, unlisted others are not; NULLs skipped. */
TEST(revoke_owner_not_listed_and_null_entries)
{
	struct cap_space *list[] = { NULL, &C, NULL, &B };
	CHECK(build_forest());
	CHECK_EQ(cap_revoke(list, 4, &A, 0), 7);
	CHECK_EQ(nused(&A), 2);
	CHECK_EQ(nused(&B), 1);
	CHECK_EQ(nused(&C), 1);
	CHECK_EQ(cap_revoke(NULL, 0, &A, 1), 0);
	CHECK_EQ(nused(&C), 1);
	CHECK_EQ(cap_revoke(list, 4, &A, 1), 1);
	CHECK_EQ(nused(&C), 0);
}

/** Deleting a link hands its children to its parent: revoking above still reaches them. */
TEST(delete_keeps_descendants_revocable)
{
	CHECK(build_forest());
	uint64_t a2 = A.slot[2].id;
	CHECK_EQ(cap_delete(abc, 3, &B, 0), 0);
	CHECK_EQ(B.slot[0].flags, 0);
	CHECK_EQ(B.slot[1].parent, a2);
	CHECK_EQ(cap_delete(abc, 3, &B, 1), 0);
	CHECK_EQ(C.slot[0].parent, a2);
	CHECK_EQ(cap_revoke(abc, 3, &A, 2), 3);
	CHECK_EQ(C.slot[0].flags, 0);
	CHECK_EQ(C.slot[1].flags, 0);
	CHECK_EQ(A.slot[3].flags, 0);
}

/** Delete rejects a bad index or an empty slot and needs no right. */
TEST(delete_errors_and_no_right_needed)
{
	CHECK(build_forest());
	save();
	CHECK_EQ(cap_delete(abc, 3, &A, 5), -E_NOCAP);
	CHECK_EQ(cap_delete(abc, 3, &A, 32), -E_RANGE);
	CHECK_EQ(cap_delete(abc, -5, &A, 0), -E_INVAL);
	CHECK(unchanged());
	CHECK_EQ(cap_delete(abc, 3, &A, 3), 0);
	CHECK_EQ(nused(&A), 4);
}

/** Clearing a space empties it and lifts its capabilities' children elsewhere to their parents. */
TEST(space_clear_reparents)
{
	CHECK(build_forest());
	uint64_t a2 = A.slot[2].id;
	CHECK_EQ(cap_space_clear(abc, 3, &B), 3);
	CHECK_EQ(nused(&B), 0);
	CHECK_EQ(C.slot[0].parent, a2);
	CHECK_EQ(cap_revoke(abc, 3, &A, 2), 3);
	CHECK_EQ(nused(&C), 1);
	CHECK_EQ(cap_space_clear(abc, 3, &B), 0);
}

/** Ids are never repeated, across installs, derives, grants and revocations. */
TEST(ids_unique)
{
	uint64_t ids[3 * CAP_SLOTS * 4];
	int n = 0;

	for (int round = 0; round < 4; round++) {
		CHECK(build_forest());
		for (int s = 0; s < 3; s++)
			while (cap_grant(&A, 0, abc[s], CAP_R) >= 0)
				;
		for (int s = 0; s < 3; s++)
			for (int i = 0; i < CAP_SLOTS; i++)
				ids[n++] = abc[s]->slot[i].id;
	}
	for (int i = 0; i < n; i++) {
		CHECK(ids[i] != 0);
		for (int j = i + 1; j < n; j++)
			CHECK(ids[i] != ids[j]);
	}
}

/** Hostile slot indices get E_RANGE from every call and change nothing. */
TEST(hostile_indices)
{
	const int bad[] = { -2, 32, 33, INT_MIN, INT_MAX, INT_MIN + 1 };
	struct exos_cap_name g = cap_name1(1);

	CHECK(build_forest());
	save();
	CHECK_EQ(cap_check(&A, -1, &g, 0), -E_RANGE);
	CHECK_EQ(cap_derive(&A, -1, -1, NULL, 0, 0), -E_RANGE);
	CHECK_EQ(cap_grant(&A, -1, &B, 0), -E_RANGE);
	CHECK_EQ(cap_revoke(abc, 3, &A, -1), -E_RANGE);
	CHECK_EQ(cap_delete(abc, 3, &A, -1), -E_RANGE);
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		CHECK_EQ(cap_check(&A, bad[i], &g, 0), -E_RANGE);
		CHECK_EQ(cap_derive(&A, bad[i], -1, NULL, 0, 0), -E_RANGE);
		CHECK_EQ(cap_derive(&A, 0, bad[i], NULL, 0, 0), -E_RANGE);
		CHECK_EQ(cap_grant(&A, bad[i], &B, 0), -E_RANGE);
		CHECK_EQ(cap_revoke(abc, 3, &A, bad[i]), -E_RANGE);
		CHECK_EQ(cap_delete(abc, 3, &A, bad[i]), -E_RANGE);
		CHECK_EQ(cap_install(&A, bad[i], &g, 0, 0), -E_RANGE);
	}
	CHECK(unchanged());
}

/* ------------------------------------------------------------ randomized */

#define NSP 4
static struct cap_space rs[NSP], rsaved[NSP];
static struct cap_space *const rlist[NSP] = { &rs[0], &rs[1], &rs[2], &rs[3] };
static uint64_t rng;

static uint32_t rnd(uint32_t n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)(rng % n);
}

static const struct exos_cap *find_id(uint64_t id)
{
	for (int s = 0; s < NSP; s++)
		for (int i = 0; i < CAP_SLOTS; i++)
			if ((rs[s].slot[i].flags & EXOS_CAP_F_USED) && rs[s].slot[i].id == id)
				return &rs[s].slot[i];
	return NULL;
}

/* Is anc a strict ancestor of c along live parent links? */
static int descends(const struct exos_cap *c, uint64_t anc)
{
	while (c && c->parent) {
		if (c->parent == anc)
			return 1;
		c = find_id(c->parent);
	}
	return 0;
}

/* How many live capabilities descend from id. */
static int count_descendants(uint64_t id)
{
	int n = 0;
	for (int s = 0; s < NSP; s++)
		for (int i = 0; i < CAP_SLOTS; i++)
			n += (rs[s].slot[i].flags & EXOS_CAP_F_USED) && descends(&rs[s].slot[i], id);
	return n;
}

static const struct exos_cap_name zero_name;

/* One slot against the lineage invariant (cap.h); NULL when it holds. */
static const char *slot_broken(const struct exos_cap *c)
{
	if (!(c->flags & EXOS_CAP_F_USED))
		return c->id || c->parent || c->rights || c->flags ||
		       memcmp(&c->name, &zero_name, sizeof(zero_name)) ? "dirty empty slot" : NULL;
	if (c->id == 0 || c->id >= cap_next_id || c->name.len > CAP_MAX_COMP ||
	    (c->rights & ~CAP_RIGHTS))
		return "malformed capability";
	for (uint32_t k = c->name.len; k < CAP_MAX_COMP; k++)
		if (c->name.comp[k])
			return "junk past the name";
	if (c->parent == 0)
		return NULL;
	const struct exos_cap *p = find_id(c->parent);
	if (!p)
		return "parent is not live (revoked or deleted)";
	if (p->id >= c->id)
		return "parent younger than child";
	if (!cap_name_dominates(&p->name, &c->name) || (c->rights & ~p->rights))
		return "child wider than parent";
	return NULL;
}

static const char *lineage_broken(void)
{
	for (int s = 0; s < NSP; s++) {
		for (int i = 0; i < CAP_SLOTS; i++) {
			const struct exos_cap *c = &rs[s].slot[i];
			const char *why = slot_broken(c);
			if (why)
				return why;
			for (int t = 0; t < NSP; t++)
				for (int j = 0; j < CAP_SLOTS; j++)
					if ((c->flags & EXOS_CAP_F_USED) && c != &rs[t].slot[j] &&
					    rs[t].slot[j].id == c->id)
						return "duplicate id";
		}
	}
	return NULL;
}

static int rnd_slot(void)
{
	return (int)rnd(CAP_SLOTS + 2) - 1;   /* -1..32: some out of range */
}

/* Mostly a used slot of s, so that trees grow deep; sometimes anything. */
static int rnd_src(const struct cap_space *s)
{
	int start = (int)rnd(CAP_SLOTS);

	if (rnd(5) == 0)
		return rnd_slot();
	for (int i = 0; i < CAP_SLOTS; i++)
		if (s->slot[(start + i) % CAP_SLOTS].flags & EXOS_CAP_F_USED)
			return (start + i) % CAP_SLOTS;
	return start;
}

/* Mostly a subset of what slot idx holds, keeping CAP_GRANT; sometimes anything. */
static uint16_t rnd_rights(const struct cap_space *s, int idx)
{
	uint16_t have = idx >= 0 && idx < CAP_SLOTS ? s->slot[idx].rights : 0;

	if (rnd(8) == 0)
		return (uint16_t)rnd(32);
	return have & (uint16_t)(rnd(4) ? CAP_GRANT | rnd(16) : rnd(16));
}

static int rnd_install(struct cap_space *s)
{
	struct exos_cap_name n = { .len = rnd(3) };
	for (uint32_t k = 0; k < n.len; k++)
		n.comp[k] = rnd(3);
	return cap_install(s, rnd(2) ? -1 : rnd_slot(), &n, (uint16_t)(rnd(16) | CAP_GRANT), 0);
}

/* Revoke, checking the count against the oracle and that no descendant is left. */
static int rnd_revoke(struct cap_space *s, int idx, const char **why)
{
	int ok = idx >= 0 && idx < CAP_SLOTS && (s->slot[idx].flags & EXOS_CAP_F_USED);
	uint64_t id = ok ? s->slot[idx].id : 0;
	int want = ok ? count_descendants(id) : -1;
	int r = cap_revoke(rlist, NSP, s, idx);

	if (r >= 0 && (r != want || count_descendants(id) != 0))
		*why = "revoke count differs from the oracle";
	return r;
}

/* Delete, checking every ancestor of the deleted capability still reaches what it did. */
static int rnd_delete(struct cap_space *s, int idx, const char **why)
{
	uint64_t anc[64];
	int nanc = 0, before[64];

	if (idx >= 0 && idx < CAP_SLOTS && (s->slot[idx].flags & EXOS_CAP_F_USED))
		for (const struct exos_cap *c = &s->slot[idx]; c && c->parent && nanc < 64;
		     c = find_id(c->parent))
			anc[nanc++] = c->parent;
	for (int k = 0; k < nanc; k++)
		before[k] = count_descendants(anc[k]);
	int r = cap_delete(rlist, NSP, s, idx);
	for (int k = 0; r == 0 && k < nanc; k++)
		if (count_descendants(anc[k]) != before[k] - 1)
			*why = "delete lost a descendant of an ancestor";
	return r;
}

static int rnd_op(const char **why)
{
	struct cap_space *s = &rs[rnd(NSP)], *t = &rs[rnd(NSP)];
	int idx = rnd_src(s);
	uint32_t extra[4] = { rnd(3), rnd(3), rnd(3), rnd(3) };

	switch (rnd(12)) {
	case 0:
		return rnd_install(s);
	case 1: case 2: case 3: case 4:
		return cap_derive(s, idx, rnd(3) ? -1 : rnd_slot(), extra, (int)rnd(4) - 1,
				  rnd_rights(s, idx));
	case 5: case 6: case 7: case 8:
		return cap_grant(s, idx, t, rnd_rights(s, idx));
	case 9: case 10:
		return rnd_revoke(s, idx, why);
	default:
		return rnd_delete(s, idx, why);
	}
}

/** Random derive/grant/revoke/delete runs never leave a cap whose parent is gone or wider. */
TEST(random_sequences_keep_lineage)
{
	int ok = 0, failed = 0;

	for (uint64_t seed = 1; seed <= 8; seed++) {
		rng = seed * 0x9e3779b97f4a7c15ULL;
		for (int s = 0; s < NSP; s++)
			cap_space_init(&rs[s]);
		for (int step = 0; step < 3000; step++) {
			const char *why = NULL;
			memcpy(rsaved, rs, sizeof(rs));
			int r = rnd_op(&why);
			if (why)
				CHECK_FAIL("seed %llu step %d: %s", (unsigned long long)seed, step, why);
			if (r < 0 && memcmp(rsaved, rs, sizeof(rs)))
				CHECK_FAIL("seed %llu step %d: error %d changed state",
					   (unsigned long long)seed, step, r);
			why = lineage_broken();
			if (why)
				CHECK_FAIL("seed %llu step %d: %s", (unsigned long long)seed, step, why);
			r < 0 ? failed++ : ok++;
		}
	}
	/* The run must exercise both paths substantially. */
	CHECK(ok > 5000);
	CHECK(failed > 2000);
}

/* ------------------------------------------------------------ guards */

/** Each namespace's guard starts with its EXOS_NS_* number and names its resource. */
TEST(guards_name_their_resource)
{
	struct exos_cap_name e = cap_guard_env(77), p = cap_guard_page(77), s = cap_guard_slice(3, 9);

	CHECK_EQ(e.len * 1000 + e.comp[0] * 100 + e.comp[1], 2000 + EXOS_NS_ENV * 100 + 77);
	CHECK_EQ(p.len * 1000 + p.comp[0] * 100 + p.comp[1], 2000 + EXOS_NS_PAGE * 100 + 77);
	CHECK_EQ(s.len * 1000 + s.comp[0] * 100 + s.comp[1] * 10 + s.comp[2], 3000 + EXOS_NS_SLICE * 100 + 39);
}

/** The namespaces are distinct, so no guard of one kind is a prefix of another's. */
TEST(namespaces_do_not_overlap)
{
	struct exos_cap_name env = cap_guard_env(5), page = cap_guard_page(5);

	CHECK(EXOS_NS_ENV != EXOS_NS_PAGE && EXOS_NS_PAGE != EXOS_NS_SLICE && EXOS_NS_ENV != EXOS_NS_SLICE);
	CHECK_EQ(dom(env, cap_guard_page(5)), 0);
	CHECK_EQ(dom(page, cap_guard_env(5)), 0);
	CHECK_EQ(dom(env, cap_guard_slice(5, 0)), 0);
}

/** An env's own capabilities (slots SELF and PAGES) cover its own resources only. */
TEST(initial_slots_cover_own_resources_only)
{
	struct exos_cap_name self = cap_guard_env(66), pages = cap_guard_page(66);
	struct exos_cap_name g;

	setup();
	CHECK_EQ(install(&A, EXOS_CAP_SELF, self, RWXG), EXOS_CAP_SELF);
	CHECK_EQ(install(&A, EXOS_CAP_PAGES, pages, RWXG), EXOS_CAP_PAGES);
	g = cap_guard_env(66);
	CHECK_EQ(cap_check(&A, EXOS_CAP_SELF, &g, CAP_W), 0);
	g = cap_guard_env(66 + 64);   /* the next env in that slot */
	CHECK_EQ(cap_check(&A, EXOS_CAP_SELF, &g, CAP_W), -E_NOCAP);
	g = cap_guard_page(66);
	CHECK_EQ(cap_check(&A, EXOS_CAP_PAGES, &g, CAP_R | CAP_W), 0);
	CHECK_EQ(cap_check(&A, EXOS_CAP_SELF, &g, CAP_R), -E_NOCAP);
	g = cap_guard_page(67);
	CHECK_EQ(cap_check(&A, EXOS_CAP_PAGES, &g, CAP_R), -E_NOCAP);
	g = cap_guard_slice(0, 0);
	CHECK_EQ(cap_check(&A, EXOS_CAP_PAGES, &g, CAP_W), -E_NOCAP);
}

/** The root (init's EXOS_CAP_ROOT) dominates the guard of every namespace. */
TEST(root_covers_every_namespace)
{
	struct exos_cap_name g;

	setup();
	CHECK_EQ(install(&A, EXOS_CAP_ROOT, cap_name0(), RWXG), EXOS_CAP_ROOT);
	g = cap_guard_env(12345);
	CHECK_EQ(cap_check(&A, EXOS_CAP_ROOT, &g, RWXG), 0);
	g = cap_guard_page(0);
	CHECK_EQ(cap_check(&A, EXOS_CAP_ROOT, &g, RWXG), 0);
	g = cap_guard_slice(7, 15);
	CHECK_EQ(cap_check(&A, EXOS_CAP_ROOT, &g, RWXG), 0);
}

/** A namespace capability ([EXOS_NS_SLICE]) covers every slice and nothing else. */
TEST(namespace_cap_covers_its_kind)
{
	struct exos_cap_name g;

	setup();
	CHECK_EQ(install(&A, 3, cap_name1(EXOS_NS_SLICE), CAP_W), 3);
	g = cap_guard_slice(1, 2);
	CHECK_EQ(cap_check(&A, 3, &g, CAP_W), 0);
	g = cap_guard_env(EXOS_NS_SLICE);
	CHECK_EQ(cap_check(&A, 3, &g, CAP_W), -E_NOCAP);
	g = cap_guard_slice(1, 2);
	CHECK_EQ(cap_check(&A, 3, &g, CAP_R), -E_PERM);
}

TEST_MAIN()
