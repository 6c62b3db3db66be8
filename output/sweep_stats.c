/*
 * sweep_stats.c - confidence intervals and regression sensitivities.
 *
 * The interval: mean +- t(0.975, n-1) s / sqrt(n) (GSL's Student-t
 * quantile), the usual interval for the mean of n independent
 * replications (Law, Simulation Modeling and Analysis, 5th ed., 9.4.1).
 * The regression solves the normal equations of the centred data with a
 * Cholesky factorisation (GSL); the covariance of Sobol or Latin-hypercube
 * parameters is close to diagonal, so it is well conditioned.
 */
#include "sweep_stats.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>

void sweep_stats_ci(const double *x, size_t n, size_t *used, double *mean, double *sd,
		    double *ci95)
{
	size_t m = 0;
	double sum = 0;
	for (size_t i = 0; i < n; i++)
		if (isfinite(x[i])) {
			sum += x[i];
			m++;
		}
	*used = m;
	*mean = *sd = *ci95 = (double)NAN;
	if (m == 0)
		return;
	*mean = sum / (double)m;
	if (m < 2)
		return;
	double ss = 0;
	for (size_t i = 0; i < n; i++)
		if (isfinite(x[i]))
			ss += (x[i] - *mean) * (x[i] - *mean);
	*sd = sqrt(ss / (double)(m - 1));
	*ci95 = gsl_cdf_tdist_Pinv(0.975, (double)(m - 1)) * *sd / sqrt((double)m);
}

int sweep_src_init(struct sweep_src *s, size_t p)
{
	memset(s, 0, sizeof *s);
	s->p = p;
	s->sx = calloc(p, sizeof *s->sx);
	s->sxy = calloc(p, sizeof *s->sxy);
	s->sxx = calloc(p * p, sizeof *s->sxx);
	if (!s->sx || !s->sxy || !s->sxx) {
		sweep_src_fini(s);
		return -1;
	}
	return 0;
}

void sweep_src_fini(struct sweep_src *s)
{
	free(s->sx);
	free(s->sxy);
	free(s->sxx);
	memset(s, 0, sizeof *s);
}

void sweep_src_add(struct sweep_src *s, const double *x, double y)
{
	if (!isfinite(y))
		return;
	if (s->n == 0)
		s->y0 = y;
	y -= s->y0;
	s->n++;
	s->sy += y;
	s->syy += y * y;
	for (size_t j = 0; j < s->p; j++) {
		s->sx[j] += x[j];
		s->sxy[j] += x[j] * y;
		for (size_t k = 0; k < s->p; k++)
			s->sxx[j * s->p + k] += x[j] * x[k];
	}
}

int sweep_src_solve(const struct sweep_src *s, double *src, double *r2)
{
	size_t p = s->p;
	for (size_t j = 0; j < p; j++)
		src[j] = (double)NAN;
	*r2 = (double)NAN;
	if (s->n < p + 2)
		return -1;
	double n = (double)s->n;
	double vy = (s->syy - s->sy * s->sy / n) / (n - 1);
	if (!(vy > 1e-300) || vy < 1e-12 * (s->syy / n)) /* constant up to rounding */
		return -1;
	gsl_matrix *c = gsl_matrix_alloc(p, p);
	gsl_vector *cxy = gsl_vector_alloc(p), *b = gsl_vector_alloc(p);
	int rc = -1;
	if (!c || !cxy || !b)
		goto done;
	for (size_t j = 0; j < p; j++) {
		gsl_vector_set(cxy, j, (s->sxy[j] - s->sx[j] * s->sy / n) / (n - 1));
		for (size_t k = 0; k < p; k++)
			gsl_matrix_set(c, j, k, (s->sxx[j * p + k] - s->sx[j] * s->sx[k] / n) / (n - 1));
	}
	double var_x[64]; /* a sweep has at most 40 axes */
	if (p > sizeof var_x / sizeof *var_x)
		goto done;
	for (size_t j = 0; j < p; j++)
		var_x[j] = gsl_matrix_get(c, j, j);
	/* a singular matrix is an answer here (no fit), not an abort */
	gsl_error_handler_t *old = gsl_set_error_handler_off();
	int st = gsl_linalg_cholesky_decomp1(c);
	if (st == GSL_SUCCESS)
		st = gsl_linalg_cholesky_solve(c, cxy, b);
	gsl_set_error_handler(old);
	if (st != GSL_SUCCESS)
		goto done;
	double explained = 0;
	for (size_t j = 0; j < p; j++) {
		src[j] = gsl_vector_get(b, j) * sqrt(var_x[j] / vy);
		explained += gsl_vector_get(b, j) * gsl_vector_get(cxy, j);
	}
	*r2 = explained / vy;
	rc = 0;
done:
	gsl_matrix_free(c);
	gsl_vector_free(cxy);
	gsl_vector_free(b);
	return rc;
}
