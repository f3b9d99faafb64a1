/*
 * test_fdt.c - kernel/fdt.c against libfdt, the reference implementation.
 *
 * Every DTB in $DTB_DIR (made by tests/host/gen-dtbs.sh) is read with both
 * libraries and every answer compared: nodes, depths, parents, properties,
 * paths, phandles, compatible searches, cell counts, reg entries, the
 * memory reservation block.  Then hostile input: every truncation, broken
 * headers and structure blocks, forged handles, and a fixed-seed fuzz loop
 * under ASan/UBSan.  Blobs are built with libfdt's sequential-write API
 * where a test needs a particular shape.
 */
#include <libfdt.h>

#include "check.h"
#include "fdt.h"

#define NDTBS 6
static const char *const dtb_names[NDTBS] = {
	"qemu-virt", "visionfive2", "virt-1", "virt-4", "virt-u54", "sifive_u",
};

/* Run a helper that may CHECK-fail, and stop the test if it did. */
#define SUB(call)                                                        \
	do {                                                             \
		call;                                                    \
		if (check_failed_now)                                    \
			return;                                          \
	} while (0)

/* Read $DTB_DIR/name.dtb into an exactly sized heap buffer (so ASan sees
 * any read past the end).  NULL, with a message, when it is missing. */
static uint8_t *load_dtb(const char *name, size_t *size)
{
	const char *dir = getenv("DTB_DIR");
	char path[512];
	uint8_t *buf = NULL;
	long n;
	FILE *fp;

	snprintf(path, sizeof(path), "%s/%s.dtb", dir ? dir : "build/host/dtb", name);
	fp = fopen(path, "rb");
	if (!fp) {
		printf("cannot open %s (set DTB_DIR; run tests/host/gen-dtbs.sh)\n", path);
		return NULL;
	}
	if (fseek(fp, 0, SEEK_END) == 0 && (n = ftell(fp)) > 0 &&
	    fseek(fp, 0, SEEK_SET) == 0 && (buf = malloc((size_t)n)) &&
	    fread(buf, 1, (size_t)n, fp) == (size_t)n) {
		*size = (size_t)n;
	} else {
		free(buf);
		buf = NULL;
	}
	fclose(fp);
	return buf;
}

/* A copy of blob in an exactly sized heap buffer. */
static uint8_t *dup_blob(const void *blob, size_t size)
{
	uint8_t *p = malloc(size ? size : 1);

	memcpy(p, blob, size);
	return p;
}

static void put_be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static uint32_t get_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Load DTB i and fdt_init it; on failure CHECK-fails. */
#define OPEN_DTB(i, blob, size, f)                                       \
	uint8_t *blob;                                                   \
	size_t size = 0;                                                 \
	struct fdt f;                                                    \
	blob = load_dtb(dtb_names[i], &size);                            \
	CHECK(blob != NULL);                                             \
	if (fdt_init(&f, blob, size) != 0) {                             \
		free(blob);                                              \
		CHECK_FAIL("%s: fdt_init failed", dtb_names[i]);         \
	}

/* ---------------- comparisons with libfdt ---------------- */

/* Properties of node: same offsets, names, lengths and bytes, and each
 * found again by name. */
static void compare_props(const char *dtb, const struct fdt *f, const void *blob,
			  int node)
{
	int ours = fdt_first_prop(f, node);
	int theirs = fdt_first_property_offset(blob, node);

	for (;;) {
		const char *n1 = NULL, *n2 = NULL;
		int l1 = -1, l2 = -1, l3 = -1, l4 = -2;
		const void *v1, *v2, *v3, *v4;

		if (ours != theirs)
			CHECK_FAIL("%s node %d: prop offset %d, libfdt %d", dtb, node, ours, theirs);
		if (theirs < 0)
			return;
		v1 = fdt_prop_at(f, ours, &n1, &l1);
		v2 = fdt_getprop_by_offset(blob, theirs, &n2, &l2);
		CHECK(v1 && v2);
		CHECK_STR(n1, n2);
		CHECK_EQ(l1, l2);
		CHECK(memcmp(v1, v2, (size_t)l1) == 0);
		v3 = fdt_prop(f, node, n1, &l3);
		v4 = fdt_getprop(blob, node, n1, &l4);
		CHECK(v3 && v3 == v4);
		CHECK_EQ(l3, l4);
		ours = fdt_next_prop(f, ours);
		theirs = fdt_next_property_offset(blob, theirs);
	}
}

/* The subtree walk from node agrees with libfdt's until libfdt leaves the
 * subtree, where ours says FDT_E_NOTFOUND. */
static void compare_subtree_walk(const struct fdt *f, const void *blob, int node)
{
	int d1 = 0, d2 = 0, n1 = node, n2 = node;

	for (;;) {
		n1 = fdt_walk(f, n1, &d1);
		n2 = fdt_next_node(blob, n2, &d2);
		if (n2 < 0 || d2 < 0) {
			CHECK_EQ(n1, FDT_E_NOTFOUND);
			return;
		}
		CHECK_EQ(n1, n2);
		CHECK_EQ(d1, d2);
	}
}

/** A whole-tree walk visits the same nodes at the same offsets and depths
 *  as libfdt, with the same names, parents, children and siblings. */
TEST(walk_matches_libfdt)
{
	for (int i = 0; i < NDTBS; i++) {
		OPEN_DTB(i, blob, size, f);
		int n1 = -1, n2 = -1, d1 = 0, d2 = 0, count = 0;

		for (;;) {
			n1 = fdt_walk(&f, n1, &d1);
			n2 = fdt_next_node(blob, n2, &d2);
			CHECK_EQ(n1 < 0 ? FDT_E_NOTFOUND : n1, n2 < 0 ? FDT_E_NOTFOUND : n2);
			if (n1 < 0)
				break;
			CHECK_EQ(d1, d2);
			CHECK_STR(fdt_node_name(&f, n1), fdt_get_name(blob, n2, NULL));
			CHECK_EQ(fdt_parent(&f, n1) < 0 ? -1 : fdt_parent(&f, n1),
				 fdt_parent_offset(blob, n2) < 0 ? -1 : fdt_parent_offset(blob, n2));
			CHECK_EQ(fdt_first_child(&f, n1) < 0 ? -1 : fdt_first_child(&f, n1),
				 fdt_first_subnode(blob, n2) < 0 ? -1 : fdt_first_subnode(blob, n2));
			CHECK_EQ(fdt_next_sibling(&f, n1) < 0 ? -1 : fdt_next_sibling(&f, n1),
				 fdt_next_subnode(blob, n2) < 0 ? -1 : fdt_next_subnode(blob, n2));
			SUB(compare_subtree_walk(&f, blob, n1));
			count++;
		}
		CHECK(count > 10);
		CHECK_EQ(fdt_parent(&f, 0), FDT_E_NOTFOUND);
		free(blob);
	}
}

