/*
 * power_chain_rises.c - how steeply a chain unit's loss can fall and
 * rise with the load it carries.
 *
 * The grid cap's solve (models/run/world_cap.c) decides many of its
 * questions from a bound instead of a trial: raising every capped GPU by
 * a watt raises the facility's draw by at least a known share of the IT
 * it adds (models/run/world.c: rise_factor). For the chain that share is
 * the product over its levels of 1 + the least slope of a unit's loss.
 *
 * Between two points of an efficiency table the efficiency is linear in
 * the load fraction x, eta(x) = a + b x (power_chain_eff_at), and the
 * loss per unit of rating is x / eta(x) - x, whose derivative is
 * a / eta(x)^2 - 1. In one segment a is fixed and eta is monotone and
 * positive, so a / eta^2 is monotone and takes its least and greatest
 * values at the segment's ends. Below the first point the loss holds
 * (no-load losses: slope 0); above the last it is out x (1 / eta - 1),
 * slope 1 / eta - 1 >= 0. The pieces meet, so the loss is continuous and
 * these are its least and greatest slopes.
 *
 * Linear interpolation of the efficiency makes the loss fall with the
 * load where the efficiency climbs steeply: the three presets' first
 * segment (10-20% load) has a slope down to -0.7% (transformer_mv_dry),
 * -2.2% (ups_double_conversion) and -1.8% (pdu_transformer); above 20%
 * they all rise, and busway's loss rises everywhere.
 */
#include "power_chain.h"

/* The loss's slope at the ends of segment i: a / eta^2 - 1. */
static void segment_slopes(const struct eff_table *t, size_t i, double *s0, double *s1)
{
	double x0 = t->load[i], x1 = t->load[i + 1];
	double b = (t->eff[i + 1] - t->eff[i]) / (x1 - x0), a = t->eff[i] - b * x0;
	*s0 = a / (t->eff[i] * t->eff[i]) - 1.0;
	*s1 = a / (t->eff[i + 1] * t->eff[i + 1]) - 1.0;
}

double power_chain_loss_slope_min(const struct eff_table *t)
{
	double m = 0; /* below the first point */
	for (size_t i = 0; i + 1 < t->n; i++) {
		double s0, s1;
		segment_slopes(t, i, &s0, &s1);
		m = s0 < m ? s0 : m;
		m = s1 < m ? s1 : m;
	}
	return m;
}

double power_chain_input_slope_max(const struct eff_table *t)
{
	double m = 1.0 / t->eff[t->n - 1]; /* above the last point */
	for (size_t i = 0; i + 1 < t->n; i++) {
		double s0, s1;
		segment_slopes(t, i, &s0, &s1);
		m = 1 + s0 > m ? 1 + s0 : m;
		m = 1 + s1 > m ? 1 + s1 : m;
	}
	return m;
}
