/*
 * plan_search.h - the search of a plan over a grid of n values of one
 * variable (index 0 .. n-1): the feasible range by bisection, the best
 * point in it (an end of it, or by golden section for a KPI), then a
 * check of the answer's neighbours and of every point evaluated.
 *
 * It assumes feasibility changes at most once across the grid (a KPI
 * that grows or falls with the variable against a limit), and for a KPI
 * objective that the objective has one minimum in the feasible range.
 * Where the points it evaluated contradict that, it says so (warn_*) and
 * lists them (evidence): the answer is then the best point evaluated,
 * not a proven optimum.
 *
 * Points are evaluated in batches through ops->eval, one batch per step
 * of the search, so the points evaluated and their order depend only on
 * the results, never on how many threads evaluate a batch.
 */
#ifndef DCSIM_PLAN_SEARCH_H
#define DCSIM_PLAN_SEARCH_H

#include <stddef.h>

#define PLAN_SEARCH_NONE ((size_t)-1)
#define PLAN_SEARCH_MAX_EVIDENCE 16

struct plan_search_ops {
	/* Evaluate the grid points ks[0..n) (none evaluated before): 0, or -1
	 * to stop the search (a run failed, or the user interrupted). */
	int (*eval)(void *ctx, const size_t *ks, size_t n);
	/* Does point k (evaluated) meet every constraint? */
	int (*feasible)(void *ctx, size_t k);
	/* Point k's objective, to be minimised (NaN: no value, the worst);
	 * NULL when the objective is the variable itself. */
	double (*objective)(void *ctx, size_t k);
};

enum plan_shape {
	PLAN_FEASIBLE_ALL,   /* both ends feasible: the whole grid, assumed */
	PLAN_FEASIBLE_BELOW, /* feasible from 0 up to a boundary */
	PLAN_FEASIBLE_ABOVE, /* feasible from a boundary up to n-1 */
	PLAN_FEASIBLE_NONE,  /* neither end feasible */
};

struct plan_search_result {
	int found;              /* answer holds a feasible point */
	size_t answer;
	enum plan_shape shape;
	size_t lo, hi;          /* the feasible range found (found only) */
	size_t beyond;          /* the infeasible point next to the answer, on the
				 * side a constraint limits it; NONE when the
				 * answer is a grid bound or the objective's own */
	int warn_feasibility;   /* evaluated points feasible outside lo..hi, or
				 * infeasible inside */
	int warn_objective;     /* the objective has another local best among the
				 * feasible points evaluated */
	size_t n_evidence;      /* those points */
	size_t evidence[PLAN_SEARCH_MAX_EVIDENCE];
};

/*
 * Search the grid 0..n-1 (n >= 2). maximise: for a variable objective
 * (ops->objective NULL) the largest feasible point, else the smallest;
 * a KPI objective is always minimised (negate it to maximise). seen[n]
 * is zeroed by the caller and marks the points evaluated. 0, or -1 when
 * eval stopped it.
 */
int plan_search_run(size_t n, int maximise, const struct plan_search_ops *ops, void *ctx,
		    unsigned char *seen, struct plan_search_result *r);

#endif