/** Every property of every node matches libfdt: offset, name, length,
 *  bytes, and lookup by name. */
TEST(props_match_libfdt)
{
	for (int i = 0; i < NDTBS; i++) {
		OPEN_DTB(i, blob, size, f);
		for (int n = 0; n >= 0; n = fdt_walk(&f, n, NULL))
			SUB(compare_props(dtb_names[i], &f, blob, n));
		CHECK(fdt_prop(&f, 0, "no-such-property", NULL) == NULL);
		free(blob);
	}
}

/* Node's path with the unit address of its last component removed. */
static void strip_last_unit(char *path)
{
	char *slash = strrchr(path, '/'), *at = strrchr(path, '@');

	if (at && slash && at > slash)
		*at = '\0';
}

/** fdt_path_of builds libfdt's fdt_get_path for every node; fdt_path
 *  resolves it back, and resolves it without the last unit address or
 *  without its last character exactly as libfdt's fdt_path_offset does. */
TEST(paths_match_libfdt)
{
	char p1[512], p2[512];

	for (int i = 0; i < NDTBS; i++) {
		OPEN_DTB(i, blob, size, f);
		for (int n = 0; n >= 0; n = fdt_walk(&f, n, NULL)) {
			CHECK_EQ(fdt_path_of(&f, n, p1, sizeof(p1)), 0);
			CHECK_EQ(fdt_get_path(blob, n, p2, sizeof(p2)), 0);
			CHECK_STR(p1, p2);
			CHECK_EQ(fdt_path(&f, p1), fdt_path_offset(blob, p2));
			CHECK_EQ(fdt_path(&f, p1), n);
			if (n > 0) {    /* a prefix of a name matches nothing */
				p1[strlen(p1) - 1] = '\0';
				CHECK_EQ(fdt_path(&f, p1), fdt_path_offset(blob, p1));
				strcpy(p1, p2);
			}
			strip_last_unit(p1);
			CHECK_EQ(fdt_path(&f, p1), fdt_path_offset(blob, p1));
		}
		free(blob);
	}
}

/** Every phandle in every tree leads to the node libfdt finds. */
TEST(phandles_match_libfdt)
{
	for (int i = 0; i < NDTBS; i++) {
		OPEN_DTB(i, blob, size, f);
		int seen = 0;

		for (int n = 0; n >= 0; n = fdt_walk(&f, n, NULL)) {
			uint32_t ph = fdt_get_phandle(blob, n);

			if (ph == 0)
				continue;
			CHECK_EQ(fdt_node_by_phandle(&f, ph), n);
			CHECK_EQ(fdt_node_offset_by_phandle(blob, ph), n);
			seen++;
		}
		CHECK(seen > 0);
		CHECK_EQ(fdt_node_by_phandle(&f, 0), FDT_E_BADPHANDLE);
		CHECK_EQ(fdt_node_by_phandle(&f, 0xffffffff), FDT_E_BADPHANDLE);
		CHECK_EQ(fdt_node_by_phandle(&f, 0x7654321), FDT_E_NOTFOUND);
		free(blob);
	}
}

/* Iterate compatible search for s with both libraries. */
static void compare_compatible(const struct fdt *f, const void *blob, const char *s)
{
	int n1 = -1, n2 = -1;

	do {
		n1 = fdt_next_compatible(f, n1, s);
		n2 = fdt_node_offset_by_compatible(blob, n2, s);
		if (n1 != (n2 < 0 ? FDT_E_NOTFOUND : n2))
			CHECK_FAIL("compatible \"%s\": %d, libfdt %d", s, n1, n2);
		if (n1 >= 0)
			CHECK(fdt_is_compatible(f, n1, s));
	} while (n1 >= 0);
}

/** Searching for each compatible string that occurs finds the same nodes
 *  in the same order as libfdt. */
TEST(compatible_matches_libfdt)
{
	for (int i = 0; i < NDTBS; i++) {
		OPEN_DTB(i, blob, size, f);
		for (int n = 0; n >= 0; n = fdt_walk(&f, n, NULL)) {
			int len;
			const char *c = fdt_prop(&f, n, "compatible", &len);

			for (int off = 0; c && off < len; off += (int)strlen(c + off) + 1)
				SUB(compare_compatible(&f, blob, c + off));
		}
		SUB(compare_compatible(&f, blob, "no,such-device"));
		free(blob);
	}
}

/** #address-cells / #size-cells agree with libfdt, errors included. */
TEST(cells_match_libfdt)
{
	for (int i = 0; i < NDTBS; i++) {
		OPEN_DTB(i, blob, size, f);
		for (int n = 0; n >= 0; n = fdt_walk(&f, n, NULL)) {
			int a1 = fdt_child_addr_cells(&f, n), a2 = fdt_address_cells(blob, n);
			int s1 = fdt_child_size_cells(&f, n), s2 = fdt_size_cells(blob, n);

			CHECK_EQ(a1 < 0 ? -1 : a1, a2 < 0 ? -1 : a2);
			CHECK_EQ(s1 < 0 ? -1 : s1, s2 < 0 ? -1 : s2);
		}
		free(blob);
	}
}

static uint64_t cells_value(const uint8_t *p, int n)
{
	uint64_t v = 0;

	for (int i = 0; i < n; i++)
		v = v << 32 | get_be32(p + 4 * i);
	return v;
}

/* reg entry idx of node computed with libfdt's primitives, untranslated. */
static int oracle_reg_raw(const void *blob, int node, int idx, uint64_t *a, uint64_t *s)
{
	int parent = fdt_parent_offset(blob, node), ac, sc, len;
	const uint8_t *reg;

	if (parent < 0)
		return -1;
	ac = fdt_address_cells(blob, parent);
	sc = fdt_size_cells(blob, parent);
	reg = fdt_getprop(blob, node, "reg", &len);
	if (ac < 1 || ac > 2 || sc < 0 || sc > 2 || !reg || len % (4 * (ac + sc)))
		return -1;
	if (idx >= len / (4 * (ac + sc)))
		return -2;
	reg += idx * 4 * (ac + sc);
	*a = cells_value(reg, ac);
	*s = cells_value(reg + 4 * ac, sc);
	return 0;
}

/* Translate addr upward from bus (the parent of a reg's node) to the
 * root, per Devicetree Spec 2.3.8, using libfdt to read the tree. */
