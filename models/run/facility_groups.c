/*
 * facility_groups.c - the GPUs of each power group, by node, rack and
 * zone, so that a change of a group's per-GPU draw moves each of its
 * nodes, racks and zones once.
 *
 * A power group is a set of running jobs whose GPUs all draw the same
 * (run_core.h: world_power_group: a class, or a class at one power level). A binding grid cap
 * changes every group's draw at once, often at every event. Through the
 * jobs, that change walks each job's allocations: a rack of three nodes
 * of one job is moved three times, a rack holding three jobs of a group
 * as often, and the chain is told per allocation. Through the groups it
 * moves each rack once (its meters, its host peak, its chain unit), each
 * zone once, and the nodes by node set: a job's whole nodes start at one
 * draw and move alike, so they share one record of their draw and of the
 * time since it last changed (struct node_set), and a move is one update
 * and one histogram entry per set; a node that holds GPUs of two groups
 * is moved by itself. O(the group's racks + sets + zones), not its jobs
 * x allocations. The running jobs themselves are re-rated by the caller
 * (their speed, end event and per-GPU level), one update each.
 *
 * Invariant: nodes.count[g][n] is the GPUs of computing jobs of group g
 * on node n (likewise racks and zones), and a node or rack is on g's list
 * iff its count is not zero; the counts are integers, so they are exact.
 * A node in a set holds GPUs of that set's group only, as many as the
 * set says, and its node_raw and node_since are the set's: anything else
 * that changes or reads them first takes them back (node_close,
 * facility_node_w: facility_groups_detach), so the per-node draws are
 * the very bits the per-node updates give.
 * The result is the per-job path's, to rounding: a rack moved once by
 * 24 x d instead of three times by 8 x d rounds its last bit differently.
 * Memory: 3 ints per (group, node) and per (group, rack), a set and 3
 * ints per node, only in runs with a grid cap.
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

/* Nodes of one group at one level: every member holds GPUs of group g
 * only, c of them, in zone `zone`, and draws raw since `since` (the
 * members' node_raw and node_since are these; facility.c reads them
 * through facility_groups_detach). A job's whole nodes start alike and
 * move alike, so a group's move is one update per set, not per node. */
struct node_set {
	int g, zone, c;
	double raw;
	sim_time since;
	int n;             /* members */
	int head;          /* first member, -1 */
	int gnext, gprev;  /* the group's sets (gnext: the free list when unused) */
};

struct facility_groups {
	int n_groups;
	struct group_places nodes, racks;
	int *zone_gpus; /* groups x zones */
	struct node_set *sets; /* at most one per node */
	int free_set;
	int *set_head;         /* per group: its first set, -1 */
	int *in_sets;          /* per group: its nodes that are in a set */
	int *mnext, *mprev;    /* per node: the members of its set */
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
	gs->sets = calloc((size_t)f->n_nodes, sizeof *gs->sets);
	gs->set_head = malloc((size_t)n_groups * sizeof *gs->set_head);
	gs->in_sets = calloc((size_t)n_groups, sizeof *gs->in_sets);
	gs->mnext = malloc((size_t)f->n_nodes * sizeof *gs->mnext);
	gs->mprev = malloc((size_t)f->n_nodes * sizeof *gs->mprev);
	f->node_set = malloc((size_t)f->n_nodes * sizeof *f->node_set);
	if (!gs->zone_gpus || !gs->sets || !gs->set_head || !gs->in_sets || !gs->mnext || !gs->mprev ||
	    !f->node_set || places_init(&gs->nodes, n_groups, f->n_nodes) != 0 ||
	    places_init(&gs->racks, n_groups, f->n_racks) != 0)
		return -1; /* (facility_groups_fini frees it) */
	for (int g = 0; g < n_groups; g++)
		gs->set_head[g] = -1;
	for (int n = 0; n < f->n_nodes; n++) {
		f->node_set[n] = -1;
		gs->sets[n].gnext = n + 1 < f->n_nodes ? n + 1 : -1;
	}
	gs->free_set = f->n_nodes > 0 ? 0 : -1;
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
	free(gs->sets);
	free(gs->set_head);
	free(gs->in_sets);
	free(gs->mnext);
	free(gs->mprev);
	free(gs);
	free(f->node_set);
	f->node_set = NULL;
	f->groups = NULL;
}

