/*
 * weather.c - weather series built in memory, the hour lookup and the
 * built-in sites.
 *
 * Every series stores the dry bulb, the dew point and the wet bulb (from
 * psychro.c) per hour, so a run only indexes arrays. The sites are the
 * NREL TMY3 typical years (Wilcox and Marion 2008, NREL/TP-581-43156) in
 * EnergyPlus format, shipped with their attribution in scenarios/weather/.
 */
#include "weather.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "psychro.h"

const struct weather_site weather_sites[] = {
	{ "ashburn", "weather/USA_VA_Sterling-Washington.Dulles.Intl.AP.724030_TMY3.epw",
	  "Washington Dulles Intl AP, VA (WMO 724030), TMY3" },
	{ "phoenix", "weather/USA_AZ_Phoenix-Sky.Harbor.Intl.AP.722780_TMY3.epw",
	  "Phoenix Sky Harbor Intl AP, AZ (WMO 722780), TMY3" },
	{ "chicago", "weather/USA_IL_Chicago-OHare.Intl.AP.725300_TMY3.epw",
	  "Chicago O'Hare Intl AP, IL (WMO 725300), TMY3" },
	{ "san_francisco", "weather/USA_CA_San.Francisco.Intl.AP.724940_TMY3.epw",
	  "San Francisco Intl AP, CA (WMO 724940), TMY3" },
	{ "miami", "weather/USA_FL_Miami.Intl.AP.722020_TMY3.epw",
	  "Miami Intl AP, FL (WMO 722020), TMY3" },
	{ "las_vegas", "weather/USA_NV_Las.Vegas-McCarran.Intl.AP.723860_TMY3.epw",
	  "Las Vegas McCarran Intl AP, NV (WMO 723860), TMY3" },
	{ NULL, NULL, NULL },
};

const struct weather_site *weather_site_find(const char *name)
{
	for (const struct weather_site *s = weather_sites; s->name; s++)
		if (!strcmp(s->name, name))
			return s;
	return NULL;
}

void weather_fini(struct weather *w)
{
	if (!w->shared) {
		free(w->dry_c);
		free(w->wet_c);
		free(w->dew_c);
	}
	memset(w, 0, sizeof *w);
}

static int alloc_hours(struct weather *w, size_t n, struct diag *d)
{
	memset(w, 0, sizeof *w);
	w->dry_c = malloc(n * sizeof *w->dry_c);
	w->wet_c = malloc(n * sizeof *w->wet_c);
	w->dew_c = malloc(n * sizeof *w->dew_c);
	if (!w->dry_c || !w->wet_c || !w->dew_c) {
		weather_fini(w);
		diag_oom(d, "weather: out of memory");
		return -1;
	}
	w->n_hours = n;
	w->utc_offset_h = NAN; /* constant and synthetic weather: no place */
	return 0;
}

static void set_rh(struct weather *w, size_t h, double t, double rh, double p)
{
	w->dry_c[h] = t;
	w->dew_c[h] = psychro_dew_point_c(t, rh);
	w->wet_c[h] = psychro_wet_bulb_c(t, w->dew_c[h], p);
}

int weather_constant(struct weather *w, double t_c, double rh, double p_pa, struct diag *d)
{
	if (alloc_hours(w, 1, d) != 0)
		return -1;
	set_rh(w, 0, t_c, rh, p_pa);
	return 0;
}

int weather_synthetic(struct weather *w, const struct weather_synthetic *s, double p_pa,
		      struct diag *d)
{
	if (alloc_hours(w, 8760, d) != 0)
		return -1;
	const double two_pi = 6.283185307179586;
	for (size_t h = 0; h < 8760; h++) {
		double day = (double)(h / 24), hour = (double)(h % 24);
		double t = s->mean_c +
			   s->annual_amplitude_k * cos(two_pi * (day - s->hottest_day) / 365.0) +
			   s->daily_amplitude_k * cos(two_pi * (hour - s->hottest_hour) / 24.0);
		set_rh(w, h, t, s->relative_humidity, p_pa);
	}
	return 0;
}

void weather_at(const struct weather *w, size_t h, struct outdoor *o)
{
	size_t i = h % w->n_hours;
	o->dry_c = w->dry_c[i];
	o->wet_c = w->wet_c[i];
	o->dew_c = w->dew_c[i];
}

double weather_pressure_at_elevation(double z_m)
{
	return PSYCHRO_P_SEA_LEVEL * pow(1.0 - 2.25577e-5 * z_m, 5.2559);
}
