/*
 * world.c - the events of a run and how they change the models.
 *
 * Events: a job arrives (per class), a job ends, a sample interval closes,
 * warm-up ends. Every change of power goes through a meter at the tick it
 * happens, so energy is exact. Ties at one tick run in scheduling order
 * (the engine's sequence numbers): warm-up and sampling events are
 * scheduled as the run starts, so at a shared tick they close their
 * interval before that tick's arrivals change anything.
 *
 * A job's wait is start - submit; its GPUs draw idle power while free and
 * their power curve (gpu_power.h) while it runs, clipped by the tightest of
 * the node's, the class's and the facility's GPU caps, at the speed the
 * throughput curve gives. A cap change re-rates every running job of the
 * classes it affects: work done so far is banked at the old speed, and the
 * end event moves to where the remaining work ends at the new one. A
 * cooling plant short of capacity adds a thermal cap on the GPUs of its
 * zone the same way (world_cooling.c). The facility draws IT, the
 * distribution chain's losses and every zone's cooling.
 */
#include "world.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "world_int.h"

static void on_job_end(struct sim *s, void *ctx, uint64_t arg);

void world_power_changed(struct world *w, sim_time now)
{
	double cooling = world_cooling_update(w, now);
	meter_set(&w->facility_w, now,
		  facility_it_w(&w->fac) + w->chain.loss_w.value + cooling);
	world_grid_update(w, now);
}

/* j's racks changed their draw: carry it through the distribution chain. */
static void chain_follow(struct world *w, const struct job *j, sim_time now)
{
	if (w->chain.n_levels == 0)
		return;
	for (uint32_t i = 0; i < j->n_allocs; i++) {
		int rack = (int)j->allocs[i].node / w->fac.nodes_per_rack;
		power_chain_rack(&w->chain, rack, facility_rack_w(&w->fac, rack), now);
	}
}

/* Count a job's change of state in the run's tally, and in the measured
 * tally too when it was submitted after warm-up. */
#define TALLY(w, j, field, delta)                                            \
	do {                                                                 \
		(w)->all.field += (uint64_t)(int64_t)(delta);                \
		if ((j)->measured)                                           \
			(w)->measured.field += (uint64_t)(int64_t)(delta);   \
	} while (0)

static void running_link(struct class_power *cp, struct job *j)
{
	j->run_prev = NULL;
	j->run_next = cp->running;
	if (cp->running)
		cp->running->run_prev = j;
	cp->running = j;
}

static void running_unlink(struct class_power *cp, struct job *j)
{
	if (j->run_prev)
		j->run_prev->run_next = j->run_next;
	else
		cp->running = j->run_next;
	if (j->run_next)
		j->run_next->run_prev = j->run_prev;
	j->run_prev = j->run_next = NULL;
}

void world_job_rate(const struct world *w, const struct job *j, double *draw, double *speed,
		    int *thermal)
{
	const struct class_power *cp = &w->cls[j->class_index];
	*draw = cp->draw_w;
	*speed = cp->speed;
	*thermal = 0;
	if (w->n_thermal == 0)
		return;
	double cap = cp->cap_w;
	for (size_t z = 0; z < w->sc->n_zones; z++)
		if (j->zone_mask >> z & 1)
			cap = gpu_power_cap_min(cap, w->zones[z].thermal_cap_w, 0);
	if (cap == cp->cap_w)
		return;
	gpu_power_under_cap(&w->gpu, cp->want_w, cap, draw, speed);
	*thermal = *draw < cp->draw_w;
}

void world_job_rerate(struct world *w, struct job *j, sim_time now)
{
	double draw, speed;
	int thermal;
	world_job_rate(w, j, &draw, &speed, &thermal);
	if (draw == j->gpu_w && speed == j->speed && thermal == j->thermal)
		return;
	if ((j->speed < 1.0) != (speed < 1.0))
		meter_add(&w->throttled, now, speed < 1.0 ? j->gpus : -j->gpus);
	if (j->thermal != thermal)
		meter_add(&w->thermal_gpus, now, thermal ? j->gpus : -j->gpus);
	j->thermal = thermal;
	job_set_speed(j, now, speed, j->gpus * draw);
	facility_load(&w->fac, j, draw - j->gpu_w, 0, now);
	chain_follow(w, j, now);
	j->gpu_w = draw;
	sim_cancel(w->sim, j->end_event);
	j->end_event = sim_at(w->sim, job_end_time(j), on_job_end, w, (uint64_t)(uintptr_t)j);
}

