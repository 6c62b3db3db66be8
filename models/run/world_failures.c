/*
 * world_failures.c - components fail and are repaired; a failure
 * interrupts the jobs on the component, which go back to the queue and
 * resume from their last checkpoint.
 *
 * Each process (scenario "failures", one per kind) gives every component
 * of its kind its own clock: a time to failure (exponential, or Weibull
 * scaled to the MTBF) drawn when the run starts and after each repair,
 * as a new part. Kinds: a GPU (its node's other GPUs stay up), a node
 * (its host: CPU, memory, NIC, PSU; all its GPUs go down with it) and a
 * rack's network switch (every node of the rack leaves the fabric: its
 * jobs stop, its GPUs cannot be placed on, and it stays powered, idle).
 * node_sync turns the parts' states into a node's placement and draw. A
 * failure draws, from the process's failure stream and always in this
 * order, its cause (by the causes' shares) and where on its node the
 * failed GPU sits; its repair time comes from the process's repair
 * stream. Both streams are the process's own (rng_streams.h), and the
 * draws depend on failure and repair times only, never on the jobs: two
 * sweep points see the same failures (common random numbers).
 *
 * Placement counts free GPUs per node and does not name them, so the job
 * a failed GPU belongs to is found by position: the failed GPU is the
 * floor(u x up)-th of the node's up GPUs, counting the running jobs'
 * GPUs on the node first (in class order, then each class's running
 * list), then the GPU holder's (the inference replicas, struct
 * gpu_holder in run_core.h: what it is stays its own) and the free ones
 * last. With u uniform this gives each job the
 * chance its share of the node's up GPUs, which is exact for exponential
 * clocks and an approximation for Weibull ones (ages are per slot, not
 * per physical GPU held by a job).
 *
 * A replica on a failed component is stopped by its holder (its
 * sequences back to its service's queue, docs/inference.md) and counted
 * there, not among the jobs' interruptions; its failed GPUs go down
 * like a job's. A job on a failed component stops as a whole (world_job_fail: the
 * core's preemption mechanism, losing the work since its last
 * checkpoint, checkpoint_interval_h of its class) and goes back to the
 * queue at its place. The energy of the lost work is its share of the
 * GPU energy of the job's latest stint (exact when its draw per unit of
 * work did not change since the checkpoint).
 *
 * Power of a down part (an assumption: docs/failures.md): a failed GPU
 * draws nothing (its idle draw leaves its node; the host keeps its own),
 * and a failed node is powered off for repair: its GPUs and host draw
 * nothing. A node behind a failed switch draws its idle. A down GPU is neither free nor busy: the facility takes it
 * out of placement (facility_gpus_down).
 *
 * Invariants: every GPU is free, busy or down at every event (asserted,
 * and in the check); the down meter equals the facility's down count;
 * every failure is repaired or still in repair at the end; every job's
 * progress plus its lost work is the work it did.
 */
#include <assert.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_sf_gamma.h>

#include "rng.h"
#include "rng_streams.h"
#include "run_core.h"

struct fproc {
	const struct failure_process *spec;
	int n;              /* components */
	double scale_h;     /* Weibull: the scale giving the mean mtbf_h */
	gsl_rng *fail, *repair;
	double *cum;        /* cumulative cause shares */
	uint64_t *by_cause; /* failures in the window */
	uint64_t *int_by_cause; /* the interruptions they caused */
	uint64_t failures, repairs; /* the whole run */
	int down;           /* components in repair now */
	uint64_t failures_w, interruptions_w;
};

