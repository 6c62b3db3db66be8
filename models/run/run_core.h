/*
 * run_core.h - one run: its shared core, and the one interface through
 * which the run's subsystems reach it. Not for code outside models/run.
 *
 * The core (struct world) is what every part of a run shares: the clock
 * and events (sim), the racks and GPUs (fac), the distribution chain, the
 * jobs (pool, queue, classes, and what each power group of them draws
 * under the caps in force),
 * and the meters and tallies of all that. The caps in force are core
 * state too (the facility-wide schedule, the grid's per-GPU cap, each
 * zone's thermal cap), because every job's draw and speed is rated from
 * all of them at once (world_job_rate); a subsystem sets its cap through
 * the core (world_grid_cap_set, world_zone_cap_set), which re-rates the
 * jobs it affects.
 *
 * A subsystem (cooling, grid cap, battery, grid meters, deferral, the
 * queue's statistics, failures, inference services, months, the cost of
 * ownership) owns a state struct defined in its own
 * file and nowhere else, and one ops table. The run allocates each state
 * (zeroed, ops->size bytes) and calls the ops in the order of one list,
 * RUN_SUBS below; adding a subsystem means adding its row there.
 * That order is the order of every pass and is load-bearing where one
 * subsystem follows another: at each change of the facility's draw, the
 * cap holds the connection first, the battery then sets its power for the
 * draw that remains, and the grid meters follow facility + battery; the
 * queue fills its KPIs before failures, whose goodput uses its lost work.
 *
 * A subsystem may read the core's fields and call the functions declared
 * here; it reaches another subsystem only through that subsystem's
 * functions below (world_cap_capacity_w, world_battery_power_w, ...),
 * never its state.
 *
 * Invariants (asserted where they are relied on): the facility's draw is
 * never settled from inside a settle (no nested world_power_changed);
 * every GPU is free or held by exactly one running job; a job is on its
 * power group's running list iff it is running; a job's end event is where
 * its remaining work ends at its speed now; the grid's cap is solved over
 * world_draw_at's pure evaluation and applied once, so no state is ever
 * tentative.
 */
#ifndef DCSIM_RUN_CORE_H
#define DCSIM_RUN_CORE_H

#include "battery.h"
#include "diag.h"
#include "facility.h"
#include "gpu_power.h"
#include "job_pool.h"
#include "power_chain.h"
#include "quantiles.h"
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

/*
 * What a power group's GPUs draw and how fast its jobs run under the caps
 * now; every running job of the group is on its list. A power group is a
 * class's jobs at one power level: a class has one group, or one per
 * level of its gpu_power_dist (K, models/workload/power_levels.h), and
 * its groups are consecutive (class k's are group_first[k] to
 * group_first[k + 1] - 1), so a class without a distribution is the group
 * of its own index. The draw aggregates of admission, the grid's cap
 * solve and the thermal terms are per group, never per job.
 */
struct power_group {
	size_t class_index;
	double want_w;  /* uncapped draw per GPU at the group's power */
	double host_w;  /* host draw the class adds per GPU */
	double cap_w;   /* the tightest cap now, 0 = none */
	double draw_w;  /* per GPU */
	double speed;
	struct job *running;
	double running_gpus; /* GPUs of its running jobs */
	double grid_held_w;  /* per GPU: what the grid's cap holds back now */
};

/* The core's integrals at the last time-series sample, for interval
 * averages (each subsystem keeps its own). */
struct core_marks {
	sim_time at;
	double it[IT_N_COMPONENTS];
	double it_total, facility, busy, running, queued, throttled, loss, grid_gpus;
};

struct world;
struct draw_work; /* world.c's alone */

