/*
 * test_largest_fit.c - the largest x in [lo, hi] with f(x) <= 0
 * (models/numeric/largest_fit.c), on f(x) = x - root, whose answer is
 * known: every result fits and lies within the tolerance below the root;
 * the ends when all or nothing fits; and a bracket already within the
 * tolerance answers from its two ends' evaluations alone.
 */
#include <math.h>

#include "largest_fit.h"
#include "test_util.h"

struct line {
	double root;
	int calls;
};

static double excess(double x, void *p)
{
	struct line *l = p;
	l->calls++;
	return x - l->root;
}

static void test_root_within_tolerance(void **state)
{
	(void)state;
	for (double root = 0.3; root < 700; root *= 1.7) {
		struct line l = { root, 0 };
		double x = largest_fit(excess, &l, 0, 700, 1.0, 0);
		assert_true(x <= root);
		assert_true(root - x <= 1.0);
	}
}

static void test_ends(void **state)
{
	(void)state;
	struct line all = { 800, 0 }, none = { -5, 0 };
	assert_true(largest_fit(excess, &all, 0, 700, 1.0, 0) == 700);
	assert_true(all.calls == 1); /* hi fits: nothing else tried */
	assert_true(largest_fit(excess, &none, 0, 700, 1.0, 0) == 0);
	assert_true(none.calls == 2);
}

/* [490, 490.6] with the root inside at 490.3 and a 1 W tolerance: the low
 * end, which fits, from f(hi) and f(lo) only (Brent would add two). */
static void test_bracket_within_tolerance(void **state)
{
	(void)state;
	struct line l = { 490.3, 0 };
	assert_true(largest_fit(excess, &l, 490, 490.6, 1.0, 0) == 490);
	assert_int_equal(l.calls, 2);
	/* a wider one is searched */
	struct line m = { 495.3, 0 };
	double x = largest_fit(excess, &m, 490, 500, 1.0, 0);
	assert_true(x <= 495.3 && 495.3 - x <= 1.0);
	assert_true(m.calls > 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_root_within_tolerance),
		cmocka_unit_test(test_ends),
		cmocka_unit_test(test_bracket_within_tolerance),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
