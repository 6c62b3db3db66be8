/*
 * world_int.h - the state of one run, shared by world.c (events) and
 * world_results.c (KPIs and conservation). Not for other modules.
 */
#ifndef DCSIM_WORLD_INT_H
#define DCSIM_WORLD_INT_H

#include "battery.h"
#include "facility.h"
#include "gpu_power.h"
#include "job_pool.h"
#include "power_chain.h"
#include "meter.h"
#include "run_result.h"
#include "scheduler.h"
#include "sim.h"
#include "workload.h"

#include <gsl/gsl_rng.h>

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
	double running_gpus; /* GPUs of its running jobs */
	double grid_held_w;  /* per GPU: what the grid's cap holds back now */
};

/* Cooling quantities of the facility, as integrals (unit x tick); see
 * world_cooling_totals. */
struct cooling_totals {
	double w[COOL_N_COMPONENTS];  /* W x tick */
	double water_lph;             /* L/h x tick */
	double free_w;                /* heat removed without compressors */
	double removed_w;
	double rejected_w;
	double deficit_w;             /* heat no plant could remove */
	double full_free;             /* time every plant ran compressor-free */
	double partial_free;          /* time some free cooling, not full */
	double dry_c;                 /* outdoor dry bulb x tick */
	double wet_c;
	double thermal_gpus;          /* GPUs held down by a thermal cap */
	double thermal_any;           /* time some plant imposed a cap */
};

/* One cooling zone's plant during the run. Fixed-PUE zones keep no
 * meters: their overhead is (pue - 1) x their IT, integrated by the
 * facility's zone meters. */
struct zone_state {
	int physical;          /* not fixed PUE */
	double capacity_w;     /* most heat the plant removes this hour */
	double thermal_cap_w;  /* per-GPU cap it imposes now, 0 = none */
	double cooling_w;      /* its power now */
	struct meter w[COOL_N_COMPONENTS];
	struct meter water_lph, free_w, removed_w, rejected_w, deficit_w;
	int full, partial;     /* free cooling now */
};

/* A running job's stake in a zone, for solving its thermal cap. */
struct thermal_term {
	double want_w;   /* uncapped draw per GPU */
	double base_w;   /* its cap from everything but this zone, 0 = none */
	double now_w;    /* its draw now */
	double gpus;     /* its GPUs in the zone */
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
	/* cooling (world_cooling.c) */
	struct zone_state *zones;
	struct zone_state room; /* the electrical rooms' plant, if sc->has_room */
	struct outdoor outdoor;
	size_t weather_offset;  /* series hour at the start of the run */
	int n_thermal;          /* zones imposing a thermal cap now */
	int n_physical;         /* zones not at a fixed PUE */
	double thermal_floor_w; /* lowest cap a plant may impose */
	struct meter dry_c, wet_c, full_free, partial_free, thermal_gpus, thermal_any;
	struct thermal_term *terms;
	size_t cap_terms;
	struct cooling_totals last_cool;
	/* facility level, W: IT + distribution losses + cooling; integrated
	 * on its own as a check on the parts */
	struct meter facility_w;
	/* grid (world_grid.c): signals now, and cost (USD/h) and emissions
	 * (kg/h) at the facility's draw */
	struct meter carbon, price, cost_rate, co2_rate;
	double last_cost, last_co2, last_carbon, last_price;
	/* grid capacity (world_cap.c) */
	int has_cap;
	double cap_w;           /* the connection's capacity now */
	double grid_cap_w;      /* per-GPU cap the grid imposes now, 0 = none */
	int in_cap;             /* enforcing the cap: no nested enforcement */
	int trial;              /* solving: end events move once it is done */
	struct job *admitting;  /* started tentatively, kept only if it fits */
	int admit_refused;
	int *refused_gpus;      /* per class: smallest job refused this dispatch */
	uint64_t power_blocked; /* queued jobs whose last try failed for power */
	struct meter cap_meter; /* capacity, W (0 without a cap) */
	struct meter grid_w;    /* drawn from the grid: facility + battery */
	struct meter over_w;    /* grid draw - capacity; its peak must stay <= 0 */
	struct meter at_cap;    /* 1 while the cap binds */
	struct meter grid_gpus; /* GPUs of running jobs slowed by the grid's cap */
	struct meter grid_held_w; /* GPU power the grid's cap holds back */
	uint64_t power_delayed; /* measured jobs refused for power at least once */
	uint64_t power_delayed_started;
	double power_added_wait_s; /* first refusal to start, those that started */
	uint64_t preemptions;
	double lost_gpu_s;      /* GPU-seconds of work lost to preemption */
	double last_cap, last_grid, last_grid_gpus;
	int cap_violated;       /* even the idle facility drew more than the cap */
	sim_time cap_violation_at;
	double cap_violation_w;
	/* battery (world_battery.c) */
	struct battery bat;
	struct meter bat_w;     /* terminal power: + charge, - discharge */
	struct meter charge_w, discharge_w;
	event_id bat_event;
	sim_time bat_t;         /* the battery's state is at this time */
	double bat_soc0_wh;     /* at the start and at warm-up's end */
	double bat_mark_wh;
	double last_bat;
	/* deferral (world_defer.c) */
	struct job *held;       /* deferred jobs not yet released */
	size_t n_held;
	uint64_t deferred;      /* measured jobs held back */
	double deferred_s;      /* their total hold */
	gsl_rng *forecast_rng;
	double *forecast;       /* per run hour, the signal as forecast */
	size_t n_forecast;
	int no_defer;           /* the paired baseline: run deferrable jobs at once */
	struct meter running;
	struct meter queued;
	struct meter throttled; /* GPUs of running jobs slowed by a cap */
	/* integrals at the last sample, for interval averages */
	sim_time last_sample;
	double last_it[IT_N_COMPONENTS];
	double last_facility, last_busy, last_running, last_queued, last_throttled;
	double last_loss, last_it_total;
	struct job_counts all;      /* every job of the run */
	struct job_counts measured; /* jobs submitted after warm-up */
	double *waits_s;            /* measured jobs that started */
	size_t n_waits, cap_waits;
	struct run_result *res;
};

