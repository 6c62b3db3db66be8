/*
 * scenario_workload.c - reading workload.classes[] of a scenario.
 *
 * Each class: its arrival process, GPU-count distribution, duration
 * distribution and utilization. A duration key that the chosen distribution
 * does not use is an error, not ignored, so "mean_h" on a lognormal (which
 * takes median_h and sigma) cannot silently mean something else. Every
 * key is a descriptor row (scenario_table.h); the rates, times, sizes and
 * the trace are arrays or files, read here.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scenario_int.h"
#include "scenario_table.h"
#include "trace_column.h"
#include "workload.h"

#define MAX_CLASSES 256
/* A job longer than a century never ends in any run dcsim can hold (runs
 * are at most ten years); 1e308 h would overflow the clock's ticks. */
#define MAX_JOB_H 876000.0
#define MAX_SIZES 4096

static const char *const units[] = { "s", "min", "h", NULL };

/* A key the process or distribution does not read is an error, not
 * ignored: "mean_h" on a lognormal cannot silently mean something else. */
static const struct field_variants processes = {
	scenario_arrival_names, 1, "not used by the ", " process",
};
static const struct field_variants distributions = {
	scenario_duration_names, 1, "not used by the ", " distribution",
};

static const struct scenario_field arrival_fields[] = {
	{ ENUM(struct arrival_spec, process), .names = scenario_arrival_names,
	  DEFAULT(ARRIVAL_POISSON),
	  .doc = "poisson: a constant rate; poisson_hourly: a rate by hour of the day; list: "
		 "given submit times" },
	{ CUSTOM("rate_per_h"), .type_doc = "number or 24 numbers", RANGE(0, 1e9), .unit = "1/h",
	  .only = VARIANT(ARRIVAL_POISSON) | VARIANT(ARRIVAL_POISSON_HOURLY),
	  .dflt_doc = "required for the poisson processes",
	  .doc = "poisson: the rate; poisson_hourly: 24 rates, hour 0-23 from the run's start" },
	{ CUSTOM("times_h"), .type_doc = "array of numbers", RANGE(0, 1e6), .unit = "h",
	  .only = VARIANT(ARRIVAL_LIST),
	  .dflt_doc = "required for list", .doc = "list: submit times, not decreasing" },
	FIELDS_END,
};

const struct scenario_section scenario_arrival_section = {
	"workload.classes[].arrival", "How the class's jobs arrive.", arrival_fields, NULL, .streams = NULL,
};

static const struct scenario_field sizes_fields[] = {
	{ CUSTOM("sizes"), .type_doc = "array of integers", .flags = FIELD_REQUIRED,
	  RANGE(1, 1e8), .doc = "1 to 4096 GPU counts" },
	{ CUSTOM("weights"), .type_doc = "array of numbers", .dflt_doc = "all 1",
	  .doc = "relative frequency of each size, >= 0, not all 0" },
	FIELDS_END,
};

static const struct scenario_section sizes_section = {
	"workload.classes[].gpus", "GPUs per job: a whole number, or sizes drawn by weight.",
	sizes_fields, NULL, .streams = NULL,
};

#define BY(d, name)                                                                      \
	.flags = FIELD_HAND | FIELD_REQ_CUSTOM, .only = VARIANT(d), .dflt_doc = "required for " name

