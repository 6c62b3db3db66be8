/*
 * event_queue.h - the pending-event set of one run.
 *
 * An event is a time, a sequence number taken when it was pushed, a handler
 * and its context. Events pop in (time, sequence) order, so events at the same
 * tick run in the order they were scheduled, on every platform and every run.
 * The queue knows nothing of what the handlers do.
 *
 * Slots live in a pool that grows by doubling and is reused through a free
 * list: in steady state no push allocates. An id names a slot and its
 * generation, so cancelling an event that already ran is detected, not a
 * use-after-free.
 *
 * Timers: a timer is a recurring source with at most one pending firing (a
 * job class's next arrival). It lives beside the heap, not in it, and takes
 * its sequence number from the same counter, so the firing order is exactly
 * the one the heap would give. Why: a source that re-arms itself a short
 * interval ahead is nearly always the earliest pending event; in the heap it
 * climbs to the root on every push and is popped from it, paying the heap's
 * height twice per firing. Beside it, arming is O(timers) and a pop compares
 * the heap's root with the earliest timer. Meant for a handful of timers
 * (one per job class), not thousands.
 */
#ifndef DCSIM_EVENT_QUEUE_H
#define DCSIM_EVENT_QUEUE_H

#include <stddef.h>
#include <stdint.h>

#include "clock.h"

struct sim;
typedef void (*sim_handler)(struct sim *s, void *ctx, uint64_t arg);

/* 0 is never a valid id, so callers can use it for "none". */
typedef uint64_t event_id;
#define EVENT_ID_NONE ((event_id)0)

struct event_fired {
	sim_time time;
	sim_handler fn;
	void *ctx;
	uint64_t arg;
};

struct event_queue;

struct event_queue *event_queue_create(size_t capacity_hint);
void event_queue_destroy(struct event_queue *q);

/* Returns EVENT_ID_NONE only when memory runs out. */
event_id event_queue_push(struct event_queue *q, sim_time t, sim_handler fn,
			  void *ctx, uint64_t arg);
/* 1 if the event was pending and is now removed, 0 if it was not pending. */
int event_queue_cancel(struct event_queue *q, event_id id);
/* Earliest time pending, or SIM_TIME_NEVER when empty. */
sim_time event_queue_peek(struct event_queue *q); /* (drops cancelled entries at the root) */
/* Remove the earliest event into *out. 0 when empty. */
int event_queue_pop(struct event_queue *q, struct event_fired *out);
/* The same if the earliest is at or before end (0 otherwise, nothing
 * removed): the run loop's peek and pop in one look at the timers. */
int event_queue_pop_until(struct event_queue *q, sim_time end, struct event_fired *out);
/* Pending events, counting armed timers. */
size_t event_queue_size(const struct event_queue *q);
/* For tests only: the next sequence number is next (0 < next < 2^32 - 1,
 * above every pending one), so a test reaches the renumbering at the
 * counter's limit without four billion pushes. */
void event_queue_test_seq(struct event_queue *q, uint32_t next);

/* A new, disarmed timer firing fn(ctx, arg); its index, or -1 without memory. */
int event_queue_timer_add(struct event_queue *q, sim_handler fn, void *ctx, uint64_t arg);
/* Arm timer at t, replacing any pending firing. */
void event_queue_timer_set(struct event_queue *q, int timer, sim_time t);
void event_queue_timer_clear(struct event_queue *q, int timer);

#endif
