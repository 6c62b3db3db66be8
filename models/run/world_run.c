/*
 * world_run.c - one run from start to end: build the core and every
 * subsystem from the scenario, drive the engine to the horizon, flush,
 * record, fill the KPIs, check conservation, and hand back the results.
 *
 * The subsystems are the one list RUN_SUBS (run_core.h), made into
 * world_subs[] below; every pass over them (init, fini, mark, flush,
 * sample, kpis, check) walks it in order, and so do the settle and the
 * power ops (world.c). Adding a subsystem is adding its row there.
 *
 * Ties at one tick run in scheduling order (the engine's sequence
 * numbers): the subsystems' first events (the weather's, then the grid's
 * hour) are scheduled as they are built, then warm-up and sampling, then
 * the core's (cap steps, arrivals), so at a shared tick the plants and
 * signals change and the intervals close before that tick's arrivals.
 *
 * Sampling: the sample tick flushes everything whether or not a row is
 * written (world_flush), so output.timeseries and output.jobs never
 * change a run (tests/sampling_invariance.sh).
 */
#include "world.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "run_core.h"

#define RUN_SUB_ENTRY(id, ops) [RUN_SUB_##id] = &ops,
const struct run_sub_ops *const world_subs[RUN_N_SUBS] = { RUN_SUBS(RUN_SUB_ENTRY) };
#undef RUN_SUB_ENTRY

/* The core's meters, for each pass over them (start, warm-up, flush). */
static void core_meters(struct world *w, sim_time now, void (*fn)(struct meter *, sim_time))
{
	struct meter *m[] = { &w->facility_w, &w->throttled,
			      &w->thermal_gpus, &w->grid_gpus, &w->grid_held_w, &w->writing,
			      &w->restarting };
	for (size_t i = 0; i < sizeof m / sizeof m[0]; i++)
		fn(m[i], now);
}
/* ... and its counts (count_meter.h), with the same pass */
static void core_counts(struct world *w, sim_time now, void (*fn)(struct count_meter *, sim_time))
{
	fn(&w->running, now);
	fn(&w->queued, now);
}

static void count_zero(struct count_meter *m, sim_time now)
{
	count_meter_init(m, now, 0);
}

static void meter_zero(struct meter *m, sim_time now)
{
	meter_init(m, now, 0);
}

/*
 * Bring every meter, the chain and each subsystem up to now. This is not
 * a pure read: the chain re-derives its sums from the racks (its drift
 * correction, power_chain.c) and the battery advances its state of
 * charge, and both move the draw the grid's cap is solved against by a
 * rounding error, which a binding cap turns into other starts. So it runs
 * at every sample tick whether or not a row is written: output.timeseries
 * and output.jobs never change a run (issue 15; before, they did).
 */
void world_flush(struct world *w, sim_time now)
{
	facility_flush(&w->fac, now);
	core_meters(w, now, meter_flush);
	core_counts(w, now, count_meter_flush);
	power_chain_flush(&w->chain, now);
	for (int i = 0; i < RUN_N_SUBS; i++)
		if (world_subs[i]->flush)
			world_subs[i]->flush(w, w->sub[i], now);
}

static void on_sample(struct sim *s, void *ctx, uint64_t arg)
{
	(void)arg;
	struct world *w = ctx;
	sim_time now = sim_now(s);
	world_flush(w, now);
	if (world_sample_row(w, now) != 0)
		world_fail_oom(w);
	if (now + w->sample_dt < w->horizon)
		sim_after(s, w->sample_dt, on_sample, w, 0);
}

static void on_warmup_end(struct sim *s, void *ctx, uint64_t arg)
{
	(void)arg;
	struct world *w = ctx;
	sim_time now = sim_now(s);
	facility_mark(&w->fac, now);
	core_meters(w, now, meter_mark);
	core_counts(w, now, count_meter_mark);
	power_chain_mark(&w->chain, now);
	for (int i = 0; i < RUN_N_SUBS; i++)
		if (world_subs[i]->mark)
			world_subs[i]->mark(w, w->sub[i], now);
}

