/*
 * fdt.c - a small read-only reader for flattened device trees.
 *
 * Layout (Devicetree Specification v0.4, chapter 5): a big-endian header,
 * a memory reservation block of (address, size) u64 pairs, a structure
 * block of 4-aligned tokens, and a strings block holding property names.
 * fdt_init() proves the whole blob well formed once; every other function
 * still re-checks the bounds of each token it decodes (tag_at), so a
 * forged handle cannot make it read outside the blob either.
 */
#include "fdt.h"

/* Structure block tokens (spec 5.4.1). */
#define TOK_BEGIN_NODE 1u
#define TOK_END_NODE   2u
#define TOK_PROP       3u
#define TOK_NOP        4u
#define TOK_END        9u

/* Header field offsets (spec 5.2); version 17 adds size_dt_struct. */
#define HDR_TOTALSIZE   4
#define HDR_OFF_STRUCT  8
#define HDR_OFF_STRINGS 12
#define HDR_OFF_RSV     16
#define HDR_VERSION     20
#define HDR_LAST_COMP   24
#define HDR_SIZE_STRINGS 32
#define HDR_SIZE_STRUCT 36
#define HDR_V16_BYTES   36
#define HDR_V17_BYTES   40

static const char *const fdt_errors[] = {
	[0] = "success",
	[-FDT_E_NOTFOUND] = "not found",
	[-FDT_E_TRUNCATED] = "truncated: totalsize exceeds buffer",
	[-FDT_E_BADMAGIC] = "bad magic",
	[-FDT_E_BADVERSION] = "unsupported version (need 16 or 17)",
	[-FDT_E_BADHEADER] = "header: block outside the blob",
	[-FDT_E_MISALIGNED] = "header: misaligned block",
	[-FDT_E_BADRSV] = "memory reservation block not terminated",
	[-FDT_E_BADTOKEN] = "bad or misplaced token in structure block",
	[-FDT_E_UNBALANCED] = "unbalanced nodes in structure block",
	[-FDT_E_TOODEEP] = "nodes nested too deeply",
	[-FDT_E_BADNAME] = "bad node name (unterminated, empty, '/' or ':')",
	[-FDT_E_BADPROP] = "property runs past structure block",
	[-FDT_E_BADSTRING] = "property name outside strings block",
	[-FDT_E_NOEND] = "structure block not terminated by FDT_END",
	[-FDT_E_BADOFFSET] = "not a node or property offset",
	[-FDT_E_BADPATH] = "bad path or unknown alias",
	[-FDT_E_BADPHANDLE] = "bad phandle",
	[-FDT_E_BADNCELLS] = "bad #address-cells or #size-cells",
	[-FDT_E_BADVALUE] = "property has an unexpected length",
	[-FDT_E_NOTRANSLATE] = "address not translatable through ranges",
	[-FDT_E_NOSPACE] = "buffer too small",
};

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static uint64_t be64(const uint8_t *p)
{
	return (uint64_t)be32(p) << 32 | be32(p + 4);
}

/* x is at most INT32_MAX + 12 here, so this cannot wrap. */
static uint32_t align4(uint32_t x)
{
	return (x + 3) & ~3u;
}

/* Big-endian number of n (0..2) cells at p. */
static uint64_t read_cells(const uint8_t *p, int n)
{
	uint64_t v = 0;

	for (int i = 0; i < n; i++)
		v = v << 32 | be32(p + 4 * i);
	return v;
}

const char *fdt_errmsg(int err)
{
	if (err > 0 || err <= -(int)ARRAY_SIZE(fdt_errors) || !fdt_errors[-err])
		return "unknown error";
	return fdt_errors[-err];
}

uint32_t fdt_blob_size(const void *blob)
{
	const uint8_t *h = blob;

	if (be32(h) != FDT_HEADER_MAGIC)
		return 0;
	return be32(h + HDR_TOTALSIZE);
}

/*
 * Decode the token at structure offset off: returns the token and sets
 * *next to the offset after it and its payload, or returns a negative
 * code when off is not 4-aligned inside the block or the payload (node
 * name, property value) runs past its end.
 */
