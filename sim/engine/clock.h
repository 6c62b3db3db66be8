/*
 * clock.h - simulated time.
 *
 * Time is an integer count of ticks since the start of a run. One tick is one
 * millisecond: a year is 3.15e10 ticks, far inside int64_t, and a millisecond
 * resolves inference requests well. Integer time makes event order exact and
 * platform independent; seconds appear only at the edges (input and output).
 */
#ifndef DCSIM_CLOCK_H
#define DCSIM_CLOCK_H

#include <math.h>
#include <stdint.h>

typedef int64_t sim_time;

#define SIM_TICKS_PER_S ((sim_time)1000)
#define SIM_TICKS_PER_H (SIM_TICKS_PER_S * 3600)
#define SIM_TIME_NEVER INT64_MAX

/* Seconds to ticks, rounded to the nearest tick. Callers validate the range. */
static inline sim_time clock_from_s(double s)
{
	return (sim_time)llround(s * (double)SIM_TICKS_PER_S);
}

static inline double clock_to_s(sim_time t)
{
	return (double)t / (double)SIM_TICKS_PER_S;
}

static inline double clock_to_h(sim_time t)
{
	return (double)t / (double)SIM_TICKS_PER_H;
}

#endif
