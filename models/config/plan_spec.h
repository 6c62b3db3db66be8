/*
 * plan_spec.h - a plan file: a base scenario, one decision variable on a
 * grid (from, to, step), constraints on KPIs, an objective, replications
 * and the rule for when a constraint holds.
 *
 * The variable's grid is held as a one-axis cartesian sweep (sw) whose
 * point k is the value from + k x step: a plan is a sweep of which the
 * search runs only the points it needs. So its runs go through the sweep
 * machinery as they are (OpenMP, MPI, the journal and --resume), and run
 * k x R + i is point k's replication i, with the streams of replication i
 * at every point (common random numbers).
 *
 *   { "name": "...", "description": "...",
 *     "base": "scenario.json" | { ...scenario... }, "seed": S,
 *     "variable": { "path": "cluster.racks", "type": "integer",
 *                   "from": 8, "to": 400, "step": 1 },
 *     "constraints": [ "facility_peak_kw <= 40000", "wait_p95_s <= 14400" ],
 *     "objective": "maximise variable" | "minimise pue",
 *     "replications": 3, "holds": "ci95" | "every" }
 */
#ifndef DCSIM_PLAN_SPEC_H
#define DCSIM_PLAN_SPEC_H

#include <stddef.h>

#include "diag.h"
#include "sweep_spec.h"

#define PLAN_MAX_CONSTRAINTS 32
/* The variable's grid: as many values as a sweep range may have. */
#define PLAN_MAX_GRID 1000000

enum plan_type { PLAN_INTEGER, PLAN_REAL };
enum plan_goal { PLAN_MAXIMISE, PLAN_MINIMISE };
/* When a constraint holds at a point: the end of the 95% interval of the
 * replications' mean on the far side of the limit is within it (with one
 * replication, the value itself), or every replication is. */
enum plan_holds { PLAN_HOLDS_CI95, PLAN_HOLDS_EVERY };

/* "KPI <= LIMIT" or "KPI >= LIMIT"; a monthly one is "max|min|mean
 * monthly_COLUMN <= LIMIT", over the months of monthly.csv. */
enum plan_monthly { PLAN_NOT_MONTHLY, PLAN_MONTHLY_MAX, PLAN_MONTHLY_MIN, PLAN_MONTHLY_MEAN };

struct plan_constraint {
	char text[JPATH_MAX];   /* as written, for messages and plan.csv */
	char kpi[JPATH_MAX];    /* the summary.csv column; a monthly one's
				 * "max_monthly_COLUMN", a column of the plan's rows */
	int ge;                 /* 0: KPI <= limit; 1: KPI >= limit */
	double limit;
	enum plan_monthly monthly;
	char month_column[JPATH_MAX]; /* monthly: the monthly.csv column */
};

struct plan_variable {
	char path[JPATH_MAX];
	enum plan_type type;
	double from, to, step;
};

struct plan_spec {
	struct sweep_spec sw;   /* base, seed, replications; axis 0 is the grid */
	char *name, *description;
	struct plan_variable var;
	size_t n_grid;
	size_t n_constraints;
	struct plan_constraint constraints[PLAN_MAX_CONSTRAINTS];
	enum plan_goal goal;
	char objective[JPATH_MAX]; /* a KPI, or "" for the variable itself */
	enum plan_holds holds;
	int replications;          /* the table's int; also sw.replications */
};

/* Is path a plan file (a JSON object with "variable")? 0 for anything
 * else, including files that do not parse. */
int plan_spec_is_plan(const char *path);
/* Read and check a plan file; its KPI names are checked by the caller,
 * which knows the columns (plan_spec_check_kpi). */
int plan_spec_load_file(const char *path, const char *data_dir, struct plan_spec *p,
			struct diag *d);
void plan_spec_fini(struct plan_spec *p);
/* Is name one of columns (n)? Else an error at the JSON path of
 * constraint i (or the objective, i = -1), with a "did you mean". */
int plan_spec_check_kpi(const struct plan_spec *p, int i, const char *const *columns,
			size_t n, struct diag *d);
/* The grid value k as a number. */
double plan_spec_value(const struct plan_spec *p, size_t k);
/* The resolved plan as JSON (plan.json), with the resolved base scenario
 * base_json. Caller frees; NULL without memory. */
char *plan_spec_to_json(const struct plan_spec *p, const char *base_json);
const char *plan_holds_name(enum plan_holds h);

#endif
