/*
 * world_grid.c - the grid's signals during a run: carbon intensity and
 * price change at every hour boundary (an event, as the weather), and the
 * cost and emissions rates follow the facility's draw at every change, so
 * both are integrated exactly: the price or carbon of an hour times the
 * energy drawn in it, to the tick. With a battery the grid delivers
 * the facility's draw plus the battery's (world_battery.c); cost and
 * emissions follow what the grid delivers.
 */
#include <math.h>

#include "world_int.h"

static void grid_meters(struct world *w, sim_time now, void (*fn)(struct meter *, sim_time))
{
	fn(&w->carbon, now);
	fn(&w->price, now);
	fn(&w->cost_rate, now);
	fn(&w->co2_rate, now);
}

static void set_signals(struct world *w, sim_time now, size_t hour)
{
	const struct grid_spec *g = &w->sc->grid;
	double c = grid_signal_at(&g->carbon, g->start_day_of_year, g->utc_offset_h, hour);
	double p = grid_signal_at(&g->price, g->start_day_of_year, g->utc_offset_h, hour);
	meter_set(&w->carbon, now, isnan(c) ? 0 : c);
	meter_set(&w->price, now, isnan(p) ? 0 : p);
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
	set_signals(w, now, (size_t)hour);
	if (w->has_cap) {
		world_cap_hour(w, now, (size_t)hour);
		world_power_changed(w, now); /* hold a lower capacity at once */
		world_dispatch(w);           /* a higher one may start jobs */
	} else {
		world_grid_update(w, now);
	}
	sim_time next = clock_from_s(3600.0 * (double)(hour + 1));
	if (next < w->horizon)
		sim_at(s, next, on_grid_hour, w, hour + 1);
}

void world_grid_init(struct world *w)
{
	const struct grid_spec *g = &w->sc->grid;
	meter_init(&w->carbon, 0, 0);
	meter_init(&w->price, 0, 0);
	meter_init(&w->cost_rate, 0, 0);
	meter_init(&w->co2_rate, 0, 0);
	if (!g->present)
		return;
	set_signals(w, 0, 0);
	if ((hourly(&g->carbon) || hourly(&g->price) || hourly(&g->capacity)) &&
	    clock_from_s(3600.0) < w->horizon)
		sim_at(w->sim, clock_from_s(3600.0), on_grid_hour, w, 1);
}

void world_grid_update(struct world *w, sim_time now)
{
	if (!w->sc->grid.present)
		return;
	world_battery_update(w, now);
	double f = w->facility_w.value + w->bat_w.value; /* what the grid delivers */
	meter_set(&w->grid_w, now, f);
	if (w->has_cap) {
		meter_set(&w->over_w, now, f - w->cap_w);
		world_cap_binding(w, now);
	}
	/* W x USD/MWh / 1e6 = USD/h; W x g/kWh / 1e6 = kg/h */
	meter_set(&w->cost_rate, now, f * w->price.value / 1e6);
	meter_set(&w->co2_rate, now, f * w->carbon.value / 1e6);
}

void world_grid_flush(struct world *w, sim_time now)
{
	grid_meters(w, now, meter_flush);
	world_cap_meters(w, now, meter_flush);
	meter_flush(&w->over_w, now); /* never marked: its peak covers the whole run */
	world_battery_flush(w, now);
}

void world_grid_mark(struct world *w, sim_time now)
{
	grid_meters(w, now, meter_mark);
	world_cap_meters(w, now, meter_mark);
	world_battery_flush(w, now);
	w->bat_mark_wh = w->bat.soc_wh;
}
