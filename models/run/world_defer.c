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
 */
#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_randist.h>

#include "grow_array.h"
#include "rng.h"
#include "rng_streams.h"
#include "world_int.h"

#define LOOK_AHEAD_H 168.0

static int deferring(const struct world *w)
{
	return !w->no_defer && scenario_any_deferrable(w->sc);
}

int world_defer_init(struct world *w)
{
	if (!deferring(w))
		return 0;
	const struct scenario *sc = w->sc;
	const struct grid_spec *g = &sc->grid;
	double slack = 0, sd = 0;
	for (size_t k = 0; k < sc->n_classes; k++) {
		slack = fmax(slack, sc->classes[k].defer.slack_h);
		sd = fmax(sd, sc->classes[k].defer.forecast_error);
	}
	size_t n = (size_t)ceil(sc->duration_h + slack + LOOK_AHEAD_H) + 1;
	w->n_forecast = n;
	/* [0, n) carbon, [n, 2n) price, [2n, 3n) the unit errors */
	w->forecast = calloc(3 * n, sizeof *w->forecast);
	if (!w->forecast)
		return -1;
	if (sd > 0) {
		w->forecast_rng = rng_stream_create(sc->seed, sc->replication, RNG_STREAM_FORECAST);
		if (!w->forecast_rng)
			return -1;
	}
	for (size_t h = 0; h < n; h++) {
		double c = grid_signal_at(&g->carbon, g->start_day_of_year, g->utc_offset_h, h);
		double p = grid_signal_at(&g->price, g->start_day_of_year, g->utc_offset_h, h);
		w->forecast[h] = isnan(c) ? 0 : c;
		w->forecast[n + h] = isnan(p) ? 0 : p;
		w->forecast[2 * n + h] = w->forecast_rng ? gsl_ran_ugaussian(w->forecast_rng) : 0;
	}
	return 0;
}

void world_defer_fini(struct world *w)
{
	free(w->forecast);
	if (w->forecast_rng)
		gsl_rng_free(w->forecast_rng);
}

/* The forecast mean of the signal over [t, t + d] hours. */
static double forecast_mean(const struct world *w, const struct deferral_spec *ds, double t,
			    double d)
{
	size_t n = w->n_forecast;
	const double *v = w->forecast + (ds->signal == DEFER_CARBON ? 0 : n);
	const double *e = w->forecast + 2 * n;
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
	if (j->prev)
		j->prev->next = j->next;
	else
		w->held = j->next;
	if (j->next)
		j->next->prev = j->prev;
	w->n_held--;
	scheduler_enqueue(&w->sched, j);
	world_dispatch(w);
}

int world_defer_hold(struct world *w, struct job *j, sim_time now)
{
	const struct deferral_spec *ds = &w->sc->classes[j->class_index].defer;
	if (!ds->on || w->no_defer)
		return 0;
	double now_h = clock_to_h(now), d = fmin(j->work_total_s / 3600.0, LOOK_AHEAD_H);
	double best_t = now_h, best = forecast_mean(w, ds, now_h, d);
	for (double t = floor(now_h) + 1.0; t <= now_h + ds->slack_h; t += 1.0) {
		double m = forecast_mean(w, ds, t, d);
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
	j->next = w->held;
	if (w->held)
		w->held->prev = j;
	w->held = j;
	w->n_held++;
	if (j->measured) {
		w->deferred++;
		w->deferred_s += clock_to_s(release - now);
	}
	sim_at(w->sim, release, on_release, w, (uint64_t)(uintptr_t)j);
	return 1;
}

int world_defer_record(struct world *w)
{
	for (struct job *j = w->held; j; j = j->next)
		if (world_record_job(w, j) != 0)
			return -1;
	return 0;
}

void world_defer_bank(struct world *w, struct job *j)
{
	if (!w->sc->classes[j->class_index].defer.on)
		return;
	double kwh = (j->energy_j - j->banked_j) / 3.6e6;
	j->co2_g += kwh * w->carbon.value;
	j->cost_usd += kwh / 1e3 * w->price.value;
	j->banked_j = j->energy_j;
}

void world_defer_bank_all(struct world *w, sim_time now)
{
	for (size_t k = 0; k < w->sc->n_classes; k++) {
		if (!w->sc->classes[k].defer.on)
			continue;
		for (struct job *j = w->cls[k].running; j; j = j->run_next) {
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
