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
 *
 * State: struct battery_sub below. Hooks: power (set its power for the
 * draw the cap left), only with a battery; it follows the cap in the list
 * and the grid meters follow it.
 */
#include <math.h>
#include <stdio.h>

#include "run_core.h"

struct battery_sub {
	int on;                 /* the scenario has a battery */
	struct battery bat;
	struct meter bat_w;     /* terminal power: + charge, - discharge */
	struct meter charge_w, discharge_w;
	event_id bound;         /* its next full or empty, or EVENT_ID_NONE */
	sim_time t;             /* the state of charge is at this time */
	double soc0_wh;         /* at the start, and at warm-up's end */
	double mark_wh;
	double last_w;          /* bat_w's integral at the last sample */
};

static struct battery_sub *bat_of(const struct world *w)
{
	return w->sub[RUN_SUB_BATTERY];
}

static void on_bound(struct sim *s, void *ctx, uint64_t arg);

static int battery_sub_init(struct world *w, void *st)
{
	struct battery_sub *bs = st;
	const struct battery_spec *b = &w->sc->grid.battery;
	meter_init(&bs->bat_w, 0, 0);
	meter_init(&bs->charge_w, 0, 0);
	meter_init(&bs->discharge_w, 0, 0);
	bs->bound = EVENT_ID_NONE;
	bs->on = b->present;
	if (!b->present)
		return 0;
	/* two ticks at full power: closer than that counts as at the bound */
	double tol = b->power_w / sqrt(b->round_trip_efficiency) * 2.0 / (double)SIM_TICKS_PER_S /
		     3600.0;
	battery_init(&bs->bat, b->energy_wh, b->power_w, b->round_trip_efficiency, b->min_soc,
		     b->initial_soc, tol);
	bs->soc0_wh = bs->mark_wh = bs->bat.soc_wh;
	return RUN_HOOK_POWER;
}

void world_battery_flush(struct world *w, sim_time now)
{
	struct battery_sub *bs = bat_of(w);
	if (!bs->on)
		return;
	battery_advance(&bs->bat, clock_to_s(now - bs->t));
	bs->t = now;
}

double world_battery_shave_w(const struct world *w)
{
	const struct battery_sub *bs = bat_of(w);
	return bs->on ? battery_can_discharge_w(&bs->bat) : 0;
}

double world_battery_power_w(const struct world *w)
{
	return bat_of(w)->bat_w.value;
}

double world_battery_window_w(const struct world *w)
{
	return meter_window(&bat_of(w)->bat_w);
}

/* The terminal power the policy wants now. */
static double wanted_w(const struct world *w, const struct battery *bat)
{
	const struct battery_spec *b = &w->sc->grid.battery;
	double f = w->facility_w.value, cap = world_cap_capacity_w(w);
	if (f > cap)
		return -fmin(f - cap, battery_can_discharge_w(bat));
	double charge = fmin(battery_can_charge_w(bat), cap - f);
	if (b->policy == BATTERY_PEAK_SHAVING)
		return charge;
	double signal = b->policy == BATTERY_PRICE_ARBITRAGE ? world_grid_price(w)
							     : world_grid_carbon(w);
	if (signal <= b->charge_below)
		return charge;
	if (signal >= b->discharge_above)
		return -fmin(battery_can_discharge_w(bat), f);
	return 0;
}

/* The power op: set the battery's power for the facility's draw and the
 * signals now, and its next bound. */
static void battery_power(struct world *w, void *st, sim_time now)
{
	struct battery_sub *bs = st;
	world_battery_flush(w, now);
	double p = wanted_w(w, &bs->bat);
	bs->bat.p_w = p;
	meter_set(&bs->bat_w, now, p);
	meter_set(&bs->charge_w, now, p > 0 ? p : 0);
	meter_set(&bs->discharge_w, now, p < 0 ? -p : 0);
	if (bs->bound != EVENT_ID_NONE)
		sim_cancel(w->sim, bs->bound);
	bs->bound = EVENT_ID_NONE;
	double t = battery_time_to_bound(&bs->bat);
	if (isinf(t))
		return;
	/* the last whole tick before the bound, at least one tick on */
	double ticks = floor(t * (double)SIM_TICKS_PER_S);
	sim_time at = now + (ticks < 1 ? 1 : (sim_time)fmin(ticks, 4e18));
	if (at < w->horizon)
		bs->bound = sim_at(w->sim, at, on_bound, w, 0);
}

