/*
 * cooling_liquid.c - a warm-water loop: coolant distribution units (CDUs)
 * and pumps, dry coolers, and an air-cooled trim chiller. Direct-to-chip
 * cold plates and immersion tanks both reject heat through it.
 *
 * Water leaves the dry coolers for the IT equipment at supply_c and comes
 * back delta_t_k warmer. A dry cooler's capacity at full fan speed is
 * proportional to its entering temperature difference (return water minus
 * outdoor dry bulb: fixed UA and flows); it is sized so that at design
 * heat it just reaches supply_c when the outdoor air is
 * dry_cooler_approach_k below supply_c. So with q the loop's heat:
 *   max_dc(T) = design x (return - T) / (delta_t + approach), at least 0;
 * the dry coolers take min(q, max_dc(T)) and the trim chiller the rest,
 * condensing into outdoor air: "a trim chiller only when the outdoor
 * temperature plus the approach is above the supply temperature" at design
 * heat, and later at part load. Dry-cooler airflow is the share of
 * max_dc(T) used, fan power its cube; pumps move water in proportion to
 * the heat (variable flow, fixed delta T), power the cube of flow; their
 * heat joins the loop. No water is evaporated.
 *
 * Capacity: the pumps' design flow (design heat), or what the dry coolers
 * and the trim chiller can do together in this weather.
 *
 * Left out: adiabatic (sprayed) dry coolers, glycol properties (water is
 * used), the CDU heat exchanger's approach (folded into the supply
 * temperature), loop temperature drift when capacity runs out (the
 * servers are throttled instead).
 *
 * Default sources: ASHRAE TC 9.9 liquid-cooling classes (W32: facility
 * water supply up to 32 C; W40 up to 40 C; 2021 "Emergence and Expansion
 * of Liquid Cooling in Mainstream Data Centers"); 10 K loop delta T, the
 * common cold-plate design; dry-cooler approach 5 K and fans of 20 W per
 * kW rejected at design (manufacturers' selections for EC-fan dry
 * coolers: 10-30 W/kW); pumps 698 W per L/s, the ASHRAE 90.1 Appendix G
 * chilled-water baseline (22 W/gpm) for each of the CDU secondary and the
 * facility primary loops; trim chiller: chiller.c (air-cooled).
 */
#include "cooling_int.h"

#include "chiller.h"

static double pumps_w(const struct liquid_spec *l, double q);

void cooling_liquid_defaults(struct liquid_spec *l, double supply_c, double design_heat_w,
			     double trim_capacity_w)
{
	l->supply_c = supply_c;
	l->delta_t_k = 10.0;
	l->dry_cooler_approach_k = 5.0;
	l->dry_cooler_fan_w_per_kw = 20.0;
	l->pump_w_per_lps = 698.0;
	l->design_heat_w = design_heat_w;
	/* a trim chiller carries the loop's heat plus its pumps' at design */
	chiller_air_cooled(&l->trim, trim_capacity_w > 0
					     ? trim_capacity_w + pumps_w(l, design_heat_w) : 0);
}

static double dry_cooler_max_w(const struct liquid_spec *l, const struct outdoor *o)
{
	double itd = l->supply_c + l->delta_t_k - o->dry_c;
	double m = l->design_heat_w * itd / (l->delta_t_k + l->dry_cooler_approach_k);
	return m > 0 ? m : 0;
}

static double pumps_w(const struct liquid_spec *l, double q)
{
	double d = l->design_heat_w > 0 ? l->design_heat_w : 1.0;
	double design = d / (COOLING_WATER_CP * l->delta_t_k) * l->pump_w_per_lps;
	return cooling_affinity_w(design, q / d);
}

void cooling_liquid_eval(const struct liquid_spec *l, double heat_w, const struct outdoor *o,
			 struct cooling_out *out)
{
	double d = l->design_heat_w > 0 ? l->design_heat_w : 1.0;
	double pumps = pumps_w(l, heat_w);
	double loop = heat_w + pumps;
	double max_dc = dry_cooler_max_w(l, o);
	double dc = loop < max_dc ? loop : max_dc;
	double trim = loop - dc;
	double compressors = trim > 0 ? trim / chiller_cop(&l->trim, l->supply_c, o->dry_c) : 0;
	double fans = max_dc > 0 ? cooling_affinity_w(l->dry_cooler_fan_w_per_kw * 1e-3 * d, dc / max_dc)
				 : 0;
	out->w[COOL_PUMPS] += pumps;
	out->w[COOL_HEAT_REJECTION] += fans;
	out->w[COOL_COMPRESSORS] += compressors;
	out->removed_w += heat_w;
	out->rejected_w += loop + compressors + fans;
	out->free_fraction = loop > 0 ? dc / loop : 0;
}

double cooling_liquid_trim_need_w(const struct liquid_spec *l, const struct outdoor *o)
{
	double load = l->design_heat_w + pumps_w(l, l->design_heat_w) - dry_cooler_max_w(l, o);
	if (load <= 0)
		return 0;
	if (o->dry_c <= l->trim.rating_condenser_c)
		return load;
	return load * chiller_cop(&l->trim, l->supply_c, l->trim.rating_condenser_c) /
	       chiller_cop(&l->trim, l->supply_c, o->dry_c);
}

struct loop_excess {
	const struct liquid_spec *l;
	double limit_w;
};

static double excess(double q, void *p)
{
	const struct loop_excess *e = p;
	return q + pumps_w(e->l, q) - e->limit_w;
}

double cooling_liquid_capacity_w(const struct liquid_spec *l, const struct outdoor *o)
{
	struct loop_excess e = {
		l, dry_cooler_max_w(l, o) + chiller_capacity_w(&l->trim, l->supply_c, o->dry_c)
	};
	return cooling_largest_heat(excess, &e, l->design_heat_w);
}
