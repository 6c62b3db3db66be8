/*
 * world_int.h - the state of one run, shared by world.c (events) and
 * world_results.c (KPIs and conservation). Not for other modules.
 */
#ifndef DCSIM_WORLD_INT_H
#define DCSIM_WORLD_INT_H

#include "facility.h"
#include "gpu_power.h"
#include "job_pool.h"
#include "power_chain.h"
#include "meter.h"
#include "run_result.h"
#include "scheduler.h"
#include "sim.h"
#include "workload.h"

struct job_counts {
	uint64_t submitted;
	uint64_t completed;
	uint64_t running;
	uint64_t queued;
	uint64_t rejected;
};

/* What a class's GPUs draw and how fast its jobs run under the caps now;
 * every running job of the class is on its list. */
struct class_power {
	double want_w;  /* uncapped draw per GPU at the class's utilization */
	double host_w;  /* host draw the class adds per GPU */
	double cap_w;   /* the tightest cap now, 0 = none */
	double draw_w;  /* per GPU */
	double speed;
	struct job *running;
};

struct world {
	const struct scenario *sc;
	struct sim *sim;
	struct facility fac;
	struct scheduler sched;
	struct class_sampler *samplers;
	int *arrival_timers; /* per class: the engine timer of its next arrival */
	struct gpu_power gpu;
	struct class_power *cls;
	double facility_cap_w; /* facility-wide GPU cap now, 0 = none */
	int gpu_ready;         /* gpu was initialised (for clean-up) */
	struct power_chain chain; /* distribution losses; no levels: none */
	struct job_pool pool;
	sim_time horizon;
	sim_time warmup;
	sim_time sample_dt;
	uint64_t next_job_id;
	int oom;
	/* facility level, W: IT + distribution losses + the fixed-PUE overhead
	 * IT x (PUE - 1), which needs no meter of its own (its integral is
	 * (PUE - 1) x IT's) until cooling replaces it */
	struct meter facility_w;
	struct meter running;
	struct meter queued;
	struct meter throttled; /* GPUs of running jobs slowed by a cap */
	/* integrals at the last sample, for interval averages */
	sim_time last_sample;
	double last_it[IT_N_COMPONENTS];
	double last_facility, last_busy, last_running, last_queued, last_throttled;
	double last_loss;
	struct job_counts all;      /* every job of the run */
	struct job_counts measured; /* jobs submitted after warm-up */
	double *waits_s;            /* measured jobs that started */
	size_t n_waits, cap_waits;
	struct run_result *res;
};

/* Append the time-series row for [last_sample, now). */
int world_sample_row(struct world *w, sim_time now);
/* Store j's final record (when it leaves, or at the end of the run). */
int world_record_job(struct world *w, const struct job *j);
/* Fill res->kpis from the meters, counts and waits. */
int world_fill_kpis(struct world *w);
/* Every conservation law; -1 with messages in d when one is broken. */
int world_check_conservation(struct world *w, struct diag *d);

#endif
