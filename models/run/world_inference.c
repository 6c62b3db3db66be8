/*
 * world_inference.c - inference services: requests arrive, wait in the
 * service's queue, and are served by replicas with continuous batching;
 * the replicas' GPUs draw by their batch occupancy.
 *
 * A service (workload.services[]) has a fixed number of replicas, each
 * holding gpus_per_replica GPUs of the cluster from the start (placed
 * through the facility like a job, so they are busy GPUs, and training
 * jobs get the rest). Requests arrive as a Poisson process whose rate is
 * the mean times the hour's and the day's multipliers (thinning at the
 * highest rate, one stream); prompt and output token counts come from
 * their own streams, drawn for every arrival, dropped or not, so the
 * draws never depend on the serving.
 *
 * Serving: a request goes to the replica with the fewest sequences that
 * has room (below max_batch; ties to the lowest index), else waits in
 * FIFO order; past queue_limit waiting it is dropped and counted. On a
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
 * Conservation (checked at the end of every run): requests arrived =
 * served + dropped + waiting + in service, per service.
 */
#include <assert.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "grow_array.h"
#include "inference.h"
#include "inference_aggregate.h"
#include "rng.h"
#include "rng_streams.h"
#include "run_core.h"

enum { PREFILL, DECODE };
/* A replica slot: holding no GPUs, loading its model, serving, or serving
 * its last sequences before it gives its GPUs back. */
enum { REP_OFF, REP_LOADING, REP_ACTIVE, REP_DRAINING };

struct request {
	sim_time arrive, first;
	double prompt, output; /* tokens */
	double left;           /* tokens left in its phase */
	double energy_j;       /* its share of its replica's GPU energy */
	int phase;
	int measured;          /* arrived after warm-up */
	int next;              /* queue link, or free list */
	uint64_t id;           /* arrival order in its service */
};

struct replica {
	int state;
	struct job place;      /* its GPUs, as placed (allocs only) */
	int *seq;              /* the requests it holds */
	int n, n_prefill;
	int dirty;             /* its set changed: settle its power and end event */
	sim_time last;         /* progress and energy are up to here */
	event_id ev;
	int has_ev;
	double gpu_w, host_w;  /* per GPU, now */
	sim_time level_since;  /* gpu_w since (the power distribution's entry) */
	double speed;
	double idle_j;         /* GPU energy while it held no sequence */
};

/* growing arrays of the measured served requests' latencies */
struct samples {
	double *v;
	size_t n, cap;
};

struct service {
	const struct service_spec *spec;
	struct inference_rates rates;
	gsl_rng *arrivals, *prompts, *outputs;
	double rate_max;       /* per s, the thinning bound */
	int timer;
	size_t next_row;       /* trace: the next request's row */
	struct replica *rep;
	int n_rep;
	int qhead, qtail, qlen;
	struct meter gpu_w;    /* its replicas' GPUs, W */
	struct meter seqs;     /* sequences held */
	struct meter held;     /* replicas holding GPUs (loading, active, draining) */
	struct meter active;   /* replicas taking requests */
	struct meter waiting;  /* requests in the queue */
	int n_active, n_loading, n_held;
	/* the autoscaler: its integrals at its last decision, since when the
	 * load has called for fewer replicas (-1: it does not), its counts */
	double as_seqs, as_waiting, as_active;
	int *window;           /* its recommendations over the last cool-down */
	int n_window, window_at;
	uint64_t scale_ups_w, scale_blocked_w, scale_downs_w;
	int bounds_broken;
	/* the aggregate mode: the batch of each serving replica, requests (and
	 * their tokens) carried to the next step, the fraction of a request of
	 * capacity carried, the latency histograms of the window, and the
	 * token quantiles its latency points are taken at */
	int agg;
	double agg_b;
	uint64_t backlog;
	double backlog_in, backlog_out, carry;
	struct latency_hist *h_ttft, *h_e2e, *h_tbt;
	double slo_met_wd;
	double *q_prompt, *q_output;
	uint64_t arrived, served, dropped, in_service; /* the whole run */
	uint64_t arrived_w, served_w, dropped_w, slo_met_w; /* the window */
	double tokens_in_w, tokens_out_w;
	double done_j;         /* energy of the requests served */
	struct samples ttft, e2e, tbt;
};

struct inference_state {
	int n;
	struct service *sv;
	struct request *req;   /* the pool */
	int n_req, cap_req, free_req;
	uint64_t last_arrived; /* for the time series */
	double last_gpu, last_seqs, last_slots, last_held;
};

static struct inference_state *state_of(struct world *w)
{
	return w->sub[RUN_SUB_INFERENCE];
}

static void on_arrival(struct sim *s, void *ctx, uint64_t arg);

/* The power distribution (world_power_dist.c): each replica holding GPUs
 * adds its GPUs' last level, up to end. */
void world_inference_gpu_levels(struct world *w, sim_time end)
{
	const struct inference_state *st = state_of(w);
	for (int i = 0; i < st->n; i++) {
		const struct service *sv = &st->sv[i];
		for (int r = 0; r < sv->n_rep; r++)
			if (sv->rep[r].state != REP_OFF)
				facility_gpu_level(&w->fac, sv->rep[r].gpu_w,
						   sv->spec->perf->gpus_per_replica,
						   sv->rep[r].level_since, end);
	}
}
static void on_replica(struct sim *s, void *ctx, uint64_t arg);
static int record_request(struct world *w, const struct service *sv, const struct request *r,
			  enum request_state state, sim_time now);

static int samples_push(struct samples *s, double v)
{
	if (s->n == s->cap) {
		size_t cap = s->cap ? 2 * s->cap : 1024;
		double *p = realloc(s->v, cap * sizeof *p);
		if (!p)
			return -1;
		s->v = p;
		s->cap = cap;
	}
	s->v[s->n++] = v;
	return 0;
}

static int request_get(struct inference_state *st)
{
	if (st->free_req >= 0) {
		int i = st->free_req;
		st->free_req = st->req[i].next;
		return i;
	}
	if (st->n_req == st->cap_req) {
		int cap = st->cap_req ? 2 * st->cap_req : 1024;
		struct request *p = realloc(st->req, (size_t)cap * sizeof *p);
		if (!p)
			return -1;
		st->req = p;
		st->cap_req = cap;
	}
	return st->n_req++;
}

