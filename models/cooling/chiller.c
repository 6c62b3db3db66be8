/*
 * chiller.c - chiller efficiency and capacity from its refrigerant lift.
 *
 * COP = carnot_fraction x T_evap / (T_cond - T_evap), kelvin, with the
 * evaporator evaporator_approach_k below the leaving chilled water and the
 * condenser condenser_approach_k above the condenser medium, and a lift of
 * at least min_lift_k. So the COP stays below Carnot (carnot_fraction < 1,
 * checked by the loader) and falls as the condenser gets warmer. Part-load
 * effects (compressor unloading, VSD gains) are not modelled: the COP
 * depends on temperatures only. The compressor's input is fixed at what
 * it draws at full capacity at rating conditions, so on hotter days its
 * capacity falls with its COP.
 *
 * Calibration (carnot_fraction):
 * - water-cooled centrifugal: 0.560 kW/ton = COP 6.28 at AHRI 550/590
 *   conditions (6.7 C leaving chilled water, 29.4 C entering and 34.6 C
 *   leaving condenser water), the ASHRAE 90.1-2019 Table 6.8.1-3 Path A
 *   full-load limit for centrifugal chillers of 300 tons and more; with
 *   1.5 K approaches at each heat exchanger the Carnot COP is 9.0, so 0.70.
 * - air-cooled: 10.1 EER = COP 2.96 at 6.7 C chilled water and 35 C
 *   outdoor air (ASHRAE 90.1-2019 Path A, 150 tons and more); with the
 *   condensing refrigerant 15 K above the air the Carnot COP is 6.2, so 0.48.
 * - min_lift_k 15 K caps the COP near 13 (0.27 kW/ton), about the best
 *   variable-speed centrifugal chillers reach at low lift.
 */
#include "chiller.h"

static double lift_k(const struct chiller_spec *c, double supply_c, double cond_c)
{
	double lift = (cond_c + c->condenser_approach_k) - (supply_c - c->evaporator_approach_k);
	return lift > c->min_lift_k ? lift : c->min_lift_k;
}

double chiller_carnot_cop(const struct chiller_spec *c, double supply_c, double cond_c)
{
	return (supply_c - c->evaporator_approach_k + 273.15) / lift_k(c, supply_c, cond_c);
}

double chiller_cop(const struct chiller_spec *c, double supply_c, double cond_c)
{
	return c->carnot_fraction * chiller_carnot_cop(c, supply_c, cond_c);
}

double chiller_capacity_w(const struct chiller_spec *c, double supply_c, double cond_c)
{
	double capacity_w = c->capacity_kw * 1e3;
	if (cond_c <= c->rating_condenser_c)
		return capacity_w;
	double input_w = capacity_w / chiller_cop(c, supply_c, c->rating_condenser_c);
	return input_w * chiller_cop(c, supply_c, cond_c);
}

void chiller_water_cooled(struct chiller_spec *c, double capacity_w)
{
	c->carnot_fraction = 0.70;
	c->evaporator_approach_k = 1.5;
	c->condenser_approach_k = 1.5;
	c->min_lift_k = 15.0;
	c->rating_condenser_c = 34.6;
	c->capacity_kw = capacity_w / 1e3;
}

void chiller_air_cooled(struct chiller_spec *c, double capacity_w)
{
	c->carnot_fraction = 0.48;
	c->evaporator_approach_k = 1.5;
	c->condenser_approach_k = 15.0;
	c->min_lift_k = 15.0;
	c->rating_condenser_c = 35.0;
	c->capacity_kw = capacity_w / 1e3;
}
