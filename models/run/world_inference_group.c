/*
 * world_inference_group.c - the aggregate mode's serving replicas moved
 * as groups, so a step costs O(nodes the service holds), not O(replicas).
 *
 * In the aggregate mode every serving replica holds the same mean batch,
 * so every one of its GPUs wants the same draw; only its cap can differ,
 * and a cap is the facility's or a cooling zone's. So the serving replicas
 * of a service are grouped by zone: a group is one draw per GPU (and one
 * host draw), the count of its GPUs on each node (the service's node_gpus,
 * a node being in one zone) and the increasing list of those nodes. A
 * step's change of draw moves the group through facility_nodes_load (one
 * meter change per node, rack and zone), the service's meter, the power
 * distribution (one entry of level x GPU count) and the chain (once per
 * rack), and is skipped when the draw did not change. The group's energy
 * is its GPUs x its draw x time, the requests' while the step's batch is
 * not empty, else idle (the replicas' rule, world_inference_serve.c).
 *
 * A replica joins its zone's group at the first step it serves (its draw
 * moved to the group's), and leaves it when it stops (infer_rep_stop):
 * its draw is then the group's, so nothing in the facility moves, and the
 * group's distribution entry is closed at the leave. A replica whose GPUs
 * span zones (more GPUs than a node, across zones) is never grouped: it
 * stays on the per-replica path (set_draw in world_inference_aggregate.c).
 *
 * Invariant: a grouped replica's own gpu_w, host_w and level_since are
 * not read (its group's are); sum over groups of gpus = gpus_per_replica
 * x n_grouped = sum of node_gpus.
 */
#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "grow_array.h"
#include "world_inference_int.h"

int infer_groups_init(struct world *w, struct service *sv)
{
	sv->n_grp = w->fac.n_zones;
	sv->grp = calloc((size_t)sv->n_grp, sizeof *sv->grp);
	sv->node_gpus = calloc((size_t)w->fac.n_nodes, sizeof *sv->node_gpus);
	if (!sv->grp || !sv->node_gpus)
		return -1;
	for (int z = 0; z < sv->n_grp; z++) {
		sv->grp[z].gpu_w = w->gpu.idle_w; /* an empty group is at the idle draw */
		sv->grp[z].speed = 1.0;
	}
	return 0;
}

void infer_groups_fini(struct service *sv)
{
	for (int z = 0; z < sv->n_grp; z++)
		free(sv->grp[z].nodes);
	free(sv->grp);
	free(sv->node_gpus);
}

/* The groups' energy up to now. */
void infer_groups_advance(struct service *sv, sim_time now)
{
	const int busy = sv->agg_b > 0;
	for (int z = 0; z < sv->n_grp; z++) {
		struct rep_group *g = &sv->grp[z];
		double dt = clock_to_s(now - g->last);
		g->last = now;
		if (dt <= 0 || g->gpus == 0)
			continue;
		double e = g->gpu_w * g->gpus * dt;
		if (busy)
			sv->done_j += e;
		else
			sv->grp_idle_j += e;
	}
}

/* The group's GPU levels up to now into the power distribution. */
static void group_close(struct world *w, struct rep_group *g, sim_time now)
{
	if (g->gpus > 0)
		facility_gpu_level(&w->fac, g->gpu_w, g->gpus, g->since, now);
	g->since = now;
}

void infer_groups_levels(struct world *w, const struct service *sv, sim_time end)
{
	for (int z = 0; z < sv->n_grp; z++) {
		const struct rep_group *g = &sv->grp[z];
		if (g->gpus > 0)
			facility_gpu_level(&w->fac, g->gpu_w, g->gpus, g->since, end);
	}
}