struct failures_state {
	int n;
	struct fproc p[FAILURE_N_KINDS];
	int *gpu_down;            /* per node: its GPUs down by a GPU failure */
	unsigned char *node_down; /* per node: its host failed */
	unsigned char *rack_down; /* per rack: its switch failed */
	unsigned char *unit_down; /* per unit of the chain's last level: it tripped */
	int *out;                 /* per node: GPUs out of placement (facility's down) */
	int *dark;                /* per node: GPUs drawing nothing */
	unsigned char *host_off;  /* per node: its host draws nothing */
	int *failed_out;          /* per node: GPUs out by failures (the down meter's) */
	unsigned char *spare;     /* per node: held as a hot spare */
	int spares, held;         /* the pool's size (cluster.spare_nodes), held now */
	int hits;                 /* jobs the last failure stopped */
	uint64_t swaps_w;         /* spares put in service, in the window */
	unsigned char *whole_out; /* per node: its host or rack switch is down */
	struct meter nodes_down;  /* nodes so, time-weighted */
	double last_nodes_down;   /* its integral at the last sample */
	struct meter down;        /* GPUs down (placement), time-weighted */
	struct meter dark_gpus;   /* GPUs drawing nothing (a switch's keep idle) */
	double last_down;         /* its integral at the last sample */
	double lost_gpu_s, lost_energy_j; /* in the window */
	struct job **victims;     /* scratch: the jobs on a node */
};

static struct failures_state *state_of(struct world *w)
{
	return w->sub[RUN_SUB_FAILURES];
}

static void on_failure(struct sim *s, void *ctx, uint64_t arg);
static void on_repair(struct sim *s, void *ctx, uint64_t arg);
static void spare_hold(struct world *w, struct failures_state *st, int node, int on,
		       sim_time now);

static uint64_t event_arg(int kind, int c)
{
	return (uint64_t)kind << 32 | (uint32_t)c;
}

/* A component's next time to failure, s. */
static double draw_ttf_s(const struct fproc *p)
{
	const struct failure_process *f = p->spec;
	double h = f->distribution == FAILURE_TTF_WEIBULL
			   ? gsl_ran_weibull(p->fail, p->scale_h, f->shape)
			   : gsl_ran_exponential(p->fail, f->mtbf_h);
	return h * 3600.0;
}

static double draw_repair_s(const struct fproc *p)
{
	const struct failure_process *f = p->spec;
	const struct duration_spec *t = &f->repair_trace;
	double h = f->repair == FAILURE_REPAIR_LOGNORMAL
			   ? gsl_ran_lognormal(p->repair, log(f->repair_median_h), f->repair_sigma)
		   : f->repair == FAILURE_REPAIR_EMPIRICAL
			   ? t->samples_h[gsl_rng_uniform_int(p->repair, t->n_samples)]
			   : f->repair_median_h;
	return h * 3600.0;
}

/* Schedule an event of component c after dt_s, if before the horizon. */
static void schedule(struct world *w, sim_handler fn, int kind, int c, double dt_s,
		     sim_time now)
{
	/* past the horizon (a heavy-tailed Weibull or lognormal draw may pass
	 * the range of sim_time too): never, and no tick conversion to overflow */
	if (!(dt_s < clock_to_s(w->horizon - now)))
		return;
	sim_time t = now + clock_from_s(dt_s);
	if (t < w->horizon)
		sim_at(w->sim, t, fn, w, event_arg(kind, c));
}

/* Units of the chain's last level (the facility kind's components). */
static int chain_units(const struct world *w)
{
	return w->chain.n_levels ? w->chain.levels[w->chain.n_levels - 1].spec->units : 0;
}

static int proc_init(struct world *w, struct fproc *p, const struct failure_process *f)
{
	const struct scenario *sc = w->sc;
	p->spec = f;
	p->n = f->kind == FAILURE_GPU	    ? w->fac.total_gpus
	       : f->kind == FAILURE_NODE    ? w->fac.n_nodes
	       : f->kind == FAILURE_NETWORK ? w->fac.n_racks
					    : chain_units(w);
	p->scale_h = f->mtbf_h / gsl_sf_gamma(1.0 + 1.0 / f->shape);
	p->fail = rng_stream_create(sc->seed, sc->replication, rng_stream_failures(f->kind));
	p->repair = rng_stream_create(sc->seed, sc->replication, rng_stream_repairs(f->kind));
	p->cum = malloc(f->n_causes * sizeof *p->cum);
	p->by_cause = calloc(f->n_causes, sizeof *p->by_cause);
	p->int_by_cause = calloc(f->n_causes, sizeof *p->int_by_cause);
	if (!p->fail || !p->repair || !p->cum || !p->by_cause || !p->int_by_cause)
		return -1;
	double c = 0;
	for (size_t i = 0; i < f->n_causes; i++)
		p->cum[i] = c += f->causes[i].share;
	for (int i = 0; i < p->n; i++)
		schedule(w, on_failure, (int)f->kind, i, draw_ttf_s(p), 0);
	return 0;
}

