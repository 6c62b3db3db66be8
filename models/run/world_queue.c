/*
 * world_queue.c - how the queue treated the jobs: waits by class and by
 * size, bounded slowdowns, and the jobs backfilling started.
 *
 * Bounded slowdown (Feitelson, Rudolph, Schwiegelshohn, Sevcik and Wong,
 * "Theory and practice in parallel job scheduling", JSSPP 1997): a
 * completed job's response time (end - submit) over its run time, the
 * run time floored at 10 s so that very short jobs do not dominate, and
 * the ratio floored at 1. The run time is its work at full speed, so a
 * job slowed by a cap or restarted after a stop counts as slowed down.
 *
 * Size buckets 1, 2-4, 5-8 and more than 8 GPUs: the groups Jeon et al.
 * use for the Philly trace's queueing delays (ATC 2019, section 3).
 *
 * Preemptions for priority and of spot jobs (world_preempt.c) and the
 * work they lost; billed GPU-hours (each run of a measured job, from its
 * start to its stop or the horizon) x workload.gpu_hour_usd x its class's
 * price_factor, so a spot class's discount shows in compute_cost_usd.
 *
 * Placement: the mean racks and pods (with cluster.racks_per_pod) a job's
 * first placement spans; jobs.csv gives each job's latest.
 *
 * Measured jobs only (submitted after warm-up). State: struct queue_sub;
 * no hooks: the core tells it of each first start (world_queue_started)
 * and each completion (world_queue_completed).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "run_core.h"

#define BSLD_FLOOR_S 10.0

static const int bucket_max[QUEUE_BUCKETS] = { 1, 4, 8, INT32_MAX };
static const char *const bucket_names[QUEUE_BUCKETS] = { "1", "2-4", "5-8", "9+" };

struct queue_group {
	uint64_t started, completed;
	double wait_s, bsld;
};

struct queue_sub {
	struct queue_group *by_class; /* n_classes */
	double racks, pods;           /* summed over measured first starts */
	struct meter frag;            /* free GPUs no queued job can be placed on (with pods) */
	/* fair share: per class, the decayed GPU-seconds of finished runs (v)
	 * and of running jobs' starts (a), both scaled to t_ref, and the GPUs
	 * running (g); the priority bonus the scheduler reads */
	double *fs_v, *fs_a, *fs_g, *fs_bonus;
	double fs_lambda;             /* decay per tick */
	sim_time fs_ref;
	int64_t *class_gpu_ticks;     /* GPU-ticks run by measured jobs, per class */
	uint64_t bumped[2];           /* preemptions for priority, of spot jobs */
	double bumped_lost_gpu_s;
	struct queue_group by_size[QUEUE_BUCKETS];
	struct queue_group all;       /* the sum of the classes', at the end */
	uint64_t backfilled;
};

static inline int bucket_of(int gpus)
{
	return gpus <= bucket_max[0] ? 0 : gpus <= bucket_max[1] ? 1 : gpus <= bucket_max[2] ? 2 : 3;
}

double world_queue_bsld(const struct job *j)
{
	double run = j->work_total_s, resp = clock_to_s(j->end - j->submit);
	double b = resp / (run > BSLD_FLOOR_S ? run : BSLD_FLOOR_S);
	return b > 1 ? b : 1;
}

static int queue_init(struct world *w, void *st)
{
	struct queue_sub *q = st;
	size_t nc = w->sc->n_classes ? w->sc->n_classes : 1;
	q->by_class = calloc(nc, sizeof *q->by_class);
	q->class_gpu_ticks = calloc(nc, sizeof *q->class_gpu_ticks);
	meter_init(&q->frag, 0, 0);
	if (w->sc->fair_share_weight > 0) {
		q->fs_v = calloc(4 * nc, sizeof *q->fs_v);
		if (!q->fs_v)
			return -1;
		q->fs_a = q->fs_v + nc;
		q->fs_g = q->fs_a + nc;
		q->fs_bonus = q->fs_g + nc;
		q->fs_lambda = log(2.0) / (w->sc->fair_share_half_life_h * (double)SIM_TICKS_PER_H);
		w->sched.class_bonus = q->fs_bonus;
	}
	return q->by_class && q->class_gpu_ticks ? 0 : -1;
}

