/*
 * facility_pods.c - topology-aware placement of a job of whole nodes
 * (cluster.racks_per_pod > 0): the fewest racks, then the fewest pods.
 *
 * A pod (scalable unit) is racks_per_pod consecutive racks; the last may
 * be short. A job of k GPUs on nodes of g takes k / g whole free nodes and,
 * for a remainder, one node with room. Taking racks in decreasing order of
 * their whole free nodes reaches k / g in the fewest racks (greedy is
 * optimal for counts); if one pod alone reaches it in as few racks, the job
 * stays in that pod (the first such), else it takes the global choice.
 * The remainder goes to a node of the racks chosen if one has room, else
 * to the first node with room. Jobs that fit in one node keep first fit
 * (facility.c): one node is one rack and one pod.
 *
 * Cost: O(racks + nodes) per placement of a multi-node job (a counting
 * sort of the racks by free nodes, then a walk); the scratch is sized at
 * init, so a placement allocates only the job's allocation array.
 */
#include <stdlib.h>
#include <string.h>

#include "facility.h"

int facility_pods_init(struct facility *f, int racks_per_pod)
{
	f->racks_per_pod = racks_per_pod;
	if (racks_per_pod <= 0)
		return 0;
	f->n_pods = (f->n_racks + racks_per_pod - 1) / racks_per_pod;
	/* racks' free nodes, their order, a bucket per count, per-pod sums */
	size_t n = (size_t)f->n_racks * 2 + (size_t)f->nodes_per_rack + 2 + (size_t)f->n_pods * 2;
	f->pod_scratch = calloc(n, sizeof *f->pod_scratch);
	return f->pod_scratch ? 0 : -1;
}

static int pod_of(const struct facility *f, int rack)
{
	return rack / f->racks_per_pod;
}

static int allocated(const struct job *j, int node)
{
	for (uint32_t i = 0; i < j->n_allocs; i++)
		if ((int)j->allocs[i].node == node)
			return 1;
	return 0;
}

static void add(struct job *j, int node, int gpus)
{
	j->allocs[j->n_allocs].node = (uint32_t)node;
	j->allocs[j->n_allocs].gpus = (uint32_t)gpus;
	j->n_allocs++;
}

/* order[0..n_racks): racks by whole free nodes, most first, then index. */
static void racks_by_free(const struct facility *f, int *full, int *order, int *bucket)
{
	const int npr = f->nodes_per_rack, g = f->gpus_per_node;
	memset(bucket, 0, (size_t)(npr + 2) * sizeof *bucket);
	for (int r = 0; r < f->n_racks; r++) {
		full[r] = 0;
		for (int n = r * npr; n < (r + 1) * npr; n++)
			full[r] += f->free_per_node[n] == g;
		bucket[npr - full[r] + 1]++;
	}
	for (int c = 1; c <= npr + 1; c++)
		bucket[c] += bucket[c - 1];
	for (int r = 0; r < f->n_racks; r++)
		order[bucket[npr - full[r]]++] = r;
}

int facility_fit_pods(const struct facility *f, struct job *j, int k)
{
	const int g = f->gpus_per_node, npr = f->nodes_per_rack;
	const int whole = k / g, rest = k % g;
	if (f->full_free_nodes < whole)
		return 1;
	int *full = f->pod_scratch, *order = full + f->n_racks;
	int *bucket = order + f->n_racks, *pod_sum = bucket + npr + 2, *pod_racks = pod_sum + f->n_pods;
	racks_by_free(f, full, order, bucket);
	memset(pod_sum, 0, (size_t)f->n_pods * 2 * sizeof *pod_sum);
	int global_racks = 0, sum = 0, best_pod = -1, best_racks = 0;
	for (int i = 0; i < f->n_racks && full[order[i]] > 0; i++) {
		int r = order[i], p = pod_of(f, r);
		if (sum < whole) {
			sum += full[r];
			global_racks++;
		}
		if (pod_sum[p] < whole) {
			pod_sum[p] += full[r];
			pod_racks[p]++;
			if (pod_sum[p] >= whole && (best_pod < 0 || pod_racks[p] < best_racks)) {
				best_pod = p;
				best_racks = pod_racks[p];
			}
		}
	}
	const int in_pod = best_pod >= 0 && best_racks <= global_racks;
	if (job_reserve_allocs(j, (uint32_t)(whole + 1)) != 0)
		return -1;
	j->n_allocs = 0;
	int taken = 0, chosen = 0;
	for (int i = 0; i < f->n_racks && taken < whole; i++) {
		int r = order[i];
		if (in_pod && pod_of(f, r) != best_pod)
			continue;
		order[chosen++] = r; /* the racks used, in the order taken (i >= chosen) */
		for (int n = r * npr; n < (r + 1) * npr && taken < whole; n++) {
			if (f->free_per_node[n] == g) {
				add(j, n, g);
				taken++;
			}
		}
	}
	if (rest == 0)
		return 0;
	for (int i = 0; i < chosen; i++)
		for (int n = order[i] * npr; n < (order[i] + 1) * npr; n++)
			if (f->free_per_node[n] >= rest && !allocated(j, n)) {
				add(j, n, rest);
				return 0;
			}
	for (int n = 0; n < f->n_nodes; n++)
		if (f->free_per_node[n] >= rest && !allocated(j, n)) {
			add(j, n, rest);
			return 0;
		}
	j->n_allocs = 0;
	return 1;
}

/*
 * The fabric across pods: a job that spans pods sends its communication
 * through the links above them, which carry 1 / oversubscription of what
 * the pods' own do. If a share c of its step time is that communication
 * and bandwidth-bound, the step takes (1 - c) + c x oversubscription: its
 * speed is the inverse. A job in one pod, or with c = 0, runs at full
 * speed (1 exactly).
 */
double facility_fabric_speed(const struct facility *f, int pods, double comm_fraction,
			     double oversubscription)
{
	if (f->racks_per_pod <= 0 || pods <= 1 || comm_fraction <= 0 || oversubscription <= 1)
		return 1.0;
	return 1.0 / ((1.0 - comm_fraction) + comm_fraction * oversubscription);
}

void facility_job_spread(const struct facility *f, const struct job *j, int *racks, int *pods)
{
	int last_rack = -1, n_racks = 0, n_pods = 0;
	/* allocations are few: count distinct racks and pods pairwise */
	for (uint32_t i = 0; i < j->n_allocs; i++) {
		int r = (int)j->allocs[i].node / f->nodes_per_rack, seen_r = 0, seen_p = 0;
		for (uint32_t k = 0; k < i && !(seen_r && seen_p); k++) {
			int q = (int)j->allocs[k].node / f->nodes_per_rack;
			seen_r |= q == r;
			seen_p |= f->racks_per_pod > 0 && pod_of(f, q) == pod_of(f, r);
		}
		n_racks += !seen_r;
		n_pods += !seen_p;
		last_rack = r;
	}
	(void)last_rack;
	*racks = n_racks;
	*pods = f->racks_per_pod > 0 ? n_pods : (j->n_allocs ? 1 : 0);
}