static const struct scenario_field duration_fields[] = {
	{ FIELD("distribution", FIELD_ENUM, struct duration_spec, dist),
	  .flags = FIELD_HAND | FIELD_REQUIRED, .names = scenario_duration_names,
	  .doc = "the distribution of run times; each takes only its own keys" },
	{ NUM(struct duration_spec, value_h), BY(DURATION_CONSTANT, "constant"),
	  RANGE(0, MAX_JOB_H), .lo_open = 1,
	  .unit = "h", .doc = "constant: every job's run time" },
	{ NUM(struct duration_spec, mean_h), BY(DURATION_EXPONENTIAL, "exponential"), RANGE(0, MAX_JOB_H),
	  .lo_open = 1, .unit = "h", .doc = "exponential: the mean" },
	{ NUM(struct duration_spec, median_h), BY(DURATION_LOGNORMAL, "lognormal"), RANGE(0, MAX_JOB_H),
	  .lo_open = 1, .unit = "h", .doc = "lognormal: the median" },
	{ NUM(struct duration_spec, sigma), BY(DURATION_LOGNORMAL, "lognormal"), RANGE(0, 10),
	  .doc = "lognormal: the standard deviation of the log run time" },
	{ STRING(struct duration_spec, file), BY(DURATION_EMPIRICAL, "empirical"),
	  .doc = "empirical: a CSV of run times, relative to the scenario (resolved.json: the "
		 "path read)" },
	{ STRING(struct duration_spec, column), BY(DURATION_EMPIRICAL, "empirical"),
	  .doc = "empirical: the column of run times" },
	{ .key = "unit", .type = FIELD_ENUM, .flags = FIELD_HAND, .names = units,
	  .only = VARIANT(DURATION_EMPIRICAL),
	  .dflt_doc = "`s`",
	  .doc = "empirical: the column's unit" },
	{ NUM(struct duration_spec, max_h), .flags = FIELD_HAND | FIELD_IF_POSITIVE,
	  RANGE(0, MAX_JOB_H), .unit = "h", .dflt_doc = "none",
	  .doc = "longer draws are clipped to it; 0 means none" },
	FIELDS_END,
};

const struct scenario_section scenario_duration_section = {
	"workload.classes[].duration", "How long each job runs.", duration_fields, NULL, .streams = NULL,
};

static const struct scenario_field defer_fields[] = {
	{ NUM(struct deferral_spec, slack_h), .flags = FIELD_REQUIRED, RANGE(0, 1e5),
	  .lo_open = 1, .unit = "h", .doc = "how long after arrival a job may be held" },
	{ ENUM(struct deferral_spec, signal), .names = scenario_defer_signal_names,
	  DEFAULT(DEFER_CARBON), .doc = "the forecast it follows: grid.carbon or grid.price, "
					"which must be given" },
	{ NUM(struct deferral_spec, forecast_error), RANGE(0, 10), DEFAULT(0),
	  .doc = "sd of the forecast's relative error per hour; 0 = perfect" },
	FIELDS_END,
};

const struct scenario_section scenario_defer_section = {
	"workload.classes[].deferrable",
	"A class whose starts may wait for the hours of lowest forecast carbon or price.",
	defer_fields, NULL, .streams = NULL,
};

static const struct scenario_field class_fields[] = {
	{ STRING(struct job_class_spec, name), .flags = FIELD_HAND | FIELD_REQUIRED,
	  .doc = "unique, not empty: names the class in outputs" },
	{ OBJECT("arrival", struct job_class_spec, arrival), .flags = FIELD_REQUIRED,
	  .sub = &scenario_arrival_section,
	  .doc = "the arrival process" },
	{ CUSTOM("gpus"), .type_doc = "integer or object", .flags = FIELD_REQUIRED,
	  .sub = &sizes_section, RANGE(1, 1e8), .doc = "GPUs per job" },
	{ OBJECT("duration", struct job_class_spec, duration), .flags = FIELD_REQUIRED,
	  .sub = &scenario_duration_section,
	  .doc = "run times" },
	{ NUM(struct job_class_spec, utilization), .flags = FIELD_REQUIRED, RANGE(0, 1),
	  .doc = "GPU utilization while running" },
	{ NUM(struct job_class_spec, gpu_cap_w), .flags = FIELD_HAND | FIELD_IF_POSITIVE,
	  .unit = "W", .dflt_doc = "none", .doc = "per-GPU cap for its jobs, above idle and at "
						  "most TDP" },
	{ CUSTOM("gpu_cap_fraction"), .type_doc = "number", .flags = FIELD_NO_EMIT,
	  .dflt_doc = "none", .doc = "the cap as a share of TDP instead (not both)" },
	{ BOOLEAN(struct job_class_spec, preemptible), DEFAULT(0),
	  .doc = "the grid's preempt policy may stop its jobs" },
	{ NUM(struct job_class_spec, checkpoint_interval_h), RANGE(0, 1e6), DEFAULT(0),
	  .unit = "h", .doc = "work is saved this often (a preempted job loses the rest); "
			      "0 = never" },
	{ OBJECT("deferrable", struct job_class_spec, defer), .sub = &scenario_defer_section,
	  .dflt_doc = "not deferrable",
	  .doc = "starts may be held for cleaner or cheaper hours" },
	FIELDS_END,
};