/*
 * A holder of GPUs other than the jobs (the inference replicas): it
 * registers itself in w->holder at init, and the failures reach what it
 * holds only through these, knowing nothing of what it is.
 *  gpus_on  GPUs it holds on node now.
 *  fail     node's GPUs failed: stop what holds its pos-th held GPU
 *           (counting in the holder's own order; pos < 0: everything it
 *           holds on node), giving their GPUs back to the cluster; no
 *           settle and no dispatch (the failure's handler does both, once,
 *           after it took the failed GPUs out). How many it stopped.
 *  draw_at  (with a grid capacity) stage in world_draw_at's scratch, through
 *           world_draw_stage, how much more its GPUs and hosts would draw
 *           under the grid's per-GPU cap c (0 = none), every other cap as
 *           in force, from their state now (full: as if every one of them
 *           ran at full load, the reserve a start is admitted against);
 *           pure but for the scratch.
 *  recap    (with a grid capacity) bring its GPUs' draw and speed to the
 *           caps in force now, as draw_at predicts at the grid's cap, with
 *           no settle (the caller settles once): world_grid_cap_set and a
 *           capped start call it, so the settle is the prediction.
 */
struct gpu_holder {
	void *st;
	int (*gpus_on)(const struct world *w, const void *st, int node);
	int (*fail)(struct world *w, void *st, int node, int pos, sim_time now);
	void (*draw_at)(const struct world *w, const void *st, double c, int full);
	void (*recap)(struct world *w, void *st, sim_time now);
};

/*
 * The subsystems, once, in the list's order (see the top of this file):
 * X(ID, ops). A row gives its id (RUN_SUB_<ID>, the index of its state in
 * w->sub) and the ops its file world_<name>.c defines; every pass walks
 * them in this order. A new subsystem is a row here.
 */
#define RUN_SUBS(X)                       \
	X(COOLING, world_cooling_ops)     \
	X(CAP, world_cap_ops)             \
	X(BATTERY, world_battery_ops)     \
	X(GRID, world_grid_ops)           \
	X(DEFER, world_defer_ops)         \
	X(QUEUE, world_queue_ops)         \
	X(FAILURES, world_failures_ops)   \
	X(INFERENCE, world_inference_ops) \
	X(MONTHS, world_months_ops)       \
	X(TCO, world_tco_ops)

enum run_sub_id {
#define RUN_SUB_ENUM(id, ops) RUN_SUB_##id,
	RUN_SUBS(RUN_SUB_ENUM)
#undef RUN_SUB_ENUM
	RUN_N_SUBS
};

/* What a subsystem's init returns (>= 0): the per-event hooks it needs
 * in this run, so a part the scenario does not use (no cap, no battery)
 * costs nothing per event. */
enum run_hook_bits {
	RUN_HOOK_DRAW = 1,  /* call draw at every settle */
	RUN_HOOK_POWER = 2, /* call power at every change of the draw */
};

/* The subsystems with a hook, in list order, as the function and its
 * state (one load each per event, not a walk of the whole list). */
struct run_hooks {
	int n;
	struct run_hook {
		enum run_sub_id id;
		void *st;
		double (*draw)(struct world *w, void *st, sim_time now);
		double (*draw_at)(const struct world *w, const void *st, const double *zone_w,
				  double indoor_w);
		void (*power)(struct world *w, void *st, sim_time now);
	} at[RUN_N_SUBS];
};

/*
 * A subsystem's ops. st is its own state. Every op but init may be NULL.
 *  init    build the state from w->sc; schedule its first events. Its
 *          hooks (enum run_hook_bits), or -1 out of memory (fini runs after a
 *          failed init too).
 *  draw    settle its share of the facility's draw at now and return it, W
 *          (cooling: the plants at the heat now).
 *  energy  required with draw: the energy it drew over the window, W x
 *          ticks, from its own meters, for the conservation check
 *          (facility = IT + distribution losses + every drawer's energy).
 *  draw_at required with draw: what its share would be, W, if zone z's IT
 *          were zone_w[z] and the chain's indoor losses indoor_w, with
 *          its state as it is; pure (world_draw_at, for admission and the
 *          cap's solve). The subsystem documents what it holds fixed.
 *  power   the facility's draw changed (and is settled): follow it.
 *  mark    warm-up ends: start its measurement window.
 *  flush   bring its meters (and any state a read needs) up to now. Not a
 *          pure read (the battery advances), so it runs at every sample
 *          tick, written or not: outputs never change a run.
 *  sample  fill its columns of the row for the interval of span ticks
 *          ending now (flushed); cooling, cap, battery, grid in list order,
 *          so the grid's headroom can use the capacity column
 *          (TS_COLUMNS, kpi_table.h).
 *  job     fill its columns of a job's record (JOB_COLUMNS), after the
 *          core's; pure. Only when the job log is written: never state.
 *  kpis    fill its KPIs (and result tables) over the window; -1 out of
 *          memory.
 *  check   its conservation laws and end-of-run failures; -1 with
 *          messages in d. The run stops at the first subsystem that fails.
 */
