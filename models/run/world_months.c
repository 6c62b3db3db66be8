/*
 * world_months.c - the measurement window cut into calendar months
 * (monthly.csv, and the monthly peaks demand charges bill).
 *
 * Run tick 0 is calendar.start in the site's local standard time, or
 * without a calendar 00:00 of the weather's (or grid's) start day of a
 * 365-day typical year (counted from 2001, a common year). A month ends
 * at 00:00 of the 1st of the next: there an event flushes every meter
 * (world_flush) and closes the month from the differences of the run's
 * own integrals, so the months partition the window exactly and their
 * sums are the run's totals to rounding. A run longer than a year keeps
 * its months apart (2025-07 and 2026-07 are two rows).
 *
 * Peaks are exact, not sampled: every draw is piecewise constant, and
 * this subsystem's power hook follows the facility's draw (and the
 * grid's, facility + battery, after the battery and grid meters) into
 * meters of its own, whose peak is restarted at each month's start. A
 * level counts once held for a positive time, as in the run's meters, so
 * the highest monthly peak is the run's peak (checked).
 *
 * Waits: the core appends a measured job's wait when it starts, in start
 * order, so a month's waits are the slice appended during it; its
 * percentiles are taken (GSL, as the run's) from a sorted copy when the
 * month closes. The last month closes at the horizon's flush, before the
 * core sorts its waits for the run's statistics. A run with months keeps
 * every wait (the core's quantiles never move to their histogram).
 *
 * The flush at month ends is not a pure read (world_run.c says why), so
 * under a binding grid cap it moves results within the cap solve's
 * tolerance, as a sample tick does; it runs only in runs with months
 * (a calendar or a cost section, whose demand charges bill the monthly
 * peaks), whatever the outputs.
 *
 * State: struct months_sub below. Hooks: power (after the grid meters).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "civil_date.h"
#include "grow_array.h"
#include "run_core.h"

/* The run's integrals when the open month began. */
struct month_marks {
	sim_time at;
	double facility, it, grid, cost, co2, water, busy;
	uint64_t submitted, completed;
	size_t waits;
};

struct months_sub {
	int on;
	int64_t start_hour;   /* run tick 0, hours since 1970-01-01 local */
	int open;             /* a month is open (after warm-up, before the end) */
	struct month_marks m;
	struct meter fac_w;   /* the facility's draw, W: its peak per month */
	struct meter grid_w;  /* facility + battery */
	double *scratch;      /* a month's waits, sorted */
	size_t cap_scratch;
};

static struct months_sub *months_of(const struct world *w)
{
	return w->sub[RUN_SUB_MONTHS];
}

/* Does the run cut its window into months? */
static int months_wanted(const struct scenario *sc)
{
	return sc->calendar.on || sc->cost.on;
}

/* Hours since 1970-01-01 (local) of run tick 0. */
static int64_t start_hour(const struct scenario *sc)
{
	const struct calendar_spec *c = &sc->calendar;
	if (c->on)
		return civil_days_from_date(c->year, c->month, c->day) * 24 + c->hour;
	double day = sc->weather.source != WEATHER_NONE ? sc->weather.start_day_of_year
							: sc->grid.start_day_of_year;
	return civil_days_from_date(2001, 1, 1) * 24 + (int64_t)floor((day - 1) * 24 + 1e-6);
}

/* The tick of the first month boundary after tick t. */
static sim_time next_boundary(const struct months_sub *ms, sim_time t)
{
	int64_t h = ms->start_hour + (int64_t)floor(clock_to_h(t));
	int64_t y;
	int m, d;
	civil_date_from_days(h >= 0 ? h / 24 : (h - 23) / 24, &y, &m, &d);
	if (++m > 12) {
		m = 1;
		y++;
	}
	int64_t b = civil_days_from_date(y, m, 1) * 24 - ms->start_hour;
	return (sim_time)b * SIM_TICKS_PER_H;
}

/* The length of the calendar month holding run tick t, h. */
static double month_length_h(const struct months_sub *ms, sim_time t)
{
	int64_t h = ms->start_hour + (int64_t)floor(clock_to_h(t)), y;
	int m, d;
	civil_date_from_days(h >= 0 ? h / 24 : (h - 23) / 24, &y, &m, &d);
	return 24.0 * civil_month_days(y, m);
}

/* "YYYY-MM" and "YYYY-MM-DDTHH:MM" of run tick t. */
static void label(const struct months_sub *ms, sim_time t, char *month, size_t nm, char *at,
		  size_t na)
{
	civil_format_minute(ms->start_hour * 60 + t / (SIM_TICKS_PER_S * 60), at, na);
	snprintf(month, nm, "%.7s", at);
}

static void take_marks(struct world *w, struct month_marks *m, sim_time now)
{
	double it[IT_N_COMPONENTS];
	struct cooling_totals ct;
	facility_total_integrals(&w->fac, 0, it);
	world_cooling_totals(w, 0, &ct);
	m->at = now;
	m->facility = w->facility_w.integral;
	m->it = it[IT_TOTAL];
	world_grid_integrals(w, &m->cost, &m->co2, &m->grid);
	m->water = ct.water_lph;
	m->busy = w->fac.busy.integral;
	m->submitted = w->measured.submitted;
	m->completed = w->measured.completed;
	m->waits = (size_t)w->waits_s.n;
}

