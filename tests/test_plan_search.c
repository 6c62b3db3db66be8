/*
 * test_plan_search.c - the plan's search on responses whose answer is
 * known: a load that grows linearly with the variable against a limit
 * (the largest feasible point exactly, for every limit), the mirror case
 * (the smallest), a band between two limits (both ends of it), a KPI
 * with one minimum (golden section finds it), and
 * responses that break the assumptions (a feasible island past the
 * boundary, a second minimum, nothing feasible at either end), which
 * must give the warning and name the points.
 */
#include "test_util.h"

#include <stdlib.h>

#include "plan_search.h"

struct fake {
	size_t n;
	double (*load)(size_t k);    /* the constrained KPI at point k */
	double limit;
	int ge;                      /* constraint load >= limit */
	double (*obj)(size_t k);
	double low;                  /* a second constraint load >= low, when > 0 */
	size_t evals, batches;
	unsigned char *seen_by_eval;
};

static int fake_eval(void *ctx, const size_t *ks, size_t n)
{
	struct fake *f = ctx;
	f->batches++;
	for (size_t i = 0; i < n; i++) {
		assert_true(ks[i] < f->n);
		assert_false(f->seen_by_eval[ks[i]]); /* never evaluated twice */
		f->seen_by_eval[ks[i]] = 1;
		f->evals++;
	}
	return 0;
}

static int fake_holds(void *ctx, size_t k, size_t i)
{
	struct fake *f = ctx;
	assert_true(f->seen_by_eval[k]); /* asked only of evaluated points */
	double v = f->load(k);
	if (i == 1)
		return v >= f->low;
	return f->ge ? v >= f->limit : v <= f->limit;
}

static double fake_obj(void *ctx, size_t k)
{
	struct fake *f = ctx;
	return f->obj(k);
}

static double linear_kw(size_t k)
{
	return 1000.0 + 375.5 * (double)k; /* a rack's draw on top of a fixed base */
}

static double flat(size_t k)
{
	(void)k;
	return 0;
}

static int search(struct fake *f, int maximise, struct plan_search_result *r)
{
	unsigned char *seen = calloc(f->n, 1);
	f->seen_by_eval = calloc(f->n, 1);
	struct plan_search_ops ops = { fake_eval, fake_holds, f->obj ? fake_obj : NULL };
	int rc = plan_search_run(f->n, f->low > 0 ? 2 : 1, maximise, &ops, f, seen, r);
	for (size_t k = 0; k < f->n; k++)
		assert_int_equal(seen[k], f->seen_by_eval[k]);
	free(seen);
	free(f->seen_by_eval);
	return rc;
}

/* For every limit between two points, the largest feasible point exactly,
 * the point past it named, no warning, in about log2(n) + 3 evaluations. */
static void test_linear_largest(void **state)
{
	(void)state;
	for (size_t want = 0; want < 400; want += 7) {
		struct fake f = { 400, linear_kw, linear_kw(want) + 100, 0, NULL, 0, 0, 0, NULL };
		struct plan_search_result r;
		assert_int_equal(search(&f, 1, &r), 0);
		assert_true(r.found);
		assert_int_equal(r.answer, want);
		assert_int_equal(r.side[0], want == 399 ? PLAN_HOLDS_ALL : PLAN_HOLDS_BELOW);
		assert_int_equal(r.beyond, want == 399 ? PLAN_SEARCH_NONE : want + 1);
		assert_false(r.warn_feasibility);
		assert_true(f.evals <= 9 + 2 + 3); /* ceil(log2 400) + both ends + neighbours */
	}
}

/* A limit exactly at a point's value holds there (<= is inclusive). */
static void test_limit_on_a_point(void **state)
{
	(void)state;
	struct fake f = { 100, linear_kw, linear_kw(41), 0, NULL, 0, 0, 0, NULL };
	struct plan_search_result r;
	assert_int_equal(search(&f, 1, &r), 0);
	assert_int_equal(r.answer, 41);
}

/* load >= limit: feasible above a boundary; minimise finds it. */
static void test_linear_smallest(void **state)
{
	(void)state;
	struct fake f = { 250, linear_kw, linear_kw(123) - 1, 1, NULL, 0, 0, 0, NULL };
	struct plan_search_result r;
	assert_int_equal(search(&f, 0, &r), 0);
	assert_int_equal(r.side[0], PLAN_HOLDS_ABOVE);
	assert_int_equal(r.answer, 123);
	assert_int_equal(r.beyond, 122);
	assert_false(r.warn_feasibility);
}

/* Nothing feasible at either end: no answer, and the warning. */
static void test_none_feasible(void **state)
{
	(void)state;
	struct fake f = { 50, linear_kw, 10, 0, NULL, 0, 0, 0, NULL };
	struct plan_search_result r;
	assert_int_equal(search(&f, 1, &r), 0);
	assert_false(r.found);
	assert_int_equal(r.side[0], PLAN_HOLDS_NOWHERE);
	assert_true(r.warn_feasibility);
	assert_int_equal(f.evals, 2);
}

/* A draw that dips (a bigger configuration that draws less) makes a
 * feasible point past the boundary the bisection found: the neighbour
 * check (two steps past it) sees it, warns and names it. */
static double dip_kw(size_t k)
{
	/* rises with k, but 62 falls back below the limit */
	if (k == 62)
		return 500;
	return 1000.0 + 10.0 * (double)k;
}