static int oracle_translate(const void *blob, int bus, uint64_t *addr)
{
	for (; bus > 0; bus = fdt_parent_offset(blob, bus)) {
		int up = fdt_parent_offset(blob, bus), len, ca, pa, sz, row, hit = 0;
		const uint8_t *r = fdt_getprop(blob, bus, "ranges", &len);

		if (!r)
			return -1;
		if (len == 0)
			continue;
		ca = fdt_address_cells(blob, bus);
		pa = fdt_address_cells(blob, up);
		sz = fdt_size_cells(blob, bus);
		if (ca < 1 || ca > 2 || pa < 1 || pa > 2 || sz < 0 || sz > 2)
			return -1;
		row = 4 * (ca + pa + sz);
		if (len % row)
			return -1;
		for (int off = 0; off < len && !hit; off += row) {
			uint64_t c = cells_value(r + off, ca), p = cells_value(r + off + 4 * ca, pa);
			uint64_t l = cells_value(r + off + 4 * (ca + pa), sz);

			if (*addr >= c && *addr - c < l) {
				*addr = *addr - c + p;
				hit = 1;
			}
		}
		if (!hit)
			return -1;
	}
	return 0;
}

/* Compare fdt_reg_raw and fdt_reg for every entry of node with the oracle. */
static void compare_reg(const struct fdt *f, const void *blob, int node)
{
	for (int idx = 0; idx < 64; idx++) {
		uint64_t a1 = 1, s1 = 1, a2 = 2, s2 = 2;
		int r1 = fdt_reg_raw(f, node, idx, &a1, &s1);
		int r2 = oracle_reg_raw(blob, node, idx, &a2, &s2);

		CHECK_EQ(r1 == 0, r2 == 0);
		if (r1 != 0)
			return;
		CHECK_EQ(a1, a2);
		CHECK_EQ(s1, s2);
		r1 = fdt_reg(f, node, idx, &a1, &s1);
		r2 = oracle_translate(blob, fdt_parent_offset(blob, node), &a2);
		CHECK_EQ(r1 == 0, r2 == 0);
		if (r1 == 0) {
			CHECK_EQ(a1, a2);
			CHECK_EQ(s1, s2);
		} else {
			CHECK_EQ(r1, FDT_E_NOTRANSLATE);
		}
	}
}

/** Every reg entry of every node, raw and translated, matches what the
 *  spec's rules give when the tree is read with libfdt. */
TEST(reg_matches_libfdt)
{
	for (int i = 0; i < NDTBS; i++) {
		OPEN_DTB(i, blob, size, f);
		for (int n = 0; n >= 0; n = fdt_walk(&f, n, NULL))
			SUB(compare_reg(&f, blob, n));
		free(blob);
	}
}

/** The memory reservation block reads as libfdt reads it, for the dumps
 *  (which have none) and for a copy given three entries. */
TEST(mem_rsv_matches_libfdt)
{
	static const uint64_t want[3][2] = {
		{ 0x80000000, 0x80000 }, { 0x87e00000, 0x2000 }, { 0xfffffffff000, 0x1000 },
	};
	OPEN_DTB(2, blob, size, f);
	uint8_t *big = malloc(size + 4096);
	uint64_t a, s;

	CHECK_EQ(fdt_rsv_count(&f), 0);
	CHECK_EQ(fdt_rsv_get(&f, 0, &a, &s), FDT_E_NOTFOUND);
	CHECK_EQ(fdt_open_into(blob, big, (int)size + 4096), 0);
	for (int i = 0; i < 3; i++)
		CHECK_EQ(fdt_add_mem_rsv(big, want[i][0], want[i][1]), 0);
	CHECK_EQ(fdt_init(&f, big, size + 4096), 0);
	CHECK_EQ(fdt_rsv_count(&f), fdt_num_mem_rsv(big));
	CHECK_EQ(fdt_rsv_count(&f), 3);
	for (int i = 0; i < 3; i++) {
		uint64_t a2, s2;

		CHECK_EQ(fdt_rsv_get(&f, i, &a, &s), 0);
		CHECK_EQ(fdt_get_mem_rsv(big, i, &a2, &s2), 0);
		CHECK_EQ(a, a2);
		CHECK_EQ(s, s2);
		CHECK_EQ(a, want[i][0]);
	}
	CHECK_EQ(fdt_rsv_get(&f, 3, &a, &s), FDT_E_NOTFOUND);
	CHECK_EQ(fdt_rsv_get(&f, -1, &a, &s), FDT_E_NOTFOUND);
	free(big);
	free(blob);
}

/* ---------------- exact values ---------------- */

/** QEMU virt (-m 128M): memory@80000000 is 0x80000000 + 128 MiB, found by
 *  full path and by the unit-less "/memory"; stdout-path resolves to the
 *  ns16550a; cell counts and the timebase read as QEMU writes them. */
TEST(virt1_values)
{
	OPEN_DTB(2, blob, size, f);
	int mem = fdt_path(&f, "/memory@80000000"), chosen = fdt_path(&f, "/chosen");
	int uart = fdt_path(&f, "/soc/serial@10000000"), cpus = fdt_path(&f, "/cpus");
	uint64_t a = 0, s = 0, tb = 0;
	uint32_t u = 0;
	const char *sp;
	char buf[64];

	CHECK(mem > 0);
	CHECK_EQ(fdt_path(&f, "/memory"), mem);
	CHECK_EQ(fdt_reg(&f, mem, 0, &a, &s), 0);
	CHECK_EQ(a, 0x80000000);
	CHECK_EQ(s, 0x8000000);
	CHECK_EQ(fdt_reg(&f, mem, 1, &a, &s), FDT_E_NOTFOUND);
	CHECK((sp = fdt_prop(&f, chosen, "stdout-path", NULL)) != NULL);
	CHECK_EQ(fdt_path(&f, sp), uart);
	CHECK(fdt_is_compatible(&f, uart, "ns16550a"));
	CHECK(!fdt_is_compatible(&f, uart, "ns16550"));
	CHECK_EQ(fdt_get_u32(&f, uart, "clock-frequency", &u), 0);
	CHECK_EQ(u, 3686400);
	CHECK_EQ(fdt_get_u64(&f, cpus, "timebase-frequency", &tb), 0);
	CHECK_EQ(tb, 10000000);
	CHECK_EQ(fdt_child_addr_cells(&f, cpus), 1);
	CHECK_EQ(fdt_child_size_cells(&f, cpus), 0);
	CHECK_EQ(fdt_child_addr_cells(&f, 0), 2);
	CHECK_EQ(fdt_path_of(&f, uart, buf, sizeof(buf)), 0);
	CHECK_STR(buf, "/soc/serial@10000000");
	CHECK(fdt_is_enabled(&f, fdt_path(&f, "/cpus/cpu@0")));
	CHECK(fdt_is_enabled(&f, uart));
	CHECK_EQ(fdt_next_compatible(&f, -1, "sifive,test0"), fdt_path(&f, "/soc/test@100000"));
	CHECK_EQ(fdt_blob_size(blob), get_be32(blob + 4));
	free(blob);
}