/* A class's arrivals, sizes and durations (models/workload/workload.c). */
static int class_streams(const void *base, size_t index, const struct scenario *sc,
			 stream_add add, void *ctx)
{
	(void)sc;
	const struct job_class_spec *c = base;
	int rc = 0;
	for (int k = 0; k < WORKLOAD_STREAMS_PER_CLASS && rc == 0; k++)
		rc = add(ctx, "class", c->name, workload_stream_name((enum workload_stream)k),
			 workload_stream_id(index, (enum workload_stream)k));
	return rc;
}

const struct scenario_section scenario_class_section = {
	"workload.classes[]", "A class of jobs.", class_fields, NULL, .streams = class_streams,
};

static const struct scenario_field workload_fields[] = {
	{ LIST("classes", struct scenario, classes, n_classes), .sub = &scenario_class_section,
	  .dflt_doc = "none (a warning: an idle facility)",
	  .doc = "at most 256 classes, each with its own random streams" },
	{ LIST("services", struct scenario, services, n_services), .flags = FIELD_OMIT_EMPTY,
	  .sub = &scenario_service_section, .dflt_doc = "none",
	  .doc = "inference services: replicas of a model serving requests (docs/inference.md)" },
	FIELDS_END,
};

/* Deferral's forecast errors, one stream for every deferrable class, when
 * any has a forecast error (models/run/world_defer.c). */
static int workload_streams(const void *base, size_t index, const struct scenario *sc,
			    stream_add add, void *ctx)
{
	(void)base;
	(void)index;
	double sd = 0;
	for (size_t k = 0; k < sc->n_classes; k++)
		sd = fmax(sd, sc->classes[k].defer.forecast_error);
	if (!scenario_any_deferrable(sc) || !(sd > 0))
		return 0;
	return add(ctx, "deferral", "forecast", "errors", RNG_STREAM_FORECAST);
}

const struct scenario_section scenario_workload_section = {
	"workload", "The jobs.", workload_fields, NULL, .streams = workload_streams,
};

static int read_times(struct jfield *j, const cJSON *o, const char *p,
		      struct arrival_spec *a)
{
	char tp[JPATH_MAX];
	jfield_path(tp, p, "times_h");
	const cJSON *arr = cJSON_GetObjectItemCaseSensitive(o, "times_h");
	if (!arr || !cJSON_IsArray(arr) || cJSON_GetArraySize(arr) < 1) {
		jfield_error(j, tp, "the list process needs a non-empty array of submit times");
		return -1;
	}
	a->n_times = (size_t)cJSON_GetArraySize(arr);
	a->times_h = calloc(a->n_times, sizeof *a->times_h);
	if (!a->times_h)
		return -1;
	size_t i = 0;
	int rc = 0;
	for (const cJSON *v = arr->child; v; v = v->next, i++) {
		char ip[JPATH_MAX];
		jfield_index(ip, tp, (int)i);
		if (!cJSON_IsNumber(v) || !(v->valuedouble >= 0 && v->valuedouble <= 1e6)) {
			jfield_error(j, ip, "must be a time in [0, 1e6] hours");
			rc = -1;
		} else if (i > 0 && v->valuedouble < a->times_h[i - 1]) {
			jfield_error(j, ip, "times must not decrease (%g after %g)", v->valuedouble,
				     a->times_h[i - 1]);
			rc = -1;
		} else {
			a->times_h[i] = v->valuedouble;
		}
	}
	return rc;
}

