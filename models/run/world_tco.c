/*
 * world_tco.c - the cost of ownership of the run's facility over the
 * measurement window (docs/cost.md): what it cost to build, annualized,
 * and what it cost to run, in total and per calendar month.
 *
 * Capex, by component, from the scenario's cost section: GPUs and nodes
 * by count; the fabric per GPU; racks by count; the power chain per kW
 * of IT nameplate (each rack's nameplate under its zone's fans, what the
 * chain is checked against); the cooling plant per kW of each zone's
 * racks at its technology's price; the building per MW. Each class is
 * annualized at the discount rate over its life (models/cost/tco.c) and
 * spread over the window's hours, as maintenance and staff are.
 *
 * Opex: energy at the hourly price the grid meters integrate (a flat
 * price without grid.price), demand charges on each month's exact grid
 * peak (world_months.c), water at a price per m3. The months' costs are
 * the same terms over each month's hours, so they add up to the window's
 * (checked).
 *
 * Delivered GPU-hours are the allocated ones times goodput (world
 * failures: allocated less the work lost to failures and preemptions).
 * What it leaves out: taxes, insurance, land, software, financing fees,
 * salvage value, price escalation; docs/cost.md lists them.
 *
 * State: none but the run's. Ops: kpis (after the grid, cooling,
 * failures and months), check. Last in RUN_SUBS.
 */
#include <math.h>
#include <string.h>

#include "run_core.h"
#include "tco.h"

struct tco_sub {
	int on;
	struct tco_rates rates;
};

/* Capex by component into k, and by asset class into t. */
static void capex_of(const struct scenario *sc, struct run_kpis *k, struct tco_rates *t)
{
	const struct cost_spec *c = &sc->cost;
	double it_w = 0, cooling = 0;
	for (int r = 0; r < sc->racks; r++) {
		const double w = scenario_rack_nameplate_at(sc, r);
		it_w += w;
		cooling += w / 1e3 * c->cooling_usd_per_kw[scenario_zone_of(sc, r)->spec.tech];
	}
	k->capex_gpu_usd = scenario_total_gpus(sc) * c->gpu_usd;
	k->capex_node_usd = scenario_total_nodes(sc) * c->node_usd;
	k->capex_network_usd = scenario_total_gpus(sc) * c->network_usd_per_gpu;
	k->capex_rack_usd = sc->racks * c->rack_usd;
	k->capex_power_usd = it_w / 1e3 * c->power_usd_per_kw;
	k->capex_cooling_usd = cooling;
	k->capex_building_usd = it_w / 1e6 * c->building_usd_per_mw;
	k->capex_usd = k->capex_gpu_usd + k->capex_node_usd + k->capex_network_usd +
		       k->capex_rack_usd + k->capex_power_usd + k->capex_cooling_usd +
		       k->capex_building_usd;
	t->capex[TCO_IT] = k->capex_gpu_usd + k->capex_node_usd;
	t->capex[TCO_NETWORK] = k->capex_network_usd;
	t->capex[TCO_POWER] = k->capex_rack_usd + k->capex_power_usd;
	t->capex[TCO_COOLING] = k->capex_cooling_usd;
	t->capex[TCO_BUILDING] = k->capex_building_usd;
	t->years[TCO_IT] = c->it_years;
	t->years[TCO_NETWORK] = c->network_years;
	t->years[TCO_POWER] = c->power_years;
	t->years[TCO_COOLING] = c->cooling_years;
	t->years[TCO_BUILDING] = c->building_years;
	t->discount_rate = c->discount_rate;
	t->maintenance_fraction = c->maintenance_fraction;
	t->staff_per_mw = c->staff_per_mw;
	t->staff_usd_per_year = c->staff_usd_per_year;
	t->it_mw = it_w / 1e6;
}

static void nan_all(struct run_kpis *k)
{
	double *f[] = { &k->capex_usd, &k->capex_gpu_usd, &k->capex_node_usd,
			&k->capex_network_usd, &k->capex_rack_usd, &k->capex_power_usd,
			&k->capex_cooling_usd, &k->capex_building_usd, &k->tco_usd,
			&k->tco_capex_usd, &k->tco_energy_usd, &k->tco_demand_usd,
			&k->tco_water_usd, &k->tco_maintenance_usd, &k->tco_staff_usd,
			&k->cost_per_installed_gpu_h_usd, &k->cost_per_delivered_gpu_h_usd,
			&k->breakeven_utilization_on_demand, &k->breakeven_utilization_reserved,
			&k->breakeven_utilization_spot };
	for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
		*f[i] = (double)NAN;
}

/* Energy at the grid's hourly price, or the flat price without one. */
static double energy_usd(const struct scenario *sc, double hourly_usd, double grid_mwh)
{
	return sc->grid.price.source != GRID_SIGNAL_NONE ? hourly_usd
							 : sc->cost.energy_usd_per_mwh * grid_mwh;
}