void facility_groups_detach(struct facility *f, int node)
{
	struct facility_groups *gs = f->groups;
	int si = f->node_set[node];
	struct node_set *b = &gs->sets[si];
	f->node_raw[node] = b->raw;
	f->node_since[node] = b->since;
	f->node_set[node] = -1;
	if (gs->mprev[node] >= 0)
		gs->mnext[gs->mprev[node]] = gs->mnext[node];
	else
		b->head = gs->mnext[node];
	if (gs->mnext[node] >= 0)
		gs->mprev[gs->mnext[node]] = gs->mprev[node];
	gs->in_sets[b->g]--;
	if (--b->n > 0)
		return;
	if (b->gprev >= 0) /* empty: off its group's list, onto the free list */
		gs->sets[b->gprev].gnext = b->gnext;
	else
		gs->set_head[b->g] = b->gnext;
	if (b->gnext >= 0)
		gs->sets[b->gnext].gprev = b->gprev;
	b->gnext = gs->free_set;
	gs->free_set = si;
}

double facility_groups_node_raw(const struct facility *f, int node)
{
	return f->groups->sets[f->node_set[node]].raw;
}

/* Loose node (its own node_raw and node_since) of group g only, c GPUs:
 * into set `hint` if it is at the same level since the same time, else
 * a new set. Its set. */
static int attach(struct facility *f, int node, int g, int c, int hint)
{
	struct facility_groups *gs = f->groups;
	int zone = f->rack_zone[node / f->nodes_per_rack], si = hint;
	struct node_set *b = si >= 0 ? &gs->sets[si] : NULL;
	if (!b || b->g != g || b->zone != zone || b->c != c || b->raw != f->node_raw[node] ||
	    b->since != f->node_since[node]) {
		si = gs->free_set;
		assert(si >= 0); /* one set per node at most */
		b = &gs->sets[si];
		gs->free_set = b->gnext;
		*b = (struct node_set){ g, zone, c, f->node_raw[node], f->node_since[node], 0, -1,
					gs->set_head[g], -1 };
		if (b->gnext >= 0)
			gs->sets[b->gnext].gprev = si;
		gs->set_head[g] = si;
	}
	gs->mprev[node] = -1;
	gs->mnext[node] = b->head;
	if (b->head >= 0)
		gs->mprev[b->head] = node;
	b->head = node;
	b->n++;
	gs->in_sets[g]++;
	f->node_set[node] = si;
	return si;
}

/* Does node hold GPUs of group g alone? */
static int only_group(const struct facility_groups *gs, int node, int g)
{
	for (int h = 0; h < gs->n_groups; h++)
		if (h != g && gs->nodes.count[(size_t)h * (size_t)gs->nodes.n + (size_t)node] != 0)
			return 0;
	return 1;
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
	int hint = -1; /* a job's nodes, in order, usually share one set */
	for (uint32_t i = 0; i < j->n_allocs; i++) {
		int node = (int)j->allocs[i].node, rack = node / f->nodes_per_rack;
		int k = sign * (int)j->allocs[i].gpus;
		if (f->node_set[node] >= 0) /* its count changes: loose first */
			facility_groups_detach(f, node);
		places_add(&gs->nodes, g, node, k);
		places_add(&gs->racks, g, rack, k);
		gs->zone_gpus[(size_t)g * (size_t)f->n_zones + (size_t)f->rack_zone[rack]] += k;
		if (sign > 0 && only_group(gs, node, g))
			hint = attach(f, node, g,
				      gs->nodes.count[(size_t)g * (size_t)gs->nodes.n + (size_t)node], hint);
	}
}

void facility_groups_load(struct facility *f, int g, double gpu_dw, struct power_chain *pc,
			  sim_time now)
{
	const struct facility_groups *gs = f->groups;
	const size_t base_n = (size_t)g * (size_t)gs->nodes.n, base_r = (size_t)g * (size_t)gs->racks.n;
	/* Each node's level since its last change goes into the per-node
	 * distribution, as node_close does: a set's members at once (its
	 * level, their summed time), then the loose nodes one by one, a run
	 * of them at the same level in one entry. The same bins, weights
	 * (sums of whole ticks, exact) and quantiles as one entry per node. */
	for (int si = gs->set_head[g]; si >= 0; si = gs->sets[si].gnext) {
		struct node_set *b = &gs->sets[si];
		sim_time from = b->since > f->window_from ? b->since : f->window_from;
		if (now > from)
			level_hist_add(&f->node_dist, raw_to_total(f, &f->zones[b->zone]) * b->raw,
				       (double)b->n * (double)(now - from));
		b->raw += b->c * gpu_dw; /* each member's node_raw += count x gpu_dw */
		b->since = now;
	}
	double level = 0, weight = 0;
	for (int i = 0; gs->in_sets[g] < gs->nodes.len[g] && i < gs->nodes.len[g]; i++) {
		int node = gs->nodes.list[base_n + (size_t)i];
		if (f->node_set[node] >= 0)
			continue; /* moved with its set above */
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
