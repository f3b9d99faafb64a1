/*
 * fdt.h - a small read-only reader for flattened device trees.
 *
 * Written from the Devicetree Specification (v0.4, chapter 5, "Flattened
 * Devicetree (DTB) Format").  The blob is never trusted: fdt_init() checks
 * the header and walks the whole structure block once, so that every query
 * afterwards stays inside the blob whatever the blob says.  Queries still
 * bounds-check each token they read, so a bogus handle passed in by a
 * caller gives an error, never a wild read.
 *
 * Handles follow libfdt's convention, so the host tests can compare with
 * libfdt directly: a node is the offset of its FDT_BEGIN_NODE token from
 * the start of the structure block (the root is 0), a property is the
 * offset of its FDT_PROP token.  Every function returning int returns a
 * handle or count (>= 0) or a negative FDT_E_* code.
 *
 * No allocation, no recursion, no mutable globals; struct fdt is a few
 * words the caller owns.
 *
 * No exported name equals one of libfdt's (fdt_walk, not fdt_next_node;
 * fdt_errmsg, not fdt_strerror; ...): the host tests link libfdt as the
 * oracle, and a shared symbol would silently interpose one library's
 * function into the other.
 */
#ifndef KERNEL_FDT_H
#define KERNEL_FDT_H

#include "klib.h"

#define FDT_HEADER_MAGIC 0xd00dfeedu
#define FDT_MAX_DEPTH 32 /* nodes open at once, the root included */

#define FDT_E_NOTFOUND     -1  /* no such node, property or entry */
#define FDT_E_TRUNCATED    -2  /* totalsize exceeds the buffer */
#define FDT_E_BADMAGIC     -3
#define FDT_E_BADVERSION   -4  /* need version >= 16, last_comp_version <= 17 */
#define FDT_E_BADHEADER    -5  /* a block lies outside the blob or overlaps the header */
#define FDT_E_MISALIGNED   -6  /* struct block not 4-aligned or mem-rsv not 8-aligned */
#define FDT_E_BADRSV       -7  /* memory reservation block not terminated */
#define FDT_E_BADTOKEN     -8  /* unknown token, or one where it may not be */
#define FDT_E_UNBALANCED   -9  /* BEGIN_NODE / END_NODE do not pair up */
#define FDT_E_TOODEEP      -10 /* nesting deeper than FDT_MAX_DEPTH */
#define FDT_E_BADNAME      -11 /* unterminated, empty, has '/' or ':', named root */
#define FDT_E_BADPROP      -12 /* property value runs past the structure block */
#define FDT_E_BADSTRING    -13 /* property name outside the strings block */
#define FDT_E_NOEND        -14 /* structure block not terminated by FDT_END */
#define FDT_E_BADOFFSET    -15 /* handle is not a node (or property) offset */
#define FDT_E_BADPATH      -16
#define FDT_E_BADPHANDLE   -17 /* phandle 0 or 0xffffffff */
#define FDT_E_BADNCELLS    -18 /* #address-cells / #size-cells unusable */
#define FDT_E_BADVALUE     -19 /* property has an unexpected length */
#define FDT_E_NOTRANSLATE  -20 /* reg address not reachable through ranges */
#define FDT_E_NOSPACE      -21 /* caller's buffer too small */

/* A validated blob.  Fill it with fdt_init(); treat the fields as private. */
struct fdt {
	const uint8_t *blob;
	uint32_t totalsize;
	const uint8_t *strct;   /* structure block */
	uint32_t struct_size;   /* bytes up to and including FDT_END */
	const char *strings;    /* strings block */
	uint32_t strings_size;
	const uint8_t *rsv;     /* memory reservation block */
	uint32_t nrsv;          /* entries before the terminator */
};

/* Read the header's totalsize, to size a mapping before fdt_init().
 * The caller must make 8 bytes at blob readable.  Returns 0 when the
 * magic is wrong. */
uint32_t fdt_blob_size(const void *blob);

/* Validate the blob at blob, of which at most max_size bytes are readable,
 * and fill *f.  The blob must stay in place and unchanged while f is used.
 * Returns 0, or a negative FDT_E_* code and leaves *f empty (every query on
 * it then fails). */
int fdt_init(struct fdt *f, const void *blob, size_t max_size);

/* A short constant message for an FDT_E_* code ("bad magic", ...). */
const char *fdt_errmsg(int err);

/* --- nodes --- */

/* The node after node in depth-first order; node < 0 starts at the root.
 * When depth is not NULL it is adjusted by the change in nesting; when it
 * would drop below zero the walk has left the subtree it started in and
 * FDT_E_NOTFOUND is returned (libfdt returns an offset there instead). */
int fdt_walk(const struct fdt *f, int node, int *depth);

/* The first child of node, its next sibling, its parent: a node offset or
 * FDT_E_NOTFOUND.  fdt_parent() scans from the root (cost: tree size). */
int fdt_first_child(const struct fdt *f, int node);
int fdt_next_sibling(const struct fdt *f, int node);
int fdt_parent(const struct fdt *f, int node);

