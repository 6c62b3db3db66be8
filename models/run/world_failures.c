/*
 * world_failures.c - components fail and are repaired; a failure
 * interrupts the jobs on the component, which go back to the queue and
 * resume from their last checkpoint.
 *
 * Each process (scenario "failures", one per kind) gives every component
 * of its kind its own clock: a time to failure (exponential, or Weibull
 * scaled to the MTBF) drawn when the run starts and after each repair,
 * as a new part. Kinds: a GPU (its node's other GPUs stay up) and a node
 * (its host: CPU, memory, NIC, PSU; all its GPUs go down with it). A
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
 * list) and the free ones last. With u uniform this gives each job the
 * chance its share of the node's up GPUs, which is exact for exponential
 * clocks and an approximation for Weibull ones (ages are per slot, not
 * per physical GPU held by a job).
 *
 * A job on a failed component stops as a whole (world_job_fail: the
 * core's preemption mechanism, losing the work since its last
 * checkpoint, checkpoint_interval_h of its class) and goes back to the
 * queue at its place. The energy of the lost work is its share of the
 * GPU energy of the job's latest stint (exact when its draw per unit of
 * work did not change since the checkpoint).
 *
 * Power of a down part (an assumption: docs/failures.md): a failed GPU
 * draws nothing (its idle draw leaves its node; the host keeps its own),
 * and a failed node is powered off for repair: its GPUs and host draw
 * nothing. A down GPU is neither free nor busy: the facility takes it
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
	struct meter down;        /* GPUs down (placement), time-weighted */
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
	double h = f->repair == FAILURE_REPAIR_LOGNORMAL
			   ? gsl_ran_lognormal(p->repair, log(f->repair_median_h), f->repair_sigma)
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

