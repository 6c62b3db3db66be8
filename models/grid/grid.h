/*
 * grid.h - the grid connection's hourly signals: carbon intensity of the
 * electricity drawn (g CO2e/kWh, location-based) and its price (USD/MWh).
 *
 * Each is a constant, a time-of-use profile of 24 values by local hour of
 * day, or an hourly series read from a CSV (a time column in UTC and a
 * value column; blank cells are gaps, filled linearly between the nearest
 * values). The run's clock starts at 00:00 local standard time of
 * start_day_of_year; utc_offset_h places that in UTC, so a UTC series
 * lines up with the weather (TMY3 files are in local standard time). A
 * series is indexed by UTC hour of the year from its first row and wraps
 * round past its end, ignoring the year (a 2022 series serves any year).
 * A schedule of steps (a staged energisation, a curtailment window) is
 * in hours of the run instead: it needs no clock.
 */
#ifndef DCSIM_GRID_H
#define DCSIM_GRID_H

#include <stddef.h>

#include "diag.h"

enum grid_signal_source {
	GRID_SIGNAL_NONE,     /* not given: cost or emissions not reported */
	GRID_SIGNAL_CONSTANT,
	GRID_SIGNAL_PROFILE,  /* 24 values by local hour of day */
	GRID_SIGNAL_FILE,     /* an hourly CSV series (a region names a shipped one) */
	GRID_SIGNAL_STEPS,    /* a schedule: from run hour step_hour[i] on, step_value[i] */
};

struct grid_signal {
	enum grid_signal_source source;
	double constant;
	double profile[24];
	char *region;          /* a shipped series, e.g. "pjm" */
	char *file;            /* as written (region: the shipped file) */
	char *path;            /* resolved path that was read */
	char *time_column, *column;
	double *values;        /* hourly, from the first row */
	size_t n;
	size_t first_hour;     /* UTC hour of the year of the first row */
	size_t filled;         /* gaps filled */
	int shared;            /* values belong to a series_cache: not freed here */
	size_t *step_hour;     /* STEPS: whole hours from the run's start, rising, first 0 */
	double *step_value;
	size_t n_steps;
};

/* A shipped series: name, file under the data directory, its columns and
 * its attribution. */
struct grid_region {
	const char *name;
	const char *file;
	const char *time_column, *column;
	const char *what;
	const char *residual; /* its residual mix's region (residual_mix.h), for
			       * market-based emissions; and why that one */
	const char *residual_why;
};
size_t grid_region_count(void);
const struct grid_region *grid_region_at(size_t i);
const struct grid_region *grid_region_find(const char *name);

void grid_signal_fini(struct grid_signal *s);
/* The value in the run's hour h, for a run starting at 00:00 local
 * standard time of start_day (1 = 1 January) in a zone utc_offset_h from
 * UTC. NaN for NONE. */
double grid_signal_at(const struct grid_signal *s, double start_day, double utc_offset_h,
		      size_t h);
/* The same with the local standard hour of the typical year given
 * (a calendar maps the run's hours onto it: scenario_local_hour); h, the
 * run's hour, still places the steps. */
double grid_signal_at_local(const struct grid_signal *s, double local, double utc_offset_h,
			    size_t h);
/* The q quantile (0..1) of the values in the run's first `hours` hours
 * (at least one). */
double grid_signal_quantile(const struct grid_signal *s, double start_day, double utc_offset_h,
			    size_t hours, double q);
/* Mean over the 8,760 hours of a year from start_day, for reports. */
double grid_signal_mean(const struct grid_signal *s, double start_day, double utc_offset_h);

#endif