struct run_sub_ops {
	const char *name;
	size_t size;
	int (*init)(struct world *w, void *st);
	void (*fini)(struct world *w, void *st);
	double (*draw)(struct world *w, void *st, sim_time now);
	double (*draw_at)(const struct world *w, const void *st, const double *zone_w,
			  double indoor_w);
	double (*energy)(const struct world *w, const void *st);
	void (*power)(struct world *w, void *st, sim_time now);
	void (*mark)(struct world *w, void *st, sim_time now);
	void (*flush)(struct world *w, void *st, sim_time now);
	void (*sample)(struct world *w, void *st, double span, struct ts_row *row);
	void (*job)(const struct world *w, const void *st, const struct job *j,
		    struct job_record *rec);
	int (*kpis)(struct world *w, void *st, struct run_kpis *k, double window);
	int (*check)(struct world *w, void *st, struct diag *d);
};

#define RUN_SUB_OPS(id, ops) extern const struct run_sub_ops ops;
RUN_SUBS(RUN_SUB_OPS)
#undef RUN_SUB_OPS
/* The list, by enum run_sub_id (world_run.c, from RUN_SUBS). */
extern const struct run_sub_ops *const world_subs[RUN_N_SUBS];

struct world {
	const struct scenario *sc;
	struct sim *sim;
	sim_time horizon;
	sim_time warmup;
	sim_time sample_dt;
	int no_defer;        /* the paired baseline: run deferrable jobs at once */
	int oom;
	size_t queue_full; /* 1 + the class whose arrival passed limits.max_queued_jobs */
	/* racks, GPUs, the chain and the facility's draw */
	struct facility fac;
	struct gpu_power gpu;
	int gpu_ready;            /* gpu was initialised (for clean-up) */
	struct power_chain chain; /* distribution losses; no levels: none */
	struct meter facility_w;  /* IT + losses + every subsystem's draw, W */
	struct run_hooks on_draw, on_power;
	struct gpu_holder holder; /* GPUs held other than by jobs (none: NULL ops) */
	int settling;             /* inside world_power_changed (asserts only) */
	int dispatch_follows;     /* a job ended: its dispatch comes next, and the
				     grid's hold may wait for it (world_cap.c) */
	int cap_hold_pending;     /* the grid's hold waits for that dispatch's end */
	/* the caps in force and what the jobs draw under them */
	struct power_group *groups; /* n_groups, class by class */
	size_t n_groups;
	size_t *group_first;      /* per class + 1: its first group (the last: n_groups) */
	double facility_cap_w;    /* facility-wide GPU cap now, 0 = none */
	double grid_cap_w;        /* per-GPU cap the grid imposes now, 0 = none */
	double *zone_cap_w;       /* per zone: its plant's thermal cap, 0 = none */
	int n_zone_caps;          /* zones imposing one now */
	uint64_t zone_cap_moves;  /* times a thermal cap changed (asserts only) */
	struct draw_work *dw;     /* world_draw_at's scratch (runs with a cap) */
	/* jobs */
	struct scheduler sched;
	struct sched_running *plan_running; /* the backfill policies' view of running jobs */
	size_t cap_plan_running;
	struct class_sampler *samplers;
	int *arrival_timers;      /* per class: the engine timer of its next arrival */
	struct job_pool pool;
	uint64_t next_job_id;
	int any_preemptible;        /* some class is preemptible or spot (world_preempt.c) */
	/* fixed for the run at its first arrival (world_jobs_start), so the
	 * job events test one word, not the scenario and the scheduler:
	 * sched_clocked, the queue is reordered at each dispatch (aging, class
	 * bonus); arrivals_direct, an arrival to an empty queue may start
	 * without being queued (world.c: arrival_starts) */
	int sched_clocked, arrivals_direct;
	struct job_counts all;      /* every job of the run */
	struct job_counts measured; /* jobs submitted after warm-up */
	/* measured jobs that completed: their work, full-speed GPU-seconds,
	 * and the sum of their slowdowns (delivered-work KPIs) */
	double done_work_gpu_s, slowdown_sum;
	struct quantiles waits_s;   /* measured jobs that started: their waits */
	/* meters of the jobs under the caps */
	struct count_meter running, queued;
	struct meter throttled;     /* GPUs of running jobs slowed by any cap */
	struct meter thermal_gpus;  /* ... held down by a plant's thermal cap */
	struct meter grid_gpus;     /* ... slowed by the grid's cap */
	struct meter grid_held_w;   /* GPU power the grid's cap holds back */
	struct meter writing;       /* GPUs of jobs writing a checkpoint */
	struct meter restarting;    /* GPUs of jobs reloading one after a stop */
	double mtbi_run_s;          /* jobs of >= output.mtbi_min_gpus: their running time */
	uint64_t mtbi_hits;         /* in the window, and their failure interruptions */
	double ettr_sum;            /* measured completed jobs of checkpointing classes: */
	uint64_t ettr_n;            /* the sum of their ETTRs and their count */
	struct core_marks last;
	struct run_result *res;
	void *sub[RUN_N_SUBS];      /* each subsystem's state, by enum run_sub_id */
};

