/*
 * sched_fcfs.c - strict first-come-first-served.
 *
 * Jobs start in queue order (priority, then arrival); a job that does not
 * fit blocks every job behind it, even small ones that would fit. That
 * wastes GPUs when a large job waits, but it never starves anyone and it
 * is the policy for which queueing theory has closed forms (M/M/c,
 * Erlang C), which our validation tests use.
 */
#include "scheduler.h"

static void fcfs_dispatch(struct scheduler *s, const struct sched_env *env)
{
	/* hold the job: starting it may requeue others ahead of it (a
	 * preempted job goes back in submit order) */
	for (struct job *j = s->head; j && env->try_start(env->ctx, j); j = s->head)
		scheduler_unlink(s, j);
}

const struct sched_policy_ops sched_fcfs_ops = {
	.name = "fcfs",
	.dispatch = fcfs_dispatch,
	.lone_job_tries = 1,
};
