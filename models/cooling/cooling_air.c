/*
 * cooling_air.c - an air-cooled hall: CRAH fans, a chilled-water plant of
 * water-cooled chillers and open cooling towers, and a water-side or
 * air-side economizer.
 *
 * Heat path, in W, for heat q from the servers:
 * - CRAH fans move airflow_ratio x q / (rho cp dT) of air (the ratio is
 *   bypass: air the CRAHs supply that the servers do not use); fan power
 *   follows the cube law from its design point (design flow at
 *   fan_pressure_pa and fan_efficiency), and its heat joins the air.
 * - Water-side economizer: tower water at wet bulb + tower approach
 *   cools the chilled-water return through a plate heat exchanger; the
 *   share of the chilled-water range it covers, phi, needs no compressor:
 *   phi = clamp((return - (wb + tower + hx approach)) / range, 0, 1).
 *   Air-side: outdoor air replaces the share phi = clamp((return air -
 *   dry bulb) / (return air - supply air), 0, 1) of the coil load when its
 *   dew point is at most max_outdoor_dew_c, and none otherwise. Both
 *   (the default): outdoor air takes its share of the coil load first,
 *   the heat exchanger its share of what is left on the chilled water.
 * - Chillers (chiller.c) take the rest, condensing into tower water at
 *   max(wb + tower approach, condenser_water_min_c) + range.
 * - Pumps (chilled and condenser water) and tower fans follow the cube
 *   law of the heat they carry, from their design at design_heat_w.
 * - Towers evaporate 1 lb of water per 1,176 Btu rejected (the Cooling
 *   Technology Institute rule, evaporation = 0.00085 x flow x range in F);
 *   blow-down is evaporation / (cycles - 1); drift is neglected.
 * Everything the plant draws ends up outdoors: rejected = q + power.
 *
 * Capacity: the CRAHs at design flow (design_heat_w), or less when the
 * chillers' capacity, which falls on hot days, cannot carry what the
 * economizer leaves them.
 *
 * Left out: humidification and dehumidification, CRAH minimum fan speeds,
 * chiller part-load curves, tower capacity limits, economizer changeover
 * dead bands, adiabatic (evaporative) air-side cooling and its water.
 *
 * Default sources:
 * - supply air 24 C, the middle of the ASHRAE recommended inlet range
 *   18-27 C (ASHRAE TC 9.9 Thermal Guidelines, 5th ed., 2021), and the
 *   recommended dew-point ceiling 15 C for outdoor air.
 * - 12 K across the servers (ASHRAE TC 9.9: IT air temperature rise
 *   about 10-20 K at typical inlet temperatures).
 * - airflow ratio 1.5: open hot/cold-aisle rooms supply well above the
 *   air the IT equipment draws (bypass airflow, commonly 1.2-2x; 1.0-1.1
 *   with full containment).
 * - fans: 600 Pa total (coil, filters, raised floor and tiles) at 60%
 *   fan-motor-drive efficiency (EC plug fans).
 * - chilled water 15.6 C (60 F) supply, 6.7 K range: current data-hall
 *   practice now that the ASHRAE TC 9.9 recommended inlet is 18-27 C (the
 *   coil still delivers 24 C air with an 8 K approach); US DOE FEMP, "Best
 *   Practices Guide for Energy-Efficient Data Center Design" (2011)
 *   recommends chilled water of 55 F or more, and ASHRAE 90.4's annual
 *   mechanical load component rewards it. The old ASHRAE 90.1
 *   Appendix G baseline (44/56 F, 6.7 C) is an override away.
 * - condenser water: 5.6 K range and 29.4 C entering at rating (AHRI
 *   550/590); reset with the wet bulb down to 18.3 C (65 F), the lowest
 *   entering condenser water AHRI 550/590 rates chillers at (its IPLV
 *   part-load points), so a cooler wet bulb lowers the chiller's lift
 *   until it reaches its 15 K minimum (at 15.6 C chilled water, a wet
 *   bulb near 18 C; the floor binds only with colder chilled water).
 * - economizer: both, outdoor air first while its dew point allows, then
 *   the towers' water through a plate heat exchanger for the rest. ASHRAE
 *   90.4 sets a mechanical load limit by climate zone that either can
 *   meet; designers pick outdoor air in dry climates and tower water in
 *   humid ones, and with both each climate gets the one that suits it,
 *   hour by hour.
 * - tower approach 3.9 K (7 F) and plate heat exchanger 1.5 K.
 * - tower fans 12.7 W per kW rejected: the ASHRAE 90.1 minimum of
 *   40.2 gpm/hp for open axial-fan towers at 95/85/75 F.
 * - pumps 22 W/gpm (349 W per L/s) chilled and 19 W/gpm (301 W per L/s)
 *   condenser water, ASHRAE 90.1 Appendix G baseline.
 * - 4 cycles of concentration (US DOE FEMP cooling-tower best practice:
 *   3-5 typical, 6 achievable).
 * - chillers: chiller.c, sized for the design coil load (server heat plus
 *   the CRAH fans' and chilled-water pumps' heat at design flow) in the
 *   hottest hour of the site's weather, unless capacity_kw is given.
 */
