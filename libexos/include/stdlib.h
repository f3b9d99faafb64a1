/*
 * stdlib.h - picolibc's, without its non-standard itoa and utoa, whose
 * names programs use for their own (BusyBox does, with other types).
 */
#ifndef EXOS_STDLIB_H
#define EXOS_STDLIB_H

#define itoa __picolibc_itoa
#define utoa __picolibc_utoa
#include_next <stdlib.h>
#undef itoa
#undef utoa

#endif
