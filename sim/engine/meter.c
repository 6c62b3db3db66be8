/*
 * meter.c - exact integration of piecewise-constant levels.
 *
 * Invariant: integral equals the exact sum of value_i * (t_{i+1} - t_i) over
 * all intervals up to t_last. Because dt is an integer tick count and value a
 * double, the only error is the rounding of each product and sum, so two
 * meters that see the same changes agree to the last bit, and a meter of a sum
 * agrees with the sum of meters to rounding (checked at the end of each run).
 */
#include "meter.h"

#include <math.h>

void meter_init(struct meter *m, sim_time now, double value)
{
	m->value = value;
	m->t_last = now;
	m->integral = 0.0;
	m->mark = 0.0;
	m->peak = -INFINITY; /* no level held yet */
}

void meter_mark(struct meter *m, sim_time now)
{
	meter_flush(m, now);
	m->mark = m->integral;
	m->peak = -INFINITY;
}

double meter_window(const struct meter *m)
{
	return m->integral - m->mark;
}