static void queue_fini(struct world *w, void *st)
{
	(void)w;
	free(((struct queue_sub *)st)->by_class);
	free(((struct queue_sub *)st)->class_gpu_ticks);
	free(((struct queue_sub *)st)->fs_v);
}

/* At every first start and every end of a measured job: the class's and
 * the size's groups only (the whole is their sum, at the end), so the
 * M/M/c path pays two updates (bench/callgrind.sh). */
void world_queue_started(struct world *w, const struct job *j, double wait_s)
{
	struct queue_sub *q = w->sub[RUN_SUB_QUEUE];
	struct queue_group *c = &q->by_class[j->class_index], *s = &q->by_size[bucket_of(j->gpus)];
	c->started++;
	c->wait_s += wait_s;
	s->started++;
	s->wait_s += wait_s;
	q->backfilled += (uint64_t)j->backfilled;
	q->racks += j->racks;
	q->pods += j->pods;
}

void world_queue_completed(struct world *w, const struct job *j)
{
	if (!j->measured)
		return;
	struct queue_sub *q = w->sub[RUN_SUB_QUEUE];
	double b = world_queue_bsld(j);
	struct queue_group *c = &q->by_class[j->class_index], *s = &q->by_size[bucket_of(j->gpus)];
	c->completed++;
	c->bsld += b;
	s->completed++;
	s->bsld += b;
}

/*
 * Fragmentation, after each dispatch (with pods): when jobs are queued
 * and none of the first scheduler.backfill_depth of them can be placed on
 * the free GPUs (by count or by nodes), those GPUs are free but of no use
 * to the queue; their GPU-hours are fragmented_gpu_hours. A queued job
 * that could be placed but waits for a policy's reason (FCFS's head, a
 * reservation, power) counts as able: that is not fragmentation.
 */
void world_queue_fragmentation(struct world *w, sim_time now)
{
	struct queue_sub *q = w->sub[RUN_SUB_QUEUE];
	double unusable = 0;
	if (w->sched.head && w->fac.free_gpus > 0) {
		unusable = w->fac.free_gpus;
		int n = 0;
		for (struct job *j = w->sched.head; j && n <= w->sc->backfill_depth;
		     j = j->next, n++) {
			int rc = facility_fit(&w->fac, j, j->gpus);
			j->n_allocs = 0;
			if (rc <= 0) { /* it fits (or memory ran out: count none) */
				unusable = 0;
				break;
			}
		}
	}
	meter_set(&q->frag, now, unusable);
}

static void queue_mark(struct world *w, void *st, sim_time now)
{
	(void)w;
	meter_mark(&((struct queue_sub *)st)->frag, now);
}

static void queue_flush(struct world *w, void *st, sim_time now)
{
	(void)w;
	meter_flush(&((struct queue_sub *)st)->frag, now);
}

/*
 * Fair share (Slurm's classic fair-share factor, F = 2^(-U / S),
 * slurm.schedmd.com/classic_fair_share.html): U is a class's share of the decayed
 * GPU-hours every class has used, S its share of the shares. Usage decays
 * exponentially with the half-life; with g GPUs running from a to b it is
 * g (e^(-L (t - b)) - e^(-L (t - a))) / L at t. Kept exactly, without a
 * walk over the running jobs: finished runs in v, running ones as the sum
 * of g e^(L (start - t_ref)) in a, so U(t) = e^(-L (t - t_ref)) (v + (G
 * e^(L (t - t_ref)) - a) / L). t_ref moves before the exponents grow past
 * e^500. The bonus, weight x F, joins each queued job's priority at every
 * dispatch (scheduler_age).
 */
