/*
 * sweep_design.c - Sobol and Latin-hypercube points in [0, 1)^dims.
 *
 * Sobol: gsl_qrng_sobol (Bratley and Fox, ACM TOMS 659), low discrepancy,
 * so a few hundred points cover a handful of parameters evenly. Latin
 * hypercube: McKay, Beckman and Conover (Technometrics 21, 1979); each
 * parameter's range is cut into n equal strata sampled once each.
 */
#include "sweep_design.h"

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
