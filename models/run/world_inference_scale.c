/*
 * world_inference_scale.c - replicas take GPUs from the cluster and give
 * them back: the replicas of the start, scale-ups after the model's load
 * time, drains on a scale-down, and the autoscaler's decisions.
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

/* rep takes GPUs from the cluster now (first fit, like a job) and loads
 * its model, or serves at once (ready: the replicas of the start). 0, 1
 * no room, -1 out of memory. */
int infer_rep_start(struct world *w, struct service *sv, struct replica *rep, int ready,
		     sim_time now)
{
	const int gpr = sv->spec->perf->gpus_per_replica;
	int rc = facility_place(&w->fac, &rep->place, gpr, now);
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
	return 0;
}

/* rep (empty) gives its GPUs back: their idle draw leaves the service,
 * and the cluster's jobs may take them. */
void infer_rep_stop(struct world *w, struct service *sv, struct replica *rep, sim_time now)
{
	struct inference_state *st = infer_state(w);
	const int gpr = sv->spec->perf->gpus_per_replica;
	assert(rep->n == 0 && rep->state != REP_OFF);
	infer_group_leave(w, sv, rep, now);
	infer_advance(st, sv, rep, now);
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
	if (rep - sv->rep < sv->off_lo)
		sv->off_lo = (int)(rep - sv->rep);
	while (sv->rep_hi > 0 && sv->rep[sv->rep_hi - 1].state == REP_OFF)
		sv->rep_hi--;
	facility_release(&w->fac, &rep->place, now);
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
	assert(rep->state == REP_LOADING);
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
	int want = desired_replicas(sv);
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
		if (rc > 0) { /* the cluster's GPUs are taken: try at the next decision */
			sv->scale_blocked_w += (uint64_t)measured;
			break;
		}
		sv->scale_ups_w += (uint64_t)measured;
		uint64_t a = (uint64_t)arg << 32 | (uint32_t)slot;
		sim_time t = now + clock_from_s(as->scale_up_delay_s);
		if (t < w->horizon)
			sim_at(w->sim, t, on_loaded, w, a);
	}
	sv->off_lo = slot;
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
	if (sv->n_held > as->max_replicas || sv->n_active + sv->n_loading < as->min_replicas)
		sv->bounds_broken = 1;
	sim_time next = now + clock_from_s(as->interval_s);
	if (next < w->horizon)
		sim_at(w->sim, next, infer_on_scale, w, arg);
}
