/*
 * meter.h - exact integral of a piecewise-constant quantity.
 *
 * Every power in dcsim is constant between events, so energy is the sum of
 * value x duration over the intervals: no sampling, no time step. The same
 * object gives time-weighted means (busy GPUs, queue length). A meter also
 * keeps a mark (the integral at the end of warm-up) and the peak since it.
 *
 * Units are the caller's: a meter of watts over ticks integrates W*tick;
 * convert at the edge with meter_integral_*.
 */
#ifndef DCSIM_METER_H
#define DCSIM_METER_H

#include "clock.h"

struct meter {
	double value;     /* current level, constant since t_last */
	sim_time t_last;  /* time of the last change (or flush) */
	double integral;  /* sum of value * dt since t = 0, in unit*tick */
	double mark;      /* integral at meter_mark() */
	double peak;      /* highest level since meter_mark() */
};

void meter_init(struct meter *m, sim_time now, double value);
/* Integrate up to now, then hold the new value. now must not go backwards. */
void meter_set(struct meter *m, sim_time now, double value);
void meter_add(struct meter *m, sim_time now, double delta);
/* Integrate up to now without changing the value (for reading). */
void meter_flush(struct meter *m, sim_time now);
/* Start the measurement window: integral since now, peak from the level now. */
void meter_mark(struct meter *m, sim_time now);
/* Integral over the measurement window, in unit*tick. Flush first. */
double meter_window(const struct meter *m);

#endif
