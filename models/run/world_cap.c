/*
 * world_cap.c - the grid connection's capacity, held at every event.
 *
 * The facility (IT, chain losses, cooling) plus the battery's charging
 * may not draw more than the capacity; a battery that can discharge adds
 * its rating to what the facility may draw (world_battery.c shaves the
 * rest). The tool is one per-GPU power cap imposed by the grid on every
 * running GPU (the GPU caps of gpu_power.h, so jobs slow down by their
 * throughput curve), the highest at which the facility fits, found with
 * GSL's Brent solver over the facility's settled draw (cooling and
 * losses follow the IT, so the draw rises with the cap). It is lifted as
 * soon as the facility fits without it.
 *
 * Policies, when a job would start (try_start starts it tentatively and
 * asks here; it is taken back at the same tick, so no energy moves):
 *  - queue: it starts only if the facility fits without tightening the
 *    grid's cap; otherwise it waits;
 *  - throttle: the cap may go down to the GPUs' lowest power limit
 *    (thermal_floor_w, 30% of TDP; world_cooling.c) to fit it;
 *  - throttle_then_queue: down to throttle_floor x TDP, then it waits;
 *  - preempt: as queue, but a job of a class that is not preemptible may
 *    stop running jobs of preemptible classes, newest first, which go back
 *    to the queue losing the work since their last checkpoint. They are
 *    stopped only when the power they free (their IT times the facility's
 *    overhead now) covers the excess: an estimate, so it can fall short,
 *    and then the job waits and the stopped jobs stay stopped.
 *
 * When the draw rises with no job starting (a hotter hour, a lower
 * capacity, an empty battery), every policy throttles down to its floor
 * (queue and preempt to the lowest limit; preempt first stops preemptible
 * jobs), and past the floor suspends running jobs, newest first (a
 * preemptible one before others), back to the queue. A capacity below the
 * draw of the idle facility cannot be held: the run fails with an error.
 *
 * Cost: nothing without a cap; with one, every event while the cap binds
 * re-rates the running jobs some 10-20 times (one per solver step); end
 * events move once, after the solve (w->trial).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "largest_fit.h"
#include "world_int.h"

static double capacity_at(const struct world *w, size_t h)
{
	const struct grid_spec *g = &w->sc->grid;
	return grid_signal_at(&g->capacity, g->start_day_of_year, g->utc_offset_h, h) * 1e6;
}

void world_cap_meters(struct world *w, sim_time now, void (*fn)(struct meter *, sim_time))
{
	fn(&w->cap_meter, now);
	fn(&w->grid_w, now);
	fn(&w->at_cap, now);
	fn(&w->grid_gpus, now);
	fn(&w->grid_held_w, now);
	fn(&w->bat_w, now);
	fn(&w->charge_w, now);
	fn(&w->discharge_w, now);
}

int world_cap_init(struct world *w)
{
	struct meter *m[] = { &w->cap_meter, &w->grid_w, &w->over_w, &w->at_cap, &w->grid_gpus,
			      &w->grid_held_w };
	for (size_t i = 0; i < sizeof m / sizeof m[0]; i++)
		meter_init(m[i], 0, 0);
	w->has_cap = w->sc->grid.capacity.source != GRID_SIGNAL_NONE;
	if (!w->has_cap)
		return 0;
	w->cap_w = capacity_at(w, 0);
	meter_set(&w->cap_meter, 0, w->cap_w);
	w->refused_gpus = calloc(w->sc->n_classes ? w->sc->n_classes : 1, sizeof *w->refused_gpus);
	return w->refused_gpus ? 0 : -1;
}

void world_cap_fini(struct world *w)
{
	free(w->refused_gpus);
}

void world_cap_hour(struct world *w, sim_time now, size_t h)
{
	w->cap_w = capacity_at(w, h);
	meter_set(&w->cap_meter, now, w->cap_w);
}

/* The facility's settled draw with grid cap c on every GPU (0 = none). */
static double facility_at(struct world *w, double c, sim_time now)
{
	w->grid_cap_w = c;
	for (size_t k = 0; k < w->sc->n_classes; k++)
		world_class_rerate(w, k, now);
	return world_facility_settle(w, now);
}

struct cap_trial {
	struct world *w;
	double limit;
	sim_time now;
};

/* Facility draw minus the limit at grid cap c. */
static double excess_at(double c, void *p)
{
	const struct cap_trial *t = p;
	return facility_at(t->w, c, t->now) - t->limit;
}

