/*
 * world_defer.c - carbon- and price-aware deferral of jobs.
 *
 * A job of a deferrable class may be held back, after it arrives, until
 * the start that gives it the lowest mean forecast signal (carbon
 * intensity or price) over its run: now, or any hour boundary within its
 * slack. The forecast is the grid's own hourly series (perfect
 * foresight), or that series times (1 + s e) where e is drawn once per
 * hour from a unit normal on a stream of its own (so the arrivals stay
 * the same) and s is the class's forecast_error. The job's run is taken
 * as its work at full speed, as a user's runtime estimate would be, over
 * at most its first week (the signal past that moves the choice little).
 * A held job counts as queued; when released it joins the queue like an
 * arrival, so it may then wait for GPUs or power as well. Ties go to the
 * earliest start.
 *
 * The paired comparison (world.c) runs the same scenario with every job
 * started at once: same seed, same arrivals (DESIGN.md's common random
 * numbers), so the difference in emissions and cost is the deferral's.
 *
 * State: struct defer_sub below. Hooks: none (its events are its own
 * releases); the core asks it at each arrival (world_defer_hold) and
 * banks each job's energy at the signals (world_defer_bank).
 */
#include <assert.h>
#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_randist.h>

#include "grow_array.h"
#include "rng.h"
#include "rng_streams.h"
#include "run_core.h"

struct defer_sub {
	struct job *held;       /* deferred jobs not yet released */
	size_t n_held;
	uint64_t deferred;      /* measured jobs held back */
	double deferred_s;      /* their total hold */
	gsl_rng *forecast_rng;
	double *forecast;       /* per run hour, the signal as forecast */
	size_t n_forecast;
};

static struct defer_sub *defer_of(const struct world *w)
{
	return w->sub[RUN_SUB_DEFER];
}

#define LOOK_AHEAD_H 168.0

static int deferring(const struct world *w)
{
	return !w->no_defer && scenario_any_deferrable(w->sc);
}

/* The forecast: [0, n) carbon, [n, 2n) price, [2n, 3n) the unit errors. */
static int forecast_init(struct world *w, struct defer_sub *ds, double slack, double sd)
{
	const struct scenario *sc = w->sc;
	const struct grid_spec *g = &sc->grid;
	size_t n = (size_t)ceil(sc->duration_h + slack + LOOK_AHEAD_H) + 1;
	ds->n_forecast = n;
	ds->forecast = calloc(3 * n, sizeof *ds->forecast);
	if (!ds->forecast)
		return -1;
	if (sd > 0) {
		ds->forecast_rng = rng_stream_create(sc->seed, sc->replication, RNG_STREAM_FORECAST);
		if (!ds->forecast_rng)
			return -1;
	}
	for (size_t h = 0; h < n; h++) {
		double local = scenario_local_hour(sc, g->start_day_of_year, h);
		double c = grid_signal_at_local(&g->carbon, local, g->utc_offset_h, h);
		double p = grid_signal_at_local(&g->price, local, g->utc_offset_h, h);
		ds->forecast[h] = isnan(c) ? 0 : c;
		ds->forecast[n + h] = isnan(p) ? 0 : p;
		ds->forecast[2 * n + h] = ds->forecast_rng ? gsl_ran_ugaussian(ds->forecast_rng) : 0;
	}
	return 0;
}

static int defer_init(struct world *w, void *st)
{
	if (!deferring(w))
		return 0;
	const struct scenario *sc = w->sc;
	double slack = 0, sd = 0;
	for (size_t k = 0; k < sc->n_classes; k++) {
		slack = fmax(slack, sc->classes[k].defer.slack_h);
		sd = fmax(sd, sc->classes[k].defer.forecast_error);
	}
	return forecast_init(w, st, slack, sd);
}

static void defer_fini(struct world *w, void *st)
{
	(void)w;
	struct defer_sub *ds = st;
	free(ds->forecast);
	if (ds->forecast_rng)
		gsl_rng_free(ds->forecast_rng);
}

/* The forecast mean of the signal over [t, t + d] hours. */
static double forecast_mean(const struct defer_sub *st, const struct deferral_spec *ds, double t,
			    double d)
{
	size_t n = st->n_forecast;
	const double *v = st->forecast + (ds->signal == DEFER_CARBON ? 0 : n);
	const double *e = st->forecast + 2 * n;
	double sum = 0, at = t, end = t + d;
	do {
		size_t h = (size_t)floor(at);
		if (h >= n)
			h = n - 1;
		double next = fmin(floor(at) + 1.0, end);
		double f = v[h] * (1.0 + ds->forecast_error * e[h]);
		if (d <= 0)
			return f;
		sum += f * (next - at);
		at = next;
	} while (at < end);
	return sum / d;
}

