/*
 * dpf_check.c - the filter checker, the canonical form, the filter
 * order and the exact intersection test (contracts in dpf.h, the
 * format and error list in exos/dpf.h).
 */
#include "dpf.h"
#include "exos/errno.h"

static bool width_ok(uint8_t w)
{
	return w == 1 || w == 2 || w == 4 || w == 8;
}

/* The bits a width-byte field has. */
static uint64_t width_bits(uint8_t w)
{
	return w == 8 ? ~0ULL : (1ULL << (8 * w)) - 1;
}

static int popcount8(uint8_t x)
{
	int n = 0;

	for (; x; x &= (uint8_t)(x - 1))
		n++;
	return n;
}

static bool atom_format_ok(const struct exos_dpf_atom *a)
{
	return width_ok(a->width) && !(a->flags & ~EXOS_DPF_ATOM_IND) && !a->_pad &&
	       a->mask && !(a->mask & ~width_bits(a->width)) && !(a->value & ~a->mask);
}

static bool any_ind(const struct exos_dpf_filter *f)
{
	for (int i = 0; i < f->natoms; i++)
		if (f->atom[i].flags & EXOS_DPF_ATOM_IND)
			return true;
	return false;
}

/* Every -E_INVAL of the format class (exos/dpf.h). */
static bool format_ok(const struct exos_dpf_filter *f)
{
	bool ind = any_ind(f);

	if (f->_pad[0] || f->_pad[1])
		return false;
	for (int i = 0; i < f->natoms; i++)
		if (!atom_format_ok(&f->atom[i]))
			return false;
	if (!ind)
		return !f->ind_offset && !f->ind_mask && !f->ind_shift;
	return f->ind_mask && popcount8(f->ind_mask) <= 4 && f->ind_shift <= 3;
}

static bool extent_ok(const struct exos_dpf_filter *f)
{
	for (int i = 0; i < f->natoms; i++)
		if ((uint32_t)f->atom[i].offset + f->atom[i].width > EXOS_DPF_MAX_FRAME)
			return false;
	return !any_ind(f) || (uint32_t)f->ind_offset + 1 <= EXOS_DPF_MAX_FRAME;
}

static int cmp_u64(uint64_t a, uint64_t b)
{
	return a < b ? -1 : a > b;
}

int dpf_field_cmp(const struct dpf_field *a, const struct dpf_field *b)
{
	int c;

	if ((c = cmp_u64(a->ind, b->ind)) || (c = cmp_u64(a->ind_offset, b->ind_offset)) ||
	    (c = cmp_u64(a->ind_mask, b->ind_mask)) || (c = cmp_u64(a->ind_shift, b->ind_shift)) ||
	    (c = cmp_u64(a->offset, b->offset)) || (c = cmp_u64(a->width, b->width)))
		return c;
	return cmp_u64(a->mask, b->mask);
}

static int atom_cmp(const struct dpf_atom *a, const struct dpf_atom *b)
{
	int c = dpf_field_cmp(&a->f, &b->f);

	return c ? c : cmp_u64(a->value, b->value);
}

int dpf_filter_cmp(const struct dpf_filter *a, const struct dpf_filter *b)
{
	for (int i = 0;; i++) {
		if (i == a->natoms || i == b->natoms)
			return (i == a->natoms) - (i == b->natoms);
		int c = atom_cmp(&a->atom[i], &b->atom[i]);
		if (c)
			return c;
	}
}

/* Copy f's atoms into out, sorted (insertion sort: at most 16). */
static void canonicalize(const struct exos_dpf_filter *f, struct dpf_filter *out)
{
	memset(out, 0, sizeof(*out));
	out->natoms = f->natoms;
	for (int i = 0; i < f->natoms; i++) {
		const struct exos_dpf_atom *u = &f->atom[i];
		struct dpf_atom a = { .f = { .offset = u->offset, .width = u->width },
				      .value = u->value };
		a.f.mask = u->mask;
		if (u->flags & EXOS_DPF_ATOM_IND) {
			a.f.ind = 1;
			a.f.ind_offset = f->ind_offset;
			a.f.ind_mask = f->ind_mask;
			a.f.ind_shift = f->ind_shift;
		}
		int j = i;
		for (; j > 0 && atom_cmp(&out->atom[j - 1], &a) > 0; j--)
			out->atom[j] = out->atom[j - 1];
		out->atom[j] = a;
	}
}