/** VisionFive 2: "serial0:115200n8" resolves through /aliases with the
 *  options dropped; the S7 is disabled, the U74s enabled; 4 GiB at 1 GiB. */
TEST(visionfive2_values)
{
	OPEN_DTB(1, blob, size, f);
	int uart = fdt_path(&f, "/soc/serial@10000000"), mem = fdt_path(&f, "/memory");
	uint64_t a = 0, s = 0;
	uint32_t u = 0;

	CHECK(uart > 0);
	CHECK_EQ(fdt_path(&f, "serial0:115200n8"), uart);
	CHECK_EQ(fdt_path(&f, "serial0"), uart);
	CHECK_EQ(fdt_path(&f, "/soc/serial@10000000:115200"), uart);
	CHECK(!fdt_is_enabled(&f, fdt_path(&f, "/cpus/cpu@0")));
	CHECK(fdt_is_enabled(&f, fdt_path(&f, "/cpus/cpu@4")));
	CHECK_EQ(fdt_reg(&f, mem, 0, &a, &s), 0);
	CHECK_EQ(a, 0x40000000);
	CHECK_EQ(s, 0x100000000);
	CHECK_EQ(fdt_get_u32(&f, uart, "reg-shift", &u), 0);
	CHECK_EQ(u, 2);
	CHECK_EQ(fdt_reg_raw(&f, fdt_path(&f, "/cpus/cpu@3"), 0, &a, &s), 0);
	CHECK_EQ(a, 3);
	CHECK_EQ(s, 0);
	CHECK_EQ(fdt_reg(&f, fdt_path(&f, "/cpus/cpu@3"), 0, &a, &s), FDT_E_NOTRANSLATE);
	free(blob);
}

/** Path syntax: empty, unknown alias, missing component, alias followed by
 *  more components, repeated slashes, and an explicit unit address that
 *  does not match. */
TEST(path_syntax)
{
	OPEN_DTB(5, blob, size, f);
	int soc = fdt_path(&f, "/soc");

	CHECK(soc > 0);
	CHECK_EQ(fdt_path(&f, ""), FDT_E_BADPATH);
	CHECK_EQ(fdt_path(&f, ":x"), FDT_E_BADPATH);
	CHECK_EQ(fdt_path(&f, "nosuchalias"), FDT_E_BADPATH);
	CHECK_EQ(fdt_path(&f, "/"), 0);
	CHECK_EQ(fdt_path(&f, "//soc//"), soc);
	CHECK_EQ(fdt_path(&f, "/soc/nothing"), FDT_E_NOTFOUND);
	CHECK_EQ(fdt_path(&f, "/soc/serial@10010001"), FDT_E_NOTFOUND);
	CHECK_EQ(fdt_path(&f, "/soc/serial@1001000"), FDT_E_NOTFOUND);
	CHECK_EQ(fdt_path(&f, "/soc/seria"), FDT_E_NOTFOUND);
	CHECK_EQ(fdt_path(&f, "/cpus/cpu@"), FDT_E_NOTFOUND);
	CHECK_EQ(fdt_path(&f, "/soc/serial"), fdt_path(&f, "/soc/serial@10010000"));
	CHECK_EQ(fdt_path(&f, "serial1"), fdt_path(&f, "/soc/serial@10011000"));
	CHECK_EQ(fdt_path(&f, "ethernet0/ethernet-phy@0"),
		 fdt_path_offset(blob, "/soc/ethernet@10090000/ethernet-phy@0"));
	CHECK_EQ(fdt_path(&f, "ethernet0/nothing"), FDT_E_NOTFOUND);
	free(blob);
}

/** fdt_path_of refuses a buffer one byte too small, leaving "". */
TEST(path_of_nospace)
{
	OPEN_DTB(2, blob, size, f);
	int uart = fdt_path(&f, "/soc/serial@10000000");
	char buf[32];
	size_t need = strlen("/soc/serial@10000000") + 1;

	CHECK_EQ(fdt_path_of(&f, uart, buf, need - 1), FDT_E_NOSPACE);
	CHECK_STR(buf, "");
	CHECK_EQ(fdt_path_of(&f, uart, buf, need), 0);
	CHECK_STR(buf, "/soc/serial@10000000");
	CHECK_EQ(fdt_path_of(&f, 0, buf, 1), FDT_E_NOSPACE);
	CHECK_EQ(fdt_path_of(&f, 0, buf, 2), 0);
	CHECK_STR(buf, "/");
	CHECK_EQ(fdt_path_of(&f, 2, buf, sizeof(buf)), FDT_E_BADOFFSET);
	free(blob);
}

/** String lists: whole entries only, never past len, unterminated tail
 *  ignored, NULL and empty lists hold nothing. */
TEST(strlist_has)
{
	static const char list[] = "sifive,test1\0sifive,test0\0syscon";

	CHECK(fdt_strlist_has(list, sizeof(list), "sifive,test0"));
	CHECK(fdt_strlist_has(list, sizeof(list), "syscon"));
	CHECK(!fdt_strlist_has(list, sizeof(list), "sifive,test"));
	CHECK(!fdt_strlist_has(list, sizeof(list), "test0"));
	CHECK(!fdt_strlist_has(list, sizeof(list) - 1, "syscon"));
	CHECK(!fdt_strlist_has(list, 12, "sifive,test1"));
	CHECK(fdt_strlist_has(list, 13, "sifive,test1"));
	CHECK(!fdt_strlist_has(NULL, 10, "x"));
	CHECK(!fdt_strlist_has(list, 0, ""));
	CHECK(!fdt_strlist_has(list, -5, "syscon"));
	CHECK(fdt_strlist_has("\0", 1, ""));
}

/** An entry's index in a string list counts whole entries from 0; -1
 *  for a missing one, past len, or in an unterminated tail. */
TEST(strlist_index)
{
	static const char list[] = "sifive,test1\0sifive,test0\0syscon";

	CHECK_EQ(fdt_strlist_index(list, sizeof(list), "sifive,test1"), 0);
	CHECK_EQ(fdt_strlist_index(list, sizeof(list), "sifive,test0"), 1);
	CHECK_EQ(fdt_strlist_index(list, sizeof(list), "syscon"), 2);
	CHECK_EQ(fdt_strlist_index(list, sizeof(list), "sifive"), -1);
	CHECK_EQ(fdt_strlist_index(list, sizeof(list) - 1, "syscon"), -1);
	CHECK_EQ(fdt_strlist_index(list, 26, "sifive,test0"), 1);
	CHECK_EQ(fdt_strlist_index(list, 25, "sifive,test0"), -1);
	CHECK_EQ(fdt_strlist_index(NULL, 10, "x"), -1);
	CHECK_EQ(fdt_strlist_index("a\0\0b", 5, "b"), 2);
	CHECK_EQ(fdt_strlist_index("a\0\0b", 5, ""), 1);
}

