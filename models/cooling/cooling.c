/*
 * cooling.c - the cooling interface: defaults, capacity and evaluation
 * dispatched to one file per technology, and the names used in scenarios
 * and outputs.
 */
#include "cooling.h"

#include <math.h>
#include <string.h>

#include "largest_fit.h"


const char *const cooling_tech_names[] = { "fixed_pue", "air", "direct_to_chip", "immersion",
					   NULL };
static const char *const component_names[] = { "total", "air_fans", "compressors",
						"heat_rejection", "pumps", "other" };
const char *const cooling_economizer_names[] = { "none", "water_side", "air_side", NULL };

const char *cooling_tech_name(enum cooling_tech t)
{
	return cooling_tech_names[t];
}

const char *cooling_component_name(enum cooling_component c)
{
	return component_names[c];
}

const char *cooling_economizer_name(enum economizer e)
{
	return cooling_economizer_names[e];
}

void cooling_defaults(struct cooling_spec *s, enum cooling_tech t, double design_heat_w)
{
	memset(s, 0, sizeof *s);
	s->tech = t;
	switch (t) {
	case COOLING_FIXED_PUE:
		cooling_fixed_defaults(s);
		break;
	case COOLING_AIR:
		s->fan_scale = 1.0;
		/* Air cooling tops out near 30-40 kW per rack with hot- or
		 * cold-aisle containment (ASHRAE TC 9.9, "Emergence and
		 * Expansion of Liquid Cooling in Mainstream Data Centers",
		 * 2021); we take the upper end. */
		s->max_rack_w = 40e3;
		cooling_air_defaults(&s->air, design_heat_w);
		break;
	case COOLING_DIRECT_TO_CHIP:
		cooling_dlc_defaults(s, design_heat_w);
		break;
	case COOLING_IMMERSION:
		cooling_immersion_defaults(s, design_heat_w);
		break;
	case COOLING_N_TECH:
		break;
	}
}

double cooling_capacity_w(const struct cooling_spec *s, const struct outdoor *o)
{
	switch (s->tech) {
	case COOLING_AIR:
		return cooling_air_capacity_w(&s->air, o);
	case COOLING_DIRECT_TO_CHIP:
		return cooling_dlc_capacity_w(s, o);
	case COOLING_IMMERSION:
		return cooling_liquid_capacity_w(&s->liquid, o);
	case COOLING_FIXED_PUE:
	case COOLING_N_TECH:
		break;
	}
	return INFINITY;
}

void cooling_eval(const struct cooling_spec *s, double heat_w, const struct outdoor *o,
		  struct cooling_out *out)
{
	memset(out, 0, sizeof *out);
	switch (s->tech) {
	case COOLING_FIXED_PUE:
		cooling_fixed_eval(s, heat_w, out);
		break;
	case COOLING_AIR:
		cooling_air_eval(&s->air, heat_w, o, out);
		break;
	case COOLING_DIRECT_TO_CHIP:
		cooling_dlc_eval(s, heat_w, o, out);
		break;
	case COOLING_IMMERSION:
		cooling_liquid_eval(&s->liquid, heat_w, o, out);
		break;
	case COOLING_N_TECH:
		break;
	}
	double total = 0;
	for (int c = 1; c < COOL_N_COMPONENTS; c++)
		total += out->w[c];
	out->w[COOL_TOTAL] = total;
}

double cooling_largest_heat(double (*excess)(double q, void *p), void *p, double hi)
{
	return largest_fit(excess, p, 0, hi, 1e-3, 1e-12);
}

void cooling_size_for_weather(struct cooling_spec *s, const struct weather *w)
{
	int air = (s->tech == COOLING_AIR || s->tech == COOLING_DIRECT_TO_CHIP) &&
		  !s->air.chiller.capacity_given;
	int trim = (s->tech == COOLING_DIRECT_TO_CHIP || s->tech == COOLING_IMMERSION) &&
		   !s->liquid.trim.capacity_given && s->liquid.trim.capacity_kw > 0;
	double air_w = 0, trim_w = 0;
	for (size_t h = 0; h < w->n_hours && (air || trim); h++) {
		struct outdoor o;
		weather_at(w, h, &o);
		if (air)
			air_w = fmax(air_w, cooling_air_chiller_need_w(&s->air, &o));
		if (trim)
			trim_w = fmax(trim_w, cooling_liquid_trim_need_w(&s->liquid, &o));
	}
	if (air)
		s->air.chiller.capacity_kw = air_w / 1e3;
	if (trim)
		s->liquid.trim.capacity_kw = trim_w / 1e3;
}