#include "cooling_int.h"

#include <math.h>

#include "chiller.h"

/* Water a tower evaporates per J rejected, kg/J (1 lb per 1,176 Btu). */
#define TOWER_EVAPORATION_KG_PER_J (0.45359237 / (1176.0 * 1055.056))

static double fan_design_w(const struct air_spec *a);
static double pump_design_w(double design_heat_w, double delta_t_k, double w_per_lps);

void cooling_air_defaults(struct air_spec *a, double design_heat_w)
{
	a->supply_air_c = 24.0;
	a->it_delta_t_k = 12.0;
	a->airflow_ratio = 1.5;
	a->fan_pressure_pa = 600.0;
	a->fan_efficiency = 0.6;
	a->economizer = ECONOMIZER_BOTH;
	a->max_outdoor_dew_c = 15.0;
	a->chilled_water_supply_c = 15.6;
	a->chilled_water_delta_t_k = 6.7;
	a->condenser_water_min_c = 18.3;
	a->condenser_range_k = 5.6;
	a->tower_approach_k = 3.9;
	a->economizer_approach_k = 1.5;
	a->tower_fan_w_per_kw = 12.7;
	a->chw_pump_w_per_lps = 349.0;
	a->cw_pump_w_per_lps = 301.0;
	a->cycles_of_concentration = 4.0;
	a->design_heat_w = design_heat_w;
	/* chillers carry the design coil load: the servers' heat plus the
	 * CRAH fans' and chilled-water pumps' at design flow */
	chiller_water_cooled(&a->chiller, design_heat_w + fan_design_w(a) +
					  pump_design_w(design_heat_w, a->chilled_water_delta_t_k,
							a->chw_pump_w_per_lps));
}

/* Design power of each fan and pump group, W. */
static double fan_design_w(const struct air_spec *a)
{
	double flow_m3s = a->airflow_ratio * a->design_heat_w / (COOLING_AIR_RHO_CP * a->it_delta_t_k);
	return flow_m3s * a->fan_pressure_pa / a->fan_efficiency;
}

static double pump_design_w(double design_heat_w, double delta_t_k, double w_per_lps)
{
	/* 1 kg of water is 1 L */
	return design_heat_w / (COOLING_WATER_CP * delta_t_k) * w_per_lps;
}

/* The shares of the load each economizer takes in this weather: outdoor
 * air of the coil load, then the plate heat exchanger of what is left on
 * the chilled water. */
static int uses_air(const struct air_spec *a)
{
	return a->economizer == ECONOMIZER_AIR_SIDE || a->economizer == ECONOMIZER_BOTH;
}

static int uses_water(const struct air_spec *a)
{
	return a->economizer == ECONOMIZER_WATER_SIDE || a->economizer == ECONOMIZER_BOTH;
}

static double clamp01(double x)
{
	return x < 0 ? 0 : (x > 1 ? 1 : x);
}

static double air_share(const struct air_spec *a, const struct outdoor *o)
{
	if (!uses_air(a) || o->dew_c > a->max_outdoor_dew_c)
		return 0;
	double rise = a->it_delta_t_k / a->airflow_ratio; /* at the CRAH, after bypass */
	return clamp01((a->supply_air_c + rise - o->dry_c) / rise);
}

static double water_share(const struct air_spec *a, const struct outdoor *o)
{
	if (!uses_water(a))
		return 0;
	double ret = a->chilled_water_supply_c + a->chilled_water_delta_t_k;
	double hx = o->wet_c + a->tower_approach_k + a->economizer_approach_k;
	return clamp01((ret - hx) / a->chilled_water_delta_t_k);
}

static double condenser_leaving_c(const struct air_spec *a, const struct outdoor *o)
{
	double supply = o->wet_c + a->tower_approach_k;
	if (supply < a->condenser_water_min_c)
		supply = a->condenser_water_min_c;
	return supply + a->condenser_range_k;
}

