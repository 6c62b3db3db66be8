/*
 * cooling_int.h - the building blocks the technologies' files share (the
 * air path of cooling_air.c, the warm-water loop of cooling_liquid.c).
 * Only for models/cooling/cooling_*.c; callers use cooling.h.
 */
#ifndef DCSIM_COOLING_INT_H
#define DCSIM_COOLING_INT_H

#include "cooling.h"

void cooling_air_defaults(struct air_spec *a, double design_heat_w);
double cooling_air_capacity_w(const struct air_spec *a, const struct outdoor *o);
void cooling_air_eval(const struct air_spec *a, double heat_w, const struct outdoor *o,
		      struct cooling_out *out);

void cooling_liquid_defaults(struct liquid_spec *l, double supply_c, double design_heat_w,
			     double trim_capacity_w);
double cooling_liquid_capacity_w(const struct liquid_spec *l, const struct outdoor *o);
void cooling_liquid_eval(const struct liquid_spec *l, double heat_w, const struct outdoor *o,
			 struct cooling_out *out);

#endif
