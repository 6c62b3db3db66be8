/*
 * test_count_meter.c - the integer meter (sim/engine/count_meter.h): its
 * integral is exact, equals a meter's to the bit wherever a meter's is
 * exact, and survives its terms' wrap-around.
 */
#include <stdint.h>
#include <stdlib.h>

#include "count_meter.h"
#include "meter.h"
#include "test_util.h"

/* The analytic case, with moves at one tick and the window. */
static void test_count_exact(void **state)
{
	(void)state;
	struct count_meter m;
	count_meter_init(&m, 5, 3);
	count_meter_add(&m, 15, 2);  /* 3 x 10 */
	count_meter_add(&m, 15, -4); /* (no time at 5) */
	count_meter_mark(&m, 20);    /* 1 x 5: 35 by the mark */
	count_meter_add(&m, 40, 6);  /* 1 x 20 */
	count_meter_flush(&m, 100);  /* 7 x 60 */
	assert_true(m.value == 7);
	assert_true(m.integral == 30.0 + 5.0 + 20.0 + 420.0);
	assert_true(count_meter_window(&m) == 20.0 + 420.0);
}

/* A random walk of counts, as GPUs busy move: every flush agrees with a
 * meter's integral to the bit (each product and sum below 2^53). */
static void test_count_matches_meter(void **state)
{
	(void)state;
	struct count_meter c;
	struct meter m;
	count_meter_init(&c, 0, 0);
	meter_init(&m, 0, 0.0);
	srand(7);
	sim_time t = 0;
	int64_t v = 0;
	for (int i = 0; i < 200000; i++) {
		t += rand() % 5000; /* ties too */
		int64_t d = rand() % 17 - 8;
		if (v + d < 0)
			d = -v;
		v += d;
		count_meter_add(&c, t, d);
		meter_add(&m, t, (double)d);
		if (i % 1000 == 0) {
			count_meter_flush(&c, t);
			meter_flush(&m, t);
			assert_true(c.integral == m.integral);
		}
		if (i == 50000) {
			count_meter_mark(&c, t);
			meter_mark(&m, t);
		}
	}
	count_meter_flush(&c, t + 1);
	meter_flush(&m, t + 1);
	assert_true(c.integral == m.integral);
	assert_true(count_meter_window(&c) == meter_window(&m));
	assert_true(c.value == v && (double)v == m.value);
}

/* Far out, value x now passes 2^64 and wraps, and the sum of moves with
 * it; the integral, far below, comes out exact (in doubles the terms,
 * 66 bits wide, would round). */
static void test_count_wraps(void **state)
{
	(void)state;
	struct count_meter m;
	const sim_time t0 = ((sim_time)1 << 42) + 1; /* 139 years in ms */
	count_meter_init(&m, t0, 8000001);           /* 8000001 x t0 ~ 3.5e19 > 2^64 */
	count_meter_add(&m, t0 + 1000, -1000000);
	count_meter_flush(&m, t0 + 3000);
	assert_true(m.integral == 8000001.0 * 1000 + 7000001.0 * 2000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_count_exact),
		cmocka_unit_test(test_count_matches_meter),
		cmocka_unit_test(test_count_wraps),
	};
	return cmocka_run_group_tests_name("count_meter", tests, NULL, NULL);
}
