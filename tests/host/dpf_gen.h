/*
 * dpf_gen.h - what the DPF tests share: a seeded generator, filter
 * builders, random filters shaped like real protocol filters or not at
 * all, frames made to match a filter, and frames placed flush against
 * an unmapped page (a read past the end faults at once).
 */
#ifndef TESTS_HOST_DPF_GEN_H
#define TESTS_HOST_DPF_GEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "exos/dpf.h"

#define GEN_FRAME_MAX EXOS_DPF_MAX_FRAME

/* xorshift64*: the same seed gives the same run. */
uint64_t gen_next(uint64_t *s);
uint64_t gen_below(uint64_t *s, uint64_t n);    /* 0..n-1 */

/* Builders.  gen_atom is direct; gen_ind_atom uses the filter's
 * indirection, set with gen_set_ind. */
struct exos_dpf_atom gen_atom(uint16_t offset, uint8_t width, uint64_t mask, uint64_t value);
struct exos_dpf_atom gen_ind_atom(uint16_t offset, uint8_t width, uint64_t mask, uint64_t value);
void gen_filter_init(struct exos_dpf_filter *f);
void gen_add(struct exos_dpf_filter *f, struct exos_dpf_atom a);
void gen_set_ind(struct exos_dpf_filter *f, uint16_t offset, uint8_t mask, uint8_t shift);

/* Ethernet + IPv4 + UDP (proto 17) or TCP (6) to destination port:
 * ethertype, protocol, and the port through the IHL indirection. */
void gen_ip_port(struct exos_dpf_filter *f, uint8_t proto, uint16_t port);

/* A random well-formed filter (it may still be rejected as
 * contradictory or as an intersection): protocol-shaped with some
 * extra fields, or atoms anywhere with random widths and masks, values
 * from a small pool so that filters share fields and values. */
void gen_random_filter(uint64_t *s, struct exos_dpf_filter *f);

/* Write a frame of GEN_FRAME_MAX bytes meant to match f (random where
 * f does not care) into buf: direct atoms first, then the indirection
 * byte, then IND atoms.  Where f's atoms overlap each other or the
 * indirection byte the frame may still miss; callers check. */
void gen_frame_for(uint64_t *s, const struct exos_dpf_filter *f, uint8_t *buf);

/* Random bytes. */
void gen_fill(uint64_t *s, uint8_t *buf, size_t n);

/* A page followed by an unmapped page; gen_flush copies len bytes so
 * that they end exactly at the unmapped page, and returns where. */
struct gen_guard {
	uint8_t *page;
};
void gen_guard_init(struct gen_guard *g);
const uint8_t *gen_flush(struct gen_guard *g, const uint8_t *src, size_t len);

#endif