/*
 * Bring class k's draw and speed in line with the caps now, and re-rate its
 * running jobs if they changed. Cost: O(classes) plus O(log events) per
 * running job of a class whose rate changed; jobs of unaffected classes
 * (a cap above what they draw) are not touched.
 */
static void class_rerate(struct world *w, size_t k, sim_time now)
{
	struct class_power *cp = &w->cls[k];
	cp->cap_w = gpu_power_cap_min(w->sc->node.gpu_cap_w, w->sc->classes[k].gpu_cap_w,
				      w->facility_cap_w);
	double draw, speed;
	gpu_power_under_cap(&w->gpu, cp->want_w, cp->cap_w, &draw, &speed);
	if (draw == cp->draw_w && speed == cp->speed)
		return;
	cp->draw_w = draw;
	cp->speed = speed;
	for (struct job *j = cp->running; j; j = j->run_next)
		world_job_rerate(w, j, now);
}

static void rerate_all(struct world *w, sim_time now)
{
	for (size_t k = 0; k < w->sc->n_classes; k++)
		class_rerate(w, k, now);
	world_power_changed(w, now);
}

/* A step of the facility-wide cap schedule. */
static void on_cap_step(struct sim *s, void *ctx, uint64_t step)
{
	struct world *w = ctx;
	w->facility_cap_w = w->sc->cap_steps[step].gpu_cap_w;
	rerate_all(w, sim_now(s));
}

static int push_wait(struct world *w, double wait_s)
{
	if (w->n_waits == w->cap_waits) {
		size_t cap = w->cap_waits ? w->cap_waits * 2 : 4096;
		double *nw = realloc(w->waits_s, cap * sizeof *nw);
		if (!nw)
			return -1;
		w->waits_s = nw;
		w->cap_waits = cap;
	}
	w->waits_s[w->n_waits++] = wait_s;
	return 0;
}

static void fail_oom(struct world *w)
{
	w->oom = 1;
	sim_stop(w->sim);
}

/* sched_try_start: place and start j now, or report no room. */
static int try_start(void *ctx, struct job *j)
{
	struct world *w = ctx;
	sim_time now = sim_now(w->sim);
	int rc = facility_place(&w->fac, j, j->gpus, now);
	if (rc < 0)
		fail_oom(w);
	if (rc != 0)
		return 0;
	struct class_power *cp = &w->cls[j->class_index];
	j->zone_mask = 0;
	for (uint32_t i = 0; i < j->n_allocs; i++)
		j->zone_mask |= UINT64_C(1)
				<< w->fac.rack_zone[(int)j->allocs[i].node / w->fac.nodes_per_rack];
	double draw, speed;
	world_job_rate(w, j, &draw, &speed, &j->thermal);
	job_start(j, now, speed, j->gpus * draw);
	j->gpu_w = draw;
	facility_load(&w->fac, j, draw - w->gpu.idle_w, cp->host_w, now);
	chain_follow(w, j, now);
	running_link(cp, j);
	if (speed < 1.0)
		meter_add(&w->throttled, now, j->gpus);
	if (j->thermal)
		meter_add(&w->thermal_gpus, now, j->gpus);
	/* the end event exists before the plants settle: a thermal cap may
	 * re-rate this job at once */
	j->end_event = sim_at(w->sim, job_end_time(j), on_job_end, w, (uint64_t)(uintptr_t)j);
	world_power_changed(w, now);
	meter_add(&w->queued, now, -1);
	meter_add(&w->running, now, 1);
	TALLY(w, j, queued, -1);
	TALLY(w, j, running, 1);
	if (j->measured && push_wait(w, clock_to_s(now - j->submit)) != 0)
		fail_oom(w);
	return 1;
}

static void job_leaves(struct world *w, struct job *j)
{
	if (w->sc->write_jobs && world_record_job(w, j) != 0)
		fail_oom(w);
	job_pool_put(&w->pool, j);
}

