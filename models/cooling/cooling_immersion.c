/*
 * cooling_immersion.c - single-phase immersion: servers without fans in
 * tanks of dielectric fluid; all their heat goes into the fluid and, via
 * the tank's heat exchanger, into a warm-water loop (cooling_liquid.c)
 * with dry coolers. There is no air path and no trim chiller by default,
 * so on days too hot for the dry coolers the plant's capacity falls and
 * the GPUs are throttled; set liquid.trim_capacity_kw to add one.
 *
 * Defaults: server fans removed (fan_scale 0); facility water at 40 C
 * (ASHRAE class W40; immersion fluids run warmer than cold plates need);
 * tanks up to 100 kW, the ceiling commonly quoted for single-phase tanks
 * (100-150 kW). The tank's own circulation pump is counted in the loop's
 * pumps (pump_w_per_lps). Left out: fluid properties and tank-side heat
 * exchanger approach, evaporative fluid losses.
 */
#include "cooling_int.h"

static void immersion_defaults(struct cooling_spec *s, double design_heat_w)
{
	s->capture_fraction = 1.0;
	s->fan_scale = 0.0;
	s->max_rack_w = 100e3;
	cooling_liquid_defaults(&s->liquid, 40.0, design_heat_w, 0.0);
}

static double immersion_capacity_w(const struct cooling_spec *s, const struct outdoor *o)
{
	return cooling_liquid_capacity_w(&s->liquid, o);
}

static void immersion_eval(const struct cooling_spec *s, double heat_w, const struct outdoor *o,
			   struct cooling_out *out)
{
	cooling_liquid_eval(&s->liquid, heat_w, o, out);
}

const struct cooling_tech_ops cooling_immersion_ops = {
	.paths = COOLING_PATH_LIQUID,
	.defaults = immersion_defaults,
	.capacity_w = immersion_capacity_w,
	.eval = immersion_eval,
};
