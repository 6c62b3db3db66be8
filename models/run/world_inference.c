/*
 * world_inference.c - inference services: requests arrive, wait in the
 * service's queue, and are served by replicas with continuous batching;
 * the replicas' GPUs draw by their batch occupancy.
 *
 * A service (workload.services[]) starts with `replicas` replicas, each
 * holding gpus_per_replica GPUs of the cluster (placed through the
 * facility like a job, so they are busy GPUs, and training jobs get the
 * rest); with autoscaling, replicas are added and drained between
 * min_replicas and max_replicas (world_inference_scale.c). Requests arrive as a Poisson process whose rate is
 * the mean times the hour's and the day's multipliers (thinning at the
 * highest rate, one stream); prompt and output token counts come from
 * their own streams, drawn for every arrival, dropped or not, so the
 * draws never depend on the serving.
 *
 * Serving: a request goes to the replica with the fewest sequences that
 * has room (below max_batch, and its prompt + output tokens within what
 * the replica's KV cache has left: reserved at admission; ties to the
 * lowest index), else waits in FIFO order; past queue_limit waiting, or
 * longer than a whole KV cache, it is dropped and counted. On a
 * replica each sequence is in prefill (its prompt tokens), then decode
 * (its output tokens less the first, which prefill yields: TTFT is when
 * prefill ends). With b sequences, n of them in prefill, a prefill
 * sequence advances at prefill_tps / n tokens/s (the replica's prefill
 * shared) and a decode sequence at decode_tps(b) (the profile's table),
 * both times the speed the replica's power cap leaves. Rates are
 * constant between the replica's events (a join, a phase end), so
 * progress is exact; the next phase end is scheduled at the tick at or
 * after it. The scan over a replica's sequences is O(batch) per event: a
 * virtual-time heap per phase would make it O(log batch), not needed at
 * the batches of the shipped profiles (64-128).
 *
 * Power: each GPU of a replica draws gpu_power_want_w at a utilization
 * equal to its batch occupancy b / max_batch (the accelerator's power
 * curve: idle with the model loaded and no sequence, TDP at a full
 * batch), plus the host draw a job at that utilization adds; under a cap
 * (the facility-wide schedule, the replica's zone's thermal cap) it draws
 * min(want, cap) and its token rates slow by the throughput curve
 * (gpu_power_under_cap). A cap is read at the replica's own events, so
 * a cap step takes effect at the replica's next join or phase end. The
 * energy of a replica's GPUs is shared equally among its sequences while
 * it holds any, and is idle energy while it holds none: the requests'
 * energy plus the idle energy is the services' GPU energy (checked).
 *
 * This file holds the subsystem's ops (init, fini, meters, the time
 * series: the fleet's columns and each service's, the end-of-run checks); the rest is split by concern, listed in
 * world_inference_int.h.
 *
 * Conservation (checked at the end of every run): requests arrived =
 * served + dropped + waiting + in service, per service.
 */
#include <assert.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_rng.h>

#include "rng.h"
#include "rng_streams.h"
#include "world_inference_int.h"

/* The power distribution (world_power_dist.c): each replica holding GPUs
 * adds its GPUs' last level, up to end. */
void world_inference_gpu_levels(struct world *w, sim_time end)
{
	const struct inference_state *st = infer_state(w);
	for (int i = 0; i < st->n; i++) {
		const struct service *sv = &st->sv[i];
		infer_groups_levels(w, sv, end);
		for (int r = 0; r < sv->n_rep; r++)
			if (sv->rep[r].state != REP_OFF && !sv->rep[r].grp)
				facility_gpu_level(&w->fac, sv->rep[r].gpu_w,
						   sv->spec->perf->gpus_per_replica,
						   sv->rep[r].level_since, end);
	}
}

