/*
 * world_inference_scale.c - replicas take GPUs from the cluster and give
 * them back: the replicas of the start, scale-ups after the model's load
 * time, drains on a scale-down, and the autoscaler's decisions.
 *
 * Sharing the cluster with training: a replica that finds no free GPUs
 * for its placement stops running jobs it outranks, by issue 18's rule
 * and its victim selection (world_preempt_gpus: jobs of preemptible
 * classes of a lower priority than the service's, and spot jobs; spot
 * first, then the fewest GPU-hours lost); the stopped jobs go back to
 * the queue and resume from their last checkpoint. Jobs never stop a
 * replica.
 *
 * Failures: the replicas are the core's GPU holder (struct gpu_holder):
 * a failed GPU, node, rack switch or chain unit under a replica stops it
 * at once (loading, serving or draining). Its sequences go back to the
 * head of the service's queue, in their order, and start again from
 * their prompt: a client whose stream broke retries, the tokens streamed
 * are lost (their energy stays the request's), and nothing is dropped
 * that the service had admitted (the queue limit holds back arrivals
 * only). Its GPUs return to the cluster and the failure then takes the
 * failed ones out. The autoscaler replaces it at its next decision; a
 * service of fixed replicas starts a replacement at once on free GPUs (or
 * by preemption), serving after the model's load time, and while none
 * are free it tries again every RESTART_RETRY_S. In the aggregate mode a
 * failed replica's part of the step is not taken back: the step's
 * requests were served at its start (the mode's fluid view).
 */
#include <assert.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "world_inference_int.h"

static void rep_count(struct service *sv, int state, int sign, sim_time now)
{
	if (state == REP_ACTIVE) {
		sv->n_active += sign;
		meter_add(&sv->active, now, sign);
	} else if (state == REP_LOADING) {
		sv->n_loading += sign;
	}
}

/* How often a fixed-replica service short of a replica after a failure
 * tries again for GPUs: 10 s, kube-scheduler's default maximum backoff
 * for a pod it could not place (podMaxBackoffSeconds), the controller a
 * Kubernetes deployment's lost pod waits on. */
#define RESTART_RETRY_S 10.0

static void on_loaded(struct sim *s, void *ctx, uint64_t arg);

/* Its model's load time: the autoscaler's scale-up delay, or the
 * profile's (weights read plus engine start, docs/inference.md). */
static double load_delay_s(const struct service *sv)
{
	const struct autoscale_spec *as = &sv->spec->autoscale;
	return as->on && as->scale_up_delay_s > 0 ? as->scale_up_delay_s
						  : inference_load_s(sv->spec->perf);
}

/* rep's placement now: first fit on free GPUs, else by stopping jobs the
 * service outranks (counted). With a grid capacity the GPUs are chosen
 * first and taken only if the facility fits with the replica at a full
 * batch (world_cap_fits_load), as a job's start waits for power. 0, 1 no
 * free GPUs, 2 no power (counted), -1 out of memory. */
static int rep_place(struct world *w, struct service *sv, struct replica *rep, sim_time now)
{
	const int gpr = sv->spec->perf->gpus_per_replica;
	int rc = facility_fit(&w->fac, &rep->place, gpr);
	if (rc == 1 && w->any_preemptible) {
		int stopped = 0;
		if (world_preempt_gpus(w, &rep->place, gpr, sv->spec->priority, 0, &stopped, now))
			rc = facility_fit(&w->fac, &rep->place, gpr);
		if (now >= w->warmup)
			sv->preempted_w += (uint64_t)stopped;
	}
	if (rc != 0)
		return rc;
	if (world_has_cap(w) && now > 0 &&
	    !world_cap_fits_load(w, &rep->place, gpu_power_want_w(&w->gpu, 1.0),
				 facility_host_w(&w->fac, 1.0), now)) {
		rep->place.n_allocs = 0;
		sv->power_blocked_w += now >= w->warmup;
		return 2;
	}
	facility_take(&w->fac, &rep->place, now);
	return 0;
}

