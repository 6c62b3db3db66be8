/*
 * sweep_indices.h - variance-based and screening sensitivity measures of
 * a KPI over a sweep's design: Sobol first-order and total-effect indices
 * with bootstrap intervals (from a saltelli design), and Morris's
 * elementary effects (from a morris design).
 */
#ifndef DCSIM_SWEEP_INDICES_H
#define DCSIM_SWEEP_INDICES_H

#include <stddef.h>
#include <stdint.h>

/* Bootstrap resamples behind each interval: 1,000, as Archer, Saltelli
 * and Sobol (J. Stat. Comput. Simul. 58, 1997) used for Sobol indices. */
#define SWEEP_BOOTSTRAP_RESAMPLES 1000

struct sweep_sobol_index {
	double s1, s1_lo, s1_hi;   /* first order, its 95% bootstrap interval */
	double st, st_lo, st_hi;   /* total effect, likewise */
	size_t n;                  /* base samples used (whole groups, finite y) */
};

/*
 * y[i (k + 2) + m], i < n: the KPI at the points of sweep_design_saltelli
 * (m = 0: A_i, 1: B_i, 2 + j: AB_j,i). With V the variance of the 2n
 * values f(A), f(B), and f centred on their mean:
 *   S1_j = mean_i f(B_i) (f(AB_j,i) - f(A_i)) / V     (Saltelli 2010, eq. b)
 *   ST_j = mean_i (f(A_i) - f(AB_j,i))^2 / (2 V)      (Jansen 1999, eq. f)
 * A base sample with a non-finite value is left out whole. The intervals
 * are the 2.5 and 97.5 percentiles of the indices over
 * SWEEP_BOOTSTRAP_RESAMPLES resamples of the base samples with
 * replacement, drawn from the stream (seed, 0, RNG_STREAM_SWEEP_BOOTSTRAP),
 * so the same sweep gives the same intervals. out[0..k); all NaN (and 1
 * returned) when fewer than 2 samples remain or y does not vary; -1
 * without memory.
 */
int sweep_sobol_indices(size_t n, size_t k, const double *y, uint64_t seed,
			struct sweep_sobol_index *out);

struct sweep_morris_effect {
	double mu_star, mu, sigma; /* mean |EE|, mean EE, sd of EE */
	size_t r;                  /* effects used (finite) */
};

/*
 * u and y at the points of sweep_design_morris (r trajectories of k + 1
 * points, u[point * k + j]): factor j's elementary effect in trajectory
 * t is (y_s - y_{s-1}) / (u_s,j - u_{s-1},j) for the step s that moves
 * it, a change of the KPI per whole range of the factor. mu* (Campolongo,
 * Cariboni and Saltelli, Environ. Model. Softw. 22, 2007) ranks the
 * factors; sigma (Morris 1991) is large for a factor whose effect depends
 * on the others (interactions) or is not linear. out[0..k).
 */
void sweep_morris_effects(size_t r, size_t k, const double *u, const double *y,
			  struct sweep_morris_effect *out);

#endif