static int proc_init(struct world *w, struct fproc *p, const struct failure_process *f)
{
	const struct scenario *sc = w->sc;
	p->spec = f;
	p->n = f->kind == FAILURE_GPU ? w->fac.total_gpus : w->fac.n_nodes;
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

static int failures_init(struct world *w, void *v)
{
	struct failures_state *st = v;
	const struct scenario *sc = w->sc;
	meter_init(&st->down, 0, 0);
	if (sc->n_failures == 0)
		return 0;
	int nodes = w->fac.n_nodes;
	st->gpu_down = calloc((size_t)nodes, sizeof *st->gpu_down);
	st->node_down = calloc((size_t)nodes, 1);
	st->victims = malloc((size_t)w->fac.gpus_per_node * sizeof *st->victims);
	if (!st->gpu_down || !st->node_down || !st->victims)
		return -1;
	for (size_t i = 0; i < sc->n_failures; i++)
		if (proc_init(w, &st->p[st->n++], &sc->failures[i]) != 0)
			return -1;
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
 * Their count. */
static int jobs_on(struct world *w, struct failures_state *st, int node, int pos)
{
	int n = 0, seen = 0;
	for (size_t k = 0; k < w->sc->n_classes; k++) {
		for (struct job *j = w->cls[k].running; j; j = j->run_next) {
			int g = gpus_on(j, node);
			if (g == 0)
				continue;
			if (pos < 0) {
				st->victims[n++] = j;
			} else if (pos < seen + g) {
				st->victims[0] = j;
				return 1;
			}
			seen += g;
		}
	}
	return n;
}

/* Interrupt the n jobs in st->victims, for a failure of cause: each
 * stops and is requeued. */
static void interrupt(struct world *w, struct failures_state *st, struct fproc *p,
		      size_t cause, int n, sim_time now)
{
	int measured = now >= w->warmup;
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

/* node's draw moved: the chain follows its rack. */
static void node_power(struct world *w, int node, double gpu_dw, double host_dw, sim_time now)
{
	facility_node_load(&w->fac, node, gpu_dw, host_dw, now);
	if (w->chain.n_levels > 0) {
		int rack = node / w->fac.nodes_per_rack;
		power_chain_rack(&w->chain, rack, facility_rack_w(&w->fac, rack));
	}
}

/* A GPU of node fails; u places it among the node's up GPUs. */
static void gpu_fails(struct world *w, struct failures_state *st, struct fproc *p,
		      size_t cause, int node, double u, sim_time now)
{
	int g = w->fac.gpus_per_node;
	int up = g - st->gpu_down[node];
	st->gpu_down[node]++;
	if (st->node_down[node])
		return; /* its node is off already: nothing more goes down */
	int busy = up - w->fac.free_per_node[node];
	int pos = (int)floor(u * up);
	if (pos < busy)
		interrupt(w, st, p, cause, jobs_on(w, st, node, pos), now);
	facility_gpus_down(&w->fac, node, 1);
	node_power(w, node, -w->gpu.idle_w, 0, now);
	meter_add(&st->down, now, 1);
}

static void node_fails(struct world *w, struct failures_state *st, struct fproc *p,
		       size_t cause, int node, sim_time now)
{
	assert(!st->node_down[node]); /* a component is not failed twice */
	st->node_down[node] = 1;
	interrupt(w, st, p, cause, jobs_on(w, st, node, -1), now);
	int k = w->fac.gpus_per_node - st->gpu_down[node];
	facility_gpus_down(&w->fac, node, k);
	node_power(w, node, -k * w->gpu.idle_w, -w->sc->node.host_idle_w, now);
	meter_add(&st->down, now, k);
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
	if (kind == FAILURE_GPU)
		gpu_fails(w, st, p, cause, c / w->fac.gpus_per_node, u_place, now);
	else
		node_fails(w, st, p, cause, c, now);
	assert(world_gpus_accounted(w) && st->down.value == w->fac.down_gpus);
	world_power_changed(w, now);
	world_dispatch(w);
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
		if (!st->node_down[node]) {
			facility_gpus_up(&w->fac, node, 1);
			node_power(w, node, w->gpu.idle_w, 0, now);
			meter_add(&st->down, now, -1);
		}
	} else {
		st->node_down[c] = 0;
		int k = w->fac.gpus_per_node - st->gpu_down[c];
		facility_gpus_up(&w->fac, c, k);
		node_power(w, c, k * w->gpu.idle_w, w->sc->node.host_idle_w, now);
		meter_add(&st->down, now, -k);
	}
	schedule(w, on_failure, kind, c, draw_ttf_s(p), now); /* a new part */
	assert(world_gpus_accounted(w) && st->down.value == w->fac.down_gpus);
	world_power_changed(w, now);
	world_dispatch(w);
}

static void failures_mark(struct world *w, void *v, sim_time now)
{
	(void)w;
	struct failures_state *st = v;
	meter_mark(&st->down, now);
}

static void failures_flush(struct world *w, void *v, sim_time now)
{
	(void)w;
	struct failures_state *st = v;
	meter_flush(&st->down, now);
}

static void failures_sample(struct world *w, void *v, double span, struct ts_row *row)
{
	(void)w;
	struct failures_state *st = v;
	row->gpus_down = (st->down.integral - st->last_down) / span;
	st->last_down = st->down.integral;
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
		else
			k->failure_interruptions_node += p->interruptions_w;
	}
	k->failure_lost_gpu_hours = st->lost_gpu_s / 3600.0;
	k->failure_lost_energy_mwh = st->lost_energy_j / 3.6e9;
	double gpu_ticks = window * w->fac.total_gpus;
	k->gpu_availability = gpu_ticks > 0 ? 1.0 - meter_window(&st->down) / gpu_ticks
					    : (double)NAN;
	/* allocated GPU-hours, and the work lost to failures and to preemptions
	 * (the cap's KPI: CAP comes before FAILURES in RUN_SUBS, so it is filled) */
	double alloc_h = meter_window(&w->fac.busy) / (double)SIM_TICKS_PER_S / 3600.0;
	double pre = isnan(k->preempted_work_lost_gpu_hours) ? 0 : k->preempted_work_lost_gpu_hours;
	k->goodput = alloc_h > 0 ? (alloc_h - k->failure_lost_gpu_hours - pre) / alloc_h
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
	if (st->down.value != w->fac.down_gpus || !world_gpus_accounted(w)) {
		diag_add(d, "%s: conservation broken: GPUs free %d + busy %g + down %d (meter %g) "
			 "!= installed %d", src, w->fac.free_gpus, w->fac.busy.value,
			 w->fac.down_gpus, st->down.value, w->fac.total_gpus);
		rc = -1;
	}
	for (size_t k = 0; k < w->sc->n_classes; k++)
		for (const struct job *j = w->cls[k].running; j; j = j->run_next)
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