/* rep takes GPUs from the cluster now (first fit, like a job, or by
 * preemption) and loads its model, or serves at once (ready: the
 * replicas of the start). 0, 1 no free GPUs, 2 no power under a grid
 * capacity, -1 out of memory. */
int infer_rep_start(struct world *w, struct service *sv, struct replica *rep, int ready,
		     sim_time now)
{
	const int gpr = sv->spec->perf->gpus_per_replica;
	int rc = rep_place(w, sv, rep, now);
	if (rc != 0)
		return rc;
	rep->state = ready ? REP_ACTIVE : REP_LOADING;
	if (rep - sv->rep >= sv->rep_hi)
		sv->rep_hi = (int)(rep - sv->rep) + 1;
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
	if (!ready) {
		sim_time t = now + clock_from_s(load_delay_s(sv));
		if (t < w->horizon) {
			uint64_t a = (uint64_t)(sv - infer_state(w)->sv) << 32 |
				     (uint32_t)(rep - sv->rep);
			rep->load_ev = sim_at(w->sim, t, on_loaded, w, a);
			rep->has_load_ev = 1;
		}
	}
	return 0;
}

/* rep (empty) gives its GPUs back: their idle draw leaves the service
 * and its racks (no settle). */
static void rep_release(struct world *w, struct service *sv, struct replica *rep, sim_time now)
{
	struct inference_state *st = infer_state(w);
	const int gpr = sv->spec->perf->gpus_per_replica;
	assert(rep->n == 0 && rep->state != REP_OFF);
	infer_group_leave(w, sv, rep, now);
	infer_advance(st, sv, rep, now);
	if (rep->has_ev)
		sim_cancel(w->sim, rep->ev);
	rep->has_ev = 0;
	if (rep->has_load_ev)
		sim_cancel(w->sim, rep->load_ev);
	rep->has_load_ev = 0;
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
	if (rep - sv->rep < sv->off_lo)
		sv->off_lo = (int)(rep - sv->rep);
	while (sv->rep_hi > 0 && sv->rep[sv->rep_hi - 1].state == REP_OFF)
		sv->rep_hi--;
	facility_release(&w->fac, &rep->place, now);
}

/* rep (empty) gives its GPUs back, and the cluster's jobs may take them. */
void infer_rep_stop(struct world *w, struct service *sv, struct replica *rep, sim_time now)
{
	rep_release(w, sv, rep, now);
	world_power_changed(w, now);
	world_dispatch(w); /* the freed GPUs, for the queued jobs */
}

