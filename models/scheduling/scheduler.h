/*
 * scheduler.h - the wait queue and the policies that start jobs from it.
 *
 * One interface, one file per policy (sched_fcfs.c, sched_greedy.c). A
 * policy only decides the order in which queued jobs are offered; the
 * caller's try_start callback decides whether a job fits (placement, and
 * later power headroom) and starts it. The queue is intrusive (links in the
 * job), so queueing never allocates.
 */
#ifndef DCSIM_SCHEDULER_H
#define DCSIM_SCHEDULER_H

#include <stddef.h>

#include "job.h"

/* 1: j was started (the policy then unlinks it); 0: no room for it now. */
typedef int (*sched_try_start)(void *ctx, struct job *j);

/* A policy is its index in the one list of policies (scheduler.c); its
 * name, the one scenarios, resolved.json and reports use, is its ops'
 * .name. A new policy is its file sched_<name>.c and a row in that list. */
typedef int sched_policy;
/* The first in the list, fcfs: strict first-come-first-served. */
#define SCHED_DEFAULT 0

struct scheduler;

struct sched_policy_ops {
	const char *name;
	/* Offer queued jobs to try_start after a change that may free room. */
	void (*dispatch)(struct scheduler *s, sched_try_start try_start, void *ctx);
};

struct scheduler {
	const struct sched_policy_ops *ops;
	struct job *head;
	struct job *tail;
	size_t queued;
};

/* Policy p's ops (0 <= p < the number of policies). */
const struct sched_policy_ops *sched_policy_ops_of(sched_policy p);
/* Policy i's name, NULL past the last. */
const char *sched_policy_name_at(int i);

void scheduler_init(struct scheduler *s, sched_policy policy);
void scheduler_enqueue(struct scheduler *s, struct job *j);
void scheduler_unlink(struct scheduler *s, struct job *j);
/* Put back a job that ran and was stopped, in submit order (then id). */
void scheduler_requeue(struct scheduler *s, struct job *j);
/* The same at the head of the queue (it is offered the GPUs first). */
void scheduler_requeue_head(struct scheduler *s, struct job *j);
static inline void scheduler_dispatch(struct scheduler *s, sched_try_start try_start,
				      void *ctx)
{
	s->ops->dispatch(s, try_start, ctx);
}

#endif