/** Walking a string list gives each whole entry in order, then NULL;
 *  an unterminated tail and a list past len are never read. */
TEST(strlist_next)
{
	static const char list[] = "ns16550a\0\0syscon";
	int off = 0;

	CHECK_STR(fdt_strlist_next(list, sizeof(list), &off), "ns16550a");
	CHECK_EQ(off, 9);
	CHECK_STR(fdt_strlist_next(list, sizeof(list), &off), "");
	CHECK_STR(fdt_strlist_next(list, sizeof(list), &off), "syscon");
	CHECK(fdt_strlist_next(list, sizeof(list), &off) == NULL);
	CHECK(fdt_strlist_next(list, sizeof(list), &off) == NULL);
	off = 0;
	CHECK_STR(fdt_strlist_next(list, 16, &off), "ns16550a");
	CHECK_STR(fdt_strlist_next(list, 16, &off), "");
	CHECK(fdt_strlist_next(list, 16, &off) == NULL);   /* "syscon" cut short */
	off = 0;
	CHECK(fdt_strlist_next(NULL, 8, &off) == NULL);
	CHECK(fdt_strlist_next(list, 0, &off) == NULL);
	off = -1;
	CHECK(fdt_strlist_next(list, sizeof(list), &off) == NULL);
}

/* Build a small tree with libfdt's sequential-write API into buf. */
static int build_addr_tree(void *buf, int size)
{
	static const uint32_t bus_ranges[] = { 0, 0x10000000, 0x100000 };
	static const uint32_t sub_ranges[] = { 0, 0, 0x8000, 0x1000 };
	int e = fdt_create(buf, size);

	e |= fdt_finish_reservemap(buf);
	e |= fdt_begin_node(buf, "");
	e |= fdt_property_u32(buf, "#address-cells", 1);
	e |= fdt_property_u32(buf, "#size-cells", 1);
	e |= fdt_begin_node(buf, "bus@10000000");
	e |= fdt_property_u32(buf, "#address-cells", 1);
	e |= fdt_property_u32(buf, "#size-cells", 1);
	{
		uint32_t r[3], reg[4] = { 0x1000, 0x100, 0x2000, 0x10 };
		uint32_t sr[4], dreg[3] = { 0, 0x10, 4 }, freg[3] = { 0, 0x2000, 4 };

		for (int i = 0; i < 3; i++)
			r[i] = cpu_to_fdt32(bus_ranges[i]);
		for (int i = 0; i < 4; i++)
			sr[i] = cpu_to_fdt32(sub_ranges[i]);
		for (int i = 0; i < 4; i++)
			reg[i] = cpu_to_fdt32(reg[i]);
		for (int i = 0; i < 3; i++) {
			dreg[i] = cpu_to_fdt32(dreg[i]);
			freg[i] = cpu_to_fdt32(freg[i]);
		}
		e |= fdt_property(buf, "ranges", r, sizeof(r));
		e |= fdt_begin_node(buf, "dev@1000");
		e |= fdt_property(buf, "reg", reg, sizeof(reg));
		e |= fdt_end_node(buf);
		e |= fdt_begin_node(buf, "sub");
		e |= fdt_property_u32(buf, "#address-cells", 2);
		e |= fdt_property_u32(buf, "#size-cells", 1);
		e |= fdt_property(buf, "ranges", sr, sizeof(sr));
		e |= fdt_begin_node(buf, "d@0,10");
		e |= fdt_property(buf, "reg", dreg, sizeof(dreg));
		e |= fdt_end_node(buf);
		e |= fdt_begin_node(buf, "far@0,2000");
		e |= fdt_property(buf, "reg", freg, sizeof(freg));
		e |= fdt_end_node(buf);
		e |= fdt_end_node(buf);
	}
	e |= fdt_end_node(buf);
	e |= fdt_begin_node(buf, "nobus");
	e |= fdt_property_u32(buf, "#size-cells", 0);
	e |= fdt_begin_node(buf, "dev@0");
	e |= fdt_property_u64(buf, "reg", 0x0000000400000010ull);
	e |= fdt_end_node(buf);
	e |= fdt_end_node(buf);
	e |= fdt_begin_node(buf, "ragged");
	e |= fdt_property(buf, "reg", "\0\0\0\1\0\0\0\2\0\0\0\3", 12);
	e |= fdt_property(buf, "five", "\0\0\0\0\5", 5);
	e |= fdt_property(buf, "status", "okay", 4);  /* unterminated */
	e |= fdt_property_u32(buf, "#address-cells", 3);
	e |= fdt_begin_node(buf, "child@0");
	e |= fdt_property(buf, "reg", "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0", 16);
	e |= fdt_end_node(buf);
	e |= fdt_end_node(buf);
	e |= fdt_end_node(buf);
	e |= fdt_finish(buf);
	return e;
}

/** reg translation through non-empty ranges, 2-cell child buses, a
 *  missing ranges, an uncovered address, and malformed reg/cells. */
