/*
 * sweep_design.h - the points of a sampling design in the unit cube, for
 * sensitivity studies: a Sobol sequence (GSL's quasi-random generator) or
 * a Latin hypercube. The sweep scales them into each axis's range.
 */
#ifndef DCSIM_SWEEP_DESIGN_H
#define DCSIM_SWEEP_DESIGN_H

#include <stddef.h>
#include <stdint.h>

/* GSL's Sobol generator handles at most this many dimensions. */
#define SWEEP_SOBOL_MAX_DIMS 40

/* u[i * dims + k], i < n, k < dims: the first n points of GSL's Sobol
 * sequence. -1 if dims is out of range or without memory. */
int sweep_design_sobol(size_t n, size_t dims, double *u);
/* A Latin hypercube: in every dimension each of the n strata [i/n,
 * (i+1)/n) holds exactly one point, placed uniformly within it; strata are
 * paired across dimensions by independent random permutations drawn from
 * the stream (seed, 0, SWEEP_LHS_STREAM). -1 without memory. */
int sweep_design_lhs(size_t n, size_t dims, uint64_t seed, double *u);

#endif
