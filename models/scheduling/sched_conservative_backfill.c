/*
 * sched_conservative_backfill.c - conservative backfilling (Mu'alem and
 * Feitelson, "Utilization, predictability, workloads, and user runtime
 * estimates in scheduling the IBM SP2 with backfilling", IEEE TPDS
 * 12(6), 2001).
 *
 * Every queued job holds a reservation in a profile of free GPUs over
 * time, built from the running jobs' estimated ends. At each dispatch the
 * jobs are planned again in queue order, each with the profile holding
 * every other job's reservation: a job's own is taken out, and it gets
 * the earliest slot where its GPUs are free for its estimate. Its old
 * slot is still free then (no other job was planned into it), so with
 * exact estimates no reservation ever moves later: a job that starts
 * now (a backfill, when an earlier job waits) delays no earlier one.
 * A job that runs past its estimate counts as ending now, which can
 * push reservations later; that is the recompute the estimates need.
 *
 * What it leaves out: as EASY (sched_easy_backfill.c), GPUs are counted,
 * not nodes, and estimates are full-speed seconds. Only the first
 * scheduler.backfill_depth + 1 queued jobs hold reservations (Slurm
 * limits its plan the same way); the rest wait their turn.
 *
 * Cost per dispatch with a blocked head: O(R log R) plus O(depth x
 * (R + depth)) for R running jobs.
 */
#include "scheduler.h"

#include "sched_plan.h"

static sim_time from_now(sim_time t, sim_time now)
{
	return t > now ? t : now;
}

static void conservative_dispatch(struct scheduler *s, const struct sched_env *env)
{
	struct job *head;
	for (head = s->head; head && env->try_start(env->ctx, head); head = s->head) {
		scheduler_unlink(s, head);
	}
	if (!head)
		return;
	const sim_time now = env->now;
	const size_t depth = (size_t)s->depth + 1;
	int free_now = env->free_gpus(env->ctx);
	struct sched_profile p;
	if (sched_profile_build(&p, s, env, free_now, 4 * depth) != 0)
		return; /* no memory: no backfill this time, nobody delayed */
	size_t k = 0;
	for (const struct job *j = head; j && k < depth; j = j->next, k++) {
		sim_time at = from_now(j->resv, now);
		if (j->resv >= 0)
			sched_profile_take(&p, at, at + clock_from_s(sched_estimate_left_s(j)),
					   j->gpus);
	}
	int waiting = 0; /* an earlier job holds a reservation past now */
	k = 0;
	for (struct job *j = head, *next; j && k < depth; j = next, k++) {
		next = j->next;
		const sim_time dur = clock_from_s(sched_estimate_left_s(j));
		if (j->resv >= 0)
			sched_profile_take(&p, from_now(j->resv, now),
					   from_now(j->resv, now) + dur, -j->gpus);
		sim_time t = sched_profile_find(&p, j->gpus, dur);
		const int was = j->backfilled;
		j->backfilled |= waiting; /* (the run counts it as it starts) */
		if (t == now && j->gpus <= free_now && env->try_start(env->ctx, j)) {
			scheduler_unlink(s, j);
			j->resv = -1;
			s->backfilled += (uint64_t)waiting;
			sched_profile_take(&p, now, now + dur, j->gpus);
			free_now = env->free_gpus(env->ctx);
			continue;
		}
		j->backfilled = was;
		waiting = 1;
		j->resv = t == SIM_TIME_NEVER ? -1 : t;
		if (t != SIM_TIME_NEVER) {
			if (env->planned)
				env->planned(env->ctx, j, t);
			sched_profile_take(&p, t, t + dur, j->gpus);
		}
	}
}

const struct sched_policy_ops sched_conservative_backfill_ops = {
	.name = "conservative_backfill",
	.backfills = 1,
	.dispatch = conservative_dispatch,
};
