/*
 * battery.c - state of charge under piecewise-constant power.
 */
#include "battery.h"

#include <math.h>

void battery_init(struct battery *b, double energy_wh, double power_w, double round_trip,
		  double min_soc, double initial_soc, double tol_wh)
{
	b->tol_wh = tol_wh;
	b->energy_wh = energy_wh;
	b->power_w = power_w;
	b->eta = sqrt(round_trip);
	b->min_wh = min_soc * energy_wh;
	b->soc_wh = initial_soc * energy_wh;
	b->p_w = 0;
}

double battery_soc_rate(const struct battery *b, double p_w)
{
	return p_w >= 0 ? p_w * b->eta : p_w / b->eta;
}

double battery_time_to_bound(const struct battery *b)
{
	double r = battery_soc_rate(b, b->p_w);
	if (r > 0)
		return (b->energy_wh - b->soc_wh) / r * 3600.0;
	if (r < 0)
		return (b->soc_wh - b->min_wh) / -r * 3600.0;
	return INFINITY;
}

void battery_advance(struct battery *b, double dt_s)
{
	b->soc_wh += battery_soc_rate(b, b->p_w) * dt_s / 3600.0;
}

double battery_can_discharge_w(const struct battery *b)
{
	return b->soc_wh > b->min_wh + b->tol_wh ? b->power_w : 0;
}

double battery_can_charge_w(const struct battery *b)
{
	return b->soc_wh < b->energy_wh - b->tol_wh ? b->power_w : 0;
}