static void request_put(struct inference_state *st, int i)
{
	st->req[i].next = st->free_req;
	st->free_req = i;
}

/* The request rate at t, per s. */
static double rate_at(const struct service_spec *s, sim_time t)
{
	double h = clock_to_h(t);
	long hour = (long)floor(h);
	return s->rate_per_s * s->hourly[hour % 24] * s->weekday[(hour / 24) % 7];
}

/* The next arrival of a trace (its row's time), or of the thinned
 * Poisson process's candidates. */
static void next_candidate(struct world *w, struct service *sv, sim_time now)
{
	const struct request_trace *tr = sv->spec->trace;
	if (sv->spec->arrivals == SERVICE_TRACE) {
		if (sv->next_row >= tr->n || !(tr->t_s[sv->next_row] < clock_to_s(w->horizon)))
			return;
		sim_time t = clock_from_s(tr->t_s[sv->next_row]);
		if (t < w->horizon)
			sim_timer_set(w->sim, sv->timer, t < now ? now : t);
		return;
	}
	if (!(sv->rate_max > 0))
		return;
	double dt = gsl_ran_exponential(sv->arrivals, 1.0 / sv->rate_max);
	if (!(dt < clock_to_s(w->horizon - now)))
		return;
	sim_time t = now + clock_from_s(dt);
	if (t < w->horizon)
		sim_timer_set(w->sim, sv->timer, t);
}

static double draw_tokens(gsl_rng *r, enum service_tokens kind, double mean, double sigma)
{
	double x;
	switch (kind) {
	case TOKENS_EXPONENTIAL:
		return (double)gsl_ran_geometric(r, 1.0 / mean); /* on 1, 2, ..., mean `mean` */
	case TOKENS_CONSTANT:
		x = mean;
		break;
	default:
		x = gsl_ran_lognormal(r, log(mean) - sigma * sigma / 2.0, sigma);
		break;
	}
	x = round(x);
	return x < 1 ? 1 : x;
}

/* Per-token rate of sequence r on rep now, tokens/s. */
static double rate_of(const struct service *sv, const struct replica *rep, const struct request *r)
{
	if (r->phase == PREFILL)
		return rep->speed * sv->spec->perf->prefill_tps / rep->n_prefill;
	return rep->speed * inference_decode_tps(&sv->rates, rep->n);
}

/* Progress and energy of rep's sequences up to now (rates held since). */
static void advance(struct inference_state *st, struct service *sv, struct replica *rep,
		    sim_time now)
{
	double dt = clock_to_s(now - rep->last);
	rep->last = now;
	if (dt <= 0)
		return;
	double e = rep->gpu_w * sv->spec->perf->gpus_per_replica * dt;
	if (sv->agg) { /* the mean batch's requests, or idle */
		if (rep->state == REP_ACTIVE && sv->agg_b > 0)
			sv->done_j += e;
		else
			rep->idle_j += e;
		return;
	}
	if (rep->n == 0) {
		rep->idle_j += e;
		return;
	}
	for (int i = 0; i < rep->n; i++) {
		struct request *r = &st->req[rep->seq[i]];
		r->left -= rate_of(sv, rep, r) * dt;
		r->energy_j += e / rep->n;
	}
}

/* The tightest cap on rep's GPUs now: the facility's, its zones' thermal. */
static double cap_of(const struct world *w, const struct replica *rep)
{
	double cap = w->facility_cap_w;
	for (uint32_t i = 0; i < rep->place.n_allocs; i++) {
		int rack = (int)rep->place.allocs[i].node / w->fac.nodes_per_rack;
		cap = gpu_power_cap_min(cap, w->zone_cap_w[w->fac.rack_zone[rack]], 0);
	}
	return cap;
}

/* rep's GPUs draw `draw` and its hosts `host` from now (per GPU, W): the
 * facility's and the service's meters, the power distribution, the chain
 * (the caller settles the facility). */
static void move_draw(struct world *w, struct service *sv, struct replica *rep, double draw,
		      double host, sim_time now)
{
	const int gpr = sv->spec->perf->gpus_per_replica;
	facility_load(&w->fac, &rep->place, draw - rep->gpu_w, host - rep->host_w, now);
	meter_add(&sv->gpu_w, now, (draw - rep->gpu_w) * gpr);
	facility_gpu_level(&w->fac, rep->gpu_w, gpr, rep->level_since, now);
	rep->level_since = now;
	rep->gpu_w = draw;
	rep->host_w = host;
	if (w->chain.n_levels > 0) {
		for (uint32_t i = 0; i < rep->place.n_allocs; i++) {
			int rack = (int)rep->place.allocs[i].node / w->fac.nodes_per_rack;
			power_chain_rack(&w->chain, rack, facility_rack_w(&w->fac, rack));
		}
	}
}

/* rep's draw for its batch now, and its next phase end (advanced to now). */
static void settle(struct world *w, struct service *sv, struct replica *rep, int idx,
		   sim_time now)
{
	struct inference_state *st = state_of(w);
	double u = (double)rep->n / sv->spec->max_batch;
	double want = gpu_power_want_w(&w->gpu, u), draw, speed;
	gpu_power_under_cap(&w->gpu, want, cap_of(w, rep), &draw, &speed);
	double host = facility_host_w(&w->fac, u);
	rep->dirty = 0;
	rep->speed = speed;
	if (draw != rep->gpu_w || host != rep->host_w) {
		move_draw(w, sv, rep, draw, host, now);
		world_power_changed(w, now);
	}
	if (rep->has_ev)
		sim_cancel(w->sim, rep->ev);
	rep->has_ev = 0;
	double soonest = INFINITY;
	for (int i = 0; i < rep->n; i++) {
		const struct request *r = &st->req[rep->seq[i]];
		double t = r->left / rate_of(sv, rep, r);
		if (t < soonest)
			soonest = t;
	}
	if (!(soonest < clock_to_s(w->horizon - now)))
		return;
	sim_time dt = (sim_time)ceil(soonest * (double)SIM_TICKS_PER_S);
	sim_time t = now + (dt < 1 ? 1 : dt);
	if (t >= w->horizon)
		return;
	uint64_t arg = (uint64_t)(sv - st->sv) << 32 | (uint32_t)idx;
	rep->ev = sim_at(w->sim, t, on_replica, w, arg);
	rep->has_ev = 1;
}