static int tag_at(const struct fdt *f, int off, int *next)
{
	uint32_t size = f->struct_size, o, tok, n;

	if (off < 0 || (off & 3) || size < 4 || (uint32_t)off > size - 4)
		return FDT_E_BADOFFSET;
	o = (uint32_t)off;
	tok = be32(f->strct + o);
	o += 4;
	if (tok == TOK_BEGIN_NODE) {
		n = (uint32_t)strnlen((const char *)f->strct + o, size - o);
		if (n == size - o)
			return FDT_E_BADNAME;
		o = align4(o + n + 1);
	} else if (tok == TOK_PROP) {
		if (size - o < 8 || be32(f->strct + o) > size - o - 8)
			return FDT_E_BADPROP;
		o = align4(o + 8 + be32(f->strct + o));
	} else if (tok != TOK_END_NODE && tok != TOK_NOP && tok != TOK_END) {
		return FDT_E_BADTOKEN;
	}
	*next = (int)o;
	return (int)tok;
}

/* The property name at strings offset nameoff, or NULL when it does not
 * lie NUL-terminated inside the strings block. */
static const char *string_at(const struct fdt *f, uint32_t nameoff)
{
	uint32_t left;

	if (nameoff >= f->strings_size)
		return NULL;
	left = f->strings_size - nameoff;
	if (strnlen(f->strings + nameoff, left) == left)
		return NULL;
	return f->strings + nameoff;
}

/* True when [off, off + size) lies inside [lo, total). */
static bool block_inside(uint32_t off, uint32_t size, uint32_t lo, uint32_t total)
{
	return off >= lo && off <= total && size <= total - off;
}

/* Check the header against max_size and point f's fields at the blocks. */
static int check_header(struct fdt *f, const uint8_t *h, size_t max_size)
{
	uint32_t total, version, hdr, off_struct, size_struct, off_str, size_str, off_rsv;

	if (max_size < 4)
		return FDT_E_TRUNCATED;
	if (be32(h) != FDT_HEADER_MAGIC)
		return FDT_E_BADMAGIC;
	if (max_size < HDR_V17_BYTES)
		return FDT_E_TRUNCATED;
	version = be32(h + HDR_VERSION);
	if (version < 16 || be32(h + HDR_LAST_COMP) > 17 || be32(h + HDR_LAST_COMP) > version)
		return FDT_E_BADVERSION;
	total = be32(h + HDR_TOTALSIZE);
	if (total > max_size)
		return FDT_E_TRUNCATED;
	hdr = version >= 17 ? HDR_V17_BYTES : HDR_V16_BYTES;
	off_struct = be32(h + HDR_OFF_STRUCT);
	off_str = be32(h + HDR_OFF_STRINGS);
	size_str = be32(h + HDR_SIZE_STRINGS);
	off_rsv = be32(h + HDR_OFF_RSV);
	if (total < hdr || total > INT32_MAX || off_struct < hdr || off_struct > total)
		return FDT_E_BADHEADER;
	size_struct = version >= 17 ? be32(h + HDR_SIZE_STRUCT) : total - off_struct;
	if (!block_inside(off_struct, size_struct, hdr, total) ||
	    !block_inside(off_str, size_str, hdr, total) ||
	    !block_inside(off_rsv, 0, hdr, total))
		return FDT_E_BADHEADER;
	if ((off_struct & 3) || (off_rsv & 7))
		return FDT_E_MISALIGNED;
	*f = (struct fdt){ .blob = h, .totalsize = total,
		.strct = h + off_struct, .struct_size = size_struct,
		.strings = (const char *)h + off_str, .strings_size = size_str,
		.rsv = h + off_rsv };
	return 0;
}

/* Count the reservation entries; the terminator must lie inside the blob. */
static int check_rsv(struct fdt *f)
{
	uint32_t off = (uint32_t)(f->rsv - f->blob);

	for (f->nrsv = 0;; f->nrsv++, off += 16) {
		if (f->totalsize - off < 16)
			return FDT_E_BADRSV;
		if (be64(f->blob + off + 8) == 0)
			return 0;
	}
}

/* True when a node at depth (root 0) may be called name: the root is ""
 * (spec 5.4.1); other names are non-empty and hold no '/' or ':', so that
 * every node has a path that fdt_path() reads back. */
static bool name_ok(const char *name, int depth)
{
	if (depth == 0)
		return name[0] == '\0';
	if (name[0] == '\0')
		return false;
	for (; *name; name++)
		if (*name == '/' || *name == ':')
			return false;
	return true;
}