double world_failures_down_window(const struct world *w)
{
	const struct failures_state *st = w->sub[RUN_SUB_FAILURES];
	return meter_window(&st->down);
}

double world_failures_dark_window(const struct world *w)
{
	const struct failures_state *st = w->sub[RUN_SUB_FAILURES];
	return meter_window(&st->dark_gpus);
}

static int failures_init(struct world *w, void *v)
{
	struct failures_state *st = v;
	const struct scenario *sc = w->sc;
	meter_init(&st->down, 0, 0);
	meter_init(&st->dark_gpus, 0, 0);
	meter_init(&st->nodes_down, 0, 0);
	if (sc->n_failures == 0)
		return 0;
	int nodes = w->fac.n_nodes;
	st->gpu_down = calloc((size_t)nodes, sizeof *st->gpu_down);
	st->node_down = calloc((size_t)nodes, 1);
	st->rack_down = calloc((size_t)w->fac.n_racks, 1);
	st->unit_down = calloc((size_t)(chain_units(w) ? chain_units(w) : 1), 1);
	st->out = calloc((size_t)nodes, sizeof *st->out);
	st->dark = calloc((size_t)nodes, sizeof *st->dark);
	st->host_off = calloc((size_t)nodes, 1);
	st->failed_out = calloc((size_t)nodes, sizeof *st->failed_out);
	st->spare = calloc((size_t)nodes, 1);
	st->whole_out = calloc((size_t)nodes, 1);
	st->victims = malloc((size_t)w->fac.gpus_per_node * sizeof *st->victims);
	if (!st->gpu_down || !st->node_down || !st->rack_down || !st->unit_down || !st->out || !st->dark ||
	    !st->host_off || !st->failed_out || !st->spare || !st->whole_out || !st->victims)
		return -1;
	for (size_t i = 0; i < sc->n_failures; i++)
		if (proc_init(w, &st->p[st->n++], &sc->failures[i]) != 0)
			return -1;
	st->spares = sc->spare_nodes;
	for (int node = nodes - 1; node >= nodes - st->spares; node--)
		spare_hold(w, st, node, 1, 0);
	return sim_failed(w->sim) ? -1 : 0;
}

static void failures_fini(struct world *w, void *v)
{
	(void)w;
	struct failures_state *st = v;
	for (int i = 0; i < st->n; i++) {
		if (st->p[i].fail)
			gsl_rng_free(st->p[i].fail);
		if (st->p[i].repair)
			gsl_rng_free(st->p[i].repair);
		free(st->p[i].cum);
		free(st->p[i].by_cause);
		free(st->p[i].int_by_cause);
	}
	free(st->gpu_down);
	free(st->node_down);
	free(st->rack_down);
	free(st->unit_down);
	free(st->out);
	free(st->dark);
	free(st->host_off);
	free(st->failed_out);
	free(st->spare);
	free(st->whole_out);
	free(st->victims);
}

static struct fproc *proc_of(struct failures_state *st, int kind)
{
	for (int i = 0; i < st->n; i++)
		if ((int)st->p[i].spec->kind == kind)
			return &st->p[i];
	assert(0 && "an event of a kind without a process");
	return NULL;
}

static size_t pick_cause(const struct fproc *p, double u)
{
	size_t n = p->spec->n_causes;
	for (size_t i = 0; i + 1 < n; i++)
		if (u < p->cum[i])
			return i;
	return n - 1;
}

