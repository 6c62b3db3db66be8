/*
 * world_inference_serve.c - requests of a request-level service: their
 * arrivals (Poisson with thinning, or a trace), the service's queue,
 * continuous batching on a replica, a replica's draw by its batch and
 * its caps, and a request's latency and energy when it leaves. The model
 * is described in world_inference.c.
 */
#include <assert.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_randist.h>

#include "grow_array.h"
#include "world_inference_int.h"

static void on_replica(struct sim *s, void *ctx, uint64_t arg);

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
double infer_rate_at(const struct service_spec *s, sim_time t)
{
	double h = clock_to_h(t);
	long hour = (long)floor(h);
	return s->rate_per_s * s->hourly[hour % 24] * s->weekday[(hour / 24) % 7];
}

/* The next arrival of a trace (its row's time), or of the thinned
 * Poisson process's candidates. */
void infer_next_candidate(struct world *w, struct service *sv, sim_time now)
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
void infer_advance(struct inference_state *st, struct service *sv, struct replica *rep,
		    sim_time now)
{
	double dt = clock_to_s(now - rep->last);
	rep->last = now;
	if (dt <= 0)
		return;
	if (rep->grp) /* its group's energy (world_inference_group.c) */
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

/* The tightest cap on rep's GPUs but the grid's: the node's and the
 * facility's (world_node_cap), its zones' thermal. */
double infer_cap_base(const struct world *w, const struct replica *rep)
{
	double cap = world_node_cap(w);
	for (uint32_t i = 0; i < rep->place.n_allocs; i++) {
		int rack = (int)rep->place.allocs[i].node / w->fac.nodes_per_rack;
		cap = gpu_power_cap_min(cap, w->zone_cap_w[w->fac.rack_zone[rack]], 0);
	}
	return cap;
}

/* The tightest cap on rep's GPUs now, the grid's per-GPU cap with the
 * jobs' included (0 without a grid capacity). */
double infer_cap_of(const struct world *w, const struct replica *rep)
{
	return gpu_power_cap_min(infer_cap_base(w, rep), w->grid_cap_w, 0);
}

/* rep's GPUs' utilization now: its batch occupancy (the aggregate mode's
 * step batch while it serves). */
double infer_util(const struct service *sv, const struct replica *rep)
{
	if (sv->agg)
		return rep->state == REP_ACTIVE ? sv->agg_b / sv->spec->max_batch : 0;
	return (double)rep->n / sv->spec->max_batch;
}

/* rep's GPUs draw `draw` and its hosts `host` from now (per GPU, W): the
 * facility's and the service's meters, the power distribution, the chain
 * (the caller settles the facility). */
void infer_move_draw(struct world *w, struct service *sv, struct replica *rep, double draw,
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
void infer_settle(struct world *w, struct service *sv, struct replica *rep, int idx,
		   sim_time now)
{
	if (infer_rerate(w, sv, rep, idx, now))
		world_power_changed(w, now);
}

/* infer_settle without the facility's settle: 1 if its draw moved. */
int infer_rerate(struct world *w, struct service *sv, struct replica *rep, int idx, sim_time now)
{
	struct inference_state *st = infer_state(w);
	double u = infer_util(sv, rep);
	double want = gpu_power_want_w(&w->gpu, u), draw, speed;
	gpu_power_under_cap(&w->gpu, want, infer_cap_of(w, rep), &draw, &speed);
	double host = facility_host_w(&w->fac, u);
	int moved = draw != rep->gpu_w || host != rep->host_w;
	rep->dirty = 0;
	rep->speed = speed;
	if (moved)
		infer_move_draw(w, sv, rep, draw, host, now);
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
		return moved;
	sim_time dt = (sim_time)ceil(soonest * (double)SIM_TICKS_PER_S);
	sim_time t = now + (dt < 1 ? 1 : dt);
	if (t >= w->horizon)
		return moved;
	uint64_t arg = (uint64_t)(sv - st->sv) << 32 | (uint32_t)idx;
	rep->ev = sim_at(w->sim, t, on_replica, w, arg);
	rep->has_ev = 1;
	return moved;
}

/* The KV-cache tokens a request reserves when it joins a replica: its
 * prompt and all its output (the engine does not preempt, so it holds
 * room for the whole sequence from the start). */
static double kv_need(const struct request *r)
{
	return r->prompt + r->output;
}

/* The replica with the fewest sequences and room for one of `need` KV
 * tokens (below max_batch, and within its KV cache), or -1. */
static int pick_replica(const struct service *sv, double need)
{
	int best = -1;
	for (int k = 0; k < sv->rep_hi; k++)
		if (sv->rep[k].state == REP_ACTIVE && sv->rep[k].n < sv->spec->max_batch &&
		    sv->rep[k].kv + need <= sv->spec->kv_cache_tokens &&
		    (best < 0 || sv->rep[k].n < sv->rep[best].n))
			best = k;
	return best;
}

/* Start waiting requests while a replica has room, then settle the
 * replicas whose batch changed. */
void infer_dispatch(struct world *w, struct service *sv, sim_time now)
{
	struct inference_state *st = infer_state(w);
	int k;
	if (sv->agg) /* no queue, no batch of its own: the steps set the draw */
		return;
	/* first come, first served: a head that fits nowhere waits, and so
	 * do the requests behind it */
	while (sv->qlen > 0 && (k = pick_replica(sv, kv_need(&st->req[sv->qhead]))) >= 0) {
		int i = sv->qhead;
		sv->qhead = st->req[i].next;
		if (--sv->qlen == 0)
			sv->qtail = -1;
		meter_add(&sv->waiting, now, -1);
		struct replica *rep = &sv->rep[k];
		infer_advance(st, sv, rep, now);
		st->req[i].phase = PREFILL;
		st->req[i].left = st->req[i].prompt;
		rep->seq[rep->n++] = i;
		rep->kv += kv_need(&st->req[i]);
		rep->n_prefill++;
		rep->dirty = 1;
		sv->in_service++;
		meter_add(&sv->seqs, now, 1);
	}
	for (k = 0; k < sv->rep_hi; k++)
		if (sv->rep[k].dirty)
			infer_settle(w, sv, &sv->rep[k], k, now);
}

void infer_on_arrival(struct sim *s, void *ctx, uint64_t arg)
{
	struct world *w = ctx;
	struct inference_state *st = infer_state(w);
	struct service *sv = &st->sv[arg];
	const struct service_spec *sp = sv->spec;
	sim_time now = sim_now(s);
	double prompt, output;
	if (sp->arrivals == SERVICE_TRACE) {
		prompt = sp->trace->prompt[sv->next_row];
		output = sp->trace->output[sv->next_row];
		sv->next_row++;
		infer_next_candidate(w, sv, now);
	} else {
		/* thinning: the candidate is an arrival with probability rate / max */
		int real = gsl_rng_uniform(sv->arrivals) * sv->rate_max < infer_rate_at(sp, now);
		infer_next_candidate(w, sv, now);
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
	/* past the queue limit, or longer than a replica's whole KV cache
	 * (it could never be served): dropped */
	if ((sp->queue_limit > 0 && sv->qlen >= sp->queue_limit) ||
	    prompt + output > sp->kv_cache_tokens) {
		sv->dropped++;
		sv->dropped_w += (uint64_t)measured;
		if (w->sc->write_requests) {
			struct request gone = { .arrive = now, .first = -1, .prompt = prompt,
						.output = output, .measured = measured, .id = id };
			if (infer_record_request(w, sv, &gone, REQUEST_DROPPED, now) != 0)
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
	infer_dispatch(w, sv, now);
}

/* r's row in the request log (with output.requests; never state). */
int infer_record_request(struct world *w, const struct service *sv, const struct request *r,
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
	rec->service = (uint32_t)(sv - infer_state(w)->sv);
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
	struct inference_state *st = infer_state(w);
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
		rc |= infer_record_request(w, sv, r, REQUEST_SERVED, now);
	request_put(st, i);
	return rc;
}

/* Tokens within rounding of a phase's end count as at it. */
#define TOKEN_EPS 1e-6

static void on_replica(struct sim *s, void *ctx, uint64_t arg)
{
	struct world *w = ctx;
	struct inference_state *st = infer_state(w);
	struct service *sv = &st->sv[arg >> 32];
	int k = (int)(uint32_t)arg;
	struct replica *rep = &sv->rep[k];
	sim_time now = sim_now(s);
	rep->has_ev = 0;
	infer_advance(st, sv, rep, now);
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
		rep->kv -= kv_need(r);
		if (served(w, sv, i, now) != 0)
			world_fail_oom(w);
	}
	if (rep->state == REP_DRAINING && rep->n == 0) {
		infer_rep_stop(w, sv, rep, now);
		infer_dispatch(w, sv, now);
		return;
	}
	rep->dirty = 1;
	infer_dispatch(w, sv, now);
}
