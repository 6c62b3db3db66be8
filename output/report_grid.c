/*
 * report_grid.c - the grid in words: the shipped carbon-intensity regions
 * for `dcsim catalog`, and a scenario's carbon and price signals for
 * `dcsim validate` (what the grid did in a run is in the KPI table).
 */
#include "report.h"

#include <math.h>

#include "grid.h"
#include "residual_mix.h"

void report_print_grid_catalog(FILE *f)
{
	fprintf(f, "\nGrid carbon-intensity regions (grid.carbon: \"name\"; U.S. EIA Form EIA-930, "
		   "processed by HewlettPackard/dc-rl)\n");
	for (size_t i = 0; i < grid_region_count(); i++)
		fprintf(f, "  %-14s %s; residual mix %s: %s\n", grid_region_at(i)->name,
			grid_region_at(i)->what, grid_region_at(i)->residual,
			grid_region_at(i)->residual_why);
	fprintf(f, "\nResidual mixes (grid.market.residual_region: \"code\"; market-based "
		   "emissions, GHG Protocol Scope 2)\n");
	for (size_t i = 0; i < residual_mix_count(); i++) {
		const struct residual_mix *r = residual_mix_at(i);
		fprintf(f, "  %-6s %8.2f g/kWh  %s (%s)\n", r->code, r->g_per_kwh, r->what,
			r->source);
	}
}

/* One grid signal in words. */
static void print_signal(FILE *f, const char *what, const char *unit, const struct grid_signal *s,
			 const struct grid_spec *g)
{
	switch (s->source) {
	case GRID_SIGNAL_NONE:
		fprintf(f, "  grid %s: not given\n", what);
		return;
	case GRID_SIGNAL_CONSTANT:
		fprintf(f, "  grid %s: %g %s\n", what, s->constant, unit);
		return;
	case GRID_SIGNAL_PROFILE:
		fprintf(f, "  grid %s: time of use by local hour, mean %.1f %s\n", what,
			grid_signal_mean(s, g->start_day_of_year, g->utc_offset_h), unit);
		return;
	case GRID_SIGNAL_FILE:
		fprintf(f, "  grid %s: %s, %zu h (%zu gaps filled), mean over a year %.1f %s\n",
			what, s->path, s->n, s->filled,
			grid_signal_mean(s, g->start_day_of_year, g->utc_offset_h), unit);
		return;
	case GRID_SIGNAL_STEPS:
		fprintf(f, "  grid %s: %zu steps:", what, s->n_steps);
		for (size_t i = 0; i < s->n_steps; i++)
			fprintf(f, "%s %g from hour %zu", i ? "," : "", s->step_value[i],
				s->step_hour[i]);
		fprintf(f, " %s\n", unit);
		return;
	}
}

void report_grid(FILE *f, const struct scenario *sc)
{
	const struct grid_spec *g = &sc->grid;
	if (!g->present)
		return;
	print_signal(f, "carbon", "g CO2e/kWh", &g->carbon, g);
	print_signal(f, "price", "USD/MWh", &g->price, g);
	if (g->capacity.source != GRID_SIGNAL_NONE) {
		print_signal(f, "capacity", "MW", &g->capacity, g);
		fprintf(f, "  grid policy at the cap: %s", scenario_grid_policy_name(g->policy));
		if (g->policy == GRID_THROTTLE_THEN_QUEUE)
			fprintf(f, " (floor %g of TDP)", g->throttle_floor);
		fprintf(f, "\n");
	}
	const struct battery_spec *b = &g->battery;
	if (b->present) {
		fprintf(f, "  battery: %g MWh, %g MW, round trip %g, SOC %g..1 (starts %g), %s",
			b->energy_wh / 1e6, b->power_w / 1e6, b->round_trip_efficiency, b->min_soc,
			b->initial_soc, scenario_battery_policy_name(b->policy));
		if (b->policy != BATTERY_PEAK_SHAVING)
			fprintf(f, ": charge at or below %g, discharge at or above %g",
				b->charge_below, b->discharge_above);
		fprintf(f, "\n");
	}
	const struct market_spec *m = &g->market;
	if (m->present) {
		fprintf(f, "  market: %g of the energy contracted, matched %s; residual ",
			m->contract_share, m->matching == MARKET_HOURLY ? "hourly" : "annually");
		if (isnan(m->residual_g_per_kwh))
			fprintf(f, "the grid's hourly carbon\n");
		else if (m->residual_region[0])
			fprintf(f, "%g g/kWh (%s)\n", m->residual_g_per_kwh, m->residual_region);
		else
			fprintf(f, "%g g/kWh\n", m->residual_g_per_kwh);
	}
	fprintf(f, "  grid clock: UTC%+g, run starts on day %g\n", g->utc_offset_h,
		g->start_day_of_year);
}
