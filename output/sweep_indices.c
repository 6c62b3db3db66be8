/*
 * sweep_indices.c - Sobol indices with bootstrap intervals, and Morris
 * elementary effects (the estimators and sources are in sweep_indices.h).
 *
 * The Sobol estimators are those Saltelli et al. (2010) recommend from
 * their comparison: Saltelli's for S1 (their eq. b, Table 2) and Jansen's
 * for ST (eq. f). Both cost N (k + 2) model runs. The bootstrap draws
 * base-sample indices, so A_i, B_i and every AB_j,i stay together, as the
 * estimators pair them. The values are centred on the mean of f(A) and
 * f(B) first (Sobol, Math. Comput. Simul. 55, 2001, sec. 5: an estimate
 * of f0 subtracted reduces the estimator's variance; SALib standardises
 * likewise): without it, a KPI whose mean is large against its spread
 * gave S1 intervals of +-20 from 64 base samples. Memory: the resampled
 * indices, k x resamples doubles per measure.
 */
#include "sweep_indices.h"

#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_rng.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "rng.h"
#include "rng_streams.h"

/* The indices over the base samples idx[0..m) (rows of y, k + 2 each). */
static void estimate(size_t m, size_t k, const double *y, const size_t *idx, double *s1,
		     double *st)
{
	double sum = 0, sum2 = 0;
	for (size_t i = 0; i < m; i++) {
		const double *g = y + idx[i] * (k + 2);
		sum += g[0] + g[1];
	}
	double mean = sum / (double)(2 * m);
	for (size_t i = 0; i < m; i++) {
		const double *g = y + idx[i] * (k + 2);
		sum2 += (g[0] - mean) * (g[0] - mean) + (g[1] - mean) * (g[1] - mean);
	}
	double v = sum2 / (double)(2 * m);
	if (v < 1e-12 * mean * mean) /* constant up to rounding, as sweep_stats.c */
		v = 0;
	for (size_t j = 0; j < k; j++) {
		double a = 0, b = 0;
		for (size_t i = 0; i < m; i++) {
			const double *g = y + idx[i] * (k + 2);
			/* centred on the sample's mean: the same index in expectation,
			 * far less variance when the mean is large against the spread
			 * (a PUE of 1.1 +- 0.02), as Sobol (2001) advises */
			double fa = g[0] - mean, fb = g[1] - mean, fab = g[2 + j] - mean;
			a += fb * (fab - fa);
			b += (fa - fab) * (fa - fab);
		}
		s1[j] = v > 0 ? a / (double)m / v : (double)NAN;
		st[j] = v > 0 ? b / (2.0 * (double)m) / v : (double)NAN;
	}
}

static int group_finite(const double *g, size_t k)
{
	for (size_t m = 0; m < k + 2; m++)
		if (!isfinite(g[m]))
			return 0;
	return 1;
}

/* 2.5 and 97.5 percentiles of x[0..n) (sorted in place). */
static void percentiles(double *x, size_t n, double *lo, double *hi)
{
	gsl_sort(x, 1, n);
	*lo = gsl_stats_quantile_from_sorted_data(x, 1, n, 0.025);
	*hi = gsl_stats_quantile_from_sorted_data(x, 1, n, 0.975);
}

int sweep_sobol_indices(size_t n, size_t k, const double *y, uint64_t seed,
			struct sweep_sobol_index *out)
{
	const size_t B = SWEEP_BOOTSTRAP_RESAMPLES;
	for (size_t j = 0; j < k; j++)
		out[j] = (struct sweep_sobol_index){ NAN, NAN, NAN, NAN, NAN, NAN, 0 };
	size_t *used = malloc((n ? n : 1) * sizeof *used);
	size_t *draw = malloc((n ? n : 1) * sizeof *draw);
	double *s1 = malloc(k * (B + 1) * sizeof *s1), *st = malloc(k * (B + 1) * sizeof *st);
	double *col = malloc(B * sizeof *col);
	gsl_rng *r = rng_stream_create(seed, 0, RNG_STREAM_SWEEP_BOOTSTRAP);
	int rc = -1;
	if (!used || !draw || !s1 || !st || !col || !r)
		goto done;
	size_t m = 0;
	for (size_t i = 0; i < n; i++)
		if (group_finite(y + i * (k + 2), k))
			used[m++] = i;
	rc = 1;
	if (m < 2)
		goto done;
	estimate(m, k, y, used, s1, st);
	if (!isfinite(s1[0]))
		goto done;
	for (size_t b = 0; b < B; b++) {
		for (size_t i = 0; i < m; i++)
			draw[i] = used[gsl_rng_uniform_int(r, m)];
		estimate(m, k, y, draw, s1 + (b + 1) * k, st + (b + 1) * k);
	}
	for (size_t j = 0; j < k; j++) {
		struct sweep_sobol_index *o = &out[j];
		o->s1 = s1[j];
		o->st = st[j];
		o->n = m;
		/* a resample whose values are all equal has no index: left out */
		size_t c = 0;
		for (size_t b = 0; b < B; b++)
			if (isfinite(s1[(b + 1) * k + j]))
				col[c++] = s1[(b + 1) * k + j];
		if (c > 0)
			percentiles(col, c, &o->s1_lo, &o->s1_hi);
		c = 0;
		for (size_t b = 0; b < B; b++)
			if (isfinite(st[(b + 1) * k + j]))
				col[c++] = st[(b + 1) * k + j];
		if (c > 0)
			percentiles(col, c, &o->st_lo, &o->st_hi);
	}
	rc = 0;
done:
	gsl_rng_free(r);
	free(used);
	free(draw);
	free(s1);
	free(st);
	free(col);
	return rc;
}

void sweep_morris_effects(size_t r, size_t k, const double *u, const double *y,
			  struct sweep_morris_effect *out)
{
	for (size_t j = 0; j < k; j++) {
		/* Welford's running mean and variance of the effects */
		double mean = 0, m2 = 0, abs_sum = 0;
		size_t c = 0;
		for (size_t t = 0; t < r; t++) {
			for (size_t s = 1; s <= k; s++) {
				size_t p = t * (k + 1) + s;
				double du = u[p * k + j] - u[(p - 1) * k + j];
				if (du == 0)
					continue;
				double ee = (y[p] - y[p - 1]) / du;
				if (!isfinite(ee))
					continue;
				c++;
				double d0 = ee - mean;
				mean += d0 / (double)c;
				m2 += d0 * (ee - mean);
				abs_sum += fabs(ee);
			}
		}
		out[j].r = c;
		out[j].mu = c ? mean : (double)NAN;
		out[j].mu_star = c ? abs_sum / (double)c : (double)NAN;
		out[j].sigma = c > 1 ? sqrt(m2 / (double)(c - 1)) : (double)NAN;
	}
}
