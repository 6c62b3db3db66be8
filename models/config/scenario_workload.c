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

#define TRACE_ONLY VARIANT(ARRIVAL_TRACE)

static const struct scenario_field columns_fields[] = {
	{ STRING(struct trace_columns, submit), .flags = FIELD_REQUIRED,
	  .doc = "the column of submit times" },
	{ STRING(struct trace_columns, gpus), .flags = FIELD_REQUIRED,
	  .doc = "the column of GPUs per job, whole numbers >= 1" },
	{ STRING(struct trace_columns, duration), .flags = FIELD_REQUIRED,
	  .doc = "the column of run times, >= 0" },
	{ STRING(struct trace_columns, walltime), .dflt_doc = "none",
	  .doc = "the column of requested walltimes (an empty cell: none), for backfill "
		 "estimates" },
	FIELDS_END,
};

const struct scenario_section scenario_trace_columns_section = {
	"workload.classes[].arrival.columns", "A CSV trace's columns, by header name; the times "
	"in arrival.unit.", columns_fields, NULL, .streams = NULL,
};

static const struct scenario_field arrival_fields[] = {
	{ ENUM(struct arrival_spec, process), .names = scenario_arrival_names,
	  DEFAULT(ARRIVAL_POISSON),
	  .doc = "poisson: a constant rate; poisson_hourly: a rate by hour of the day; list: "
		 "given submit times; trace: jobs replayed from a trace, each with its own submit "
		 "time, GPUs and run time (the class then has no gpus or duration)" },
	{ CUSTOM("rate_per_h"), .type_doc = "number or 24 numbers", RANGE(0, 1e9), .unit = "1/h",
	  .only = VARIANT(ARRIVAL_POISSON) | VARIANT(ARRIVAL_POISSON_HOURLY),
	  .dflt_doc = "required for the poisson processes",
	  .doc = "poisson: the rate; poisson_hourly: 24 rates, hour 0-23 from the run's start" },
	{ CUSTOM("rate_per_gpu_h"), .type_doc = "number or 24 numbers", RANGE(0, 1e6),
	  .unit = "1/(GPU h)", .only = VARIANT(ARRIVAL_POISSON) | VARIANT(ARRIVAL_POISSON_HOURLY),
	  .dflt_doc = "instead of rate_per_h",
	  .doc = "the rate per installed GPU (or 24 of them), so the load scales with the "
		 "cluster: rate_per_h = this x the GPUs" },
	{ CUSTOM("offered_load"), .type_doc = "number", RANGE(0, 100), .lo_open = 1,
	  .only = VARIANT(ARRIVAL_POISSON) | VARIANT(ARRIVAL_POISSON_HOURLY),
	  .dflt_doc = "instead of rate_per_h",
	  .doc = "the fraction of the installed GPUs the class keeps busy on average: "
		 "rate_per_h = this x GPUs / (mean GPUs a job x mean hours a job)" },
	{ CUSTOM("profile"), .type_doc = "24 numbers", RANGE(0, 1e9),
	  .only = VARIANT(ARRIVAL_POISSON_HOURLY), .dflt_doc = "required with offered_load",
	  .doc = "poisson_hourly with offered_load: relative weights of hours 0-23 (scaled so "
		 "their mean is the offered load's rate)" },
	{ CUSTOM("times_h"), .type_doc = "array of numbers", RANGE(0, 1e6), .unit = "h",
	  .only = VARIANT(ARRIVAL_LIST),
	  .dflt_doc = "required for list, unless file", .doc = "list: submit times, not decreasing" },
	{ CUSTOM("file"), .type_doc = "string", .only = VARIANT(ARRIVAL_LIST) | TRACE_ONLY,
	  .dflt_doc = "required for trace",
	  .doc = "list: a CSV whose column holds the submit times (not decreasing), instead of "
		 "times_h; trace: the trace file; relative to the scenario (resolved.json: the "
		 "path read)" },
	{ CUSTOM("column"), .type_doc = "string", .only = VARIANT(ARRIVAL_LIST),
	  .dflt_doc = "required with file", .doc = "list: the column of submit times" },
	{ .key = "unit", .type = FIELD_ENUM, .flags = FIELD_HAND, .names = units,
	  .only = VARIANT(ARRIVAL_LIST) | TRACE_ONLY, .dflt_doc = "`s`",
	  .doc = "list from a file, csv trace: the unit of its times" },
	{ FIELD("format", FIELD_ENUM, struct arrival_spec, trace.format), .flags = FIELD_HAND,
	  .names = scenario_trace_format_names, .only = TRACE_ONLY,
	  .dflt_doc = "required for trace",
	  .doc = "swf: the Standard Workload Format of the Parallel Workloads Archive; philly: "
		 "the Philly trace as flattened by RFold; csv: any CSV, with columns" },
	{ OBJECT("columns", struct arrival_spec, trace.columns), .flags = FIELD_HAND,
	  .sub = &scenario_trace_columns_section, .only = TRACE_ONLY,
	  .dflt_doc = "required for csv", .doc = "csv: which column holds what" },
	{ FIELD("class_by", FIELD_STRING, struct arrival_spec, trace.class_by), .flags = FIELD_HAND,
	  .only = TRACE_ONLY, .dflt_doc = "none",
	  .doc = "with match: the column (csv, philly) or SWF field (user, group, executable, "
		 "queue, partition) whose value picks the class" },
	{ CUSTOM("match"), .type_doc = "array of strings", .only = TRACE_ONLY,
	  .dflt_doc = "every job",
	  .doc = "the values of class_by whose jobs this class replays" },
	{ FIELD("start_h", FIELD_NUMBER, struct arrival_spec, trace.start_h), .only = TRACE_ONLY,
	  RANGE(0, 1e6), DEFAULT(0), .unit = "h",
	  .doc = "the window's start, from the trace's first submit; it is the run's hour 0" },
	{ FIELD("end_h", FIELD_NUMBER, struct arrival_spec, trace.end_h), .only = TRACE_ONLY,
	  RANGE(0, 1e6), DEFAULT(0), .unit = "h",
	  .doc = "the window's end, from the trace's first submit; 0: the trace's end" },
	{ FIELD("time_scale", FIELD_NUMBER, struct arrival_spec, trace.time_scale),
	  .only = TRACE_ONLY, RANGE(0, 1e3), .lo_open = 1, DEFAULT(1),
	  .doc = "submit gaps are multiplied by it (0.5: twice the offered load); run times are "
		 "not" },
	{ FIELD("max_jobs", FIELD_INT, struct arrival_spec, trace.max_jobs), .only = TRACE_ONLY,
	  RANGE(0, 1e8), DEFAULT(0),
	  .doc = "only the window's first jobs (before match); 0: all" },
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

static const char *const interval_names[] = { "fixed", "young_daly", NULL };

/* Costs of a checkpoint: no study gives one for every model, so write_s
 * and restart_s default to 0 (free, as checkpoint_interval_h alone) and
 * the scenario states them; docs/failures.md cites measured ones. */
static const struct scenario_field checkpoint_fields[] = {
	{ ENUM(struct checkpoint_spec, interval), .names = interval_names, DEFAULT(CKPT_FIXED),
	  .doc = "fixed: every interval_h of work; young_daly: Daly's (2006) higher-order "
		 "optimum sqrt(2 d M)(1 + sqrt(d/2M)/3 + d/18M) - d from the job's write time d "
		 "and its mean time between interruptions M (its GPUs and nodes under the "
		 "failure processes)" },
	{ NUM(struct checkpoint_spec, interval_h), .flags = FIELD_HAND, .lo_open = 1,
	  RANGE(0, 1e6), .unit = "h", .dflt_doc = "required for fixed",
	  .doc = "fixed: full-speed work between checkpoints" },
	{ NUM(struct checkpoint_spec, write_s), .flags = FIELD_HAND, RANGE(0, 1e7), DEFAULT(0),
	  .unit = "s", .doc = "time to write one, the job holding its GPUs at idle draw; 0 = "
			      "instant" },
	{ NUM(struct checkpoint_spec, size_gb_per_gpu), .flags = FIELD_HAND | FIELD_IF_POSITIVE,
	  RANGE(0, 1e6), DEFAULT(0), .unit = "GB", .dflt_doc = "none",
	  .doc = "instead of write_s (not both): its state per GPU; the write takes size x GPUs "
		 "/ cluster.storage.write_gb_per_s" },
	{ NUM(struct checkpoint_spec, restart_s), RANGE(0, 1e7), DEFAULT(0), .unit = "s",
	  .doc = "time to reload the last checkpoint and resume after a stop (failure or "
		 "preemption), the job holding its GPUs at idle draw" },
	FIELDS_END,
};

const struct scenario_section scenario_checkpoint_section = {
	"workload.classes[].checkpoint",
	"Checkpoints with their costs (docs/failures.md): work is saved every interval, a stop "
	"loses the work since the last completed one.",
	checkpoint_fields, NULL, .streams = NULL,
};

static const struct scenario_field class_fields[] = {
	{ STRING(struct job_class_spec, name), .flags = FIELD_HAND | FIELD_REQUIRED,
	  .doc = "unique, not empty: names the class in outputs" },
	{ OBJECT("arrival", struct job_class_spec, arrival), .flags = FIELD_REQUIRED,
	  .sub = &scenario_arrival_section,
	  .doc = "the arrival process" },
	{ CUSTOM("gpus"), .type_doc = "integer or object", .sub = &sizes_section, RANGE(1, 1e8),
	  .dflt_doc = "required, but for a trace (which gives each job's)", .doc = "GPUs per job" },
	{ OBJECT("duration", struct job_class_spec, duration), .flags = FIELD_HAND,
	  .sub = &scenario_duration_section,
	  .dflt_doc = "required, but for a trace (which gives each job's)", .doc = "run times" },
	{ NUM(struct job_class_spec, utilization), .flags = FIELD_HAND, RANGE(0, 1),
	  .dflt_doc = "one of utilization, gpu_power_w, gpu_power_fraction, gpu_power_dist is "
		      "required",
	  .doc = "a POWER LEVEL, not nvidia-smi's or DCGM's utilization (busy GPUs draw "
		 "70-400 W): each GPU draws idle + (TDP - idle) x power_curve(level)" },
	{ NUM(struct job_class_spec, gpu_power_w), .flags = FIELD_HAND, .unit = "W",
	  .dflt_doc = "instead of utilization",
	  .doc = "measured board power per GPU while running (DCGM / nvidia-smi power.draw), "
		 "from idle to TDP" },
	{ CUSTOM("gpu_power_fraction"), .type_doc = "number", .flags = FIELD_NO_EMIT,
	  .dflt_doc = "instead of utilization",
	  .doc = "board power as a share of TDP, (idle/TDP) to 1 (resolved.json gives it as "
		 "gpu_power_w)" },
	{ OBJECT("gpu_power_dist", struct job_class_spec, power_dist), .flags = FIELD_HAND,
	  .sub = &scenario_power_dist_section, .dflt_doc = "instead of utilization",
	  .doc = "per-job GPU power drawn from a distribution (lognormal or an empirical column), "
		 "in K levels: each job holds its level while it runs" },
	{ NUM(struct job_class_spec, host_load), .flags = FIELD_HAND, RANGE(0, 1),
	  .dflt_doc = "the GPUs' power level (utilization, or (gpu_power_w - idle) / "
		      "(TDP - idle), of the mean level for gpu_power_dist)",
	  .doc = "the host's load: it draws host_idle_w + (host_max_w - host_idle_w) x this "
		 "(give it lower for training, whose CPUs mostly wait on the GPUs)" },
	{ NUM(struct job_class_spec, gpu_cap_w), .flags = FIELD_HAND | FIELD_IF_POSITIVE,
	  .unit = "W", .dflt_doc = "none", .doc = "per-GPU cap for its jobs, above idle and at "
						  "most TDP" },
	{ CUSTOM("gpu_cap_fraction"), .type_doc = "number", .flags = FIELD_NO_EMIT,
	  .dflt_doc = "none", .doc = "the cap as a share of TDP instead (not both)" },
	{ BOOLEAN(struct job_class_spec, preemptible), DEFAULT(0),
	  .doc = "the grid's preempt policy, and jobs of a higher priority, may stop its jobs" },
	{ NUM(struct job_class_spec, checkpoint_interval_h), RANGE(0, 1e6), DEFAULT(0),
	  .unit = "h", .doc = "work is saved this often (a stopped job loses the rest); 0 = "
			      "never. The same as checkpoint.interval_h with free writes and "
			      "restarts (not both)" },
	{ INTEGER(struct job_class_spec, priority), RANGE(-1000000, 1000000), DEFAULT(0),
	  .doc = "higher runs first: the queue is ordered by priority, then arrival; a job may "
		 "preempt running jobs of preemptible classes of a lower priority" },
	{ NUM(struct job_class_spec, shares), RANGE(0, 1e9), .lo_open = 1, DEFAULT(1),
	  .doc = "with scheduler.fair_share_weight: its share of the cluster, relative to the "
		 "other classes'; 1, equal shares (Slurm's default Fairshare=1)" },
	{ NUM(struct job_class_spec, cross_pod_comm_fraction), RANGE(0, 1), DEFAULT(0),
	  .doc = "share of its step time spent in communication that crosses pods when a job "
		 "spans them (cluster.pod_oversubscription then stretches it); 0: none, as no "
		 "source gives one for every workload" },
	{ BOOLEAN(struct job_class_spec, spot), DEFAULT(0),
	  .doc = "spot capacity: queued behind every other class and preempted first by any of "
		 "them (docs/scheduling.md)" },
	{ NUM(struct job_class_spec, price_factor), .flags = FIELD_HAND, RANGE(0, 100),
	  .dflt_doc = "1; 0.4 for spot",
	  .doc = "its GPU-hours bill at this x workload.gpu_hour_usd; spot's 0.4 is the smallest "
		 "of Google Cloud's published Spot VM discounts, 60-91% "
		 "(cloud.google.com/spot-vms)" },
	{ OBJECT("checkpoint", struct job_class_spec, checkpoint),
	  .sub = &scenario_checkpoint_section, .dflt_doc = "checkpoint_interval_h alone",
	  .doc = "checkpoints with an interval rule and write and restart costs" },
	{ OBJECT("deferrable", struct job_class_spec, defer), .sub = &scenario_defer_section,
	  .dflt_doc = "not deferrable",
	  .doc = "starts may be held for cleaner or cheaper hours" },
	FIELDS_END,
};

/* A class's arrivals, sizes and durations, and its jobs' power levels when
 * it has a distribution (models/workload/workload.c). */
static int class_streams(const void *base, size_t index, const struct scenario *sc,
			 stream_add add, void *ctx)
{
	(void)sc;
	const struct job_class_spec *c = base;
	int rc = 0;
	for (int k = 0; k < WORKLOAD_STREAMS_PER_CLASS && rc == 0; k++)
		rc = add(ctx, "class", c->name, workload_stream_name((enum workload_stream)k),
			 workload_stream_id(index, (enum workload_stream)k));
	if (rc == 0 && c->power_form == CLASS_POWER_DIST)
		rc = add(ctx, "class", c->name, "power_levels", workload_power_stream_id(index));
	return rc;
}

const struct scenario_section scenario_class_section = {
	"workload.classes[]", "A class of jobs.", class_fields, NULL, .streams = class_streams,
};

static const struct scenario_field workload_fields[] = {
	{ LIST("classes", struct scenario, classes, n_classes), .sub = &scenario_class_section,
	  .dflt_doc = "none (a warning: an idle facility)",
	  .doc = "at most 256 classes, each with its own random streams" },
	{ NUM(struct scenario, gpu_hour_usd), RANGE(0, 1e6), DEFAULT(12.29), .unit = "USD",
	  .doc = "the on-demand price of a GPU-hour, for compute_cost_usd: AWS p5.48xlarge (8 "
		 "H100) at its 2023 list price, 98.32 USD/h / 8 (The Next Platform, 27 July "
		 "2023)" },
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

/* 24 numbers at o.key into out (weights: any >= 0, not all 0). */
static int read_hourly(struct jfield *j, const cJSON *o, const char *p, const char *key,
		       double *out, int weights)
{
	char rp[JPATH_MAX];
	jfield_path(rp, p, key);
	const cJSON *arr = cJSON_GetObjectItemCaseSensitive(o, key);
	if (!arr || !cJSON_IsArray(arr) || cJSON_GetArraySize(arr) != 24) {
		jfield_error(j, rp, "poisson_hourly needs an array of 24 %s (hour 0-23)",
			     weights ? "weights" : "rates");
		return -1;
	}
	int rc = 0;
	double sum = 0;
	for (int h = 0; h < 24; h++) {
		const cJSON *v = cJSON_GetArrayItem(arr, h);
		char ip[JPATH_MAX];
		jfield_index(ip, rp, h);
		if (!cJSON_IsNumber(v) || !isfinite(v->valuedouble) || v->valuedouble < 0 ||
		    v->valuedouble > 1e9) {
			jfield_error(j, ip, "must be a finite %s >= 0", weights ? "weight" : "rate");
			rc = -1;
			continue;
		}
		out[h] = v->valuedouble;
		sum += v->valuedouble;
	}
	if (rc == 0 && weights && !(sum > 0)) {
		jfield_error(j, rp, "the weights must not all be 0");
		rc = -1;
	}
	return rc;
}

static int read_arrival(struct jfield *j, const cJSON *cls, const char *path,
			const struct scenario_files *f, struct arrival_spec *a)
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
	if (a->process == ARRIVAL_LIST && cJSON_GetObjectItemCaseSensitive(o, "file"))
		return rc | scenario_read_list_file(j, o, p, f, a);
	if (a->process == ARRIVAL_LIST) {
		static const char *const with_file[] = { "column", "unit" };
		for (int i = 0; i < 2; i++) {
			if (!cJSON_GetObjectItemCaseSensitive(o, with_file[i]))
				continue;
			char q[JPATH_MAX];
			jfield_path(q, p, with_file[i]);
			jfield_error(j, q, "read only with file (the submit times' CSV)");
			rc = -1;
		}
		return rc | read_times(j, o, p, a);
	}
	if (a->process == ARRIVAL_TRACE)
		return rc | scenario_read_trace_arrival(j, o, p, f, arrival_fields, a);
	static const char *const rate_keys[] = { "rate_per_h", "rate_per_gpu_h", "offered_load" };
	int given = 0;
	for (int k = 0; k < 3; k++)
		if (cJSON_GetObjectItemCaseSensitive(o, rate_keys[k])) {
			a->scale = (enum arrival_scale)k;
			given++;
		}
	if (given != 1) {
		jfield_error(j, p, "the %s process needs one of rate_per_h, rate_per_gpu_h and "
			     "offered_load%s", scenario_arrival_names[proc],
			     given ? ", not several" : "");
		return -1;
	}
	const int hourly = a->process == ARRIVAL_POISSON_HOURLY;
	if (cJSON_GetObjectItemCaseSensitive(o, "profile") && a->scale != ARRIVAL_OFFERED_LOAD) {
		char pp[JPATH_MAX];
		jfield_path(pp, p, "profile");
		jfield_error(j, pp, "only used with offered_load (rate_per_h and rate_per_gpu_h "
			     "take 24 rates themselves)");
		return -1;
	}
	if (a->scale == ARRIVAL_OFFERED_LOAD) {
		if (scenario_table_number(j, o, p, arrival_fields, "offered_load", 1, 0,
					  &a->offered_load) != 0)
			return -1;
		if (!hourly) {
			for (int h = 0; h < 24; h++)
				a->hourly_given[h] = 1;
			return rc;
		}
		return rc | read_hourly(j, o, p, "profile", a->hourly_given, 1);
	}
	const char *key = rate_keys[a->scale];
	double *dst = a->scale == ARRIVAL_RATE ? a->hourly_rate_per_h : a->hourly_given;
	if (!hourly) {
		double v;
		if (scenario_table_number(j, o, p, arrival_fields, key, 1, 0, &v) != 0)
			return -1;
		for (int h = 0; h < 24; h++)
			dst[h] = v;
	} else if (read_hourly(j, o, p, key, dst, 0) != 0) {
		return -1;
	}
	double sum = 0;
	for (int h = 0; h < 24; h++)
		sum += a->hourly_rate_per_h[h];
	/* the rules' rates come with the cluster (scale_arrival) */
	a->rate_per_h = hourly ? sum / 24.0 : a->hourly_rate_per_h[0];
	return rc;
}

/* The rates a scaling rule gives for this cluster (sc's GPUs) and this
 * class's mean job: rate_per_h and hourly_rate_per_h. */
static int scale_arrival(struct jfield *j, const char *path, const struct scenario *sc,
			 struct job_class_spec *c)
{
	struct arrival_spec *a = &c->arrival;
	if (a->process == ARRIVAL_LIST || a->scale == ARRIVAL_RATE)
		return 0;
	const double gpus = (double)scenario_total_gpus(sc);
	double mean = 0;
	for (int h = 0; h < 24; h++)
		mean += a->hourly_given[h];
	mean /= 24.0; /* 24 equal values: exactly the value */
	double level = 1; /* what the given hourly numbers are multiplied by */
	if (a->scale == ARRIVAL_PER_GPU) {
		level = gpus;
	} else {
		double work = scenario_class_mean_gpus(c) * c->duration.mean_h;
		if (!(work > 0) || !(mean > 0)) {
			char p[JPATH_MAX];
			jfield_path(p, path, "arrival.offered_load");
			jfield_error(j, p, "needs a job with a mean duration and GPUs above 0%s",
				     mean > 0 ? "" : ", and a profile not all 0");
			return -1;
		}
		level = a->offered_load * gpus / work / mean;
	}
	double sum = 0;
	for (int h = 0; h < 24; h++) {
		a->hourly_rate_per_h[h] = a->hourly_given[h] * level;
		sum += a->hourly_rate_per_h[h];
	}
	a->rate_per_h = a->process == ARRIVAL_POISSON ? a->hourly_rate_per_h[0] : sum / 24.0;
	return 0;
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

int scenario_read_trace_hours(struct jfield *j, const cJSON *o, const char *p,
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
		if (scenario_read_trace_hours(j, o, p, f, d) != 0)
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

/* A replayed job brings its own GPUs and run time: a class that gave
 * them too would say two things. Its mean run time is the trace's. */
static int trace_class_keys(struct jfield *j, const cJSON *cls, const char *path,
			    struct job_class_spec *c)
{
	int rc = 0;
	static const char *const own[] = { "gpus", "duration" };
	for (int i = 0; i < 2; i++) {
		if (!cJSON_GetObjectItemCaseSensitive(cls, own[i]))
			continue;
		char p[JPATH_MAX];
		jfield_path(p, path, own[i]);
		jfield_error(j, p, "a trace class takes each job's %s from the trace: leave it out",
			     i == 0 ? "GPUs" : "run time");
		rc = -1;
	}
	const struct trace_spec *t = &c->arrival.trace;
	double sum = 0;
	for (size_t i = 0; i < t->n_jobs; i++)
		sum += t->jobs[i].duration_s;
	c->duration.mean_h = t->n_jobs ? sum / (double)t->n_jobs / 3600.0 : 0;
	return rc;
}

/* A number row given where it must not be, or absent where it must be. */
static int ckpt_rule(struct jfield *j, const cJSON *o, const char *p, const char *key,
		     int want, const char *why)
{
	if ((cJSON_GetObjectItemCaseSensitive(o, key) != NULL) == want)
		return 0;
	char q[JPATH_MAX];
	jfield_path(q, p, key);
	jfield_error(j, q, "%s", why);
	return -1;
}

static int read_checkpoint(struct jfield *j, const cJSON *cls, const char *path,
			   struct job_class_spec *c)
{
	const cJSON *o;
	char p[JPATH_MAX];
	jfield_path(p, path, "checkpoint");
	if (jfield_object(j, cls, path, "checkpoint", 0, &o) != 0)
		return -1;
	if (!o)
		return 0;
	struct checkpoint_spec *k = &c->checkpoint;
	const struct scenario_field *t = checkpoint_fields;
	scenario_table_defaults(t, k);
	int rc = scenario_table_check_keys(j, o, p, t);
	rc |= scenario_table_read(j, o, p, t, k, 0);
	if (rc != 0)
		return -1;
	k->on = 1;
	if (c->checkpoint_interval_h > 0) { /* (read first; 0 is "none", as --set may say) */
		char q[JPATH_MAX];
		jfield_path(q, path, "checkpoint_interval_h");
		jfield_error(j, q, "give checkpoint.interval_h instead (not both)");
		rc = -1;
	}
	if (k->interval == CKPT_FIXED) {
		rc |= ckpt_rule(j, o, p, "interval_h", 1, "the fixed interval needs interval_h");
		rc |= scenario_table_read_key(j, o, p, t, "interval_h", k, 0);
	} else {
		rc |= ckpt_rule(j, o, p, "interval_h", 0,
				"young_daly computes the interval: give no interval_h");
	}
	if (cJSON_GetObjectItemCaseSensitive(o, "size_gb_per_gpu"))
		rc |= ckpt_rule(j, o, p, "write_s", 0,
				"the write time comes from size_gb_per_gpu: not both");
	rc |= scenario_table_read_key(j, o, p, t, "write_s", k, 0);
	rc |= scenario_table_read_key(j, o, p, t, "size_gb_per_gpu", k, 0);
	if (rc == 0 && k->interval == CKPT_YOUNG_DALY && k->write_s <= 0 &&
	    k->size_gb_per_gpu <= 0) {
		jfield_error(j, p, "young_daly needs a write cost > 0 (write_s or "
				   "size_gb_per_gpu): with free writes its interval is 0");
		rc = -1;
	}
	return rc;
}

/* What the class's GPUs draw: one of utilization (a power level),
 * gpu_power_w, gpu_power_fraction or gpu_power_dist; then the host's
 * load, by default the GPUs' power level (of the mean, for a
 * distribution: the host term holds the node's fans and NVSwitch, which
 * follow the GPUs' heat, not its CPUs). */
static int read_class_power(struct jfield *j, const cJSON *cls, const char *path,
			    const struct scenario_files *f, const struct accel_spec *a,
			    struct job_class_spec *c)
{
	static const char *const keys[] = { "utilization", "gpu_power_w", "gpu_power_fraction",
					     "gpu_power_dist" };
	int given = -1, n = 0;
	for (int i = 0; i < 4; i++)
		if (cJSON_GetObjectItemCaseSensitive(cls, keys[i])) {
			given = i;
			n++;
		}
	char p[JPATH_MAX];
	if (n != 1) {
		jfield_path(p, path, n ? keys[given] : "utilization");
		jfield_error(j, p, n ? "give one of utilization, gpu_power_w, gpu_power_fraction, "
				       "gpu_power_dist, not several"
				     : "required (or gpu_power_w, gpu_power_fraction, "
				       "gpu_power_dist): the GPUs' power while running");
		return -1;
	}
	c->power_form = (enum class_power_form)given;
	int rc = 0;
	double dyn = 0;
	if (given == 0) {
		rc = scenario_table_read_key(j, cls, path, class_fields, "utilization", c, 0);
		dyn = c->utilization;
	} else if (given == 3) {
		if (scenario_read_power_dist(j, cls, path, f, a, &c->power_dist) != 0)
			return -1;
		c->gpu_power_w = c->power_dist.mean_w;
		dyn = (c->gpu_power_w - a->idle_w) / (a->tdp_w - a->idle_w);
		c->utilization = dyn; /* the mean's power level, for reports */
	} else {
		double v;
		if (jfield_number(j, cls, path, keys[given], 1, 0, &v) != 0)
			return -1;
		double watts = given == 1 ? v : v * a->tdp_w;
		if (!(watts >= a->idle_w && watts <= a->tdp_w)) {
			jfield_path(p, path, keys[given]);
			jfield_error(j, p, "%g W must lie between the GPU's idle power (%g W) and "
				     "its TDP (%g W), got %g", watts, a->idle_w, a->tdp_w, v);
			return -1;
		}
		c->gpu_power_w = watts;
		dyn = (watts - a->idle_w) / (a->tdp_w - a->idle_w);
		c->utilization = dyn; /* the power level, for reports */
	}
	c->host_load_given = cJSON_GetObjectItemCaseSensitive(cls, "host_load") != NULL;
	c->host_load = dyn;
	rc |= scenario_table_read_key(j, cls, path, class_fields, "host_load", c, 0);
	return rc;
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
	rc |= read_arrival(j, cls, path, f, &c->arrival);
	if (c->arrival.process == ARRIVAL_TRACE) {
		rc |= trace_class_keys(j, cls, path, c);
	} else {
		rc |= read_sizes(j, cls, path, &c->gpus);
		rc |= read_duration(j, cls, path, f, &c->duration);
	}
	if (accel->tdp_w > 0) { /* else the cluster's error is already reported */
		rc |= read_class_power(j, cls, path, f, accel, c);
		rc |= scenario_read_gpu_cap(j, cls, path, accel, &c->gpu_cap_w);
	}
	rc |= scenario_table_read_key(j, cls, path, t, "preemptible", c, 0);
	rc |= scenario_table_read_key(j, cls, path, t, "checkpoint_interval_h", c, 0);
	rc |= scenario_table_read_key(j, cls, path, t, "priority", c, 0);
	rc |= scenario_table_read_key(j, cls, path, t, "spot", c, 0);
	rc |= scenario_table_read_key(j, cls, path, t, "shares", c, 0);
	rc |= scenario_table_read_key(j, cls, path, t, "cross_pod_comm_fraction", c, 0);
	c->price_factor = c->spot ? 0.4 : 1.0; /* (the row's doc gives the source) */
	rc |= scenario_table_read_key(j, cls, path, t, "price_factor", c, 0);
	rc |= read_checkpoint(j, cls, path, c);
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
	scenario_field_default(scenario_table_row(workload_fields, "gpu_hour_usd"), sc);
	if (!w)
		return 0; /* an idle facility (battery arbitrage): scenario_warnings says so */
	int rc = scenario_table_check_keys(j, w, "workload", workload_fields);
	rc |= scenario_table_read_key(j, w, "workload", workload_fields, "gpu_hour_usd", sc, 0);
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
	for (size_t i = 0; rc == 0 && i < sc->n_classes; i++) {
		char p[JPATH_MAX];
		jfield_index(p, "workload.classes", (int)i);
		rc |= scale_arrival(j, p, sc, &sc->classes[i]);
	}
	if (rc == 0 && scenario_total_gpus(sc) > 0) /* 0: the cluster's error is reported */
		rc = check_sizes_fit(j, sc);
	return rc;
}

double scenario_class_mean_gpus(const struct job_class_spec *c)
{
	const struct trace_spec *t = &c->arrival.trace;
	if (c->arrival.process == ARRIVAL_TRACE) {
		double g = 0;
		for (size_t i = 0; i < t->n_jobs; i++)
			g += t->jobs[i].gpus;
		return t->n_jobs ? g / (double)t->n_jobs : 0;
	}
	double sum = 0, wsum = 0;
	for (size_t s = 0; s < c->gpus.count; s++) {
		sum += c->gpus.gpus[s] * c->gpus.weights[s];
		wsum += c->gpus.weights[s];
	}
	return sum / wsum;
}

double scenario_class_rate_per_h(const struct scenario *sc, const struct job_class_spec *c)
{
	if (c->arrival.process == ARRIVAL_TRACE) {
		const struct trace_spec *t = &c->arrival.trace;
		size_t in = 0;
		while (in < t->n_jobs && t->jobs[in].submit_s < sc->duration_h * 3600.0)
			in++;
		return (double)in / sc->duration_h;
	}
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
	if (c->arrival.process == ARRIVAL_TRACE) { /* its jobs inside the horizon, exactly */
		const struct trace_spec *t = &c->arrival.trace;
		double gs = 0;
		for (size_t i = 0; i < t->n_jobs && t->jobs[i].submit_s < sc->duration_h * 3600.0; i++)
			gs += t->jobs[i].gpus * t->jobs[i].duration_s;
		return gs / 3600.0 / sc->duration_h;
	}
	return scenario_class_rate_per_h(sc, c) * scenario_class_mean_gpus(c) * c->duration.mean_h;
}

/* A class none of whose sizes fits the cluster would have every job
 * rejected at run time: that is certain now, so it is an error. */
static int check_sizes_fit(struct jfield *j, const struct scenario *sc)
{
	const int installed = scenario_total_gpus(sc) - sc->spare_nodes * sc->node.gpus_per_node;
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
		jfield_error(j, p, "every job needs at least %d GPUs, more than the %d installed%s",
			     smallest, installed, sc->spare_nodes > 0 ? " less the spares" : "");
		rc = -1;
	}
	return rc;
}

/* A lognormal whose levels the board's limits clipped draws another mean
 * than the one given: say by how much (docs/power.md). */
static void power_dist_warning(const struct scenario *sc, size_t k, struct diag *w)
{
	const struct job_class_spec *c = &sc->classes[k];
	const struct power_dist_spec *d = &c->power_dist;
	if (c->power_form != CLASS_POWER_DIST || d->dist != POWER_DIST_LOGNORMAL)
		return;
	const struct accel_spec *a = &sc->node.accel;
	double given = d->median_w * exp(d->sigma * d->sigma / 2.0);
	if (!(fabs(d->mean_w - given) > 1e-3 * given))
		return;
	int clipped = 0;
	for (int i = 0; i < d->n_levels; i++)
		clipped += d->level_w[i] >= a->tdp_w || d->level_w[i] <= a->idle_w;
	diag_add(w, "%s: workload.classes[%zu].gpu_power_dist: %d of %d levels clipped to the "
		 "GPU's idle power or TDP: its jobs draw %.1f W on average, not the lognormal's "
		 "%.1f W", sc->source, k, clipped, d->n_levels, d->mean_w, given);
}

void scenario_warnings(const struct scenario *sc, struct diag *w)
{
	if (sc->n_classes == 0 && sc->n_services == 0) {
		diag_add(w, "%s: workload: no job classes: the run measures an idle facility",
			 sc->source);
		return;
	}
	for (size_t k = 0; sc->n_failures == 0 && k < sc->n_classes; k++)
		if (sc->classes[k].checkpoint.on &&
		    sc->classes[k].checkpoint.interval == CKPT_YOUNG_DALY)
			diag_add(w, "%s: workload.classes[%zu].checkpoint: young_daly without "
				    "failures: nothing to save against, it never checkpoints",
				 sc->source, k);
	for (size_t k = 0; k < sc->n_classes; k++)
		power_dist_warning(sc, k, w);
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

int scenario_any_ckpt_size(const struct scenario *sc)
{
	for (size_t k = 0; k < sc->n_classes; k++)
		if (sc->classes[k].checkpoint.on && sc->classes[k].checkpoint.size_gb_per_gpu > 0)
			return 1;
	return 0;
}
