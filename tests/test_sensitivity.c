/*
 * test_sensitivity.c - the sensitivity measures against known answers:
 * Sobol indices of the Ishigami function (analytic), an additive model
 * whose SRCs and first-order indices must agree, Morris effects of a
 * linear model, and the designs' structure (Saltelli's AB_j matrices,
 * Morris's one-at-a-time steps).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sweep_design.h"
#include "sweep_indices.h"
#include "sweep_stats.h"
#include "test_util.h"

/* Ishigami and Homma (1990), a = 7, b = 0.1 on [-pi, pi]^3. */
static const double ISH_A = 7.0, ISH_B = 0.1;
#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

static double ishigami(const double *u)
{
	double x1 = -M_PI + 2 * M_PI * u[0], x2 = -M_PI + 2 * M_PI * u[1];
	double x3 = -M_PI + 2 * M_PI * u[2];
	double s2 = sin(x2);
	return sin(x1) + ISH_A * s2 * s2 + ISH_B * pow(x3, 4) * sin(x1);
}

/* The analytic indices (Sobol and Levitan 1999; Saltelli et al., The
 * Primer, 2008, 4.8): V1 = (1 + b pi^4 / 5)^2 / 2, V2 = a^2 / 8,
 * V13 = b^2 pi^8 (1/18 - 1/50), V = V1 + V2 + V13. */
static void ishigami_exact(double s1[3], double st[3])
{
	double p4 = pow(M_PI, 4), p8 = pow(M_PI, 8);
	double v1 = 0.5 * pow(1 + ISH_B * p4 / 5, 2), v2 = ISH_A * ISH_A / 8;
	double v13 = ISH_B * ISH_B * p8 * (1.0 / 18 - 1.0 / 50);
	double v = v1 + v2 + v13;
	s1[0] = v1 / v;
	s1[1] = v2 / v;
	s1[2] = 0;
	st[0] = (v1 + v13) / v;
	st[1] = v2 / v;
	st[2] = v13 / v;
}

static void assert_within(double x, double lo, double hi, const char *what)
{
	if (!(lo <= x && x <= hi))
		fail_msg("%s: %.4f outside the interval [%.4f, %.4f]", what, x, lo, hi);
}

/* The analytic values as the issue states them (3 decimals), then each
 * estimate's 95% interval holds the analytic index. */
static void test_ishigami_indices(void **state)
{
	(void)state;
	enum { N = 4096, K = 3 };
	double s1[K], st[K];
	ishigami_exact(s1, st);
	static const double s1_3[] = { 0.314, 0.442, 0 }, st_3[] = { 0.558, 0.442, 0.244 };
	for (int j = 0; j < K; j++) {
		assert_true(fabs(s1[j] - s1_3[j]) < 5e-4);
		assert_true(fabs(st[j] - st_3[j]) < 5e-4);
	}
	double *u = malloc(SWEEP_SALTELLI_POINTS(N, K) * K * sizeof *u);
	double *y = malloc(SWEEP_SALTELLI_POINTS(N, K) * sizeof *y);
	assert_non_null(u);
	assert_non_null(y);
	assert_int_equal(sweep_design_saltelli(N, K, u), 0);
	for (size_t p = 0; p < SWEEP_SALTELLI_POINTS(N, K); p++)
		y[p] = ishigami(u + p * K);
	struct sweep_sobol_index idx[K], again[K];
	assert_int_equal(sweep_sobol_indices(N, K, y, 1, idx), 0);
	for (int j = 0; j < K; j++) {
		char what[400];
		snprintf(what, sizeof what, "S1 of x%d (exact %.4f)", j + 1, s1[j]);
		assert_within(s1[j], idx[j].s1_lo, idx[j].s1_hi, what);
		snprintf(what, sizeof what, "ST of x%d (exact %.4f)", j + 1, st[j]);
		assert_within(st[j], idx[j].st_lo, idx[j].st_hi, what);
		assert_within(idx[j].s1, idx[j].s1_lo, idx[j].s1_hi, "S1 estimate");
		assert_within(idx[j].st, idx[j].st_lo, idx[j].st_hi, "ST estimate");
		/* and close, not merely inside a wide interval */
		assert_true(fabs(idx[j].s1 - s1[j]) < 0.03);
		assert_true(fabs(idx[j].st - st[j]) < 0.03);
		assert_true(idx[j].s1_hi - idx[j].s1_lo < 0.1);
		assert_int_equal(idx[j].n, N);
	}
	/* the bootstrap is drawn from the seed's stream: same seed, same bytes */
	assert_int_equal(sweep_sobol_indices(N, K, y, 1, again), 0);
	assert_memory_equal(idx, again, sizeof idx);
	assert_int_equal(sweep_sobol_indices(N, K, y, 2, again), 0);
	assert_true(again[0].s1_lo != idx[0].s1_lo);
	assert_true(again[0].s1 == idx[0].s1); /* the estimate itself has no randomness */
	free(u);
	free(y);
}

/* y = 3 x1 + 2 x2 + 0 x3: additive, so S1_j = ST_j = SRC_j^2 = c_j^2 / sum c^2
 * (uniform inputs of equal range). */