int dpf_check(const struct exos_dpf_filter *f, struct dpf_filter *out)
{
	if (f->natoms < 1 || f->natoms > DPF_MAX_ATOMS)
		return -E_RANGE;
	if (!format_ok(f))
		return -E_INVAL;
	if (!extent_ok(f))
		return -E_RANGE;
	canonicalize(f, out);
	for (int i = 1; i < out->natoms; i++)
		if (dpf_field_cmp(&out->atom[i - 1].f, &out->atom[i].f) == 0)
			return -E_INVAL;
	if (!dpf_intersects(out, out))
		return -E_INVAL;
	return 0;
}

/* ---------------------------------------------------------------- intersection */

/* Do atoms x (placed at byte x->f.offset + dx) and y (at + dy) agree
 * on every bit both constrain? */
static bool placed_agree(const struct dpf_atom *x, uint32_t dx, const struct dpf_atom *y,
			 uint32_t dy)
{
	uint32_t px = x->f.offset + dx, py = y->f.offset + dy;
	uint32_t lo = MAX(px, py), hi = MIN(px + x->f.width, py + y->f.width);

	for (uint32_t p = lo; p < hi; p++) {
		int sx = 8 * (x->f.width - 1 - (int)(p - px));
		int sy = 8 * (y->f.width - 1 - (int)(p - py));
		uint64_t m = (x->f.mask >> sx) & (y->f.mask >> sy) & 0xff;
		if (m & ((x->value >> sx) ^ (y->value >> sy)))
			return false;
	}
	return true;
}

/* One filter's share of a satisfiability question: its direct atoms,
 * its IND atoms, and the atom its indirection byte becomes once the
 * indirection's masked value is chosen. */
struct side {
	const struct dpf_atom *dir, *ind;
	int ndir, nind;
	struct dpf_atom ind_byte;    /* value set per choice */
	uint8_t shift;
};

static void side_init(struct side *s, const struct dpf_filter *f)
{
	int n = 0;

	while (n < f->natoms && !f->atom[n].f.ind)
		n++;
	s->dir = f->atom;
	s->ndir = n;
	s->ind = f->atom + n;
	s->nind = f->natoms - n;
	memset(&s->ind_byte, 0, sizeof(s->ind_byte));
	s->shift = 0;
	if (s->nind) {
		const struct dpf_field *i = &s->ind[0].f;
		s->ind_byte.f.offset = i->ind_offset;
		s->ind_byte.f.width = 1;
		s->ind_byte.f.mask = i->ind_mask;
		s->shift = i->ind_shift;
	}
}

/* Every atom of list x (shifted by dx) agrees with every atom of y (by dy). */
static bool lists_agree(const struct dpf_atom *x, int nx, uint32_t dx, const struct dpf_atom *y,
			int ny, uint32_t dy)
{
	for (int i = 0; i < nx; i++)
		for (int j = 0; j < ny; j++)
			if (!placed_agree(&x[i], dx, &y[j], dy))
				return false;
	return true;
}

/* Does s, with its indirection's masked value v, agree with both sides'
 * direct atoms (everything that does not move)? */