/* The chain, built with every rack at its idle draw. */
static int chain_init(struct world *w)
{
	double *rack_w0 = malloc(2 * (size_t)w->fac.n_racks * sizeof *rack_w0);
	if (!rack_w0)
		return -1;
	double *rack_np = rack_w0 + w->fac.n_racks;
	for (int r = 0; r < w->fac.n_racks; r++) {
		rack_w0[r] = facility_rack_w(&w->fac, r);
		rack_np[r] = scenario_rack_nameplate_at(w->sc, r);
	}
	int rc = power_chain_init(&w->chain, &w->sc->chain, w->fac.n_racks, rack_w0, rack_np, 0);
	free(rack_w0);
	return rc;
}

/* The uncapped per-GPU draw of class c's jobs at level i (0 without a
 * distribution). A power level never takes a running job's GPUs below
 * loaded idle (a CUDA context holds them in a higher DVFS state); a
 * measured power, or a distribution's level, is what it is. */
static double level_want_w(const struct world *w, const struct job_class_spec *c, int i)
{
	switch (c->power_form) {
	case CLASS_POWER_LEVEL:
		return fmax(gpu_power_want_w(&w->gpu, c->utilization), w->sc->node.accel.loaded_idle_w);
	case CLASS_POWER_DIST:
		return c->power_dist.level_w[i];
	case CLASS_POWER_W:
	case CLASS_POWER_FRACTION:
		break;
	}
	return c->gpu_power_w;
}

/* The classes' power groups (run_core.h: one per class, or one per level
 * of its distribution, class by class), each's rate with no job running,
 * and the classes' samplers. */
static int classes_init(struct world *w)
{
	const struct scenario *sc = w->sc;
	w->facility_cap_w = sc->gpu_cap_w;
	size_t n = 0;
	for (size_t k = 0; k < sc->n_classes; k++) {
		w->group_first[k] = n;
		const struct job_class_spec *c = &sc->classes[k];
		n += c->power_form == CLASS_POWER_DIST ? (size_t)c->power_dist.n_levels : 1;
	}
	w->group_first[sc->n_classes] = n;
	w->n_groups = n;
	w->groups = calloc(n ? n : 1, sizeof *w->groups);
	if (!w->groups)
		return -1;
	for (size_t k = 0; k < sc->n_classes; k++) {
		const struct job_class_spec *c = &sc->classes[k];
		for (size_t g = w->group_first[k]; g < w->group_first[k + 1]; g++) {
			struct power_group *cp = &w->groups[g];
			cp->class_index = k;
			cp->want_w = level_want_w(w, c, (int)(g - w->group_first[k]));
			cp->host_w = facility_host_w(&w->fac, c->host_load);
			cp->draw_w = cp->want_w;
			cp->speed = 1.0;
			world_group_rerate(w, g, 0); /* no job runs yet: sets the rate only */
		}
	}
	for (size_t i = 0; i < sc->n_classes; i++)
		if (workload_sampler_init(&w->samplers[i], &sc->classes[i], i, sc->seed,
					  sc->replication) != 0)
			return -1;
	return 0;
}

/* The core: clock, racks and GPUs, chain, classes, meters. */
static int core_init(struct world *w)
{
	const struct scenario *sc = w->sc;
	job_pool_init(&w->pool);
	/* exact percentiles up to 2^20 waits (8 MB), then within 0.1% */
	quantiles_init(&w->waits_s, (size_t)1 << 20);
	scheduler_init(&w->sched, sc->policy, sc->backfill_depth, sc->aging_per_h);
	for (size_t k = 0; k < sc->n_classes; k++)
		w->any_preemptible |= sc->classes[k].preemptible || sc->classes[k].spot;
	w->sim = sim_create(1024);
	size_t nc = sc->n_classes ? sc->n_classes : 1;
	w->samplers = calloc(nc, sizeof *w->samplers);
	w->arrival_timers = calloc(nc, sizeof *w->arrival_timers);
	w->group_first = calloc(sc->n_classes + 1, sizeof *w->group_first);
	w->zone_cap_w = calloc(sc->n_zones ? sc->n_zones : 1, sizeof *w->zone_cap_w);
	if (!w->sim || !w->samplers || !w->arrival_timers || !w->group_first || !w->zone_cap_w ||
	    facility_init(&w->fac, sc, 0) != 0 || gpu_power_init(&w->gpu, &sc->node.accel) != 0)
		return -1;
	w->gpu_ready = 1;
	core_meters(w, 0, meter_zero);
	core_counts(w, 0, count_zero);
	if (chain_init(w) != 0 || classes_init(w) != 0)
		return -1;
	if (world_has_cap(w) && world_draw_work_init(w) != 0)
		return -1;
	return 0;
}

