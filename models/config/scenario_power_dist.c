/*
 * scenario_power_dist.c - reading workload.classes[].gpu_power_dist: a
 * class's GPU power as a distribution over its jobs.
 *
 * A lognormal, given by its median or mean (in W or as a share of TDP) and
 * its sigma or coefficient of variation, or an empirical column of
 * per-job GPU power (W or a share of TDP) read through libcsv, each value
 * between the GPU's idle power and TDP (an error names file:line). Either
 * is cut into `levels` equal-probability levels, each its bin's
 * conditional mean (models/workload/power_levels.h), and each job of the
 * class draws one (models/run/world.c). resolved.json gives a lognormal
 * as median_w and sigma whichever way it was written, and an empirical
 * column by the path read.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_sort.h>

#include "power_levels.h"
#include "scenario_int.h"
#include "scenario_table.h"
#include "series_cache.h"
#include "trace_column.h"

/*
 * Levels: 20 by default, bins of 5% of the jobs each: a measured per-job
 * CDF of a few hundred jobs (the size of published per-job power
 * samples) resolves no finer than a few percent, and a bin's mean then
 * stands within half a bin's spread of any quantile inside it. Each level
 * is a power group with its own aggregates per zone and chain unit in the
 * cap solve, so more levels cost capped runs time in proportion (about
 * twice the CPU at 20 levels on the 50 MW campus, docs/power.md); 64 at
 * most.
 */
#define DEFAULT_LEVELS 20

const char *const scenario_power_dist_names[] = { "lognormal", "empirical", NULL };
const char *const scenario_power_dist_units[] = { "W", "fraction", NULL };

static const struct field_variants variants = {
	scenario_power_dist_names, 1, "not used by the ", " distribution",
};

#define LOGN .only = VARIANT(POWER_DIST_LOGNORMAL)
#define EMP .only = VARIANT(POWER_DIST_EMPIRICAL)

static const struct scenario_field power_dist_fields[] = {
	{ FIELD("distribution", FIELD_ENUM, struct power_dist_spec, dist),
	  .flags = FIELD_HAND | FIELD_REQUIRED, .names = scenario_power_dist_names,
	  .doc = "the distribution of per-job GPU power; each takes only its own keys" },
	{ NUM(struct power_dist_spec, median_w), .flags = FIELD_HAND, LOGN, .unit = "W",
	  .dflt_doc = "one of median_w, median_fraction, mean_w, mean_fraction",
	  .doc = "lognormal: the median job's GPU power, from idle to TDP" },
	{ CUSTOM("median_fraction"), .type_doc = "number", .flags = FIELD_NO_EMIT, LOGN,
	  .dflt_doc = "instead of median_w", .doc = "lognormal: the median as a share of TDP" },
	{ CUSTOM("mean_w"), .type_doc = "number", .flags = FIELD_NO_EMIT, LOGN, .unit = "W",
	  .dflt_doc = "instead of median_w", .doc = "lognormal: the mean instead" },
	{ CUSTOM("mean_fraction"), .type_doc = "number", .flags = FIELD_NO_EMIT, LOGN,
	  .dflt_doc = "instead of median_w", .doc = "lognormal: the mean as a share of TDP" },
	{ NUM(struct power_dist_spec, sigma), .flags = FIELD_HAND, LOGN, RANGE(0, 3),
	  .dflt_doc = "sigma or cv is required",
	  .doc = "lognormal: the standard deviation of log power" },
	{ CUSTOM("cv"), .type_doc = "number", .flags = FIELD_NO_EMIT, LOGN, RANGE(0, 20),
	  .dflt_doc = "instead of sigma",
	  .doc = "lognormal: the coefficient of variation (sd / mean); sigma = sqrt(ln(1 + "
		 "cv^2))" },
	{ STRING(struct power_dist_spec, file), .flags = FIELD_HAND | FIELD_REQ_CUSTOM, EMP,
	  .dflt_doc = "required for empirical",
	  .doc = "empirical: a CSV with one row per job, relative to the scenario (resolved.json: "
		 "the path read)" },
	{ STRING(struct power_dist_spec, column), .flags = FIELD_HAND | FIELD_REQ_CUSTOM, EMP,
	  .dflt_doc = "required for empirical",
	  .doc = "empirical: the column of per-job mean GPU power (DCGM / nvidia-smi power.draw "
		 "averaged over each job)" },
	{ FIELD("unit", FIELD_ENUM, struct power_dist_spec, unit), .flags = FIELD_HAND,
	  .names = scenario_power_dist_units, EMP, .dflt_doc = "`W`",
	  .doc = "empirical: the column's unit, W or a share of TDP" },
	{ FIELD("levels", FIELD_INT, struct power_dist_spec, n_levels), .flags = FIELD_HAND,
	  RANGE(1, POWER_LEVELS_MAX), DEFAULT(DEFAULT_LEVELS),
	  .doc = "K: the distribution is cut into K equal-probability levels, each its bin's "
		 "conditional mean (the mean is exact); 20: bins of 5% of the jobs, finer than a "
		 "measured CDF of a few hundred jobs resolves; each level is a power group of the "
		 "cap solve" },
	FIELDS_END,
};