/* GPUs job j holds on node. */
static int gpus_on(const struct job *j, int node)
{
	int k = 0;
	for (uint32_t i = 0; i < j->n_allocs; i++)
		if ((int)j->allocs[i].node == node)
			k += (int)j->allocs[i].gpus;
	return k;
}

/* The jobs running on node, in class and running-list order, into
 * st->victims; with pos >= 0, only the one holding the pos-th busy GPU.
 * Their count; *seen the jobs' GPUs counted before it stopped. */
static int jobs_on(struct world *w, struct failures_state *st, int node, int pos, int *seen_out)
{
	int n = 0, seen = 0;
	for (size_t k = 0; k < w->n_groups; k++) {
		for (struct job *j = w->groups[k].running; j; j = j->run_next) {
			int g = gpus_on(j, node);
			if (g == 0)
				continue;
			if (pos < 0) {
				st->victims[n++] = j;
			} else if (pos < seen + g) {
				st->victims[0] = j;
				*seen_out = seen;
				return 1;
			}
			seen += g;
		}
	}
	*seen_out = seen;
	return n;
}

/* Interrupt the n jobs in st->victims, for a failure of cause: each
 * stops and is requeued. */
static void interrupt(struct world *w, struct failures_state *st, struct fproc *p,
		      size_t cause, int n, sim_time now)
{
	int measured = now >= w->warmup;
	st->hits += n;
	for (int i = 0; i < n; i++) {
		struct job *j = st->victims[i];
		double lost = world_job_fail(w, j, now);
		double worked = j->worked_s - j->run_worked0_s;
		double energy = j->energy_j - j->run_energy0_j;
		if (!measured)
			continue;
		p->interruptions_w++;
		p->int_by_cause[cause]++;
		st->lost_gpu_s += lost * j->gpus;
		st->lost_energy_j += worked > 0 ? energy * lost / worked : 0;
	}
}

/* Stop what holds node's GPUs for a failure of cause: with pos < 0 every
 * job on it and everything the GPU holder (the inference replicas) has
 * there; with pos >= 0 what holds its pos-th busy GPU, the jobs' GPUs
 * counted first, then the holder's in its own order. */
static void stop_on(struct world *w, struct failures_state *st, struct fproc *p, size_t cause,
		    int node, int pos, sim_time now)
{
	int seen = 0, n = jobs_on(w, st, node, pos, &seen);
	interrupt(w, st, p, cause, n, now);
	if (pos < 0 || n == 0)
		st->hits += world_holder_fail(w, node, pos < 0 ? -1 : pos - seen, now);
}

/* node's draw moved: the chain follows its rack. */
static void node_power(struct world *w, int node, double gpu_dw, double host_dw, sim_time now)
{
	facility_node_load(&w->fac, node, gpu_dw, host_dw, now);
	if (w->chain.n_levels > 0) {
		int rack = node / w->fac.nodes_per_rack;
		power_chain_rack(&w->chain, rack, facility_rack_w(&w->fac, rack));
	}
}

/*
 * What a node's parts' states make of it: its GPUs out of placement (all
 * when its host or its rack's switch is down, else its failed ones), its
 * GPUs drawing nothing (all when its host is off, else its failed ones;
 * a node behind a failed switch stays powered, idle) and its host's draw.
 */
/* node has no power: its host failed, or the chain unit feeding its rack
 * tripped */
static int node_unpowered(const struct world *w, const struct failures_state *st, int node)
{
	int rack = node / w->fac.nodes_per_rack;
	return st->node_down[node] || (w->chain.n_levels && st->unit_down[w->chain.rack_unit[rack]]);
}

static int node_failed_out(const struct world *w, const struct failures_state *st, int node)
{
	return node_unpowered(w, st, node) || st->rack_down[node / w->fac.nodes_per_rack]
		       ? w->fac.gpus_per_node
		       : st->gpu_down[node];
}