/* Every subsystem in list order, and the hooks each asks for. */
static int subs_init(struct world *w)
{
	for (int i = 0; i < RUN_N_SUBS; i++) {
		const struct run_sub_ops *ops = world_subs[i];
		w->sub[i] = calloc(1, ops->size ? ops->size : 1);
		if (!w->sub[i])
			return -1;
		int hooks = ops->init(w, w->sub[i]);
		if (hooks < 0)
			return -1;
		assert(!(hooks & RUN_HOOK_DRAW) || (ops->draw && ops->draw_at && ops->energy));
		assert(!(hooks & RUN_HOOK_POWER) || ops->power);
		struct run_hook h = { (enum run_sub_id)i, w->sub[i], ops->draw, ops->draw_at,
				      ops->power };
		if (hooks & RUN_HOOK_DRAW)
			w->on_draw.at[w->on_draw.n++] = h;
		if (hooks & RUN_HOOK_POWER)
			w->on_power.at[w->on_power.n++] = h;
	}
	return 0;
}

static int world_init(struct world *w, const struct scenario *sc, struct run_result *res,
		      int no_defer)
{
	memset(w, 0, sizeof *w);
	w->sc = sc;
	w->no_defer = no_defer;
	w->res = res;
	w->horizon = clock_from_s(sc->duration_h * 3600.0);
	w->warmup = clock_from_s(sc->warmup_h * 3600.0);
	w->sample_dt = clock_from_s(sc->sample_interval_min * 60.0);
	if (w->sample_dt < 1)
		w->sample_dt = 1;
	if (core_init(w) != 0 || subs_init(w) != 0)
		return -1;
	world_power_changed(w, 0);
	/* Order matters at tick 0: mark, then samples, then the first arrivals. */
	sim_at(w->sim, w->warmup, on_warmup_end, w, 0);
	if (w->sample_dt < w->horizon)
		sim_at(w->sim, w->sample_dt, on_sample, w, 0);
	if (world_jobs_start(w) != 0)
		return -1;
	return sim_failed(w->sim) ? -1 : 0;
}

static void world_fini(struct world *w)
{
	for (int i = RUN_N_SUBS; i-- > 0;) {
		if (w->sub[i] && world_subs[i]->fini)
			world_subs[i]->fini(w, w->sub[i]);
		free(w->sub[i]);
	}
	if (w->samplers)
		for (size_t i = 0; i < w->sc->n_classes; i++)
			workload_sampler_fini(&w->samplers[i]);
	free(w->samplers);
	free(w->arrival_timers);
	free(w->groups);
	free(w->group_first);
	free(w->plan_running);
	scheduler_fini(&w->sched);
	free(w->zone_cap_w);
	world_draw_work_fini(w);
	power_chain_fini(&w->chain);
	if (w->gpu_ready)
		gpu_power_fini(&w->gpu);
	quantiles_fini(&w->waits_s);
	facility_fini(&w->fac);
	job_pool_fini(&w->pool);
	sim_destroy(w->sim);
}

/* The run stopped at limits.max_queued_jobs: name the class that passed it
 * and its offered load against the cluster's. */
static void queue_full_error(const struct world *w, struct diag *d)
{
	const struct scenario *sc = w->sc;
	const struct job_class_spec *c = &sc->classes[w->queue_full - 1];
	diag_add(d, "%s: more than %d jobs queued at hour %.4g (limits.max_queued_jobs): class "
		 "\"%s\" offers a load of %.4g GPUs against %d installed; the run stops",
		 sc->source, sc->max_queued_jobs, clock_to_h(sim_now(w->sim)), c->name,
		 scenario_class_offered_gpus(sc, c), scenario_total_gpus(sc));
}