static void fill_waits(struct months_sub *ms, const struct world *w, size_t from,
		       struct month_record *r)
{
	size_t n = (size_t)w->waits_s.n - from;
	r->jobs_started = n;
	r->wait_mean_s = r->wait_p50_s = r->wait_p95_s = r->wait_p99_s = (double)NAN;
	if (n == 0)
		return;
	memcpy(ms->scratch, w->waits_s.kept + from, n * sizeof *ms->scratch);
	r->wait_mean_s = gsl_stats_mean(ms->scratch, 1, n);
	gsl_sort(ms->scratch, 1, n);
	r->wait_p50_s = gsl_stats_quantile_from_sorted_data(ms->scratch, 1, n, 0.50);
	r->wait_p95_s = gsl_stats_quantile_from_sorted_data(ms->scratch, 1, n, 0.95);
	r->wait_p99_s = gsl_stats_quantile_from_sorted_data(ms->scratch, 1, n, 0.99);
}

/* The open month ends now (everything flushed): its record. */
static int close_month(struct world *w, struct months_sub *ms, sim_time now)
{
	struct run_result *res = w->res;
	struct month_record *nr = grow_array(res->months, res->n_months, &res->cap_months,
					     sizeof *nr, 16);
	size_t n = (size_t)w->waits_s.n - ms->m.waits;
	double *ns = n > ms->cap_scratch ? realloc(ms->scratch, n * sizeof *ns) : ms->scratch;
	if (!nr || (n > 0 && !ns)) /* (no waits yet: no scratch, none needed) */
		return -1;
	res->months = nr;
	ms->scratch = ns;
	ms->cap_scratch = n > ms->cap_scratch ? n : ms->cap_scratch;
	struct month_marks e;
	take_marks(w, &e, now);
	struct month_record *r = &res->months[res->n_months++];
	memset(r, 0, sizeof *r);
	label(ms, ms->m.at, r->month, sizeof r->month, r->start, sizeof r->start);
	const double span = (double)(now - ms->m.at), h = (double)SIM_TICKS_PER_H;
	const int price = w->sc->grid.price.source != GRID_SIGNAL_NONE;
	const int carbon = w->sc->grid.carbon.source != GRID_SIGNAL_NONE;
	meter_flush(&ms->fac_w, now);
	meter_flush(&ms->grid_w, now);
	r->hours = span / h;
	r->month_hours = month_length_h(ms, ms->m.at);
	r->facility_energy_mwh = world_w_tick_to_mwh(e.facility - ms->m.facility);
	r->it_energy_mwh = world_w_tick_to_mwh(e.it - ms->m.it);
	r->grid_energy_mwh = world_w_tick_to_mwh(e.grid - ms->m.grid);
	r->facility_peak_kw = ms->fac_w.peak / 1e3;
	r->grid_peak_kw = ms->grid_w.peak / 1e3;
	r->pue = r->it_energy_mwh > 0 ? r->facility_energy_mwh / r->it_energy_mwh : (double)NAN;
	r->water_m3 = (e.water - ms->m.water) / h / 1000.0;
	r->wue_l_per_kwh = r->it_energy_mwh > 0 ? r->water_m3 / r->it_energy_mwh : (double)NAN;
	r->energy_cost_usd = price ? (e.cost - ms->m.cost) / h : (double)NAN;
	r->emissions_t_co2e = carbon ? (e.co2 - ms->m.co2) / h / 1000.0 : (double)NAN;
	r->gpu_utilization = (e.busy - ms->m.busy) / span / w->fac.total_gpus;
	r->jobs_submitted = e.submitted - ms->m.submitted;
	r->jobs_completed = e.completed - ms->m.completed;
	fill_waits(ms, w, ms->m.waits, r);
	r->cost_capex_usd = r->cost_energy_usd = r->cost_demand_usd = r->cost_water_usd =
		r->cost_maintenance_usd = r->cost_staff_usd = r->cost_total_usd = (double)NAN;
	ms->m = e;
	meter_mark(&ms->fac_w, now); /* the next month's peak from here */
	meter_mark(&ms->grid_w, now);
	return 0;
}

static void on_month_end(struct sim *s, void *ctx, uint64_t arg)
{
	(void)arg;
	struct world *w = ctx;
	struct months_sub *ms = months_of(w);
	sim_time now = sim_now(s);
	world_flush(w, now);
	if (close_month(w, ms, now) != 0)
		world_fail_oom(w);
	sim_time next = next_boundary(ms, now);
	if (next < w->horizon)
		sim_at(s, next, on_month_end, w, 0);
}

static double grid_draw_w(const struct world *w)
{
	return w->facility_w.value + world_battery_power_w(w);
}

