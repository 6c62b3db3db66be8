/*
 * weather.h - hourly outdoor air for the cooling models: dry bulb, wet
 * bulb and dew point, from an EnergyPlus EPW file, a simple hourly CSV, a
 * constant, or a synthetic annual-plus-daily sinusoid.
 *
 * A series is read once when the scenario loads and is immutable after, so
 * every run of a sweep shares it. Hour h of a run reads entry
 * (start_hour + h) mod n: a run longer than the series wraps around.
 */
#ifndef DCSIM_WEATHER_H
#define DCSIM_WEATHER_H

#include <stddef.h>

#include "diag.h"

/* The air outside in one hour. */
struct outdoor {
	double dry_c;
	double wet_c;
	double dew_c;
};

struct weather {
	double utc_offset_h;   /* EPW LOCATION time zone (hours from UTC); NaN if unknown */
	size_t n_hours;
	double *dry_c;
	double *wet_c;
	double *dew_c;
	int shared;            /* the arrays belong to a series_cache: not freed here */
};

/* Parameters of the synthetic year: dry bulb = mean
 * + annual_amplitude cos(2 pi (day - hottest_day) / 365)
 * + daily_amplitude cos(2 pi (hour - hottest_hour) / 24), day and hour
 * from 0 at midnight on 1 January; constant relative humidity. */
struct weather_synthetic {
	double mean_c;
	double annual_amplitude_k;
	double daily_amplitude_k;
	double hottest_day;
	double hottest_hour;
	double relative_humidity;
};

void weather_fini(struct weather *w);
/* One hour at t_c and relative humidity rh in (0, 1]. 0, or -1 with a
 * message when memory runs out. */
int weather_constant(struct weather *w, double t_c, double rh, double p_pa,
		     struct diag *d);
/* 8,760 hours of the synthetic year. */
int weather_synthetic(struct weather *w, const struct weather_synthetic *s, double p_pa,
		      struct diag *d);
/* The air in hour h (wrapping). */
void weather_at(const struct weather *w, size_t h, struct outdoor *o);

/* Pressure of the standard atmosphere at elevation z_m, Pa (ASHRAE
 * Fundamentals 2017 ch. 1 eq. 3). */
double weather_pressure_at_elevation(double z_m);

/* Built-in sites: the TMY3 file shipped in scenarios/weather/ for a name
 * ("ashburn"), or NULL. */
struct weather_site {
	const char *name;
	const char *file;   /* relative to the data directory */
	const char *station;
};
extern const struct weather_site weather_sites[];
const struct weather_site *weather_site_find(const char *name);

#endif
