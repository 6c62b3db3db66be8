/*
 * facility.c - GPU placement and rack power.
 *
 * Free GPUs per node sit in one set per count (fit[c - 1]: the nodes with
 * at least c free, first_set.h), so "the first node with at least k free
 * GPUs" is a look at one word per level instead of a scan: the scheduler
 * asks it at every start. (A max-segment tree did this before, in
 * log2(nodes) steps for the search and for each change.) Invariants
 * (checked by the run's conservation pass): free_gpus + busy =
 * total_gpus; node n is in fit[c - 1] exactly when free_per_node[n] >= c;
 * each rack's components are its idle draw plus what its jobs add, and
 * the facility's it meters are the sum over racks (to rounding).
 */
#include "facility.h"
#include "facility_int.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>


/* Leftmost node with at least k free GPUs, or -1. */
static inline int first_fit(const struct facility *f, int k)
{
	if (k <= 0) /* (every node: the leftmost) */
		return f->n_nodes > 0 ? 0 : -1;
	return (int)first_set_first(&f->fit[k - 1]);
}

/* Leftmost node at or after from with at least k free GPUs, or -1. */
static int first_fit_from(const struct facility *f, int k, int from)
{
	if (from >= f->n_nodes)
		return -1;
	if (k <= 0)
		return from;
	return (int)first_set_from(&f->fit[k - 1], (size_t)from);
}

/* node's free count fell from old to now: it leaves the sets of the
 * counts above now. */
static inline void fit_lower(struct facility *f, int node, int old, int now)
{
	for (int c = now; c < old; c++)
		first_set_remove(&f->fit[c], (size_t)node);
}

/* node's free count rose from old to now: it joins the sets up to now. */
static inline void fit_raise(struct facility *f, int node, int old, int now)
{
	for (int c = old; c < now; c++)
		first_set_add(&f->fit[c], (size_t)node);
}

static inline void node_take(struct facility *f, int node, int gpus)
{
	if (f->free_per_node[node] == f->gpus_per_node)
		f->full_free_nodes--;
	f->free_per_node[node] -= gpus;
	f->free_gpus -= gpus;
	fit_lower(f, node, f->free_per_node[node] + gpus, f->free_per_node[node]);
}

static inline void node_give(struct facility *f, int node, int gpus)
{
	f->free_per_node[node] += gpus;
	f->free_gpus += gpus;
	if (f->free_per_node[node] == f->gpus_per_node)
		f->full_free_nodes++;
	fit_raise(f, node, f->free_per_node[node] - gpus, f->free_per_node[node]);
}

static void it_power_init(struct it_power *p, sim_time now, double network_w,
			  double fan_scale, double fan_share, double host_peak)
{
	meter_init(&p->gpu, now, 0);
	meter_init(&p->raw, now, 0);
	p->host_peak = host_peak;
	p->fan_scale = fan_scale;
	p->to_total = 1.0 - fan_share + fan_scale * fan_share;
	meter_init(&p->network, now, network_w);
}



static void it_power_flush(struct it_power *p, sim_time now)
{
	meter_flush(&p->gpu, now);
	meter_flush(&p->raw, now);
	meter_flush(&p->network, now);
}

static void it_power_mark(struct it_power *p, sim_time now, double fan_share)
{
	if (!isnan(p->host_peak))
		p->host_peak = (1.0 - fan_share) * p->raw.value - p->gpu.value;
	meter_mark(&p->gpu, now);
	meter_mark(&p->raw, now);
	meter_mark(&p->network, now);
}

const char *it_component_name(enum it_component c)
{
	static const char *const names[] = { "total", "gpu", "host", "fans", "network" };
	return names[c];
}


void facility_integrals(const struct facility *f, const struct it_power *p, int window,
			double out[IT_N_COMPONENTS])
{
	double g = window ? meter_window(&p->gpu) : p->gpu.integral;
	double r = window ? meter_window(&p->raw) : p->raw.integral;
	double n = window ? meter_window(&p->network) : p->network.integral;
	out[IT_GPU] = g;
	out[IT_HOST] = (1.0 - f->fan_share) * r - g;
	out[IT_FANS] = p->fan_scale * f->fan_share * r;
	out[IT_NETWORK] = n;
	out[IT_TOTAL] = raw_to_total(f, p) * r + n;
}