static void on_job_end(struct sim *s, void *ctx, uint64_t arg)
{
	struct world *w = ctx;
	struct job *j = (struct job *)(uintptr_t)arg;
	sim_time now = sim_now(s);
	struct class_power *cp = &w->cls[j->class_index];
	job_advance(j, now);
	facility_load(&w->fac, j, -(j->gpu_w - w->gpu.idle_w), -cp->host_w, now);
	chain_follow(w, j, now);
	facility_release(&w->fac, j, now);
	running_unlink(cp, j);
	if (j->speed < 1.0)
		meter_add(&w->throttled, now, -j->gpus);
	if (j->thermal)
		meter_add(&w->thermal_gpus, now, -j->gpus);
	j->thermal = 0;
	world_power_changed(w, now);
	meter_add(&w->running, now, -1);
	TALLY(w, j, running, -1);
	TALLY(w, j, completed, 1);
	j->state = JOB_COMPLETED;
	j->end = now;
	job_leaves(w, j);
	scheduler_dispatch(&w->sched, try_start, w);
}

static void on_arrival(struct sim *s, void *ctx, uint64_t class_index)
{
	struct world *w = ctx;
	struct class_sampler *cs = &w->samplers[class_index];
	sim_time now = sim_now(s);
	struct job *j = job_pool_get(&w->pool);
	if (!j) {
		fail_oom(w);
		return;
	}
	j->id = w->next_job_id++;
	j->class_index = (uint32_t)class_index;
	j->gpus = workload_sample_gpus(cs);
	j->work_s = workload_sample_duration_s(cs);
	j->submit = now;
	j->start = j->end = -1;
	j->measured = now >= w->warmup;
	TALLY(w, j, submitted, 1);
	if (j->gpus > w->fac.total_gpus) {
		j->state = JOB_REJECTED;
		j->reject = JOB_REJECT_TOO_LARGE;
		TALLY(w, j, rejected, 1);
		job_leaves(w, j);
	} else {
		j->state = JOB_QUEUED;
		TALLY(w, j, queued, 1);
		meter_add(&w->queued, now, 1);
		scheduler_enqueue(&w->sched, j);
		scheduler_dispatch(&w->sched, try_start, w);
	}
	sim_time next = workload_next_arrival(cs, now);
	if (next < w->horizon)
		sim_timer_set(s, w->arrival_timers[class_index], next);
}

static void on_sample(struct sim *s, void *ctx, uint64_t arg)
{
	(void)arg;
	struct world *w = ctx;
	sim_time now = sim_now(s);
	if (world_sample_row(w, now) != 0)
		fail_oom(w);
	if (now + w->sample_dt < w->horizon)
		sim_after(s, w->sample_dt, on_sample, w, 0);
}

static void on_warmup_end(struct sim *s, void *ctx, uint64_t arg)
{
	(void)arg;
	struct world *w = ctx;
	sim_time now = sim_now(s);
	facility_mark(&w->fac, now);
	meter_mark(&w->facility_w, now);
	meter_mark(&w->running, now);
	meter_mark(&w->queued, now);
	meter_mark(&w->throttled, now);
	power_chain_mark(&w->chain, now);
	world_cooling_mark(w, now);
	world_grid_mark(w, now);
}