/* j's power group (struct power_group), as the facility's per-group
 * places are keyed (facility_groups.c: a cap's change moves each node
 * set, rack and zone of the group once instead of walking its jobs). */
static inline int world_power_group(const struct job *j)
{
	return (int)j->power_group;
}

/* Does the run have a grid cap (so admission asks world_cap.c)? */
static inline int world_has_cap(const struct world *w)
{
	return w->sc->grid.capacity.source != GRID_SIGNAL_NONE;
}

/* ---- the core, for subsystems (world.c) ---- */

/* The draw, speed and thermal flag j should have now, and bringing j to
 * it (moving its end event and every meter). */
void world_job_rate(const struct world *w, const struct job *j, double *draw, double *speed,
		    int *thermal);
void world_job_rerate(struct world *w, struct job *j, sim_time now);
/* The facility's draw changed (IT, losses or a subsystem's): settle it,
 * then every subsystem's power op in list order. Never nested. */
void world_power_changed(struct world *w, sim_time now);
/* Settle the subsystems' draws, the chain and the facility meter only;
 * the facility's draw, W. */
double world_facility_settle(struct world *w, sim_time now);
/* The facility's settled draw, W, if the running set plus j (NULL:
 * none; placed on the GPUs j->allocs names, not taken) ran with the
 * grid's per-GPU cap c (0 = none), every other cap as in force. Pure:
 * only its scratch (w->dw) is written; the chain must be settled.
 * Exact (to rounding) but for the subsystems' draw_at approximations
 * (cooling: the thermal caps held as they are). */
double world_draw_at(const struct world *w, const struct job *j, double c);
/* The same with, instead of a job, a load on the GPUs place->allocs
 * names (chosen, not taken) whose GPUs want want_w each (uncapped) and
 * whose hosts draw host_w more per GPU, and the GPU holder's GPUs at
 * full load: an inference replica's start, against every replica's
 * full draw. */
double world_draw_at_load(const struct world *w, const struct job *place, double want_w,
			  double host_w, double c);
/* The IT the computing GPUs (and j's, placed) would add if the grid's
 * cap went from lo to hi > lo, their fan factors included, as
 * world_draw_at stages them, from the aggregates: O(power groups x zones
 * + j's allocations). NAN with a thermal cap in force (the jobs of a group
 * then draw differently). A GPU holder's replicas are not in it. */
double world_draw_it_rise(const struct world *w, const struct job *j, double lo, double hi);
/* The least world_draw_at rises per W of that IT: the chain's losses and
 * the cooling can only add to it but for the dips of linearly
 * interpolated efficiencies (world.c: rise_factor). Constant per run. */
double world_draw_rise_factor(const struct world *w);
/* A lower bound of world_draw_at(w, NULL, c), c at or below the cap in
 * force, from the aggregates and one evaluation of the plants: no chain
 * walk. NAN with a thermal cap in force or a GPU holder. */
