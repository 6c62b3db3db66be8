/*
 * world_preempt.c - priority preemption and spot capacity.
 *
 * A queued job that does not fit may stop running jobs it outranks: those
 * of `preemptible` classes with a lower priority, and, for a job that is
 * not spot, every spot job (spot runs on capacity left over: it is
 * preempted first, by any other class). A stopped job loses its work since
 * its last checkpoint and goes back to the queue (the interruption a grid
 * preemption or a failure uses, world_job_bump).
 *
 * The victims are chosen by a documented rule: spot jobs first, then the
 * fewest GPU-hours lost (its GPUs x its work since the last checkpoint),
 * ties to the latest started (it has run least). They are counted first:
 * when even all of them would not free enough GPUs, nobody is stopped.
 * Otherwise they are stopped in that order until the job places (a job of
 * whole nodes may need more than its count, when the freed GPUs are spread).
 *
 * The same rule frees GPUs for an inference replica (world_preempt_gpus,
 * called by world_inference_scale.c with the service's priority, not
 * spot): a claimant is a GPU count, a placement to try and a rank, so
 * jobs and replicas share one victim selection.
 *
 * What it leaves out: only GPUs are freed, not power: under a grid cap a
 * start still waits for power (the cap's own preempt policy does that
 * part). A preemption costs no more than the lost work (no restart time).
 */
#include <math.h>
#include <stdlib.h>

#include "run_core.h"

struct victim {
	struct job *j;
	double lost_gpu_s;
	int spot;
};

/* Full-speed work r would lose if stopped now, s per GPU, without
 * changing r (its progress is brought to now on paper only). */
static double lost_now_s(const struct world *w, const struct job *r, sim_time now)
{
	double done = r->work_total_s - r->work_s + r->speed * clock_to_s(now - r->t_progress);
	double every = w->sc->classes[r->class_index].checkpoint_interval_h * 3600.0;
	double kept = every > 0 ? floor(done / every + 1e-9) * every : 0;
	return kept > done ? 0 : done - kept;
}

static int victim_order(const void *a, const void *b)
{
	const struct victim *x = a, *y = b;
	if (x->spot != y->spot)
		return y->spot - x->spot; /* spot first */
	if (x->lost_gpu_s != y->lost_gpu_s)
		return x->lost_gpu_s < y->lost_gpu_s ? -1 : 1;
	if (x->j->run_since != y->j->run_since)
		return x->j->run_since > y->j->run_since ? -1 : 1;
	return (x->j->id < y->j->id) - (x->j->id > y->j->id);
}

/* May a claimant of this priority (spot or not) stop r? */
static int outranks(const struct world *w, int priority, int spot, const struct job *r)
{
	const struct job_class_spec *rc = &w->sc->classes[r->class_index];
	if (rc->spot && !spot)
		return 1;
	return rc->preemptible && r->priority < priority;
}

int world_preempt_for(struct world *w, struct job *j, sim_time now)
{
	return world_preempt_gpus(w, j, j->gpus, j->priority, w->sc->classes[j->class_index].spot,
				  NULL, now);
}

int world_preempt_gpus(struct world *w, struct job *fit, int gpus, int priority, int spot,
		       int *stopped, sim_time now)
{
	if (stopped)
		*stopped = 0;
	if (!w->any_preemptible)
		return 0;
	size_t n = 0, cap = 0;
	struct victim *v = NULL;
	long freed = w->fac.free_gpus;
	for (size_t k = 0; k < w->n_groups; k++) {
		for (struct job *r = w->groups[k].running; r; r = r->run_next) {
			if (!outranks(w, priority, spot, r))
				continue;
			if (n == cap) {
				cap = cap ? 2 * cap : 64;
				struct victim *nv = realloc(v, cap * sizeof *nv);
				if (!nv) {
					free(v);
					world_fail_oom(w);
					return 0;
				}
				v = nv;
			}
			v[n++] = (struct victim){ r, r->gpus * lost_now_s(w, r, now),
						  w->sc->classes[k].spot };
			freed += r->gpus;
		}
	}
	int placed = 0;
	/* (no victims: nothing to stop, and qsort may not take a NULL array,
	 * which a claimant that fits the free GPUs' count but not their
	 * spread reached) */
	if (n > 0 && freed >= gpus) {
		qsort(v, n, sizeof *v, victim_order);
		for (size_t i = 0; i < n && !placed; i++) {
			world_queue_preempted(w, v[i].j, v[i].spot, v[i].lost_gpu_s);
			world_job_bump(w, v[i].j, now);
			if (stopped)
				++*stopped;
			int rc = facility_fit(&w->fac, fit, gpus);
			if (rc < 0)
				world_fail_oom(w);
			placed = rc == 0;
			fit->n_allocs = 0; /* the caller places it for real */
		}
		world_power_changed(w, now);
	}
	free(v);
	return placed;
}
