/*
 * world_inference_int.h - the inference subsystem's state, shared by its
 * files: world_inference.c (the subsystem's ops), world_inference_serve.c
 * (requests, continuous batching, a replica's power), world_inference_scale.c
 * (replicas taking and giving back GPUs, the autoscaler),
 * world_inference_aggregate.c (the aggregate mode),
 * world_inference_group.c (its serving replicas moved as groups) and
 * world_inference_stats.c (the window's figures and the KPIs).
 */
#ifndef DCSIM_WORLD_INFERENCE_INT_H
#define DCSIM_WORLD_INFERENCE_INT_H

#include <stdint.h>

#include <gsl/gsl_rng.h>

#include "inference.h"
#include "inference_aggregate.h"
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
	double kv;             /* KV-cache tokens its sequences reserved (prompt + output) */
	int dirty;             /* its set changed: settle its power and end event */
	sim_time last;         /* progress and energy are up to here */
	event_id ev;
	int has_ev;
	double gpu_w, host_w;  /* per GPU, now */
	sim_time level_since;  /* gpu_w since (the power distribution's entry) */
	double speed;
	double idle_j;         /* GPU energy while it held no sequence */
	int grp;               /* aggregate: 1 + its group (its zone), 0 none */
	event_id load_ev;      /* loading: the end of its model load */
	int has_load_ev;
};

/* The aggregate mode's serving replicas of one zone, at one draw
 * (world_inference_group.c). */
struct rep_group {
	int gpus;              /* of its replicas */
	int *nodes;            /* the nodes they are on, increasing */
	int n_nodes;
	size_t cap_nodes;
	double gpu_w, host_w;  /* per GPU, now */
	double speed;
	sim_time since;        /* gpu_w since (the power distribution's entry) */
	sim_time last;         /* energy up to here */
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
	int rep_hi, off_lo;    /* every slot from rep_hi is off, none below off_lo */
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
	/* sharing the cluster (world_inference_scale.c): jobs its replicas
	 * stopped for GPUs, its replicas a failure stopped, their requests
	 * sent back to the queue (the window's), and a restart or dispatch
	 * pending after a failure */
	uint64_t preempted_w, failed_w, retried_w;
	uint64_t power_blocked_w; /* starts a grid capacity had no power for */
	int recover_pending;
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
	double *q_min_sq;      /* E[min(P, x)^2] at every AGG_TTFT_STRIDE-th prompt quantile x */
	struct rep_group *grp; /* per zone */
	int n_grp, n_grouped;
	int *node_gpus;        /* grouped GPUs per node */
	double grp_idle_j;     /* the groups' GPU energy at an empty batch */
	uint64_t arrived, served, dropped, in_service; /* the whole run */
	uint64_t arrived_w, served_w, dropped_w, slo_met_w; /* the window */
	double tokens_in_w, tokens_out_w;
	double done_j;         /* energy of the requests served */
	struct samples ttft, e2e, tbt;
	/* its meters at the last time-series sample (its columns there) */
	uint64_t ts_arrived;
	double ts_gpu, ts_seqs, ts_slots, ts_held;
};

struct inference_state {
	int n;
	struct service *sv;
	struct request *req;   /* the pool */
	int n_req, cap_req, free_req;
	uint64_t last_arrived; /* for the time series */
	double last_gpu, last_seqs, last_slots, last_held;
	int ts_oom;            /* a per-service time-series row found no memory */
};

static inline struct inference_state *infer_state(struct world *w)
{
	return w->sub[RUN_SUB_INFERENCE];
}

/* world_inference_serve.c */
double infer_rate_at(const struct service_spec *s, sim_time t);
void infer_next_candidate(struct world *w, struct service *sv, sim_time now);
void infer_on_arrival(struct sim *s, void *ctx, uint64_t arg);
void infer_advance(struct inference_state *st, struct service *sv, struct replica *rep,
		   sim_time now);
double infer_cap_base(const struct world *w, const struct replica *rep);
double infer_cap_of(const struct world *w, const struct replica *rep);
double infer_util(const struct service *sv, const struct replica *rep);
int infer_rerate(struct world *w, struct service *sv, struct replica *rep, int idx, sim_time now);
void infer_move_draw(struct world *w, struct service *sv, struct replica *rep, double draw,
		     double host, sim_time now);
void infer_settle(struct world *w, struct service *sv, struct replica *rep, int idx,
		  sim_time now);
void infer_dispatch(struct world *w, struct service *sv, sim_time now);
int infer_record_request(struct world *w, const struct service *sv, const struct request *r,
			 enum request_state state, sim_time now);

/* world_inference_scale.c */
int infer_rep_start(struct world *w, struct service *sv, struct replica *rep, int ready,
		    sim_time now);
void infer_rep_stop(struct world *w, struct service *sv, struct replica *rep, sim_time now);
void infer_on_scale(struct sim *s, void *ctx, uint64_t arg);
/* The GPU holder hooks (struct gpu_holder, run_core.h) for the failures. */
int infer_gpus_on(const struct world *w, const void *st, int node);
int infer_fail_on(struct world *w, void *st, int node, int pos, sim_time now);
void infer_draw_at(const struct world *w, const void *st, double c, int full);
void infer_recap(struct world *w, void *st, sim_time now);

/* world_inference_aggregate.c */
int infer_aggregate_init(struct world *w, struct service *sv, size_t index);

/* world_inference_group.c */
int infer_groups_init(struct world *w, struct service *sv);
void infer_groups_fini(struct service *sv);
void infer_groups_advance(struct service *sv, sim_time now);
void infer_groups_levels(struct world *w, const struct service *sv, sim_time end);
/* 0 joined, 1 its GPUs span zones (it stays alone), -1 out of memory. */
int infer_group_join(struct world *w, struct service *sv, struct replica *rep, sim_time now);
/* rep leaves its group (if in one) at its draw: it is alone from now. */
void infer_group_leave(struct world *w, struct service *sv, struct replica *rep, sim_time now);
void infer_groups_draw(struct world *w, struct service *sv, double u, sim_time now);

/* world_inference_stats.c */
int infer_kpis(struct world *w, void *v, struct run_kpis *k, double window);

#endif
