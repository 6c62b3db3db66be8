/*
 * scheduler.c - the wait queue shared by every policy: spot jobs behind
 * every other, then by class priority (higher first), then the order jobs
 * joined it (a stopped job
 * goes back by submit time, then id), so with one priority it is first
 * come, first served. An arrival walks from the tail past the jobs it
 * outranks: O(1) when priorities are equal.
 */
#include "scheduler.h"

#include <assert.h>
#include <stdlib.h>

#include "clock.h"

/* Every policy, once, each defined in its own sched_<name>.c. The first
 * is the default (SCHED_DEFAULT); the order is the index scenarios store,
 * so append new ones. */
extern const struct sched_policy_ops sched_fcfs_ops, sched_greedy_ops, sched_easy_backfill_ops,
	sched_conservative_backfill_ops;
static const struct sched_policy_ops *const policies[] = {
	&sched_fcfs_ops,
	&sched_greedy_ops,
	&sched_easy_backfill_ops,
	&sched_conservative_backfill_ops,
};

const struct sched_policy_ops *sched_policy_ops_of(sched_policy p)
{
	assert(p >= 0 && (size_t)p < sizeof policies / sizeof policies[0]);
	return policies[p];
}

const char *sched_policy_name_at(int i)
{
	return i >= 0 && (size_t)i < sizeof policies / sizeof policies[0] ? policies[i]->name
									   : NULL;
}

void scheduler_init(struct scheduler *s, sched_policy policy, int depth, double aging_per_h)
{
	s->aging_per_h = aging_per_h;
	s->class_bonus = NULL;
	s->ops = sched_policy_ops_of(policy);
	s->head = s->tail = NULL;
	s->queued = 0;
	s->depth = depth;
	s->scratch = NULL;
	s->scratch_bytes = 0;
	s->backfilled = 0;
}

void scheduler_fini(struct scheduler *s)
{
	free(s->scratch);
	s->scratch = NULL;
	s->scratch_bytes = 0;
}

void *scheduler_scratch(struct scheduler *s, size_t bytes)
{
	if (bytes <= s->scratch_bytes)
		return s->scratch;
	size_t n = s->scratch_bytes ? s->scratch_bytes : 4096;
	while (n < bytes)
		n *= 2;
	void *p = realloc(s->scratch, n);
	if (!p)
		return NULL;
	s->scratch = p;
	s->scratch_bytes = n;
	return p;
}

double sched_estimate_s(const struct sched_estimate *e, double work_s, double walltime_s)
{
	double est = work_s;
	if (e->kind == SCHED_ESTIMATE_WALLTIME && walltime_s > 0)
		est = walltime_s;
	else if (e->kind != SCHED_ESTIMATE_EXACT)
		est = work_s * e->factor;
	double tick = 1.0 / (double)SIM_TICKS_PER_S;
	return est < tick ? tick : est;
}

/* Does a go before b in the queue? */
static int ahead(const struct job *a, const struct job *b)
{
	if (a->spot != b->spot)
		return b->spot;
	if (a->priority != b->priority)
		return a->priority > b->priority;
	if (a->submit != b->submit)
		return a->submit < b->submit;
	return a->id < b->id;
}

/* Link j in after `after` (NULL: at the head). */
static void link_after(struct scheduler *s, struct job *after, struct job *j)
{
	j->prev = after;
	j->next = after ? after->next : s->head;
	if (j->next)
		j->next->prev = j;
	else
		s->tail = j;
	if (after)
		after->next = j;
	else
		s->head = j;
	s->queued++;
}

/* An arrival (or a deferred job's release) joins behind every job of its
 * priority or higher: among equals the queue is in the order jobs joined. */
void scheduler_enqueue(struct scheduler *s, struct job *j)
{
	struct job *after = s->tail;
	while (after && (after->spot > j->spot ||
			 (after->spot == j->spot && j->priority > after->priority)))
		after = after->prev;
	link_after(s, after, j);
}

void scheduler_requeue(struct scheduler *s, struct job *j)
{
	struct job *after = s->tail;
	while (after && ahead(j, after))
		after = after->prev;
	link_after(s, after, j);
}

struct aged {
	double key; /* priority + aging x hours waited */
	struct job *j;
};

static int by_aged(const void *a, const void *b)
{
	const struct aged *x = a, *y = b;
	if (x->j->spot != y->j->spot)
		return x->j->spot - y->j->spot; /* spot behind every other class */
	if (x->key != y->key)
		return x->key < y->key ? 1 : -1;
	if (x->j->submit != y->j->submit)
		return x->j->submit > y->j->submit ? 1 : -1;
	return (x->j->id > y->j->id) - (x->j->id < y->j->id);
}

/*
 * Aging (as Slurm's age factor, slurm.schedmd.com/priority_multifactor.html):
 * a job gains aging_per_h of priority per hour it has waited since it was
 * submitted, so a low class is served once it has waited long enough.
 * The order changes with time only, so it is recomputed at each dispatch:
 * O(Q log Q) for Q queued, only when aging is on.
 */
int scheduler_age(struct scheduler *s, sim_time now)
{
	if (s->queued < 2)
		return 0;
	struct aged *a = malloc(s->queued * sizeof *a);
	if (!a)
		return -1;
	size_t n = 0;
	for (struct job *j = s->head; j; j = j->next) {
		double waited_h = (double)(now - j->submit) / (double)SIM_TICKS_PER_H;
		double bonus = s->class_bonus ? s->class_bonus[j->class_index] : 0;
		a[n++] = (struct aged){ j->priority + s->aging_per_h * waited_h + bonus, j };
	}
	qsort(a, n, sizeof *a, by_aged);
	s->head = s->tail = NULL;
	s->queued = 0;
	for (size_t i = 0; i < n; i++)
		link_after(s, s->tail, a[i].j);
	free(a);
	return 0;
}

void scheduler_requeue_head(struct scheduler *s, struct job *j)
{
	j->prev = NULL;
	j->next = s->head;
	if (s->head)
		s->head->prev = j;
	else
		s->tail = j;
	s->head = j;
	s->queued++;
}