static void on_bound(struct sim *s, void *ctx, uint64_t arg)
{
	(void)arg;
	struct world *w = ctx;
	bat_of(w)->bound = EVENT_ID_NONE;
	/* full or empty: what the facility may draw changed */
	world_power_changed(w, sim_now(s));
}

static void battery_mark(struct world *w, void *st, sim_time now)
{
	struct battery_sub *bs = st;
	meter_mark(&bs->bat_w, now);
	meter_mark(&bs->charge_w, now);
	meter_mark(&bs->discharge_w, now);
	world_battery_flush(w, now);
	bs->mark_wh = bs->bat.soc_wh;
}

static void battery_flush(struct world *w, void *st, sim_time now)
{
	struct battery_sub *bs = st;
	meter_flush(&bs->bat_w, now);
	meter_flush(&bs->charge_w, now);
	meter_flush(&bs->discharge_w, now);
	world_battery_flush(w, now);
}

static void battery_sample(struct world *w, void *st, double span, struct ts_row *row)
{
	struct battery_sub *bs = st;
	(void)w;
	row->battery_kw = bs->on ? (bs->bat_w.integral - bs->last_w) / span / 1e3 : (double)NAN;
	row->battery_soc = bs->on ? bs->bat.soc_wh / bs->bat.energy_wh : (double)NAN;
	bs->last_w = bs->bat_w.integral;
}

static int battery_kpis(struct world *w, void *st, struct run_kpis *k, double window)
{
	(void)w;
	(void)window;
	struct battery_sub *bs = st;
	double out = world_w_tick_to_mwh(meter_window(&bs->discharge_w));
	double in = world_w_tick_to_mwh(meter_window(&bs->charge_w));
	k->energy_shifted_mwh += out; /* after the cap's held-back GPU energy */
	k->battery_cycles = (double)NAN;
	k->battery_loss_mwh = (double)NAN;
	if (bs->on) {
		const struct battery *b = &bs->bat;
		k->battery_cycles = out * 1e6 / (b->energy_wh - b->min_wh);
		/* what went in minus what came out minus what is still stored */
		k->battery_loss_mwh = in - out - (b->soc_wh - bs->mark_wh) / 1e6;
	}
	return 0;
}

/* Its stored energy moved by exactly what its terminal power brought in
 * (x sqrt(eta)) and took out (/ sqrt(eta)), and stayed in its bounds. */
static int battery_check(struct world *w, void *st, struct diag *d)
{
	struct battery_sub *bs = st;
	const char *src = w->sc->source;
	if (!bs->on)
		return 0;
	const struct battery *b = &bs->bat;
	int rc = 0;
	double s = (double)SIM_TICKS_PER_S;
	double moved = (bs->charge_w.integral * b->eta - bs->discharge_w.integral / b->eta) / s /
		       3600.0;
	double stored = b->soc_wh - bs->soc0_wh;
	if (fabs(moved - stored) > 1e-9 * fmax(b->energy_wh, fabs(moved)) + 1e-6) {
		diag_add(d, "%s: conservation broken: battery stored %.9g Wh but its "
			 "terminal moved %.9g Wh", src, stored, moved);
		rc = -1;
	}
	if (b->soc_wh < b->min_wh - b->tol_wh || b->soc_wh > b->energy_wh + b->tol_wh) {
		diag_add(d, "%s: battery state of charge %.9g Wh left [%g, %g]", src, b->soc_wh,
			 b->min_wh, b->energy_wh);
		rc = -1;
	}
	return rc;
}

const struct run_sub_ops world_battery_ops = {
	.name = "battery",
	.size = sizeof(struct battery_sub),
	.init = battery_sub_init,
	.power = battery_power,
	.mark = battery_mark,
	.flush = battery_flush,
	.sample = battery_sample,
	.kpis = battery_kpis,
	.check = battery_check,
};
