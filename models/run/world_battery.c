/*
 * world_battery.c - the battery behind the meter during a run.
 *
 * Its power is set at every change of the facility's draw, of the
 * capacity and of the signals, and when its state of charge reaches a
 * bound (an event at the last tick before it: battery.h), so the state
 * of charge is exact. The grid sees facility + battery.
 *
 * Peak shaving (every policy does it when a capacity is given): the
 * facility may draw up to the capacity plus the rating while the battery
 * holds energy (world_cap.c); above the capacity the battery delivers the
 * difference. Below it, a peak-shaving battery recharges at once, as fast
 * as the headroom under the capacity allows; an arbitrage battery
 * charges only when the signal is at or below charge_below and
 * discharges (never more than the facility draws: no export) when it is
 * at or above discharge_above. Its losses are not heat in the halls (a
 * battery sits outdoors in its own enclosure).
 */
#include <math.h>

#include "world_int.h"

static void on_bound(struct sim *s, void *ctx, uint64_t arg);

void world_battery_init(struct world *w)
{
	const struct battery_spec *b = &w->sc->grid.battery;
	meter_init(&w->bat_w, 0, 0);
	meter_init(&w->charge_w, 0, 0);
	meter_init(&w->discharge_w, 0, 0);
	w->bat_event = EVENT_ID_NONE;
	if (!b->present)
		return;
	/* two ticks at full power: closer than that counts as at the bound */
	double tol = b->power_w / sqrt(b->round_trip_efficiency) * 2.0 / (double)SIM_TICKS_PER_S /
		     3600.0;
	battery_init(&w->bat, b->energy_wh, b->power_w, b->round_trip_efficiency, b->min_soc,
		     b->initial_soc, tol);
	w->bat_soc0_wh = w->bat_mark_wh = w->bat.soc_wh;
}

void world_battery_flush(struct world *w, sim_time now)
{
	if (!w->sc->grid.battery.present)
		return;
	battery_advance(&w->bat, clock_to_s(now - w->bat_t));
	w->bat_t = now;
}

double world_battery_shave_w(const struct world *w)
{
	return w->sc->grid.battery.present ? battery_can_discharge_w(&w->bat) : 0;
}

/* The terminal power the policy wants now. */
static double wanted_w(const struct world *w)
{
	const struct battery_spec *b = &w->sc->grid.battery;
	const struct battery *bat = &w->bat;
	double f = w->facility_w.value, cap = w->has_cap ? w->cap_w : (double)INFINITY;
	if (f > cap)
		return -fmin(f - cap, battery_can_discharge_w(bat));
	double charge = fmin(battery_can_charge_w(bat), cap - f);
	if (b->policy == BATTERY_PEAK_SHAVING)
		return charge;
	double signal = b->policy == BATTERY_PRICE_ARBITRAGE ? w->price.value : w->carbon.value;
	if (signal <= b->charge_below)
		return charge;
	if (signal >= b->discharge_above)
		return -fmin(battery_can_discharge_w(bat), f);
	return 0;
}

void world_battery_update(struct world *w, sim_time now)
{
	if (!w->sc->grid.battery.present)
		return;
	world_battery_flush(w, now);
	double p = wanted_w(w);
	w->bat.p_w = p;
	meter_set(&w->bat_w, now, p);
	meter_set(&w->charge_w, now, p > 0 ? p : 0);
	meter_set(&w->discharge_w, now, p < 0 ? -p : 0);
	if (w->bat_event != EVENT_ID_NONE)
		sim_cancel(w->sim, w->bat_event);
	w->bat_event = EVENT_ID_NONE;
	double t = battery_time_to_bound(&w->bat);
	if (isinf(t))
		return;
	/* the last whole tick before the bound, at least one tick on */
	double ticks = floor(t * (double)SIM_TICKS_PER_S);
	sim_time at = now + (ticks < 1 ? 1 : (sim_time)fmin(ticks, 4e18));
	if (at < w->horizon)
		w->bat_event = sim_at(w->sim, at, on_bound, w, 0);
}

static void on_bound(struct sim *s, void *ctx, uint64_t arg)
{
	(void)arg;
	struct world *w = ctx;
	w->bat_event = EVENT_ID_NONE;
	/* full or empty: what the facility may draw changed */
	world_power_changed(w, sim_now(s));
}