static int read_arrival(struct jfield *j, const cJSON *cls, const char *path,
			struct arrival_spec *a)
{
	const cJSON *o;
	char p[JPATH_MAX];
	jfield_path(p, path, "arrival");
	if (jfield_object(j, cls, path, "arrival", 1, &o) != 0)
		return -1;
	int rc = scenario_table_check_keys(j, o, p, arrival_fields);
	scenario_table_defaults(arrival_fields, a);
	if (scenario_table_read(j, o, p, arrival_fields, a, 0) != 0)
		return -1;
	const int proc = (int)a->process;
	if (scenario_table_check_only(j, o, p, arrival_fields, proc, &processes) != 0)
		return -1;
	if (a->process == ARRIVAL_LIST)
		return rc | read_times(j, o, p, a);
	if (a->process == ARRIVAL_POISSON) {
		if (scenario_table_number(j, o, p, arrival_fields, "rate_per_h", 1, 0,
					  &a->rate_per_h) != 0)
			return -1;
		for (int h = 0; h < 24; h++)
			a->hourly_rate_per_h[h] = a->rate_per_h;
		return rc;
	}
	char rp[JPATH_MAX];
	jfield_path(rp, p, "rate_per_h");
	const cJSON *arr = cJSON_GetObjectItemCaseSensitive(o, "rate_per_h");
	if (!arr || !cJSON_IsArray(arr) || cJSON_GetArraySize(arr) != 24) {
		jfield_error(j, rp, "poisson_hourly needs an array of 24 rates (hour 0-23)");
		return -1;
	}
	double sum = 0;
	for (int h = 0; h < 24; h++) {
		const cJSON *v = cJSON_GetArrayItem(arr, h);
		char ip[JPATH_MAX];
		jfield_index(ip, rp, h);
		if (!cJSON_IsNumber(v) || !isfinite(v->valuedouble) || v->valuedouble < 0 ||
		    v->valuedouble > 1e9) {
			jfield_error(j, ip, "must be a finite rate >= 0");
			rc = -1;
			continue;
		}
		a->hourly_rate_per_h[h] = v->valuedouble;
		sum += v->valuedouble;
	}
	a->rate_per_h = sum / 24.0;
	return rc;
}

