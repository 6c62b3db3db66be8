/*
 * tco.h - the cost of owning a facility over a stretch of its life:
 * capital, annualized with a capital recovery factor per asset class,
 * plus what running it costs. Pure functions, no run state: the run
 * (models/run/world_tco.c) supplies the quantities, the scenario's cost
 * section (docs/cost.md) the prices. USD throughout.
 */
#ifndef DCSIM_TCO_H
#define DCSIM_TCO_H

#include <stddef.h>

/* The asset classes, each with its own life: GPUs and their nodes; the
 * network; the racks and the power chain; the cooling plant; the
 * building shell. */
enum tco_asset { TCO_IT, TCO_NETWORK, TCO_POWER, TCO_COOLING, TCO_BUILDING, TCO_N_ASSETS };

/* The capital recovery factor: the level annual payment, per dollar
 * borrowed at rate r a year, that repays it in n years,
 * r (1+r)^n / ((1+r)^n - 1); 1/n at r = 0. */
double tco_crf(double rate, double years);

/* What a stretch of operation costs besides energy and demand (which the
 * run prices itself): the rates, and the quantities they apply to. */
struct tco_rates {
	double capex[TCO_N_ASSETS];  /* USD up front, by class */
	double years[TCO_N_ASSETS];  /* its life */
	double discount_rate;        /* a year */
	double maintenance_fraction; /* of the facility's capex (power, cooling,
				      * building) a year */
	double staff_per_mw;         /* full-time staff per MW of IT nameplate */
	double staff_usd_per_year;   /* loaded cost of one */
	double it_mw;                /* IT nameplate */
};

/* Costs of h hours of operation, USD, spread evenly over time. */
struct tco_share {
	double capex;       /* every class's annualized capex x h / 8760 */
	double maintenance;
	double staff;
};

/* The capex of each class annualized, USD a year (into out[TCO_N_ASSETS]),
 * and their sum. */
double tco_annual_capex(const struct tco_rates *t, double out[TCO_N_ASSETS]);
/* The time-spread costs of h hours. */
void tco_share_of(const struct tco_rates *t, double hours, struct tco_share *out);
/* The demand charge of one billing month: rate (USD per kW-month) x the
 * month's peak, prorated by the share of the month the window covers. */
double tco_demand_charge(double usd_per_kw_month, double peak_kw, double hours,
			 double month_hours);

#endif