/* The replica with the fewest sequences and room, or -1. */
static int pick_replica(const struct service *sv)
{
	int best = -1;
	for (int k = 0; k < sv->n_rep; k++)
		if (sv->rep[k].state == REP_ACTIVE && sv->rep[k].n < sv->spec->max_batch &&
		    (best < 0 || sv->rep[k].n < sv->rep[best].n))
			best = k;
	return best;
}

/* Start waiting requests while a replica has room, then settle the
 * replicas whose batch changed. */
static void dispatch(struct world *w, struct service *sv, sim_time now)
{
	struct inference_state *st = state_of(w);
	int k;
	while (sv->qlen > 0 && (k = pick_replica(sv)) >= 0) {
		int i = sv->qhead;
		sv->qhead = st->req[i].next;
		if (--sv->qlen == 0)
			sv->qtail = -1;
		meter_add(&sv->waiting, now, -1);
		struct replica *rep = &sv->rep[k];
		advance(st, sv, rep, now);
		st->req[i].phase = PREFILL;
		st->req[i].left = st->req[i].prompt;
		rep->seq[rep->n++] = i;
		rep->n_prefill++;
		rep->dirty = 1;
		sv->in_service++;
		meter_add(&sv->seqs, now, 1);
	}
	for (k = 0; k < sv->n_rep; k++)
		if (sv->rep[k].dirty)
			settle(w, sv, &sv->rep[k], k, now);
}

static void rep_count(struct service *sv, int state, int sign, sim_time now)
{
	if (state == REP_ACTIVE) {
		sv->n_active += sign;
		meter_add(&sv->active, now, sign);
	} else if (state == REP_LOADING) {
		sv->n_loading += sign;
	}
}

/* rep takes GPUs from the cluster now (first fit, like a job) and loads
 * its model, or serves at once (ready: the replicas of the start). 0, 1
 * no room, -1 out of memory. */
static int rep_start(struct world *w, struct service *sv, struct replica *rep, int ready,
		     sim_time now)
{
	const int gpr = sv->spec->perf->gpus_per_replica;
	int rc = facility_place(&w->fac, &rep->place, gpr, now);
	if (rc != 0)
		return rc;
	rep->state = ready ? REP_ACTIVE : REP_LOADING;
	rep->n = rep->n_prefill = 0;
	rep->last = now;
	rep->gpu_w = w->gpu.idle_w; /* its GPUs' idle draw is the service's now */
	rep->level_since = now;
	rep->host_w = 0;
	rep->speed = 1.0;
	meter_add(&sv->gpu_w, now, w->gpu.idle_w * gpr);
	meter_add(&sv->held, now, 1);
	sv->n_held++;
	rep_count(sv, rep->state, +1, now);
	return 0;
}

/* rep (empty) gives its GPUs back: their idle draw leaves the service,
 * and the cluster's jobs may take them. */
static void rep_stop(struct world *w, struct service *sv, struct replica *rep, sim_time now)
{
	struct inference_state *st = state_of(w);
	const int gpr = sv->spec->perf->gpus_per_replica;
	assert(rep->n == 0 && rep->state != REP_OFF);
	advance(st, sv, rep, now);
	if (rep->has_ev)
		sim_cancel(w->sim, rep->ev);
	rep->has_ev = 0;
	facility_load(&w->fac, &rep->place, w->gpu.idle_w - rep->gpu_w, -rep->host_w, now);
	if (w->chain.n_levels > 0) {
		for (uint32_t i = 0; i < rep->place.n_allocs; i++) {
			int rack = (int)rep->place.allocs[i].node / w->fac.nodes_per_rack;
			power_chain_rack(&w->chain, rack, facility_rack_w(&w->fac, rack));
		}
	}
	meter_add(&sv->gpu_w, now, -rep->gpu_w * gpr);
	facility_gpu_level(&w->fac, rep->gpu_w, gpr, rep->level_since, now);
	meter_add(&sv->held, now, -1);
	sv->n_held--;
	rep_count(sv, rep->state, -1, now);
	rep->state = REP_OFF;
	rep->gpu_w = rep->host_w = 0;
	facility_release(&w->fac, &rep->place, now);
	world_power_changed(w, now);
	world_dispatch(w); /* the freed GPUs, for the queued jobs */
}

static void on_loaded(struct sim *s, void *ctx, uint64_t arg)
{
	struct world *w = ctx;
	struct inference_state *st = state_of(w);
	struct service *sv = &st->sv[arg >> 32];
	struct replica *rep = &sv->rep[(uint32_t)arg];
	sim_time now = sim_now(s);
	assert(rep->state == REP_LOADING);
	rep_count(sv, REP_LOADING, -1, now);
	rep->state = REP_ACTIVE;
	rep_count(sv, REP_ACTIVE, +1, now);
	dispatch(w, sv, now);
}

/*
 * Replicas for the load of the last interval, by Kubernetes' horizontal
 * autoscaler's rule: a recommendation ceil(active x observed / target)
 * within [min, max], none while observed / target is within the
 * tolerance; up at once, down only to the highest recommendation of the
 * last cool-down (HPA's stabilization window), so one quiet interval
 * does not drain a replica the next busy one needs.
 */
static int desired_replicas(struct service *sv)
{
	const struct autoscale_spec *as = &sv->spec->autoscale;
	double seqs = sv->seqs.integral, wait = sv->waiting.integral, act = sv->active.integral;
	double slots = (act - sv->as_active) * sv->spec->max_batch;
	double load = (seqs - sv->as_seqs) + (wait - sv->as_waiting);
	sv->as_seqs = seqs;
	sv->as_waiting = wait;
	sv->as_active = act;
	int cur = sv->n_active;
	double ratio = slots > 0 ? load / slots / as->target_utilization : (load > 0 ? 2.0 : 1.0);
	int want = cur;
	if (fabs(ratio - 1.0) > as->tolerance)
		want = (int)ceil(cur * ratio - 1e-9);
	if (cur == 0 && load > 0 && want < 1)
		want = 1;
	if (want < as->min_replicas)
		want = as->min_replicas;
	if (want > as->max_replicas)
		want = as->max_replicas;
	sv->window[sv->window_at] = want;
	sv->window_at = (sv->window_at + 1) % sv->n_window;
	if (want >= cur)
		return want;
	int keep = want;
	for (int i = 0; i < sv->n_window; i++)
		keep = sv->window[i] > keep ? sv->window[i] : keep;
	return keep < cur ? keep : cur;
}

