/*
 * ksyms.c - symbol lookup over the generated table: ksyms_addrs[] sorted
 * ascending, ksyms_names[i] the offset of symbol i's name in
 * ksyms_strings.
 */
#include "ksyms.h"

extern const uint64_t ksyms_count;
extern const uint64_t ksyms_addrs[];
extern const uint32_t ksyms_names[];
extern const char ksyms_strings[];
extern char _text_end[];

const char *ksyms_lookup(uint64_t pc, uint64_t *offset)
{
	uint64_t lo = 0, hi = ksyms_count;

	if (hi == 0 || pc < ksyms_addrs[0] || pc >= (uint64_t)_text_end)
		return 0;
	while (hi - lo > 1) {
		uint64_t mid = (lo + hi) / 2;
		if (ksyms_addrs[mid] <= pc)
			lo = mid;
		else
			hi = mid;
	}
	*offset = pc - ksyms_addrs[lo];
	return ksyms_strings + ksyms_names[lo];
}