void facility_total_integrals(const struct facility *f, int window,
			      double out[IT_N_COMPONENTS])
{
	for (int c = 0; c < IT_N_COMPONENTS; c++)
		out[c] = 0;
	for (int z = 0; z < f->n_zones; z++) {
		double part[IT_N_COMPONENTS];
		facility_integrals(f, &f->zones[z], window, part);
		for (int c = 0; c < IT_N_COMPONENTS; c++)
			out[c] += part[c];
	}
}

void facility_peaks(const struct facility *f, const struct it_power *p,
		    double out[IT_N_COMPONENTS])
{
	out[IT_GPU] = p->gpu.peak;
	out[IT_HOST] = p->host_peak;
	out[IT_FANS] = p->fan_scale * f->fan_share * p->raw.peak;
	out[IT_NETWORK] = p->network.peak;
	out[IT_TOTAL] = raw_to_total(f, p) * p->raw.peak + p->network.peak;
}

/* The distributions' resolution (level_hist.h): 0.1 W per GPU, 1 W per
 * node, at most 2^16 and 2^17 bins (a 132 kW NVL72 "node" at 1 W). */
#define GPU_DIST_WIDTH_W 0.1
#define NODE_DIST_WIDTH_W 1.0

double facility_node_w(const struct facility *f, int node)
{
	const struct it_power *p = &f->zones[f->rack_zone[node / f->nodes_per_rack]];
	double raw = f->node_set && f->node_set[node] >= 0 ? facility_groups_node_raw(f, node)
							   : f->node_raw[node];
	return raw_to_total(f, p) * raw;
}



void facility_node_dist_close(struct facility *f, sim_time now)
{
	for (int i = 0; i < f->n_nodes; i++)
		node_close(f, i, raw_to_total(f, &f->zones[f->rack_zone[i / f->nodes_per_rack]]),
			   now);
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
	f->gpu_idle_w = sc->node.accel.idle_w;
	f->host_per_util_w = (sc->node.host_max_w - sc->node.host_idle_w) / f->gpus_per_node;
	f->fan_share = sc->node.fan_share;
	f->n_zones = (int)sc->n_zones;
	f->free_per_node = malloc((size_t)f->n_nodes * sizeof *f->free_per_node);
	f->fit = calloc((size_t)(f->gpus_per_node > 0 ? f->gpus_per_node : 1), sizeof *f->fit);
	f->racks = malloc((size_t)f->n_racks * sizeof *f->racks);
	f->zones = malloc((size_t)f->n_zones * sizeof *f->zones);
	f->rack_zone = malloc((size_t)f->n_racks * sizeof *f->rack_zone);
	f->node_raw = malloc((size_t)f->n_nodes * sizeof *f->node_raw);
	f->node_since = malloc((size_t)f->n_nodes * sizeof *f->node_since);
	f->window_from = INT64_MAX;
	if (!f->free_per_node || !f->fit || !f->racks || !f->zones || !f->rack_zone ||
	    !f->node_raw || !f->node_since ||
	    level_hist_init(&f->node_dist, hardware_node_max_w(&sc->node), NODE_DIST_WIDTH_W,
			    (size_t)1 << 17) != 0 ||
	    level_hist_init(&f->gpu_dist, sc->node.accel.tdp_w, GPU_DIST_WIDTH_W,
			    (size_t)1 << 16) != 0)
		goto fail;
	if (facility_pods_init(f, sc->racks_per_pod) != 0)
		goto fail;
	for (int i = 0; i < f->n_nodes; i++) {
		f->node_raw[i] = hardware_node_idle_w(&sc->node);
		f->node_since[i] = now;
	}
	for (int i = 0; i < f->n_nodes; i++)
		f->free_per_node[i] = f->gpus_per_node;
	for (int c = 0; c < f->gpus_per_node; c++) /* every node has all its GPUs free */
		if (first_set_init(&f->fit[c], (size_t)f->n_nodes, 1) != 0)
			goto fail;
	/* Idle: every GPU and host idle, plus the rack's devices. */
	double gpu0 = f->gpu_idle_w * f->gpus_per_node * f->nodes_per_rack;
	double host0 = sc->node.host_idle_w * f->nodes_per_rack, server0 = 0, net0 = 0;
	for (size_t i = 0; i < sc->n_rack_devices; i++) {
		const struct rack_device *d = &sc->rack_devices[i];
		double w = hardware_device_w(&d->spec) * d->count;
		if (d->spec.kind == DEVICE_NETWORK)
			net0 += w;
		else
			server0 += w;
	}
	for (int z = 0; z < f->n_zones; z++) {
		const struct cooling_zone *cz = &sc->zones[z];
		it_power_init(&f->zones[z], now, net0 * cz->racks, cz->spec.fan_scale,
			      f->fan_share, (double)NAN);
		for (int r = cz->first_rack; r < cz->first_rack + cz->racks; r++) {
			f->rack_zone[r] = z;
			it_power_init(&f->racks[r], now, net0, cz->spec.fan_scale, f->fan_share, 0);
			rack_add(&f->racks[r], now, gpu0, host0 + server0, f->fan_share);
			it_add(&f->zones[z], now, gpu0, host0 + server0);
		}
	}
	double total = 0;
	for (int z = 0; z < f->n_zones; z++)
		total += facility_zone_w(f, z);
	meter_init(&f->it_total, now, total);
	count_meter_init(&f->busy, now, 0);
	return 0;
fail:
	facility_fini(f);
	return -1;
}