static int service_init(struct world *w, struct service *sv, size_t index)
{
	const struct scenario *sc = w->sc;
	const struct service_spec *sp = &sc->services[index];
	sv->spec = sp;
	sv->qhead = sv->qtail = -1;
	meter_init(&sv->gpu_w, 0, 0);
	meter_init(&sv->seqs, 0, 0);
	meter_init(&sv->held, 0, 0);
	meter_init(&sv->active, 0, 0);
	meter_init(&sv->waiting, 0, 0);
	if (inference_rates_init(&sv->rates, sp->perf) != 0)
		return -1;
	sv->arrivals = rng_stream_create(sc->seed, sc->replication, rng_stream_inference(index, 0));
	sv->prompts = rng_stream_create(sc->seed, sc->replication, rng_stream_inference(index, 1));
	sv->outputs = rng_stream_create(sc->seed, sc->replication, rng_stream_inference(index, 2));
	int slots = sp->autoscale.on ? sp->autoscale.max_replicas : sp->replicas;
	sv->rep = calloc((size_t)slots, sizeof *sv->rep);
	if (!sv->arrivals || !sv->prompts || !sv->outputs || !sv->rep)
		return -1;
	double hmax = 0, dmax = 0;
	for (int h = 0; h < 24; h++)
		hmax = fmax(hmax, sp->hourly[h]);
	for (int d = 0; d < 7; d++)
		dmax = fmax(dmax, sp->weekday[d]);
	sv->rate_max = sp->rate_per_s * hmax * dmax;
	if (sp->autoscale.on) {
		const struct autoscale_spec *as = &sp->autoscale;
		sv->n_window = 1 + (int)floor(as->scale_down_cooldown_s / as->interval_s);
		sv->window = malloc((size_t)sv->n_window * sizeof *sv->window);
		if (!sv->window)
			return -1;
		for (int i = 0; i < sv->n_window; i++)
			sv->window[i] = sp->replicas;
	}
	for (int k = 0; k < slots; k++) {
		struct replica *rep = &sv->rep[k];
		sv->n_rep++;
		rep->seq = malloc((size_t)sp->max_batch * sizeof *rep->seq);
		if (!rep->seq)
			return -1;
		/* the loader checked the first replicas fit an empty cluster */
		if (k < sp->replicas && infer_rep_start(w, sv, rep, 1, 0) != 0)
			return -1;
	}
	if (sp->autoscale.on) {
		sim_time t = clock_from_s(sp->autoscale.interval_s);
		if (t < w->horizon)
			sim_at(w->sim, t, infer_on_scale, w, index);
	}
	if (sp->mode == SERVICE_AGGREGATE)
		return infer_aggregate_init(w, sv, index);
	sv->timer = sim_timer_add(w->sim, infer_on_arrival, w, index);
	if (sv->timer < 0)
		return -1;
	infer_next_candidate(w, sv, 0);
	return 0;
}

static int inference_init(struct world *w, void *v)
{
	struct inference_state *st = v;
	const struct scenario *sc = w->sc;
	st->free_req = -1;
	if (sc->n_services == 0)
		return 0;
	st->sv = calloc(sc->n_services, sizeof *st->sv);
	if (!st->sv)
		return -1;
	/* the replicas hold GPUs: the failures stop them through the core */
	w->holder = (struct gpu_holder){ st, infer_gpus_on, infer_fail_on, NULL, NULL };
	if (world_has_cap(w)) { /* the replicas are capped with the jobs */
		w->holder.draw_at = infer_draw_at;
		w->holder.recap = infer_recap;
	}
	for (size_t i = 0; i < sc->n_services; i++) {
		st->n++;
		if (service_init(w, &st->sv[i], i) != 0)
			return -1;
	}
	/* the replicas' first settle: their idle hosts and caps */
	for (int i = 0; i < st->n; i++)
		for (int k = 0; k < st->sv[i].n_rep; k++)
			if (st->sv[i].rep[k].state != REP_OFF)
				infer_settle(w, &st->sv[i], &st->sv[i].rep[k], k, 0);
	return sim_failed(w->sim) ? -1 : 0;
}

static void inference_fini(struct world *w, void *v)
{
	(void)w;
	struct inference_state *st = v;
	for (int i = 0; i < st->n; i++) {
		struct service *sv = &st->sv[i];
		inference_rates_fini(&sv->rates);
		if (sv->arrivals)
			gsl_rng_free(sv->arrivals);
		if (sv->prompts)
			gsl_rng_free(sv->prompts);
		if (sv->outputs)
			gsl_rng_free(sv->outputs);
		for (int k = 0; k < sv->n_rep; k++) {
			free(sv->rep[k].seq);
			free(sv->rep[k].place.allocs);
		}
		free(sv->rep);
		free(sv->window);
		free(sv->h_ttft);
		free(sv->h_e2e);
		free(sv->h_tbt);
		free(sv->q_prompt);
		free(sv->q_output);
		free(sv->q_min_sq);
		infer_groups_fini(sv);
		free(sv->ttft.v);
		free(sv->e2e.v);
		free(sv->tbt.v);
	}
	free(st->sv);
	free(st->req);
}