static int world_init(struct world *w, const struct scenario *sc, struct run_result *res)
{
	memset(w, 0, sizeof *w);
	w->sc = sc;
	w->res = res;
	w->horizon = clock_from_s(sc->duration_h * 3600.0);
	w->warmup = clock_from_s(sc->warmup_h * 3600.0);
	w->sample_dt = clock_from_s(sc->sample_interval_min * 60.0);
	if (w->sample_dt < 1)
		w->sample_dt = 1;
	job_pool_init(&w->pool);
	scheduler_init(&w->sched, sc->policy);
	w->sim = sim_create(1024);
	size_t nc = sc->n_classes ? sc->n_classes : 1;
	w->samplers = calloc(nc, sizeof *w->samplers);
	w->arrival_timers = calloc(nc, sizeof *w->arrival_timers);
	w->cls = calloc(nc, sizeof *w->cls);
	if (!w->sim || !w->samplers || !w->arrival_timers || !w->cls ||
	    facility_init(&w->fac, sc, 0) != 0 || gpu_power_init(&w->gpu, &sc->node.accel) != 0)
		return -1;
	w->gpu_ready = 1;
	double *rack_w0 = malloc(2 * (size_t)w->fac.n_racks * sizeof *rack_w0);
	if (!rack_w0)
		return -1;
	double *rack_np = rack_w0 + w->fac.n_racks;
	for (int r = 0; r < w->fac.n_racks; r++) {
		rack_w0[r] = facility_rack_w(&w->fac, r);
		rack_np[r] = scenario_rack_nameplate_at(sc, r);
	}
	int crc = power_chain_init(&w->chain, &sc->chain, w->fac.n_racks, rack_w0, rack_np, 0);
	free(rack_w0);
	if (crc != 0)
		return -1;
	w->facility_cap_w = sc->gpu_cap_w;
	for (size_t i = 0; i < sc->n_classes; i++) {
		struct class_power *cp = &w->cls[i];
		cp->want_w = gpu_power_want_w(&w->gpu, sc->classes[i].utilization);
		cp->host_w = facility_host_w(&w->fac, sc->classes[i].utilization);
		cp->draw_w = cp->want_w;
		cp->speed = 1.0;
		class_rerate(w, i, 0); /* no job runs yet: sets the rate only */
	}
	for (size_t i = 0; i < sc->n_classes; i++)
		if (workload_sampler_init(&w->samplers[i], &sc->classes[i], i, sc->seed,
					  sc->replication) != 0)
			return -1;
	meter_init(&w->facility_w, 0, 0);
	meter_init(&w->running, 0, 0);
	meter_init(&w->queued, 0, 0);
	meter_init(&w->throttled, 0, 0);
	if (world_cooling_init(w) != 0)
		return -1;
	world_grid_init(w);
	world_power_changed(w, 0);
	/* Order matters at tick 0: mark, then samples, then the first arrivals. */
	sim_at(w->sim, w->warmup, on_warmup_end, w, 0);
	if (w->sample_dt < w->horizon)
		sim_at(w->sim, w->sample_dt, on_sample, w, 0);
	for (size_t i = 0; i < sc->n_cap_steps; i++) {
		sim_time t = clock_from_s(sc->cap_steps[i].at_h * 3600.0);
		if (t < w->horizon)
			sim_at(w->sim, t, on_cap_step, w, i);
	}
	/* Arrivals are engine timers: each class's next arrival is nearly
	 * always the earliest event, which a timer serves without the heap. */
	for (size_t i = 0; i < sc->n_classes; i++) {
		w->arrival_timers[i] = sim_timer_add(w->sim, on_arrival, w, i);
		if (w->arrival_timers[i] < 0)
			return -1;
		sim_time t = workload_next_arrival(&w->samplers[i], 0);
		if (t < w->horizon)
			sim_timer_set(w->sim, w->arrival_timers[i], t);
	}
	return sim_failed(w->sim) ? -1 : 0;
}

static void world_fini(struct world *w)
{
	if (w->samplers)
		for (size_t i = 0; i < w->sc->n_classes; i++)
			workload_sampler_fini(&w->samplers[i]);
	free(w->samplers);
	free(w->arrival_timers);
	free(w->cls);
	world_cooling_fini(w);
	power_chain_fini(&w->chain);
	if (w->gpu_ready)
		gpu_power_fini(&w->gpu);
	free(w->waits_s);
	facility_fini(&w->fac);
	job_pool_fini(&w->pool);
	sim_destroy(w->sim);
}

/* Jobs still in the system at the horizon: bring their energy up to the
 * end and log them as running or queued. */
static int record_unfinished(struct world *w)
{
	for (struct job *j = w->sched.head; j; j = j->next)
		if (w->sc->write_jobs && world_record_job(w, j) != 0)
			return -1;
	for (size_t k = 0; k < w->sc->n_classes; k++) {
		for (struct job *j = w->cls[k].running; j; j = j->run_next) {
			job_advance(j, w->horizon);
			if (w->sc->write_jobs && world_record_job(w, j) != 0)
				return -1;
		}
	}
	return 0;
}

int world_run(const struct scenario *sc, struct run_result *out, struct diag *d)
{
	struct world w;
	memset(out, 0, sizeof *out);
	int rc = -1;
	if (world_init(&w, sc, out) != 0) {
		diag_add(d, "%s: out of memory building the run", sc->source);
		goto done;
	}
	out->kpis.events = sim_run_until(w.sim, w.horizon);
	if (w.oom || sim_failed(w.sim)) {
		diag_add(d, "%s: out of memory during the run", sc->source);
		goto done;
	}
	sim_time end = w.horizon;
	facility_flush(&w.fac, end);
	meter_flush(&w.facility_w, end);
	meter_flush(&w.running, end);
	meter_flush(&w.queued, end);
	meter_flush(&w.throttled, end);
	power_chain_flush(&w.chain, end);
	world_cooling_flush(&w, end);
	world_grid_flush(&w, end);
	if (world_sample_row(&w, end) != 0 || record_unfinished(&w) != 0 ||
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
