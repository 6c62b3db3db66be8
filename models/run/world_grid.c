/*
 * world_grid.c - the grid's signals during a run: carbon intensity and
 * price change at every hour boundary (an event, as the weather), and the
 * cost and emissions rates follow the facility's draw at every change, so
 * both are integrated exactly: the price or carbon of an hour times the
 * energy drawn in it, to the tick. With a battery the grid delivers
 * the facility's draw plus the battery's (world_battery.c); cost and
 * emissions follow what the grid delivers.
 *
 * State: struct grid_sub below (the signals, what the grid delivers, its
 * cost and emissions, and how far that is over the capacity). Hooks:
 * power (follow facility + battery), only with a grid section; last in
 * the list of those that follow the draw.
 */
#include <math.h>
#include <stdio.h>

#include "run_core.h"

struct grid_sub {
	int on;                  /* the scenario has a grid section */
	struct meter carbon, price; /* the signals now (0 without one) */
	struct meter cost_rate;  /* USD/h at the grid's draw */
	struct meter co2_rate;   /* kg/h */
	struct meter grid_w;     /* drawn from the grid: facility + battery */
	struct meter over_w;     /* grid draw - capacity; its peak must stay <= 0 */
	/* integrals at the last sample */
	double last_cost, last_co2, last_carbon, last_price, last_grid;
};

static struct grid_sub *grid_of(const struct world *w)
{
	return w->sub[RUN_SUB_GRID];
}

static void meter_zero(struct meter *m, sim_time now)
{
	meter_init(m, now, 0);
}

/* The meters marked at warm-up (over_w never is: its peak covers the run). */
static void grid_meters(struct grid_sub *gs, sim_time now, void (*fn)(struct meter *, sim_time))
{
	fn(&gs->carbon, now);
	fn(&gs->price, now);
	fn(&gs->cost_rate, now);
	fn(&gs->co2_rate, now);
	fn(&gs->grid_w, now);
}

double world_grid_carbon(const struct world *w)
{
	return grid_of(w)->carbon.value;
}

double world_grid_price(const struct world *w)
{
	return grid_of(w)->price.value;
}

void world_grid_integrals(const struct world *w, double *cost, double *co2, double *grid)
{
	const struct grid_sub *gs = grid_of(w);
	*cost = gs->cost_rate.integral;
	*co2 = gs->co2_rate.integral;
	*grid = gs->on ? gs->grid_w.integral : w->facility_w.integral;
}

static void set_signals(struct world *w, struct grid_sub *gs, sim_time now, size_t hour)
{
	const struct grid_spec *g = &w->sc->grid;
	double local = scenario_local_hour(w->sc, g->start_day_of_year, hour);
	double c = grid_signal_at_local(&g->carbon, local, g->utc_offset_h, hour);
	double p = grid_signal_at_local(&g->price, local, g->utc_offset_h, hour);
	meter_set(&gs->carbon, now, isnan(c) ? 0 : c);
	meter_set(&gs->price, now, isnan(p) ? 0 : p);
}

static int hourly(const struct grid_signal *s)
{
	return s->source == GRID_SIGNAL_PROFILE || s->source == GRID_SIGNAL_FILE ||
	       s->source == GRID_SIGNAL_STEPS;
}

static void on_grid_hour(struct sim *s, void *ctx, uint64_t hour)
{
	struct world *w = ctx;
	sim_time now = sim_now(s);
	world_defer_bank_all(w, now); /* at the hour's old signals */
	set_signals(w, grid_of(w), now, (size_t)hour);
	if (world_has_cap(w)) {
		world_cap_hour(w, now, (size_t)hour);
		world_power_changed(w, now); /* hold a lower capacity at once */
		world_dispatch(w);           /* a higher one may start jobs */
	} else {
		world_power_follow(w, now, RUN_SUB_CAP + 1); /* the battery, then the meters */
	}
	sim_time next = clock_from_s(3600.0 * (double)(hour + 1));
	if (next < w->horizon)
		sim_at(s, next, on_grid_hour, w, hour + 1);
}

static int grid_init(struct world *w, void *st)
{
	struct grid_sub *gs = st;
	const struct grid_spec *g = &w->sc->grid;
	grid_meters(gs, 0, meter_zero);
	meter_init(&gs->over_w, 0, 0);
	gs->on = g->present;
	if (!g->present)
		return 0;
	set_signals(w, gs, 0, 0);
	if ((hourly(&g->carbon) || hourly(&g->price) || hourly(&g->capacity)) &&
	    clock_from_s(3600.0) < w->horizon)
		sim_at(w->sim, clock_from_s(3600.0), on_grid_hour, w, 1);
	return RUN_HOOK_POWER;
}

/* The power op: what the grid delivers changed (the facility's draw or
 * the battery's, which ran before). */
