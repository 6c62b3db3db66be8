/*
 * facility.h - racks of nodes of GPUs: which GPUs are free, and the power
 * each rack draws.
 *
 * Placement is first-fit in node order. A job that fits in one node gets one
 * node (its GPUs share NVLink); a larger job gets whole free nodes plus, for
 * a remainder, the first node with room. Power is kept per rack and for the
 * whole IT load as meters, by component, changed only when a job starts,
 * ends or changes its GPUs' draw.
 *
 * Components: GPU boards; host (CPUs, memory, NICs, switches inside the
 * node, PSU losses, and CPU/storage servers in the rack) without fans; fans;
 * network (rack switches). A node's datasheet draw G + H includes its fans,
 * which take fan_share of it under air; each zone's cooling scales them by
 * its fan_scale (1 air, less for direct-to-chip, 0 immersion), so a node draws
 * (G + H) x (1 - fan_share x (1 - fan_scale)). Network devices keep their
 * own fans in the network figure.
 */
#ifndef DCSIM_FACILITY_H
#define DCSIM_FACILITY_H

#include "count_meter.h"
#include "first_set.h"
#include "it_component.h"
#include "job.h"
#include "level_hist.h"
#include "meter.h"
#include "scenario.h"

/*
 * IT power of a rack or of the whole facility, in W. Every component is
 * linear in two levels, the GPU draw G and the datasheet draw R = G + host
 * (fans at air included), so only those two move at each event and the
 * components are derived: gpu G, host (1 - f) R - G, fans s f R, total
 * (1 - f + s f) R + network (f fan share, s fan scale). Racks also keep
 * the host level's peak, which is not a function of the others' peaks (a
 * comparison per change, not a meter).
 */
struct it_power {
	struct meter gpu;
	struct meter raw;
	struct meter network; /* constant */
	double host_peak;     /* racks only: highest (1 - f) R - G since the mark */
	double fan_scale;     /* of the zone's cooling */
	double to_total;      /* IT W per datasheet W, 1 - fan_share + fan_scale x
			       * fan_share: constant, so kept, not recomputed at
			       * every change of load (bench/callgrind.sh) */
};

struct facility {
	int n_racks;
	int nodes_per_rack;
	int n_nodes;
	int gpus_per_node;
	int total_gpus;
	int free_gpus;       /* sum of free_per_node */
	int full_free_nodes; /* nodes with every GPU free */
	int down_gpus;       /* failed: not free, not placeable (world_failures.c) */
	int *free_per_node;
	struct first_set *fit; /* fit[c - 1]: the nodes with at least c free
				* GPUs, c = 1 .. gpus_per_node (first_set.h) */
	double gpu_idle_w;    /* per GPU */
	double host_per_util_w; /* host draw added per GPU at utilization 1 */
	double fan_share;
	struct it_power *racks; /* per rack */
	struct it_power *zones; /* per cooling zone: the sum over its racks */
	int n_zones;
	int *rack_zone;         /* zone of each rack */
	struct meter it_total;  /* IT of every zone, W */
	struct count_meter busy; /* GPUs allocated to jobs */
	/* pods (facility_pods.c): racks_per_pod consecutive racks; 0 none */
	int racks_per_pod;
	int n_pods;
	int *pod_scratch;       /* placement's scratch, sized at init: not state */
	/* per-node and per-GPU power distributions over the window: each
	 * node's datasheet draw and when it last changed; the GPU levels are
	 * added by the run as its jobs' draws change (facility_gpu_level) */
	double *node_raw;
	sim_time *node_since;
	sim_time window_from;   /* the mark; none before it */
	struct level_hist node_dist; /* W x tick */
	struct level_hist gpu_dist;  /* W x GPU-tick */
	struct facility_groups *groups; /* facility_groups.c's, or NULL */
	int *node_set; /* with groups: per node its set (node_raw and node_since
			  kept there, facility_groups_detach), or -1 */
	int *rack_set; /* with groups: per rack its rack set (part of its GPU and
			  datasheet meters kept there, facility_groups_rack_detach), or -1 */
};

int facility_init(struct facility *f, const struct scenario *sc, sim_time now);
void facility_fini(struct facility *f);

/* Power groups (facility_groups.c): the GPUs of each group by node, rack
 * and zone, so a change of a group's per-GPU draw moves each of them
 * once. Set up for n_groups with the chain pc (NULL: none; its rack
 * shares are set up here) (-1 out of memory; fini frees a partial one);
 * j's GPUs join group g (sign +1) or leave it (-1) at now; every GPU of
 * group g draws gpu_dw W more (its nodes, racks, zones, the facility, and
 * the racks' draws into the chain, pc: the same as at init). */
struct facility_groups;
struct power_chain;
int facility_groups_init(struct facility *f, int n_groups, struct power_chain *pc);
void facility_groups_fini(struct facility *f);
void facility_groups_add(struct facility *f, const struct job *j, int g, int sign, sim_time now);
void facility_groups_load(struct facility *f, int g, double gpu_dw, struct power_chain *pc,
			  sim_time now);
/* node (node_set[node] >= 0) takes its draw and its time since the last
 * change back from its set, and leaves it; what its set holds for its
 * draw. */
void facility_groups_detach(struct facility *f, int node);
double facility_groups_node_raw(const struct facility *f, int node);
/* Rack sets (facility_groups.c): racks of one mix of groups' GPUs move as
 * one record, and a rack's own meters lag. rack (rack_set[rack] >= 0) takes
 * its meters back at now and leaves its set (and its share of the chain,
 * which it tells its draw); every set's part into its members' meters at
 * now (before the racks' meters are read or marked). */