/* One run; no_defer starts every deferrable job at once (the baseline). */
static int run_one(const struct scenario *sc, int no_defer, struct run_result *out,
		   struct diag *d)
{
	struct world w;
	memset(out, 0, sizeof *out);
	int rc = -1;
	if (world_init(&w, sc, out, no_defer) != 0) {
		diag_add(d, "%s: out of memory building the run", sc->source);
		goto done;
	}
	out->kpis.events = sim_run_until(w.sim, w.horizon);
	if (sim_interrupted(w.sim)) {
		diag_add(d, "%s: interrupted at hour %.2f", sc->source, clock_to_h(sim_now(w.sim)));
		goto done;
	}
	if (w.queue_full) {
		queue_full_error(&w, d);
		goto done;
	}
	if (w.oom || sim_failed(w.sim)) {
		diag_add(d, "%s: out of memory during the run", sc->source);
		goto done;
	}
	facility_flush_racks(&w.fac, w.horizon); /* (only here: read only at the end) */
	world_flush(&w, w.horizon);
	power_chain_flush_units(&w.chain); /* (the same: the units' meters lag the flushes) */
	if (world_sample_row(&w, w.horizon) != 0 || world_jobs_unfinished(&w) != 0 ||
	    world_fill_kpis(&w) != 0) {
		diag_add(d, "%s: out of memory finishing the run", sc->source);
		goto done;
	}
	if (world_check_conservation(&w, d) != 0)
		goto done;
	rc = 0;
done:
	world_fini(&w);
	if (rc != 0)
		run_result_fini(out);
	return rc;
}

static int by_deferral_id(const void *a, const void *b)
{
	uint64_t x = ((const struct deferral_record *)a)->id;
	uint64_t y = ((const struct deferral_record *)b)->id;
	return (x > y) - (x < y);
}

/* Over the deferrable jobs that completed in both runs (the same ids:
 * the same arrivals), what the baseline emitted and paid minus this run. */
static void paired_savings(struct run_result *out, struct run_result *base)
{
	struct run_kpis *k = &out->kpis;
	qsort(out->deferrals, out->n_deferrals, sizeof *out->deferrals, by_deferral_id);
	qsort(base->deferrals, base->n_deferrals, sizeof *base->deferrals, by_deferral_id);
	double co2 = 0, cost = 0;
	size_t i = 0, j = 0;
	while (i < out->n_deferrals && j < base->n_deferrals) {
		const struct deferral_record *a = &out->deferrals[i], *b = &base->deferrals[j];
		if (a->id == b->id) {
			co2 += b->co2_g - a->co2_g;
			cost += b->cost_usd - a->cost_usd;
			i++;
			j++;
		} else if (a->id < b->id) {
			i++;
		} else {
			j++;
		}
	}
	k->deferral_emissions_saved_t = co2 / 1e6;
	k->deferral_cost_saved_usd = cost;
}

/*
 * With deferrable classes, the same scenario runs a second time with
 * every job started at once: the same seed gives the same arrivals, so
 * the emissions and cost saved are a paired difference.
 */
int world_run(const struct scenario *sc, struct run_result *out, struct diag *d)
{
	if (run_one(sc, 0, out, d) != 0)
		return -1;
	struct run_kpis *k = &out->kpis;
	k->deferral_emissions_saved_t = (double)NAN;
	k->deferral_cost_saved_usd = (double)NAN;
	if (!scenario_any_deferrable(sc))
		return 0;
	struct scenario base = *sc; /* no time series or job log for the baseline */
	base.write_timeseries = 0;
	base.write_jobs = 0;
	struct run_result b;
	if (run_one(&base, 1, &b, d) != 0) {
		run_result_fini(out);
		return -1;
	}
	paired_savings(out, &b);
	run_result_fini(&b);
	/* a saving against a signal the grid does not have is not zero but unknown */
	if (sc->grid.carbon.source == GRID_SIGNAL_NONE)
		k->deferral_emissions_saved_t = (double)NAN;
	if (sc->grid.price.source == GRID_SIGNAL_NONE)
		k->deferral_cost_saved_usd = (double)NAN;
	return 0;
}
