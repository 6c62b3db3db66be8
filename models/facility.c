/*
 * facility.c - GPU placement and rack power.
 *
 * Free GPUs per node sit in a max-segment tree, so "the first node with at
 * least k free GPUs" is one O(log nodes) descent instead of a scan: the
 * scheduler asks this at every job end. Invariants (checked by the run's
 * conservation pass): free_gpus + busy = total_gpus; tree[1] is the largest
 * free count; each rack meter is idle power + slope x its load, and it_w is
 * their sum.
 */
#include "facility.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "power.h"

static void tree_set(struct facility *f, int node, int value)
{
	int i = f->leaves + node;
	f->tree[i] = value;
	for (i /= 2; i >= 1; i /= 2) {
		int l = f->tree[2 * i], r = f->tree[2 * i + 1];
		int m = l > r ? l : r;
		if (f->tree[i] == m)
			break; /* ancestors hold maxima of unchanged subtrees */
		f->tree[i] = m;
	}
}

/* Leftmost node with at least k free GPUs, or -1. */
static int tree_first_fit(const struct facility *f, int k)
{
	if (f->tree[1] < k)
		return -1;
	int i = 1;
	while (i < f->leaves)
		i = f->tree[2 * i] >= k ? 2 * i : 2 * i + 1;
	return i - f->leaves;
}

static void node_take(struct facility *f, int node, int gpus)
{
	if (f->free_per_node[node] == f->gpus_per_node)
		f->full_free_nodes--;
	f->free_per_node[node] -= gpus;
	f->free_gpus -= gpus;
	tree_set(f, node, f->free_per_node[node]);
}

static void node_give(struct facility *f, int node, int gpus)
{
	f->free_per_node[node] += gpus;
	f->free_gpus += gpus;
	if (f->free_per_node[node] == f->gpus_per_node)
		f->full_free_nodes++;
	tree_set(f, node, f->free_per_node[node]);
}

int facility_init(struct facility *f, const struct scenario *sc, sim_time now)
{
	memset(f, 0, sizeof *f);
	f->n_racks = sc->racks;
	f->nodes_per_rack = sc->nodes_per_rack;
	f->n_nodes = sc->racks * sc->nodes_per_rack;
	f->gpus_per_node = sc->node.gpus_per_node;
	f->total_gpus = f->n_nodes * f->gpus_per_node;
	f->free_gpus = f->total_gpus;
	f->full_free_nodes = f->n_nodes;
	f->slope_w = power_node_slope_w(&sc->node);
	f->node_idle_w = hardware_node_idle_w(&sc->node);
	f->leaves = 1;
	while (f->leaves < f->n_nodes)
		f->leaves *= 2;
	f->free_per_node = malloc((size_t)f->n_nodes * sizeof *f->free_per_node);
	f->tree = calloc(2 * (size_t)f->leaves, sizeof *f->tree);
	f->rack_w = malloc((size_t)f->n_racks * sizeof *f->rack_w);
	if (!f->free_per_node || !f->tree || !f->rack_w)
		goto fail;
	for (int i = 0; i < f->n_nodes; i++) {
		f->free_per_node[i] = f->gpus_per_node;
		f->tree[f->leaves + i] = f->gpus_per_node;
	}
	for (int i = f->leaves - 1; i >= 1; i--) {
		int l = f->tree[2 * i], r = f->tree[2 * i + 1];
		f->tree[i] = l > r ? l : r;
	}
	double rack_idle = f->node_idle_w * f->nodes_per_rack;
	for (int r = 0; r < f->n_racks; r++)
		meter_init(&f->rack_w[r], now, rack_idle);
	meter_init(&f->it_w, now, rack_idle * f->n_racks);
	meter_init(&f->busy, now, 0);
	return 0;
fail:
	facility_fini(f);
	return -1;
}

void facility_fini(struct facility *f)
{
	free(f->free_per_node);
	free(f->tree);
	free(f->rack_w);
	memset(f, 0, sizeof *f);
}

/* Return j's GPUs to their nodes; the count of GPUs given back. */
static int give_back(struct facility *f, struct job *j)
{
	int k = 0;
	for (uint32_t i = 0; i < j->n_allocs; i++) {
		node_give(f, (int)j->allocs[i].node, (int)j->allocs[i].gpus);
		k += (int)j->allocs[i].gpus;
	}
	j->n_allocs = 0;
	return k;
}

static void add_alloc(struct facility *f, struct job *j, int node, int gpus)
{
	node_take(f, node, gpus);
	j->allocs[j->n_allocs].node = (uint32_t)node;
	j->allocs[j->n_allocs].gpus = (uint32_t)gpus;
	j->n_allocs++;
}

int facility_place(struct facility *f, struct job *j, int k, sim_time now)
{
	const int g = f->gpus_per_node;
	j->n_allocs = 0;
	if (k > f->free_gpus)
		return 1;
	if (k <= g) {
		int node = tree_first_fit(f, k);
		if (node < 0)
			return 1;
		if (job_reserve_allocs(j, 1) != 0)
			return -1;
		add_alloc(f, j, node, k);
	} else {
		int whole = k / g, rest = k % g;
		if (f->full_free_nodes < whole)
			return 1;
		if (job_reserve_allocs(j, (uint32_t)(whole + 1)) != 0)
			return -1;
		for (int i = 0; i < whole; i++)
			add_alloc(f, j, tree_first_fit(f, g), g);
		if (rest > 0) {
			int node = tree_first_fit(f, rest);
			if (node < 0) { /* no room for the remainder: undo */
				give_back(f, j);
				return 1;
			}
			add_alloc(f, j, node, rest);
		}
	}
	meter_add(&f->busy, now, k);
	return 0;
}

void facility_release(struct facility *f, struct job *j, sim_time now)
{
	meter_add(&f->busy, now, -give_back(f, j));
}

void facility_load(struct facility *f, const struct job *j, double util, sim_time now)
{
	double total = 0;
	for (uint32_t i = 0; i < j->n_allocs; i++) {
		int rack = (int)j->allocs[i].node / f->nodes_per_rack;
		double dw = (double)j->allocs[i].gpus * util * f->slope_w;
		meter_add(&f->rack_w[rack], now, dw);
		total += dw;
	}
	meter_add(&f->it_w, now, total);
}

void facility_flush(struct facility *f, sim_time now)
{
	for (int r = 0; r < f->n_racks; r++)
		meter_flush(&f->rack_w[r], now);
	meter_flush(&f->it_w, now);
	meter_flush(&f->busy, now);
}

void facility_mark(struct facility *f, sim_time now)
{
	for (int r = 0; r < f->n_racks; r++)
		meter_mark(&f->rack_w[r], now);
	meter_mark(&f->it_w, now);
	meter_mark(&f->busy, now);
}
