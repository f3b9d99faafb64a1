/*
 * exos/dpf.h - dynamic packet filters as user space writes them
 * (design.md, "Network: virtio-net exported raw, guarded by DPF").
 *
 * A filter is a conjunction of atoms.  An atom reads the `width`-byte
 * big-endian (network order) field at byte `offset` of the frame and
 * compares (field & mask) == value.  A filter may also name one
 * indirection, for variable-length headers: the byte at ind_offset,
 * masked with ind_mask and shifted left by ind_shift, is added to the
 * offset of every atom flagged EXOS_DPF_ATOM_IND.  For IPv4 behind
 * Ethernet that is ind_offset 14, ind_mask 0x0f, ind_shift 2: an
 * IND atom at offset 14 + 2 reads the UDP/TCP destination port
 * whatever the IP header length.
 *
 * On a frame of len bytes an atom is true only when every byte it
 * reads is inside the frame (offset + width <= len, and for an IND
 * atom ind_offset < len and ind + offset + width <= len), so short
 * frames simply fail to match; a filter matches a frame when all of
 * its atoms are true.
 *
 * A filter is rejected at insertion, with nothing changed, as follows
 * (each class is checked over the whole filter before the next):
 *   -E_RANGE  natoms is not 1..EXOS_DPF_MAX_ATOMS;
 *   -E_INVAL  a width is not 1, 2, 4 or 8; a flag is unknown; a mask is
 *             zero or has bits above the width; a value has bits
 *             outside its mask; a padding field is nonzero; an IND
 *             atom with ind_mask 0; ind_mask with more than 4 bits set,
 *             ind_shift above 3, or ind_* nonzero when no atom is IND;
 *   -E_RANGE  an atom's offset + width, or ind_offset + 1, is above
 *             EXOS_DPF_MAX_FRAME;
 *   -E_INVAL  two atoms read the same field (same kind, offset, width
 *             and mask), or the atoms contradict each other so that
 *             no frame can match;
 *   -E_NOMEM  the filter table or its atom budget is full;
 *   -E_BUSY   some frame would match both this filter and an installed
 *             filter of another owner who has not granted the overlap,
 *             or an installed filter has exactly the same atoms.
 */
#ifndef EXOS_DPF_H
#define EXOS_DPF_H

#include <stdint.h>

#define EXOS_DPF_MAX_ATOMS  16
#define EXOS_DPF_MAX_FRAME  1514   /* no atom's offset + width is above it */
#define EXOS_DPF_ATOM_IND   0x01   /* offset is relative to the indirection */
#define EXOS_DPF_NOMATCH    (-1)   /* the verdict when no filter matches */

struct exos_dpf_atom {
	uint16_t offset;
	uint8_t width;        /* 1, 2, 4 or 8 */
	uint8_t flags;        /* EXOS_DPF_ATOM_IND */
	uint32_t _pad;        /* zero */
	uint64_t mask;        /* nonzero, no bits above 8 * width */
	uint64_t value;       /* no bits outside mask */
};

struct exos_dpf_filter {
	uint16_t natoms;      /* 1..EXOS_DPF_MAX_ATOMS */
	uint16_t ind_offset;  /* the indirection byte */
	uint8_t ind_mask;     /* at most 4 bits; 0: no indirection */
	uint8_t ind_shift;    /* 0..3 */
	uint8_t _pad[2];      /* zero */
	struct exos_dpf_atom atom[EXOS_DPF_MAX_ATOMS];
};

_Static_assert(sizeof(struct exos_dpf_atom) == 24, "struct exos_dpf_atom is ABI");
_Static_assert(sizeof(struct exos_dpf_filter) == 8 + 24 * EXOS_DPF_MAX_ATOMS,
	       "struct exos_dpf_filter is ABI");
_Static_assert(_Alignof(struct exos_dpf_filter) == 8, "struct exos_dpf_filter is ABI");

#endif
