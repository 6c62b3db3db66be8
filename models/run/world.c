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

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "grow_array.h"
#include "world_int.h"

static void on_job_end(struct sim *s, void *ctx, uint64_t arg);

double world_facility_settle(struct world *w, sim_time now)
{
	double cooling = world_cooling_update(w, now);
	power_chain_settle(&w->chain, now); /* (done already if there is a room) */
	meter_set(&w->facility_w, now,
		  facility_it_w(&w->fac) + w->chain.loss_w.value + cooling);
	return w->facility_w.value;
}

void world_power_changed(struct world *w, sim_time now)
{
	world_facility_settle(w, now);
	if (w->has_cap && !w->in_cap)
		world_cap_enforce(w, now);
	world_grid_update(w, now);
}

/* j's racks changed their draw: the distribution chain carries it at the
 * next settle. */
static void chain_follow(struct world *w, const struct job *j)
{
	if (w->chain.n_levels == 0)
		return;
	int last = -1; /* a job's nodes in one rack are usually next to each other */
	for (uint32_t i = 0; i < j->n_allocs; i++) {
		int rack = (int)j->allocs[i].node / w->fac.nodes_per_rack;
		if (rack != last)
			power_chain_rack(&w->chain, rack, facility_rack_w(&w->fac, rack));
		last = rack;
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

/* Keep j's end event where its remaining work ends. */
static void move_end(struct world *w, struct job *j)
{
	sim_time t = job_end_time(j);
	if (t == j->end_at)
		return;
	sim_cancel(w->sim, j->end_event);
	j->end_at = t;
	j->end_event = sim_at(w->sim, t, on_job_end, w, (uint64_t)(uintptr_t)j);
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
	chain_follow(w, j);
	j->gpu_w = draw;
	if (!w->trial)
		move_end(w, j);
}

void world_move_ends(struct world *w)
{
	for (size_t k = 0; k < w->sc->n_classes; k++)
		for (struct job *j = w->cls[k].running; j; j = j->run_next)
			move_end(w, j);
}

/*
 * Bring class k's draw and speed in line with the caps now, and re-rate its
 * running jobs if they changed. Cost: O(classes) plus O(log events) per
 * running job of a class whose rate changed; jobs of unaffected classes
 * (a cap above what they draw) are not touched.
 */
void world_class_rerate(struct world *w, size_t k, sim_time now)
{
	struct class_power *cp = &w->cls[k];
	double base = gpu_power_cap_min(w->sc->node.gpu_cap_w, w->sc->classes[k].gpu_cap_w,
					w->facility_cap_w);
	cp->cap_w = gpu_power_cap_min(base, w->grid_cap_w, 0);
	double draw, speed;
	gpu_power_under_cap(&w->gpu, cp->want_w, cp->cap_w, &draw, &speed);
	/* what the grid's cap holds back, beyond every other cap */
	double held = 0;
	if (cp->cap_w != base) {
		double d0, s0;
		gpu_power_under_cap(&w->gpu, cp->want_w, base, &d0, &s0);
		held = d0 - draw;
	}
	if ((held > 0) != (cp->grid_held_w > 0))
		meter_add(&w->grid_gpus, now, held > 0 ? cp->running_gpus : -cp->running_gpus);
	if (held != cp->grid_held_w)
		meter_add(&w->grid_held_w, now, cp->running_gpus * (held - cp->grid_held_w));
	cp->grid_held_w = held;
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
		world_class_rerate(w, k, now);
	world_power_changed(w, now);
}

/* j's GPUs join or leave its class's running set. */
static void class_gpus(struct world *w, const struct job *j, int sign, sim_time now)
{
	struct class_power *cp = &w->cls[j->class_index];
	double g = sign * (double)j->gpus;
	cp->running_gpus += g;
	if (cp->grid_held_w > 0) {
		meter_add(&w->grid_gpus, now, g);
		meter_add(&w->grid_held_w, now, g * cp->grid_held_w);
	}
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
	double *nw = grow_array(w->waits_s, w->n_waits, &w->cap_waits, sizeof *nw, 4096);
	if (!nw)
		return -1;
	w->waits_s = nw;
	w->waits_s[w->n_waits++] = wait_s;
	return 0;
}

static void fail_oom(struct world *w)
{
	w->oom = 1;
	sim_stop(w->sim);
}

/* j's stake in the facility's power: its GPUs above idle, its hosts, the
 * chain behind its racks. sign +1 adds it, -1 takes it away. */
static void job_load(struct world *w, struct job *j, int sign, sim_time now)
{
	const struct class_power *cp = &w->cls[j->class_index];
	facility_load(&w->fac, j, sign * (j->gpu_w - w->gpu.idle_w), sign * cp->host_w, now);
	chain_follow(w, j);
}

/* j stops running now (it ended, was preempted, or its tentative start is
 * taken back): its power, GPUs, links and meters go; its end event too. */
static void job_stop(struct world *w, struct job *j, sim_time now)
{
	job_advance(j, now);
	world_defer_bank(w, j);
	job_load(w, j, -1, now);
	facility_release(&w->fac, j, now);
	running_unlink(&w->cls[j->class_index], j);
	class_gpus(w, j, -1, now);
	if (j->speed < 1.0)
		meter_add(&w->throttled, now, -j->gpus);
	if (j->thermal)
		meter_add(&w->thermal_gpus, now, -j->gpus);
	j->thermal = 0;
}

/* sched_try_start: place and start j now, or report no room (GPUs, or
 * power under the grid's cap: world_cap.c decides). */
static int try_start(void *ctx, struct job *j)
{
	struct world *w = ctx;
	sim_time now = sim_now(w->sim);
	if (w->has_cap && world_cap_quick_refuse(w, j))
		return 0;
	int rc = facility_place(&w->fac, j, j->gpus, now);
	if (rc < 0)
		fail_oom(w);
	if (rc != 0) {
		world_cap_no_gpus(w, j);
		return 0;
	}
	struct class_power *cp = &w->cls[j->class_index];
	j->zone_mask = 0;
	for (uint32_t i = 0; i < j->n_allocs; i++)
		j->zone_mask |= UINT64_C(1)
				<< w->fac.rack_zone[(int)j->allocs[i].node / w->fac.nodes_per_rack];
	double draw, speed;
	world_job_rate(w, j, &draw, &speed, &j->thermal);
	sim_time first_start = j->start;
	job_start(j, now, speed, j->gpus * draw);
	j->gpu_w = draw;
	job_load(w, j, +1, now);
	running_link(cp, j);
	class_gpus(w, j, +1, now);
	if (speed < 1.0)
		meter_add(&w->throttled, now, j->gpus);
	if (j->thermal)
		meter_add(&w->thermal_gpus, now, j->gpus);
	/* the end event exists before the plants settle: a thermal cap may
	 * re-rate this job at once */
	j->end_at = job_end_time(j);
	j->end_event = sim_at(w->sim, j->end_at, on_job_end, w, (uint64_t)(uintptr_t)j);
	double cap_before = w->grid_cap_w;
	w->admitting = j;
	w->admit_refused = 0;
	world_power_changed(w, now);
	w->admitting = NULL;
	if (w->admit_refused) {
		/* no power for it: take the start back (same tick, so no energy
		 * moved) and return to the grid's cap before it, which fitted */
		job_stop(w, j, now);
		sim_cancel(w->sim, j->end_event);
		j->state = JOB_QUEUED;
		if (--j->starts == 0)
			j->start = first_start;
		world_cap_restore(w, cap_before, now);
		world_cap_refused(w, j, now);
		return 0;
	}
	world_cap_started(w, j, now);
	meter_add(&w->queued, now, -1);
	meter_add(&w->running, now, 1);
	TALLY(w, j, queued, -1);
	TALLY(w, j, running, 1);
	if (j->starts == 1 && j->measured && push_wait(w, clock_to_s(now - j->submit)) != 0)
		fail_oom(w);
	return 1;
}

void world_job_preempt(struct world *w, struct job *j, sim_time now)
{
	job_stop(w, j, now);
	sim_cancel(w->sim, j->end_event);
	/* the work since its last checkpoint is lost (all of it without one) */
	double every = w->sc->classes[j->class_index].checkpoint_interval_h * 3600.0;
	double done = j->work_total_s - j->work_s;
	double kept = every > 0 ? floor(done / every + 1e-9) * every : 0;
	if (kept > done)
		kept = done;
	if (now >= w->warmup) { /* the window's KPIs */
		w->lost_gpu_s += (done - kept) * j->gpus;
		w->preemptions++;
	}
	j->work_s = j->work_total_s - kept;
	j->state = JOB_QUEUED;
	j->preemptions++;
	meter_add(&w->running, now, -1);
	meter_add(&w->queued, now, 1);
	TALLY(w, j, running, -1);
	TALLY(w, j, queued, 1);
	scheduler_requeue(&w->sched, j);
}

void world_dispatch(struct world *w)
{
	world_cap_dispatch_begin(w);
	scheduler_dispatch(&w->sched, try_start, w);
	world_cap_binding(w, sim_now(w->sim)); /* a job may now wait for power */
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
	job_stop(w, j, now);
	world_power_changed(w, now);
	meter_add(&w->running, now, -1);
	TALLY(w, j, running, -1);
	TALLY(w, j, completed, 1);
	j->state = JOB_COMPLETED;
	j->end = now;
	if (world_defer_completed(w, j) != 0)
		fail_oom(w);
	job_leaves(w, j);
	world_dispatch(w);
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
	j->work_s = j->work_total_s = workload_sample_duration_s(cs);
	j->submit = now;
	j->start = j->end = -1;
	j->power_wait_from = j->release = -1;
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
		if (!world_defer_hold(w, j, now)) {
			scheduler_enqueue(&w->sched, j);
			world_dispatch(w);
		}
	}
	sim_time next = workload_next_arrival(cs, now);
	if (next < w->horizon)
		sim_timer_set(s, w->arrival_timers[class_index], next);
}

/*
 * Bring every meter, the chain and the battery up to now. This is not a
 * pure read: the chain re-derives its sums from the racks (its drift
 * correction, power_chain.c) and the battery advances its state of charge,
 * and both move the draw the grid's cap is solved against by a rounding
 * error, which a binding cap turns into other starts. So it runs at every
 * sample tick whether or not a row is written: output.timeseries and
 * output.jobs never change a run (issue 15; before, they did).
 */
static void world_flush(struct world *w, sim_time now)
{
	facility_flush(&w->fac, now);
	meter_flush(&w->facility_w, now);
	meter_flush(&w->running, now);
	meter_flush(&w->queued, now);
	meter_flush(&w->throttled, now);
	world_cooling_flush(w, now);
	power_chain_flush(&w->chain, now);
	world_grid_flush(w, now);
}

static void on_sample(struct sim *s, void *ctx, uint64_t arg)
{
	(void)arg;
	struct world *w = ctx;
	sim_time now = sim_now(s);
	world_flush(w, now);
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
		world_class_rerate(w, i, 0); /* no job runs yet: sets the rate only */
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
	if (world_cap_init(w) != 0)
		return -1;
	world_battery_init(w);
	if (world_defer_init(w) != 0)
		return -1;
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
	world_cap_fini(w);
	world_defer_fini(w);
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
	if (w->sc->write_jobs && world_defer_record(w) != 0)
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
	if (w.oom || sim_failed(w.sim)) {
		diag_add(d, "%s: out of memory during the run", sc->source);
		goto done;
	}
	sim_time end = w.horizon;
	world_flush(&w, end);
	if (world_sample_row(&w, end) != 0 || record_unfinished(&w) != 0 ||
	    world_fill_kpis(&w) != 0) {
		diag_add(d, "%s: out of memory finishing the run", sc->source);
		goto done;
	}
	if (w.cap_violated) {
		diag_add(d, "%s: grid.capacity_mw: %.3f MW at hour %.2f is below the facility's "
			 "draw with every job stopped (%.3f MW: idle IT, losses and cooling); the "
			 "capacity must cover the idle facility", sc->source,
			 w.cap_w / 1e6, clock_to_h(w.cap_violation_at), w.cap_violation_w / 1e6);
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
