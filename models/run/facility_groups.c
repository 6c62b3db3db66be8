/*
 * facility_groups.c - the GPUs of each power group, by node, rack and
 * zone, so that a change of a group's per-GPU draw moves each of its
 * nodes, racks and zones once.
 *
 * A power group is a set of running jobs whose GPUs all draw the same
 * (run_core.h: world_power_group; today a job class). A binding grid cap
 * changes every group's draw at once, often at every event. Through the
 * jobs, that change walks each job's allocations: a rack of three nodes
 * of one job is moved three times, a rack holding three jobs of a group
 * as often, and the chain is told per allocation. Through the groups it
 * moves each node the group has GPUs on once (its draw, for the per-node
 * distribution), each rack once (its meters, its host peak, its chain
 * unit) and each zone once: O(the group's nodes + racks + zones), not its
 * jobs x allocations. The running jobs themselves are re-rated by the
 * caller (their speed, end event and per-GPU level), one update each.
 *
 * Invariant: node_gpus[g][n] is the GPUs of computing jobs of group g on
 * node n (likewise racks and zones), and a node or rack is on g's list
 * iff its count is not zero; the counts are integers, so they are exact.
 * The result is the per-job path's, to rounding: a rack moved once by
 * 24 x d instead of three times by 8 x d rounds its last bit differently.
 * Memory: 2 ints per (group, node) and per (group, rack), only in runs
 * with a grid cap.
 */
#include "facility.h"
#include "facility_int.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

/* One kind of place (nodes, racks): per group, its count there and the
 * list of places where it is not zero. */
struct group_places {
	int n;        /* places */
	int *count;   /* groups x n: GPUs there */
	int *pos;     /* groups x n: 1 + index in the group's list, 0 if off it */
	int *list;    /* groups x n: the places with GPUs, first len[g] */
	int *len;     /* per group */
};

struct facility_groups {
	int n_groups;
	struct group_places nodes, racks;
	int *zone_gpus; /* groups x zones */
};

static int places_init(struct group_places *p, int groups, int n)
{
	size_t sz = (size_t)groups * (size_t)n;
	p->n = n;
	p->count = calloc(sz, sizeof *p->count);
	p->pos = calloc(sz, sizeof *p->pos);
	p->list = calloc(sz, sizeof *p->list);
	p->len = calloc((size_t)groups, sizeof *p->len);
	return p->count && p->pos && p->list && p->len ? 0 : -1;
}

static void places_fini(struct group_places *p)
{
	free(p->count);
	free(p->pos);
	free(p->list);
	free(p->len);
}

int facility_groups_init(struct facility *f, int n_groups)
{
	struct facility_groups *gs = calloc(1, sizeof *gs);
	f->groups = gs;
	if (!gs)
		return -1;
	gs->n_groups = n_groups;
	gs->zone_gpus = calloc((size_t)n_groups * (size_t)f->n_zones, sizeof *gs->zone_gpus);
	if (!gs->zone_gpus || places_init(&gs->nodes, n_groups, f->n_nodes) != 0 ||
	    places_init(&gs->racks, n_groups, f->n_racks) != 0)
		return -1; /* (facility_groups_fini frees it) */
	return 0;
}

void facility_groups_fini(struct facility *f)
{
	struct facility_groups *gs = f->groups;
	if (!gs)
		return;
	places_fini(&gs->nodes);
	places_fini(&gs->racks);
	free(gs->zone_gpus);
	free(gs);
	f->groups = NULL;
}

/* Group g has k more GPUs (k < 0: fewer) at place i. */
static void places_add(struct group_places *p, int g, int i, int k)
{
	size_t at = (size_t)g * (size_t)p->n + (size_t)i;
	int was = p->count[at];
	p->count[at] = was + k;
	assert(p->count[at] >= 0);
	int *list = p->list + (size_t)g * (size_t)p->n;
	if (was == 0 && k != 0) {
		list[p->len[g]++] = i;
		p->pos[at] = p->len[g];
	} else if (p->count[at] == 0 && was != 0) { /* the last of the list takes its place */
		int slot = p->pos[at] - 1, last = list[--p->len[g]];
		list[slot] = last;
		p->pos[(size_t)g * (size_t)p->n + (size_t)last] = slot + 1;
		p->pos[at] = 0;
	}
}

void facility_groups_add(struct facility *f, const struct job *j, int g, int sign)
{
	struct facility_groups *gs = f->groups;
	assert(gs && g >= 0 && g < gs->n_groups);
	for (uint32_t i = 0; i < j->n_allocs; i++) {
		int node = (int)j->allocs[i].node, rack = node / f->nodes_per_rack;
		int k = sign * (int)j->allocs[i].gpus;
		places_add(&gs->nodes, g, node, k);
		places_add(&gs->racks, g, rack, k);
		gs->zone_gpus[(size_t)g * (size_t)f->n_zones + (size_t)f->rack_zone[rack]] += k;
	}
}

void facility_groups_load(struct facility *f, int g, double gpu_dw, struct power_chain *pc,
			  sim_time now)
{
	const struct facility_groups *gs = f->groups;
	const size_t base_n = (size_t)g * (size_t)gs->nodes.n, base_r = (size_t)g * (size_t)gs->racks.n;
	/* Each node's level since its last change goes into the per-node
	 * distribution, as node_close does, but a run of nodes at the same
	 * level (the nodes of one job, next to each other on the list, moved
	 * alike since it started) adds it once with their summed time: the
	 * same bins, weights (sums of whole ticks, exact) and quantiles, one
	 * histogram entry instead of one per node. */
	double level = 0, weight = 0;
	for (int i = 0; i < gs->nodes.len[g]; i++) {
		int node = gs->nodes.list[base_n + (size_t)i];
		const struct it_power *z = &f->zones[f->rack_zone[node / f->nodes_per_rack]];
		sim_time since = f->node_since[node], from = since > f->window_from ? since : f->window_from;
		if (now > from) {
			double l = raw_to_total(f, z) * f->node_raw[node];
			if (weight > 0 && l != level) {
				level_hist_add(&f->node_dist, level, weight);
				weight = 0;
			}
			level = l;
			weight += (double)(now - from);
		}
		f->node_since[node] = now;
		f->node_raw[node] += gs->nodes.count[base_n + (size_t)node] * gpu_dw;
	}
	if (weight > 0)
		level_hist_add(&f->node_dist, level, weight);
	for (int i = 0; i < gs->racks.len[g]; i++) {
		int rack = gs->racks.list[base_r + (size_t)i];
		rack_add(&f->racks[rack], now, gs->racks.count[base_r + (size_t)rack] * gpu_dw, 0,
			 f->fan_share);
		if (pc)
			power_chain_rack(pc, rack, facility_rack_w(f, rack));
	}
	double total = 0;
	for (int z = 0; z < f->n_zones; z++) {
		int n = gs->zone_gpus[(size_t)g * (size_t)f->n_zones + (size_t)z];
		if (n == 0)
			continue;
		struct it_power *p = &f->zones[z];
		it_add(p, now, n * gpu_dw, 0);
		total += raw_to_total(f, p) * n * gpu_dw;
	}
	meter_add(&f->it_total, now, total);
}