/* The least loaded serving replica (the last of equals), or -1. */
static int pick_drain(const struct service *sv)
{
	int best = -1;
	for (int k = 0; k < sv->n_rep; k++)
		if (sv->rep[k].state == REP_ACTIVE && (best < 0 || sv->rep[k].n <= sv->rep[best].n))
			best = k;
	return best;
}

static void on_scale(struct sim *s, void *ctx, uint64_t arg)
{
	struct world *w = ctx;
	struct inference_state *st = state_of(w);
	struct service *sv = &st->sv[arg];
	const struct autoscale_spec *as = &sv->spec->autoscale;
	sim_time now = sim_now(s);
	int measured = now >= w->warmup;
	meter_flush(&sv->seqs, now);
	meter_flush(&sv->waiting, now);
	meter_flush(&sv->active, now);
	int want = desired_replicas(sv);
	/* up: new replicas for what neither the active nor the loading cover */
	for (int k = 0; k < sv->n_rep && sv->n_active + sv->n_loading < want; k++) {
		struct replica *rep = &sv->rep[k];
		if (rep->state != REP_OFF)
			continue;
		int rc = rep_start(w, sv, rep, 0, now);
		if (rc < 0) {
			world_fail_oom(w);
			return;
		}
		if (rc > 0) { /* the cluster's GPUs are taken: try at the next decision */
			sv->scale_blocked_w += (uint64_t)measured;
			break;
		}
		sv->scale_ups_w += (uint64_t)measured;
		uint64_t a = (uint64_t)arg << 32 | (uint32_t)k;
		sim_time t = now + clock_from_s(as->scale_up_delay_s);
		if (t < w->horizon)
			sim_at(w->sim, t, on_loaded, w, a);
	}
	/* down: drain the least loaded; it leaves when its last sequence does */
	while (sv->n_active > want) {
		int k = pick_drain(sv);
		struct replica *rep = &sv->rep[k];
		rep_count(sv, REP_ACTIVE, -1, now);
		rep->state = REP_DRAINING;
		sv->scale_downs_w += (uint64_t)measured;
		if (rep->n == 0)
			rep_stop(w, sv, rep, now);
	}
	if (sv->n_held > as->max_replicas || sv->n_active + sv->n_loading < as->min_replicas)
		sv->bounds_broken = 1;
	sim_time next = now + clock_from_s(as->interval_s);
	if (next < w->horizon)
		sim_at(w->sim, next, on_scale, w, arg);
}

static void on_arrival(struct sim *s, void *ctx, uint64_t arg)
{
	struct world *w = ctx;
	struct inference_state *st = state_of(w);
	struct service *sv = &st->sv[arg];
	const struct service_spec *sp = sv->spec;
	sim_time now = sim_now(s);
	double prompt, output;
	if (sp->arrivals == SERVICE_TRACE) {
		prompt = sp->trace->prompt[sv->next_row];
		output = sp->trace->output[sv->next_row];
		sv->next_row++;
		next_candidate(w, sv, now);
	} else {
		/* thinning: the candidate is an arrival with probability rate / max */
		int real = gsl_rng_uniform(sv->arrivals) * sv->rate_max < rate_at(sp, now);
		next_candidate(w, sv, now);
		if (!real)
			return;
		/* always both, in this order: the streams never depend on the serving */
		prompt = draw_tokens(sv->prompts, sp->tokens, sp->prompt_tokens_mean,
				     sp->prompt_tokens_sigma);
		output = draw_tokens(sv->outputs, sp->tokens, sp->output_tokens_mean,
				     sp->output_tokens_sigma);
	}
	int measured = now >= w->warmup;
	uint64_t id = sv->arrived++;
	sv->arrived_w += (uint64_t)measured;
	if (sp->queue_limit > 0 && sv->qlen >= sp->queue_limit) {
		sv->dropped++;
		sv->dropped_w += (uint64_t)measured;
		if (w->sc->write_requests) {
			struct request gone = { .arrive = now, .first = -1, .prompt = prompt,
						.output = output, .measured = measured, .id = id };
			if (record_request(w, sv, &gone, REQUEST_DROPPED, now) != 0)
				world_fail_oom(w);
		}
		return;
	}
	int i = request_get(st);
	if (i < 0) {
		world_fail_oom(w);
		return;
	}
	struct request *r = &st->req[i];
	memset(r, 0, sizeof *r);
	r->arrive = now;
	r->first = -1;
	r->prompt = prompt;
	r->output = output;
	r->measured = measured;
	r->id = id;
	r->next = -1;
	if (sv->qtail >= 0)
		st->req[sv->qtail].next = i;
	else
		sv->qhead = i;
	sv->qtail = i;
	sv->qlen++;
	meter_add(&sv->waiting, now, 1);
	dispatch(w, sv, now);
}

/* r's row in the request log (with output.requests; never state). */
static int record_request(struct world *w, const struct service *sv, const struct request *r,
			  enum request_state state, sim_time now)
{
	struct run_result *res = w->res;
	struct request_record *p = grow_array(res->requests, res->n_requests, &res->cap_requests,
					      sizeof *p, 4096);
	if (!p)
		return -1;
	res->requests = p;
	struct request_record *rec = &res->requests[res->n_requests++];
	memset(rec, 0, sizeof *rec); /* padding too: records compare bytewise */
	rec->service = (uint32_t)(sv - state_of(w)->sv);
	rec->request_id = r->id;
	rec->state = (uint8_t)state;
	rec->measured = r->measured;
	rec->arrive_s = clock_to_s(r->arrive);
	rec->prompt_tokens = r->prompt;
	rec->output_tokens = r->output;
	rec->first_token_s = r->first >= 0 ? clock_to_s(r->first) : -1;
	rec->end_s = state == REQUEST_SERVED ? clock_to_s(now) : -1;
	rec->ttft_s = r->first >= 0 ? clock_to_s(r->first - r->arrive) : -1;
	rec->e2e_s = state == REQUEST_SERVED ? clock_to_s(now - r->arrive) : -1;
	rec->energy_wh = r->energy_j / 3600.0;
	return 0;
}

