/*
 * world_power_dist.c - the per-GPU and per-node power distributions over
 * the measurement window: what operators compare with their DCGM (GPU
 * board power) and IPMI (node input) readings.
 *
 * Every power is piecewise constant, so each distribution is the levels
 * held weighted by how long (GPU-ticks or node-ticks): a running job's
 * GPUs add their level at every change of their draw (world.c), each node
 * its IT power at every change (facility.c); here, at the horizon, the
 * running jobs' and nodes' last levels, the idle GPUs at idle power and
 * the GPUs that draw nothing (failed, or of unpowered nodes) at 0 W. Quantiles are time-weighted and exact to
 * a bin (level_hist.h: 0.1 W per GPU, 1 W per node); the maximum is exact.
 * Conservation: the GPU weights cover every GPU for the whole window and
 * their energy is the GPU energy; the node weights every node.
 */
#include <math.h>
#include <stdlib.h>

#include "run_core.h"

/* Histogram bins for power_dist.csv: 50 bins of 2% of the kind's maximum. */
#define PLOT_BINS 50

static void quantiles(const struct level_hist *h, double scale, double out[7])
{
	static const double q[7] = { 0.10, 0.25, 0.50, 0.75, 0.90, 0.99, 1.0 };
	for (int i = 0; i < 7; i++)
		out[i] = level_hist_quantile(h, q[i]) * scale;
}

static void plot_bins(const struct level_hist *h, const char *kind, double max_w,
		      struct power_bin_record *out)
{
	double width = max_w / PLOT_BINS;
	for (int b = 0; b < PLOT_BINS; b++) {
		out[b].kind = kind;
		out[b].lo_w = b * width;
		out[b].hi_w = (b + 1) * width;
		out[b].hours = 0;
	}
	for (size_t i = 0; i < h->n; i++) {
		if (h->bin[i].weight <= 0)
			continue;
		/* a fine bin's levels all fall in one plot bin, but for one that
		 * straddles a plot edge: its least level places it */
		int b = (int)floor(h->bin[i].lo / width);
		b = b < 0 ? 0 : (b >= PLOT_BINS ? PLOT_BINS - 1 : b);
		out[b].hours += h->bin[i].weight / (double)SIM_TICKS_PER_H;
	}
	double total = h->total / (double)SIM_TICKS_PER_H;
	for (int b = 0; b < PLOT_BINS; b++)
		out[b].share = total > 0 ? out[b].hours / total : (double)NAN;
}

int world_power_dist_fill(struct world *w)
{
	struct facility *f = &w->fac;
	sim_time end = w->horizon;
	for (size_t g = 0; g < w->n_groups; g++)
		for (struct job *j = w->groups[g].running; j; j = j->run_next)
			facility_gpu_level(f, j->gpu_w, j->gpus, j->level_since, end);
	world_inference_gpu_levels(w, end);
	double window = (double)(w->horizon - w->warmup);
	/* a failed GPU or unpowered node's draws nothing; the GPUs behind a
	 * failed rack switch, down for placement, stay at idle */
	double dark = world_failures_dark_window(w);
	double idle = (double)f->total_gpus * window - count_meter_window(&f->busy) - dark;
	level_hist_add(&f->gpu_dist, w->gpu.idle_w, idle);
	level_hist_add(&f->gpu_dist, 0.0, dark);
	facility_node_dist_close(f, end);
	struct run_kpis *k = &w->res->kpis;
	double g[7], n[7];
	quantiles(&f->gpu_dist, 1.0, g);
	quantiles(&f->node_dist, 1e-3, n);
	k->gpu_power_p10_w = g[0];
	k->gpu_power_p25_w = g[1];
	k->gpu_power_p50_w = g[2];
	k->gpu_power_p75_w = g[3];
	k->gpu_power_p90_w = g[4];
	k->gpu_power_p99_w = g[5];
	k->gpu_power_max_w = g[6];
	k->node_power_p10_kw = n[0];
	k->node_power_p25_kw = n[1];
	k->node_power_p50_kw = n[2];
	k->node_power_p75_kw = n[3];
	k->node_power_p90_kw = n[4];
	k->node_power_p99_kw = n[5];
	k->node_power_max_kw = n[6];
	struct run_result *r = w->res;
	r->power_bins = malloc(2 * PLOT_BINS * sizeof *r->power_bins);
	if (!r->power_bins)
		return -1;
	r->n_power_bins = 2 * PLOT_BINS;
	plot_bins(&f->gpu_dist, "gpu", w->sc->node.accel.tdp_w, r->power_bins);
	plot_bins(&f->node_dist, "node", hardware_node_max_w(&w->sc->node),
		  r->power_bins + PLOT_BINS);
	return 0;
}

int world_power_dist_check(const struct world *w, struct diag *d)
{
	const struct facility *f = &w->fac;
	const char *src = w->sc->source;
	double window = (double)(w->horizon - w->warmup);
	int rc = 0;
	if (!world_close_enough(f->gpu_dist.total, (double)f->total_gpus * window)) {
		diag_add(d, "%s: conservation broken: the GPU power distribution covers %.12g "
			 "GPU-ticks, not %.12g", src, f->gpu_dist.total,
			 (double)f->total_gpus * window);
		rc = -1;
	}
	if (!world_close_enough(f->node_dist.total, (double)f->n_nodes * window)) {
		diag_add(d, "%s: conservation broken: the node power distribution covers %.12g "
			 "node-ticks, not %.12g", src, f->node_dist.total,
			 (double)f->n_nodes * window);
		rc = -1;
	}
	double e[IT_N_COMPONENTS];
	facility_total_integrals(f, 1, e);
	rc |= world_check_sum(d, src, "GPU power distribution != GPU energy", e[IT_GPU],
			      f->gpu_dist.sum);
	return rc;
}