TEST(reg_translation)
{
	static uint8_t buf[4096] __attribute__((aligned(8)));
	struct fdt f;
	uint64_t a = 0, s = 0, v = 0;
	uint32_t u = 0;

	CHECK_EQ(build_addr_tree(buf, sizeof(buf)), 0);
	CHECK_EQ(fdt_init(&f, buf, sizeof(buf)), 0);
	CHECK_EQ(fdt_reg(&f, fdt_path(&f, "/bus/dev"), 1, &a, &s), 0);
	CHECK_EQ(a, 0x10002000);
	CHECK_EQ(s, 0x10);
	CHECK_EQ(fdt_reg(&f, fdt_path(&f, "/bus/sub/d"), 0, &a, &s), 0);
	CHECK_EQ(a, 0x10008010);
	CHECK_EQ(s, 4);
	CHECK_EQ(fdt_reg(&f, fdt_path(&f, "/bus/sub/far"), 0, &a, &s), FDT_E_NOTRANSLATE);
	CHECK_EQ(fdt_reg(&f, fdt_path(&f, "/nobus/dev"), 0, &a, &s), FDT_E_NOTRANSLATE);
	CHECK_EQ(fdt_reg_raw(&f, fdt_path(&f, "/nobus/dev"), 0, &a, &s), 0);
	CHECK_EQ(a, 0x400000010ull);
	CHECK_EQ(s, 0);
	CHECK_EQ(fdt_reg(&f, fdt_path(&f, "/ragged"), 0, &a, &s), FDT_E_BADVALUE);
	CHECK_EQ(fdt_reg(&f, fdt_path(&f, "/ragged/child"), 0, &a, &s), FDT_E_BADNCELLS);
	CHECK_EQ(fdt_reg(&f, 0, 0, &a, &s), FDT_E_NOTFOUND);
	CHECK_EQ(fdt_get_u32(&f, fdt_path(&f, "/ragged"), "five", &u), FDT_E_BADVALUE);
	CHECK_EQ(fdt_get_u64(&f, fdt_path(&f, "/ragged"), "five", &v), FDT_E_BADVALUE);
	CHECK_EQ(fdt_get_u64(&f, fdt_path(&f, "/nobus/dev"), "reg", &v), 0);
	CHECK_EQ(v, 0x400000010ull);
	CHECK_EQ(fdt_get_u32(&f, 0, "#size-cells", &u), 0);
	CHECK_EQ(u, 1);
	CHECK_EQ(fdt_get_u32(&f, 0, "nothing", &u), FDT_E_NOTFOUND);
	CHECK(!fdt_is_enabled(&f, fdt_path(&f, "/ragged")));
	CHECK(fdt_is_enabled(&f, fdt_path(&f, "/nobus")));
}

/** Every error code has its own message; others say "unknown error". */
TEST(errmsg_all_codes)
{
	CHECK_STR(fdt_errmsg(FDT_E_BADMAGIC), "bad magic");
	CHECK_STR(fdt_errmsg(FDT_E_TRUNCATED), "truncated: totalsize exceeds buffer");
	CHECK_STR(fdt_errmsg(FDT_E_UNBALANCED), "unbalanced nodes in structure block");
	for (int e = FDT_E_NOSPACE; e <= FDT_E_NOTFOUND; e++) {
		CHECK(strcmp(fdt_errmsg(e), "unknown error") != 0);
		for (int g = e + 1; g <= FDT_E_NOTFOUND; g++)
			CHECK(strcmp(fdt_errmsg(e), fdt_errmsg(g)) != 0);
	}
	CHECK_STR(fdt_errmsg(FDT_E_NOSPACE - 1), "unknown error");
	CHECK_STR(fdt_errmsg(1), "unknown error");
	CHECK_STR(fdt_errmsg(-2147483647 - 1), "unknown error");
}

/* ---------------- hostile input ---------------- */

/** Every prefix of every blob shorter than totalsize is refused as
 *  truncated, reading nothing past the prefix. */
TEST(truncation_every_length)
{
	for (int i = 0; i < NDTBS; i++) {
		OPEN_DTB(i, blob, size, f);
		uint32_t total = get_be32(blob + 4);

		for (uint32_t len = 0; len < total; len++) {
			uint8_t *cut = dup_blob(blob, len);
			int err = fdt_init(&f, cut, len);

			free(cut);
			if (err != FDT_E_TRUNCATED)
				CHECK_FAIL("%s: length %u gives %d", dtb_names[i], len, err);
		}
		CHECK_EQ(fdt_init(&f, blob, total), 0);
		free(blob);
	}
}

/* fdt_init on a copy of blob with the header word at off set to v. */
static int init_with_word(const uint8_t *blob, size_t size, int off, uint32_t v)
{
	uint8_t *b = dup_blob(blob, size);
	struct fdt f;
	int err;

	put_be32(b + off, v);
	err = fdt_init(&f, b, size);
	free(b);
	return err;
}

/** Each corrupted header field is refused with its own error. */
TEST(header_corruption)
{
	OPEN_DTB(2, blob, size, f);
	uint32_t total = get_be32(blob + 4), ostruct = get_be32(blob + 8);
	uint32_t ostr = get_be32(blob + 12), orsv = get_be32(blob + 16);
	uint32_t sstr = get_be32(blob + 32), sstruct = get_be32(blob + 36);

	CHECK_EQ(init_with_word(blob, size, 0, 0xd00dfeee), FDT_E_BADMAGIC);
	CHECK_EQ(init_with_word(blob, size, 0, 0xedfe0dd0), FDT_E_BADMAGIC);
	CHECK_EQ(init_with_word(blob, size, 20, 15), FDT_E_BADVERSION);
	CHECK_EQ(init_with_word(blob, size, 24, 18), FDT_E_BADVERSION);
	CHECK_EQ(init_with_word(blob, size, 4, total + 1), FDT_E_TRUNCATED);
	CHECK_EQ(init_with_word(blob, size, 4, 0xffffffff), FDT_E_TRUNCATED);
	CHECK_EQ(init_with_word(blob, size, 4, 39), FDT_E_BADHEADER);
	CHECK_EQ(init_with_word(blob, size, 8, total + 4), FDT_E_BADHEADER);
	CHECK_EQ(init_with_word(blob, size, 8, 0), FDT_E_BADHEADER);
	CHECK_EQ(init_with_word(blob, size, 36, total - ostruct + 4), FDT_E_BADHEADER);
	CHECK_EQ(init_with_word(blob, size, 36, 0xfffffffc), FDT_E_BADHEADER);
	CHECK_EQ(init_with_word(blob, size, 12, total - sstr + 1), FDT_E_BADHEADER);
	CHECK_EQ(init_with_word(blob, size, 32, 0xffffffff), FDT_E_BADHEADER);
	CHECK_EQ(init_with_word(blob, size, 16, total + 8), FDT_E_BADHEADER);
	CHECK_EQ(init_with_word(blob, size, 16, orsv + 4), FDT_E_MISALIGNED);
	CHECK_EQ(init_with_word(blob, size, 8, ostruct + 2), FDT_E_MISALIGNED);
	/* the reservation block moved to the end of the structure block: it
	 * runs through the strings block without meeting a terminator */
	CHECK_EQ(init_with_word(blob, size, 16, ostr - 8 - ostr % 8), FDT_E_BADRSV);
	/* a structure block cut short of FDT_END */
	CHECK_EQ(init_with_word(blob, size, 36, sstruct - 4), FDT_E_NOEND);
	free(blob);
}

/** A version 16 blob (no size_dt_struct; the structure block runs to
 *  FDT_END) is accepted and reads the same as version 17. */
