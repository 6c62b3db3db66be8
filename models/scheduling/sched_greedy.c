/*
 * sched_greedy.c - first fit over the whole queue, in arrival order.
 *
 * Every queued job that fits starts, even past a blocked head. Utilisation
 * is higher than FCFS, but a large job can wait indefinitely while smaller
 * ones keep taking the GPUs it needs (no reservation, unlike EASY
 * backfilling). Cost: one pass over the queue per dispatch.
 */
#include "scheduler.h"

static void greedy_dispatch(struct scheduler *s, const struct sched_env *env)
{
	for (struct job *j = s->head, *next; j; j = next) {
		next = j->next;
		if (env->try_start(env->ctx, j))
			scheduler_unlink(s, j);
	}
}

const struct sched_policy_ops sched_greedy_ops = {
	.name = "greedy",
	.dispatch = greedy_dispatch,
	.lone_job_tries = 1,
};