/* The highest grid cap >= floor at which the facility fits under limit,
 * to 1 W per GPU (about 0.15% of an H100's TDP: the facility ends that
 * close under the limit); 1 with the state set there, 0 (state at the
 * floor) if none. A floor at or above TDP allows no cap. The search
 * starts from the cap in force, which the next one is usually close to. */
static int solve(struct world *w, double limit, double floor, sim_time now)
{
	double c0 = w->grid_cap_w, tdp = w->gpu.tdp_w;
	if (facility_at(w, 0, now) <= limit)
		return 1;
	if (floor >= tdp)
		return 0;
	struct cap_trial t = { w, limit, now };
	double lo = floor, hi = tdp;
	if (c0 > floor + 10 && c0 < tdp - 10) { /* a narrow bracket round c0 */
		if (excess_at(c0 - 10, &t) > 0)
			hi = c0 - 10;
		else if (excess_at(c0 + 10, &t) > 0)
			lo = c0 - 10, hi = c0 + 10;
		else
			lo = c0 + 10;
	}
	return facility_at(w, largest_fit(excess_at, &t, lo, hi, 1.0, 0), now) <= limit;
}

static double lowest_limit(const struct world *w)
{
	return w->thermal_floor_w;
}

/* How far running jobs may be throttled before jobs are suspended. */
static double running_floor(const struct world *w)
{
	const struct grid_spec *g = &w->sc->grid;
	if (g->policy == GRID_THROTTLE_THEN_QUEUE)
		return fmax(g->throttle_floor * w->gpu.tdp_w, lowest_limit(w));
	return lowest_limit(w);
}

/* How far a job's start may throttle the others; c0 the cap before it. */
static double admit_floor(const struct world *w, double c0)
{
	switch (w->sc->grid.policy) {
	case GRID_THROTTLE:
	case GRID_THROTTLE_THEN_QUEUE:
		return running_floor(w);
	case GRID_QUEUE:
	case GRID_PREEMPT:
		break;
	}
	return c0 > 0 ? c0 : w->gpu.tdp_w; /* no tighter than now */
}

/* The running job to stop first: the newest of a preemptible class, else
 * (only_preemptible == 0) the newest of any. NULL if none. */
static struct job *newest_victim(const struct world *w, int only_preemptible)
{
	struct job *best = NULL;
	for (int pass = 0; pass < 2 && !best; pass++) {
		if (pass == 1 && only_preemptible)
			break;
		for (size_t k = 0; k < w->sc->n_classes; k++) {
			if (pass == 0 && !w->sc->classes[k].preemptible)
				continue;
			struct job *j = w->cls[k].running; /* lists are newest first */
			if (j && (!best || j->run_since > best->run_since ||
				  (j->run_since == best->run_since && j->id > best->id)))
				best = j;
		}
	}
	return best;
}

/* Preempt preemptible jobs, newest first, until the facility fits under
 * limit with the grid's cap no tighter than c0; 1 if it does. */
static int preempt_until_fits(struct world *w, double limit, double c0, sim_time now)
{
	double floor = c0 > 0 ? c0 : w->gpu.tdp_w;
	struct job *v;
	while (!solve(w, limit, floor, now) && (v = newest_victim(w, 1)) != NULL)
		world_job_preempt(w, v, now);
	return solve(w, limit, floor, now);
}

/* Could stopping every preemptible job make room? Their IT power scaled by
 * the facility's overhead now must cover the excess. */
static int preemption_could_fit(struct world *w, double limit)
{
	double it = facility_it_w(&w->fac), freed = 0;
	for (size_t k = 0; k < w->sc->n_classes; k++) {
		if (!w->sc->classes[k].preemptible)
			continue;
		const struct class_power *cp = &w->cls[k];
		for (const struct job *j = cp->running; j; j = j->run_next)
			freed += j->gpus * (j->gpu_w - w->gpu.idle_w + cp->host_w);
	}
	double overhead = it > 0 ? w->facility_w.value / it : 1;
	return freed * overhead >= w->facility_w.value - limit;
}

/* Past the floor: suspend running jobs, newest first, until it fits. */
static void shed(struct world *w, double limit, double floor, sim_time now)
{
	struct job *v;
	while (!solve(w, limit, floor, now) && (v = newest_victim(w, 0)) != NULL)
		world_job_preempt(w, v, now);
	if (w->facility_w.value > limit && !w->cap_violated) {
		w->cap_violated = 1;
		w->cap_violation_at = now;
		w->cap_violation_w = w->facility_w.value;
	}
}

