/*
 * cooling_fixed.c - a fixed PUE: everything not modelled (cooling,
 * lighting, offices) as (pue - 1) x the heat of the racks it serves.
 *
 * For calibrating against a published energy account that gives only a
 * PUE. No weather, no water, no capacity limit. The default 1.58 is the
 * average annual PUE of the Uptime Institute Global Data Center Survey
 * 2023. With a distribution chain the facility's PUE is this plus the
 * chain's losses over IT.
 */
#include "cooling.h"

static void fixed_defaults(struct cooling_spec *s, double design_heat_w)
{
	(void)design_heat_w;
	s->pue = 1.58;
	s->fan_scale = 1.0;
	s->max_rack_w = 0; /* no limit */
}

static void fixed_eval(const struct cooling_spec *s, double heat_w, const struct outdoor *o,
		       struct cooling_out *out)
{
	(void)o;
	out->w[COOL_OTHER] = (s->pue - 1.0) * heat_w;
	out->removed_w = heat_w;
	out->rejected_w = heat_w + out->w[COOL_OTHER];
}

const struct cooling_tech_ops cooling_fixed_ops = {
	.paths = 0,
	.defaults = fixed_defaults,
	.capacity_w = NULL, /* no limit */
	.eval = fixed_eval,
};
