/*
 * sched_easy_backfill.c - EASY backfilling (Lifka, "The ANL/IBM SP
 * scheduling system", JSSPP 1995; as analysed by Mu'alem and Feitelson,
 * IEEE TPDS 12(6), 2001).
 *
 * Jobs start in queue order while they fit. When the head does not, it
 * gets a reservation: the shadow time, the earliest estimated end of
 * running jobs at which enough GPUs are free for it, and the extra GPUs,
 * those free then beyond its need. A later job may start now only if it
 * fits now and either ends (by its estimate) by the shadow time or takes
 * no more than the extra GPUs: so with exact estimates the head is never
 * delayed. The shadow is recomputed at every dispatch, so a job that runs
 * past its estimate (counted as ending now) moves it.
 *
 * What it leaves out: the plan counts GPUs, not nodes. A head whose GPUs
 * are free in number but not in whole nodes (or that waits for power
 * under a grid cap) is reserved at once, and only the GPUs beyond its
 * count are backfilled; a job that needs whole nodes can still wait
 * while 1-GPU jobs keep nodes partly busy (no node-level plan). Estimates
 * are in full-speed seconds, not stretched by a power cap. At most
 * scheduler.backfill_depth jobs past the head are tried per dispatch.
 *
 * Cost per dispatch with a blocked head: O(R log R) for R running jobs
 * (the sort of their ends) plus O(depth).
 */
#include "scheduler.h"

#include "sched_plan.h"

static void easy_dispatch(struct scheduler *s, const struct sched_env *env)
{
	struct job *head;
	for (head = s->head; head && env->try_start(env->ctx, head); head = s->head)
		scheduler_unlink(s, head);
	if (!head)
		return;
	int free_now = env->free_gpus(env->ctx);
	/* free in number but refused (its nodes, or power): reserved now,
	 * with the GPUs beyond its count left to backfill */
	struct sched_shadow sh = { env->now, free_now - head->gpus };
	if (head->gpus > free_now)
		sh = sched_shadow_of(env, head->gpus, free_now);
	if (env->planned)
		env->planned(env->ctx, head, sh.at);
	int seen = 0;
	for (struct job *j = head->next, *next; j && seen < s->depth; j = next, seen++) {
		next = j->next;
		if (j->gpus > free_now)
			continue;
		const int by_shadow = env->now + clock_from_s(sched_estimate_left_s(j)) <= sh.at;
		if (!by_shadow && j->gpus > sh.extra)
			continue;
		const int was = j->backfilled;
		j->backfilled = 1; /* (the run counts it as it starts) */
		if (!env->try_start(env->ctx, j)) {
			j->backfilled = was;
			continue;
		}
		scheduler_unlink(s, j);
		s->backfilled++;
		if (!by_shadow)
			sh.extra -= j->gpus;
		free_now = env->free_gpus(env->ctx);
	}
}

const struct sched_policy_ops sched_easy_backfill_ops = {
	.name = "easy_backfill",
	.backfills = 1,
	.dispatch = easy_dispatch,
};