/* Check one token of the structure walk against the nesting state. */
static int check_token(const struct fdt *f, int off, int tok, int *depth, bool *closed)
{
	if (tok == (int)TOK_BEGIN_NODE) {
		if (*closed)
			return FDT_E_BADTOKEN;  /* a second root */
		if (!name_ok((const char *)f->strct + off + 4, *depth))
			return FDT_E_BADNAME;
		if (++*depth > FDT_MAX_DEPTH)
			return FDT_E_TOODEEP;
	} else if (tok == (int)TOK_END_NODE) {
		if (*depth == 0)
			return FDT_E_UNBALANCED;
		*closed = --*depth == 0;
	} else if (tok == (int)TOK_PROP) {
		if (*depth == 0)
			return FDT_E_BADTOKEN;  /* property outside every node */
		if (!string_at(f, be32(f->strct + off + 8)))
			return FDT_E_BADSTRING;
	} else if (tok == (int)TOK_NOP) {
		if (off == 0)
			return FDT_E_BADTOKEN;  /* the root must sit at offset 0 */
	} else if (*depth != 0) {
		return FDT_E_UNBALANCED;        /* FDT_END inside a node */
	} else if (!*closed) {
		return FDT_E_BADTOKEN;          /* FDT_END before any node */
	}
	return 0;
}

/* Walk the whole structure block; on success shrink struct_size to end
 * just after FDT_END so later bounds checks are as tight as possible. */
static int check_struct(struct fdt *f)
{
	int off = 0, next, tok, err, depth = 0;
	bool closed = false;

	for (;;) {
		tok = tag_at(f, off, &next);
		if (tok == FDT_E_BADOFFSET)
			return FDT_E_NOEND;     /* ran off the end of the block */
		if (tok < 0)
			return tok;
		err = check_token(f, off, tok, &depth, &closed);
		if (err)
			return err;
		if (tok == (int)TOK_END) {
			f->struct_size = (uint32_t)next;
			return 0;
		}
		off = next;
	}
}

int fdt_init(struct fdt *f, const void *blob, size_t max_size)
{
	int err;

	memset(f, 0, sizeof(*f));
	err = check_header(f, blob, max_size);
	if (!err)
		err = check_rsv(f);
	if (!err)
		err = check_struct(f);
	if (err)
		memset(f, 0, sizeof(*f));
	return err;
}

/* Offset just past node's BEGIN_NODE token and name, or FDT_E_BADOFFSET. */
static int node_body(const struct fdt *f, int node)
{
	int next;

	if (tag_at(f, node, &next) != (int)TOK_BEGIN_NODE)
		return FDT_E_BADOFFSET;
	return next;
}

int fdt_walk(const struct fdt *f, int node, int *depth)
{
	int off = 0, next, tok;

	if (node >= 0 && (off = node_body(f, node)) < 0)
		return off;
	for (;; off = next) {
		tok = tag_at(f, off, &next);
		if (tok < 0)
			return tok;
		if (tok == (int)TOK_BEGIN_NODE) {
			if (depth)
				++*depth;
			return off;
		}
		if (tok == (int)TOK_END_NODE && depth && --*depth < 0)
			return FDT_E_NOTFOUND;
		if (tok == (int)TOK_END)
			return FDT_E_NOTFOUND;
	}
}

int fdt_first_child(const struct fdt *f, int node)
{
	int depth = 0;

	return fdt_walk(f, node, &depth);
}

int fdt_next_sibling(const struct fdt *f, int node)
{
	int depth = 1;

	do {
		node = fdt_walk(f, node, &depth);
		if (node < 0)
			return node;
	} while (depth > 1);
	return node;
}

/* Fill path[0..d] with the nodes from the root down to node and return
 * d, node's depth (0 for the root), or a negative code. */
static int ancestors(const struct fdt *f, int node, int path[FDT_MAX_DEPTH])
{
	int n = -1, depth = -1;

	if (node_body(f, node) < 0)
		return FDT_E_BADOFFSET;
	for (;;) {
		n = fdt_walk(f, n, &depth);
		if (n < 0)
			return FDT_E_BADOFFSET; /* node is not in the tree */
		if (depth >= FDT_MAX_DEPTH)
			return FDT_E_TOODEEP;   /* only for a forged handle */
		path[depth] = n;
		if (n == node)
			return depth;
	}
}

int fdt_parent(const struct fdt *f, int node)
{
	int path[FDT_MAX_DEPTH];
	int d = ancestors(f, node, path);

	if (d < 0)
		return d;
	return d == 0 ? FDT_E_NOTFOUND : path[d - 1];
}

