/*
 * sweep_design.c - Sobol and Latin-hypercube points in [0, 1)^dims.
 *
 * Sobol: gsl_qrng_sobol (Bratley and Fox, ACM TOMS 659), low discrepancy,
 * so a few hundred points cover a handful of parameters evenly. Latin
 * hypercube: McKay, Beckman and Conover (Technometrics 21, 1979); each
 * parameter's range is cut into n equal strata sampled once each.
 * Saltelli (2010) and Morris (1991) designs: see sweep_design.h.
 */
#include "sweep_design.h"

#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_qrng.h>
#include <gsl/gsl_randist.h>

#include "rng.h"
#include "rng_streams.h"

int sweep_design_sobol(size_t n, size_t dims, double *u)
{
	if (dims == 0 || dims > SWEEP_SOBOL_MAX_DIMS)
		return -1;
	gsl_qrng *q = gsl_qrng_alloc(gsl_qrng_sobol, (unsigned)dims);
	if (!q)
		return -1;
	for (size_t i = 0; i < n; i++)
		gsl_qrng_get(q, u + i * dims);
	gsl_qrng_free(q);
	return 0;
}

int sweep_design_lhs(size_t n, size_t dims, uint64_t seed, double *u)
{
	gsl_rng *r = rng_stream_create(seed, 0, RNG_STREAM_SWEEP_LHS);
	size_t *perm = malloc((n ? n : 1) * sizeof *perm);
	if (!r || !perm) {
		gsl_rng_free(r);
		free(perm);
		return -1;
	}
	for (size_t k = 0; k < dims; k++) {
		for (size_t i = 0; i < n; i++)
			perm[i] = i;
		gsl_ran_shuffle(r, perm, n, sizeof *perm);
		for (size_t i = 0; i < n; i++)
			u[i * dims + k] = ((double)perm[i] + gsl_rng_uniform(r)) / (double)n;
	}
	gsl_rng_free(r);
	free(perm);
	return 0;
}

int sweep_design_saltelli(size_t n, size_t k, double *u)
{
	if (k == 0 || 2 * k > SWEEP_SOBOL_MAX_DIMS)
		return -1;
	gsl_qrng *q = gsl_qrng_alloc(gsl_qrng_sobol, (unsigned)(2 * k));
	if (!q)
		return -1;
	double ab[2 * SWEEP_SOBOL_MAX_DIMS];
	/* the sequence's first point is 1/2 in every coordinate, so A_0 = B_0
	 * and it would tell nothing: skipped */
	gsl_qrng_get(q, ab);
	for (size_t i = 0; i < n; i++) {
		gsl_qrng_get(q, ab);
		double *row = u + i * (k + 2) * k;
		for (size_t m = 0; m < k + 2; m++)
			for (size_t j = 0; j < k; j++) {
				/* A: the first k coordinates, B: the last k, AB_j: A but j */
				int from_b = m == 1 || (m >= 2 && m - 2 == j);
				row[m * k + j] = ab[from_b ? k + j : j];
			}
	}
	gsl_qrng_free(q);
	return 0;
}

int sweep_design_morris(size_t r, size_t k, unsigned levels, uint64_t seed, double *u)
{
	if (levels < 2 || levels % 2 != 0)
		return -1;
	gsl_rng *g = rng_stream_create(seed, 0, RNG_STREAM_SWEEP_MORRIS);
	size_t *order = malloc((k ? k : 1) * sizeof *order);
	if (!g || !order) {
		gsl_rng_free(g);
		free(order);
		return -1;
	}
	const double step = 1.0 / (double)(levels - 1);
	const double delta = (double)levels / (2.0 * (double)(levels - 1));
	for (size_t t = 0; t < r; t++) {
		double *x = u + t * (k + 1) * k;
		for (size_t j = 0; j < k; j++) {
			x[j] = step * (double)gsl_rng_uniform_int(g, levels);
			order[j] = j;
		}
		gsl_ran_shuffle(g, order, k, sizeof *order);
		for (size_t s = 1; s <= k; s++) {
			double *prev = x + (s - 1) * k, *cur = x + s * k;
			for (size_t j = 0; j < k; j++)
				cur[j] = prev[j];
			size_t j = order[s - 1];
			/* the grid's levels as multiples of step, so a move lands on one */
			double up = prev[j] + delta;
			cur[j] = up <= 1.0 + 1e-12 ? fmin(up, 1.0) : prev[j] - delta;
		}
	}
	gsl_rng_free(g);
	free(order);
	return 0;
}
