/*
 * world_checkpoint.c - a job's checkpoint settings, from its class, when
 * it arrives: the interval (fixed, or Daly's optimum for the job's own
 * mean time between interruptions), the write time (given, or its state
 * over the storage's bandwidth) and the restart time. The events that
 * use them are the core's (world.c: a write and a restart hold the
 * job's GPUs without progress).
 *
 * The job's mean time between interruptions M counts the failure
 * processes it is exposed to as placed on the fewest nodes: g GPUs,
 * ceil(g / GPUs per node) nodes and the fewest racks that hold them,
 * each at its process's MTBF (a Weibull
 * process at its mean: the formula's exponential assumption). Grid
 * preemptions are not in M (no rate is known before the run).
 */
#include <math.h>

#include "checkpoint.h"
#include "run_core.h"

/* The chain's last-level units racks consecutive racks span at the least
 * (the facility kind), the units feeding equal shares of the racks. */
static double units_of(const struct world *w, double racks)
{
	const struct power_chain *c = &w->chain;
	if (c->n_levels == 0)
		return 0;
	double units = c->levels[c->n_levels - 1].spec->units;
	return fmin(units, ceil(racks * units / w->sc->racks));
}

double world_job_mtbi_s(const struct world *w, int gpus)
{
	const struct scenario *sc = w->sc;
	int per_node = sc->node.gpus_per_node;
	double nodes = ceil((double)gpus / per_node), rate_per_h = 0;
	double racks = ceil(nodes / sc->nodes_per_rack);
	for (size_t i = 0; i < sc->n_failures; i++) {
		const struct failure_process *f = &sc->failures[i];
		double parts = f->kind == FAILURE_GPU	   ? gpus
			       : f->kind == FAILURE_NODE    ? nodes
			       : f->kind == FAILURE_NETWORK ? racks
							    : units_of(w, racks);
		rate_per_h += parts / f->mtbf_h;
	}
	return rate_per_h > 0 ? 3600.0 / rate_per_h : (double)INFINITY;
}

void world_checkpoint_setup(const struct world *w, struct job *j)
{
	const struct job_class_spec *c = &w->sc->classes[j->class_index];
	const struct checkpoint_spec *k = &c->checkpoint;
	j->saved_s = 0;
	if (!k->on) { /* checkpoint_interval_h alone: free checkpoints */
		j->ckpt_every_s = c->checkpoint_interval_h * 3600.0;
		j->ckpt_write_s = j->ckpt_restart_s = 0;
		return;
	}
	j->ckpt_write_s = k->size_gb_per_gpu > 0
				  ? k->size_gb_per_gpu * j->gpus / w->sc->storage.write_gb_per_s
				  : k->write_s;
	j->ckpt_restart_s = k->restart_s;
	if (k->interval == CKPT_FIXED) {
		j->ckpt_every_s = k->interval_h * 3600.0;
		return;
	}
	/* young_daly: nothing fails, nothing to save against */
	double m = world_job_mtbi_s(w, j->gpus);
	j->ckpt_every_s = isfinite(m) ? checkpoint_daly_interval_s(j->ckpt_write_s, m) : 0;
}