static int read_sizes(struct jfield *j, const cJSON *cls, const char *path,
		      struct size_spec *s)
{
	char p[JPATH_MAX];
	jfield_path(p, path, "gpus");
	const cJSON *g = cJSON_GetObjectItemCaseSensitive(cls, "gpus");
	if (!g) {
		jfield_error(j, p, "required: a GPU count or {\"sizes\": [...], \"weights\": [...]}");
		return -1;
	}
	if (cJSON_IsNumber(g)) {
		long v;
		if (jfield_int(j, cls, path, "gpus", 1, 1, 1, 100000000L, &v) != 0)
			return -1;
		s->count = 1;
		s->gpus = malloc(sizeof *s->gpus);
		s->weights = malloc(sizeof *s->weights);
		if (!s->gpus || !s->weights)
			return -1;
		s->gpus[0] = (int)v;
		s->weights[0] = 1.0;
		return 0;
	}
	if (!cJSON_IsObject(g)) {
		jfield_error(j, p, "must be a whole number or an object, got %s",
			     jfield_type_name(g));
		return -1;
	}
	int rc = scenario_table_check_keys(j, g, p, sizes_fields);
	char sp[JPATH_MAX], wp[JPATH_MAX];
	jfield_path(sp, p, "sizes");
	jfield_path(wp, p, "weights");
	const cJSON *sz = cJSON_GetObjectItemCaseSensitive(g, "sizes");
	const cJSON *wt = cJSON_GetObjectItemCaseSensitive(g, "weights");
	int n = cJSON_IsArray(sz) ? cJSON_GetArraySize(sz) : 0;
	if (n < 1 || n > MAX_SIZES) {
		jfield_error(j, sp, "must be an array of 1 to %d GPU counts", MAX_SIZES);
		return -1;
	}
	if (wt && (!cJSON_IsArray(wt) || cJSON_GetArraySize(wt) != n)) {
		jfield_error(j, wp, "must be an array of %d weights, one per size", n);
		return -1;
	}
	s->count = (size_t)n;
	s->gpus = calloc((size_t)n, sizeof *s->gpus);
	s->weights = calloc((size_t)n, sizeof *s->weights);
	if (!s->gpus || !s->weights)
		return -1;
	double wsum = 0;
	for (int i = 0; i < n; i++) {
		char ip[JPATH_MAX];
		const cJSON *v = cJSON_GetArrayItem(sz, i);
		jfield_index(ip, sp, i);
		if (!cJSON_IsNumber(v) || v->valuedouble != floor(v->valuedouble) ||
		    v->valuedouble < 1 || v->valuedouble > 1e8) {
			jfield_error(j, ip, "must be a whole number of GPUs >= 1");
			rc = -1;
		} else {
			s->gpus[i] = (int)v->valuedouble;
		}
		s->weights[i] = 1.0;
		if (!wt)
			continue;
		v = cJSON_GetArrayItem(wt, i);
		jfield_index(ip, wp, i);
		if (!cJSON_IsNumber(v) || !isfinite(v->valuedouble) || v->valuedouble < 0) {
			jfield_error(j, ip, "must be a finite weight >= 0");
			rc = -1;
		} else {
			s->weights[i] = v->valuedouble;
		}
	}
	for (int i = 0; i < n; i++)
		wsum += s->weights[i];
	if (rc == 0 && !(wsum > 0)) {
		jfield_error(j, wp, "weights must not all be zero");
		rc = -1;
	} else if (rc == 0 && !isfinite(wsum)) { /* each probability would be w/inf = 0 */
		jfield_error(j, wp, "weights must have a finite sum (scale them down)");
		rc = -1;
	}
	return rc;
}

int scenario_join_path(const char *base_dir, const char *file, char **out)
{
	size_t n = strlen(base_dir) + strlen(file) + 2;
	*out = malloc(n);
	if (!*out)
		return -1;
	if (file[0] == '/' || !base_dir[0])
		snprintf(*out, n, "%s", file);
	else
		snprintf(*out, n, "%s/%s", base_dir, file);
	return 0;
}

/* Read d's column into hours (samples_h, n_samples, mean_h); unit is in
 * d->unit. */
static int read_samples(struct duration_spec *d, struct diag *diag)
{
	static const double per_h[] = { 3600.0, 60.0, 1.0 }; /* of units[] */
	size_t u = 0;
	while (u < 2 && strcmp(d->unit, units[u]) != 0)
		u++;
	if (trace_column_read(d->path, d->column, 1, &d->samples_h, &d->n_samples, diag) != 0)
		return -1;
	double sum = 0;
	for (size_t i = 0; i < d->n_samples; i++) {
		d->samples_h[i] /= per_h[u];
		sum += d->samples_h[i];
	}
	d->mean_h = sum / (double)d->n_samples;
	return 0;
}

/* For the cache: a heap duration_spec holding only the parsed samples. */
static int parse_samples(void *arg, void **value, struct diag *diag)
{
	const struct duration_spec *spec = arg;
	struct duration_spec *d = calloc(1, sizeof *d);
	if (!d) {
		diag_oom(diag, "%s: out of memory", spec->path);
		return -1;
	}
	d->path = spec->path; /* borrowed for the read, cleared before storing */
	d->column = spec->column;
	d->unit = spec->unit;
	int rc = read_samples(d, diag);
	d->path = d->column = d->unit = NULL;
	if (rc != 0) {
		free(d);
		return -1;
	}
	*value = d;
	return 0;
}

