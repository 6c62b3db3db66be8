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

enum arrival_process {
	ARRIVAL_POISSON,        /* constant rate */
	ARRIVAL_POISSON_HOURLY, /* rate by hour of day, 24 values */
	ARRIVAL_LIST,           /* given submit times */
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

struct job_class_spec {
	char *name;
	struct arrival_spec arrival;
	struct size_spec gpus;
	struct duration_spec duration;
	double utilization; /* GPU utilization while running, [0, 1] */
	double gpu_cap_w;   /* per-GPU power cap for this class; 0 = none */
	int preemptible;    /* the grid's preempt policy may stop its jobs */
	double checkpoint_interval_h; /* work is saved this often; 0 = never */
	struct deferral_spec defer;
};

#endif