double world_draw_at_lower(const struct world *w, double c);
/* For a GPU holder's draw_at: place's GPUs would draw d W (GPU + host,
 * per GPU) more. */
void world_draw_stage(const struct world *w, const struct job *place, double d);
int world_draw_work_init(struct world *w);
void world_draw_work_fini(struct world *w);
/* Run the power ops of the subsystems from first on (in list order):
 * those that follow one that has already acted. */
void world_power_follow(struct world *w, sim_time now, enum run_sub_id first);
/* Group g's draw and speed under the caps now, its running jobs re-rated. */
void world_group_rerate(struct world *w, size_t g, sim_time now);
/* Group g's cap from everything but the grid and the zones (node, class,
 * facility), W (0 = none). */
double world_group_base_cap(const struct world *w, size_t g);
/* The cap on every GPU of the facility now, 0 none: the node's setting
 * (node.gpu_cap_w) and the facility's schedule. A job's class may add its
 * own (world_group_base_cap); a replica is under this one and its zones'. */
double world_node_cap(const struct world *w);
/* What one GPU of group g draws (W) and how fast its job runs, if the
 * grid's per-GPU cap were c (0 = none), every other cap but the zones' as
 * in force: the rule every group's jobs are rated by (a zone's thermal cap
 * then applies per job, world_job_rate), and what admission and the
 * cap's solve ask. Pure. */
void world_group_at(const struct world *w, size_t g, double c, double *draw_w, double *speed);
static inline double world_group_gpu_w(const struct world *w, size_t g, double c)
{
	double d, s;
	world_group_at(w, g, c, &d, &s);
	return d;
}
/* The grid's per-GPU cap is c (0 = none) from now: every power group whose
 * rate it changes re-rated (end events moved), then the facility
 * settled; its draw, W. Called once per hold, with the cap solved. */
double world_grid_cap_set(struct world *w, double c, sim_time now);
/* Zone z's thermal cap is c now (0 = none): its jobs re-rated. */
void world_zone_cap_set(struct world *w, int z, double c, sim_time now);
/* Stop running job j and put it back in the queue, losing the work since
 * its last checkpoint; the GPU-seconds lost. */
double world_job_preempt(struct world *w, struct job *j, sim_time now);
/* The same for a failure of j's GPUs or nodes (counted as an
 * interruption); the full-speed work lost, s per GPU. */
double world_job_fail(struct world *w, struct job *j, sim_time now);
/* Stop j for a job that outranks it (world_preempt.c): requeued, its work
 * since the last checkpoint lost. */
void world_job_bump(struct world *w, struct job *j, sim_time now);
/* j's speed factor from the fabric, from its placement (1: none). */
static inline double world_fabric_speed(const struct world *w, const struct job *j)
{
	return facility_fabric_speed(&w->fac, j->pods,
				     w->sc->classes[j->class_index].cross_pod_comm_fraction,
				     w->sc->pod_oversubscription);
}
/* world_preempt.c: stop jobs j outranks (spot first, then fewest GPU-hours
 * lost) until j fits; 1 when it now does (nothing stopped when even all
 * of them would not free enough GPUs). */
int world_preempt_for(struct world *w, struct job *j, sim_time now);
/* The same for any claimant of gpus GPUs placed like fit (its allocs
 * are probed, left empty) with this priority, spot or not (a replica of
 * an inference service: its service's priority, not spot); *stopped (if
 * not NULL) the jobs it stopped. 1 when fit now fits. */
int world_preempt_gpus(struct world *w, struct job *fit, int gpus, int priority, int spot,
		       int *stopped, sim_time now);
/* world_checkpoint.c: j's checkpoint interval, write and restart times
 * from its class (at arrival, its GPU count drawn). */
void world_checkpoint_setup(const struct world *w, struct job *j);
/* A job of gpus GPUs' mean time between interruptions under the failure
 * processes, s (INFINITY without any). */
double world_job_mtbi_s(const struct world *w, int gpus);
/* Every GPU is free, down or held by exactly one running job. */
int world_gpus_accounted(const struct world *w);
/* The GPU holder's (struct gpu_holder): its GPUs on node, and stop what
 * holds node's pos-th held GPU (pos < 0: all it holds there); 0 without. */
