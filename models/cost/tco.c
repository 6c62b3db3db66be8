/*
 * tco.c - the total cost of ownership arithmetic.
 *
 * Capital is annualized with the capital recovery factor (the level
 * payment of a loan at the discount rate over the asset's life:
 * Newnan, Eschenbach & Lavelle, Engineering Economic Analysis, the A/P
 * factor), then spread evenly over the hours of the window (8,760 a
 * year). Maintenance is a yearly share of the facility's capex, staff a
 * yearly cost per MW of IT nameplate; both spread the same way. Demand
 * charges bill each month's peak at a rate per kW-month, as US
 * commercial tariffs do; a month the window covers only in part pays the
 * covered share (a billing-period proration). Invariant: the costs of
 * the months of a window add up to the costs of the window, because
 * every spread cost is linear in the hours.
 */
#include "tco.h"

#include <math.h>

#define HOURS_PER_YEAR 8760.0

double tco_crf(double rate, double years)
{
	if (rate == 0)
		return 1.0 / years;
	double g = pow(1.0 + rate, years);
	return rate * g / (g - 1.0);
}

double tco_annual_capex(const struct tco_rates *t, double out[TCO_N_ASSETS])
{
	double sum = 0;
	for (int a = 0; a < TCO_N_ASSETS; a++) {
		out[a] = t->capex[a] * tco_crf(t->discount_rate, t->years[a]);
		sum += out[a];
	}
	return sum;
}

void tco_share_of(const struct tco_rates *t, double hours, struct tco_share *out)
{
	double annual[TCO_N_ASSETS];
	const double y = hours / HOURS_PER_YEAR;
	const double facility = t->capex[TCO_POWER] + t->capex[TCO_COOLING] +
				t->capex[TCO_BUILDING];
	out->capex = tco_annual_capex(t, annual) * y;
	out->maintenance = t->maintenance_fraction * facility * y;
	out->staff = t->staff_per_mw * t->it_mw * t->staff_usd_per_year * y;
}

double tco_demand_charge(double usd_per_kw_month, double peak_kw, double hours,
			 double month_hours)
{
	return usd_per_kw_month * peak_kw * hours / month_hours;
}
