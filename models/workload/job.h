/*
 * job.h - a job: its request, its allocation and its progress.
 *
 * A running job is its remaining work (seconds at full speed) and a speed,
 * not just an end time: when a power cap or a thermal limit changes its
 * speed, job_set_speed() stretches what is left exactly and the caller
 * reschedules the end event at job_end_time().
 */
#ifndef DCSIM_JOB_H
#define DCSIM_JOB_H

#include <assert.h>
#include <math.h>
#include <stdint.h>

#include "hot_assert.h"
#include "clock.h"
#include "event_queue.h"

enum job_state {
	JOB_QUEUED,
	JOB_RUNNING,
	JOB_COMPLETED,
	JOB_REJECTED,
};

/* What a running job is doing: progress, or holding its GPUs without
 * progress while it writes a checkpoint or reloads one after a stop. */
enum job_phase {
	JOB_COMPUTE,
	JOB_WRITING,
	JOB_RESTARTING,
};

enum job_reject_reason {
	JOB_REJECT_NONE,
	JOB_REJECT_TOO_LARGE, /* asks for more GPUs than the facility has */
};

struct job_alloc {
	uint32_t node;
	uint32_t gpus;
};

struct job {
	uint64_t id;            /* arrival order within the run, from 0 */
	uint32_t class_index;
	uint32_t power_group;   /* its class's group at the power level it drew
				 * (run_core.h; the class's own without a
				 * distribution), for its whole life */
	int gpus;
	enum job_state state;
	enum job_reject_reason reject;
	int measured;           /* submitted after warm-up */
	sim_time submit;
	sim_time start;
	sim_time end;
	/* progress */
	double work_s;          /* full-speed seconds left at t_progress */
	double work_total_s;    /* its whole work, as drawn at arrival */
	double walltime_s;      /* its requested time limit (a trace's), -1 none */
	double estimate_s;      /* the run time the scheduler plans with (scheduler.estimate) */
	int priority;           /* its class's: higher is served first */
	int backfilled;         /* it started past a blocked head (backfill policies) */
	sim_time est_end;       /* running: its latest start + its estimate left then */
	sim_time resv;          /* queued: its reserved start (conservative backfill), -1 none */
	double speed;           /* fraction of full speed, > 0 */
	sim_time t_progress;
	/* energy of the job's GPUs, integrated at each change of power */
	double gpu_w;           /* draw of each of its GPUs now */
	sim_time level_since;   /* since when (the per-GPU power distribution) */
	double power_w;
	double energy_j;
	double banked_j;        /* energy_j already priced (deferrable classes) */
	double co2_g;           /* its GPU energy x the hour's carbon intensity */
	double cost_usd;        /* its GPU energy x the hour's price */
	event_id end_event;
	sim_time end_at;        /* when end_event fires */
	sim_time run_since;     /* its latest start (a preempted job starts again) */
	uint32_t starts;        /* times it started */
	uint32_t preemptions;   /* times the grid's preempt policy stopped it */
	uint32_t interruptions; /* times a failure of its GPUs or nodes stopped it */
	uint32_t bumps;         /* times a higher-priority (or non-spot) job preempted it */
	int spot;               /* its class runs on leftover capacity (behind every other) */
	/* its class's, copied at arrival for the per-job events (world.c) */
	int deferrable;         /* defer.on: the deferral subsystem banks and counts it */
	int ettr_counts;        /* the class checkpoints: its ETTR enters the KPI */
	int racks, pods;        /* what its latest placement spans */
	double fabric;          /* its speed's factor from the fabric across pods (1: none) */
	double worked_s;        /* full-speed work done, lost work included */
	double lost_s;          /* full-speed work lost to stops (since checkpoints) */
	double run_worked0_s;   /* worked_s and energy_j at its latest start */
	double run_energy0_j;
	int power_blocked;      /* its last try to start was refused for power */
	sim_time power_wait_from; /* its first refusal for power, -1 none */
	sim_time release;       /* a deferred job joins the queue then, -1 not deferred */
	uint64_t zone_mask;     /* cooling zones its GPUs are in (bit z) */
	int thermal;            /* its draw is held down by a plant's thermal cap */
	/* checkpoints, set at arrival from its class (world.c) */
	double ckpt_every_s;    /* full-speed work between checkpoints, 0 = none */
	double ckpt_write_s;    /* wall time to write one (0: instant) */
	double ckpt_restart_s;  /* wall time to reload one after a stop */
	double saved_s;         /* progress at its last completed checkpoint */
	double mark_s;          /* work_s at which it next stops to write, 0 = its end */
	enum job_phase phase;   /* WRITING, RESTARTING: no progress until phase_end */
	sim_time phase_end;
	double writing_s;       /* wall time spent writing checkpoints */
	double restarting_s;    /* wall time spent restarting */
	/* where it runs; the array is kept across reuse of the job object */
	struct job_alloc *allocs;
	uint32_t n_allocs;
	uint32_t cap_allocs;
	/* queue links, owned by the scheduler */
	struct job *prev;
	struct job *next;
	/* running links, owned by the world (its class's running jobs) */
	struct job *run_prev;
	struct job *run_next;
};

