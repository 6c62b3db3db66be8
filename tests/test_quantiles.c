/*
 * test_quantiles.c - models/numeric/quantiles.c: while exact, GSL's own
 * mean and quantiles of the values, to the bit; past the exact limit,
 * memory bounded (the values are dropped, 13,300 buckets) and every
 * quantile within QUANTILES_REL_ERR (0.1%) of the exact one over 2
 * million waits (a third zeros, exponential and lognormal, 1 ms to
 * months), the mean still GSL's to the bit.
 */
#include <stdlib.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "quantiles.h"
#include "test_util.h"

static const double fs[] = { 0, 0.01, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.999, 0.9999, 1 };
#define N_FS (sizeof fs / sizeof *fs)

/* n waits on the 1 ms tick, as a run has them: a third zero, the rest
 * exponential (mean 20 min) or lognormal (median 2 h, sigma 2). */
static double *waits(size_t n, unsigned long seed)
{
	gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
	gsl_rng_set(r, seed);
	double *x = malloc(n * sizeof *x);
	assert_non_null(x);
	for (size_t i = 0; i < n; i++) {
		double u = gsl_rng_uniform(r), v;
		if (u < 1.0 / 3)
			v = 0;
		else if (u < 2.0 / 3)
			v = gsl_ran_exponential(r, 1200);
		else
			v = gsl_ran_lognormal(r, log(7200), 2);
		x[i] = fmin(ceil(v * 1000) / 1000, 3e8);
	}
	gsl_rng_free(r);
	return x;
}

static void exact_is_gsl(void **state)
{
	(void)state;
	size_t n = 20000;
	double *x = waits(n, 1);
	struct quantiles q;
	quantiles_init(&q, n);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(quantiles_add(&q, x[i]), 0);
	assert_true(quantiles_exact(&q));
	assert_true(quantiles_mean(&q) == gsl_stats_mean(x, 1, n));
	gsl_sort(x, 1, n);
	for (size_t i = 0; i < N_FS; i++)
		assert_true(quantiles_at(&q, fs[i]) ==
			    gsl_stats_quantile_from_sorted_data(x, 1, n, fs[i]));
	quantiles_fini(&q);
	free(x);
}

/* The exact sort keeps the values > 0 apart (quantiles.c, sort_kept):
 * with negatives and -0.0 among the zeros, still GSL's quantiles. */
static void exact_mixed_signs(void **state)
{
	(void)state;
	size_t n = 5000;
	double *x = waits(n, 3);
	for (size_t i = 0; i < n; i += 7)
		x[i] = i % 3 ? -x[i] : -0.0;
	struct quantiles q;
	quantiles_init(&q, n);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(quantiles_add(&q, x[i]), 0);
	gsl_sort(x, 1, n);
	for (size_t i = 0; i < N_FS; i++)
		assert_true(quantiles_at(&q, fs[i]) ==
			    gsl_stats_quantile_from_sorted_data(x, 1, n, fs[i]));
	quantiles_fini(&q);
	free(x);
}

static void histogram_within_bound(void **state)
{
	(void)state;
	size_t n = 2000000;
	double *x = waits(n, 2);
	struct quantiles q;
	quantiles_init(&q, 1000);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(quantiles_add(&q, x[i]), 0);
	assert_false(quantiles_exact(&q));
	assert_null(q.kept);
	assert_true(q.n_buckets < 14000);
	assert_true(q.n == n);
	assert_true(quantiles_mean(&q) == gsl_stats_mean(x, 1, n));
	gsl_sort(x, 1, n);
	double worst = 0;
	for (size_t i = 0; i < N_FS; i++) {
		double want = gsl_stats_quantile_from_sorted_data(x, 1, n, fs[i]);
		double got = quantiles_at(&q, fs[i]);
		double err = want == 0 ? fabs(got) : fabs(got - want) / want;
		if (!(err <= QUANTILES_REL_ERR))
			fail_msg("quantile %g: %.9g, exact %.9g (relative error %.3g)", fs[i], got,
				 want, err);
		worst = fmax(worst, err);
	}
	/* the bound is met, not by a wide margin: a histogram this fine would
	 * show a wrong bucket width or representative */
	assert_true(worst > 1e-5);
	quantiles_fini(&q);
	free(x);
}

/* quantiles_push (the inline add) gives what quantiles_add gives, to
 * the bit: exact, with reads between adds, and past the exact limit. */
static void push_is_add(void **state)
{
	(void)state;
	const size_t n = 50000;
	double *x = waits(n, 11);
	struct quantiles a, b;
	quantiles_init(&a, 30000);
	quantiles_init(&b, 30000);
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(quantiles_add(&a, x[i]), 0);
		assert_int_equal(quantiles_push(&b, x[i]), 0);
		if (i == 1000 || i == 20000) { /* a read sorts; adds go on after it */
			assert_true(quantiles_mean(&a) == quantiles_mean(&b));
			assert_true(quantiles_at(&a, 0.9) == quantiles_at(&b, 0.9));
		}
	}
	assert_int_equal(quantiles_exact(&b), 0);
	assert_true(quantiles_mean(&a) == quantiles_mean(&b));
	assert_int_equal(quantiles_positive(&a), quantiles_positive(&b));
	for (size_t k = 0; k < N_FS; k++)
		assert_true(quantiles_at(&a, fs[k]) == quantiles_at(&b, fs[k]));
	quantiles_fini(&a);
	quantiles_fini(&b);
	free(x);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(exact_is_gsl),
		cmocka_unit_test(exact_mixed_signs),
		cmocka_unit_test(histogram_within_bound),
		cmocka_unit_test(push_is_add),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
