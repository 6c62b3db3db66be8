/*
 * plan_output.h - a plan's points judged against its constraints, and
 * its files: plan.csv (every point evaluated, in grid order) and the
 * one-screen summary (stdout and plan.txt).
 *
 * A point's KPIs are the mean, sd and 95% interval of its replications
 * (sweep_stats). A constraint "KPI <= L" is tested on the upper end of
 * the interval (holds "ci95"; with one replication, the value) or on the
 * largest replication (holds "every"); "KPI >= L" on the lower end or the
 * smallest. A KPI with no value (NaN) fails its constraint: it cannot be
 * shown to hold. The margin is (L - tested) / |L| (tested - L for >=),
 * the absolute slack when L is 0.
 */
#ifndef DCSIM_PLAN_OUTPUT_H
#define DCSIM_PLAN_OUTPUT_H

#include <stdio.h>

#include "diag.h"
#include "plan_search.h"
#include "plan_spec.h"
#include "sweep_output.h"

struct plan_point {
	size_t k;               /* its grid index */
	size_t step;            /* the search step that evaluated it, from 1 */
	double *mean, *sd, *ci; /* per column of the sweep's rows (NaN: not a KPI) */
	double tested[PLAN_MAX_CONSTRAINTS];
	double margin[PLAN_MAX_CONSTRAINTS];
	int holds[PLAN_MAX_CONSTRAINTS];
	int feasible;
};

struct plan_book {
	const struct plan_spec *p;
	const struct sweep_columns *c;
	size_t con_col[PLAN_MAX_CONSTRAINTS]; /* each constraint's column */
	size_t obj_col;                       /* the objective's (a KPI) */
	size_t *slot;                         /* grid index -> pts index, or NONE */
	struct plan_point *pts;               /* the points evaluated, in order */
	size_t n_pts, cap;
};

/* Columns from names (checked by plan_spec_check_kpi). -1 without memory. */
int plan_book_init(struct plan_book *b, const struct plan_spec *p,
		   const struct sweep_columns *c);
void plan_book_fini(struct plan_book *b);
/* Point k from its replications' values (reps[i * c->n + col]), in step. */
int plan_book_add(struct plan_book *b, size_t k, const double *reps, size_t step);
/* The point at grid index k, or NULL when not evaluated. */
const struct plan_point *plan_book_point(const struct plan_book *b, size_t k);
/* The objective to minimise at k (the KPI's mean, negated to maximise). */
double plan_book_objective(const struct plan_book *b, size_t k);

/* plan.csv into dir. */
int plan_output_csv(const char *dir, const struct plan_book *b,
		    const struct plan_search_result *r, struct diag *d);
/* The summary: the answer, the binding constraint, the margin to the
 * next, warnings with their evidence, the files. */
void plan_output_summary(FILE *f, const struct plan_book *b, const struct plan_search_result *r,
			 const char *dir);
/* The same into dir/plan.txt (the report shows it). */
int plan_output_summary_file(const char *dir, const struct plan_book *b,
			     const struct plan_search_result *r, struct diag *d);

#endif