static void test_additive_src_equals_s1(void **state)
{
	(void)state;
	enum { N = 2048, K = 3 };
	const double c[K] = { 3, 2, 0 };
	size_t np = SWEEP_SALTELLI_POINTS(N, K);
	double *u = malloc(np * K * sizeof *u), *y = malloc(np * sizeof *y);
	assert_non_null(u);
	assert_non_null(y);
	assert_int_equal(sweep_design_saltelli(N, K, u), 0);
	struct sweep_src s;
	assert_int_equal(sweep_src_init(&s, K), 0);
	for (size_t p = 0; p < np; p++) {
		y[p] = 10 + c[0] * u[p * K] + c[1] * u[p * K + 1] + c[2] * u[p * K + 2];
		sweep_src_add(&s, u + p * K, y[p]);
	}
	double src[K], r2;
	assert_int_equal(sweep_src_solve(&s, src, &r2), 0);
	struct sweep_sobol_index idx[K];
	assert_int_equal(sweep_sobol_indices(N, K, y, 7, idx), 0);
	for (int j = 0; j < K; j++) {
		double exact = c[j] * c[j] / 13.0;
		assert_true(fabs(src[j] * src[j] - idx[j].s1) < 0.02);
		assert_true(fabs(idx[j].s1 - exact) < 0.02);
		assert_true(fabs(idx[j].st - exact) < 0.02);
		assert_within(src[j] * src[j], idx[j].s1_lo - 1e-12, idx[j].s1_hi + 1e-12,
			      "SRC^2 in the S1 interval");
	}
	assert_true(r2 > 1 - 1e-12);
	sweep_src_fini(&s);
	/* a constant KPI has no indices */
	for (size_t p = 0; p < np; p++)
		y[p] = 5;
	assert_int_equal(sweep_sobol_indices(N, K, y, 7, idx), 1);
	assert_true(isnan(idx[0].s1) && isnan(idx[0].st_hi));
	free(u);
	free(y);
}

/* Saltelli's points: A_i, B_i, then AB_j,i = A_i with B_i's column j. */
static void test_saltelli_structure(void **state)
{
	(void)state;
	enum { N = 64, K = 4 };
	double u[SWEEP_SALTELLI_POINTS(N, K) * K];
	assert_int_equal(sweep_design_saltelli(N, K, u), 0);
	size_t same = 0;
	for (size_t i = 0; i < N; i++) {
		const double *a = u + i * (K + 2) * K, *b = a + K;
		for (size_t j = 0; j < K; j++) {
			const double *ab = a + (2 + j) * K;
			for (size_t m = 0; m < K; m++)
				assert_true(ab[m] == (m == j ? b[m] : a[m]));
		}
		int differ = 0;
		for (size_t j = 0; j < K; j++)
			differ |= a[j] != b[j];
		same += !differ;
	}
	/* Sobol points where A_i = B_i tell nothing; the all-1/2 first point
	 * is skipped, and few others remain */
	assert_true(same <= N / 8);
	double big[1];
	assert_int_equal(sweep_design_saltelli(1, SWEEP_SOBOL_MAX_DIMS / 2 + 1, big), -1);
}

/* Morris: every step moves one factor by delta = p / (2 (p - 1)) on the
 * grid; a linear model's effects are its coefficients, with sigma 0, and
 * an interaction shows in sigma. */
static void test_morris_effects(void **state)
{
	(void)state;
	enum { R = 50, K = 3 };
	double u[SWEEP_MORRIS_POINTS(R, K) * K], y[SWEEP_MORRIS_POINTS(R, K)];
	assert_int_equal(sweep_design_morris(R, K, 4, 11, u), 0);
	for (size_t t = 0; t < R; t++)
		for (size_t s = 1; s <= K; s++) {
			const double *prev = u + (t * (K + 1) + s - 1) * K, *cur = prev + K;
			int moved = 0;
			for (size_t j = 0; j < K; j++) {
				double g = cur[j] * 3;
				assert_true(fabs(g - round(g)) < 1e-12 && cur[j] >= 0 && cur[j] <= 1);
				if (cur[j] != prev[j]) {
					moved++;
					assert_true(fabs(fabs(cur[j] - prev[j]) - 2.0 / 3) < 1e-12);
				}
			}
			assert_int_equal(moved, 1);
		}
	struct sweep_morris_effect e[K];
	for (size_t p = 0; p < SWEEP_MORRIS_POINTS(R, K); p++)
		y[p] = 4 * u[p * K] - 2 * u[p * K + 1];
	sweep_morris_effects(R, K, u, y, e);
	assert_rel(e[0].mu_star, 4, 1e-9);
	assert_rel(e[0].mu, 4, 1e-9);
	assert_true(e[0].sigma < 1e-9);
	assert_rel(e[1].mu_star, 2, 1e-9);
	assert_rel(e[1].mu, -2, 1e-9);
	assert_true(e[2].mu_star == 0 && e[2].sigma == 0);
	assert_int_equal(e[0].r, R);
	/* x1 x2: x1's effect depends on x2, so its sigma is not 0 */
	for (size_t p = 0; p < SWEEP_MORRIS_POINTS(R, K); p++)
		y[p] = u[p * K] * u[p * K + 1];
	sweep_morris_effects(R, K, u, y, e);
	assert_true(e[0].sigma > 0.1 && e[2].mu_star == 0);
	/* same seed, same trajectories */
	double v[SWEEP_MORRIS_POINTS(R, K) * K];
	assert_int_equal(sweep_design_morris(R, K, 4, 11, v), 0);
	assert_memory_equal(u, v, sizeof u);
	assert_int_equal(sweep_design_morris(R, K, 3, 11, v), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ishigami_indices),
		cmocka_unit_test(test_additive_src_equals_s1),
		cmocka_unit_test(test_saltelli_structure),
		cmocka_unit_test(test_morris_effects),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
