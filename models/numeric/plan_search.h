/*
 * plan_search.h - the search of a plan over a grid of n values of one
 * variable (index 0 .. n-1): the feasible range by bisection, the best
 * point in it (an end of it, or by golden section for a KPI), then a
 * check of the answer's neighbours and of every point evaluated.
 *
 * It assumes each constraint's KPI grows or falls with the variable, so
 * that each constraint holds on one side of a threshold: from the two
 * ends it tells which side (holds above: a wait that falls as the cluster
 * grows; holds below: a peak that grows with it), and the feasible range
 * is from the last threshold of the first kind to the first of the
 * second, each found by bisection. For a KPI objective it assumes one
 * minimum in the feasible range.
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
	/* Does point k (evaluated) meet constraint i? */
	int (*holds)(void *ctx, size_t k, size_t i);
	/* Point k's objective, to be minimised (NaN: no value, the worst);
	 * NULL when the objective is the variable itself. */
	double (*objective)(void *ctx, size_t k);
};

/* A constraint's side, from the two ends. */
enum plan_side {
	PLAN_HOLDS_ALL,      /* at both ends: assumed everywhere */
	PLAN_HOLDS_BELOW,    /* at the bottom, not the top */
	PLAN_HOLDS_ABOVE,    /* at the top, not the bottom */
	PLAN_HOLDS_NOWHERE,  /* at neither: nowhere, if monotone */
};

#define PLAN_SEARCH_MAX_CONSTRAINTS 32

struct plan_search_result {
	int found;              /* answer holds a feasible point */
	size_t answer;
	enum plan_side side[PLAN_SEARCH_MAX_CONSTRAINTS];
	size_t lo, hi;          /* the feasible range found (found only) */
	size_t beyond;          /* the infeasible point next to the answer, on the
				 * side a constraint limits it; NONE when the
				 * answer is a grid bound or the objective's own */
	int warn_feasibility;   /* evaluated points feasible outside lo..hi, or
				 * infeasible inside, or a constraint held at
				 * neither end */
	int warn_objective;     /* the objective has another local best among the
				 * feasible points evaluated */
	size_t n_evidence;      /* those points */
	size_t evidence[PLAN_SEARCH_MAX_EVIDENCE];
};

/*
 * Search the grid 0..n-1 (n >= 2) under n_con constraints (at most
 * PLAN_SEARCH_MAX_CONSTRAINTS). maximise: for a variable objective
 * (ops->objective NULL) the largest feasible point, else the smallest;
 * a KPI objective is always minimised (negate it to maximise). seen[n]
 * is zeroed by the caller and marks the points evaluated. 0, or -1 when
 * eval stopped it.
 */
int plan_search_run(size_t n, size_t n_con, int maximise, const struct plan_search_ops *ops,
		    void *ctx, unsigned char *seen, struct plan_search_result *r);

#endif
