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
 * the linear curve of power.h while it runs; the facility adds a fixed PUE
 * overhead until the cooling models replace it.
 */
#include "world.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "power.h"
#include "world_int.h"

static void on_job_end(struct sim *s, void *ctx, uint64_t arg);

static void facility_power_changed(struct world *w, sim_time now)
{
	double it = w->fac.it_w.value;
	meter_set(&w->overhead_w, now, it * (w->sc->pue - 1.0));
	meter_set(&w->facility_w, now, it * w->sc->pue);
}

/* Count a job's change of state in the run's tally, and in the measured
 * tally too when it was submitted after warm-up. */
#define TALLY(w, j, field, delta)                                            \
	do {                                                                 \
		(w)->all.field += (uint64_t)(int64_t)(delta);                \
		if ((j)->measured)                                           \
			(w)->measured.field += (uint64_t)(int64_t)(delta);   \
	} while (0)

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
	job_start(j, now, 1.0, j->gpus * power_gpu_w(&w->sc->node.accel, j->utilization));
	facility_load(&w->fac, j, j->utilization, now);
	facility_power_changed(w, now);
	meter_add(&w->queued, now, -1);
	meter_add(&w->running, now, 1);
	TALLY(w, j, queued, -1);
	TALLY(w, j, running, 1);
	if (j->measured && push_wait(w, clock_to_s(now - j->submit)) != 0)
		fail_oom(w);
	j->end_event = sim_at(w->sim, job_end_time(j), on_job_end, w, (uint64_t)(uintptr_t)j);
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
	job_advance(j, now);
	facility_load(&w->fac, j, -j->utilization, now);
	facility_release(&w->fac, j, now);
	facility_power_changed(w, now);
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
	j->utilization = cs->spec->utilization;
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
	meter_mark(&w->overhead_w, now);
	meter_mark(&w->running, now);
	meter_mark(&w->queued, now);
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
	if (!w->sim || !w->samplers || !w->arrival_timers || facility_init(&w->fac, sc, 0) != 0)
		return -1;
	for (size_t i = 0; i < sc->n_classes; i++)
		if (workload_sampler_init(&w->samplers[i], &sc->classes[i], i, sc->seed,
					  sc->replication) != 0)
			return -1;
	meter_init(&w->overhead_w, 0, 0);
	meter_init(&w->facility_w, 0, 0);
	meter_init(&w->running, 0, 0);
	meter_init(&w->queued, 0, 0);
	facility_power_changed(w, 0);
	/* Order matters at tick 0: mark, then samples, then the first arrivals. */
	sim_at(w->sim, w->warmup, on_warmup_end, w, 0);
	if (w->sample_dt < w->horizon)
		sim_at(w->sim, w->sample_dt, on_sample, w, 0);
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
	for (size_t b = 0; b < w->pool.n_blocks; b++) {
		for (size_t i = 0; i < JOB_POOL_BLOCK; i++) {
			struct job *j = &w->pool.blocks[b][i];
			if (j->state != JOB_RUNNING || j->n_allocs == 0)
				continue;
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
	meter_flush(&w.overhead_w, end);
	meter_flush(&w.running, end);
	meter_flush(&w.queued, end);
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
