/*
 * cooling_dlc.c - direct-to-chip liquid cooling: cold plates on the GPUs
 * and CPUs carry capture_fraction of the servers' heat into a warm-water
 * loop (cooling_liquid.c); the rest leaves through a smaller air path
 * (cooling_air.c) sized for it.
 *
 * Server fans only move the heat the cold plates leave, so their power
 * scales by 1 - capture_fraction by default (fan_scale): fewer and slower
 * fans, taken as linear rather than cubic because fans keep a minimum
 * speed for memory, drives and power supplies.
 *
 * Defaults: capture 0.80, within the 70-85% commonly reported for GPU
 * servers with CPU and GPU cold plates (ASHRAE TC 9.9 2021 liquid-cooling
 * white paper; NVIDIA GB200 NVL72 rack-scale designs sit near the top);
 * facility water at 32 C (ASHRAE class W32); a trim chiller sized for the
 * whole liquid load, so the defaults never throttle on heat; racks up to
 * 200 kW, above the 132 kW of a GB200 NVL72 rack, the densest liquid-
 * cooled rack in the catalog.
 */
#include "cooling_int.h"

void cooling_dlc_defaults(struct cooling_spec *s, double design_heat_w)
{
	if (!(s->capture_fraction > 0))
		s->capture_fraction = 0.80;
	double c = s->capture_fraction;
	s->fan_scale = 1.0 - c;
	s->max_rack_w = 200e3;
	cooling_liquid_defaults(&s->liquid, 32.0, c * design_heat_w, c * design_heat_w);
	cooling_air_defaults(&s->air, (1.0 - c) * design_heat_w);
}

static double dlc_capacity_w(const struct cooling_spec *s, const struct outdoor *o)
{
	double c = s->capture_fraction;
	double liquid = cooling_liquid_capacity_w(&s->liquid, o) / c;
	if (c >= 1.0)
		return liquid;
	double air = cooling_air_capacity_w(&s->air, o) / (1.0 - c);
	return liquid < air ? liquid : air;
}

static void dlc_eval(const struct cooling_spec *s, double heat_w, const struct outdoor *o,
		     struct cooling_out *out)
{
	double c = s->capture_fraction;
	struct cooling_out air = { { 0 }, 0, 0, 0, 0 };
	cooling_liquid_eval(&s->liquid, c * heat_w, o, out);
	double free_w = out->free_fraction * c * heat_w;
	if (c < 1.0) {
		cooling_air_eval(&s->air, (1.0 - c) * heat_w, o, &air);
		for (int k = 1; k < COOL_N_COMPONENTS; k++)
			out->w[k] += air.w[k];
		out->water_l_per_h += air.water_l_per_h;
		out->removed_w += air.removed_w;
		out->rejected_w += air.rejected_w;
		free_w += air.free_fraction * (1.0 - c) * heat_w;
	}
	out->free_fraction = heat_w > 0 ? free_w / heat_w : 0;
}

const struct cooling_tech_ops cooling_dlc_ops = {
	.paths = COOLING_PATH_AIR | COOLING_PATH_LIQUID,
	.defaults = cooling_dlc_defaults,
	.capacity_w = dlc_capacity_w,
	.eval = dlc_eval,
};