/* Request i leaves rep served at now. */
static int served(struct world *w, struct service *sv, int i, sim_time now)
{
	struct inference_state *st = state_of(w);
	const struct service_spec *sp = sv->spec;
	struct request *r = &st->req[i];
	sv->served++;
	sv->in_service--;
	sv->done_j += r->energy_j;
	meter_add(&sv->seqs, now, -1);
	int rc = 0;
	if (r->measured) {
		double ttft = clock_to_s(r->first - r->arrive), e2e = clock_to_s(now - r->arrive);
		double tbt = r->output > 1 ? clock_to_s(now - r->first) / (r->output - 1) : 0;
		sv->served_w++;
		sv->tokens_in_w += r->prompt;
		sv->tokens_out_w += r->output;
		if ((!(sp->slo_ttft_s > 0) || ttft <= sp->slo_ttft_s) &&
		    (!(sp->slo_tbt_s > 0) || tbt <= sp->slo_tbt_s) &&
		    (!(sp->slo_e2e_s > 0) || e2e <= sp->slo_e2e_s))
			sv->slo_met_w++;
		rc |= samples_push(&sv->ttft, ttft) | samples_push(&sv->e2e, e2e);
		if (r->output > 1)
			rc |= samples_push(&sv->tbt, tbt);
	}
	if (w->sc->write_requests)
		rc |= record_request(w, sv, r, REQUEST_SERVED, now);
	request_put(st, i);
	return rc;
}

/* Tokens within rounding of a phase's end count as at it. */
#define TOKEN_EPS 1e-6

static void on_replica(struct sim *s, void *ctx, uint64_t arg)
{
	struct world *w = ctx;
	struct inference_state *st = state_of(w);
	struct service *sv = &st->sv[arg >> 32];
	int k = (int)(uint32_t)arg;
	struct replica *rep = &sv->rep[k];
	sim_time now = sim_now(s);
	rep->has_ev = 0;
	advance(st, sv, rep, now);
	for (int a = 0; a < rep->n;) {
		int i = rep->seq[a];
		struct request *r = &st->req[i];
		if (r->left > TOKEN_EPS) {
			a++;
			continue;
		}
		if (r->phase == PREFILL) {
			r->phase = DECODE;
			r->first = now;
			r->left = r->output - 1;
			rep->n_prefill--;
			if (r->left > TOKEN_EPS) {
				a++;
				continue;
			}
		}
		rep->seq[a] = rep->seq[--rep->n]; /* (the moved one is looked at next) */
		if (served(w, sv, i, now) != 0)
			world_fail_oom(w);
	}
	if (rep->state == REP_DRAINING && rep->n == 0) {
		rep_stop(w, sv, rep, now);
		dispatch(w, sv, now);
		return;
	}
	rep->dirty = 1;
	dispatch(w, sv, now);
}


/* ---- the aggregate mode ---- */

#define AGG_POINTS 200 /* latency points per step, at these token quantiles */

/* The token count at probability p of the service's distribution. */
static double token_quantile(enum service_tokens kind, double mean, double sigma, double p)
{
	switch (kind) {
	case TOKENS_EXPONENTIAL: /* geometric on 1, 2, ...: P(X <= k) = 1 - (1 - 1/m)^k */
		return mean > 1 ? fmax(1.0, ceil(log1p(-p) / log1p(-1.0 / mean))) : 1.0;
	case TOKENS_CONSTANT:
		return fmax(1.0, round(mean));
	default:
		return fmax(1.0, round(gsl_cdf_lognormal_Pinv(p, log(mean) - sigma * sigma / 2.0,
							      sigma)));
	}
}

/* rep's GPUs at utilization u now (no settle: the caller settles once). */
static void set_draw(struct world *w, struct service *sv, struct replica *rep, double u,
		     sim_time now)
{
	double want = gpu_power_want_w(&w->gpu, u), draw, speed;
	gpu_power_under_cap(&w->gpu, want, cap_of(w, rep), &draw, &speed);
	double host = facility_host_w(&w->fac, u);
	rep->speed = speed;
	if (draw == rep->gpu_w && host == rep->host_w)
		return;
	advance(state_of(w), sv, rep, now);
	move_draw(w, sv, rep, draw, host, now);
}

/* One latency point of weight wt: TTFT, end to end, and its targets. */
static void agg_point(struct service *sv, double ttft, double e2e, double tbt, double wt)
{
	const struct service_spec *sp = sv->spec;
	latency_hist_add(sv->h_ttft, ttft, wt);
	latency_hist_add(sv->h_e2e, e2e, wt);
	if ((!(sp->slo_ttft_s > 0) || ttft <= sp->slo_ttft_s) &&
	    (!(sp->slo_tbt_s > 0) || tbt <= sp->slo_tbt_s) &&
	    (!(sp->slo_e2e_s > 0) || e2e <= sp->slo_e2e_s))
		sv->slo_met_wd += wt;
}

/* The step's requests: the trace's rows in [now, end), or a Poisson draw
 * of the rate's integral; their token sums. */
static uint64_t agg_arrivals(struct world *w, struct service *sv, sim_time now, sim_time end,
			     size_t *row0, double *in, double *out)
{
	(void)w;
	const struct service_spec *sp = sv->spec;
	*row0 = sv->next_row;
	*in = *out = 0;
	if (sp->arrivals == SERVICE_TRACE) {
		const struct request_trace *tr = sp->trace;
		uint64_t a = 0;
		while (sv->next_row < tr->n && clock_from_s(tr->t_s[sv->next_row]) < end) {
			*in += tr->prompt[sv->next_row];
			*out += tr->output[sv->next_row];
			sv->next_row++;
			a++;
		}
		return a;
	}
	double mean = rate_at(sp, now) * clock_to_s(end - now);
	uint64_t a = mean > 0 ? gsl_ran_poisson(sv->arrivals, mean) : 0;
	*in = (double)a * sp->prompt_tokens_mean;
	*out = (double)a * sp->output_tokens_mean;
	return a;
}

