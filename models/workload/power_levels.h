/*
 * power_levels.h - a distribution of per-job GPU power discretized into K
 * equal-probability levels.
 *
 * A class may give its GPUs' power as a distribution over jobs (a
 * lognormal, or an empirical sample of per-job power). The run keeps its
 * draw aggregates per power group (class, level), so the grid's cap solve,
 * admission and the thermal terms stay per group rather than per job:
 * the distribution is cut into K bins of probability 1/K each, and each
 * bin is represented by its conditional mean, so the mean of the K
 * levels is the distribution's mean exactly (before the board limits
 * below). A job draws its bin uniformly.
 *
 * The levels are then clipped to [lo_w, hi_w] (the GPU's idle power and
 * its TDP: a board cannot draw past its power limit, and the loader
 * rejects a running power below idle). Clipping moves the mean; the
 * caller reports the levels' mean, which is what the run draws.
 *
 * Units: W. Pure: no I/O, no allocation.
 */
#ifndef DCSIM_POWER_LEVELS_H
#define DCSIM_POWER_LEVELS_H

#include <stddef.h>

/* At most this many levels per class: each is a power group with its own
 * aggregates per zone and chain unit in the cap solve. */
#define POWER_LEVELS_MAX 64

/* Lognormal with median e^mu and log-sd sigma (>= 0): bin i of k is the
 * quantiles [i/k, (i+1)/k), its conditional mean
 *   E[X | bin i] = k e^(mu + sigma^2/2) [Phi(z_(i+1) - sigma) - Phi(z_i - sigma)],
 * z_i = Phi^-1(i/k). out[k], ascending. */
void power_levels_lognormal(double median_w, double sigma, size_t k, double lo_w, double hi_w,
			    double *out);

/* The sample x[n] (n >= 1, sorted ascending): bin i takes the
 * sorted values between ranks i n/k and (i+1) n/k, a value cut by a bin
 * edge split between the two by its share, so every bin has weight n/k
 * even when k does not divide n (or exceeds it). out[k], ascending. */
void power_levels_empirical(const double *x, size_t n, size_t k, double lo_w, double hi_w,
			    double *out);

/* The lognormal's (median, sigma) from its mean and coefficient of
 * variation: sigma^2 = ln(1 + cv^2), median = mean / e^(sigma^2/2). */
void power_levels_from_mean_cv(double mean, double cv, double *median, double *sigma);

/* The mean of out[k]. */
double power_levels_mean(const double *levels, size_t k);

#endif
