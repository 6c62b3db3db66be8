/*
 * chiller.h - a vapour-compression chiller between a chilled-water (or
 * coolant) supply temperature and a condenser temperature.
 */
#ifndef DCSIM_CHILLER_H
#define DCSIM_CHILLER_H

#include "cooling.h"

/* COP when the chilled water leaves at supply_c and the condenser medium
 * (condenser water leaving, or outdoor air) is at cond_c. */
double chiller_cop(const struct chiller_spec *c, double supply_c, double cond_c);
/* The Carnot COP between the same refrigerant temperatures (an upper
 * bound of chiller_cop). */
double chiller_carnot_cop(const struct chiller_spec *c, double supply_c, double cond_c);
/* Most heat it can move at these temperatures, W. */
double chiller_capacity_w(const struct chiller_spec *c, double supply_c, double cond_c);

/* Defaults: a water-cooled centrifugal chiller, or an air-cooled screw
 * chiller, each of capacity_w. */
void chiller_water_cooled(struct chiller_spec *c, double capacity_w);
void chiller_air_cooled(struct chiller_spec *c, double capacity_w);

#endif