static int node_dark(const struct world *w, const struct failures_state *st, int node)
{
	return node_unpowered(w, st, node) ? w->fac.gpus_per_node : st->gpu_down[node];
}

/* Bring node's placement, power and the down meter to its parts' states
 * (the jobs on what went down already stopped). */
static void node_sync(struct world *w, struct failures_state *st, int node, sim_time now)
{
	const int g = w->fac.gpus_per_node;
	int failed = node_failed_out(w, st, node), dark = node_dark(w, st, node);
	int out = st->spare[node] ? g : failed; /* a held spare is out of placement */
	int d_out = out - st->out[node], d_dark = dark - st->dark[node];
	int host_off = node_unpowered(w, st, node);
	int d_host = host_off - st->host_off[node];
	int d_failed = failed - st->failed_out[node];
	st->failed_out[node] = failed;
	st->out[node] = out;
	st->dark[node] = dark;
	st->host_off[node] = (unsigned char)host_off;
	if (d_out > 0)
		facility_gpus_down(&w->fac, node, d_out);
	else if (d_out < 0)
		facility_gpus_up(&w->fac, node, -d_out);
	if (d_dark != 0 || d_host != 0)
		node_power(w, node, -d_dark * w->gpu.idle_w, -d_host * w->sc->node.host_idle_w, now);
	if (d_failed != 0)
		meter_add(&st->down, now, d_failed);
	if (d_dark != 0)
		meter_add(&st->dark_gpus, now, d_dark);
	int whole = node_unpowered(w, st, node) || st->rack_down[node / w->fac.nodes_per_rack];
	if (whole != st->whole_out[node])
		meter_add(&st->nodes_down, now, whole ? 1 : -1);
	st->whole_out[node] = (unsigned char)whole;
}

/* A GPU of node fails; u places it among the node's GPUs that have not
 * failed. */
static void gpu_fails(struct world *w, struct failures_state *st, struct fproc *p,
		      size_t cause, int node, double u, sim_time now)
{
	int g = w->fac.gpus_per_node;
	int up = g - st->gpu_down[node];
	int placeable = st->out[node] < g; /* no job runs on a node that is out (or held) */
	st->gpu_down[node]++;
	if (placeable) {
		int busy = up - w->fac.free_per_node[node];
		int pos = (int)floor(u * up);
		if (pos < busy)
			stop_on(w, st, p, cause, node, pos, now);
	}
	node_sync(w, st, node, now);
}

static void node_fails(struct world *w, struct failures_state *st, struct fproc *p,
		       size_t cause, int node, sim_time now)
{
	assert(!st->node_down[node]); /* a component is not failed twice */
	st->node_down[node] = 1;
	stop_on(w, st, p, cause, node, -1, now);
	node_sync(w, st, node, now);
}

/* A rack's switch fails: every node of the rack leaves the fabric, and
 * every job on one of them stops (a job on two of its nodes once). */
static void rack_fails(struct world *w, struct failures_state *st, struct fproc *p,
		       size_t cause, int rack, sim_time now)
{
	assert(!st->rack_down[rack]);
	st->rack_down[rack] = 1;
	int first = rack * w->fac.nodes_per_rack;
	for (int node = first; node < first + w->fac.nodes_per_rack; node++) {
		stop_on(w, st, p, cause, node, -1, now);
		node_sync(w, st, node, now);
	}
}

/* A unit of the chain's last level trips: every rack it feeds loses
 * power, its nodes go dark and their jobs stop. The nodes it took off. */
static int unit_fails(struct world *w, struct failures_state *st, struct fproc *p, size_t cause,
		      int unit, sim_time now)
{
	assert(!st->unit_down[unit]);
	st->unit_down[unit] = 1;
	int nodes = 0;
	for (int rack = 0; rack < w->fac.n_racks; rack++) {
		if (w->chain.rack_unit[rack] != unit)
			continue;
		int first = rack * w->fac.nodes_per_rack;
		for (int node = first; node < first + w->fac.nodes_per_rack; node++, nodes++) {
			stop_on(w, st, p, cause, node, -1, now);
			node_sync(w, st, node, now);
		}
	}
	return nodes;
}