static void inference_mark(struct world *w, void *v, sim_time now)
{
	(void)w;
	struct inference_state *st = v;
	for (int i = 0; i < st->n; i++) {
		meter_mark(&st->sv[i].gpu_w, now);
		meter_mark(&st->sv[i].seqs, now);
		meter_mark(&st->sv[i].held, now);
		meter_mark(&st->sv[i].active, now);
		meter_mark(&st->sv[i].waiting, now);
	}
}

static void inference_flush(struct world *w, void *v, sim_time now)
{
	(void)w;
	struct inference_state *st = v;
	for (int i = 0; i < st->n; i++) {
		struct service *sv = &st->sv[i];
		infer_groups_advance(sv, now);
		for (int k = 0; k < sv->rep_hi; k++)
			if (sv->rep[k].state != REP_OFF)
				infer_advance(st, sv, &sv->rep[k], now);
		meter_flush(&sv->gpu_w, now);
		meter_flush(&sv->seqs, now);
		meter_flush(&sv->held, now);
		meter_flush(&sv->active, now);
		meter_flush(&sv->waiting, now);
	}
}

/* Service sv's columns for the interval of span ticks, from its meters
 * since the last sample (as the fleet's below, one service's share). */
static void service_sample(struct service *sv, double span, struct service_ts_record *out)
{
	double span_s = span / (double)SIM_TICKS_PER_S;
	double slots = sv->active.integral * sv->spec->max_batch;
	out->requests_per_s = (double)(sv->arrived - sv->ts_arrived) / span_s;
	out->replicas = (sv->held.integral - sv->ts_held) / span;
	out->batch_occupancy = slots > sv->ts_slots
				       ? (sv->seqs.integral - sv->ts_seqs) / (slots - sv->ts_slots)
				       : (double)NAN;
	out->gpu_kw = (sv->gpu_w.integral - sv->ts_gpu) / span / 1000.0;
	sv->ts_arrived = sv->arrived;
	sv->ts_gpu = sv->gpu_w.integral;
	sv->ts_seqs = sv->seqs.integral;
	sv->ts_slots = slots;
	sv->ts_held = sv->held.integral;
}

/* The row's per-service records (run_result.h: service_ts), appended in
 * the order of the services; without memory the run fails at its check. */
static void services_sample(struct world *w, struct inference_state *st, double span)
{
	struct run_result *r = w->res;
	size_t n = (size_t)st->n;
	struct service_ts_record *rows = r->service_ts;
	if (r->n_service_ts + n > r->cap_service_ts) {
		size_t cap = r->cap_service_ts ? 2 * r->cap_service_ts : 256 * n;
		rows = realloc(rows, cap * sizeof *rows);
		if (!rows) {
			st->ts_oom = 1;
			return;
		}
		r->service_ts = rows;
		r->cap_service_ts = cap;
	}
	for (size_t i = 0; i < n; i++)
		service_sample(&st->sv[i], span, &rows[r->n_service_ts++]);
}

/* The fleet's columns pool the services' integrals: requests/s, replicas
 * and power are the sums of the services' columns, occupancy their ratio
 * pooled over the serving replicas' slots (tests/test_inference.c). */
static void inference_sample(struct world *w, void *v, double span, struct ts_row *row)
{
	struct inference_state *st = v;
	if (st->n == 0) {
		row->inference_requests_per_s = row->inference_replicas = NAN;
		row->inference_batch_occupancy = row->inference_gpu_kw = NAN;
		return;
	}
	uint64_t arrived = 0;
	double gpu = 0, seqs = 0, slots = 0, held = 0;
	for (int i = 0; i < st->n; i++) {
		const struct service *sv = &st->sv[i];
		arrived += sv->arrived;
		gpu += sv->gpu_w.integral;
		seqs += sv->seqs.integral;
		slots += sv->active.integral * sv->spec->max_batch;
		held += sv->held.integral;
	}
	double span_s = span / (double)SIM_TICKS_PER_S;
	row->inference_requests_per_s = (double)(arrived - st->last_arrived) / span_s;
	row->inference_replicas = (held - st->last_held) / span;
	row->inference_batch_occupancy = slots > st->last_slots
						 ? (seqs - st->last_seqs) / (slots - st->last_slots)
						 : (double)NAN;
	row->inference_gpu_kw = (gpu - st->last_gpu) / span / 1000.0;
	st->last_arrived = arrived;
	st->last_gpu = gpu;
	st->last_seqs = seqs;
	st->last_slots = slots;
	st->last_held = held;
	services_sample(w, st, span);
}