static void on_step(struct sim *s, void *ctx, uint64_t arg)
{
	struct world *w = ctx;
	struct inference_state *st = state_of(w);
	struct service *sv = &st->sv[arg];
	const struct service_spec *sp = sv->spec;
	sim_time now = sim_now(s), end = now + clock_from_s(sp->step_s);
	if (end > w->horizon)
		end = w->horizon;
	double span = clock_to_s(end - now);
	int measured = now >= w->warmup;
	size_t row0;
	double in, out;
	uint64_t a = agg_arrivals(w, sv, now, end, &row0, &in, &out);
	sv->arrived += a;
	sv->arrived_w += measured ? a : 0;
	uint64_t d = sv->backlog + a;
	double d_in = sv->backlog_in + in, d_out = sv->backlog_out + out;
	int n = sv->n_active;
	struct aggregate_point pt = { 0 };
	uint64_t served = 0;
	if (n > 0 && d > 0) {
		double prompt = d_in / d, output = d_out / d, speed = 1.0;
		struct replica *first = NULL;
		for (int k = 0; k < sv->n_rep && !first; k++)
			if (sv->rep[k].state == REP_ACTIVE)
				first = &sv->rep[k];
		/* the batch sets the draw, the draw under a cap the speed: a few rounds */
		for (int it = 0; it < 4; it++) {
			inference_aggregate_solve(&sv->rates, sp->max_batch, (double)d / span / n,
						  prompt, output, speed, &pt);
			double want = gpu_power_want_w(&w->gpu, pt.batch / sp->max_batch), draw;
			gpu_power_under_cap(&w->gpu, want, cap_of(w, first), &draw, &speed);
		}
		double cap = pt.served_ps * n * span + sv->carry;
		served = pt.saturated ? (uint64_t)fmin((double)d, floor(cap)) : d;
		sv->carry = pt.saturated ? cap - (double)served : 0;
	}
	uint64_t left = d - served, old = sv->backlog;
	uint64_t dropped = sp->queue_limit > 0 && left > (uint64_t)sp->queue_limit
				   ? left - (uint64_t)sp->queue_limit : 0;
	double share = d ? (double)served / (double)d : 0, keep = d ? (double)(left - dropped) / (double)d : 0;
	sv->served += served;
	sv->dropped += dropped;
	sv->backlog = left - dropped;
	if (measured) {
		sv->served_w += served;
		sv->dropped_w += dropped;
		sv->tokens_in_w += share * d_in;
		sv->tokens_out_w += share * d_out;
	}
	sv->backlog_in = keep * d_in;
	sv->backlog_out = keep * d_out;
	/* latency of the step's served: the fluid queue's mean wait, then
	 * prefill and decode at the step's batch */
	if (measured && served > 0) {
		double wait = old + sv->backlog > 0 ? 0.5 * (double)(old + sv->backlog) /
							      ((double)served / span) : 0;
		latency_hist_add(sv->h_tbt, pt.tpot_s, (double)served);
		if (sp->arrivals == SERVICE_TRACE) {
			const struct request_trace *tr = sp->trace;
			for (size_t j = row0; j < sv->next_row; j++) {
				double ttft = wait + tr->prompt[j] * pt.pre_scale;
				double e2e = ttft + fmax(0, tr->output[j] - 1) * pt.tpot_s;
				agg_point(sv, ttft, e2e, pt.tpot_s, (double)served / (double)(sv->next_row - row0 ? sv->next_row - row0 : 1));
			}
			if (sv->next_row == row0) /* backlog only */
				agg_point(sv, wait + pt.t_pre_s, wait + pt.t_pre_s +
					  fmax(0, d_out / d - 1) * pt.tpot_s, pt.tpot_s, (double)served);
		} else {
			double wt = (double)served / AGG_POINTS;
			for (int k = 0; k < AGG_POINTS; k++) {
				double ttft = wait + sv->q_prompt[k] * pt.pre_scale;
				double e2e = wait + pt.t_pre_s + (sv->q_output[k] - 1) * pt.tpot_s;
				agg_point(sv, ttft, e2e, pt.tpot_s, wt);
			}
		}
	}
	/* power and meters for the step */
	sv->agg_b = n > 0 && served > 0 ? pt.batch : 0;
	for (int k = 0; k < sv->n_rep; k++)
		if (sv->rep[k].state == REP_ACTIVE)
			set_draw(w, sv, &sv->rep[k], sv->agg_b / sp->max_batch, now);
	meter_set(&sv->seqs, now, sv->agg_b * n);
	meter_set(&sv->waiting, now, (double)sv->backlog);
	world_power_changed(w, now);
	if (end < w->horizon)
		sim_at(w->sim, end, on_step, w, arg);
}

static int aggregate_init(struct world *w, struct service *sv, size_t index)
{
	const struct service_spec *sp = sv->spec;
	sv->agg = 1;
	sv->h_ttft = calloc(1, sizeof *sv->h_ttft);
	sv->h_e2e = calloc(1, sizeof *sv->h_e2e);
	sv->h_tbt = calloc(1, sizeof *sv->h_tbt);
	sv->q_prompt = malloc(AGG_POINTS * sizeof *sv->q_prompt);
	sv->q_output = malloc(AGG_POINTS * sizeof *sv->q_output);
	if (!sv->h_ttft || !sv->h_e2e || !sv->h_tbt || !sv->q_prompt || !sv->q_output)
		return -1;
	for (int k = 0; k < AGG_POINTS; k++) {
		double p = (k + 0.5) / AGG_POINTS;
		sv->q_prompt[k] = token_quantile(sp->tokens, sp->prompt_tokens_mean,
						 sp->prompt_tokens_sigma, p);
		sv->q_output[k] = token_quantile(sp->tokens, sp->output_tokens_mean,
						 sp->output_tokens_sigma, p);
	}
	sim_at(w->sim, 0, on_step, w, index);
	return sim_failed(w->sim) ? -1 : 0;
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
		if (k < sp->replicas && rep_start(w, sv, rep, 1, 0) != 0)
			return -1;
	}
	if (sp->autoscale.on) {
		sim_time t = clock_from_s(sp->autoscale.interval_s);
		if (t < w->horizon)
			sim_at(w->sim, t, on_scale, w, index);
	}
	if (sp->mode == SERVICE_AGGREGATE)
		return aggregate_init(w, sv, index);
	sv->timer = sim_timer_add(w->sim, on_arrival, w, index);
	if (sv->timer < 0)
		return -1;
	next_candidate(w, sv, 0);
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
	for (size_t i = 0; i < sc->n_services; i++) {
		st->n++;
		if (service_init(w, &st->sv[i], i) != 0)
			return -1;
	}
	/* the replicas' first settle: their idle hosts and caps */
	for (int i = 0; i < st->n; i++)
		for (int k = 0; k < st->sv[i].n_rep; k++)
			if (st->sv[i].rep[k].state != REP_OFF)
				settle(w, &st->sv[i], &st->sv[i].rep[k], k, 0);
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
		for (int k = 0; k < sv->n_rep; k++)
			if (sv->rep[k].state != REP_OFF)
				advance(st, sv, &sv->rep[k], now);
		meter_flush(&sv->gpu_w, now);
		meter_flush(&sv->seqs, now);
		meter_flush(&sv->held, now);
		meter_flush(&sv->active, now);
		meter_flush(&sv->waiting, now);
	}
}