static void unit_repaired(struct world *w, struct failures_state *st, int unit, sim_time now)
{
	st->unit_down[unit] = 0;
	for (int rack = 0; rack < w->fac.n_racks; rack++) {
		if (w->chain.rack_unit[rack] != unit)
			continue;
		int first = rack * w->fac.nodes_per_rack;
		for (int node = first; node < first + w->fac.nodes_per_rack; node++)
			node_sync(w, st, node, now);
	}
}

/*
 * Hot spares (cluster.spare_nodes): whole nodes held idle, powered and
 * out of placement. A failure that stops a job puts as many healthy
 * spares in service as it took nodes off (one for a GPU or a host, the
 * rack's nodes for a switch), before the stopped jobs are offered GPUs,
 * so they restart at once. The pool refills after every failure and
 * repair from whole free healthy nodes, the highest-numbered first.
 */
static void spare_hold(struct world *w, struct failures_state *st, int node, int on,
		       sim_time now)
{
	st->spare[node] = (unsigned char)on;
	st->held += on ? 1 : -1;
	node_sync(w, st, node, now);
}

static void spares_swap_in(struct world *w, struct failures_state *st, int nodes, sim_time now)
{
	for (int node = 0; node < w->fac.n_nodes && nodes > 0; node++) {
		if (!st->spare[node] || st->failed_out[node] != 0)
			continue;
		spare_hold(w, st, node, 0, now);
		nodes--;
		st->swaps_w += now >= w->warmup;
	}
}

static void spares_refill(struct world *w, struct failures_state *st, sim_time now)
{
	const int g = w->fac.gpus_per_node;
	for (int node = w->fac.n_nodes - 1; node >= 0 && st->held < st->spares; node--)
		if (!st->spare[node] && w->fac.free_per_node[node] == g)
			spare_hold(w, st, node, 1, now);
}

/* GPUs held as spares that have not failed (for the asserts: the
 * facility's down GPUs are the failed ones and these). */
static int spares_up(const struct world *w, const struct failures_state *st)
{
	int up = 0;
	for (int node = 0; st->held > 0 && node < w->fac.n_nodes; node++)
		up += st->spare[node] ? w->fac.gpus_per_node - st->failed_out[node] : 0;
	return up;
}

static void on_failure(struct sim *s, void *ctx, uint64_t arg)
{
	struct world *w = ctx;
	struct failures_state *st = state_of(w);
	sim_time now = sim_now(s);
	int kind = (int)(arg >> 32), c = (int)(uint32_t)arg;
	struct fproc *p = proc_of(st, kind);
	/* always both, in this order: the streams never depend on the jobs */
	double u_cause = gsl_rng_uniform(p->fail), u_place = gsl_rng_uniform(p->fail);
	size_t cause = pick_cause(p, u_cause);
	p->failures++;
	p->down++;
	if (now >= w->warmup) {
		p->failures_w++;
		p->by_cause[cause]++;
	}
	schedule(w, on_repair, kind, c, draw_repair_s(p), now);
	st->hits = 0;
	int took = 1; /* nodes it took off */
	if (kind == FAILURE_GPU) {
		gpu_fails(w, st, p, cause, c / w->fac.gpus_per_node, u_place, now);
	} else if (kind == FAILURE_NODE) {
		node_fails(w, st, p, cause, c, now);
	} else if (kind == FAILURE_NETWORK) {
		rack_fails(w, st, p, cause, c, now);
		took = w->fac.nodes_per_rack;
	} else {
		took = unit_fails(w, st, p, cause, c, now);
	}
	if (st->hits > 0 && st->held > 0)
		spares_swap_in(w, st, took, now);
	assert(world_gpus_accounted(w) &&
	       st->down.value + spares_up(w, st) == w->fac.down_gpus);
	world_power_changed(w, now);
	world_dispatch(w);
	if (st->spares > 0) {
		spares_refill(w, st, now);
		world_power_changed(w, now);
	}
}