void facility_groups_rack_detach(struct facility *f, int rack, sim_time now);
void facility_groups_fold(struct facility *f, sim_time now);

/* Choose k GPUs for j (fills j->allocs) without taking them: 0 chosen;
 * 1 no room now; -1 out of memory. f does not change. */
int facility_fit(const struct facility *f, struct job *j, int k);
/* Whether facility_fit would choose k GPUs now (1) or find no room (0),
 * without choosing them: O(1) for a job of whole nodes or of one node;
 * -1 when only the choice can tell (pods, or whole nodes and a part). */
int facility_would_fit(const struct facility *f, int k);
/* Take the GPUs facility_fit chose for j (still free). */
void facility_take(struct facility *f, const struct job *j, sim_time now);
/* Both: allocate k GPUs for j. Nothing changes unless it returns 0. */
int facility_place(struct facility *f, struct job *j, int k, sim_time now);
/* k free GPUs of node go down (a failure), or k down GPUs come back up:
 * placement only (their power: facility_node_load). */
void facility_gpus_down(struct facility *f, int node, int k);
void facility_gpus_up(struct facility *f, int node, int k);
/* Change node's GPU draw by gpu_dw and its datasheet host draw by host_dw
 * (W, whole node; negative to take load off). */
void facility_node_load(struct facility *f, int node, double gpu_dw, double host_dw,
			sim_time now);
/* Pods (facility_pods.c): set them up (0 none); -1 out of memory. */
int facility_pods_init(struct facility *f, int racks_per_pod);
/* facility_fit for a job of k > gpus_per_node GPUs with pods: the fewest
 * racks, then the fewest pods. */
int facility_fit_pods(const struct facility *f, struct job *j, int k);
/* The speed factor of a job across `pods` pods whose step time is
 * comm_fraction communication, above pods oversubscribed by that ratio. */
double facility_fabric_speed(const struct facility *f, int pods, double comm_fraction,
			     double oversubscription);
/* The racks and pods j's GPUs are in (pods 1 without pods). */
void facility_job_spread(const struct facility *f, const struct job *j, int *racks, int *pods);
/* Free j's GPUs. */
void facility_release(struct facility *f, struct job *j, sim_time now);
/* Change the draw of each of j's GPUs by gpu_dw and of the host by
 * host_dw per GPU of j, on j's racks (negative to take load off). */
void facility_load(struct facility *f, const struct job *j, double gpu_dw, double host_dw,
		   sim_time now);
/* The same for a group of GPUs that move together: gpus[node] of them on
 * each of nodes[0..n) (increasing), each GPU by gpu_dw and its host by
 * host_dw. O(n), one meter change per rack and per zone. */
void facility_nodes_load(struct facility *f, const int *nodes, const int *gpus, int n,
			 double gpu_dw, double host_dw, sim_time now);
/* The host draw a job adds per GPU at utilization u. */
double facility_host_w(const struct facility *f, double u);
/* Total IT draw now, W: of the facility, of rack r, or of zone z. */
static inline double facility_it_w(const struct facility *f)
{
	return f->it_total.value;
}
/* (inline: every re-rate reads it for each of the job's racks, for the
 * chain; the same operations as power_w in facility.c, so the same bits) */
static inline double facility_rack_w(const struct facility *f, int r)
{
	const struct it_power *p = &f->racks[r];
	return p->to_total * p->raw.value + p->network.value;
}
/* IT W per W of GPU draw in zone z: GPU draw brings its node's fans. */
static inline double facility_zone_gpu_factor(const struct facility *f, int z)
{
	return f->zones[z].to_total;
}
/* (inline: the cooling reads it at every settle) */
static inline double facility_zone_w(const struct facility *f, int z)
{
	return facility_zone_gpu_factor(f, z) * f->zones[z].raw.value + f->zones[z].network.value;
}
/* Integrals in W x tick of each component of p (a rack or a zone): since
 * the start, or over the measurement window (since facility_mark). */
void facility_integrals(const struct facility *f, const struct it_power *p, int window,
			double out[IT_N_COMPONENTS]);
/* The same summed over every zone: the facility. */
void facility_total_integrals(const struct facility *f, int window,
			      double out[IT_N_COMPONENTS]);
/* Peak of each component since facility_mark, W; the host peak is only
 * tracked for racks (NaN for zones). */
void facility_peaks(const struct facility *f, const struct it_power *p,
		    double out[IT_N_COMPONENTS]);

/* n GPUs held level_w from since to now: their share in the window
 * goes into the per-GPU distribution. */
static inline void facility_gpu_level(struct facility *f, double level_w, double n,
				      sim_time since, sim_time now)
{ /* (inline: every job end adds one) */
	sim_time from = since > f->window_from ? since : f->window_from;
	if (now > from)
		level_hist_add(&f->gpu_dist, level_w, n * (double)(now - from));
}
/* The end of the run: every node's level up to now into the per-node
 * distribution. */
void facility_node_dist_close(struct facility *f, sim_time now);
/* IT power of node now, W (its fans as its zone's cooling leaves them). */
double facility_node_w(const struct facility *f, int node);

/* Bring the zones' and the facility's meters up to now: what a time-series
 * sample reads. The racks' meters integrate at each change of their own
 * draw and are read only at the end of the run, so they are brought up to
 * now apart (facility_flush_racks): a sample costs O(zones), not
 * O(racks), and a rack's integral is the same sum of level x duration,
 * in fewer pieces (its last digit may round differently). */
void facility_flush(struct facility *f, sim_time now);
void facility_flush_racks(struct facility *f, sim_time now);
void facility_mark(struct facility *f, sim_time now);

#endif
