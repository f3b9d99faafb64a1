/*
 * dpf_gen.c - generators for the DPF tests (dpf_gen.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include "dpf_gen.h"

uint64_t gen_next(uint64_t *s)
{
	uint64_t x = *s ? *s : 0x9e3779b97f4a7c15ULL;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	*s = x;
	return x * 0x2545f4914f6cdd1dULL;
}

uint64_t gen_below(uint64_t *s, uint64_t n)
{
	return n ? gen_next(s) % n : 0;
}

struct exos_dpf_atom gen_atom(uint16_t offset, uint8_t width, uint64_t mask, uint64_t value)
{
	return (struct exos_dpf_atom){ .offset = offset, .width = width, .mask = mask,
				       .value = value };
}

struct exos_dpf_atom gen_ind_atom(uint16_t offset, uint8_t width, uint64_t mask, uint64_t value)
{
	struct exos_dpf_atom a = gen_atom(offset, width, mask, value);

	a.flags = EXOS_DPF_ATOM_IND;
	return a;
}

void gen_filter_init(struct exos_dpf_filter *f)
{
	memset(f, 0, sizeof(*f));
}

void gen_add(struct exos_dpf_filter *f, struct exos_dpf_atom a)
{
	if (f->natoms < EXOS_DPF_MAX_ATOMS)
		f->atom[f->natoms++] = a;
}

void gen_set_ind(struct exos_dpf_filter *f, uint16_t offset, uint8_t mask, uint8_t shift)
{
	f->ind_offset = offset;
	f->ind_mask = mask;
	f->ind_shift = shift;
}

void gen_ip_port(struct exos_dpf_filter *f, uint8_t proto, uint16_t port)
{
	gen_filter_init(f);
	gen_add(f, gen_atom(12, 2, 0xffff, 0x0800));
	gen_add(f, gen_atom(23, 1, 0xff, proto));
	gen_set_ind(f, 14, 0x0f, 2);
	gen_add(f, gen_ind_atom(14 + 2, 2, 0xffff, port));
}

static uint64_t width_bits(int w)
{
	return w == 8 ? ~0ULL : (1ULL << (8 * w)) - 1;
}

static const uint8_t widths[] = { 1, 2, 4, 8 };

/* A mask: all bits of the width, a byte-aligned run, or random bits. */
static uint64_t random_mask(uint64_t *s, int w)
{
	uint64_t m;

	switch (gen_below(s, 4)) {
	case 0:
	case 1:
		return width_bits(w);
	case 2:
		m = 0xffULL << (8 * gen_below(s, (uint64_t)w));
		return m;
	default:
		m = gen_next(s) & width_bits(w);
		return m ? m : 1;
	}
}

/* Values from a small pool, so that different filters agree often. */
static uint64_t random_value(uint64_t *s, uint64_t mask)
{
	static const uint64_t pool[] = { 0, 1, 0x11, 0x0800, 0xffffffffffffffffULL,
					 0x0123456789abcdefULL, 0x80, 0x7f };
	uint64_t v = gen_below(s, 3) ? pool[gen_below(s, 8)] : gen_next(s);

	return v & mask;
}

static void random_protocol_filter(uint64_t *s, struct exos_dpf_filter *f)
{
	static const uint16_t ports[] = { 7, 53, 80, 443, 8080, 65535 };
	uint16_t port = gen_below(s, 2) ? ports[gen_below(s, 6)] : (uint16_t)gen_next(s);

	gen_ip_port(f, gen_below(s, 2) ? 17 : 6, port);
	if (gen_below(s, 3) == 0)            /* IPv4 version and IHL = 5 */
		gen_add(f, gen_atom(14, 1, gen_below(s, 2) ? 0xf0 : 0xff,
				    gen_below(s, 2) ? 0x40 : 0x45));
	if (gen_below(s, 3) == 0)            /* destination address */
		gen_add(f, gen_atom(30, 4, 0xffffffff, 0x0a00020fu + gen_below(s, 3)));
	if (gen_below(s, 4) == 0)            /* source address, a /24 */
		gen_add(f, gen_atom(26, 4, 0xffffff00, 0x0a000200));
	if (gen_below(s, 4) == 0)            /* source port */
		gen_add(f, gen_ind_atom(14, 2, 0xffff, (uint16_t)(1024 + gen_below(s, 4))));
}

