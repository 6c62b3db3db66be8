/*
 * job_class.h - what a class of jobs is: how its jobs arrive, how many
 * GPUs each takes, how long each runs, how hard it drives its GPUs, and
 * whether its start may be deferred. Filled and validated by the config
 * layer (models/config/scenario_workload.c); read by the samplers
 * (workload.c) and the run. Durations in hours, powers in watts.
 */
#ifndef DCSIM_JOB_CLASS_H
#define DCSIM_JOB_CLASS_H

#include <stddef.h>

#include "job_trace.h"

enum arrival_process {
	ARRIVAL_POISSON,        /* constant rate */
	ARRIVAL_POISSON_HOURLY, /* rate by hour of day, 24 values */
	ARRIVAL_LIST,           /* given submit times */
	ARRIVAL_TRACE,          /* jobs replayed from a trace: their own sizes and run times */
};

enum trace_format {
	TRACE_SWF,    /* the Standard Workload Format of the Parallel Workloads Archive */
	TRACE_PHILLY, /* the Philly trace as flattened by RFold: a CSV with known columns */
	TRACE_CSV,    /* any CSV, with a column mapping and a unit */
};

/* The columns of a CSV trace (TRACE_PHILLY fills them itself). */
struct trace_columns {
	char *submit;
	char *gpus;
	char *duration;
	char *walltime; /* NULL: not in the trace */
};

/* A replayed trace: the file, how to read it, which of its jobs this
 * class takes, and those jobs. */
struct trace_spec {
	enum trace_format format;
	struct trace_columns columns; /* CSV */
	int unit;                     /* CSV: index of "s", "min", "h" */
	char *class_by;               /* the column (CSV) or SWF field whose value is a job's label */
	char **match;                 /* labels this class takes; NULL: every job */
	size_t n_match;
	double start_h;               /* window in the trace, from its first submit */
	double end_h;                 /* 0: to the end */
	double time_scale;            /* submit gaps are multiplied by it */
	int max_jobs;                 /* the first jobs of the window only; 0: all */
	struct trace_job *jobs;       /* this class's jobs, in submit order (owned) */
	size_t n_jobs;
};

/* How a poisson class's rate was given: as is, per installed GPU, or as
 * the fraction of the installed GPUs it keeps busy (the config layer
 * turns the last two into rate_per_h for the cluster at hand). */
enum arrival_scale {
	ARRIVAL_RATE,           /* rate_per_h */
	ARRIVAL_PER_GPU,        /* rate_per_gpu_h */
	ARRIVAL_OFFERED_LOAD,   /* offered_load (and a profile, hourly) */
};

struct arrival_spec {
	enum arrival_process process;
	double rate_per_h;            /* POISSON; mean of the profile otherwise */
	double hourly_rate_per_h[24]; /* POISSON_HOURLY: hour 0 = run start */
	enum arrival_scale scale;
	double offered_load;          /* OFFERED_LOAD: busy GPUs / installed GPUs */
	double hourly_given[24];      /* PER_GPU: the rates per GPU; OFFERED_LOAD:
				       * the profile's relative weights */
	double *times_h;              /* LIST: non-decreasing submit times */
	size_t n_times;
	char *file;                   /* LIST (times from a file), TRACE: as written */
	char *path;                   /* the path read */
	char *column;                 /* LIST from a file: the column of submit times */
	int unit;                     /* LIST from a file: index of "s", "min", "h" */
	struct trace_spec trace;      /* TRACE */
};

struct size_spec {
	size_t count;   /* number of sizes; 1 means a fixed size */
	int *gpus;      /* sizes, each >= 1 */
	double *weights; /* relative frequencies, sum > 0 */
};

enum duration_dist {
	DURATION_CONSTANT,
	DURATION_EXPONENTIAL,
	DURATION_LOGNORMAL,
	DURATION_EMPIRICAL,
};

struct duration_spec {
	enum duration_dist dist;
	double value_h;   /* CONSTANT */
	double mean_h;    /* EXPONENTIAL; also filled for the others */
	double median_h;  /* LOGNORMAL */
	double sigma;     /* LOGNORMAL: sd of log duration */
	double max_h;     /* 0 = no cap; longer draws are clipped to it */
	char *file;       /* EMPIRICAL: as written in the scenario */
	char *path;       /* EMPIRICAL: resolved path that was read */
	char *column;     /* EMPIRICAL */
	char *unit;       /* EMPIRICAL: "s", "min" or "h" */
	double *samples_h; /* EMPIRICAL: the column, in hours */
	size_t n_samples;
	int samples_shared; /* samples_h belongs to a series_cache: not freed with the scenario */
};