const struct scenario_section scenario_power_dist_section = {
	"workload.classes[].gpu_power_dist",
	"A class's GPU power as a distribution over its jobs: each job draws one of K levels "
	"and holds it while it runs.",
	power_dist_fields, NULL, .streams = NULL,
};

/* The sorted column, as the cache keeps it (shared read-only). */
struct power_sample {
	double *x;
	size_t n;
};

struct sample_read {
	const char *path, *column;
	double lo, hi; /* in the column's unit */
	const char *why;
};

static int parse_sample(void *arg, void **value, struct diag *diag)
{
	const struct sample_read *r = arg;
	struct power_sample *s = calloc(1, sizeof *s);
	if (!s) {
		diag_oom(diag, "%s: out of memory", r->path);
		return -1;
	}
	if (trace_column_read_range(r->path, r->column, r->lo, r->hi, r->why, &s->x, &s->n,
				    diag) != 0) {
		free(s);
		return -1;
	}
	gsl_sort(s->x, 1, s->n);
	*value = s;
	return 0;
}

static void free_sample(void *value)
{
	struct power_sample *s = value;
	free(s->x);
	free(s);
}

/* The column's levels: read (or borrowed from the cache), in W. */
static int empirical_levels(struct jfield *j, const char *p, const struct scenario_files *f,
			    const struct accel_spec *a, struct power_dist_spec *d)
{
	if (scenario_join_path(f->base_dir, d->file, &d->path) != 0)
		return -1;
	double scale = d->unit == 1 ? a->tdp_w : 1.0;
	char why[96];
	snprintf(why, sizeof why, "the GPU's idle power and TDP%s",
		 d->unit == 1 ? ", as shares of TDP" : ", W");
	struct sample_read r = { d->path, d->column, a->idle_w / scale, a->tdp_w / scale, why };
	struct diag inner;
	diag_init(&inner);
	void *v = NULL;
	int rc = f->cache
		? series_cache_get(f->cache, parse_sample, free_sample, &r, &v, &inner,
				   "power %s (%s in %s, %.17g to %.17g)", d->path, d->column,
				   scenario_power_dist_units[d->unit], r.lo, r.hi)
		: parse_sample(&r, &v, &inner);
	char fp[JPATH_MAX];
	jfield_path(fp, p, "file");
	for (size_t i = 0; i < inner.count; i++)
		jfield_error(j, fp, "%s", inner.msgs[i]);
	diag_inherit_oom(j->d, &inner);
	diag_fini(&inner);
	if (rc != 0)
		return -1;
	const struct power_sample *s = v;
	/* the levels in the column's unit, then in W (the sample is shared) */
	power_levels_empirical(s->x, s->n, (size_t)d->n_levels, r.lo, r.hi, d->level_w);
	for (int i = 0; i < d->n_levels; i++)
		d->level_w[i] *= scale;
	if (!f->cache)
		free_sample(v);
	return 0;
}