/* The whole plant at heat q; returns the chillers' load. */
static double plant(const struct air_spec *a, double q, const struct outdoor *o,
		    struct cooling_out *out)
{
	double d = a->design_heat_w > 0 ? a->design_heat_w : 1.0;
	double phi_air = air_share(a, o), phi_water = water_share(a, o);
	double fans = cooling_affinity_w(fan_design_w(a), q / d);
	double coil = q + fans;
	/* chilled water carries what outdoor air leaves of the coil load
	 * (all of it without an air-side economizer), part of it to the
	 * water-side economizer's heat exchanger */
	double chw_load = (1.0 - phi_air) * coil;
	double chw_pump = cooling_affinity_w(
		pump_design_w(d, a->chilled_water_delta_t_k, a->chw_pump_w_per_lps), chw_load / d);
	double to_water = chw_load + chw_pump;
	double hx = phi_water * to_water;
	double chiller_load = to_water - hx;
	double cond_c = condenser_leaving_c(a, o);
	double compressors = chiller_load > 0
		? chiller_load / chiller_cop(&a->chiller, a->chilled_water_supply_c, cond_c) : 0;
	double tower_in = chiller_load + compressors + hx;
	double cw_pump = cooling_affinity_w(
		pump_design_w(d, a->condenser_range_k, a->cw_pump_w_per_lps), tower_in / d);
	tower_in += tower_in > 0 ? cw_pump : 0;
	if (tower_in <= 0)
		cw_pump = 0;
	double tower_fans = cooling_affinity_w(a->tower_fan_w_per_kw * 1e-3 * d, tower_in / d);
	if (out) {
		out->w[COOL_AIR_FANS] = fans;
		out->w[COOL_COMPRESSORS] = compressors;
		out->w[COOL_PUMPS] = chw_pump + cw_pump;
		out->w[COOL_HEAT_REJECTION] = tower_fans;
		double evaporation = tower_in * TOWER_EVAPORATION_KG_PER_J;
		out->water_l_per_h = 3600.0 * evaporation * a->cycles_of_concentration /
				     (a->cycles_of_concentration - 1.0);
		out->free_fraction = q > 0 ? phi_air + (1.0 - phi_air) * phi_water : 0;
		out->removed_w = q;
		/* outdoor air takes its share of the coil load directly */
		out->rejected_w = phi_air * coil + tower_in + tower_fans;
	}
	return chiller_load;
}

void cooling_air_eval(const struct air_spec *a, double heat_w, const struct outdoor *o,
		      struct cooling_out *out)
{
	plant(a, heat_w, o, out);
}

double cooling_air_chiller_need_w(const struct air_spec *a, const struct outdoor *o)
{
	double load = plant(a, a->design_heat_w, o, NULL);
	double cond = condenser_leaving_c(a, o);
	double sup = a->chilled_water_supply_c;
	if (cond <= a->chiller.rating_condenser_c)
		return load;
	return load * chiller_cop(&a->chiller, sup, a->chiller.rating_condenser_c) /
	       chiller_cop(&a->chiller, sup, cond);
}

struct chiller_excess {
	const struct air_spec *a;
	const struct outdoor *o;
	double chiller_cap_w;
};

static double excess(double q, void *p)
{
	const struct chiller_excess *e = p;
	return plant(e->a, q, e->o, NULL) - e->chiller_cap_w;
}

double cooling_air_capacity_w(const struct air_spec *a, const struct outdoor *o)
{
	struct chiller_excess e = {
		a, o,
		chiller_capacity_w(&a->chiller, a->chilled_water_supply_c, condenser_leaving_c(a, o))
	};
	return cooling_largest_heat(excess, &e, a->design_heat_w);
}

/* AIR as a technology: the servers' fans at full power, and racks up to
 * 40 kW, the top of the 30-40 kW air cooling reaches with hot- or
 * cold-aisle containment (ASHRAE TC 9.9, "Emergence and Expansion of
 * Liquid Cooling in Mainstream Data Centers", 2021). */
static void air_defaults(struct cooling_spec *s, double design_heat_w)
{
	s->fan_scale = 1.0;
	s->max_rack_w = 40e3;
	cooling_air_defaults(&s->air, design_heat_w);
}

static double air_capacity_w(const struct cooling_spec *s, const struct outdoor *o)
{
	return cooling_air_capacity_w(&s->air, o);
}

static void air_eval(const struct cooling_spec *s, double heat_w, const struct outdoor *o,
		     struct cooling_out *out)
{
	cooling_air_eval(&s->air, heat_w, o, out);
}

const struct cooling_tech_ops cooling_air_ops = {
	.paths = COOLING_PATH_AIR,
	.defaults = air_defaults,
	.capacity_w = air_capacity_w,
	.eval = air_eval,
};