static void free_parsed(void *value)
{
	struct duration_spec *d = value;
	free(d->samples_h);
	free(d);
}

/* Read the samples, or borrow them from the cache. */
static int load_samples(struct duration_spec *d, struct series_cache *cache, struct diag *diag)
{
	if (!cache)
		return read_samples(d, diag);
	void *v;
	if (series_cache_get(cache, parse_samples, free_parsed, d, &v, diag, "trace %s (%s in %s)",
			     d->path, d->column, d->unit) != 0)
		return -1;
	const struct duration_spec *p = v;
	d->samples_h = p->samples_h;
	d->n_samples = p->n_samples;
	d->mean_h = p->mean_h;
	d->samples_shared = 1;
	return 0;
}

static int read_empirical(struct jfield *j, const cJSON *o, const char *p,
			  const struct scenario_files *f, struct duration_spec *d)
{
	int u;
	int rc = scenario_table_read_key(j, o, p, duration_fields, "file", d, 1);
	rc |= scenario_table_read_key(j, o, p, duration_fields, "column", d, 1);
	rc |= jfield_enum(j, o, p, "unit", 0, 0, units, &u);
	if (rc != 0)
		return -1;
	d->unit = strdup(units[u]);
	if (!d->unit || scenario_join_path(f->base_dir, d->file, &d->path) != 0)
		return -1;
	char fp[JPATH_MAX];
	jfield_path(fp, p, "file");
	struct diag inner;
	diag_init(&inner);
	rc = load_samples(d, f->cache, &inner);
	for (size_t i = 0; i < inner.count; i++)
		jfield_error(j, fp, "%s", inner.msgs[i]);
	diag_inherit_oom(j->d, &inner);
	diag_fini(&inner);
	return rc;
}

static int read_duration(struct jfield *j, const cJSON *cls, const char *path,
			 const struct scenario_files *f, struct duration_spec *d)
{
	const cJSON *o;
	char p[JPATH_MAX];
	jfield_path(p, path, "duration");
	if (jfield_object(j, cls, path, "duration", 1, &o) != 0)
		return -1;
	int rc = scenario_table_check_keys(j, o, p, duration_fields);
	if (scenario_table_read_key(j, o, p, duration_fields, "distribution", d, 0) != 0)
		return -1;
	const int dist = (int)d->dist;
	rc |= scenario_table_check_only(j, o, p, duration_fields, dist, &distributions);
	rc |= scenario_table_read_key(j, o, p, duration_fields, "max_h", d, 0);
	switch (d->dist) {
	case DURATION_CONSTANT:
		if (scenario_table_read_key(j, o, p, duration_fields, "value_h", d, 1) != 0)
			return -1;
		d->mean_h = d->value_h;
		break;
	case DURATION_EXPONENTIAL:
		if (scenario_table_read_key(j, o, p, duration_fields, "mean_h", d, 1) != 0)
			return -1;
		break;
	case DURATION_LOGNORMAL:
		if (scenario_table_read_key(j, o, p, duration_fields, "median_h", d, 1) != 0 ||
		    scenario_table_read_key(j, o, p, duration_fields, "sigma", d, 1) != 0)
			return -1;
		d->mean_h = d->median_h * exp(d->sigma * d->sigma / 2.0);
		break;
	case DURATION_EMPIRICAL:
		if (read_empirical(j, o, p, f, d) != 0)
			return -1;
		break;
	}
	return rc;
}

/* "deferrable": {"slack_h": 12, "signal": "carbon", "forecast_error": 0.1}.
 * The signal must be in the grid section: it is the forecast. */