static void on_loaded(struct sim *s, void *ctx, uint64_t arg)
{
	struct world *w = ctx;
	struct inference_state *st = infer_state(w);
	struct service *sv = &st->sv[arg >> 32];
	struct replica *rep = &sv->rep[(uint32_t)arg];
	sim_time now = sim_now(s);
	assert(rep->state == REP_LOADING && rep->has_load_ev);
	rep->has_load_ev = 0;
	rep_count(sv, REP_LOADING, -1, now);
	rep->state = REP_ACTIVE;
	rep_count(sv, REP_ACTIVE, +1, now);
	infer_dispatch(w, sv, now);
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

/* The least loaded serving replica (the last of equals), or -1: the
 * last empty one when there is one (every one in the aggregate mode),
 * found from the top in O(slots above it). */
static int pick_drain(const struct service *sv)
{
	for (int k = sv->rep_hi - 1; k >= 0; k--)
		if (sv->rep[k].state == REP_ACTIVE && sv->rep[k].n == 0)
			return k;
	int best = -1;
	for (int k = 0; k < sv->rep_hi; k++)
		if (sv->rep[k].state == REP_ACTIVE && (best < 0 || sv->rep[k].n <= sv->rep[best].n))
			best = k;
	return best;
}

void infer_on_scale(struct sim *s, void *ctx, uint64_t arg)
{
	struct world *w = ctx;
	struct inference_state *st = infer_state(w);
	struct service *sv = &st->sv[arg];
	const struct autoscale_spec *as = &sv->spec->autoscale;
	sim_time now = sim_now(s);
	int measured = now >= w->warmup;
	meter_flush(&sv->seqs, now);
	meter_flush(&sv->waiting, now);
	meter_flush(&sv->active, now);
	int want = desired_replicas(sv), blocked = 0;
	uint64_t preempted = sv->preempted_w;
	/* up: new replicas for what neither the active nor the loading cover
	 * (in the first off slots: none is below off_lo) */
	int slot = sv->off_lo;
	for (; slot < sv->n_rep && sv->n_active + sv->n_loading < want; slot++) {
		struct replica *rep = &sv->rep[slot];
		if (rep->state != REP_OFF)
			continue;
		int rc = infer_rep_start(w, sv, rep, 0, now);
		if (rc < 0) {
			world_fail_oom(w);
			return;
		}
		if (rc > 0) { /* no GPUs (or power) for it: try at the next decision */
			sv->scale_blocked_w += (uint64_t)(measured && rc == 1);
			blocked = 1;
			break;
		}
		sv->scale_ups_w += (uint64_t)measured;
	}
	sv->off_lo = slot;
	if (sv->preempted_w != preempted)
		world_dispatch(w); /* what the stopped jobs freed beyond the replicas */
	/* down: drain the least loaded; it leaves when its last sequence does */
	while (sv->n_active > want) {
		int k = pick_drain(sv);
		struct replica *rep = &sv->rep[k];
		rep_count(sv, REP_ACTIVE, -1, now);
		rep->state = REP_DRAINING;
		sv->scale_downs_w += (uint64_t)measured;
		if (rep->n == 0)
			infer_rep_stop(w, sv, rep, now);
	}
	/* (below min_replicas only when a failure took one and no GPUs are free) */
	if (sv->n_held > as->max_replicas ||
	    (sv->n_active + sv->n_loading < as->min_replicas && !blocked))
		sv->bounds_broken = 1;
	sim_time next = now + clock_from_s(as->interval_s);
	if (next < w->horizon)
		sim_at(w->sim, next, infer_on_scale, w, arg);
}

/* GPUs rep holds on node. */
static int rep_gpus_on(const struct replica *rep, int node)
{
	int k = 0;
	for (uint32_t i = 0; i < rep->place.n_allocs; i++)
		if ((int)rep->place.allocs[i].node == node)
			k += (int)rep->place.allocs[i].gpus;
	return k;
}

int infer_gpus_on(const struct world *w, const void *v, int node)
{
	(void)w;
	const struct inference_state *st = v;
	int k = 0;
	for (int i = 0; i < st->n; i++)
		for (int r = 0; r < st->sv[i].n_rep; r++)
			if (st->sv[i].rep[r].state != REP_OFF)
				k += rep_gpus_on(&st->sv[i].rep[r], node);
	return k;
}

/* rep's sequences go back to the head of sv's queue, in their order, to
 * start again from their prompt (the tokens so far are lost). */
static void requeue_sequences(struct inference_state *st, struct service *sv,
			      struct replica *rep, int measured, sim_time now)
{
	for (int a = rep->n - 1; a >= 0; a--) {
		int i = rep->seq[a];
		struct request *r = &st->req[i];
		r->phase = PREFILL;
		r->left = r->prompt;
		r->first = -1;
		r->next = sv->qhead;
		sv->qhead = i;
		if (sv->qtail < 0)
			sv->qtail = i;
		sv->qlen++;
		sv->in_service--;
		sv->retried_w += (uint64_t)measured;
		meter_add(&sv->waiting, now, 1);
		meter_add(&sv->seqs, now, -1);
	}
	rep->n = rep->n_prefill = 0;
}

/* After a failure: the requests sent back dispatched on the replicas
 * left; a fixed-replica service's lost replicas started again. */
static void on_recover(struct sim *s, void *ctx, uint64_t arg)
{
	struct world *w = ctx;
	struct service *sv = &infer_state(w)->sv[arg];
	sim_time now = sim_now(s);
	sv->recover_pending = 0;
	int short_of = 0;
	uint64_t preempted = sv->preempted_w;
	for (int k = 0; !sv->spec->autoscale.on && k < sv->n_rep && sv->n_held < sv->spec->replicas;
	     k++) {
		if (sv->rep[k].state != REP_OFF)
			continue;
		int rc = infer_rep_start(w, sv, &sv->rep[k], 0, now);
		if (rc < 0) {
			world_fail_oom(w);
			return;
		}
		if (rc > 0) {
			short_of = 1;
			break;
		}
	}
	if (sv->preempted_w != preempted)
		world_dispatch(w);
	if (!sv->agg)
		infer_dispatch(w, sv, now);
	sim_time t = now + clock_from_s(RESTART_RETRY_S);
	if (short_of && t < w->horizon) {
		sv->recover_pending = 1;
		sim_at(w->sim, t, on_recover, w, arg);
	}
}

/* rep's GPUs failed: it stops now, its sequences back in the queue, its
 * GPUs back to the cluster (no settle, no dispatch: the caller's). */
static void rep_fail(struct world *w, struct service *sv, struct replica *rep, sim_time now)
{
	struct inference_state *st = infer_state(w);
	int measured = now >= w->warmup;
	infer_advance(st, sv, rep, now);
	if (!sv->agg)
		requeue_sequences(st, sv, rep, measured, now);
	sv->failed_w += (uint64_t)measured;
	rep_release(w, sv, rep, now);
	if (sv->agg)
		meter_set(&sv->seqs, now, sv->agg_b * sv->n_active);
	if (!sv->recover_pending) {
		sv->recover_pending = 1;
		sim_at(w->sim, now, on_recover, w, (uint64_t)(sv - st->sv));
	}
}

int infer_fail_on(struct world *w, void *v, int node, int pos, sim_time now)
{
	struct inference_state *st = v;
	int stopped = 0, seen = 0;
	for (int i = 0; i < st->n; i++) {
		struct service *sv = &st->sv[i];
		for (int r = 0; r < sv->n_rep; r++) {
			struct replica *rep = &sv->rep[r];
			int g = rep->state != REP_OFF ? rep_gpus_on(rep, node) : 0;
			if (g == 0)
				continue;
			if (pos < 0 || (pos >= seen && pos < seen + g)) {
				rep_fail(w, sv, rep, now);
				stopped++;
				if (pos >= 0)
					return stopped;
			}
			seen += g;
		}
	}
	return stopped;
}

/* The holder's draw_at (with a grid capacity): each replica's GPUs under
 * the grid's cap c at their batch now, as infer_rerate would rate them,
 * or at a full batch (full: a start's admission reserves every replica's
 * full draw, those still loading included, so replicas filling up later
 * never need more than the policy's cap; their hosts cannot be capped). */
void infer_draw_at(const struct world *w, const void *v, double c, int full)
{
	const struct inference_state *st = v;
	for (int i = 0; i < st->n; i++) {
		const struct service *sv = &st->sv[i];
		for (int r = 0; r < sv->n_rep; r++) {
			const struct replica *rep = &sv->rep[r];
			if (rep->state == REP_OFF)
				continue;
			double u = full ? 1.0 : infer_util(sv, rep), draw, speed;
			double cap = gpu_power_cap_min(infer_cap_base(w, rep), c, 0);
			gpu_power_under_cap(&w->gpu, gpu_power_want_w(&w->gpu, u), cap, &draw, &speed);
			double d = draw - rep->gpu_w + facility_host_w(&w->fac, u) - rep->host_w;
			if (d != 0)
				world_draw_stage(w, &rep->place, d);
		}
	}
}

/* The holder's recap: every replica re-rated under the caps in force
 * (its progress first brought to now at the old rates). */
void infer_recap(struct world *w, void *v, sim_time now)
{
	struct inference_state *st = v;
	for (int i = 0; i < st->n; i++) {
		struct service *sv = &st->sv[i];
		for (int r = 0; r < sv->n_rep; r++) {
			struct replica *rep = &sv->rep[r];
			if (rep->state == REP_OFF)
				continue;
			infer_advance(st, sv, rep, now);
			infer_rerate(w, sv, rep, r, now);
		}
	}
}
