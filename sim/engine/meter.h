/*
 * meter.h - exact integral of a piecewise-constant quantity.
 *
 * Every power in dcsim is constant between events, so energy is the sum of
 * value x duration over the intervals: no sampling, no time step. The same
 * object gives time-weighted means (busy GPUs, queue length). A meter also
 * keeps a mark (the integral at the end of warm-up) and the peak since it:
 * the highest level held for a positive time (flush before reading it).
 *
 * Units are the caller's: a meter of watts over ticks integrates W*tick;
 * convert at the edge with meter_integral_*.
 */
#ifndef DCSIM_METER_H
#define DCSIM_METER_H

#include <assert.h>

#include "hot_assert.h"
#include "clock.h"

struct meter {
	double value;     /* current level, constant since t_last */
	sim_time t_last;  /* time of the last change (or flush) */
	double integral;  /* sum of value * dt since t = 0, in unit*tick */
	double mark;      /* integral at meter_mark() */
	double peak;      /* highest level since meter_mark() */
};

void meter_init(struct meter *m, sim_time now, double value);

/* The three updates are inline: every start and end of a job moves several
 * meters, and a call costs as much as the update itself (measured with
 * bench/callgrind.sh). */

/* Integrate up to now without changing the value (for reading). The peak
 * counts a level only once it has been held for some time: several changes
 * at one tick (a job starts, then a thermal cap pulls its zone back) leave
 * no zero-length spike behind. */
static inline void meter_flush(struct meter *m, sim_time now)
{
	hot_assert(now >= m->t_last);
	if (now > m->t_last && m->value > m->peak)
		m->peak = m->value;
	m->integral += m->value * (double)(now - m->t_last);
	m->t_last = now;
}

/* Integrate up to now, then hold the new value. now must not go backwards. */
static inline void meter_set(struct meter *m, sim_time now, double value)
{
	meter_flush(m, now);
	m->value = value;
}

static inline void meter_add(struct meter *m, sim_time now, double delta)
{
	meter_set(m, now, m->value + delta);
}
/* Start the measurement window: integral since now, peak from the level now. */
void meter_mark(struct meter *m, sim_time now);
/* Integral over the measurement window, in unit*tick. Flush first. */
double meter_window(const struct meter *m);

#endif