static int read_deferral(struct jfield *j, const cJSON *cls, const char *path,
			 const struct grid_spec *grid, struct job_class_spec *c)
{
	const cJSON *o;
	char p[JPATH_MAX];
	jfield_path(p, path, "deferrable");
	if (jfield_object(j, cls, path, "deferrable", 0, &o) != 0)
		return -1;
	if (!o)
		return 0;
	scenario_table_defaults(defer_fields, &c->defer);
	int rc = scenario_table_check_keys(j, o, p, defer_fields);
	rc |= scenario_table_read(j, o, p, defer_fields, &c->defer, 0);
	if (rc != 0)
		return -1;
	c->defer.on = 1;
	const int signal = (int)c->defer.signal;
	const struct grid_signal *s = signal == DEFER_CARBON ? &grid->carbon : &grid->price;
	if (s->source == GRID_SIGNAL_NONE) {
		char q[JPATH_MAX];
		jfield_path(q, p, "signal");
		jfield_error(j, q, "deferring by %s needs grid.%s (the forecast it follows)",
			     scenario_defer_signal_names[signal], scenario_defer_signal_names[signal]);
		return -1;
	}
	return 0;
}

static int read_class(struct jfield *j, const cJSON *cls, const char *path,
		      const struct scenario_files *f, const struct accel_spec *accel,
		      const struct grid_spec *grid, struct job_class_spec *c)
{
	const struct scenario_field *t = class_fields;
	if (!cJSON_IsObject(cls)) {
		jfield_error(j, path, "a job class must be an object, got %s",
			     jfield_type_name(cls));
		return -1;
	}
	int rc = scenario_table_check_keys(j, cls, path, t);
	scenario_table_defaults(t, c);
	rc |= scenario_table_read_key(j, cls, path, t, "name", c, 0);
	if (c->name && !c->name[0]) {
		char p[JPATH_MAX];
		jfield_path(p, path, "name");
		jfield_error(j, p, "must not be empty");
		rc = -1;
	}
	rc |= read_arrival(j, cls, path, &c->arrival);
	rc |= read_sizes(j, cls, path, &c->gpus);
	rc |= read_duration(j, cls, path, f, &c->duration);
	rc |= scenario_table_read_key(j, cls, path, t, "utilization", c, 0);
	if (accel->tdp_w > 0) /* else the cluster's error is already reported */
		rc |= scenario_read_gpu_cap(j, cls, path, accel, &c->gpu_cap_w);
	rc |= scenario_table_read_key(j, cls, path, t, "preemptible", c, 0);
	rc |= scenario_table_read_key(j, cls, path, t, "checkpoint_interval_h", c, 0);
	rc |= read_deferral(j, cls, path, grid, c);
	return rc;
}

static int check_sizes_fit(struct jfield *j, const struct scenario *sc);

static int check_unique_names(struct jfield *j, const struct scenario *sc)
{
	int rc = 0;
	for (size_t a = 0; a < sc->n_classes; a++) {
		for (size_t b = 0; b < a; b++) {
			const char *na = sc->classes[a].name, *nb = sc->classes[b].name;
			if (na && nb && strcmp(na, nb) == 0) {
				char p[JPATH_MAX];
				snprintf(p, sizeof p, "workload.classes[%zu].name", a);
				jfield_error(j, p, "\"%s\" is also the name of classes[%zu]", na, b);
				rc = -1;
			}
		}
	}
	return rc;
}

