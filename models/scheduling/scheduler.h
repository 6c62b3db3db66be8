/*
 * scheduler.h - the wait queue and the policies that start jobs from it.
 *
 * One interface, one file per policy (sched_fcfs.c, sched_greedy.c,
 * sched_easy_backfill.c, sched_conservative_backfill.c). A policy only
 * decides which queued jobs are offered, in which order; the caller's
 * try_start callback decides whether a job fits (placement, and power
 * headroom) and starts it. Backfilling policies also read the free GPUs
 * and the running jobs' estimated ends through the environment. The queue
 * is intrusive (links in the job), so queueing never allocates; it is
 * ordered by class priority (higher first), then the order jobs joined.
 */
#ifndef DCSIM_SCHEDULER_H
#define DCSIM_SCHEDULER_H

#include <assert.h>

#include <stddef.h>
#include <stdint.h>

#include "hot_assert.h"
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

/* A running job as a backfilling policy plans with it: when it should end
 * by its estimate (now, once it has run past it) and the GPUs it holds. */
struct sched_running {
	sim_time end;
	int gpus;
};

/* An observer of plans (tests): j is planned to start at t. May be NULL. */
typedef void (*sched_planned)(void *ctx, const struct job *j, sim_time t);

/* What a dispatch may ask of the run. */
struct sched_env {
	sched_try_start try_start;
	void *ctx;
	sim_time now;
	/* GPUs free now (not held, not down); a start may preempt others */
	int (*free_gpus)(void *ctx);
	/* The running jobs, in *out (the run's scratch, valid until the next
	 * call); their count. */
	size_t (*running)(void *ctx, struct sched_running **out);
	sched_planned planned; /* NULL in runs */
};

struct sched_policy_ops {
	const char *name;
	int backfills; /* plans with estimates (scheduler.estimate, backfill_depth) */
	/* Its dispatch of a queue holding one job j is try_start(j) and
	 * nothing else (no plan, no reservation, no count): the run may then
	 * start an arrival to an empty queue without queueing it. */
	int lone_job_tries;
	/* Offer queued jobs to try_start after a change that may free room. */
	void (*dispatch)(struct scheduler *s, const struct sched_env *env);
};

/* The run time a backfilling policy plans with (scheduler.estimate). */
enum sched_estimate_kind {
	SCHED_ESTIMATE_WALLTIME, /* the job's requested walltime; factor x run time without one */
	SCHED_ESTIMATE_EXACT,    /* its true run time */
	SCHED_ESTIMATE_FACTOR,   /* its run time x factor */
};
struct sched_estimate {
	enum sched_estimate_kind kind;
	double factor;
};
/* The estimate of a job of work_s full-speed seconds and walltime_s (< 0:
 * none), s, at least 1 ms. */
double sched_estimate_s(const struct sched_estimate *e, double work_s, double walltime_s);

/* What is left of j's estimate when it (re)starts: the work it has kept
 * counts against it. s, at least 1 ms. */
static inline double sched_estimate_left_s(const struct job *j)
{
	double left = j->estimate_s - (j->work_total_s - j->work_s);
	return left > 1e-3 ? left : 1e-3;
}

struct scheduler {
	const struct sched_policy_ops *ops;
	struct job *head;
	struct job *tail;
	size_t queued;
	int depth;       /* backfill: queued jobs considered per dispatch past the head */
	double aging_per_h; /* priority gained per hour of wait; 0: none */
	const double *class_bonus; /* priority added per class (fair share), NULL none */
	void *scratch;   /* a policy's workspace, grown as needed, freed by scheduler_fini */
	size_t scratch_bytes;
	uint64_t backfilled; /* jobs started past a blocked head */
};

/* Policy p's ops (0 <= p < the number of policies). */
const struct sched_policy_ops *sched_policy_ops_of(sched_policy p);
/* Policy i's name, NULL past the last. */
const char *sched_policy_name_at(int i);

void scheduler_init(struct scheduler *s, sched_policy policy, int depth, double aging_per_h);
void scheduler_fini(struct scheduler *s);
/* A workspace of at least bytes (kept across dispatches), NULL out of memory. */
void *scheduler_scratch(struct scheduler *s, size_t bytes);
void scheduler_enqueue(struct scheduler *s, struct job *j);

/* (inline: every start from the queue unlinks its job) */
static inline void scheduler_unlink(struct scheduler *s, struct job *j)
{
	hot_assert(s->queued > 0);
	if (j->prev)
		j->prev->next = j->next;
	else
		s->head = j->next;
	if (j->next)
		j->next->prev = j->prev;
	else
		s->tail = j->prev;
	j->prev = j->next = NULL;
	s->queued--;
}

/* Put back a job that ran and was stopped: among its priority, in submit
 * order (then id). */
void scheduler_requeue(struct scheduler *s, struct job *j);
/* The same at the head of the queue (it is offered the GPUs first). */
void scheduler_requeue_head(struct scheduler *s, struct job *j);
/* With aging or class bonuses: reorder the queue by priority + aging x
 * hours waited at now + its class's bonus (then submit time, id). -1 out
 * of memory (the order is kept). */
int scheduler_age(struct scheduler *s, sim_time now);
static inline void scheduler_dispatch(struct scheduler *s, const struct sched_env *env)
{
	if (s->aging_per_h > 0 || s->class_bonus)
		(void)scheduler_age(s, env->now); /* no memory: the order as it was */
	s->ops->dispatch(s, env);
}

#endif