const char *fdt_node_name(const struct fdt *f, int node)
{
	if (node_body(f, node) < 0)
		return NULL;
	return (const char *)f->strct + node + 4;
}

/* From off, skip NOPs to the next property: its offset, or NOTFOUND when
 * a node token comes first. */
static int skip_to_prop(const struct fdt *f, int off)
{
	int next, tok;

	for (;; off = next) {
		tok = tag_at(f, off, &next);
		if (tok < 0)
			return tok;
		if (tok == (int)TOK_PROP)
			return off;
		if (tok != (int)TOK_NOP)
			return FDT_E_NOTFOUND;
	}
}

int fdt_first_prop(const struct fdt *f, int node)
{
	int off = node_body(f, node);

	return off < 0 ? off : skip_to_prop(f, off);
}

int fdt_next_prop(const struct fdt *f, int prop)
{
	int next;

	if (tag_at(f, prop, &next) != (int)TOK_PROP)
		return FDT_E_BADOFFSET;
	return skip_to_prop(f, next);
}

const void *fdt_prop_at(const struct fdt *f, int prop, const char **name, int *len)
{
	int next;
	const char *nm;

	if (tag_at(f, prop, &next) != (int)TOK_PROP ||
	    !(nm = string_at(f, be32(f->strct + prop + 8)))) {
		if (len)
			*len = FDT_E_BADOFFSET;
		return NULL;
	}
	if (name)
		*name = nm;
	if (len)
		*len = (int)be32(f->strct + prop + 4);
	return f->strct + prop + 12;
}

const void *fdt_prop(const struct fdt *f, int node, const char *name, int *len)
{
	const char *pname;
	const void *val;
	int p;

	for (p = fdt_first_prop(f, node); p >= 0; p = fdt_next_prop(f, p)) {
		val = fdt_prop_at(f, p, &pname, len);
		if (val && strcmp(pname, name) == 0)
			return val;
	}
	if (len)
		*len = p;
	return NULL;
}

int fdt_get_u32(const struct fdt *f, int node, const char *name, uint32_t *out)
{
	int len;
	const uint8_t *v = fdt_prop(f, node, name, &len);

	if (!v)
		return len;
	if (len != 4)
		return FDT_E_BADVALUE;
	*out = be32(v);
	return 0;
}

int fdt_get_u64(const struct fdt *f, int node, const char *name, uint64_t *out)
{
	int len;
	const uint8_t *v = fdt_prop(f, node, name, &len);

	if (!v)
		return len;
	if (len != 4 && len != 8)
		return FDT_E_BADVALUE;
	*out = read_cells(v, len / 4);
	return 0;
}

const char *fdt_strlist_next(const void *prop, int len, int *off)
{
	const char *p = prop;
	size_t left, n;

	if (!p || len <= 0 || *off < 0 || *off >= len)
		return NULL;
	left = (size_t)(len - *off);
	n = strnlen(p + *off, left);
	if (n == left)
		return NULL;   /* unterminated tail */
	*off += (int)n + 1;
	return p + *off - n - 1;
}

int fdt_strlist_index(const void *prop, int len, const char *str)
{
	int off = 0;

	for (int i = 0;; i++) {
		const char *s = fdt_strlist_next(prop, len, &off);
		if (!s)
			return -1;
		if (strcmp(s, str) == 0)
			return i;
	}
}

bool fdt_strlist_has(const void *prop, int len, const char *str)
{
	return fdt_strlist_index(prop, len, str) >= 0;
}

bool fdt_is_compatible(const struct fdt *f, int node, const char *compat)
{
	int len;
	const void *v = fdt_prop(f, node, "compatible", &len);

	return v && fdt_strlist_has(v, len, compat);
}

int fdt_next_compatible(const struct fdt *f, int after_node, const char *compat)
{
	int n = after_node < 0 ? -1 : after_node;

	for (;;) {
		n = fdt_walk(f, n, NULL);
		if (n < 0 || fdt_is_compatible(f, n, compat))
			return n;
	}
}

bool fdt_is_enabled(const struct fdt *f, int node)
{
	int len;
	const char *s = fdt_prop(f, node, "status", &len);

	if (!s)
		return len == FDT_E_NOTFOUND;
	if (len <= 0 || strnlen(s, (size_t)len) == (size_t)len)
		return false;
	return strcmp(s, "okay") == 0 || strcmp(s, "ok") == 0;
}