static void test_non_monotone_warns(void **state)
{
	(void)state;
	struct fake f = { 100, dip_kw, dip_kw(60), 0, NULL, 0, 0, 0, NULL };
	struct plan_search_result r;
	assert_int_equal(search(&f, 1, &r), 0);
	assert_true(r.found);
	assert_int_equal(r.answer, 60);
	assert_true(r.warn_feasibility);
	assert_int_equal(r.n_evidence, 1);
	assert_int_equal(r.evidence[0], 62);
}

/* A KPI with one minimum inside the feasible range: golden section. */
static double bowl(size_t k)
{
	double x = (double)k - 217.0;
	return x * x + 3;
}

static void test_golden_section(void **state)
{
	(void)state;
	struct fake f = { 1000, linear_kw, linear_kw(800), 0, bowl, 0, 0, 0, NULL };
	struct plan_search_result r;
	assert_int_equal(search(&f, 0, &r), 0);
	assert_int_equal(r.answer, 217);
	assert_int_equal(r.beyond, PLAN_SEARCH_NONE);
	assert_false(r.warn_objective);
	assert_true(f.evals < 60); /* not a scan of 800 points */
}

/* The bowl's minimum past the feasible range: the answer is the range's
 * end, and the constraint there is what binds. */
static void test_golden_at_boundary(void **state)
{
	(void)state;
	struct fake f = { 1000, linear_kw, linear_kw(150), 0, bowl, 0, 0, 0, NULL };
	struct plan_search_result r;
	assert_int_equal(search(&f, 0, &r), 0);
	assert_int_equal(r.answer, 150);
	assert_int_equal(r.beyond, 151);
}

/* Two minima (50 at 100, 0 at 700): the search keeps the deeper, and
 * warns of the other, which the points evaluated show. */
static double two_bowls(size_t k)
{
	double a = (double)k - 100.0, b = (double)k - 700.0;
	return fmin(a * a + 50, b * b);
}

static void test_second_minimum_warns(void **state)
{
	(void)state;
	struct fake f = { 1000, linear_kw, linear_kw(999), 0, two_bowls, 0, 0, 0, NULL };
	struct plan_search_result r;
	assert_int_equal(search(&f, 0, &r), 0);
	assert_true(r.found);
	assert_int_equal(r.answer, 700);  /* the deeper one */
	assert_true(r.warn_objective);    /* and the other seen on the way */
	assert_int_equal(r.n_evidence, 2);
	int other = 0, answer = 0;
	for (size_t i = 0; i < r.n_evidence; i++) {
		other |= r.evidence[i] < 400;
		answer |= r.evidence[i] == 700;
	}
	assert_true(other && answer);
	/* a flat response has no second minimum to warn of */
	struct fake g = { 20, linear_kw, linear_kw(19), 0, flat, 0, 0, 0, NULL };
	struct plan_search_result s;
	assert_int_equal(search(&g, 0, &s), 0);
	assert_false(s.warn_objective);
	assert_int_equal(s.answer, 0); /* ties: the lowest point */
}

/* A band: load >= low holds above a threshold, load <= limit below
 * another; the range between them, both ends found, the largest and the
 * smallest of it exactly. */
static void test_band(void **state)
{
	(void)state;
	for (int maximise = 0; maximise < 2; maximise++) {
		struct fake f = { 500, linear_kw, linear_kw(321) + 1, 0, NULL, linear_kw(77) - 1, 0, 0,
				  NULL };
		struct plan_search_result r;
		assert_int_equal(search(&f, maximise, &r), 0);
		assert_true(r.found);
		assert_int_equal(r.side[0], PLAN_HOLDS_BELOW);
		assert_int_equal(r.side[1], PLAN_HOLDS_ABOVE);
		assert_int_equal(r.lo, 77);
		assert_int_equal(r.hi, 321);
		assert_int_equal(r.answer, maximise ? 321 : 77);
		assert_int_equal(r.beyond, maximise ? 322 : 76);
		assert_false(r.warn_feasibility);
		assert_true(f.evals <= 2 * 9 + 2 + 3);
	}
	/* a band narrower than nothing: the two exclude each other */
	struct fake g = { 500, linear_kw, linear_kw(100), 0, NULL, linear_kw(200), 0, 0, NULL };
	struct plan_search_result r;
	assert_int_equal(search(&g, 1, &r), 0);
	assert_false(r.found);
	assert_true(r.warn_feasibility);
}

static int stop_eval(void *ctx, const size_t *ks, size_t n)
{
	(void)ctx;
	(void)ks;
	(void)n;
	return -1;
}

/* An evaluation that fails stops the search with -1. */
static void test_eval_failure_stops(void **state)
{
	(void)state;
	unsigned char seen[10] = { 0 };
	struct plan_search_ops ops = { stop_eval, NULL, NULL };
	struct plan_search_result r;
	assert_int_equal(plan_search_run(10, 1, 1, &ops, NULL, seen, &r), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_linear_largest),
		cmocka_unit_test(test_limit_on_a_point),
		cmocka_unit_test(test_linear_smallest),
		cmocka_unit_test(test_none_feasible),
		cmocka_unit_test(test_non_monotone_warns),
		cmocka_unit_test(test_golden_section),
		cmocka_unit_test(test_golden_at_boundary),
		cmocka_unit_test(test_second_minimum_warns),
		cmocka_unit_test(test_band),
		cmocka_unit_test(test_eval_failure_stops),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
