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
 * is moved by itself. The racks by rack set: racks of one mix (the same
 * count of GPUs of the same groups, up to RACK_SET_GROUPS groups: a rack
 * of one training job's three nodes, or of two 8-GPU inference nodes and
 * a training node) in one block (a unit of the chain's last level) and
 * zone draw the same change at each move of any of those groups, so they
 * share one record of it (struct rack_set: the change since the set
 * began, its integral and extremes) and the chain moves them as one
 * share of their unit (power_chain.h). O(the group's sets + chain units
 * + zones), not its jobs x allocations nor its racks. The running jobs
 * themselves are re-rated by the caller (their speed, end event and
 * per-GPU level), one update each.
 *
 * Invariant: nodes.count[g][n] is the GPUs of computing jobs of group g
 * on node n (likewise racks and zones), and a node is on g's list iff its
 * count is not zero, a rack iff its count is not zero and it is in no
 * rack set; the counts are integers, so they are exact.
 * A node in a set holds GPUs of that set's group only, as many as the
 * set says, and its node_raw and node_since are the set's: anything else
 * that changes or reads them first takes them back (node_close,
 * facility_node_w: facility_groups_detach), so the per-node draws are
 * the very bits the per-node updates give. A rack in a rack set holds
 * the GPUs of its set's mix (any others free, down or held at idle), and
 * its GPU and datasheet meters are flushed to the set's start: its draw
 * and integrals are its own plus the set's part. Anything else that
 * changes its draw first takes them back (rack_touch in facility.c:
 * facility_groups_rack_detach), so does a change of its mix
 * (facility_groups_add), and the readers of the racks' meters fold every
 * set first (facility_mark, facility_flush_racks: facility_groups_fold).
 * A rack joins a set at the next move of any group after its mix changed
 * (then every group's GPUs in it are at the group's draw), into its
 * block's set of its mix and zone, which starts again at that tick if it
 * has moved (its members' parts folded: at most a block's racks).
 * The result is the per-job path's, to rounding: a rack moved once by
 * 24 x d instead of three times by 8 x d rounds its last bit differently,
 * and a rack set adds the moves up before adding them to the rack (its
 * level, integral and peaks are the same sums in another order; the
 * chain's unit moves by members x d, not member by member). Under a
 * binding cap those last bits can tip a trial of the solve within its
 * 1 W per GPU, so capped runs can move as much as a cap moved by that
 * much would move them (docs/grid.md).
 * Memory: 3 ints per (group, node) and 5 per (group, rack), a set and 3
 * ints per node, a rack set and 4 ints per rack, an int per block, only
 * in runs with a grid cap.
 */
#include "facility.h"
#include "facility_int.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "power_chain.h"

/* Without a chain, racks are keyed for their sets by blocks of this many
 * consecutive racks (the width of the shipped chains' last-level units,
 * 8 racks per floor PDU): what one join may have to fold (a set that
 * moved since it began restarts, set_restart), against how many sets one
 * move walks. */
#define RACK_SET_BLOCK 8

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

/* The most groups a rack in a set may hold GPUs of (more: it moves alone). */
#define RACK_SET_GROUPS 4

/* Racks of one mix (the same GPUs of the same groups: k groups, c[i] GPUs
 * of group g[i] computing in every member; the rest free, down or held at
 * idle, which no move changes), in one block (unit of the chain's last
 * level) and one zone: under a move of any of those groups every
 * member's GPU and datasheet meters move by the same W, so the set keeps
 * that shared part once: p, the W each member draws more than at t0, its
 * integral since t0 and its extremes. A member's own meters stay as they
 * were at t0 (flushed there) until it leaves or is read (set_fold).
 * Peaks: pmax is the greatest p held for a positive time (meter_flush's
 * rule), pmin the least p reached at all (rack_add checks the host level
 * at every change, and the host level falls as p rises: (1 - f) (G + H)
 * - G = (1 - f) H - f G). */
struct rack_set {
	int k, g[RACK_SET_GROUPS], c[RACK_SET_GROUPS];
	int at[RACK_SET_GROUPS]; /* its index in group g[i]'s entries */
	int block, zone;
	int n, head;       /* members */
	double p, ip;      /* W per member above t0's level; its integral, W x tick */
	double pmax, pmin;
	sim_time t0, t_last; /* the members' meters are flushed to t0 */
	int moved;         /* p moved since t0 */
	int bnext, bprev;  /* the block's sets (bnext: the free list when unused) */
};

/* A rack set as a group sees it: c of its GPUs in every member. */
struct rack_entry {
	int set, c;
};

struct facility_groups {
	int n_groups;
	struct group_places nodes, racks; /* racks: the list holds the loose ones */
	struct power_chain *pc; /* (NULL: no chain) */
	int n_blocks;
	struct rack_set *rsets; /* at most one per rack */
	int free_rset;
	int *block_head;        /* per block: its first set, -1 */
	struct rack_entry *entries; /* groups x racks: the sets each group is in */
	int *n_entries;         /* per group */
	int *rnext, *rprev;     /* per rack: the members of its set */
	int *cand;              /* racks whose mix changed since they were looked at */
	int n_cand;
	unsigned char *is_cand; /* per rack */
	int *zone_gpus; /* groups x zones */
	struct node_set *sets; /* at most one per node */
	int free_set;
	int *set_head;         /* per group: its first set, -1 */
	int *in_sets;          /* per group: its nodes that are in a set */
	int *key_set;          /* groups x zones x (GPUs per node + 1): the set the
				* group's sets of that zone and count merge into, -1 */
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

int facility_groups_init(struct facility *f, int n_groups, struct power_chain *pc)
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
	size_t nk = (size_t)n_groups * (size_t)f->n_zones * (size_t)(f->gpus_per_node + 1);
	gs->key_set = malloc((nk ? nk : 1) * sizeof *gs->key_set);
	gs->mnext = malloc((size_t)f->n_nodes * sizeof *gs->mnext);
	gs->mprev = malloc((size_t)f->n_nodes * sizeof *gs->mprev);
	f->node_set = malloc((size_t)f->n_nodes * sizeof *f->node_set);
	gs->pc = pc;
	gs->n_blocks = pc && pc->n_levels > 0 ? pc->levels[pc->n_levels - 1].spec->units
					      : (f->n_racks + RACK_SET_BLOCK - 1) / RACK_SET_BLOCK;
	size_t gr = (size_t)n_groups * (size_t)f->n_racks, nr = f->n_racks ? (size_t)f->n_racks : 1;
	gs->rsets = calloc(nr, sizeof *gs->rsets);
	gs->block_head = malloc((size_t)(gs->n_blocks ? gs->n_blocks : 1) * sizeof *gs->block_head);
	gs->entries = malloc((gr ? gr : 1) * sizeof *gs->entries);
	gs->n_entries = calloc((size_t)n_groups, sizeof *gs->n_entries);
	gs->rnext = malloc(nr * sizeof *gs->rnext);
	gs->rprev = malloc(nr * sizeof *gs->rprev);
	gs->cand = malloc(nr * sizeof *gs->cand);
	gs->is_cand = calloc(nr, 1);
	f->rack_set = malloc(nr * sizeof *f->rack_set);
	if (!gs->zone_gpus || !gs->sets || !gs->set_head || !gs->in_sets || !gs->mnext || !gs->mprev ||
	    !f->node_set || places_init(&gs->nodes, n_groups, f->n_nodes) != 0 ||
	    places_init(&gs->racks, n_groups, f->n_racks) != 0 || !gs->rsets || !gs->block_head ||
	    !gs->entries || !gs->n_entries || !gs->rnext || !gs->rprev || !gs->cand ||
	    !gs->is_cand || !f->rack_set || !gs->key_set ||
	    (pc && power_chain_shares_init(pc) != 0))
		return -1; /* (facility_groups_fini frees it) */
	for (size_t i = 0; i < nk; i++)
		gs->key_set[i] = -1;
	for (int b = 0; b < gs->n_blocks; b++)
		gs->block_head[b] = -1;
	for (int r = 0; r < f->n_racks; r++) {
		f->rack_set[r] = -1;
		gs->rsets[r].bnext = r + 1 < f->n_racks ? r + 1 : -1;
	}
	gs->free_rset = f->n_racks > 0 ? 0 : -1;
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
	free(gs->key_set);
	free(gs->mnext);
	free(gs->mprev);
	free(gs->rsets);
	free(gs->block_head);
	free(gs->entries);
	free(gs->n_entries);
	free(gs->rnext);
	free(gs->rprev);
	free(gs->cand);
	free(gs->is_cand);
	free(gs);
	free(f->node_set);
	f->node_set = NULL;
	free(f->rack_set);
	f->rack_set = NULL;
	f->groups = NULL;
}

/* Where group g's sets of zone z and count c merge (merge_into). */
static int *key_of(const struct facility *f, const struct node_set *b)
{
	const struct facility_groups *gs = f->groups;
	return gs->key_set + ((size_t)b->g * (size_t)f->n_zones + (size_t)b->zone) *
				     (size_t)(f->gpus_per_node + 1) +
		(size_t)b->c;
}

/* Empty set si off its group's list, onto the free list. */
static void set_free(struct facility *f, int si)
{
	struct facility_groups *gs = f->groups;
	struct node_set *b = &gs->sets[si];
	if (b->gprev >= 0)
		gs->sets[b->gprev].gnext = b->gnext;
	else
		gs->set_head[b->g] = b->gnext;
	if (b->gnext >= 0)
		gs->sets[b->gnext].gprev = b->gprev;
	int *key = key_of(f, b);
	if (*key == si)
		*key = -1;
	b->gnext = gs->free_set;
	gs->free_set = si;
}

/*
 * Set si (of group g, just moved to now) joins the group's set of its zone
 * and count when that one is at the same level since the same tick: the
 * nodes of different jobs of a group at its draw are at one level, only
 * their sums rounded apart (each node's adds in its own order), so after
 * a move one set of them moves for all, and the move costs O(zones x
 * counts) sets, not O(jobs). The members take the set's draw, within
 * 1e-9 of their own (in practice the last bits: a real difference is a
 * watt or more of a node's 10 kW); a set further apart stays apart.
 * The set freed (si or the group's set it joined), or -1.
 */
static int merge_into(struct facility *f, int si)
{
	struct facility_groups *gs = f->groups;
	int *key = key_of(f, &gs->sets[si]), k = *key;
	if (k < 0) {
		*key = si;
		return -1;
	}
	struct node_set *into = &gs->sets[k], *b = &gs->sets[si];
	if (k == si || into->since != b->since || fabs(into->raw - b->raw) > 1e-9 * fabs(into->raw))
		return -1;
	if (b->n > into->n) { /* relabel the smaller: b takes into's place */
		b->raw = into->raw;
		*key = si;
		int t = k;
		k = si;
		si = t;
		into = &gs->sets[k];
		b = &gs->sets[si];
	}
	int last = -1;
	for (int n = b->head; n >= 0; n = gs->mnext[n]) {
		f->node_set[n] = k;
		last = n;
	}
	gs->mnext[last] = into->head;
	if (into->head >= 0)
		gs->mprev[into->head] = last;
	into->head = b->head;
	into->n += b->n;
	b->n = 0;
	set_free(f, si);
	return si;
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
	if (--b->n == 0)
		set_free(f, si);
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

/* Place i goes onto g's list, or off it (its count unchanged). */
static void list_insert(struct group_places *p, int g, int i)
{
	int *list = p->list + (size_t)g * (size_t)p->n;
	list[p->len[g]++] = i;
	p->pos[(size_t)g * (size_t)p->n + (size_t)i] = p->len[g];
}

static void list_remove(struct group_places *p, int g, int i)
{
	size_t at = (size_t)g * (size_t)p->n + (size_t)i;
	int *list = p->list + (size_t)g * (size_t)p->n;
	int slot = p->pos[at] - 1, last = list[--p->len[g]]; /* the last takes its place */
	list[slot] = last;
	p->pos[(size_t)g * (size_t)p->n + (size_t)last] = slot + 1;
	p->pos[at] = 0;
}

/* Group g has k more GPUs (k < 0: fewer) at place i. */
static void places_add(struct group_places *p, int g, int i, int k)
{
	size_t at = (size_t)g * (size_t)p->n + (size_t)i;
	int was = p->count[at];
	p->count[at] = was + k;
	assert(p->count[at] >= 0);
	if (was == 0 && k != 0)
		list_insert(p, g, i);
	else if (p->count[at] == 0 && was != 0)
		list_remove(p, g, i);
}

/* Rack r's mix changed, or it left its set: it is looked at when a group
 * next moves (facility_groups_load), when its jobs draw their groups'
 * levels. */
static void cand_push(struct facility_groups *gs, int r)
{
	if (!gs->is_cand[r]) {
		gs->is_cand[r] = 1;
		gs->cand[gs->n_cand++] = r;
	}
}

/* The set's part up to now: the level held since t_last counts for the
 * peak, as meter_flush has it. */
static void set_flush(struct rack_set *b, sim_time now)
{
	if (now > b->t_last) {
		if (b->p > b->pmax)
			b->pmax = b->p;
		b->ip += b->p * (double)(now - b->t_last);
		b->t_last = now;
	}
}

/* Member r's meters as the per-rack updates would have left them at now
 * (b flushed to now): its level at t0 plus the set's part, held since
 * t0. The same sums in another order, so the same to rounding. */
static void set_fold(struct facility *f, const struct rack_set *b, int r, sim_time now)
{
	struct it_power *q = &f->racks[r];
	double g0 = q->gpu.value, r0 = q->raw.value;
	struct meter *m[2] = { &q->gpu, &q->raw };
	for (int i = 0; i < 2; i++) {
		struct meter *x = m[i];
		assert(x->t_last == b->t0);
		x->integral += x->value * (double)(now - b->t0) + b->ip;
		if (b->pmax > -HUGE_VAL && x->value + b->pmax > x->peak)
			x->peak = x->value + b->pmax;
		x->value += b->p;
		x->t_last = now;
	}
	double host = (1.0 - f->fan_share) * (r0 + b->pmin) - (g0 + b->pmin);
	if (host > q->host_peak)
		q->host_peak = host;
}

/* Every member of set si folded at now; the set starts again from there
 * (the chain's share keeps its part: the members' draws do not change). */
static void set_restart(struct facility *f, int si, sim_time now)
{
	struct facility_groups *gs = f->groups;
	struct rack_set *b = &gs->rsets[si];
	set_flush(b, now);
	for (int r = b->head; r >= 0; r = gs->rnext[r])
		set_fold(f, b, r, now);
	b->p = b->ip = 0;
	b->pmax = -HUGE_VAL;
	b->pmin = 0;
	b->t0 = b->t_last = now;
	b->moved = 0;
}

/* A new, empty set of mix m (its k, g, c) for block `block` in zone
 * `zone`, on each of its groups' entries and its block's list. */
static int set_new(struct facility *f, const struct rack_set *m, int block, int zone,
		   sim_time now)
{
	struct facility_groups *gs = f->groups;
	int si = gs->free_rset;
	assert(si >= 0); /* one set per rack at most */
	struct rack_set *b = &gs->rsets[si];
	gs->free_rset = b->bnext;
	*b = *m;
	b->block = block;
	b->zone = zone;
	b->n = 0;
	b->head = -1;
	b->p = b->ip = 0;
	b->pmax = -HUGE_VAL;
	b->pmin = 0;
	b->t0 = b->t_last = now;
	b->moved = 0;
	for (int i = 0; i < b->k; i++) {
		int g = b->g[i];
		b->at[i] = gs->n_entries[g];
		gs->entries[(size_t)g * (size_t)f->n_racks + (size_t)gs->n_entries[g]++] =
			(struct rack_entry){ si, b->c[i] };
	}
	b->bprev = -1;
	b->bnext = gs->block_head[block];
	if (b->bnext >= 0)
		gs->rsets[b->bnext].bprev = si;
	gs->block_head[block] = si;
	if (gs->pc)
		power_chain_share_reset(gs->pc, si, block);
	return si;
}

/* Empty set si off its groups' entries and its block's list, onto the
 * free list. */
static void rset_free(struct facility *f, int si)
{
	struct facility_groups *gs = f->groups;
	struct rack_set *b = &gs->rsets[si];
	for (int i = 0; i < b->k; i++) { /* the group's last entry takes its place */
		struct rack_entry *e = gs->entries + (size_t)b->g[i] * (size_t)f->n_racks;
		struct rack_entry last = e[--gs->n_entries[b->g[i]]];
		e[b->at[i]] = last;
		struct rack_set *o = &gs->rsets[last.set];
		for (int q = 0; q < o->k; q++)
			if (o->g[q] == b->g[i])
				o->at[q] = b->at[i];
	}
	if (b->bprev >= 0)
		gs->rsets[b->bprev].bnext = b->bnext;
	else
		gs->block_head[b->block] = b->bnext;
	if (b->bnext >= 0)
		gs->rsets[b->bnext].bprev = b->bprev;
	b->bnext = gs->free_rset;
	gs->free_rset = si;
}

static int rack_block(const struct facility_groups *gs, int r)
{
	return gs->pc ? gs->pc->rack_unit[r] : r / RACK_SET_BLOCK;
}

/* Rack r's mix into m (groups in order); 0 when it holds no group's GPUs
 * or more groups' than a set keeps. */
static int rack_mix(const struct facility *f, int r, struct rack_set *m)
{
	const struct facility_groups *gs = f->groups;
	m->k = 0;
	for (int h = 0; h < gs->n_groups; h++) {
		int c = gs->racks.count[(size_t)h * (size_t)f->n_racks + (size_t)r];
		if (c == 0)
			continue;
		if (m->k == RACK_SET_GROUPS)
			return 0;
		m->g[m->k] = h;
		m->c[m->k++] = c;
	}
	return m->k > 0;
}

static int same_mix(const struct rack_set *a, const struct rack_set *b)
{
	if (a->k != b->k)
		return 0;
	for (int i = 0; i < a->k; i++)
		if (a->g[i] != b->g[i] || a->c[i] != b->c[i])
			return 0;
	return 1;
}

/* Rack r, loose, every GPU of a group in it at its group's draw (at a
 * move: facility_groups_load): into its block's set of its mix and zone
 * (restarted at now unless it began now and has not moved: its members'
 * meters are all flushed to t0), or a new one. */
static void rack_join(struct facility *f, int r, sim_time now)
{
	struct facility_groups *gs = f->groups;
	struct rack_set m;
	if (!rack_mix(f, r, &m))
		return;
	int block = rack_block(gs, r), zone = f->rack_zone[r], si = gs->block_head[block];
	while (si >= 0 && (gs->rsets[si].zone != zone || !same_mix(&gs->rsets[si], &m)))
		si = gs->rsets[si].bnext;
	if (si < 0)
		si = set_new(f, &m, block, zone, now);
	else if (gs->rsets[si].moved || gs->rsets[si].t0 != now)
		set_restart(f, si, now);
	struct rack_set *b = &gs->rsets[si];
	struct it_power *q = &f->racks[r];
	meter_flush(&q->gpu, now);
	meter_flush(&q->raw, now);
	gs->rprev[r] = -1;
	gs->rnext[r] = b->head;
	if (b->head >= 0)
		gs->rprev[b->head] = r;
	b->head = r;
	b->n++;
	f->rack_set[r] = si;
	for (int i = 0; i < b->k; i++)
		list_remove(&gs->racks, b->g[i], r);
	if (gs->pc) {
		power_chain_rack(gs->pc, r, facility_rack_w(f, r));
		power_chain_share_join(gs->pc, si, r);
	}
}

void facility_groups_rack_detach(struct facility *f, int r, sim_time now)
{
	struct facility_groups *gs = f->groups;
	int si = f->rack_set[r];
	struct rack_set *b = &gs->rsets[si];
	set_flush(b, now);
	set_fold(f, b, r, now);
	f->rack_set[r] = -1;
	if (gs->rprev[r] >= 0)
		gs->rnext[gs->rprev[r]] = gs->rnext[r];
	else
		b->head = gs->rnext[r];
	if (gs->rnext[r] >= 0)
		gs->rprev[gs->rnext[r]] = gs->rprev[r];
	for (int i = 0; i < b->k; i++) /* loose again, its counts unchanged */
		list_insert(&gs->racks, b->g[i], r);
	if (gs->pc)
		power_chain_share_leave(gs->pc, r, facility_rack_w(f, r));
	cand_push(gs, r); /* it may join again at the next move */
	if (--b->n == 0)
		rset_free(f, si);
}

void facility_groups_fold(struct facility *f, sim_time now)
{
	struct facility_groups *gs = f->groups;
	if (!gs)
		return;
	for (int blk = 0; blk < gs->n_blocks; blk++)
		for (int si = gs->block_head[blk]; si >= 0; si = gs->rsets[si].bnext)
			set_restart(f, si, now);
}

void facility_groups_add(struct facility *f, const struct job *j, int g, int sign, sim_time now)
{
	struct facility_groups *gs = f->groups;
	assert(gs && g >= 0 && g < gs->n_groups);
	int hint = -1; /* a job's nodes, in order, usually share one set */
	for (uint32_t i = 0; i < j->n_allocs; i++) {
		int node = (int)j->allocs[i].node, rack = node / f->nodes_per_rack;
		int k = sign * (int)j->allocs[i].gpus;
		if (f->node_set[node] >= 0) /* its count changes: loose first */
			facility_groups_detach(f, node);
		if (f->rack_set[rack] >= 0)
			facility_groups_rack_detach(f, rack, now);
		places_add(&gs->nodes, g, node, k);
		places_add(&gs->racks, g, rack, k);
		cand_push(gs, rack);
		gs->zone_gpus[(size_t)g * (size_t)f->n_zones + (size_t)f->rack_zone[rack]] += k;
		if (sign > 0 && only_group(gs, node, g))
			hint = attach(f, node, g,
				      gs->nodes.count[(size_t)g * (size_t)gs->nodes.n + (size_t)node], hint);
	}
}

void facility_groups_load(struct facility *f, int g, double gpu_dw, struct power_chain *pc,
			  sim_time now)
{
	struct facility_groups *gs = f->groups;
	assert(pc == gs->pc);
	const size_t base_n = (size_t)g * (size_t)gs->nodes.n, base_r = (size_t)g * (size_t)gs->racks.n;
	/* racks whose mix changed join the sets of their mix, at the level
	 * they hold before this move (every group's GPUs at its draw) */
	for (int i = 0; i < gs->n_cand; i++) {
		int r = gs->cand[i];
		gs->is_cand[r] = 0;
		if (f->rack_set[r] < 0)
			rack_join(f, r, now);
	}
	gs->n_cand = 0;
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
	for (int si = gs->set_head[g]; si >= 0;) { /* all moved: merge */
		int next = gs->sets[si].gnext, gone = merge_into(f, si);
		si = gone == next ? gs->sets[si].gnext : next; /* (next merged into si) */
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
	for (int i = 0; i < gs->racks.len[g]; i++) { /* the loose racks */
		int rack = gs->racks.list[base_r + (size_t)i];
		rack_add(&f->racks[rack], now, gs->racks.count[base_r + (size_t)rack] * gpu_dw, 0,
			 f->fan_share);
		if (pc)
			power_chain_rack(pc, rack, facility_rack_w(f, rack));
	}
	const struct rack_entry *e = gs->entries + base_r;
	for (int i = 0; i < gs->n_entries[g]; i++) {
		struct rack_set *b = &gs->rsets[e[i].set];
		double dr = e[i].c * gpu_dw; /* each member's move, as rack_add's */
		set_flush(b, now);
		b->p += dr;
		if (b->p < b->pmin)
			b->pmin = b->p;
		b->moved = 1;
		if (pc)
			power_chain_share_move(pc, e[i].set, b->n, f->zones[b->zone].to_total * dr);
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
