/*
 * facility.h - racks of nodes of GPUs: which GPUs are free, and the power
 * each rack draws.
 *
 * Placement is first-fit in node order. A job that fits in one node gets one
 * node (its GPUs share NVLink); a larger job gets whole free nodes plus, for
 * a remainder, the first node with room. Power is kept per rack and for the
 * whole IT load as meters, changed only when a job starts or ends.
 */
#ifndef DCSIM_FACILITY_H
#define DCSIM_FACILITY_H

#include "job.h"
#include "meter.h"
#include "scenario.h"

struct facility {
	int n_racks;
	int nodes_per_rack;
	int n_nodes;
	int gpus_per_node;
	int total_gpus;
	int free_gpus;       /* sum of free_per_node */
	int full_free_nodes; /* nodes with every GPU free */
	int *free_per_node;
	int *tree;           /* max-segment tree over free_per_node */
	int leaves;
	double slope_w;      /* node power per unit of load */
	double node_idle_w;
	struct meter *rack_w; /* per rack, W */
	struct meter it_w;    /* whole IT load, W */
	struct meter busy;    /* GPUs allocated to jobs */
};

int facility_init(struct facility *f, const struct scenario *sc, sim_time now);
void facility_fini(struct facility *f);

/* Allocate k GPUs for j (fills j->allocs). 0 placed; 1 no room now;
 * -1 out of memory. Nothing changes unless it returns 0. */
int facility_place(struct facility *f, struct job *j, int k, sim_time now);
/* Free j's GPUs. */
void facility_release(struct facility *f, struct job *j, sim_time now);
/* Add util x slope per GPU of j to its racks (sign +1 at start, -1 at end). */
void facility_load(struct facility *f, const struct job *j, double util, sim_time now);

/* Bring every meter up to now. */
void facility_flush(struct facility *f, sim_time now);
void facility_mark(struct facility *f, sim_time now);

#endif