/* The phandle of node, 0 when it has none. */
static uint32_t node_phandle(const struct fdt *f, int node)
{
	uint32_t ph;

	if (fdt_get_u32(f, node, "phandle", &ph) == 0 ||
	    fdt_get_u32(f, node, "linux,phandle", &ph) == 0)
		return ph;
	return 0;
}

int fdt_node_by_phandle(const struct fdt *f, uint32_t ph)
{
	int n;

	if (ph == 0 || ph == 0xffffffffu)
		return FDT_E_BADPHANDLE;
	for (n = fdt_walk(f, -1, NULL); n >= 0; n = fdt_walk(f, n, NULL))
		if (node_phandle(f, n) == ph)
			return n;
	return n;
}

/* True when node name nm matches path component s (n bytes, no NUL):
 * exactly, or up to nm's '@' when s has no unit address itself. */
static bool name_matches(const char *nm, const char *s, size_t n)
{
	if (strncmp(nm, s, n) != 0)
		return false;
	if (nm[n] == '\0')
		return true;
	if (nm[n] != '@')
		return false;
	for (size_t i = 0; i < n; i++)
		if (s[i] == '@')
			return false;
	return true;
}

/* The first child of parent matching component s (n bytes). */
static int find_child(const struct fdt *f, int parent, const char *s, size_t n)
{
	int c;

	for (c = fdt_first_child(f, parent); c >= 0; c = fdt_next_sibling(f, c))
		if (name_matches(fdt_node_name(f, c), s, n))
			return c;
	return c;
}

/* Follow the '/'-separated components in [p, end) down from node. */
static int walk_components(const struct fdt *f, int node, const char *p, const char *end)
{
	const char *q;

	while (p < end && node >= 0) {
		if (*p == '/') {
			p++;
			continue;
		}
		for (q = p; q < end && *q != '/'; q++)
			;
		node = find_child(f, node, p, (size_t)(q - p));
		p = q;
	}
	return node;
}

/* The node named by alias s (n bytes) in /aliases; the alias value must
 * be a NUL-terminated absolute path. */
static int alias_node(const struct fdt *f, const char *s, size_t n)
{
	int aliases = find_child(f, 0, "aliases", 7), p, len;
	const char *name, *val;

	for (p = fdt_first_prop(f, aliases); p >= 0; p = fdt_next_prop(f, p)) {
		val = fdt_prop_at(f, p, &name, &len);
		if (!val || strlen(name) != n || memcmp(name, s, n) != 0)
			continue;
		if (len < 2 || val[0] != '/' || strnlen(val, (size_t)len) == (size_t)len)
			return FDT_E_BADPATH;
		return walk_components(f, 0, val, val + strlen(val));
	}
	return FDT_E_BADPATH;
}

int fdt_path(const struct fdt *f, const char *path)
{
	const char *end = path, *q;
	int node = 0;

	while (*end && *end != ':')
		end++;
	if (end == path)
		return FDT_E_BADPATH;
	if (*path != '/') {
		for (q = path; q < end && *q != '/'; q++)
			;
		node = alias_node(f, path, (size_t)(q - path));
		path = q;
	} else if (node_body(f, 0) < 0) {
		return FDT_E_BADOFFSET; /* f was never initialised */
	}
	return walk_components(f, node, path, end);
}

int fdt_path_from(const struct fdt *f, const int *path, int d, char *buf, size_t len)
{
	size_t pos = 0, n;

	if (len > 0)
		buf[0] = '\0';
	if (len < 2)
		return FDT_E_NOSPACE;
	for (int i = 1; i <= d; i++) {
		const char *nm = fdt_node_name(f, path[i]);

		if (!nm)
			return FDT_E_BADOFFSET;
		n = strlen(nm);
		if (n + 2 > len - pos) {
			buf[0] = '\0';
			return FDT_E_NOSPACE;
		}
		buf[pos++] = '/';
		memcpy(buf + pos, nm, n);
		pos += n;
	}
	if (d == 0)
		buf[pos++] = '/';
	buf[pos] = '\0';
	return 0;
}

int fdt_path_of(const struct fdt *f, int node, char *buf, size_t len)
{
	int path[FDT_MAX_DEPTH];
	int d = ancestors(f, node, path);

	if (d < 0)
		return d;
	return fdt_path_from(f, path, d, buf, len);
}