/* The month's costs, over its hours in the window. */
static void month_costs(const struct scenario *sc, const struct tco_rates *t,
			struct month_record *m)
{
	struct tco_share s;
	tco_share_of(t, m->hours, &s);
	m->cost_capex_usd = s.capex;
	m->cost_maintenance_usd = s.maintenance;
	m->cost_staff_usd = s.staff;
	m->cost_energy_usd = energy_usd(sc, m->energy_cost_usd, m->grid_energy_mwh);
	m->cost_demand_usd = tco_demand_charge(sc->cost.demand_usd_per_kw_month, m->grid_peak_kw,
					       m->hours, m->month_hours);
	m->cost_water_usd = sc->cost.water_usd_per_m3 * m->water_m3;
	m->cost_total_usd = m->cost_capex_usd + m->cost_energy_usd + m->cost_demand_usd +
			    m->cost_water_usd + m->cost_maintenance_usd + m->cost_staff_usd;
}

static double breakeven(double per_installed_h, double price)
{
	return price > 0 ? per_installed_h / price : (double)NAN;
}

static int tco_init(struct world *w, void *st)
{
	((struct tco_sub *)st)->on = w->sc->cost.on;
	return 0;
}

static int tco_kpis(struct world *w, void *st, struct run_kpis *k, double window)
{
	struct tco_sub *ts = st;
	const struct scenario *sc = w->sc;
	struct run_result *r = w->res;
	nan_all(k);
	if (!ts->on)
		return 0;
	capex_of(sc, k, &ts->rates);
	const double hours = window / (double)SIM_TICKS_PER_H;
	struct tco_share s;
	tco_share_of(&ts->rates, hours, &s);
	k->tco_capex_usd = s.capex;
	k->tco_maintenance_usd = s.maintenance;
	k->tco_staff_usd = s.staff;
	k->tco_energy_usd = energy_usd(sc, k->energy_cost_usd, k->grid_energy_mwh);
	k->tco_water_usd = sc->cost.water_usd_per_m3 * k->water_m3;
	k->tco_demand_usd = 0;
	for (size_t i = 0; i < r->n_months; i++) {
		month_costs(sc, &ts->rates, &r->months[i]);
		k->tco_demand_usd += r->months[i].cost_demand_usd;
	}
	k->tco_usd = k->tco_capex_usd + k->tco_energy_usd + k->tco_demand_usd + k->tco_water_usd +
		     k->tco_maintenance_usd + k->tco_staff_usd;
	const double installed_h = k->gpus * hours;
	const double delivered_h = k->gpu_utilization * installed_h * k->goodput;
	k->cost_per_installed_gpu_h_usd = k->tco_usd / installed_h;
	k->cost_per_delivered_gpu_h_usd = delivered_h > 0 ? k->tco_usd / delivered_h : (double)NAN;
	const struct cost_spec *c = &sc->cost;
	k->breakeven_utilization_on_demand =
		breakeven(k->cost_per_installed_gpu_h_usd, c->cloud_on_demand_usd_per_gpu_h);
	k->breakeven_utilization_reserved =
		breakeven(k->cost_per_installed_gpu_h_usd, c->cloud_reserved_usd_per_gpu_h);
	k->breakeven_utilization_spot =
		breakeven(k->cost_per_installed_gpu_h_usd, c->cloud_spot_usd_per_gpu_h);
	return 0;
}

/* The months' costs add up to the window's, term by term. */
static int tco_check(struct world *w, void *st, struct diag *d)
{
	const struct tco_sub *ts = st;
	const struct run_result *r = w->res;
	const struct run_kpis *k = &r->kpis;
	if (!ts->on)
		return 0;
	struct month_record t;
	memset(&t, 0, sizeof t);
	for (size_t i = 0; i < r->n_months; i++) {
		t.cost_capex_usd += r->months[i].cost_capex_usd;
		t.cost_energy_usd += r->months[i].cost_energy_usd;
		t.cost_water_usd += r->months[i].cost_water_usd;
		t.cost_maintenance_usd += r->months[i].cost_maintenance_usd;
		t.cost_staff_usd += r->months[i].cost_staff_usd;
		t.cost_total_usd += r->months[i].cost_total_usd;
	}
	const struct {
		const char *what;
		double window, months;
	} terms[] = {
		{ "capital", k->tco_capex_usd, t.cost_capex_usd },
		{ "energy", k->tco_energy_usd, t.cost_energy_usd },
		{ "water", k->tco_water_usd, t.cost_water_usd },
		{ "maintenance", k->tco_maintenance_usd, t.cost_maintenance_usd },
		{ "staff", k->tco_staff_usd, t.cost_staff_usd },
		{ "total", k->tco_usd, t.cost_total_usd },
	};
	int rc = 0;
	for (size_t i = 0; i < sizeof terms / sizeof terms[0]; i++) {
		if (world_close_enough(terms[i].window, terms[i].months))
			continue;
		diag_add(d, "%s: conservation broken: the months' %s cost adds up to %.12g USD, "
			 "the window's is %.12g", w->sc->source, terms[i].what, terms[i].months,
			 terms[i].window);
		rc = -1;
	}
	return rc;
}

const struct run_sub_ops world_tco_ops = {
	.name = "tco",
	.size = sizeof(struct tco_sub),
	.init = tco_init,
	.kpis = tco_kpis,
	.check = tco_check,
};
