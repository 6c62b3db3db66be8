/*
 * sched_plan.c - the backfilling policies' plan (sched_plan.h).
 *
 * The profile is a sorted array of steps, one per distinct time at which
 * the free count changes; a reservation adds at most two steps. A find
 * is one pass with a moving window: O(steps). The profile's memory is
 * the scheduler's scratch, kept across dispatches.
 */
#include "sched_plan.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

static int by_end(const void *a, const void *b)
{
	const struct sched_running *x = a, *y = b;
	return (x->end > y->end) - (x->end < y->end);
}

/* The running jobs sorted by estimated end, clamped to now (a job past
 * its estimate may end at any moment). */
static size_t running_sorted(const struct sched_env *env, struct sched_running **out)
{
	size_t n = env->running(env->ctx, out);
	for (size_t i = 0; i < n; i++)
		if ((*out)[i].end < env->now)
			(*out)[i].end = env->now;
	qsort(*out, n, sizeof **out, by_end);
	return n;
}

struct sched_shadow sched_shadow_of(const struct sched_env *env, int need, int free_now)
{
	struct sched_running *r;
	size_t n = running_sorted(env, &r);
	int avail = free_now;
	for (size_t i = 0; i < n; i++) {
		avail += r[i].gpus;
		/* every job ending at the same tick frees its GPUs then */
		if (avail >= need && (i + 1 == n || r[i + 1].end != r[i].end))
			return (struct sched_shadow){ r[i].end, avail - need };
	}
	return (struct sched_shadow){ SIM_TIME_NEVER, 0 };
}

int sched_profile_build(struct sched_profile *p, struct scheduler *s,
			const struct sched_env *env, int free_now, size_t extra)
{
	struct sched_running *r;
	size_t n = running_sorted(env, &r);
	p->cap = n + 1 + extra;
	p->step = scheduler_scratch(s, p->cap * sizeof *p->step);
	if (!p->step)
		return -1;
	p->n = 0;
	p->step[p->n++] = (struct sched_step){ env->now, free_now };
	for (size_t i = 0; i < n; i++) {
		struct sched_step *last = &p->step[p->n - 1];
		if (r[i].end == last->t) {
			last->free += r[i].gpus;
		} else {
			p->step[p->n] = (struct sched_step){ r[i].end, last->free + r[i].gpus };
			p->n++;
		}
	}
	return 0;
}

sim_time sched_profile_find(const struct sched_profile *p, int gpus, sim_time dur)
{
	for (size_t i = 0; i < p->n; i++) {
		if (p->step[i].free < gpus)
			continue;
		sim_time end = p->step[i].t + dur;
		size_t k = i + 1;
		while (k < p->n && p->step[k].t < end && p->step[k].free >= gpus)
			k++;
		if (k == p->n || p->step[k].t >= end)
			return p->step[i].t;
		i = k; /* step k lacks room: no start before it fits */
	}
	return SIM_TIME_NEVER; /* more GPUs than will ever be free (some are down) */
}

/* The index of the step starting at t, inserted (a copy of the one in
 * force) if none does; t >= the first step's time. */
static size_t split_at(struct sched_profile *p, sim_time t)
{
	size_t i = p->n;
	while (i > 0 && p->step[i - 1].t > t)
		i--;
	/* step[i - 1].t <= t < step[i].t */
	if (i > 0 && p->step[i - 1].t == t)
		return i - 1;
	assert(i > 0 && p->n < p->cap); /* t >= now; room for 4 steps per planned job */
	memmove(&p->step[i + 1], &p->step[i], (p->n - i) * sizeof *p->step);
	p->step[i] = (struct sched_step){ t, p->step[i - 1].free };
	p->n++;
	return i;
}

void sched_profile_take(struct sched_profile *p, sim_time from, sim_time to, int gpus)
{
	if (from == SIM_TIME_NEVER)
		return;
	size_t a = split_at(p, from);
	size_t b = to >= SIM_TIME_NEVER ? p->n : split_at(p, to);
	for (size_t i = a; i < b; i++)
		p->step[i].free -= gpus;
}
