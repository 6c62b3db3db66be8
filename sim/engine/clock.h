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

/* x rounded to the nearest integer, halves away from zero: llround's
 * rule and result, without the call into libm (every arrival and job
 * end rounds a drawn time to ticks: 27 instructions per M/M/c job in
 * llround, bench/callgrind.sh). Below 2^52 in magnitude x - trunc(x) is
 * exact (the fraction of a double is a double), so the comparisons with
 * one half decide as llround does; above, x is already an integer, and
 * a NaN or an infinity goes to llround as before. */
static inline int64_t clock_round(double x)
{
	if (!(x > -4503599627370496.0 && x < 4503599627370496.0)) /* 2^52 */
		return (int64_t)llround(x);
	int64_t t = (int64_t)x; /* toward zero */
	double f = x - (double)t;
	return t + (f >= 0.5) - (f <= -0.5);
}

/* Seconds to ticks, rounded to the nearest tick. Callers validate the range. */
static inline sim_time clock_from_s(double s)
{
	return clock_round(s * (double)SIM_TICKS_PER_S);
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