void facility_fini(struct facility *f)
{
	free(f->free_per_node);
	for (int c = 0; f->fit && c < f->gpus_per_node; c++)
		first_set_fini(&f->fit[c]);
	free(f->fit);
	free(f->racks);
	free(f->zones);
	free(f->rack_zone);
	free(f->pod_scratch);
	free(f->node_raw);
	free(f->node_since);
	level_hist_fini(&f->node_dist);
	level_hist_fini(&f->gpu_dist);
	facility_groups_fini(f);
	memset(f, 0, sizeof *f);
}

/* Return j's GPUs to their nodes; the count of GPUs given back. */
static inline int give_back(struct facility *f, struct job *j)
{
	int k = 0;
	for (uint32_t i = 0; i < j->n_allocs; i++) {
		node_give(f, (int)j->allocs[i].node, (int)j->allocs[i].gpus);
		k += (int)j->allocs[i].gpus;
	}
	j->n_allocs = 0;
	return k;
}

static void add_alloc(struct job *j, int node, int gpus)
{
	j->allocs[j->n_allocs].node = (uint32_t)node;
	j->allocs[j->n_allocs].gpus = (uint32_t)gpus;
	j->n_allocs++;
}

/*
 * Whole free nodes first, in node order, then the first node with room
 * for the remainder that is not one of them: the nodes facility_place's
 * take-as-you-go first fit chose, found without taking any.
 */
int facility_fit(const struct facility *f, struct job *j, int k)
{
	const int g = f->gpus_per_node;
	j->n_allocs = 0;
	if (k > f->free_gpus)
		return 1;
	if (k > g && f->racks_per_pod > 0)
		return facility_fit_pods(f, j, k);
	if (k <= g) {
		int node = first_fit(f, k);
		if (node < 0)
			return 1;
		if (job_reserve_allocs(j, 1) != 0)
			return -1;
		add_alloc(j, node, k);
		return 0;
	}
	int whole = k / g, rest = k % g;
	if (f->full_free_nodes < whole)
		return 1;
	if (job_reserve_allocs(j, (uint32_t)(whole + 1)) != 0)
		return -1;
	for (int i = 0, from = 0; i < whole; i++) {
		int node = first_fit_from(f, g, from);
		assert(node >= 0); /* full_free_nodes counts them */
		add_alloc(j, node, g);
		from = node + 1;
	}
	if (rest == 0)
		return 0;
	uint32_t c = 0; /* the whole nodes are in order: skip them as met */
	for (int node = first_fit_from(f, rest, 0); node >= 0;
	     node = first_fit_from(f, rest, node + 1)) {
		while (c < (uint32_t)whole && (int)j->allocs[c].node < node)
			c++;
		if (c < (uint32_t)whole && (int)j->allocs[c].node == node)
			continue;
		add_alloc(j, node, rest);
		return 0;
	}
	j->n_allocs = 0;
	return 1;
}

int facility_would_fit(const struct facility *f, int k)
{
	const int g = f->gpus_per_node;
	if (k > f->free_gpus)
		return 0;
	if (k <= g)
		return first_fit(f, k) >= 0;
	if (f->racks_per_pod > 0 || k % g != 0)
		return -1; /* (the pods' choice, or a part node beside whole ones) */
	return f->full_free_nodes >= k / g;
}

void facility_take(struct facility *f, const struct job *j, sim_time now)
{
	int k = 0;
	for (uint32_t i = 0; i < j->n_allocs; i++) {
		node_take(f, (int)j->allocs[i].node, (int)j->allocs[i].gpus);
		k += (int)j->allocs[i].gpus;
	}
	count_meter_add(&f->busy, now, k);
}

