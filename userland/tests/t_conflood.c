/*
 * t_conflood - console input typed while nobody reads: the runner types
 * 5000 bytes ("0123456789" repeated) at once, when this program says so,
 * while it sleeps.
 * The kernel keeps the first 4 KiB and counts the rest as dropped
 * (exos_info->cons_rx_dropped): an overflow is visible, never silent.
 */
#include <string.h>
#include <unistd.h>
#include "check.h"
#include "exos/exos.h"

#define TYPED   5000
#define KEPT    4096

/* Sleep until the kernel has received at least n bytes of input. */
static void sleep_until_received(uint64_t n)
{
	struct exos_pred p = { .nterms = 1 };

	p.term[0] = (struct exos_pred_term){ (uintptr_t)&exos_info->cons_rx_bytes, ~0UL, n, 8,
					     EXOS_PRED_GEU, 1, { 0 } };
	while (exos_info->cons_rx_bytes < n)
		sys_sleep_until(&p);
}

/** 5000 bytes typed while nobody reads: every one counted, the first 4 KiB kept in order,
 *  the rest counted as dropped.  (In the program: the runner types when it sees the
 *  line below, and the check before it must come first.) */
TEST_FLAGS(flood, TEST_IN_PARENT)
{
	static char got[TYPED];
	size_t n = 0;
	int in_order = 1;

	EXPECT_EQ("nothing received before the runner types", exos_info->cons_rx_bytes, 0);
	printf("t_conflood: type %d bytes\n", TYPED);   /* the runner types on this line */
	sleep_until_received(TYPED);
	EXPECT_EQ("every typed byte was counted", exos_info->cons_rx_bytes, TYPED);
	EXPECT_EQ("those past 4 KiB were dropped", exos_info->cons_rx_dropped, TYPED - KEPT);
	for (long r; n < sizeof(got) && (r = sys_cons_read(got + n, sizeof(got) - n)) > 0;)
		n += (size_t)r;
	EXPECT_EQ("the first 4 KiB are kept", n, KEPT);
	for (size_t i = 0; i < n; i++)
		in_order &= got[i] == (char)('0' + i % 10);
	EXPECT_EQ("in the order typed", in_order, 1);
}

int main(void)
{
	test_run_all("t_conflood");
	printf("t_conflood: %d failures\n", check_failures);
	return check_failures ? 1 : 0;
}