/* The node's name with its unit address ("serial@10000000"; "" for the
 * root), inside the blob; NULL when node is not a node offset. */
const char *fdt_node_name(const struct fdt *f, int node);

/* The node named by path: "/soc/serial@10000000", or an alias from
 * /aliases optionally followed by "/more/components".  The path ends at
 * its NUL or its first ':' (so stdout-path "serial0:115200n8" works).
 * A component without '@' also matches a name with a unit address
 * ("memory" finds "memory@80000000"); the first match in the blob wins,
 * as in libfdt.  Alias values must be absolute paths. */
int fdt_path(const struct fdt *f, const char *path);

/* Write node's full path ("/soc/serial@10000000", "/" for the root) into
 * buf (len bytes, NUL included).  Returns 0, or FDT_E_NOSPACE with buf
 * holding "" (when len > 0). */
int fdt_path_of(const struct fdt *f, int node, char *buf, size_t len);
/* The same from the node's ancestors, path[0] the root to path[d] the
 * node (as a walk counting depth from -1 meets them), without
 * fdt_path_of's scan from the root: FDT_E_BADOFFSET for an entry that
 * is not a node. */
int fdt_path_from(const struct fdt *f, const int *path, int d, char *buf, size_t len);

/* The node whose "phandle" (or legacy "linux,phandle") is ph. */
int fdt_node_by_phandle(const struct fdt *f, uint32_t ph);

/* True when node's "compatible" list holds compat exactly. */
bool fdt_is_compatible(const struct fdt *f, int node, const char *compat);

/* The first node after after_node (depth-first; -1 starts with the root)
 * compatible with compat, or FDT_E_NOTFOUND. */
int fdt_next_compatible(const struct fdt *f, int after_node, const char *compat);

/* True when node has no "status" or status is "okay" / "ok". */
bool fdt_is_enabled(const struct fdt *f, int node);

/* --- properties --- */

/* The value of node's property name, its length in *len (may be NULL).
 * NULL when absent, with *len set to the FDT_E_* code. */
const void *fdt_prop(const struct fdt *f, int node, const char *name, int *len);

/* Iterate node's properties: the first / next property offset, or
 * FDT_E_NOTFOUND after the last. */
int fdt_first_prop(const struct fdt *f, int node);
int fdt_next_prop(const struct fdt *f, int prop);

/* The value of the property at offset prop, with its name and length
 * (either pointer may be NULL).  NULL when prop is not a property offset. */
const void *fdt_prop_at(const struct fdt *f, int prop, const char **name, int *len);

/* A 1-cell property into *out.  FDT_E_NOTFOUND when absent,
 * FDT_E_BADVALUE when its length is not 4. */
int fdt_get_u32(const struct fdt *f, int node, const char *name, uint32_t *out);

/* A 1- or 2-cell property into *out (FDT_E_BADVALUE for other lengths). */
int fdt_get_u64(const struct fdt *f, int node, const char *name, uint64_t *out);

/* True when the string list prop (len bytes, e.g. a "compatible" value)
 * holds str as one of its NUL-terminated entries. */
bool fdt_strlist_has(const void *prop, int len, const char *str);
/* Where str stands in that list (0 for the first entry), or -1. */
int fdt_strlist_index(const void *prop, int len, const char *str);
/* The list's entries one by one: start with *off = 0; each call returns
 * the entry at *off and moves *off past it; NULL at the end, or at an
 * entry not terminated inside len (nothing past it is read). */
const char *fdt_strlist_next(const void *prop, int len, int *off);

/* --- addresses --- */

/* #address-cells / #size-cells that node gives its children: 1..4 / 0..4,
 * 2 / 1 when absent (Devicetree Spec 2.3.5), FDT_E_BADNCELLS when
 * malformed or out of range. */
int fdt_child_addr_cells(const struct fdt *f, int node);
int fdt_child_size_cells(const struct fdt *f, int node);

/* Entry idx of node's "reg", as written (in the parent's address space,
 * read with the parent's cells; size 0 when the parent's #size-cells is
 * 0).  FDT_E_NOTFOUND past the last entry or without reg, FDT_E_BADNCELLS
 * for cell counts above 2, FDT_E_BADVALUE for a ragged reg. */
int fdt_reg_raw(const struct fdt *f, int node, int idx, uint64_t *addr, uint64_t *size);

/* Entry idx of node's "reg" translated to a CPU physical address through
 * every ancestor's "ranges" (Devicetree Spec 2.3.8): an empty ranges maps
 * one to one; an ancestor below the root without ranges, or whose ranges
 * do not cover the address, gives FDT_E_NOTRANSLATE. */
int fdt_reg(const struct fdt *f, int node, int idx, uint64_t *addr, uint64_t *size);

/* --- memory reservation block --- */

/* Number of entries (the list ends at the first entry of size 0). */
int fdt_rsv_count(const struct fdt *f);

/* Entry idx, or FDT_E_NOTFOUND. */
int fdt_rsv_get(const struct fdt *f, int idx, uint64_t *addr, uint64_t *size);

#endif