int scenario_read_workload(struct jfield *j, const cJSON *root, const struct scenario_files *f,
			   struct scenario *sc)
{
	const cJSON *w;
	if (jfield_object(j, root, "", "workload", 0, &w) != 0)
		return -1;
	if (!w)
		return 0; /* an idle facility (battery arbitrage): scenario_warnings says so */
	int rc = scenario_table_check_keys(j, w, "workload", workload_fields);
	const cJSON *arr;
	void *out;
	rc |= scenario_read_services(j, w, f, sc);
	if (jfield_array(j, w, "workload", "classes", MAX_CLASSES, "job classes",
			 sizeof *sc->classes, &arr, &out, &sc->n_classes) != 0)
		return -1;
	sc->classes = out;
	for (size_t i = 0; i < sc->n_classes; i++) {
		char p[JPATH_MAX];
		jfield_index(p, "workload.classes", (int)i);
		rc |= read_class(j, cJSON_GetArrayItem(arr, (int)i), p, f, &sc->node.accel,
				 &sc->grid, &sc->classes[i]);
	}
	rc |= check_unique_names(j, sc);
	if (rc == 0 && scenario_total_gpus(sc) > 0) /* 0: the cluster's error is reported */
		rc = check_sizes_fit(j, sc);
	return rc;
}

double scenario_class_mean_gpus(const struct job_class_spec *c)
{
	double sum = 0, wsum = 0;
	for (size_t s = 0; s < c->gpus.count; s++) {
		sum += c->gpus.gpus[s] * c->gpus.weights[s];
		wsum += c->gpus.weights[s];
	}
	return sum / wsum;
}

double scenario_class_rate_per_h(const struct scenario *sc, const struct job_class_spec *c)
{
	if (c->arrival.process != ARRIVAL_LIST)
		return c->arrival.rate_per_h;
	/* A listed process has no rate: use its jobs inside the horizon. */
	size_t listed = 0;
	while (listed < c->arrival.n_times && c->arrival.times_h[listed] < sc->duration_h)
		listed++;
	return (double)listed / sc->duration_h;
}

double scenario_class_offered_gpus(const struct scenario *sc, const struct job_class_spec *c)
{
	return scenario_class_rate_per_h(sc, c) * scenario_class_mean_gpus(c) * c->duration.mean_h;
}

/* A class none of whose sizes fits the cluster would have every job
 * rejected at run time: that is certain now, so it is an error. */
static int check_sizes_fit(struct jfield *j, const struct scenario *sc)
{
	const int installed = scenario_total_gpus(sc);
	int rc = 0;
	for (size_t k = 0; k < sc->n_classes; k++) {
		const struct size_spec *s = &sc->classes[k].gpus;
		int smallest = 0;
		for (size_t i = 0; i < s->count; i++)
			if (s->weights[i] > 0 && (smallest == 0 || s->gpus[i] < smallest))
				smallest = s->gpus[i];
		if (smallest <= installed)
			continue;
		char p[JPATH_MAX];
		snprintf(p, sizeof p, "workload.classes[%zu].gpus", k);
		jfield_error(j, p, "every job needs at least %d GPUs, more than the %d installed",
			     smallest, installed);
		rc = -1;
	}
	return rc;
}

void scenario_warnings(const struct scenario *sc, struct diag *w)
{
	if (sc->n_classes == 0 && sc->n_services == 0) {
		diag_add(w, "%s: workload: no job classes: the run measures an idle facility",
			 sc->source);
		return;
	}
	double offered = 0;
	for (size_t k = 0; k < sc->n_classes; k++)
		offered += scenario_class_offered_gpus(sc, &sc->classes[k]);
	const double installed = scenario_total_gpus(sc);
	if (offered <= installed)
		return;
	diag_add(w, "%s: workload: offered load %.4g GPUs is %.3g x the %.0f installed: the "
		 "queue grows without end (the run stops past limits.max_queued_jobs, %d)",
		 sc->source, offered, offered / installed, installed, sc->max_queued_jobs);
	for (size_t k = 0; k < sc->n_classes; k++)
		diag_add(w, "%s: workload.classes[%zu] (%s): offered load %.4g GPUs", sc->source, k,
			 sc->classes[k].name, scenario_class_offered_gpus(sc, &sc->classes[k]));
}

int scenario_any_deferrable(const struct scenario *sc)
{
	for (size_t k = 0; k < sc->n_classes; k++)
		if (sc->classes[k].defer.on)
			return 1;
	return 0;
}
