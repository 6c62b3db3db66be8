/*
 * sim.c - the run loop.
 *
 * Invariant: the clock never goes backwards; an event is never scheduled
 * before now (asserted: that is a model bug, not an input error).
 */
#include "sim.h"

#include <assert.h>
#include <stdlib.h>

#include "event_queue_impl.h" /* the queue's per-event paths, inline here */
#include "hot_assert.h"

struct sim {
	struct sim_clock clock; /* first: sim_now (sim.h) reads it in place */
	struct event_queue *queue;
	int stopped;
	int failed;
	int interrupted;
};

/* Set once, before any run starts (runs in threads only read it). */
static const volatile sig_atomic_t *watched;

void sim_watch(const volatile sig_atomic_t *flag)
{
	watched = flag;
}

struct sim *sim_create(size_t event_capacity_hint)
{
	struct sim *s = calloc(1, sizeof *s);
	if (!s)
		goto fail;
	s->queue = event_queue_create(event_capacity_hint);
	if (!s->queue)
		goto fail;
	return s;
fail:
	sim_destroy(s);
	return NULL;
}

void sim_destroy(struct sim *s)
{
	if (!s)
		return;
	event_queue_destroy(s->queue);
	free(s);
}

/* sim_at when the queue must grow or renumber first: out of line (GCC
 * would inline it, and sim_at would save a register for it on every
 * push), so sim_at's fast path has no call but this one, in tail
 * position. */
#ifdef __GNUC__
__attribute__((noinline))
#endif
static event_id sim_at_slow(struct sim *s, sim_time t, sim_handler fn, void *ctx, uint64_t arg)
{
	event_id id = event_queue_push(s->queue, t, fn, ctx, arg);
	if (id == EVENT_ID_NONE) {
		s->failed = 1;
		s->stopped = 1;
	}
	return id;
}

event_id sim_at(struct sim *s, sim_time t, sim_handler fn, void *ctx, uint64_t arg)
{
	hot_assert(t >= s->clock.now);
	struct event_queue *q = s->queue;
	if (eq_push_ready(q))
		return eq_push_fast(q, t, fn, ctx, arg);
	return sim_at_slow(s, t, fn, ctx, arg);
}

event_id sim_after(struct sim *s, sim_time delay, sim_handler fn, void *ctx, uint64_t arg)
{
	assert(delay >= 0);
	return sim_at(s, s->clock.now + delay, fn, ctx, arg);
}

int sim_cancel(struct sim *s, event_id id)
{
	return event_queue_cancel(s->queue, id);
}

int sim_timer_add(struct sim *s, sim_handler fn, void *ctx, uint64_t arg)
{
	int t = event_queue_timer_add(s->queue, fn, ctx, arg);
	if (t < 0) {
		s->failed = 1;
		s->stopped = 1;
	}
	return t;
}

void sim_timer_set(struct sim *s, int timer, sim_time t)
{
	hot_assert(t >= s->clock.now);
	struct event_queue *q = s->queue;
	if (eq_seq_ready(q))
		eq_timer_set_fast(q, timer, t);
	else
		event_queue_timer_set(q, timer, t);
}

void sim_timer_clear(struct sim *s, int timer)
{
	event_queue_timer_clear(s->queue, timer);
}

uint64_t sim_run_until(struct sim *s, sim_time end)
{
	struct event_queue *q = s->queue;
	uint64_t n = 0;
	struct event_fired ev;
	s->stopped = s->failed;
	while (!s->stopped && eq_pop_due(q, end, &ev)) {
		s->clock.now = ev.time;
		ev.fn(s, ev.ctx, ev.arg);
		/* every 4096 events: a load and a branch per event are measurable */
		if ((++n & 4095) == 0 && watched && *watched) {
			s->interrupted = 1;
			s->stopped = 1;
		}
	}
	if (!s->stopped && end > s->clock.now)
		s->clock.now = end;
	return n;
}

void sim_stop(struct sim *s)
{
	s->stopped = 1;
}

int sim_interrupted(const struct sim *s)
{
	return s->interrupted;
}

int sim_failed(const struct sim *s)
{
	return s->failed;
}

size_t sim_pending(const struct sim *s)
{
	return event_queue_size(s->queue);
}
