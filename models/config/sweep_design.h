/*
 * sweep_design.h - the points of a sampling design in the unit cube, for
 * sensitivity studies: a Sobol sequence (GSL's quasi-random generator), a
 * Latin hypercube, Saltelli's radial sample for Sobol indices, or Morris
 * trajectories for elementary effects. The sweep maps them onto each
 * axis: a range scaled, a list of values cut into equal parts.
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

/*
 * Saltelli's sample for first-order and total Sobol indices (Saltelli et
 * al., Comput. Phys. Commun. 181, 2010, sec. 3): two independent n x k
 * matrices A and B, the first n points of the 2k-dimensional Sobol
 * sequence after its first (A its first k coordinates, B the rest; the
 * first point is 1/2 in every coordinate, A = B), and for each factor j
 * the matrix AB_j, A with column j taken from B. Points are grouped by
 * base sample: point i (k + 2) + m is A_i (m = 0), B_i (m = 1) or
 * AB_j,i (m = 2 + j); n (k + 2) points, u[point * k + j]. -1 when 2k
 * passes SWEEP_SOBOL_MAX_DIMS or without memory.
 */
#define SWEEP_SALTELLI_POINTS(n, k) ((n) * ((k) + 2))
int sweep_design_saltelli(size_t n, size_t k, double *u);

/*
 * Morris's one-at-a-time trajectories (Morris, Technometrics 33, 1991;
 * Saltelli et al., Global Sensitivity Analysis: The Primer, 2008, 3.3):
 * on the grid {0, 1/(p-1), ..., 1} of p levels (p even), each of r
 * trajectories starts at a random grid point and moves each factor once,
 * in a random order, by delta = p / (2 (p - 1)): up when that stays in
 * [0, 1], else down. So trajectory t is the k + 1 points t (k + 1) + s,
 * and points s - 1 and s differ in one factor only. Drawn from the stream
 * (seed, 0, RNG_STREAM_SWEEP_MORRIS); u[point * k + j]. -1 without
 * memory or with p odd or below 2.
 */
#define SWEEP_MORRIS_POINTS(r, k) ((r) * ((k) + 1))
int sweep_design_morris(size_t r, size_t k, unsigned levels, uint64_t seed, double *u);

#endif
