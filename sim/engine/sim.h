/*
 * sim.h - the discrete-event engine: a clock and an event queue.
 *
 * The engine jumps from event to event; between events nothing changes, so
 * models keep their state piecewise constant and integrate it with meters.
 * It knows nothing of what the events mean: a handler gets the engine, its
 * context pointer and a 64-bit argument. All state is in struct sim, so any
 * number of runs can execute on different threads at once.
 */
#ifndef DCSIM_SIM_H
#define DCSIM_SIM_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#include "clock.h"
#include "event_queue.h"

struct sim;

struct sim *sim_create(size_t event_capacity_hint);
void sim_destroy(struct sim *s);

/* The clock, the first member of struct sim (sim.c), so reading it is a
 * load rather than a call: handlers ask for it several times per event
 * (bench/callgrind.sh: a call each, about 25 instructions per M/M/c job). */
struct sim_clock {
	sim_time now;
};

static inline sim_time sim_now(const struct sim *s)
{
	return ((const struct sim_clock *)(const void *)s)->now;
}

/* Schedule fn at absolute time t >= now. EVENT_ID_NONE means out of memory,
 * which also marks the engine failed (sim_failed) and stops the run. */
event_id sim_at(struct sim *s, sim_time t, sim_handler fn, void *ctx, uint64_t arg);
/* Schedule fn after delay >= 0 ticks. */
event_id sim_after(struct sim *s, sim_time delay, sim_handler fn, void *ctx, uint64_t arg);
int sim_cancel(struct sim *s, event_id id);

/* Timers (see event_queue.h): a recurring source with at most one pending
 * firing, kept beside the event heap. sim_timer_add returns its index, or -1
 * without memory (which also marks the engine failed). */
int sim_timer_add(struct sim *s, sim_handler fn, void *ctx, uint64_t arg);
/* Arm the timer at t >= now, replacing its pending firing. */
void sim_timer_set(struct sim *s, int timer, sim_time t);
void sim_timer_clear(struct sim *s, int timer);

/* Run events with time <= end in order, then leave the clock at end.
 * Returns the number of events run. Stops early after sim_stop(). */
uint64_t sim_run_until(struct sim *s, sim_time end);
void sim_stop(struct sim *s);
int sim_failed(const struct sim *s);
/* Runs stop early once *flag is nonzero (a sweep's Ctrl-C); set it before
 * any run starts. sim_interrupted tells a run stopped so. */
void sim_watch(const volatile sig_atomic_t *flag);
int sim_interrupted(const struct sim *s);
size_t sim_pending(const struct sim *s);

#endif