/* world.c: the draw, speed and thermal flag j should have now, and
 * bringing j to it (moving its end event and every meter). */
void world_job_rate(const struct world *w, const struct job *j, double *draw, double *speed,
		    int *thermal);
void world_job_rerate(struct world *w, struct job *j, sim_time now);
/* IT, losses or cooling changed: settle the plants, move the facility
 * meter, hold the grid's cap, follow with the battery and the grid meters. */
void world_power_changed(struct world *w, sim_time now);
/* Settle the plants and the facility meter only; the facility's draw, W. */
double world_facility_settle(struct world *w, sim_time now);
/* Class k's draw and speed under the caps now, its running jobs re-rated. */
void world_class_rerate(struct world *w, size_t k, sim_time now);
/* Move every running job's end event to where its work now ends. */
void world_move_ends(struct world *w);
/* Stop running job j and put it back in the queue, losing the work since
 * its last checkpoint. */
void world_job_preempt(struct world *w, struct job *j, sim_time now);
/* Offer the queue to the scheduler. */
void world_dispatch(struct world *w);

/* world_cap.c: the grid connection's capacity and the policy under it. */
int world_cap_init(struct world *w);
void world_cap_fini(struct world *w);
/* The capacity of run hour h took effect now. */
void world_cap_hour(struct world *w, sim_time now, size_t h);
/* Bring the grid's draw under the capacity (throttle, preempt, suspend, or
 * refuse w->admitting), and lift the grid's cap as far as it fits. */
void world_cap_enforce(struct world *w, sim_time now);
/* Back to grid cap c, known to fit (a refused start was taken back). */
void world_cap_restore(struct world *w, double c, sim_time now);
/* 1 if j surely cannot start for power now (no placement tried). */
int world_cap_quick_refuse(struct world *w, struct job *j);
void world_cap_refused(struct world *w, struct job *j, sim_time now);
void world_cap_no_gpus(struct world *w, struct job *j);
void world_cap_started(struct world *w, struct job *j, sim_time now);
void world_cap_dispatch_begin(struct world *w);
/* Set the at-cap meter: a grid cap holds GPUs back, a job waits for power,
 * or the battery shaves. */
void world_cap_binding(struct world *w, sim_time now);
void world_cap_meters(struct world *w, sim_time now, void (*fn)(struct meter *, sim_time));

/* world_battery.c */
void world_battery_init(struct world *w);
/* Set the battery's power for the facility's draw and the signals now. */
void world_battery_update(struct world *w, sim_time now);
/* Bring the state of charge up to now (for reading). */
void world_battery_flush(struct world *w, sim_time now);
/* What the battery can add to the facility now, W (0 without one). */
double world_battery_shave_w(const struct world *w);

/* world_defer.c: carbon- and price-aware deferral. */
int world_defer_init(struct world *w);
void world_defer_fini(struct world *w);
/* Hold j back (1) until the forecast's best hour within its slack, or
 * not (0: the caller queues it now). */
int world_defer_hold(struct world *w, struct job *j, sim_time now);
/* Jobs still held at the end of the run, for the job log. */
int world_defer_record(struct world *w);
/* Price j's GPU energy since the last call at the signals now (jobs of
 * deferrable classes; j advanced to now). */
void world_defer_bank(struct world *w, struct job *j);
/* Every running job of a deferrable class, before the signals change. */
void world_defer_bank_all(struct world *w, sim_time now);
/* j of a deferrable class completed: keep what it emitted and cost. */
int world_defer_completed(struct world *w, const struct job *j);

/* world_cooling.c */
int world_cooling_init(struct world *w);
void world_cooling_fini(struct world *w);
/* After IT changed: impose or lift thermal caps, recompute every plant;
 * the cooling power of the facility now, W. */
double world_cooling_update(struct world *w, sim_time now);
void world_cooling_flush(struct world *w, sim_time now);
void world_cooling_mark(struct world *w, sim_time now);
/* Facility totals since the start (window 0) or over the window. */
void world_cooling_totals(const struct world *w, int window, struct cooling_totals *out);
/* Integral of zone z's cooling quantities (fixed PUE derived from IT). */
void world_zone_totals(const struct world *w, int z, int window, struct cooling_totals *out);
/* The same for the electrical rooms' plant (zeros without one). */
void world_room_totals(const struct world *w, int window, struct cooling_totals *out);

/* world_grid.c */
void world_grid_init(struct world *w);
/* The facility's draw changed: move the cost and emissions rates. */
void world_grid_update(struct world *w, sim_time now);
void world_grid_flush(struct world *w, sim_time now);
void world_grid_mark(struct world *w, sim_time now);

/* Append the time-series row for [last_sample, now) (a no-op without a
 * time series); the meters flushed to now first (world.c). */
int world_sample_row(struct world *w, sim_time now);
/* Store j's final record (when it leaves, or at the end of the run). */
int world_record_job(struct world *w, const struct job *j);
/* Fill res->kpis from the meters, counts and waits. */
int world_fill_kpis(struct world *w);
/* Every conservation law; -1 with messages in d when one is broken. */
int world_check_conservation(struct world *w, struct diag *d);

#endif