static void on_repair(struct sim *s, void *ctx, uint64_t arg)
{
	struct world *w = ctx;
	struct failures_state *st = state_of(w);
	sim_time now = sim_now(s);
	int kind = (int)(arg >> 32), c = (int)(uint32_t)arg;
	struct fproc *p = proc_of(st, kind);
	p->repairs++;
	p->down--;
	if (kind == FAILURE_GPU) {
		int node = c / w->fac.gpus_per_node;
		st->gpu_down[node]--;
		node_sync(w, st, node, now);
	} else if (kind == FAILURE_NODE) {
		st->node_down[c] = 0;
		node_sync(w, st, c, now);
	} else if (kind == FAILURE_NETWORK) {
		st->rack_down[c] = 0;
		int first = c * w->fac.nodes_per_rack;
		for (int node = first; node < first + w->fac.nodes_per_rack; node++)
			node_sync(w, st, node, now);
	} else {
		unit_repaired(w, st, c, now);
	}
	schedule(w, on_failure, kind, c, draw_ttf_s(p), now); /* a new part */
	assert(world_gpus_accounted(w) &&
	       st->down.value + spares_up(w, st) == w->fac.down_gpus);
	world_power_changed(w, now);
	world_dispatch(w);
	if (st->spares > 0) {
		spares_refill(w, st, now);
		world_power_changed(w, now);
	}
}

static void failures_mark(struct world *w, void *v, sim_time now)
{
	(void)w;
	struct failures_state *st = v;
	meter_mark(&st->down, now);
	meter_mark(&st->dark_gpus, now);
	meter_mark(&st->nodes_down, now);
}

static void failures_flush(struct world *w, void *v, sim_time now)
{
	(void)w;
	struct failures_state *st = v;
	meter_flush(&st->down, now);
	meter_flush(&st->dark_gpus, now);
	meter_flush(&st->nodes_down, now);
}

static void failures_sample(struct world *w, void *v, double span, struct ts_row *row)
{
	(void)w;
	struct failures_state *st = v;
	row->gpus_down = (st->down.integral - st->last_down) / span;
	st->last_down = st->down.integral;
	row->nodes_down = (st->nodes_down.integral - st->last_nodes_down) / span;
	st->last_nodes_down = st->nodes_down.integral;
}

static int cause_records(struct world *w, struct failures_state *st)
{
	size_t n = 0;
	for (int i = 0; i < st->n; i++)
		n += st->p[i].spec->n_causes;
	if (n == 0)
		return 0;
	struct failure_cause_record *r = calloc(n, sizeof *r);
	if (!r)
		return -1;
	w->res->failure_causes = r;
	w->res->n_failure_causes = n;
	for (int i = 0; i < st->n; i++) {
		const struct failure_process *f = st->p[i].spec;
		for (size_t c = 0; c < f->n_causes; c++, r++) {
			snprintf(r->kind, sizeof r->kind, "%s", scenario_failure_kind_names[f->kind]);
			snprintf(r->cause, sizeof r->cause, "%s", f->causes[c].name);
			r->share = f->causes[c].share;
			r->failures = st->p[i].by_cause[c];
			r->interruptions = st->p[i].int_by_cause[c];
		}
	}
	return 0;
}

