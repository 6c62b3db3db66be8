/*
 * power_levels.c - K equal-probability levels of a per-job GPU power
 * distribution, each its bin's conditional mean (power_levels.h).
 *
 * Lognormal: the partial expectation of a lognormal below its p-quantile
 * is e^(mu + sigma^2/2) Phi(z_p - sigma) (e.g. Johnson, Kotz and
 * Balakrishnan, Continuous Univariate Distributions vol. 1, ch. 14), so a
 * bin's mass of X is the difference of two such terms; in the upper half
 * the complements Q = 1 - Phi are subtracted instead, which keeps the
 * top bins' small differences exact. The bins' masses telescope to the
 * mean, so the levels' mean is e^(mu + sigma^2/2) to rounding.
 *
 * Empirical: the sample, sorted by the caller, is cut at ranks i n / k; each bin's level
 * is the weighted mean of the values it holds, a value straddling an edge
 * shared by its overlap. The bins' sums add to the sample's, so the
 * levels' mean is the sample mean.
 */
#include "power_levels.h"

#include <math.h>

#include <gsl/gsl_cdf.h>

static double clip(double v, double lo, double hi)
{
	return v < lo ? lo : (v > hi ? hi : v);
}

/* Phi(b) - Phi(a) for a <= b, from the side where it is not a small
 * difference of numbers near 1. */
static double gauss_mass(double a, double b)
{
	if (a >= 0)
		return gsl_cdf_ugaussian_Q(a) - gsl_cdf_ugaussian_Q(b);
	return gsl_cdf_ugaussian_P(b) - gsl_cdf_ugaussian_P(a);
}

void power_levels_lognormal(double median_w, double sigma, size_t k, double lo_w, double hi_w,
			    double *out)
{
	double mean = median_w * exp(sigma * sigma / 2.0);
	if (sigma == 0) {
		for (size_t i = 0; i < k; i++)
			out[i] = clip(median_w, lo_w, hi_w);
		return;
	}
	double za = -(double)INFINITY;
	for (size_t i = 0; i < k; i++) {
		double zb = i + 1 == k ? (double)INFINITY : gsl_cdf_ugaussian_Pinv((double)(i + 1) / (double)k);
		out[i] = clip((double)k * mean * gauss_mass(za - sigma, zb - sigma), lo_w, hi_w);
		za = zb;
	}
}

void power_levels_empirical(const double *x, size_t n, size_t k, double lo_w, double hi_w,
			    double *out)
{
	/* in units of 1/k of a sample: value v covers [v k, (v+1) k), bin i
	 * covers [i n, (i+1) n) */
	size_t v = 0;
	for (size_t i = 0; i < k; i++) {
		double lo = (double)i * (double)n, hi = lo + (double)n, sum = 0;
		while (v < n) {
			double a = (double)v * (double)k, b = a + (double)k;
			double w = fmin(b, hi) - fmax(a, lo);
			if (w > 0)
				sum += w * x[v];
			if (b > hi)
				break; /* the rest of value v belongs to the next bin */
			v++;
		}
		out[i] = clip(sum / (double)n, lo_w, hi_w);
	}
}

void power_levels_from_mean_cv(double mean, double cv, double *median, double *sigma)
{
	double s2 = log1p(cv * cv);
	*sigma = sqrt(s2);
	*median = mean / exp(s2 / 2.0);
}

double power_levels_mean(const double *levels, size_t k)
{
	double s = 0;
	for (size_t i = 0; i < k; i++)
		s += levels[i];
	return s / (double)k;
}