static double fs_up(const struct queue_sub *q, sim_time t)
{
	return exp(q->fs_lambda * (double)(t - q->fs_ref));
}

void world_queue_began(struct world *w, const struct job *j, sim_time now)
{
	struct queue_sub *q = w->sub[RUN_SUB_QUEUE];
	if (!q->fs_v)
		return;
	q->fs_a[j->class_index] += j->gpus * fs_up(q, now);
	q->fs_g[j->class_index] += j->gpus;
}

void world_queue_ran(struct world *w, const struct job *j, sim_time now)
{
	struct queue_sub *q = w->sub[RUN_SUB_QUEUE];
	if (j->measured)
		q->class_gpu_ticks[j->class_index] += j->gpus * (now - j->run_since);
	if (!q->fs_v)
		return;
	const size_t k = j->class_index;
	double a = j->gpus * fs_up(q, j->run_since);
	q->fs_v[k] += (j->gpus * fs_up(q, now) - a) / q->fs_lambda;
	q->fs_a[k] -= a;
	q->fs_g[k] -= j->gpus;
}

void world_queue_fair_share(struct world *w, sim_time now)
{
	struct queue_sub *q = w->sub[RUN_SUB_QUEUE];
	const size_t nc = w->sc->n_classes;
	if (q->fs_lambda * (double)(now - q->fs_ref) > 500) { /* rebase: scale everything down */
		double down = 1.0 / fs_up(q, now);
		for (size_t k = 0; k < nc; k++) {
			q->fs_v[k] *= down;
			q->fs_a[k] *= down;
		}
		q->fs_ref = now;
	}
	double up = fs_up(q, now), used = 0, shares = 0;
	for (size_t k = 0; k < nc; k++) {
		/* the bonus array holds each class's usage until it becomes the bonus */
		q->fs_bonus[k] = (q->fs_v[k] + (q->fs_g[k] * up - q->fs_a[k]) / q->fs_lambda) / up;
		used += q->fs_bonus[k];
		shares += w->sc->classes[k].shares;
	}
	for (size_t k = 0; k < nc; k++) {
		double u = used > 0 ? q->fs_bonus[k] / used : 0;
		double s = w->sc->classes[k].shares / shares;
		q->fs_bonus[k] = w->sc->fair_share_weight * pow(2.0, -u / s);
	}
}

void world_queue_preempted(struct world *w, const struct job *r, int spot, double lost_gpu_s)
{
	struct queue_sub *q = w->sub[RUN_SUB_QUEUE];
	if (!r->measured)
		return;
	q->bumped[spot ? 1 : 0]++;
	q->bumped_lost_gpu_s += lost_gpu_s;
}

/* Billed GPU-hours and what they cost: every measured run, those still
 * running at the horizon up to it. */
static void fill_billing(const struct world *w, const struct queue_sub *q, struct run_kpis *k)
{
	double spot_s = 0, usd = 0;
	for (size_t c = 0; c < w->sc->n_classes; c++) {
		const struct job_class_spec *cs = &w->sc->classes[c];
		double s = clock_to_s(q->class_gpu_ticks[c]);
		for (size_t g = w->group_first[c]; g < w->group_first[c + 1]; g++)
			for (const struct job *j = w->groups[g].running; j; j = j->run_next)
				if (j->measured)
					s += j->gpus * clock_to_s(w->horizon - j->run_since);
		spot_s += cs->spot ? s : 0;
		usd += s / 3600.0 * w->sc->gpu_hour_usd * cs->price_factor;
	}
	k->spot_gpu_hours = spot_s / 3600.0;
	k->compute_cost_usd = usd;
}