static void inference_sample(struct world *w, void *v, double span, struct ts_row *row)
{
	(void)w;
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
}

/* The q-quantile of s (sorted), NaN when empty. */
static double quantile(const struct samples *s, double q)
{
	return s->n ? gsl_stats_quantile_from_sorted_data(s->v, 1, s->n, q) : (double)NAN;
}

/* The samples of one kind (at offset off in struct service) of services
 * [from, to), sorted, into out (malloc'd). */
static int pooled(const struct inference_state *st, int from, int to, size_t off,
		  struct samples *out)
{
	size_t n = 0;
	for (int i = from; i < to; i++)
		n += ((const struct samples *)((const char *)&st->sv[i] + off))->n;
	out->n = 0;
	out->v = malloc((n ? n : 1) * sizeof *out->v);
	if (!out->v)
		return -1;
	for (int i = from; i < to; i++) {
		const struct samples *s = (const struct samples *)((const char *)&st->sv[i] + off);
		memcpy(out->v + out->n, s->v, s->n * sizeof *s->v);
		out->n += s->n;
	}
	gsl_sort(out->v, 1, out->n);
	return 0;
}

/* The latency figures of request-level services [from, to): exact. */
static int exact_stats(const struct inference_state *st, int from, int to,
		       struct service_record *rec)
{
	struct samples ttft, e2e, tbt;
	int rc = pooled(st, from, to, offsetof(struct service, ttft), &ttft);
	rc |= pooled(st, from, to, offsetof(struct service, e2e), &e2e);
	rc |= pooled(st, from, to, offsetof(struct service, tbt), &tbt);
	if (rc == 0) {
		rec->ttft_p50_s = quantile(&ttft, 0.50);
		rec->ttft_p95_s = quantile(&ttft, 0.95);
		rec->ttft_p99_s = quantile(&ttft, 0.99);
		rec->e2e_p50_s = quantile(&e2e, 0.50);
		rec->e2e_p95_s = quantile(&e2e, 0.95);
		rec->e2e_p99_s = quantile(&e2e, 0.99);
		rec->e2e_mean_s = e2e.n ? gsl_stats_mean(e2e.v, 1, e2e.n) : (double)NAN;
		rec->tbt_p99_s = quantile(&tbt, 0.99);
	}
	free(ttft.v);
	free(e2e.v);
	free(tbt.v);
	return rc;
}

/* The same with an aggregate service among them: every service's
 * latencies into one histogram each (a request-level one's exact samples
 * at weight 1), the percentiles from those (to the bins' 1%). */
static int hist_stats(const struct inference_state *st, int from, int to,
		      struct service_record *rec)
{
	struct latency_hist *h = calloc(3, sizeof *h);
	if (!h)
		return -1;
	for (int i = from; i < to; i++) {
		const struct service *sv = &st->sv[i];
		const struct latency_hist *src[3] = { sv->h_ttft, sv->h_e2e, sv->h_tbt };
		const struct samples *smp[3] = { &sv->ttft, &sv->e2e, &sv->tbt };
		for (int k = 0; k < 3; k++) {
			if (sv->agg) {
				for (int b = 0; b < LATENCY_BINS; b++)
					h[k].w[b] += src[k]->w[b];
				h[k].total += src[k]->total;
				h[k].sum += src[k]->sum;
			} else {
				for (size_t j = 0; j < smp[k]->n; j++)
					latency_hist_add(&h[k], smp[k]->v[j], 1.0);
			}
		}
	}
	rec->ttft_p50_s = latency_hist_quantile(&h[0], 0.50);
	rec->ttft_p95_s = latency_hist_quantile(&h[0], 0.95);
	rec->ttft_p99_s = latency_hist_quantile(&h[0], 0.99);
	rec->e2e_p50_s = latency_hist_quantile(&h[1], 0.50);
	rec->e2e_p95_s = latency_hist_quantile(&h[1], 0.95);
	rec->e2e_p99_s = latency_hist_quantile(&h[1], 0.99);
	rec->e2e_mean_s = h[1].total > 0 ? h[1].sum / h[1].total : (double)NAN;
	rec->tbt_p99_s = latency_hist_quantile(&h[2], 0.99);
	free(h);
	return 0;
}

/* The window's figures of services [from, to) (one, or the fleet) into
 * rec; carbon is the window's mean grid intensity (NaN without). */
