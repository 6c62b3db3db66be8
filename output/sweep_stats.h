/*
 * sweep_stats.h - the statistics of a sweep's CSV: a KPI's mean, standard
 * deviation and 95% confidence half-width across replications, and
 * standardised regression coefficients of a KPI on the swept parameters.
 */
#ifndef DCSIM_SWEEP_STATS_H
#define DCSIM_SWEEP_STATS_H

#include <stddef.h>

/* Over the finite values of x[0..n): their count, mean, sample standard
 * deviation and the half-width of the 95% Student-t interval of the mean
 * (NaN where undefined: sd and ci need two values). */
void sweep_stats_ci(const double *x, size_t n, size_t *used, double *mean, double *sd,
		    double *ci95);

/*
 * Standardised regression coefficients, accumulated one observation at a
 * time (memory independent of the number of runs): the least-squares fit
 * y = a + sum_j b_j x_j, then SRC_j = b_j sd(x_j) / sd(y), and R^2. For a
 * model close to linear (R^2 near 1) SRC_j^2 is parameter j's first-order
 * share of the variance of y (Saltelli et al., Global Sensitivity
 * Analysis: The Primer, 2008, ch. 1.2).
 */
struct sweep_src {
	size_t p, n;
	double *sx, *sxx, *sxy;  /* sums of x, x x^T, x y */
	double sy, syy, y0;      /* y is shifted by its first value for precision */
};
int sweep_src_init(struct sweep_src *s, size_t p);
void sweep_src_fini(struct sweep_src *s);
/* One observation; non-finite y is skipped. */
void sweep_src_add(struct sweep_src *s, const double *x, double y);
/* src[0..p) and *r2; -1 (all NaN) when y does not vary, or the
 * parameters do not determine a fit (fewer runs than parameters + 2). */
int sweep_src_solve(const struct sweep_src *s, double *src, double *r2);

#endif