static void put_group(struct queue_record *r, const char *kind, const char *name,
		      const struct queue_group *g)
{
	memset(r, 0, sizeof *r);
	snprintf(r->kind, sizeof r->kind, "%s", kind);
	snprintf(r->group, sizeof r->group, "%s", name);
	r->jobs_started = g->started;
	r->wait_mean_s = g->started ? g->wait_s / (double)g->started : (double)NAN;
	r->jobs_completed = g->completed;
	r->bounded_slowdown_mean = g->completed ? g->bsld / (double)g->completed : (double)NAN;
}

static int queue_kpis(struct world *w, void *st, struct run_kpis *k, double window)
{
	(void)window;
	struct queue_sub *q = st;
	q->all = (struct queue_group){ 0 };
	for (size_t c = 0; c < w->sc->n_classes; c++) {
		q->all.started += q->by_class[c].started;
		q->all.wait_s += q->by_class[c].wait_s;
		q->all.completed += q->by_class[c].completed;
		q->all.bsld += q->by_class[c].bsld;
	}
	k->jobs_backfilled = sched_policy_ops_of(w->sc->policy)->backfills
				     ? (double)q->backfilled : (double)NAN;
	k->bounded_slowdown_mean = q->all.completed ? q->all.bsld / (double)q->all.completed
						    : (double)NAN;
	k->racks_per_job_mean = q->all.started ? q->racks / (double)q->all.started : (double)NAN;
	k->pods_per_job_mean = w->sc->racks_per_pod > 0 && q->all.started
				       ? q->pods / (double)q->all.started
				       : (double)NAN;
	k->fragmented_gpu_hours = w->sc->racks_per_pod > 0
					  ? meter_window(&q->frag) / (double)SIM_TICKS_PER_H
					  : (double)NAN;
	k->priority_preemptions = q->bumped[0];
	k->spot_preemptions = q->bumped[1];
	k->priority_preempted_lost_gpu_hours = q->bumped_lost_gpu_s / 3600.0;
	fill_billing(w, q, k);
	double *by_size[QUEUE_BUCKETS] = { &k->wait_mean_1gpu_s, &k->wait_mean_2_4gpu_s,
					   &k->wait_mean_5_8gpu_s, &k->wait_mean_9plus_gpu_s };
	for (int b = 0; b < QUEUE_BUCKETS; b++)
		*by_size[b] = q->by_size[b].started
				      ? q->by_size[b].wait_s / (double)q->by_size[b].started
				      : (double)NAN;
	size_t n = w->sc->n_classes + QUEUE_BUCKETS;
	struct queue_record *r = calloc(n, sizeof *r);
	if (!r)
		return -1;
	for (size_t i = 0; i < w->sc->n_classes; i++)
		put_group(&r[i], "class", w->sc->classes[i].name, &q->by_class[i]);
	for (int b = 0; b < QUEUE_BUCKETS; b++)
		put_group(&r[w->sc->n_classes + (size_t)b], "gpus", bucket_names[b], &q->by_size[b]);
	w->res->queue_groups = r;
	w->res->n_queue_groups = n;
	return 0;
}

/* jobs.csv: its bounded slowdown (completed jobs; empty otherwise) and
 * whether it was backfilled. */
static void queue_job(const struct world *w, const void *st, const struct job *j,
		      struct job_record *rec)
{
	(void)st;
	rec->bounded_slowdown = j->state == JOB_COMPLETED ? world_queue_bsld(j) : -1.0;
	rec->backfilled = j->backfilled;
	rec->priority_preemptions = j->bumps;
	const int ran = j->starts > 0;
	rec->racks = ran ? j->racks : -1.0;
	rec->pods = ran && w->sc->racks_per_pod > 0 ? j->pods : -1.0;
}

const struct run_sub_ops world_queue_ops = {
	.name = "queue",
	.size = sizeof(struct queue_sub),
	.init = queue_init,
	.fini = queue_fini,
	.mark = queue_mark,
	.flush = queue_flush,
	.kpis = queue_kpis,
	.job = queue_job,
};