/* A deferrable class may hold a job up to slack_h after it arrives, for
 * the hours of lowest forecast carbon intensity or price. */
enum defer_signal { DEFER_CARBON, DEFER_PRICE };
struct deferral_spec {
	int on;
	double slack_h;
	enum defer_signal signal;
	double forecast_error; /* sd of the forecast's relative error per hour; 0 = perfect */
};

/* Checkpoints (world.c, docs/failures.md): a job saves its progress every
 * interval of work, holding its GPUs without progress for the write; a
 * stopped job reloads the last one (restart_s) when it starts again. */
enum checkpoint_interval { CKPT_FIXED, CKPT_YOUNG_DALY };
struct checkpoint_spec {
	int on;                 /* the class has a "checkpoint" object */
	enum checkpoint_interval interval;
	double interval_h;      /* FIXED: full-speed work between checkpoints */
	double write_s;         /* time to write one */
	double size_gb_per_gpu; /* > 0: the write takes size x GPUs / storage bandwidth */
	double restart_s;       /* time to reload one and resume after a stop */
};

enum class_power_form {
	CLASS_POWER_LEVEL,    /* "utilization": a power level on the accelerator's curve */
	CLASS_POWER_W,        /* "gpu_power_w": measured board power, W */
	CLASS_POWER_FRACTION, /* "gpu_power_fraction": board power as a share of TDP */
	CLASS_POWER_DIST,     /* "gpu_power_dist": a distribution over jobs, in levels */
};

/* A class's GPU power as a distribution over its jobs (power_levels.h):
 * each job draws one of n_levels equal-probability levels, constant while
 * it runs. Given as a lognormal or an empirical column; kept in W. */
enum power_dist_kind { POWER_DIST_LOGNORMAL, POWER_DIST_EMPIRICAL };
struct power_dist_spec {
	enum power_dist_kind dist;
	double median_w;  /* LOGNORMAL, whichever way it was given */
	double sigma;     /* LOGNORMAL: sd of log power */
	char *file;       /* EMPIRICAL: as written in the scenario */
	char *path;       /* EMPIRICAL: the path read */
	char *column;     /* EMPIRICAL: per-job GPU power */
	int unit;         /* EMPIRICAL: 0 W, 1 a fraction of TDP */
	int n_levels;     /* K */
	double *level_w;  /* K levels, ascending (owned) */
	double mean_w;    /* their mean: what the class's GPUs draw on average */
};

struct job_class_spec {
	char *name;
	struct arrival_spec arrival;
	struct size_spec gpus;
	struct duration_spec duration;
	/* What its GPUs draw while running, given one of three ways. NOT the
	 * "GPU utilization" nvidia-smi or DCGM report (the share of time a
	 * kernel runs: GPUs 97-100% "utilized" draw anything from 70 W to
	 * 400 W): a power level. */
	enum class_power_form power_form;
	double utilization; /* power level in [0, 1]: idle + (TDP - idle) x P(level) */
	double gpu_power_w; /* GPU_POWER_W / _FRACTION: per GPU, W (as given, or fraction x
			     * TDP); DIST: the levels' mean */
	struct power_dist_spec power_dist; /* DIST */
	double host_load;   /* share of the host's idle-to-max range its jobs drive */
	int host_load_given;
	double gpu_cap_w;   /* per-GPU power cap for this class; 0 = none */
	int preemptible;    /* the grid's preempt policy may stop its jobs */
	double checkpoint_interval_h; /* work is saved this often; 0 = never (the
				       * alias of checkpoint.interval_h, no costs) */
	struct checkpoint_spec checkpoint;
	int priority;       /* higher is served first; ties in submit order */
	int spot;           /* leftover capacity only: behind every other class, preempted first */
	double price_factor; /* its GPU-hours are billed at this x workload.gpu_hour_usd */
	double shares;      /* its fair share of the cluster, relative to the others' */
	double cross_pod_comm_fraction; /* share of its step time that crosses pods when it spans them */
	struct deferral_spec defer;
};

#endif