static inline int world_holder_gpus_on(const struct world *w, int node)
{
	return w->holder.gpus_on ? w->holder.gpus_on(w, w->holder.st, node) : 0;
}
static inline int world_holder_fail(struct world *w, int node, int pos, sim_time now)
{
	return w->holder.fail ? w->holder.fail(w, w->holder.st, node, pos, now) : 0;
}
/* Offer the queue to the scheduler. */
void world_dispatch(struct world *w);
/* Store j's final record (when it leaves, or at the end of the run). */
int world_record_job(struct world *w, const struct job *j);
/* Out of memory during the run: stop it. */
void world_fail_oom(struct world *w);
/* For world_run.c: schedule the core's first events (cap steps,
 * arrivals), and log the jobs left at the horizon; -1 out of memory. */
int world_jobs_start(struct world *w);
int world_jobs_unfinished(struct world *w);

/* world_run.c: bring every meter, the chain and each subsystem up to now
 * (not a pure read: see there); at sample ticks, month ends and the end. */
void world_flush(struct world *w, sim_time now);

/* ---- world_results.c: the core's part of the results ---- */
/* Append the time-series row for [last.at, now) (a no-op without a time
 * series); every meter flushed to now first (world.c). */
int world_sample_row(struct world *w, sim_time now);
/* Fill res->kpis from the core's meters, counts and waits, then from
 * every subsystem. */
int world_fill_kpis(struct world *w);
/* Every subsystem's checks, then the core's conservation laws; -1 with
 * messages in d when one is broken. */
int world_check_conservation(struct world *w, struct diag *d);
double world_w_tick_to_mwh(double w_ticks);
/* |a - b| within the conservation tolerance (1e-9 relative). */
int world_close_enough(double a, double b);
/* whole ~ parts, or -1 with a message naming what. */
int world_check_sum(struct diag *d, const char *src, const char *what, double whole,
		    double parts);

/* The per-GPU and per-node power distributions (world_power_dist.c):
 * close them at the horizon into the KPIs and res->power_bins (-1 out of
 * memory), and their conservation laws. */
int world_power_dist_fill(struct world *w);
int world_power_dist_check(const struct world *w, struct diag *d);

/* ---- the subsystems' functions for the core and each other ---- */

/* world_cooling.c */
/* Cooling quantities of the facility, as integrals (unit x tick). */
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
/* Facility totals since the start (window 0) or over the window. */
void world_cooling_totals(const struct world *w, int window, struct cooling_totals *out);
/* The lowest per-GPU cap anything may impose (the GPUs' lowest power
 * limit), W. */
double world_cooling_floor_w(const struct world *w);

/* world_cap.c */
/* The connection's capacity now, W (INFINITY without a cap). */
double world_cap_capacity_w(const struct world *w);
/* What admission answered for a start (world_cap_admit). */
struct cap_admission {
	int fits;         /* j may start */
	double cap_w;     /* the grid's per-GPU cap it starts under (0 = none) */
	double draw_w;    /* the facility's draw then, as world_draw_at predicts (NAN
			     when a bound decided without evaluating it) */
};
/* Would the facility fit under the capacity with j started on the GPUs
 * j->allocs names (chosen, not taken), and under what grid cap, at most
 * as tight as the policy lets a start make it? Nothing of the run
 * changes for the answer, except that under the preempt policy running
 * jobs may be stopped to make room (they stay stopped either way). A
 * refusal is recorded (the job waits for power). */
struct cap_admission world_cap_admit(struct world *w, struct job *j, sim_time now);
/* The start admission allowed is made and the facility settled (inside
 * the settle): check the draw against the prediction (unless a thermal
 * cap moved, thermal_moved), hold the capacity if it is crossed, and let
 * the battery and grid meters follow. */
void world_cap_settled(struct world *w, double predicted, int thermal_moved, sim_time now);
/* Would the facility fit under the capacity with a load on the GPUs
 * place->allocs names (chosen, not taken), each wanting want_w and its
 * host host_w more (an inference replica at a full batch), and the GPU
 * holder's at full load (world_draw_at_load), with the grid's cap as
 * tight as the policy lets a start make it? Pure: the caller waits and
 * counts a refusal. */