static int window_stats(const struct inference_state *st, int from, int to, double window,
			double carbon, struct service_record *rec)
{
	double nan = (double)NAN;
	double window_h = window / (double)SIM_TICKS_PER_S / 3600.0, e = 0, seqs = 0, slots = 0;
	uint64_t met = 0;
	int any_slo = 0;
	for (int i = from; i < to; i++) {
		const struct service *sv = &st->sv[i];
		const struct service_spec *sp = sv->spec;
		rec->requests += sv->arrived_w;
		rec->served += sv->served_w;
		rec->dropped += sv->dropped_w;
		met += sv->slo_met_w;
		any_slo |= sp->slo_ttft_s > 0 || sp->slo_tbt_s > 0 || sp->slo_e2e_s > 0;
		rec->tokens_in += sv->tokens_in_w;
		rec->tokens_out += sv->tokens_out_w;
		e += meter_window(&sv->gpu_w);
		double held_h = meter_window(&sv->held) / (double)SIM_TICKS_PER_S / 3600.0;
		rec->replica_hours += held_h;
		rec->gpu_hours += held_h * sp->perf->gpus_per_replica;
		seqs += meter_window(&sv->seqs);
		slots += meter_window(&sv->active) * sp->max_batch;
		rec->scale_ups += sv->scale_ups_w;
		rec->scale_downs += sv->scale_downs_w;
		rec->scale_ups_blocked += sv->scale_blocked_w;
	}
	int any_agg = 0;
	for (int i = from; i < to; i++)
		any_agg |= st->sv[i].agg;
	int rc = any_agg ? hist_stats(st, from, to, rec)
			 : exact_stats(st, from, to, rec);
	uint64_t n = rec->served;
	double mwh = world_w_tick_to_mwh(e);
	double met_all = (double)met;
	for (int i = from; i < to; i++)
		met_all += st->sv[i].slo_met_wd;
	rec->slo_attainment = any_slo && n ? met_all / (double)n : nan;
	rec->replicas_mean = window_h > 0 ? rec->replica_hours / window_h : nan;
	rec->batch_occupancy = slots > 0 ? seqs / slots : nan;
	rec->gpu_energy_mwh = mwh;
	rec->j_per_token = rec->tokens_out > 0 ? mwh * 3.6e9 / rec->tokens_out : nan;
	rec->wh_per_request = n ? mwh * 1e6 / (double)n : nan;
	rec->g_co2_per_1k_requests = n ? carbon * mwh * 1e3 / (double)n * 1000.0 : nan;
	return rc;
}

static void copy_name(char *dst, size_t size, const char *src)
{
	snprintf(dst, size, "%s", src);
}

/* Each request still waiting or in service, for the request log. */
static int record_unfinished(struct world *w, struct inference_state *st)
{
	int rc = 0;
	for (int i = 0; i < st->n; i++) {
		struct service *sv = &st->sv[i];
		for (int q = sv->qhead; q >= 0 && rc == 0; q = st->req[q].next)
			rc = record_request(w, sv, &st->req[q], REQUEST_WAITING, w->horizon);
		for (int k = 0; k < sv->n_rep; k++)
			for (int a = 0; a < sv->rep[k].n && rc == 0; a++)
				rc = record_request(w, sv, &st->req[sv->rep[k].seq[a]],
						    REQUEST_IN_SERVICE, w->horizon);
	}
	return rc;
}

static int inference_kpis(struct world *w, void *v, struct run_kpis *k, double window)
{
	struct inference_state *st = v;
	struct service_record fleet;
	memset(&fleet, 0, sizeof fleet);
	/* GRID comes before INFERENCE in RUN_SUBS: its mean intensity is filled */
	double carbon = k->carbon_mean_g_per_kwh;
	int rc = st->n ? window_stats(st, 0, st->n, window, carbon, &fleet) : 0;
	if (st->n == 0) {
#define SERVICE_NONE_NAME(f)
#define SERVICE_NONE_COUNT(f)
#define SERVICE_NONE_NUM(f) fleet.f = (double)NAN;
#define SERVICE_NONE(kind, f) SERVICE_NONE_##kind(f)
		SERVICE_COLUMNS(SERVICE_NONE)
#undef SERVICE_NONE
	}
	k->inference_requests = fleet.requests;
	k->inference_served = fleet.served;
	k->inference_dropped = fleet.dropped;
	k->inference_ttft_p50_s = fleet.ttft_p50_s;
	k->inference_ttft_p95_s = fleet.ttft_p95_s;
	k->inference_ttft_p99_s = fleet.ttft_p99_s;
	k->inference_e2e_p50_s = fleet.e2e_p50_s;
	k->inference_e2e_p95_s = fleet.e2e_p95_s;
	k->inference_e2e_p99_s = fleet.e2e_p99_s;
	k->inference_e2e_mean_s = fleet.e2e_mean_s;
	k->inference_tbt_p99_s = fleet.tbt_p99_s;
	k->inference_slo_attainment = fleet.slo_attainment;
	k->inference_tokens_in = fleet.tokens_in;
	k->inference_tokens_out = fleet.tokens_out;
	k->inference_replica_hours = fleet.replica_hours;
	k->inference_gpu_hours = fleet.gpu_hours;
	k->inference_replicas_mean = fleet.replicas_mean;
	k->inference_batch_occupancy = fleet.batch_occupancy;
	k->inference_scale_ups = fleet.scale_ups;
	k->inference_scale_downs = fleet.scale_downs;
	k->inference_scale_ups_blocked = fleet.scale_ups_blocked;
	k->inference_gpu_energy_mwh = fleet.gpu_energy_mwh;
	k->inference_j_per_token = fleet.j_per_token;
	k->inference_wh_per_request = fleet.wh_per_request;
	k->inference_g_co2_per_1k_requests = fleet.g_co2_per_1k_requests;
	if (st->n == 0 || rc != 0)
		return rc;
	struct service_record *recs = calloc((size_t)st->n, sizeof *recs);
	if (!recs)
		return -1;
	w->res->services = recs;
	w->res->n_services = (size_t)st->n;
	for (int i = 0; i < st->n && rc == 0; i++) {
		copy_name(recs[i].service, sizeof recs[i].service, st->sv[i].spec->name);
		copy_name(recs[i].profile, sizeof recs[i].profile, st->sv[i].spec->perf->name);
		rc = window_stats(st, i, i + 1, window, carbon, &recs[i]);
	}
	if (rc == 0 && w->sc->write_requests)
		rc = record_unfinished(w, st);
	return rc;
}

static int inference_check(struct world *w, void *v, struct diag *d)
{
	struct inference_state *st = v;
	const char *src = w->sc->source;
	int rc = 0;
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
		double parts = sv->done_j, held = 0;
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
	.kpis = inference_kpis,
	.check = inference_check,
};
