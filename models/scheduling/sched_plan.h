/*
 * sched_plan.h - what the backfilling policies plan with: the running
 * jobs' estimated ends as a profile of free GPUs over time, the EASY
 * shadow time, and reservations in that profile (conservative). Counts
 * of GPUs, not nodes; times in ticks.
 */
#ifndef DCSIM_SCHED_PLAN_H
#define DCSIM_SCHED_PLAN_H

#include "scheduler.h"

struct sched_shadow {
	sim_time at; /* when the head can start by the estimates; SIM_TIME_NEVER: not before
		      * GPUs now down come back */
	int extra;   /* GPUs free then beyond its need */
};

/* The head needs `need` GPUs and free_now are free: where its reservation
 * falls among the running jobs' estimated ends. With no memory, {now, 0}
 * (no backfill: the head is not delayed). */
struct sched_shadow sched_shadow_of(const struct sched_env *env, int need, int free_now);

/* Free GPUs from step[i].t until step[i + 1].t (the last: for ever). */
struct sched_step {
	sim_time t;
	int free;
};

struct sched_profile {
	struct sched_step *step;
	size_t n, cap;
};

/* The profile of the running jobs from now: free_now, then each estimated
 * end's GPUs back; room for `extra` more steps. -1 out of memory. */
int sched_profile_build(struct sched_profile *p, struct scheduler *s,
			const struct sched_env *env, int free_now, size_t extra);
/* The earliest step time from which gpus are free for dur ticks. */
sim_time sched_profile_find(const struct sched_profile *p, int gpus, sim_time dur);
/* gpus are taken (sign +1) or given back (-1) over [from, to). */
void sched_profile_take(struct sched_profile *p, sim_time from, sim_time to, int gpus);

#endif