static void on_release(struct sim *s, void *ctx, uint64_t arg)
{
	(void)s;
	struct world *w = ctx;
	struct job *j = (struct job *)(uintptr_t)arg;
	struct defer_sub *st = defer_of(w);
	if (j->prev)
		j->prev->next = j->next;
	else
		st->held = j->next;
	if (j->next)
		j->next->prev = j->prev;
	assert(st->n_held > 0);
	st->n_held--;
	scheduler_enqueue(&w->sched, j);
	world_dispatch(w);
}

int world_defer_hold(struct world *w, struct job *j, sim_time now)
{
	const struct deferral_spec *ds = &w->sc->classes[j->class_index].defer;
	if (!ds->on || w->no_defer)
		return 0;
	double now_h = clock_to_h(now), d = fmin(j->work_total_s / 3600.0, LOOK_AHEAD_H);
	struct defer_sub *st = defer_of(w);
	double best_t = now_h, best = forecast_mean(st, ds, now_h, d);
	for (double t = floor(now_h) + 1.0; t <= now_h + ds->slack_h; t += 1.0) {
		double m = forecast_mean(st, ds, t, d);
		if (m < best) {
			best = m;
			best_t = t;
		}
	}
	if (best_t == now_h)
		return 0;
	sim_time release = clock_from_s(best_t * 3600.0);
	sim_time latest = now + clock_from_s(ds->slack_h * 3600.0);
	if (release > latest)
		release = latest;
	j->release = release;
	j->prev = NULL;
	j->next = st->held;
	if (st->held)
		st->held->prev = j;
	st->held = j;
	st->n_held++;
	if (j->measured) {
		st->deferred++;
		st->deferred_s += clock_to_s(release - now);
	}
	sim_at(w->sim, release, on_release, w, (uint64_t)(uintptr_t)j);
	return 1;
}

size_t world_defer_held(const struct world *w)
{
	return defer_of(w)->n_held;
}

int world_defer_record(struct world *w)
{
	for (struct job *j = defer_of(w)->held; j; j = j->next)
		if (world_record_job(w, j) != 0)
			return -1;
	return 0;
}

void world_defer_bank(struct world *w, struct job *j)
{
	if (!w->sc->classes[j->class_index].defer.on)
		return;
	double kwh = (j->energy_j - j->banked_j) / 3.6e6;
	j->co2_g += kwh * world_grid_carbon(w);
	j->cost_usd += kwh / 1e3 * world_grid_price(w);
	j->banked_j = j->energy_j;
}

void world_defer_bank_all(struct world *w, sim_time now)
{
	for (size_t k = 0; k < w->sc->n_classes; k++) {
		if (!w->sc->classes[k].defer.on)
			continue;
		for (size_t g = w->group_first[k]; g < w->group_first[k + 1]; g++)
			for (struct job *j = w->groups[g].running; j; j = j->run_next) {
				job_advance(j, now);
				world_defer_bank(w, j);
			}
	}
}

int world_defer_completed(struct world *w, const struct job *j)
{
	struct run_result *r = w->res;
	if (!w->sc->classes[j->class_index].defer.on || !j->measured)
		return 0;
	struct deferral_record *d = grow_array(r->deferrals, r->n_deferrals, &r->cap_deferrals,
					       sizeof *d, 256);
	if (!d)
		return -1;
	r->deferrals = d;
	r->deferrals[r->n_deferrals++] = (struct deferral_record){ j->id, j->co2_g, j->cost_usd };
	return 0;
}

static int defer_kpis(struct world *w, void *st, struct run_kpis *k, double window)
{
	(void)w;
	(void)window;
	const struct defer_sub *ds = st;
	k->jobs_deferred = ds->deferred;
	k->deferral_mean_h = ds->deferred ? ds->deferred_s / 3600.0 / (double)ds->deferred
					  : (double)NAN;
	return 0;
}

/* jobs.csv's deferred_s: how long the job was held back (0: not at all). */
static void defer_job(const struct world *w, const void *st, const struct job *j,
		      struct job_record *rec)
{
	(void)w;
	(void)st;
	rec->deferred_s = j->release >= 0 ? clock_to_s(j->release - j->submit) : 0.0;
}

const struct run_sub_ops world_defer_ops = {
	.name = "deferral",
	.size = sizeof(struct defer_sub),
	.init = defer_init,
	.fini = defer_fini,
	.kpis = defer_kpis,
	.job = defer_job,
};