static int months_init(struct world *w, void *st)
{
	struct months_sub *ms = st;
	meter_init(&ms->fac_w, 0, 0);
	meter_init(&ms->grid_w, 0, 0);
	ms->on = months_wanted(w->sc);
	if (!ms->on)
		return 0;
	ms->start_hour = start_hour(w->sc);
	/* a month's percentiles are of its slice of the waits: keep them all
	 * (the run's stay exact; memory grows with the jobs, as before) */
	w->waits_s.exact_max = SIZE_MAX;
	return RUN_HOOK_POWER;
}

static void months_fini(struct world *w, void *st)
{
	(void)w;
	free(((struct months_sub *)st)->scratch);
}

static void months_power(struct world *w, void *st, sim_time now)
{
	struct months_sub *ms = st;
	meter_set(&ms->fac_w, now, w->facility_w.value);
	meter_set(&ms->grid_w, now, grid_draw_w(w));
}

/* Warm-up ends: the first month opens (everything was just marked). */
static void months_mark(struct world *w, void *st, sim_time now)
{
	struct months_sub *ms = st;
	if (!ms->on)
		return;
	take_marks(w, &ms->m, now);
	meter_mark(&ms->fac_w, now);
	meter_mark(&ms->grid_w, now);
	ms->open = 1;
	sim_time next = next_boundary(ms, now);
	if (next < w->horizon)
		sim_at(w->sim, next, on_month_end, w, 0);
}

/* The horizon's flush closes the last month (before the core sorts the
 * run's waits). */
static void months_flush(struct world *w, void *st, sim_time now)
{
	struct months_sub *ms = st;
	if (!ms->open || now < w->horizon)
		return;
	ms->open = 0;
	if (close_month(w, ms, now) != 0)
		world_fail_oom(w);
}

static int check_total(struct diag *d, const char *src, const char *what, double total,
		       double sum)
{
	if (world_close_enough(total, sum) || (isnan(total) && isnan(sum)))
		return 0;
	diag_add(d, "%s: conservation broken: the months' %s add up to %.12g, the run's is "
		 "%.12g", src, what, sum, total);
	return -1;
}

/* The months partition the window: their sums are the run's totals. */
static int months_check(struct world *w, void *st, struct diag *d)
{
	struct months_sub *ms = st;
	const struct run_result *r = w->res;
	const struct run_kpis *k = &r->kpis;
	const char *src = w->sc->source;
	if (!ms->on)
		return 0;
	struct month_record t = { .facility_peak_kw = -INFINITY, .grid_peak_kw = -INFINITY };
	for (size_t i = 0; i < r->n_months; i++) {
		const struct month_record *m = &r->months[i];
		t.hours += m->hours;
		t.facility_energy_mwh += m->facility_energy_mwh;
		t.it_energy_mwh += m->it_energy_mwh;
		t.grid_energy_mwh += m->grid_energy_mwh;
		t.water_m3 += m->water_m3;
		t.energy_cost_usd += m->energy_cost_usd;
		t.emissions_t_co2e += m->emissions_t_co2e;
		t.jobs_submitted += m->jobs_submitted;
		t.jobs_completed += m->jobs_completed;
		t.jobs_started += m->jobs_started;
		t.facility_peak_kw = fmax(t.facility_peak_kw, m->facility_peak_kw);
		t.grid_peak_kw = fmax(t.grid_peak_kw, m->grid_peak_kw);
	}
	int rc = check_total(d, src, "hours", k->sim_days * 24.0, t.hours);
	rc |= check_total(d, src, "facility energy", k->facility_energy_mwh, t.facility_energy_mwh);
	rc |= check_total(d, src, "IT energy", k->it_energy_mwh, t.it_energy_mwh);
	rc |= check_total(d, src, "grid energy", k->grid_energy_mwh, t.grid_energy_mwh);
	rc |= check_total(d, src, "water", k->water_m3, t.water_m3);
	rc |= check_total(d, src, "energy cost", k->energy_cost_usd, t.energy_cost_usd);
	rc |= check_total(d, src, "emissions", k->emissions_t_co2e, t.emissions_t_co2e);
	rc |= check_total(d, src, "facility peak (the highest)", k->facility_peak_kw,
			  t.facility_peak_kw);
	rc |= check_total(d, src, "grid peak (the highest)", k->grid_peak_kw, t.grid_peak_kw);
	if (t.jobs_submitted != k->jobs_submitted || t.jobs_completed != k->jobs_completed ||
	    t.jobs_started != k->jobs_started) {
		diag_add(d, "%s: conservation broken: the months' jobs (submitted %llu, completed "
			 "%llu, started %llu) are not the run's (%llu, %llu, %llu)", src,
			 (unsigned long long)t.jobs_submitted, (unsigned long long)t.jobs_completed,
			 (unsigned long long)t.jobs_started, (unsigned long long)k->jobs_submitted,
			 (unsigned long long)k->jobs_completed, (unsigned long long)k->jobs_started);
		rc = -1;
	}
	return rc;
}

const struct run_sub_ops world_months_ops = {
	.name = "months",
	.size = sizeof(struct months_sub),
	.init = months_init,
	.fini = months_fini,
	.power = months_power,
	.mark = months_mark,
	.flush = months_flush,
	.check = months_check,
};