static int failures_kpis(struct world *w, void *v, struct run_kpis *k, double window)
{
	struct failures_state *st = v;
	for (int i = 0; i < st->n; i++) {
		const struct fproc *p = &st->p[i];
		k->component_failures += p->failures_w;
		k->failure_interruptions += p->interruptions_w;
		if (p->spec->kind == FAILURE_GPU)
			k->failure_interruptions_gpu += p->interruptions_w;
		else if (p->spec->kind == FAILURE_NODE)
			k->failure_interruptions_node += p->interruptions_w;
		else if (p->spec->kind == FAILURE_NETWORK)
			k->failure_interruptions_network += p->interruptions_w;
		else
			k->failure_interruptions_facility += p->interruptions_w;
	}
	k->failure_lost_gpu_hours = st->lost_gpu_s / 3600.0;
	k->spare_swaps = st->swaps_w;
	k->failure_lost_energy_mwh = st->lost_energy_j / 3.6e9;
	double gpu_ticks = window * w->fac.total_gpus;
	k->gpu_availability = gpu_ticks > 0 ? 1.0 - meter_window(&st->down) / gpu_ticks
					    : (double)NAN;
	/* allocated GPU-hours, and the work lost to failures and to preemptions
	 * (the cap's and the queue's KPIs: CAP and QUEUE come before FAILURES in
	 * RUN_SUBS, so they are filled) */
	double alloc_h = count_meter_window(&w->fac.busy) / (double)SIM_TICKS_PER_S / 3600.0;
	double pre = isnan(k->preempted_work_lost_gpu_hours) ? 0 : k->preempted_work_lost_gpu_hours;
	pre += k->priority_preempted_lost_gpu_hours;
	/* (and the core's checkpoint and restart GPU-hours, filled before) */
	double held = k->checkpoint_gpu_hours + k->restart_gpu_hours;
	k->goodput = alloc_h > 0 ? (alloc_h - k->failure_lost_gpu_hours - pre - held) / alloc_h
				 : (double)NAN;
	return cause_records(w, st);
}

/* Every running or queued job's progress plus lost work is its work done. */
static int check_job(struct diag *d, const char *src, const struct job *j)
{
	double progress = j->work_total_s - j->work_s;
	if (fabs(j->worked_s - (progress + j->lost_s)) <= 1e-9 * j->work_total_s + 1e-6)
		return 0;
	diag_add(d, "%s: conservation broken: job %llu did %.9g s of work, progress %.9g s + "
		 "lost %.9g s", src, (unsigned long long)j->id, j->worked_s, progress, j->lost_s);
	return -1;
}

static int failures_check(struct world *w, void *v, struct diag *d)
{
	struct failures_state *st = v;
	const char *src = w->sc->source;
	int rc = 0;
	for (int i = 0; i < st->n; i++) {
		const struct fproc *p = &st->p[i];
		if (p->failures != p->repairs + (uint64_t)p->down || p->down < 0) {
			diag_add(d, "%s: conservation broken: %s failures %llu != repaired %llu + "
				 "in repair %d", src, scenario_failure_kind_names[p->spec->kind],
				 (unsigned long long)p->failures, (unsigned long long)p->repairs,
				 p->down);
			rc = -1;
		}
	}
	/* out of placement: the failed GPUs (the meter) and the held spares' others */
	int spare = st->n > 0 ? spares_up(w, st) : 0;
	if (st->down.value + spare != w->fac.down_gpus || !world_gpus_accounted(w) ||
	    st->held > st->spares) {
		diag_add(d, "%s: conservation broken: GPUs free %d + busy %lld + out %d (down %g, "
			 "held spare %d) != installed %d", src, w->fac.free_gpus,
			 (long long)w->fac.busy.value,
			 w->fac.down_gpus, st->down.value, spare, w->fac.total_gpus);
		rc = -1;
	}
	for (size_t k = 0; k < w->n_groups; k++)
		for (const struct job *j = w->groups[k].running; j; j = j->run_next)
			rc |= check_job(d, src, j);
	for (const struct job *j = w->sched.head; j; j = j->next)
		rc |= check_job(d, src, j);
	return rc;
}

const struct run_sub_ops world_failures_ops = {
	.name = "failures",
	.size = sizeof(struct failures_state),
	.init = failures_init,
	.fini = failures_fini,
	.mark = failures_mark,
	.flush = failures_flush,
	.sample = failures_sample,
	.kpis = failures_kpis,
	.check = failures_check,
};