/* facility_fit then facility_take, in one pass that takes as it goes (the
 * same nodes; it is the path of every start without a grid cap, where
 * the second walk over the allocations showed in bench/callgrind.sh). */
int facility_place(struct facility *f, struct job *j, int k, sim_time now)
{
	const int g = f->gpus_per_node;
	j->n_allocs = 0;
	if (k > f->free_gpus)
		return 1;
	if (k > g && f->racks_per_pod > 0) {
		int rc = facility_fit_pods(f, j, k);
		if (rc == 0)
			facility_take(f, j, now);
		return rc;
	}
	if (k <= g) {
		int node = first_fit(f, k);
		if (node < 0)
			return 1;
		if (job_reserve_allocs(j, 1) != 0)
			return -1;
		node_take(f, node, k);
		add_alloc(j, node, k);
	} else {
		int whole = k / g, rest = k % g;
		if (f->full_free_nodes < whole)
			return 1;
		if (job_reserve_allocs(j, (uint32_t)(whole + 1)) != 0)
			return -1;
		for (int i = 0; i < whole; i++) {
			int node = first_fit(f, g);
			node_take(f, node, g);
			add_alloc(j, node, g);
		}
		if (rest > 0) {
			int node = first_fit(f, rest);
			if (node < 0) { /* no room for the remainder: undo */
				give_back(f, j);
				return 1;
			}
			node_take(f, node, rest);
			add_alloc(j, node, rest);
		}
	}
	count_meter_add(&f->busy, now, k);
	return 0;
}

void facility_release(struct facility *f, struct job *j, sim_time now)
{
	count_meter_add(&f->busy, now, -give_back(f, j));
}

double facility_host_w(const struct facility *f, double u)
{
	return f->host_per_util_w * u;
}

/* Zone p's share of a run of a job's allocations, n GPUs; its IT into
 * *total. */
static void zone_load(const struct facility *f, struct it_power *p, double n, double gpu_dw,
		      double host_dw, double *total, sim_time now)
{
	it_add(p, now, n * gpu_dw, n * host_dw);
	*total += raw_to_total(f, p) * n * (gpu_dw + host_dw);
}

/* facility_load for a job on one node (most jobs: every job of at most a
 * node's GPUs), straight through: the same updates in the same order as
 * the walk below makes for one allocation, so the same bits, without its
 * zone-run bookkeeping (bench/callgrind.sh: about 35 instructions a call). */
static inline void load_one_node(struct facility *f, const struct job_alloc *a, double gpu_dw,
				 double host_dw, sim_time now)
{
	int node = (int)a->node, rack = node / f->nodes_per_rack;
	struct it_power *zp = &f->zones[f->rack_zone[rack]];
	const double k = (double)a->gpus, to_total = raw_to_total(f, zp);
	double total = 0;
	rack_touch(f, rack, now); /* (out of its rack set first, as in the walk) */
	rack_add(&f->racks[rack], now, k * gpu_dw, k * host_dw, f->fan_share);
	node_raw_add(f, node, to_total, k * (gpu_dw + host_dw), now);
	it_add(zp, now, k * gpu_dw, k * host_dw);
	total += to_total * k * (gpu_dw + host_dw);
	meter_add(&f->it_total, now, total);
}

/* facility_load for a job on several nodes. Apart, and not inlined, so
 * the one-node path above saves only the registers it uses. */
__attribute__((noinline)) static void load_nodes(struct facility *f, const struct job *j,
						 double gpu_dw, double host_dw, sim_time now)
{
	/* Allocations run in node order, so a zone's share is summed over a
	 * run of them and its meters move once per zone, not per node. A
	 * binding grid cap's re-rate comes here for every running job it
	 * slows: the loop is kept to the updates themselves. */
	double n = 0, total = 0, to_total = 1.0;
	const double fan_share = f->fan_share, node_dw = gpu_dw + host_dw;
	const struct job_alloc *a = j->allocs;
	int zone = -1;
	for (uint32_t i = 0; i < j->n_allocs; i++) {
		int node = (int)a[i].node, rack = node / f->nodes_per_rack, z = f->rack_zone[rack];
		if (z != zone) {
			if (zone >= 0 && n > 0)
				zone_load(f, &f->zones[zone], n, gpu_dw, host_dw, &total, now);
			n = 0;
			to_total = raw_to_total(f, &f->zones[z]);
			zone = z;
		}
		double k = (double)a[i].gpus;
		rack_touch(f, rack, now);
		rack_add(&f->racks[rack], now, k * gpu_dw, k * host_dw, fan_share);
		node_raw_add(f, node, to_total, k * node_dw, now);
		n += k;
	}
	if (zone >= 0 && n > 0)
		zone_load(f, &f->zones[zone], n, gpu_dw, host_dw, &total, now);
	meter_add(&f->it_total, now, total);
}