TEST(version16_accepted)
{
	OPEN_DTB(2, blob, size, f);
	uint8_t *v16 = dup_blob(blob, size);
	struct fdt g;
	int n1 = 0, n2 = 0;

	put_be32(v16 + 20, 16);
	put_be32(v16 + 36, 0xdeadbeef);         /* not a v16 field: ignored */
	CHECK_EQ(fdt_init(&g, v16, size), 0);
	CHECK_EQ(fdt_check_full(v16, size), 0);
	while (n1 >= 0) {
		CHECK_EQ(n1, n2);
		n1 = fdt_walk(&f, n1, NULL);
		n2 = fdt_walk(&g, n2, NULL);
	}
	CHECK_EQ(n2, FDT_E_NOTFOUND);
	CHECK_EQ(fdt_path(&g, "/soc/serial@10000000"), fdt_path(&f, "/soc/serial@10000000"));
	free(v16);
	free(blob);
}

/* Offset (in the blob) of the n-th token tok in the structure block. */
static int find_token(const uint8_t *blob, uint32_t tok, int nth)
{
	int off = fdt_off_dt_struct(blob), next = 0, t;

	for (int st = 0; next >= 0; st = next) {
		t = (int)fdt_next_tag(blob, st, &next);
		if ((uint32_t)t == tok && nth-- == 0)
			return off + st;
		if (t == FDT_END)
			break;
	}
	return -1;
}

/* fdt_init on a copy of blob with the word at blob offset off set to v. */
static int init_patched(const uint8_t *blob, size_t size, int off, uint32_t v)
{
	return off < 0 ? 999 : init_with_word(blob, size, off, v);
}

/** Broken structure blocks: a lost FDT_END, an extra or missing
 *  END_NODE, an unknown token, a property running off the block, a name
 *  offset outside the strings block, a named root, a NOP before the root. */
TEST(struct_corruption)
{
	OPEN_DTB(2, blob, size, f);
	int end = find_token(blob, FDT_END, 0), en = find_token(blob, FDT_END_NODE, 0);
	int prop = find_token(blob, FDT_PROP, 0), root = fdt_off_dt_struct(blob);
	uint32_t sstr = fdt_size_dt_strings(blob);

	CHECK_EQ(init_patched(blob, size, end, FDT_NOP), FDT_E_NOEND);
	CHECK_EQ(init_patched(blob, size, end, FDT_END_NODE), FDT_E_UNBALANCED);
	CHECK_EQ(init_patched(blob, size, en, FDT_NOP), FDT_E_UNBALANCED);
	CHECK_EQ(init_patched(blob, size, en, 5), FDT_E_BADTOKEN);
	CHECK_EQ(init_patched(blob, size, prop, FDT_BEGIN_NODE + 0x100), FDT_E_BADTOKEN);
	CHECK_EQ(init_patched(blob, size, prop + 4, 0x7ffffff0), FDT_E_BADPROP);
	CHECK_EQ(init_patched(blob, size, prop + 4, 0xffffffff), FDT_E_BADPROP);
	CHECK_EQ(init_patched(blob, size, prop + 8, sstr), FDT_E_BADSTRING);
	CHECK_EQ(init_patched(blob, size, prop + 8, 0x80000000), FDT_E_BADSTRING);
	CHECK_EQ(init_patched(blob, size, root + 4, 0x41000000), FDT_E_BADNAME);
	CHECK_EQ(init_patched(blob, size, root, FDT_NOP), FDT_E_BADTOKEN);
	CHECK_EQ(init_patched(blob, size, root, FDT_END), FDT_E_BADTOKEN);
	CHECK_EQ(init_patched(blob, size, root, FDT_PROP), FDT_E_BADTOKEN);
	/* the last string's NUL replaced: its name runs off the block */
	{
		uint8_t *b = dup_blob(blob, size);

		b[fdt_off_dt_strings(b) + sstr - 1] = 'x';
		CHECK_EQ(fdt_init(&f, b, size), FDT_E_BADSTRING);
		free(b);
	}
	free(blob);
}

/* A chain of depth nested nodes under the root, each with a property. */
static int build_deep(void *buf, int size, int depth)
{
	int e = fdt_create(buf, size);

	e |= fdt_finish_reservemap(buf);
	e |= fdt_begin_node(buf, "");
	for (int i = 1; i < depth; i++) {
		e |= fdt_begin_node(buf, "n");
		e |= fdt_property_u32(buf, "level", (uint32_t)i);
	}
	for (int i = 0; i < depth; i++)
		e |= fdt_end_node(buf);
	return e | fdt_finish(buf);
}

/** FDT_MAX_DEPTH nested nodes are accepted and fully usable; one more is
 *  refused as too deep; a second root after the first is refused. */
TEST(depth_limit)
{
	static uint8_t buf[8192] __attribute__((aligned(8)));
	char path[2 * FDT_MAX_DEPTH + 2];
	struct fdt f;
	int n = 0, d = 0, last = 0;

	CHECK_EQ(build_deep(buf, sizeof(buf), FDT_MAX_DEPTH), 0);
	CHECK_EQ(fdt_init(&f, buf, sizeof(buf)), 0);
	while ((n = fdt_walk(&f, n, &d)) >= 0)
		last = n;
	CHECK_EQ(fdt_path_of(&f, last, path, sizeof(path)), 0);
	CHECK_EQ(strlen(path), 2 * (FDT_MAX_DEPTH - 1));
	CHECK_EQ(fdt_path(&f, path), last);
	CHECK_EQ(fdt_parent(&f, fdt_parent(&f, last)) >= 0, 1);
	CHECK_EQ(build_deep(buf, sizeof(buf), FDT_MAX_DEPTH + 1), 0);
	CHECK_EQ(fdt_init(&f, buf, sizeof(buf)), FDT_E_TOODEEP);
	CHECK_EQ(fdt_check_full(buf, sizeof(buf)), 0);
	{
		int e = fdt_create(buf, sizeof(buf));

		e |= fdt_finish_reservemap(buf);
		for (int i = 0; i < 2; i++) {
			e |= fdt_begin_node(buf, "");
			e |= fdt_end_node(buf);
		}
		e |= fdt_finish(buf);
		CHECK_EQ(e, 0);
		CHECK_EQ(fdt_init(&f, buf, sizeof(buf)), FDT_E_BADTOKEN);
	}
}

/* The queries on node that cost little: everything that looks only at
 * node itself, its properties and its subtree. */