static void random_any_filter(uint64_t *s, struct exos_dpf_filter *f)
{
	int n = 1 + (int)gen_below(s, 6);
	bool ind = gen_below(s, 3) == 0;

	gen_filter_init(f);
	if (ind) {
		uint8_t m = (uint8_t)(gen_next(s) & 0xff);
		while (__builtin_popcount(m) > 4)
			m &= (uint8_t)(m - 1);
		gen_set_ind(f, (uint16_t)gen_below(s, 40), m ? m : 0x0f, (uint8_t)gen_below(s, 4));
	}
	for (int i = 0; i < n; i++) {
		int w = widths[gen_below(s, 4)];
		uint16_t off;
		if (gen_below(s, 8) == 0)        /* near the end of the largest frame */
			off = (uint16_t)(EXOS_DPF_MAX_FRAME - w - gen_below(s, 4));
		else
			off = (uint16_t)gen_below(s, 48);
		uint64_t m = random_mask(s, w);
		struct exos_dpf_atom a = gen_atom(off, (uint8_t)w, m, random_value(s, m));
		if (ind && gen_below(s, 2))
			a.flags = EXOS_DPF_ATOM_IND;
		gen_add(f, a);
	}
	if (ind) {
		bool any = false;
		for (int i = 0; i < f->natoms; i++)
			any |= f->atom[i].flags != 0;
		if (!any)
			f->atom[0].flags = EXOS_DPF_ATOM_IND;
	}
}

void gen_random_filter(uint64_t *s, struct exos_dpf_filter *f)
{
	if (gen_below(s, 2))
		random_protocol_filter(s, f);
	else
		random_any_filter(s, f);
}

void gen_fill(uint64_t *s, uint8_t *buf, size_t n)
{
	for (size_t i = 0; i < n; i++)
		buf[i] = (uint8_t)gen_next(s);
}

/* Set the masked bits of an atom's field at pos. */
static void put(uint8_t *buf, size_t pos, const struct exos_dpf_atom *a)
{
	for (int j = 0; j < a->width; j++) {
		size_t p = pos + j;
		int sh = 8 * (a->width - 1 - j);
		uint8_t m = (uint8_t)(a->mask >> sh), v = (uint8_t)(a->value >> sh);
		if (p < GEN_FRAME_MAX)
			buf[p] = (uint8_t)((buf[p] & ~m) | (v & m));
	}
}

void gen_frame_for(uint64_t *s, const struct exos_dpf_filter *f, uint8_t *buf)
{
	gen_fill(s, buf, GEN_FRAME_MAX);
	for (int i = 0; i < f->natoms; i++)
		if (!(f->atom[i].flags & EXOS_DPF_ATOM_IND))
			put(buf, f->atom[i].offset, &f->atom[i]);
	size_t d = 0;
	if (f->ind_mask) {
		uint8_t want = (uint8_t)(gen_next(s) & f->ind_mask);
		if (gen_below(s, 2))   /* keep what the direct atoms wrote when it fits */
			want = buf[f->ind_offset] & f->ind_mask;
		buf[f->ind_offset] = (uint8_t)((buf[f->ind_offset] & ~f->ind_mask) | want);
		d = (size_t)want << f->ind_shift;
	}
	for (int i = 0; i < f->natoms; i++)
		if (f->atom[i].flags & EXOS_DPF_ATOM_IND)
			put(buf, f->atom[i].offset + d, &f->atom[i]);
}

void gen_guard_init(struct gen_guard *g)
{
	long ps = sysconf(_SC_PAGESIZE);
	uint8_t *p = mmap(NULL, 2 * ps, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED || mprotect(p + ps, ps, PROT_NONE) != 0) {
		perror("gen_guard_init");
		exit(2);
	}
	g->page = p + ps;    /* the guard: frames end here */
}

const uint8_t *gen_flush(struct gen_guard *g, const uint8_t *src, size_t len)
{
	uint8_t *dst = g->page - len;

	memcpy(dst, src, len);
	return dst;
}