void world_cap_enforce(struct world *w, sim_time now)
{
	world_battery_flush(w, now); /* what it can deliver depends on its charge now */
	double limit = w->cap_w + world_battery_shave_w(w);
	if (w->grid_cap_w == 0 && w->facility_w.value <= limit)
		return; /* fits, and no cap to lift */
	w->in_cap = 1;
	w->trial = 1;
	const struct grid_spec *g = &w->sc->grid;
	double c0 = w->grid_cap_w;
	struct job *adm = w->admitting;
	if (adm) {
		int ok = solve(w, limit, admit_floor(w, c0), now);
		if (!ok && g->policy == GRID_PREEMPT && !w->sc->classes[adm->class_index].preemptible &&
		    preemption_could_fit(w, limit))
			ok = preempt_until_fits(w, limit, c0, now);
		w->admit_refused = !ok; /* the caller takes the start back */
	} else {
		if (g->policy == GRID_PREEMPT)
			preempt_until_fits(w, limit, c0, now);
		if (!solve(w, limit, running_floor(w), now))
			shed(w, limit, running_floor(w), now);
	}
	w->trial = 0;
	world_move_ends(w);
	w->in_cap = 0;
}

void world_cap_restore(struct world *w, double c, sim_time now)
{
	w->in_cap = 1;
	w->trial = 1;
	facility_at(w, c, now);
	w->trial = 0;
	world_move_ends(w);
	w->in_cap = 0;
	world_grid_update(w, now);
}

/* Surely refused without a trial: the grid's cap is in force and the
 * policy lets no start tighten it, or the job's own GPUs and hosts alone
 * (a lower bound: cooling and losses only add) do not fit. */
static int cannot_fit(const struct world *w, const struct job *j)
{
	const struct grid_spec *g = &w->sc->grid;
	int no_throttle = g->policy == GRID_QUEUE ||
			  (g->policy == GRID_PREEMPT && w->sc->classes[j->class_index].preemptible);
	if (!no_throttle)
		return 0;
	if (w->grid_cap_w > 0)
		return 1;
	const struct class_power *cp = &w->cls[j->class_index];
	double rise = j->gpus * (cp->draw_w - w->gpu.idle_w + cp->host_w);
	return w->facility_w.value + rise > w->cap_w + world_battery_shave_w(w);
}

int world_cap_quick_refuse(struct world *w, struct job *j)
{
	if (j->gpus > w->fac.free_gpus)
		return 0; /* no room anyway: placement will say so */
	int r = w->refused_gpus[j->class_index];
	/* a job as large of the same class was refused for power at this very
	 * dispatch (nothing has freed power since), or it cannot fit */
	if ((r > 0 && j->gpus >= r) || cannot_fit(w, j)) {
		world_cap_refused(w, j, sim_now(w->sim));
		return 1;
	}
	return 0;
}

void world_cap_refused(struct world *w, struct job *j, sim_time now)
{
	if (!j->power_blocked) {
		j->power_blocked = 1;
		w->power_blocked++;
	}
	if (j->power_wait_from < 0) {
		j->power_wait_from = now;
		if (j->measured)
			w->power_delayed++;
	}
	int *r = &w->refused_gpus[j->class_index];
	if (*r == 0 || j->gpus < *r)
		*r = j->gpus;
}

void world_cap_no_gpus(struct world *w, struct job *j)
{
	if (j->power_blocked) {
		j->power_blocked = 0;
		w->power_blocked--;
	}
}

void world_cap_started(struct world *w, struct job *j, sim_time now)
{
	world_cap_no_gpus(w, j);
	if (j->starts == 1 && j->power_wait_from >= 0 && j->measured) {
		w->power_delayed_started++;
		w->power_added_wait_s += clock_to_s(now - j->power_wait_from);
	}
}

void world_cap_dispatch_begin(struct world *w)
{
	if (w->has_cap)
		memset(w->refused_gpus, 0, w->sc->n_classes * sizeof *w->refused_gpus);
}

void world_cap_binding(struct world *w, sim_time now)
{
	if (!w->has_cap)
		return;
	int binds = w->grid_gpus.value > 0 || w->power_blocked > 0 ||
		    w->facility_w.value > w->cap_w;
	meter_set(&w->at_cap, now, binds);
}
