/*
 * count_meter.h - exact integral of an integer level: GPUs busy, jobs
 * queued or running.
 *
 * A count moves by whole units at ticks, so its integral is an integer,
 * kept as value x now - moved, where moved sums delta x t over every
 * move: a move is one add and one multiply-add, with no look at the time
 * of the last one. A meter's move also compares the clock, converts the
 * interval and branches, and the M/M/c moves such counts six times per
 * job (about 8 instructions each, bench/callgrind.sh).
 *
 * Exactness: the arithmetic is unsigned and wraps, so value x now and
 * moved may each wrap while their difference, the integral, is exact up
 * to 2^64 unit-ticks (a million GPUs for 500 years in ms). A flush
 * rounds it to a double once, so it equals a meter's sum of products
 * wherever that sum is exact (below 2^53: 100,000 GPUs for 2.8 years)
 * and is closer past it.
 *
 * Readers use it as a meter: flush (or mark) at a tick, then read
 * integral (and window). No peak: no count's peak is read.
 */
#ifndef DCSIM_COUNT_METER_H
#define DCSIM_COUNT_METER_H

#include <stdint.h>

#include "clock.h"
#include "hot_assert.h"

struct count_meter {
	int64_t value;   /* the count now */
	uint64_t moved;  /* sum of delta x t over every move (and the start), mod 2^64 */
	double integral; /* value x dt since the start, in unit*tick, as of the last flush */
	double mark;     /* integral at count_meter_mark() */
};

static inline void count_meter_init(struct count_meter *m, sim_time now, int64_t value)
{
	m->value = value;
	m->moved = (uint64_t)value * (uint64_t)now; /* the integral is 0 at now */
	m->integral = 0.0;
	m->mark = 0.0;
}

/* The count moves by delta at now (any order of ticks at or after the
 * last flush: the sum does not care). */
static inline void count_meter_add(struct count_meter *m, sim_time now, int64_t delta)
{
	hot_assert(now >= 0 && m->value + delta >= 0);
	m->value += delta;
	m->moved += (uint64_t)delta * (uint64_t)now;
}

/* integral = the exact integral up to now, rounded once. */
static inline void count_meter_flush(struct count_meter *m, sim_time now)
{
	m->integral = (double)((uint64_t)m->value * (uint64_t)now - m->moved);
}

/* Start the measurement window at now. */
static inline void count_meter_mark(struct count_meter *m, sim_time now)
{
	count_meter_flush(m, now);
	m->mark = m->integral;
}

/* Integral over the measurement window, in unit*tick. Flush first. */
static inline double count_meter_window(const struct count_meter *m)
{
	return m->integral - m->mark;
}

#endif