/* The one key of keys[] present in o (its index), or -1 with an error. */
static int one_of(struct jfield *j, const cJSON *o, const char *p, const char *const *keys,
		  int n, const char *what)
{
	int given = -1, count = 0;
	for (int i = 0; i < n; i++)
		if (cJSON_GetObjectItemCaseSensitive(o, keys[i])) {
			given = i;
			count++;
		}
	if (count == 1)
		return given;
	char kp[JPATH_MAX];
	jfield_path(kp, p, count ? keys[given] : keys[0]);
	jfield_error(j, kp, count ? "give one %s, not several" : "required: %s", what);
	return -1;
}

static int lognormal_params(struct jfield *j, const cJSON *o, const char *p,
			    const struct accel_spec *a, struct power_dist_spec *d)
{
	static const char *const where[] = { "median_w", "median_fraction", "mean_w",
					     "mean_fraction" };
	static const char *const spread[] = { "sigma", "cv" };
	int w = one_of(j, o, p, where, 4, "of median_w, median_fraction, mean_w, mean_fraction");
	int s = one_of(j, o, p, spread, 2, "of sigma, cv");
	if (w < 0 || s < 0)
		return -1;
	double v, sp;
	if (jfield_number(j, o, p, where[w], 1, 0, &v) != 0 ||
	    scenario_table_number(j, o, p, power_dist_fields, spread[s], 1, 0, &sp) != 0)
		return -1;
	double watts = w % 2 ? v * a->tdp_w : v;
	if (!(watts >= a->idle_w && watts <= a->tdp_w)) {
		char kp[JPATH_MAX];
		jfield_path(kp, p, where[w]);
		jfield_error(j, kp, "%g W must lie between the GPU's idle power (%g W) and its TDP "
			     "(%g W), got %g", watts, a->idle_w, a->tdp_w, v);
		return -1;
	}
	if (s == 0)
		d->sigma = sp;
	double median = watts;
	if (w >= 2 || s == 1) { /* through (mean, cv): the other pair follows */
		double cv = s == 1 ? sp : sqrt(expm1(sp * sp));
		double mean = w >= 2 ? watts : watts * exp(log1p(cv * cv) / 2.0);
		power_levels_from_mean_cv(mean, cv, &median, &d->sigma);
	}
	d->median_w = median;
	return 0;
}

int scenario_read_power_dist(struct jfield *j, const cJSON *cls, const char *path,
			     const struct scenario_files *f, const struct accel_spec *a,
			     struct power_dist_spec *d)
{
	const cJSON *o;
	char p[JPATH_MAX];
	jfield_path(p, path, "gpu_power_dist");
	if (jfield_object(j, cls, path, "gpu_power_dist", 1, &o) != 0)
		return -1;
	const struct scenario_field *t = power_dist_fields;
	int rc = scenario_table_check_keys(j, o, p, t);
	scenario_table_defaults(t, d);
	if (scenario_table_read_key(j, o, p, t, "distribution", d, 0) != 0)
		return -1;
	rc |= scenario_table_check_only(j, o, p, t, (int)d->dist, &variants);
	rc |= scenario_table_read_key(j, o, p, t, "levels", d, 0);
	if (d->dist == POWER_DIST_EMPIRICAL) {
		rc |= scenario_table_read_key(j, o, p, t, "file", d, 1);
		rc |= scenario_table_read_key(j, o, p, t, "column", d, 1);
		rc |= scenario_table_read_key(j, o, p, t, "unit", d, 0);
	} else {
		rc |= lognormal_params(j, o, p, a, d);
	}
	if (rc != 0)
		return -1;
	d->level_w = malloc((size_t)d->n_levels * sizeof *d->level_w);
	if (!d->level_w) {
		diag_oom(j->d, "%s: out of memory", p);
		return -1;
	}
	if (d->dist == POWER_DIST_EMPIRICAL) {
		if (empirical_levels(j, p, f, a, d) != 0)
			return -1;
	} else {
		power_levels_lognormal(d->median_w, d->sigma, (size_t)d->n_levels, a->idle_w, a->tdp_w,
				       d->level_w);
	}
	d->mean_w = power_levels_mean(d->level_w, (size_t)d->n_levels);
	return 0;
}

void scenario_free_power_dist(struct power_dist_spec *d)
{
	free(d->file);
	free(d->path);
	free(d->column);
	free(d->level_w);
}