static void exercise_local(const struct fdt *f, int node)
{
	uint64_t a = 0;
	uint32_t u;
	int d = 0, len;
	const char *nm;

	(void)fdt_walk(f, node, &d);
	(void)fdt_first_child(f, node);
	(void)fdt_next_sibling(f, node);
	(void)fdt_node_name(f, node);
	for (int p = fdt_first_prop(f, node); p >= 0; p = fdt_next_prop(f, p)) {
		const uint8_t *v = fdt_prop_at(f, p, &nm, &len);

		if (v && len > 0)
			a += v[len - 1] + strlen(nm);
	}
	(void)fdt_prop(f, node, "compatible", &len);
	(void)fdt_is_compatible(f, node, "virtio,mmio");
	(void)fdt_is_enabled(f, node);
	(void)fdt_child_addr_cells(f, node);
	(void)fdt_child_size_cells(f, node);
	(void)fdt_get_u32(f, node, "phandle", &u);
	(void)fdt_get_u64(f, node, "reg", &a);
}

/* Every query on node (which may be anything): nothing may read outside
 * the blob (ASan), and a node's path must lead somewhere. */
static void exercise_node(const struct fdt *f, int node)
{
	char path[1024];
	uint64_t a, s;

	exercise_local(f, node);
	(void)fdt_parent(f, node);
	for (int i = 0; i < 2; i++) {
		(void)fdt_reg(f, node, i, &a, &s);
		(void)fdt_reg_raw(f, node, i, &a, &s);
	}
	if (fdt_path_of(f, node, path, sizeof(path)) == 0 && fdt_path(f, path) < 0)
		CHECK_FAIL("path %s of node %d does not resolve", path, node);
	(void)fdt_next_compatible(f, node, "ns16550a");
}

/** Handles that are not node or property offsets (every offset in the
 *  structure block, negative, past the end) give errors, never wild
 *  reads; only real node offsets are accepted as nodes. */
TEST(forged_handles)
{
	OPEN_DTB(5, blob, size, f);
	int limit = (int)fdt_size_dt_struct(blob) + 16;

	for (int h = -8; h < limit; h++) {
		int next, is_node = h >= 0 && (h & 3) == 0 &&
			fdt_next_tag(blob, h, &next) == FDT_BEGIN_NODE;

		SUB(exercise_node(&f, h));
		(void)fdt_prop_at(&f, h, NULL, NULL);
		(void)fdt_next_prop(&f, h);
		if (!is_node) {
			CHECK(fdt_node_name(&f, h) == NULL);
			CHECK(fdt_first_prop(&f, h) < 0);
		}
	}
	CHECK_EQ(fdt_walk(&f, 3, NULL), FDT_E_BADOFFSET);
	CHECK_EQ(fdt_parent(&f, -5), FDT_E_BADOFFSET);
	free(blob);
}

/** A struct fdt whose fdt_init failed answers every query with an error. */
TEST(failed_init_is_inert)
{
	OPEN_DTB(0, blob, size, f);
	uint64_t a, s;

	blob[0] ^= 1;
	CHECK_EQ(fdt_init(&f, blob, size), FDT_E_BADMAGIC);
	CHECK_EQ(fdt_walk(&f, -1, NULL), FDT_E_BADOFFSET);
	CHECK_EQ(fdt_path(&f, "/"), FDT_E_BADOFFSET);
	CHECK_EQ(fdt_path(&f, "serial0"), FDT_E_BADPATH);
	CHECK_EQ(fdt_rsv_count(&f), 0);
	CHECK_EQ(fdt_rsv_get(&f, 0, &a, &s), FDT_E_NOTFOUND);
	CHECK(fdt_node_name(&f, 0) == NULL);
	CHECK_EQ(fdt_blob_size(blob), 0);
	SUB(exercise_node(&f, 0));
	free(blob);
}

/* xorshift64*: a fixed-seed generator so a failure is reproducible. */
static uint64_t rng_next(uint64_t *st)
{
	*st ^= *st >> 12;
	*st ^= *st << 25;
	*st ^= *st >> 27;
	return *st * 0x2545f4914f6cdd1dull;
}

/* On an accepted blob: libfdt must accept it too, both must see the same
 * nodes and properties, and the queries on every node must stay in
 * bounds: all of them when full, else those that cost little (the others
 * scan the whole tree per call, which under the sanitizers makes 20,000
 * rounds take too long). */
static void check_accepted(const struct fdt *f, const uint8_t *b, size_t size, int iter,
			   bool full)
{
	int n1 = -1, n2 = -1, d1 = 0, d2 = 0;

	if (fdt_check_full(b, size) != 0)
		CHECK_FAIL("iteration %d: accepted a blob libfdt rejects (%s)", iter,
			   fdt_strerror(fdt_check_full(b, size)));
	for (;;) {
		n1 = fdt_walk(f, n1, &d1);
		n2 = fdt_next_node(b, n2, &d2);
		if (n1 != (n2 < 0 ? FDT_E_NOTFOUND : n2))
			CHECK_FAIL("iteration %d: walk gives %d, libfdt %d", iter, n1, n2);
		if (n1 < 0)
			return;
		SUB(compare_props("fuzz", f, b, n1));
		if (full)
			SUB(exercise_node(f, n1));
		else
			SUB(exercise_local(f, n1));
	}
}

/** 20,000 copies of the real blobs with 1-4 random bytes changed: every
 *  one fdt_init accepts is accepted by libfdt's fdt_check_full, walks and
 *  reads the same, and survives the queries under the sanitizers (every
 *  query on every node for one accepted blob in four). */
TEST(fuzz_byte_flips)
{
	uint8_t *blobs[NDTBS];
	size_t sizes[NDTBS];
	uint64_t st = 0x9e3779b97f4a7c15ull;
	int accepted = 0, rejected = 0;

	for (int i = 0; i < NDTBS; i++)
		CHECK((blobs[i] = load_dtb(dtb_names[i], &sizes[i])) != NULL);
	for (int iter = 0; iter < 20000; iter++) {
		int which = (int)(rng_next(&st) % NDTBS), flips = 1 + (int)(rng_next(&st) % 4);
		size_t size = sizes[which];
		uint8_t *b = dup_blob(blobs[which], size);
		struct fdt f;

		for (int k = 0; k < flips; k++) {
			/* half the changes land in the first 256 bytes: the
			 * header, reservation block and the root's tokens */
			uint64_t r = rng_next(&st);
			size_t at = (r & 1) ? (size_t)(r >> 8) % 256 : (size_t)(r >> 8) % size;

			b[at] ^= (uint8_t)(1 + (r >> 40) % 255);
		}
		if (fdt_init(&f, b, size) == 0) {
			check_accepted(&f, b, size, iter, accepted++ % 4 == 0);
		} else {
			rejected++;
		}
		free(b);
		if (check_failed_now)
			break;
	}
	for (int i = 0; i < NDTBS; i++)
		free(blobs[i]);
	if (check_failed_now)
		return;
	printf("fuzz: %d accepted, %d rejected\n", accepted, rejected);
	CHECK(accepted > 1000 && rejected > 1000);
}

TEST_MAIN()