void facility_load(struct facility *f, const struct job *j, double gpu_dw, double host_dw,
		   sim_time now)
{
	if (j->n_allocs == 1)
		load_one_node(f, j->allocs, gpu_dw, host_dw, now);
	else
		load_nodes(f, j, gpu_dw, host_dw, now);
}

void facility_nodes_load(struct facility *f, const int *nodes, const int *gpus, int n,
			 double gpu_dw, double host_dw, sim_time now)
{
	/* nodes increase, so a rack's and a zone's shares are each a run:
	 * their meters move once per run, by an integer count of GPUs times
	 * the change (exact, whatever the order the GPUs joined in) */
	double total = 0;
	int rack = -1, zone = -1, in_rack = 0, in_zone = 0;
	for (int i = 0; i <= n; i++) {
		int r = i < n ? nodes[i] / f->nodes_per_rack : -1;
		int z = r >= 0 ? f->rack_zone[r] : -1;
		if (r != rack && in_rack > 0) {
			rack_touch(f, rack, now);
			rack_add(&f->racks[rack], now, in_rack * gpu_dw, in_rack * host_dw, f->fan_share);
		}
		if (z != zone && in_zone > 0) {
			struct it_power *p = &f->zones[zone];
			it_add(p, now, in_zone * gpu_dw, in_zone * host_dw);
			total += raw_to_total(f, p) * in_zone * (gpu_dw + host_dw);
		}
		if (r != rack)
			in_rack = 0;
		if (z != zone)
			in_zone = 0;
		rack = r;
		zone = z;
		if (r < 0)
			break;
		int k = gpus[nodes[i]];
		node_raw_add(f, nodes[i], raw_to_total(f, &f->zones[z]), k * (gpu_dw + host_dw), now);
		in_rack += k;
		in_zone += k;
	}
	meter_add(&f->it_total, now, total);
}

void facility_flush(struct facility *f, sim_time now)
{
	for (int z = 0; z < f->n_zones; z++)
		it_power_flush(&f->zones[z], now);
	meter_flush(&f->it_total, now);
	count_meter_flush(&f->busy, now);
}

void facility_flush_racks(struct facility *f, sim_time now)
{
	facility_groups_fold(f, now); /* the rack sets' parts first */
	for (int r = 0; r < f->n_racks; r++)
		it_power_flush(&f->racks[r], now);
}

void facility_mark(struct facility *f, sim_time now)
{
	facility_groups_fold(f, now); /* the rack sets' parts first: peaks from here */
	for (int r = 0; r < f->n_racks; r++)
		it_power_mark(&f->racks[r], now, f->fan_share);
	for (int z = 0; z < f->n_zones; z++)
		it_power_mark(&f->zones[z], now, f->fan_share);
	meter_mark(&f->it_total, now);
	count_meter_mark(&f->busy, now);
	f->window_from = now;
}

void facility_gpus_down(struct facility *f, int node, int k)
{
	assert(k >= 0 && k <= f->free_per_node[node]);
	node_take(f, node, k);
	f->down_gpus += k;
}

void facility_gpus_up(struct facility *f, int node, int k)
{
	assert(k >= 0 && k <= f->down_gpus &&
	       f->free_per_node[node] + k <= f->gpus_per_node);
	node_give(f, node, k);
	f->down_gpus -= k;
}

void facility_node_load(struct facility *f, int node, double gpu_dw, double host_dw,
			sim_time now)
{
	int rack = node / f->nodes_per_rack;
	struct it_power *p = &f->zones[f->rack_zone[rack]];
	rack_touch(f, rack, now);
	rack_add(&f->racks[rack], now, gpu_dw, host_dw, f->fan_share);
	node_raw_add(f, node, raw_to_total(f, p), gpu_dw + host_dw, now);
	it_add(p, now, gpu_dw, host_dw);
	meter_add(&f->it_total, now, raw_to_total(f, p) * (gpu_dw + host_dw));
}
