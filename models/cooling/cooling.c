/*
 * cooling.c - the cooling interface: defaults, capacity and evaluation
 * dispatched through each technology's ops (one file each, listed once in
 * cooling.h's COOLING_TECHS), and the names used in scenarios and outputs.
 */
#include "cooling.h"

#include <math.h>
#include <string.h>

#include "largest_fit.h"


#define TECH_NAME(e, name, ops) name,
const char *const cooling_tech_names[] = { COOLING_TECHS(TECH_NAME) NULL };
#undef TECH_NAME
#define TECH_OPS(e, name, ops) &ops,
static const struct cooling_tech_ops *const techs[] = { COOLING_TECHS(TECH_OPS) };
#undef TECH_OPS
static const char *const component_names[] = { "total", "air_fans", "compressors",
						"heat_rejection", "pumps", "other" };
const char *const cooling_economizer_names[] = { "none", "water_side", "air_side", "both", NULL };

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
	techs[t]->defaults(s, design_heat_w);
}

double cooling_capacity_w(const struct cooling_spec *s, const struct outdoor *o)
{
	const struct cooling_tech_ops *ops = techs[s->tech];
	return ops->capacity_w ? ops->capacity_w(s, o) : HUGE_VAL;
}

void cooling_eval(const struct cooling_spec *s, double heat_w, const struct outdoor *o,
		  struct cooling_out *out)
{
	memset(out, 0, sizeof *out);
	techs[s->tech]->eval(s, heat_w, o, out);
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
	unsigned paths = techs[s->tech]->paths;
	int air = (paths & COOLING_PATH_AIR) && !s->air.chiller.capacity_given;
	int trim = (paths & COOLING_PATH_LIQUID) && !s->liquid.trim.capacity_given &&
		   s->liquid.trim.capacity_kw > 0;
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