static void grid_power(struct world *w, void *st, sim_time now)
{
	struct grid_sub *gs = st;
	double f = w->facility_w.value + world_battery_power_w(w); /* what the grid delivers */
	meter_set(&gs->grid_w, now, f);
	if (world_has_cap(w))
		meter_set(&gs->over_w, now, f - world_cap_capacity_w(w));
	/* W x USD/MWh / 1e6 = USD/h; W x g/kWh / 1e6 = kg/h */
	meter_set(&gs->cost_rate, now, f * gs->price.value / 1e6);
	meter_set(&gs->co2_rate, now, f * gs->carbon.value / 1e6);
}

static void grid_flush(struct world *w, void *st, sim_time now)
{
	(void)w;
	struct grid_sub *gs = st;
	grid_meters(gs, now, meter_flush);
	meter_flush(&gs->over_w, now);
}

static void grid_mark(struct world *w, void *st, sim_time now)
{
	(void)w;
	grid_meters(st, now, meter_mark);
}

static void grid_sample(struct world *w, void *st, double span, struct ts_row *row)
{
	struct grid_sub *gs = st;
	const struct grid_spec *g = &w->sc->grid;
	double h = (double)SIM_TICKS_PER_H;
	int carbon = g->carbon.source != GRID_SIGNAL_NONE, price = g->price.source != GRID_SIGNAL_NONE;
	row->carbon_g_per_kwh = carbon ? (gs->carbon.integral - gs->last_carbon) / span : (double)NAN;
	row->price_usd_per_mwh = price ? (gs->price.integral - gs->last_price) / span : (double)NAN;
	row->cost_usd = price ? (gs->cost_rate.integral - gs->last_cost) / h : (double)NAN;
	row->emissions_kg = carbon ? (gs->co2_rate.integral - gs->last_co2) / h : (double)NAN;
	row->grid_kw = gs->on ? (gs->grid_w.integral - gs->last_grid) / span / 1e3 : row->facility_kw;
	/* the cap's column is filled: it is earlier in the list */
	row->headroom_kw = world_has_cap(w) ? row->capacity_kw - row->grid_kw : (double)NAN;
	gs->last_grid = gs->grid_w.integral;
	gs->last_carbon = gs->carbon.integral;
	gs->last_price = gs->price.integral;
	gs->last_cost = gs->cost_rate.integral;
	gs->last_co2 = gs->co2_rate.integral;
}

static int grid_kpis(struct world *w, void *st, struct run_kpis *k, double window)
{
	(void)window;
	struct grid_sub *gs = st;
	const struct grid_spec *g = &w->sc->grid;
	double h = (double)SIM_TICKS_PER_H;
	k->grid_energy_mwh = gs->on ? world_w_tick_to_mwh(meter_window(&gs->grid_w))
				    : k->facility_energy_mwh;
	k->grid_peak_kw = gs->on ? gs->grid_w.peak / 1e3 : k->facility_peak_kw;
	k->grid_headroom_min_kw = world_has_cap(w) ? -gs->over_w.peak / 1e3 : (double)NAN;
	double e = k->grid_energy_mwh;
	k->energy_cost_usd = (double)NAN;
	k->price_mean_usd_per_mwh = (double)NAN;
	k->emissions_t_co2e = (double)NAN;
	k->carbon_mean_g_per_kwh = (double)NAN;
	if (g->price.source != GRID_SIGNAL_NONE) {
		k->energy_cost_usd = meter_window(&gs->cost_rate) / h;
		k->price_mean_usd_per_mwh = e > 0 ? k->energy_cost_usd / e : (double)NAN;
	}
	if (g->carbon.source != GRID_SIGNAL_NONE) {
		k->emissions_t_co2e = meter_window(&gs->co2_rate) / h / 1000.0;
		k->carbon_mean_g_per_kwh = e > 0 ? k->emissions_t_co2e * 1e3 / e : (double)NAN;
	}
	return 0;
}

/* What the grid delivers is the facility's draw plus the battery's, and
 * it never exceeded the capacity at any level held. */
static int grid_check(struct world *w, void *st, struct diag *d)
{
	struct grid_sub *gs = st;
	const char *src = w->sc->source;
	if (!gs->on)
		return 0;
	int rc = world_check_sum(d, src, "grid energy != facility + battery",
				 meter_window(&gs->grid_w),
				 meter_window(&w->facility_w) + world_battery_window_w(w));
	double cap = world_cap_capacity_w(w);
	if (world_has_cap(w) && gs->over_w.peak > 1e-9 * cap) {
		diag_add(d, "%s: grid draw exceeded the capacity by %.6g W", src, gs->over_w.peak);
		rc = -1;
	}
	return rc;
}

const struct run_sub_ops world_grid_ops = {
	.name = "grid",
	.size = sizeof(struct grid_sub),
	.init = grid_init,
	.power = grid_power,
	.mark = grid_mark,
	.flush = grid_flush,
	.sample = grid_sample,
	.kpis = grid_kpis,
	.check = grid_check,
};