/* The #address-cells or #size-cells value of node: dflt when absent,
 * FDT_E_BADNCELLS outside [min, 4] or malformed. */
static int cells(const struct fdt *f, int node, const char *name, int dflt, uint32_t min)
{
	uint32_t v = 0;
	int err = fdt_get_u32(f, node, name, &v);

	if (err == FDT_E_NOTFOUND)
		return dflt;
	if (err == FDT_E_BADOFFSET)
		return err;
	if (err < 0 || v < min || v > 4)
		return FDT_E_BADNCELLS;
	return (int)v;
}

int fdt_child_addr_cells(const struct fdt *f, int node)
{
	return cells(f, node, "#address-cells", 2, 1);
}

int fdt_child_size_cells(const struct fdt *f, int node)
{
	return cells(f, node, "#size-cells", 1, 0);
}

/* Entry idx of node's reg, read with parent's cell counts. */
static int reg_entry(const struct fdt *f, int parent, int node, int idx,
		     uint64_t *addr, uint64_t *size)
{
	int ac = fdt_child_addr_cells(f, parent), sc = fdt_child_size_cells(f, parent);
	int len, stride;
	const uint8_t *reg;

	if (ac < 0 || sc < 0)
		return ac < 0 ? ac : sc;
	if (ac > 2 || sc > 2)
		return FDT_E_BADNCELLS;
	reg = fdt_prop(f, node, "reg", &len);
	if (!reg)
		return len;
	stride = 4 * (ac + sc);
	if (len % stride)
		return FDT_E_BADVALUE;
	if (idx < 0 || idx >= len / stride)
		return FDT_E_NOTFOUND;
	reg += idx * stride;
	*addr = read_cells(reg, ac);
	*size = read_cells(reg + 4 * ac, sc);
	return 0;
}

int fdt_reg_raw(const struct fdt *f, int node, int idx, uint64_t *addr, uint64_t *size)
{
	int parent = fdt_parent(f, node);

	if (parent < 0)
		return parent;
	return reg_entry(f, parent, node, idx, addr, size);
}

/* Map *addr from bus's address space into that of its parent through
 * bus's ranges (child address, parent address, length triples). */
static int translate(const struct fdt *f, int bus, int parent, uint64_t *addr)
{
	int len, cac, pac, sc, stride;
	const uint8_t *r = fdt_prop(f, bus, "ranges", &len);

	if (!r)
		return len == FDT_E_NOTFOUND ? FDT_E_NOTRANSLATE : len;
	if (len == 0)
		return 0;       /* identity */
	cac = fdt_child_addr_cells(f, bus);
	pac = fdt_child_addr_cells(f, parent);
	sc = fdt_child_size_cells(f, bus);
	if (cac < 0 || pac < 0 || sc < 0 || cac > 2 || pac > 2 || sc > 2)
		return FDT_E_BADNCELLS;
	stride = 4 * (cac + pac + sc);
	if (len % stride)
		return FDT_E_BADVALUE;
	for (; len > 0; len -= stride, r += stride) {
		uint64_t child = read_cells(r, cac), length = read_cells(r + 4 * (cac + pac), sc);

		if (*addr >= child && *addr - child < length) {
			*addr = *addr - child + read_cells(r + 4 * cac, pac);
			return 0;
		}
	}
	return FDT_E_NOTRANSLATE;
}

int fdt_reg(const struct fdt *f, int node, int idx, uint64_t *addr, uint64_t *size)
{
	int path[FDT_MAX_DEPTH];
	int d = ancestors(f, node, path), err;

	if (d <= 0)
		return d == 0 ? FDT_E_NOTFOUND : d;
	err = reg_entry(f, path[d - 1], node, idx, addr, size);
	for (int i = d - 1; i > 0 && !err; i--)
		err = translate(f, path[i], path[i - 1], addr);
	return err;
}

int fdt_rsv_count(const struct fdt *f)
{
	return (int)f->nrsv;
}

int fdt_rsv_get(const struct fdt *f, int idx, uint64_t *addr, uint64_t *size)
{
	if (idx < 0 || (uint32_t)idx >= f->nrsv)
		return FDT_E_NOTFOUND;
	*addr = be64(f->rsv + 16 * idx);
	*size = be64(f->rsv + 16 * idx + 8);
	return 0;
}