static bool side_feasible(struct side *s, uint8_t v, const struct side *a, const struct side *b)
{
	uint32_t d = (uint32_t)v << s->shift;

	s->ind_byte.value = v;
	if (!s->nind)
		return true;
	return lists_agree(&s->ind_byte, 1, 0, a->dir, a->ndir, 0) &&
	       lists_agree(&s->ind_byte, 1, 0, b->dir, b->ndir, 0) &&
	       lists_agree(s->ind, s->nind, d, a->dir, a->ndir, 0) &&
	       lists_agree(s->ind, s->nind, d, b->dir, b->ndir, 0) &&
	       lists_agree(&s->ind_byte, 1, 0, s->ind, s->nind, d);
}

/* Do the moving parts of a (value va) and b (value vb) agree? */
static bool cross_agree(struct side *a, uint8_t va, struct side *b, uint8_t vb)
{
	uint32_t da = (uint32_t)va << a->shift, db = (uint32_t)vb << b->shift;

	a->ind_byte.value = va;
	b->ind_byte.value = vb;
	return (!a->nind || !b->nind || lists_agree(&a->ind_byte, 1, 0, &b->ind_byte, 1, 0)) &&
	       (!a->nind || lists_agree(&a->ind_byte, 1, 0, b->ind, b->nind, db)) &&
	       (!b->nind || lists_agree(&b->ind_byte, 1, 0, a->ind, a->nind, da)) &&
	       lists_agree(a->ind, a->nind, da, b->ind, b->nind, db);
}

/* The values (b & mask) can take, for every byte b: the submasks of
 * mask, at most 16 (format_ok); {0} for no indirection. */
static int ind_values(const struct side *s, uint8_t *v)
{
	int n = 0;
	uint8_t m = (uint8_t)s->ind_byte.f.mask, sub = m;

	if (!s->nind) {
		v[0] = 0;
		return 1;
	}
	do {
		v[n++] = sub;
		sub = (uint8_t)((sub - 1) & m);
	} while (sub != m);
	return n;
}

/* The same field with different values: disjoint, whatever else. */
static bool field_conflict(const struct dpf_filter *a, const struct dpf_filter *b)
{
	int i = 0, j = 0;

	while (i < a->natoms && j < b->natoms) {
		int c = dpf_field_cmp(&a->atom[i].f, &b->atom[j].f);
		if (c == 0 && a->atom[i].value != b->atom[j].value)
			return true;
		i += c <= 0;
		j += c >= 0;
	}
	return false;
}

/*
 * Each side's indirection takes at most 16 values; for each pair the
 * question is a conjunction of bit constraints at fixed positions,
 * decided atom pair by atom pair.  The parts that do not move are
 * checked once, each side's moving part once per value of its own
 * indirection, and only the cross terms per pair of values.
 */
int dpf_intersects(const struct dpf_filter *a, const struct dpf_filter *b)
{
	struct side sa, sb;
	uint8_t va[DPF_MAX_IND_VALUES], vb[DPF_MAX_IND_VALUES];
	bool fb[DPF_MAX_IND_VALUES];

	if (field_conflict(a, b))
		return 0;
	side_init(&sa, a);
	side_init(&sb, b);
	if (!lists_agree(sa.dir, sa.ndir, 0, sb.dir, sb.ndir, 0) ||
	    !lists_agree(sa.dir, sa.ndir, 0, sa.dir, sa.ndir, 0) ||
	    !lists_agree(sb.dir, sb.ndir, 0, sb.dir, sb.ndir, 0) ||
	    !lists_agree(sa.ind, sa.nind, 0, sa.ind, sa.nind, 0) ||
	    !lists_agree(sb.ind, sb.nind, 0, sb.ind, sb.nind, 0))
		return 0;
	int na = ind_values(&sa, va), nb = ind_values(&sb, vb);
	for (int j = 0; j < nb; j++)
		fb[j] = side_feasible(&sb, vb[j], &sa, &sb);
	for (int i = 0; i < na; i++) {
		if (!side_feasible(&sa, va[i], &sa, &sb))
			continue;
		for (int j = 0; j < nb; j++)
			if (fb[j] && cross_agree(&sa, va[i], &sb, vb[j]))
				return 1;
	}
	return 0;
}