/* node's position in g's list, or where it goes (binary search). */
static int node_slot(const struct rep_group *g, int node)
{
	int lo = 0, hi = g->n_nodes;
	while (lo < hi) {
		int mid = (lo + hi) / 2;
		if (g->nodes[mid] < node)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* k of the service's GPUs on node join (k > 0) or leave (k < 0) g. */
static int node_count(struct service *sv, struct rep_group *g, int node, int k)
{
	int was = sv->node_gpus[node];
	sv->node_gpus[node] += k;
	assert(sv->node_gpus[node] >= 0);
	if (was > 0 && sv->node_gpus[node] > 0)
		return 0;
	int at = node_slot(g, node);
	if (was == 0) { /* a new node of the group */
		int *p = grow_array(g->nodes, (size_t)g->n_nodes, &g->cap_nodes, sizeof *p, 16);
		if (!p)
			return -1;
		g->nodes = p;
		memmove(&g->nodes[at + 1], &g->nodes[at], (size_t)(g->n_nodes - at) * sizeof *p);
		g->nodes[at] = node;
		g->n_nodes++;
	} else {
		memmove(&g->nodes[at], &g->nodes[at + 1], (size_t)(g->n_nodes - at - 1) * sizeof *g->nodes);
		g->n_nodes--;
	}
	return 0;
}

/* The zone all of rep's GPUs are in, or -1 when they span zones. */
static int zone_of(const struct world *w, const struct replica *rep)
{
	int z = -1;
	for (uint32_t i = 0; i < rep->place.n_allocs; i++) {
		int zz = w->fac.rack_zone[(int)rep->place.allocs[i].node / w->fac.nodes_per_rack];
		if (z >= 0 && zz != z)
			return -1;
		z = zz;
	}
	return z;
}

int infer_group_join(struct world *w, struct service *sv, struct replica *rep, sim_time now)
{
	assert(!rep->grp && rep->state == REP_ACTIVE);
	int z = zone_of(w, rep);
	if (z < 0)
		return 1;
	struct rep_group *g = &sv->grp[z];
	infer_advance(infer_state(w), sv, rep, now);
	if (rep->gpu_w != g->gpu_w || rep->host_w != g->host_w)
		infer_move_draw(w, sv, rep, g->gpu_w, g->host_w, now);
	facility_gpu_level(&w->fac, rep->gpu_w, sv->spec->perf->gpus_per_replica,
			   rep->level_since, now);
	group_close(w, g, now);
	for (uint32_t i = 0; i < rep->place.n_allocs; i++)
		if (node_count(sv, g, (int)rep->place.allocs[i].node,
			       (int)rep->place.allocs[i].gpus) != 0)
			return -1;
	g->gpus += sv->spec->perf->gpus_per_replica;
	rep->speed = g->speed;
	rep->grp = z + 1;
	sv->n_grouped++;
	return 0;
}

void infer_group_leave(struct world *w, struct service *sv, struct replica *rep, sim_time now)
{
	if (!rep->grp)
		return;
	struct rep_group *g = &sv->grp[rep->grp - 1];
	infer_groups_advance(sv, now);
	group_close(w, g, now);
	for (uint32_t i = 0; i < rep->place.n_allocs; i++)
		node_count(sv, g, (int)rep->place.allocs[i].node, -(int)rep->place.allocs[i].gpus);
	g->gpus -= sv->spec->perf->gpus_per_replica;
	rep->grp = 0;
	sv->n_grouped--;
	rep->gpu_w = g->gpu_w;
	rep->host_w = g->host_w;
	rep->level_since = now;
	rep->last = now;
	rep->speed = g->speed;
}

/* Every group's GPUs at utilization u now, each under its zone's cap:
 * the facility, the service's meter, the distribution and the chain move
 * only for groups whose draw changed. The caller settles the facility. */
void infer_groups_draw(struct world *w, struct service *sv, double u, sim_time now)
{
	double want = gpu_power_want_w(&w->gpu, u), host = facility_host_w(&w->fac, u);
	for (int z = 0; z < sv->n_grp; z++) {
		struct rep_group *g = &sv->grp[z];
		double draw, speed;
		gpu_power_under_cap(&w->gpu, want, gpu_power_cap_min(world_node_cap(w),
								   w->zone_cap_w[z], 0),
				    &draw, &speed);
		g->speed = speed;
		if (draw == g->gpu_w && host == g->host_w)
			continue;
		if (g->gpus == 0) { /* the level the first to join moves to */
			g->gpu_w = draw;
			g->host_w = host;
			continue;
		}
		double dg = draw - g->gpu_w, dh = host - g->host_w;
		facility_nodes_load(&w->fac, g->nodes, sv->node_gpus, g->n_nodes, dg, dh, now);
		meter_add(&sv->gpu_w, now, dg * g->gpus);
		group_close(w, g, now);
		g->gpu_w = draw;
		g->host_w = host;
		if (w->chain.n_levels > 0) {
			int last = -1;
			for (int i = 0; i < g->n_nodes; i++) {
				int rack = g->nodes[i] / w->fac.nodes_per_rack;
				if (rack != last)
					power_chain_rack(&w->chain, rack, facility_rack_w(&w->fac, rack));
				last = rack;
			}
		}
	}
}