/* Start running at now with the given speed and GPU power (again, after
 * a preemption: the start time and energy so far are kept then). Inline,
 * as the two below. */
static inline void job_start(struct job *j, sim_time now, double speed, double power_w)
{
	hot_assert(speed > 0);
	j->state = JOB_RUNNING;
	if (j->starts++ == 0) {
		j->start = now;
		j->energy_j = 0.0;
	}
	j->run_since = now;
	j->phase = JOB_COMPUTE;
	j->run_worked0_s = j->worked_s;
	j->run_energy0_j = j->energy_j;
	j->t_progress = now;
	j->speed = speed;
	j->power_w = power_w;
}

/* Bring work and energy up to now (no work while writing or restarting).
 * Inline, with job_end_time: every job end and start runs them (a call
 * each showed in bench/callgrind.sh). */
static inline void job_advance(struct job *j, sim_time now)
{
	hot_assert(now >= j->t_progress);
	double dt_s = clock_to_s(now - j->t_progress);
	if (j->phase == JOB_COMPUTE) {
		j->work_s -= j->speed * dt_s;
		j->worked_s += j->speed * dt_s;
	} else if (j->phase == JOB_WRITING) {
		j->writing_s += dt_s;
	} else {
		j->restarting_s += dt_s;
	}
	j->energy_j += j->power_w * dt_s;
	j->t_progress = now;
}

/* From now until until, j writes or restarts (phase): no progress, its
 * GPUs at power_w in all; speed 1, so no cap counts it as slowed. */
void job_hold(struct job *j, sim_time now, enum job_phase phase, sim_time until,
	      double power_w);
/* The hold ends at now: progress again (the caller re-rates j). */
void job_release_hold(struct job *j, sim_time now);
/* Change speed and power from now on (advances first). */
void job_set_speed(struct job *j, sim_time now, double speed, double power_w);
/* The tick of j's next event at the current speed: its hold's end,
 * else where its work reaches mark_s (a checkpoint; 0: its end), rounded
 * up to a whole tick so a job never ends before its work is done. */
static inline sim_time job_end_time(const struct job *j)
{
	if (j->phase != JOB_COMPUTE)
		return j->phase_end;
	double left = j->work_s - j->mark_s;
	double left_s = left > 0 ? left / j->speed : 0.0;
	return j->t_progress + (sim_time)ceil(left_s * (double)SIM_TICKS_PER_S - 1e-9);
}

/* Room for n allocations: 0, or -1 when memory runs out. (Inline: every
 * placement asks, and the array is kept across reuse, so it nearly
 * always has the room.) */
int job_grow_allocs(struct job *j, uint32_t n);
static inline int job_reserve_allocs(struct job *j, uint32_t n)
{
	return n <= j->cap_allocs ? 0 : job_grow_allocs(j, n);
}

#endif
