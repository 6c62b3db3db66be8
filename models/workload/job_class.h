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

struct arrival_spec {
	enum arrival_process process;
	double rate_per_h;            /* POISSON; mean of the profile otherwise */
	double hourly_rate_per_h[24]; /* POISSON_HOURLY: hour 0 = run start */
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

enum class_power_form {
	CLASS_POWER_LEVEL,    /* "utilization": a power level on the accelerator's curve */
	CLASS_POWER_W,        /* "gpu_power_w": measured board power, W */
	CLASS_POWER_FRACTION, /* "gpu_power_fraction": board power as a share of TDP */
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
	double gpu_power_w; /* GPU_POWER_W / _FRACTION: per GPU, W (as given, or fraction x TDP) */
	double host_load;   /* share of the host's idle-to-max range its jobs drive */
	int host_load_given;
	double gpu_cap_w;   /* per-GPU power cap for this class; 0 = none */
	int preemptible;    /* the grid's preempt policy may stop its jobs */
	double checkpoint_interval_h; /* work is saved this often; 0 = never */
	struct deferral_spec defer;
};

#endif
