/*
 * grid.c - the grid's hourly signals: lookup by the run's hour, gap
 * filling, and the shipped series.
 */
#include "grid.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

/* EIA-930 hourly carbon intensity of three US balancing authorities,
 * 2022, as processed by HewlettPackard/dc-rl (scenarios/grid/README.md). */
static const struct grid_region regions[] = {
	{ "pjm", "grid/eia930_PJM_2022_hourly_genmix_ci.csv", "timestamp", "avg_CI",
	  "PJM (incl. Dominion, N. Virginia), EIA-930 2022, mean 363 g/kWh", "SRVC",
	  "PJM spans eGRID RFCE, RFCW and SRVC; its data centres gather in Dominion's zone "
	  "in Northern Virginia (the shipped price is PJM DOM), which is SRVC" },
	{ "ercot", "grid/eia930_ERCO_2022_hourly_genmix_ci.csv", "timestamp", "avg_CI",
	  "ERCOT (Texas), EIA-930 2022, mean 347 g/kWh", "ERCT",
	  "ERCOT is eGRID ERCT" },
	{ "caiso", "grid/eia930_CISO_2022_hourly_genmix_ci.csv", "timestamp", "avg_CI",
	  "CAISO (California), EIA-930 2022, mean 256 g/kWh", "CAMX",
	  "CAISO lies in eGRID CAMX (WECC California)" },
};

size_t grid_region_count(void)
{
	return sizeof regions / sizeof regions[0];
}

const struct grid_region *grid_region_at(size_t i)
{
	return i < grid_region_count() ? &regions[i] : NULL;
}

const struct grid_region *grid_region_find(const char *name)
{
	for (size_t i = 0; i < grid_region_count(); i++)
		if (strcmp(regions[i].name, name) == 0)
			return &regions[i];
	return NULL;
}

void grid_signal_fini(struct grid_signal *s)
{
	free(s->region);
	free(s->file);
	free(s->path);
	free(s->time_column);
	free(s->column);
	if (!s->shared)
		free(s->values);
	free(s->step_hour);
	free(s->step_value);
	memset(s, 0, sizeof *s);
}

static size_t wrap(double x, size_t n)
{
	double r = fmod(x, (double)n);
	if (r < 0)
		r += (double)n;
	return (size_t)r % n;
}

double grid_signal_at(const struct grid_signal *s, double start_day, double utc_offset_h,
		      size_t h)
{
	/* local standard hour of year */
	return grid_signal_at_local(s, (start_day - 1.0) * 24.0 + (double)h, utc_offset_h, h);
}

double grid_signal_at_local(const struct grid_signal *s, double local, double utc_offset_h,
			    size_t h)
{
	switch (s->source) {
	case GRID_SIGNAL_CONSTANT:
		return s->constant;
	case GRID_SIGNAL_PROFILE:
		return s->profile[wrap(local, 24)];
	case GRID_SIGNAL_FILE:
		return s->values[wrap(floor(local - utc_offset_h) - (double)s->first_hour, s->n)];
	case GRID_SIGNAL_STEPS: {
		size_t i = 0; /* the schedule is short: a scan is enough */
		while (i + 1 < s->n_steps && s->step_hour[i + 1] <= h)
			i++;
		return s->step_value[i];
	}
	case GRID_SIGNAL_NONE:
		break;
	}
	return (double)NAN;
}

double grid_signal_mean(const struct grid_signal *s, double start_day, double utc_offset_h)
{
	double sum = 0;
	for (size_t h = 0; h < 8760; h++)
		sum += grid_signal_at(s, start_day, utc_offset_h, h);
	return sum / 8760.0;
}

double grid_signal_quantile(const struct grid_signal *s, double start_day, double utc_offset_h,
			    size_t hours, double q)
{
	if (hours == 0)
		hours = 1;
	double *v = malloc(hours * sizeof *v);
	if (!v)
		return (double)NAN;
	for (size_t h = 0; h < hours; h++)
		v[h] = grid_signal_at(s, start_day, utc_offset_h, h);
	gsl_sort(v, 1, hours);
	double r = gsl_stats_quantile_from_sorted_data(v, 1, hours, q);
	free(v);
	return r;
}
