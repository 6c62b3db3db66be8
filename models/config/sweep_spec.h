/*
 * sweep_spec.h - a sweep file: a base scenario and its axes, expanded into
 * points and replications (runs).
 *
 * Run r is point r / R, replication r % R (R replications). Every run of
 * a sweep has the same master seed; replication k of every point gets the
 * streams of replication k, so two points see the same arrivals (common
 * random numbers, DESIGN.md) and their difference is paired.
 *
 * Designs: cartesian (every combination of the axes' values; axes in a
 * "zip" vary together); sobol (N points of the Sobol sequence) and lhs
 * (a Latin hypercube), scored by regression (SRCs); saltelli (N base
 * samples, N (k + 2) points, for Sobol indices); morris (r trajectories,
 * r (k + 1) points, for elementary effects). In the four sampled designs
 * an axis is a range (from, to) or a list of values, a categorical
 * factor: the unit interval is cut into as many equal parts as values,
 * and the part a point's coordinate falls in picks the value.
 */
#ifndef DCSIM_SWEEP_SPEC_H
#define DCSIM_SWEEP_SPEC_H

#include <stddef.h>
#include <stdint.h>

#include "diag.h"
#include "jfield.h"
#include "scenario.h"

#define SWEEP_MAX_AXES 40
/* Far beyond a useful sweep: validating each point loads it (about 1 ms),
 * so 1e8 points took hours before the first run. */
#define SWEEP_MAX_RUNS 10000000UL
/* Longest value, as JSON text: a whole object fits (a cooling section is
 * a few hundred characters), and a row's buffers stay on the stack. */
#define SWEEP_VALUE_MAX 4000

enum sweep_design_kind { SWEEP_CARTESIAN, SWEEP_SOBOL, SWEEP_LHS, SWEEP_SALTELLI, SWEEP_MORRIS };
/* Morris's grid levels without "levels": 4 (Saltelli et al., The Primer,
 * 2008, 3.3, after Campolongo et al. 2007). */
#define SWEEP_MORRIS_LEVELS 4

struct sweep_axis {
	char path[JPATH_MAX];   /* a scenario field, as --set takes it */
	size_t group;           /* cartesian: axes of one group (a zip) vary together */
	size_t n_values;        /* cartesian, or categorical: its values */
	char **values;          /* each as JSON text */
	int categorical;        /* a sampled design's list of values */
	double from, to;        /* a sampled design's range */
	int integer;            /* ... rounded to a whole number */
};

struct sweep_spec {
	char *source;           /* the sweep file, for messages */
	char *name;
	char *base_text;        /* the base scenario's JSON */
	char *base_source;      /* its file, or "SWEEP:base" when inline */
	char *base_dir;         /* relative paths in it resolve here */
	char *data_dir;
	enum sweep_design_kind design;
	size_t n_axes;
	struct sweep_axis *axes;
	size_t n_groups;
	size_t group_len[SWEEP_MAX_AXES];
	size_t n_points, replications, n_runs;
	double *unit;           /* sampled designs: n_points x n_axes in [0, 1] */
	size_t n_base;          /* saltelli: base samples; morris: trajectories */
	unsigned levels;        /* morris: grid levels */
	uint64_t design_seed;   /* lhs, morris; saltelli's bootstrap */
	int has_seed;           /* "seed" overrides the base scenario's */
	uint64_t seed;
	size_t n_keep;          /* runs that write their time series and job log */
	size_t *keep;
};

/* Is path a sweep file (a JSON object with "axes")? 0 for anything else,
 * including files that do not parse: the scenario loader reports those. */
int sweep_spec_is_sweep(const char *path);
/* Read and check a sweep file (not yet its points: see sweep_spec_load_run). */
int sweep_spec_load_file(const char *path, const char *data_dir, struct sweep_spec *sw,
			 struct diag *d);
void sweep_spec_fini(struct sweep_spec *sw);

/* Axis a's value at point p as JSON text, into buf. */
void sweep_spec_value(const struct sweep_spec *sw, size_t p, size_t a, char *buf, size_t n);
/* Axis a's coordinate at point p in [0, 1]: sampled designs only. */
double sweep_spec_unit(const struct sweep_spec *sw, size_t p, size_t a);
/* The scenario of run r (its point's values set, its replication), its
 * files borrowed from cache (NULL: read and owned). */
int sweep_spec_load_run(const struct sweep_spec *sw, size_t r, struct series_cache *cache,
			struct scenario *sc, struct diag *d);
/* Is run r one whose full outputs are kept? */
int sweep_spec_keeps(const struct sweep_spec *sw, size_t r);
/* The resolved sweep as JSON (sweep.json): design, axes with every value
 * or range, points, replications, seeds, and the resolved base scenario
 * base_json (a scenario_to_json text). Caller frees; NULL without memory. */
char *sweep_spec_to_json(const struct sweep_spec *sw, const char *base_json);
const char *sweep_spec_design_name(enum sweep_design_kind k);
/* Does the design sample the unit cube (every design but cartesian)? */
int sweep_spec_sampled(const struct sweep_spec *sw);

#endif