/* GPUs: every busy GPU is a running job's or a replica's, and each
 * replica holding GPUs holds its profile's count (preemption and
 * failures move GPUs between them). */
static int check_gpus(const struct world *w, const struct inference_state *st, struct diag *d)
{
	long jobs = 0, reps = 0;
	int rc = 0;
	for (size_t k = 0; k < w->n_groups; k++)
		for (const struct job *j = w->groups[k].running; j; j = j->run_next)
			jobs += j->gpus;
	for (int i = 0; i < st->n; i++) {
		const struct service *sv = &st->sv[i];
		for (int r = 0; r < sv->n_rep; r++) {
			const struct replica *rep = &sv->rep[r];
			long g = 0;
			for (uint32_t a = 0; rep->state != REP_OFF && a < rep->place.n_allocs; a++)
				g += rep->place.allocs[a].gpus;
			if (g != (rep->state != REP_OFF ? sv->spec->perf->gpus_per_replica : 0))
				rc = -1;
			reps += g;
		}
	}
	if (rc != 0 || (int64_t)(jobs + reps) != w->fac.busy.value) {
		diag_add(d, "%s: conservation broken: busy GPUs %lld != running jobs' %ld + "
			 "replicas' %ld (or a replica holds other than its profile's GPUs)",
			 w->sc->source, (long long)w->fac.busy.value, jobs, reps);
		rc = -1;
	}
	return rc;
}

static int inference_check(struct world *w, void *v, struct diag *d)
{
	struct inference_state *st = v;
	const char *src = w->sc->source;
	int rc = st->n > 0 ? check_gpus(w, st, d) : 0;
	if (st->ts_oom) {
		diag_add(d, "%s: out of memory keeping the services' time series", src);
		rc = -1;
	} else if (st->n > 0 && w->res->n_service_ts != w->res->n_ts * (size_t)st->n) {
		diag_add(d, "%s: conservation broken: %zu per-service time-series records for %zu "
			 "rows of %d services", src, w->res->n_service_ts, w->res->n_ts, st->n);
		rc = -1;
	}
	for (int i = 0; i < st->n; i++) {
		const struct service *sv = &st->sv[i];
		const char *name = sv->spec->name;
		if (sv->arrived != sv->served + sv->dropped + (uint64_t)sv->qlen + sv->backlog +
					   sv->in_service) {
			diag_add(d, "%s: conservation broken: service %s: requests arrived %llu != "
				 "served %llu + dropped %llu + waiting %d + in service %llu", src, name,
				 (unsigned long long)sv->arrived, (unsigned long long)sv->served,
				 (unsigned long long)sv->dropped, sv->qlen,
				 (unsigned long long)sv->in_service);
			rc = -1;
		}
		/* energy: served + in service + idle = the GPUs' meter, J */
		double parts = sv->done_j + sv->grp_idle_j, held = 0;
		for (int k = 0; k < sv->n_rep; k++) {
			const struct replica *rep = &sv->rep[k];
			parts += rep->idle_j;
			held += rep->n;
			for (int a = 0; a < rep->n; a++)
				parts += st->req[rep->seq[a]].energy_j;
		}
		double whole = sv->gpu_w.integral / (double)SIM_TICKS_PER_S;
		char what[160];
		snprintf(what, sizeof what, "service %s: GPU energy != requests' + idle replicas'",
			 name);
		rc |= world_check_sum(d, src, what, whole, parts);
		if (sv->bounds_broken || sv->n_held != (int)sv->held.value ||
		    sv->n_active != (int)sv->active.value) {
			diag_add(d, "%s: conservation broken: service %s: replicas out of [%d, %d] "
				 "or held %d / active %d disagree with their meters", src, name,
				 sv->spec->autoscale.min_replicas, sv->spec->autoscale.max_replicas,
				 sv->n_held, sv->n_active);
			rc = -1;
		}
		if (!sv->agg && (held != (double)sv->in_service || held != sv->seqs.value)) {
			diag_add(d, "%s: conservation broken: service %s: sequences held %g != in "
				 "service %llu", src, name, held, (unsigned long long)sv->in_service);
			rc = -1;
		}
	}
	return rc;
}

const struct run_sub_ops world_inference_ops = {
	.name = "inference",
	.size = sizeof(struct inference_state),
	.init = inference_init,
	.fini = inference_fini,
	.mark = inference_mark,
	.flush = inference_flush,
	.sample = inference_sample,
	.kpis = infer_kpis,
	.check = inference_check,
};