int world_cap_fits_load(struct world *w, const struct job *place, double want_w, double host_w,
			sim_time now);
/* 1 if j surely cannot start for power now (no placement tried). */
int world_cap_quick_refuse(struct world *w, struct job *j);
void world_cap_no_gpus(struct world *w, struct job *j);
void world_cap_started(struct world *w, struct job *j, sim_time now);
void world_cap_dispatch_begin(struct world *w);
/* After a job's end and its dispatch, when the end's power op left its
 * hold for them (w->cap_hold_pending): the hold, then the power ops
 * after the cap's. */
void world_cap_dispatch_end(struct world *w, sim_time now);
/* Set the at-cap meter: a grid cap holds GPUs back, a job waits for power,
 * or the battery shaves. */
void world_cap_binding(struct world *w, sim_time now);
/* The capacity of run hour h took effect now. */
void world_cap_hour(struct world *w, sim_time now, size_t h);

/* world_battery.c (each 0 without a battery) */
/* Bring the state of charge up to now. */
void world_battery_flush(struct world *w, sim_time now);
/* What the battery can add to the facility now, W. */
double world_battery_shave_w(const struct world *w);
/* Its terminal power now (+ charging), W, and its integral over the
 * window, W x tick. */
double world_battery_power_w(const struct world *w);
double world_battery_window_w(const struct world *w);

/* world_grid.c: the signals now (0 where there is none). */
/* GPU-ticks down over the window (0 without failures). */
double world_failures_down_window(const struct world *w);
/* GPU x ticks of GPUs drawing nothing over the window: failed GPUs and
 * those of unpowered nodes (a failed switch's rack stays at idle). */
double world_failures_dark_window(const struct world *w);
/* Each inference replica's GPU level up to end, into the facility's
 * power distribution (world_inference.c). */
void world_inference_gpu_levels(struct world *w, sim_time end);
double world_grid_carbon(const struct world *w);
double world_grid_price(const struct world *w);
/* Since the start, flushed: cost (USD/h x tick), emissions (kg/h x
 * tick) and grid energy (W x tick; the facility's without a grid). */
void world_grid_integrals(const struct world *w, double *cost, double *co2, double *grid);

/* world_defer.c: carbon- and price-aware deferral. */
/* Hold j back (1) until the forecast's best hour within its slack, or
 * not (0: the caller queues it now). */
int world_defer_hold(struct world *w, struct job *j, sim_time now);
/* Jobs still held at the end of the run, for the job log. */
int world_defer_record(struct world *w);
/* Jobs held now (queued, not in the scheduler's queue). */
size_t world_defer_held(const struct world *w);
/* Price j's GPU energy since the last call at the signals now (jobs of
 * deferrable classes; j advanced to now). */
void world_defer_bank(struct world *w, struct job *j);
/* Every running job of a deferrable class, before the signals change. */
void world_defer_bank_all(struct world *w, sim_time now);
/* j of a deferrable class completed: keep what it emitted and cost. */
int world_defer_completed(struct world *w, const struct job *j);

/* world_queue.c: waits by class and size, bounded slowdowns, backfills. */
#define QUEUE_BUCKETS 4
/* A measured job's first start, after waiting wait_s. */
void world_queue_started(struct world *w, const struct job *j, double wait_s);
/* A job completed (measured ones count). */
void world_queue_completed(struct world *w, const struct job *j);
/* After a dispatch: the free GPUs no queued job can use (with pods). */
void world_queue_fragmentation(struct world *w, sim_time now);
/* j starts running (every start): fair share's usage. */
void world_queue_began(struct world *w, const struct job *j, sim_time now);
/* Before a dispatch, with scheduler.fair_share_weight: each class's bonus. */
void world_queue_fair_share(struct world *w, sim_time now);
/* j stops running at now (end, preemption, failure): its GPU-hours. */
void world_queue_ran(struct world *w, const struct job *j, sim_time now);
/* r is preempted for a job that outranks it, losing lost_gpu_s. */
void world_queue_preempted(struct world *w, const struct job *r, int spot, double lost_gpu_s);
/* A completed job's bounded slowdown (10 s floor). */
double world_queue_bsld(const struct job *j);

#endif
