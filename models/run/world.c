/*
 * world.c - the core's events (a job arrives, per class; a job ends; a
 * step of the facility-wide cap schedule) and how they change the jobs.
 * Every change of power goes through a meter at the tick it happens, so
 * energy is exact. (Warm-up, samples and the order of ties: world_run.c.)
 *
 * A job's wait is start - submit; its GPUs draw idle power while free and
 * their power curve (gpu_power.h) while it runs, clipped by the tightest of
 * the node's, the class's and the facility's GPU caps, at the speed the
 * throughput curve gives. A cap change re-rates every running job of the
 * classes it affects: work done so far is banked at the old speed, and the
 * end event moves to where the remaining work ends at the new one. A
 * cooling plant short of capacity adds a thermal cap on the GPUs of its
 * zone the same way (world_cooling.c). The facility draws IT, the
 * distribution chain's losses and every subsystem's draw (cooling).
 *
 * This file is the run's core (run_core.h): the jobs and the caps in
 * force on them. Subsystems act through the functions here; the settle
 * and the power ops run in the order of world_subs[] (world_run.c).
 * Invariants asserted: no nested settle; a running job holds exactly its
 * GPUs, and busy + free + down GPUs = installed; a job's progress plus
 * the work it lost is the work it did.
 */
#include <assert.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "grow_array.h"
#include "hot_assert.h"
#include "run_core.h"

static void on_job_end(struct sim *s, void *ctx, uint64_t arg);

/* Inline: it runs at every event, and a call here cost as much as the
 * settle itself (bench/callgrind.sh). */
static inline double settle(struct world *w, sim_time now)
{
	/* the first apart: one subsystem draws (cooling), and 0 + x is x */
	const struct run_hook *h = w->on_draw.at;
	double drawn = w->on_draw.n > 0 ? h[0].draw(w, h[0].st, now) : 0;
	for (int i = 1; i < w->on_draw.n; i++)
		drawn += h[i].draw(w, h[i].st, now);
	if (w->chain.n_levels > 0) /* (a call that does nothing without a chain) */
		power_chain_settle(&w->chain, now); /* (done already if there is a room) */
	meter_set(&w->facility_w, now, facility_it_w(&w->fac) + w->chain.loss_w.value + drawn);
	return w->facility_w.value;
}

double world_facility_settle(struct world *w, sim_time now)
{
	return settle(w, now);
}

void world_power_follow(struct world *w, sim_time now, enum run_sub_id first)
{
	for (int i = 0; i < w->on_power.n; i++)
		if (w->on_power.at[i].id >= first)
			w->on_power.at[i].power(w, w->on_power.at[i].st, now);
}

/* (inline into the job events: a start and an end each settle once) */
static inline void power_changed(struct world *w, sim_time now)
{
	hot_assert(!w->settling); /* a power op never changes the draw by this path */
	w->settling = 1;
	settle(w, now);
	world_power_follow(w, now, 0);
	w->settling = 0;
}

void world_power_changed(struct world *w, sim_time now)
{
	power_changed(w, now);
}

/* j's racks changed their draw: the distribution chain carries it at the
 * next settle. */
static void chain_follow(struct world *w, const struct job *j)
{
	if (w->chain.n_levels == 0)
		return;
	int last = -1; /* a job's nodes in one rack are usually next to each other */
	for (uint32_t i = 0; i < j->n_allocs; i++) {
		int rack = (int)j->allocs[i].node / w->fac.nodes_per_rack;
		if (rack != last)
			power_chain_rack(&w->chain, rack, facility_rack_w(&w->fac, rack));
		last = rack;
	}
}

/* Count a job's change of state in the run's tally, and in the measured
 * tally too when it was submitted after warm-up. */
#define TALLY(w, j, field, delta)                                            \
	do {                                                                 \
		(w)->all.field += (uint64_t)(int64_t)(delta);                \
		if ((j)->measured)                                           \
			(w)->measured.field += (uint64_t)(int64_t)(delta);   \
	} while (0)

static void running_link(struct power_group *cp, struct job *j)
{
	j->run_prev = NULL;
	j->run_next = cp->running;
	if (cp->running)
		cp->running->run_prev = j;
	cp->running = j;
}

static void running_unlink(struct power_group *cp, struct job *j)
{
	if (j->run_prev)
		j->run_prev->run_next = j->run_next;
	else
		cp->running = j->run_next;
	if (j->run_next)
		j->run_next->run_prev = j->run_prev;
	j->run_prev = j->run_next = NULL;
}

double world_node_cap(const struct world *w)
{
	return gpu_power_cap_min(w->sc->node.gpu_cap_w, w->facility_cap_w, 0);
}

/* (the least of the caps set is the same whichever are paired first) */
double world_group_base_cap(const struct world *w, size_t g)
{
	return gpu_power_cap_min(world_node_cap(w),
				 w->sc->classes[w->groups[g].class_index].gpu_cap_w, 0);
}

void world_group_at(const struct world *w, size_t g, double c, double *draw_w, double *speed)
{
	double cap = gpu_power_cap_min(world_group_base_cap(w, g), c, 0);
	gpu_power_under_cap(&w->gpu, w->groups[g].want_w, cap, draw_w, speed);
}

/* The tightest of cap and the thermal caps of the zones in mask. */
static double zone_cap_of(const struct world *w, uint64_t mask, double cap)
{
	for (size_t z = 0; z < w->sc->n_zones; z++)
		if (mask >> z & 1)
			cap = gpu_power_cap_min(cap, w->zone_cap_w[z], 0);
	return cap;
}

/* (inline into job_begin, where every start asks: world_job_rate is the
 * same for the subsystems) */
static inline void job_rate(const struct world *w, const struct job *j, double *draw,
			    double *speed, int *thermal)
{
	const struct power_group *cp = &w->groups[j->power_group];
	*draw = cp->draw_w;
	*speed = cp->speed;
	*thermal = 0;
	if (w->n_zone_caps == 0)
		return;
	double cap = zone_cap_of(w, j->zone_mask, cp->cap_w);
	if (cap == cp->cap_w)
		return;
	gpu_power_under_cap(&w->gpu, cp->want_w, cap, draw, speed);
	*thermal = *draw < cp->draw_w;
}

void world_job_rate(const struct world *w, const struct job *j, double *draw, double *speed,
		    int *thermal)
{
	job_rate(w, j, draw, speed, thermal);
}

/* The zones j's GPUs are in. */
static uint64_t zone_mask_of(const struct world *w, const struct job *j)
{
	if (w->fac.n_zones == 1) /* (most facilities: every start asks) */
		return 1;
	uint64_t m = 0;
	for (uint32_t i = 0; i < j->n_allocs; i++)
		m |= UINT64_C(1) << w->fac.rack_zone[(int)j->allocs[i].node / w->fac.nodes_per_rack];
	return m;
}

/*
 * The pure evaluation (world_draw_at). Its scratch, allocated once per
 * run with a cap: the chain's trial workspace and, per zone, the IT
 * change and the IT it would then draw.
 */
struct draw_work {
	struct chain_work chain;
	double *zone_dw;
	double *zone_w;
	/* per power group: the IT W per W of its GPUs' draw, by zone and by
	 * unit of the chain's last level (its running GPUs x their fan
	 * factor), kept as jobs start and stop: what a change of the group's
	 * per-GPU draw moves there, without walking its jobs */
	double *group_zone;  /* n_groups x zones */
	double *group_unit;  /* n_groups x units of the last level */
	/* a trial's scratch (moves_at): per group its move and whether it
	 * is staged, and the summed weights of the groups that move alike */
	double *move;
	unsigned char *done;
	double *sum_zone;
	double *sum_unit;
	int n_units;
	/* the least the facility's draw rises per W of IT the GPUs add
	 * (world_draw_rise_factor), and the most the chain's input does (its
	 * levels' steepest input slopes multiplied: world_draw_at_lower) */
	double rise_factor;
	double amp;
};

static double rise_factor(const struct world *w, double *amp);

int world_draw_work_init(struct world *w)
{
	size_t nz = w->sc->n_zones ? w->sc->n_zones : 1;
	w->dw = calloc(1, sizeof *w->dw);
	if (!w->dw)
		return -1;
	size_t nc = w->n_groups ? w->n_groups : 1;
	w->dw->n_units = w->chain.n_levels ? w->chain.levels[w->chain.n_levels - 1].spec->units : 0;
	w->dw->rise_factor = rise_factor(w, &w->dw->amp);
	w->dw->zone_dw = calloc(nz, sizeof *w->dw->zone_dw);
	w->dw->zone_w = calloc(nz, sizeof *w->dw->zone_w);
	w->dw->group_zone = calloc(nc * nz, sizeof *w->dw->group_zone);
	w->dw->group_unit = calloc(nc * (size_t)(w->dw->n_units ? w->dw->n_units : 1),
				   sizeof *w->dw->group_unit);
	w->dw->move = calloc(nc, sizeof *w->dw->move);
	w->dw->done = calloc(nc, sizeof *w->dw->done);
	w->dw->sum_zone = calloc(nz, sizeof *w->dw->sum_zone);
	w->dw->sum_unit = calloc((size_t)(w->dw->n_units ? w->dw->n_units : 1),
				 sizeof *w->dw->sum_unit);
	if (!w->dw->zone_dw || !w->dw->zone_w || !w->dw->group_zone || !w->dw->group_unit ||
	    !w->dw->move || !w->dw->done || !w->dw->sum_zone || !w->dw->sum_unit ||
	    power_chain_work_init(&w->dw->chain, &w->chain) != 0 ||
	    facility_groups_init(&w->fac, (int)nc, w->chain.n_levels ? &w->chain : NULL) != 0)
		return -1;
	return 0;
}

void world_draw_work_fini(struct world *w)
{
	if (!w->dw)
		return;
	power_chain_work_fini(&w->dw->chain);
	free(w->dw->zone_dw);
	free(w->dw->zone_w);
	free(w->dw->group_zone);
	free(w->dw->group_unit);
	free(w->dw->move);
	free(w->dw->done);
	free(w->dw->sum_zone);
	free(w->dw->sum_unit);
	free(w->dw);
	w->dw = NULL;
}

/* j's racks would draw dw W of datasheet (GPU + host) per GPU of j more:
 * stage it in each zone and in the chain, as facility_load and
 * chain_follow would make it. */
static void load_at(const struct world *w, struct draw_work *dw, const struct job *j,
		    double d)
{
	const struct facility *f = &w->fac;
	for (uint32_t i = 0; i < j->n_allocs; i++) {
		int rack = (int)j->allocs[i].node / f->nodes_per_rack, z = f->rack_zone[rack];
		double it = facility_zone_gpu_factor(f, z) * (double)j->allocs[i].gpus * d;
		dw->zone_dw[z] += it;
		power_chain_work_rack(&dw->chain, &w->chain, rack, it);
	}
}

/* j's GPUs join (sign +1) or leave (-1) its group's aggregates. Not
 * inlined: inlined into class_gpus, the job events' code grew by 17
 * instructions per M/M/c job, which never comes here (bench/callgrind.sh). */
__attribute__((noinline)) static void draw_work_gpus(struct world *w, const struct job *j,
						     int sign, sim_time now)
{
	struct draw_work *dw = w->dw;
	const struct facility *f = &w->fac;
	const size_t k = j->power_group, nz = w->sc->n_zones;
	for (uint32_t i = 0; i < j->n_allocs; i++) {
		int rack = (int)j->allocs[i].node / f->nodes_per_rack, z = f->rack_zone[rack];
		double g = sign * facility_zone_gpu_factor(f, z) * (double)j->allocs[i].gpus;
		dw->group_zone[k * nz + (size_t)z] += g;
		if (dw->n_units)
			dw->group_unit[k * (size_t)dw->n_units + (size_t)w->chain.rack_unit[rack]] += g;
	}
	facility_groups_add(&w->fac, j, world_power_group(j), sign, now);
}

/* Group k's per-GPU draw would move by d: its zones' IT, staged. */
static void group_zone_moves(const struct world *w, struct draw_work *dw, size_t k, double d)
{
	const size_t nz = w->sc->n_zones;
	for (size_t z = 0; z < nz; z++)
		dw->zone_dw[z] += d * dw->group_zone[k * nz + z];
}

/* The subsystems' draws (the plants) at the zones' IT zone_w and the
 * indoor losses indoor_w, as world_draw_at evaluates them. */
static double drawn_at(const struct world *w, const double *zone_w, double indoor_w)
{
	double drawn = 0;
	for (int i = 0; i < w->on_draw.n; i++)
		drawn += w->on_draw.at[i].draw_at(w, w->on_draw.at[i].st, zone_w, indoor_w);
	return drawn;
}

/* Group k's per-GPU draw would move by d on every running GPU (no
 * thermal cap in force): stage it from the aggregates. */
static void group_moves(const struct world *w, struct draw_work *dw, size_t k, double d)
{
	group_zone_moves(w, dw, k, d);
	if (dw->n_units)
		power_chain_work_units(&dw->chain, &w->chain, dw->group_unit + k * (size_t)dw->n_units,
				       d);
}

/* With no thermal cap in force: each power group's draw under the trial cap
 * c staged from its aggregates, the groups that would move by the same
 * amount together. At a binding cap most groups are capped both before
 * and under the trial (the same move c - c0) while the lightest may want
 * less than either (no move): their unit weights are summed first (one
 * addition per unit and group) and staged once into the chain's trial
 * (where each staged unit costs several times that). */
static void moves_at(const struct world *w, struct draw_work *dw, double c)
{
	const size_t nc = w->n_groups, nz = w->sc->n_zones, nu = (size_t)dw->n_units;
	for (size_t k = 0; k < nc; k++) {
		const struct power_group *cp = &w->groups[k];
		double cap = gpu_power_cap_min(world_group_base_cap(w, k), c, 0);
		dw->move[k] = gpu_power_draw_under_cap(cp->want_w, cap) - cp->draw_w;
		dw->done[k] = dw->move[k] == 0;
	}
	for (size_t k = 0; k < nc; k++) {
		if (dw->done[k])
			continue;
		size_t same = 0;
		for (size_t q = k + 1; q < nc; q++)
			same += !dw->done[q] && dw->move[q] == dw->move[k];
		if (same == 0) { /* alone: straight from its aggregates */
			group_moves(w, dw, k, dw->move[k]);
			continue;
		}
		memcpy(dw->sum_zone, dw->group_zone + k * nz, nz * sizeof *dw->sum_zone);
		if (nu)
			memcpy(dw->sum_unit, dw->group_unit + k * nu, nu * sizeof *dw->sum_unit);
		for (size_t q = k + 1; q < nc; q++) {
			if (dw->done[q] || dw->move[q] != dw->move[k])
				continue;
			dw->done[q] = 1;
			for (size_t z = 0; z < nz; z++)
				dw->sum_zone[z] += dw->group_zone[q * nz + z];
			for (size_t u = 0; u < nu; u++)
				dw->sum_unit[u] += dw->group_unit[q * nu + u];
		}
		for (size_t z = 0; z < nz; z++)
			dw->zone_dw[z] += dw->move[k] * dw->sum_zone[z];
		if (nu)
			power_chain_work_units(&dw->chain, &w->chain, dw->sum_unit, dw->move[k]);
	}
}

/* A job's draw per GPU under group cap cap (d there), with the zone
 * caps of mask: world_job_rate's rule at a hypothetical group cap. */
static double job_draw_at(const struct world *w, const struct power_group *cp, uint64_t mask,
			  double cap, double d)
{
	if (w->n_zone_caps == 0)
		return d;
	double zc = zone_cap_of(w, mask, cap), draw, speed;
	if (zc == cap)
		return d;
	gpu_power_under_cap(&w->gpu, cp->want_w, zc, &draw, &speed);
	return draw;
}

/* Each power group's draw under the trial cap c staged one by one (its
 * aggregates, or with a thermal cap in force its running jobs). */
static void groups_at(const struct world *w, struct draw_work *dw, double c)
{
	for (size_t k = 0; k < w->n_groups; k++) {
		const struct power_group *cp = &w->groups[k];
		double cap = gpu_power_cap_min(world_group_base_cap(w, k), c, 0);
		double d = gpu_power_draw_under_cap(cp->want_w, cap);
		if (d == cp->draw_w)
			continue;
		if (w->n_zone_caps == 0) { /* every running GPU of k draws cp->draw_w */
			group_moves(w, dw, k, d - cp->draw_w);
			continue;
		}
		for (const struct job *r = cp->running; r; r = r->run_next) {
			if (r->phase != JOB_COMPUTE)
				continue; /* at idle draw, under any cap */
			double dr = job_draw_at(w, cp, r->zone_mask, cap, d);
			if (dr != r->gpu_w)
				load_at(w, dw, r, dr - r->gpu_w);
		}
	}
}

/*
 * Cost: O(power groups + zones), plus for each group whose per-GPU draw
 * the cap c changes, the chain's last-level units (from the group's
 * aggregates; with a thermal cap in force, its running jobs' allocations
 * instead, as their draws then differ), plus one interpolation per chain
 * unit touched: not the running jobs x racks. A group whose
 * draw does not change leaves its jobs as they are, thermal caps or not:
 * both of its caps are then at or above what it wants, or equal.
 */
void world_draw_stage(const struct world *w, const struct job *place, double d)
{
	load_at(w, w->dw, place, d);
}

/* One GPU of group k's draw under the trial grid cap c, no thermal cap
 * in force: draw_at's rule. */
static double group_draw_at(const struct world *w, size_t k, double c)
{
	double cap = gpu_power_cap_min(world_group_base_cap(w, k), c, 0);
	return gpu_power_draw_under_cap(w->groups[k].want_w, cap);
}

/*
 * The least the facility's draw rises per W of IT that the computing GPUs
 * add, every other draw held (world_draw_rise_factor). A chain unit's
 * input rises by at least 1 + its level's least loss slope per W of
 * output (power_chain_loss_slope_min: linear interpolation of an
 * efficiency table makes the loss fall a little in steep segments, down
 * to -2.2% of the load for the UPS preset), so IT and the chain's losses
 * rise by at least the product over the levels. The cooling plants' draw
 * rises with the heat they remove, the rule the solve already stands on
 * (a fixed PUE's overhead in proportion; fans, pumps and compressors
 * with the heat); but where the chain's indoor losses can fall, the
 * electrical rooms' plant may draw less: at most its marginal draw, taken
 * as at most 1 W per W of heat (a coefficient of performance of at least
 * 1, as every plant in models/cooling has), times the most the indoor
 * losses can fall, |their levels' least slopes| x the chain's steepest
 * input slopes. For the presets' transformer, UPS and PDU chain: about
 * 0.91. Asserted against the trials in the sanitizer build
 * (world_cap.c: verify_bound).
 */
static double rise_factor(const struct world *w, double *amp)
{
	double chain = 1, indoor_fall = 0;
	*amp = 1; /* (kept: world_draw_at_lower bounds the losses' fall by it) */
	for (size_t l = 0; l < w->chain.n_levels; l++) {
		const struct chain_level_spec *ls = w->chain.levels[l].spec;
		double s = power_chain_loss_slope_min(&ls->efficiency);
		chain *= 1 + s;
		*amp *= power_chain_input_slope_max(&ls->efficiency);
		if (!ls->outdoors)
			indoor_fall -= s;
	}
	return chain - (w->sc->has_room ? *amp * indoor_fall : 0);
}

double world_draw_rise_factor(const struct world *w)
{
	return w->dw->rise_factor;
}

double world_draw_it_rise(const struct world *w, const struct job *j, double lo, double hi)
{
	const struct draw_work *dw = w->dw;
	if (w->n_zone_caps != 0)
		return (double)NAN;
	const size_t nz = w->sc->n_zones;
	double rise = 0;
	for (size_t k = 0; k < w->n_groups; k++) {
		double d = group_draw_at(w, k, hi) - group_draw_at(w, k, lo);
		if (d == 0)
			continue;
		double gpus = 0; /* its running GPUs x their fan factor */
		for (size_t z = 0; z < nz; z++)
			gpus += dw->group_zone[k * nz + z];
		rise += d * gpus;
	}
	if (j) {
		size_t k = j->power_group;
		double d = group_draw_at(w, k, hi) - group_draw_at(w, k, lo);
		const struct facility *f = &w->fac;
		for (uint32_t i = 0; d != 0 && i < j->n_allocs; i++) {
			int z = f->rack_zone[(int)j->allocs[i].node / f->nodes_per_rack];
			rise += d * facility_zone_gpu_factor(f, z) * (double)j->allocs[i].gpus;
		}
	}
	return rise;
}

/*
 * A lower bound of world_draw_at(w, NULL, c) for a cap c the groups'
 * draws can only fall to (c at or below the cap in force), without
 * walking the chain: the IT there exactly (each group's move times its
 * GPUs per zone, as moves_at stages them), the chain's losses now less
 * the most they can fall with it ((the steepest input slopes multiplied
 * - 1) x the IT's fall), and the plants at the zones' IT there and the
 * indoor losses at their least. The draw at the floor for a job waiting
 * for power (world_cap.c: surely_refused) is then often told without a
 * trial. NAN when it cannot be told: a thermal cap in force, or a GPU
 * holder (its replicas' fall is not in the aggregates).
 */
double world_draw_at_lower(const struct world *w, double c)
{
	struct draw_work *dw = w->dw;
	const struct facility *f = &w->fac;
	if (w->n_zone_caps != 0 || w->holder.draw_at)
		return (double)NAN;
	const size_t nz = w->sc->n_zones;
	double fall = 0, it = facility_it_w(f);
	for (size_t z = 0; z < nz; z++)
		dw->zone_dw[z] = 0;
	for (size_t k = 0; k < w->n_groups; k++) {
		double d = group_draw_at(w, k, c) - w->groups[k].draw_w;
		if (d > 0)
			return (double)NAN; /* (c above a group's cap in force) */
		if (d != 0)
			group_zone_moves(w, dw, k, d);
	}
	for (size_t z = 0; z < nz; z++) {
		fall -= dw->zone_dw[z];
		dw->zone_w[z] = facility_zone_w(f, (int)z) + dw->zone_dw[z];
	}
	double loss_fall = (dw->amp - 1) * fall;
	double indoor = power_chain_indoor_loss_now(&w->chain) - loss_fall;
	return it - fall + w->chain.loss_w.value - loss_fall +
	       drawn_at(w, dw->zone_w, indoor > 0 ? indoor : 0);
}

/* The GPU cap on place's GPUs from everything but the grid (the node's
 * and the facility's, and its zones' thermal caps), as an inference
 * replica is rated. */
static double place_base_cap(const struct world *w, const struct job *place)
{
	return zone_cap_of(w, zone_mask_of(w, place), world_node_cap(w));
}

static double draw_at(const struct world *w, const struct job *j, const struct job *place,
		      double want_w, double host_w, double c);

double world_draw_at(const struct world *w, const struct job *j, double c)
{
	return draw_at(w, j, NULL, 0, 0, c);
}

double world_draw_at_load(const struct world *w, const struct job *place, double want_w,
			  double host_w, double c)
{
	return draw_at(w, NULL, place, want_w, host_w, c);
}

/* world_draw_at for j, or for a load on place (NULL: none). */
static double draw_at(const struct world *w, const struct job *j, const struct job *place,
		      double want_w, double host_w, double c)
{
	struct draw_work *dw = w->dw;
	const struct facility *f = &w->fac;
	assert(dw);
	const size_t nz = w->sc->n_zones;
	for (size_t z = 0; z < nz; z++)
		dw->zone_dw[z] = 0;
	if (w->n_zone_caps == 0)
		moves_at(w, dw, c);
	else
		groups_at(w, dw, c);
	if (j) {
		const struct power_group *cp = &w->groups[j->power_group];
		double cap = gpu_power_cap_min(world_group_base_cap(w, j->power_group), c, 0);
		double d = gpu_power_draw_under_cap(cp->want_w, cap);
		d = job_draw_at(w, cp, zone_mask_of(w, j), cap, d);
		load_at(w, dw, j, d - w->gpu.idle_w + cp->host_w);
	}
	if (place) {
		double cap = gpu_power_cap_min(place_base_cap(w, place), c, 0), d, speed;
		gpu_power_under_cap(&w->gpu, want_w, cap, &d, &speed);
		load_at(w, dw, place, d - w->gpu.idle_w + host_w);
	}
	if (w->holder.draw_at)
		w->holder.draw_at(w, w->holder.st, c, place != NULL);
	double it = facility_it_w(f), indoor;
	for (size_t z = 0; z < nz; z++) {
		it += dw->zone_dw[z];
		dw->zone_w[z] = facility_zone_w(f, (int)z) + dw->zone_dw[z];
	}
	double loss = power_chain_loss_at(&w->chain, &dw->chain, &indoor);
	return it + loss + drawn_at(w, dw->zone_w, indoor);
}

/* Keep j's end event where its remaining work ends. */
static void move_end(struct world *w, struct job *j)
{
	sim_time t = job_end_time(j);
	if (t == j->end_at)
		return;
	sim_cancel(w->sim, j->end_event);
	j->end_at = t;
	j->end_event = sim_at(w->sim, t, on_job_end, w, (uint64_t)(uintptr_t)j);
}

/* j draws draw per GPU at speed from now (thermal: held by a thermal
 * cap): its progress, meters, per-GPU level and end event; its racks'
 * power is the caller's (the per-job or the group path). */
static void job_rate_set(struct world *w, struct job *j, double draw, double speed,
			 int thermal, sim_time now)
{
	if ((j->speed < j->fabric) != (speed < 1.0)) /* slowed by a cap, not the fabric */
		meter_add(&w->throttled, now, speed < 1.0 ? j->gpus : -j->gpus);
	if (j->thermal != thermal)
		meter_add(&w->thermal_gpus, now, thermal ? j->gpus : -j->gpus);
	j->thermal = thermal;
	job_set_speed(j, now, speed * j->fabric, j->gpus * draw);
	facility_gpu_level(&w->fac, j->gpu_w, j->gpus, j->level_since, now);
	j->level_since = now;
	j->gpu_w = draw;
	move_end(w, j);
}

void world_job_rerate(struct world *w, struct job *j, sim_time now)
{
	if (j->phase != JOB_COMPUTE)
		return; /* writing or restarting: at idle draw whatever the caps */
	double draw, speed;
	int thermal;
	world_job_rate(w, j, &draw, &speed, &thermal);
	if (draw == j->gpu_w && speed * j->fabric == j->speed && thermal == j->thermal)
		return;
	facility_load(&w->fac, j, draw - j->gpu_w, 0, now);
	chain_follow(w, j);
	job_rate_set(w, j, draw, speed, thermal, now);
}

/* Power group k's draw per GPU moved from old to cp->draw_w with no
 * thermal cap in force, so every computing job of it drew old and now
 * draws the group's: its nodes, racks and zones move once
 * (facility_groups.c), and each job gets its rate. Runs with a grid cap
 * only (they keep the groups' places). */
static void group_rerate_places(struct world *w, size_t k, double old, sim_time now)
{
	struct power_group *cp = &w->groups[k];
	for (struct job *j = cp->running; j; j = j->run_next) {
		if (j->phase != JOB_COMPUTE)
			continue; /* writing or restarting: at idle draw, out of the group */
		assert(j->gpu_w == old && world_power_group(j) == (int)k);
		job_rate_set(w, j, cp->draw_w, cp->speed, 0, now);
	}
	facility_groups_load(&w->fac, (int)k, cp->draw_w - old,
			     w->chain.n_levels ? &w->chain : NULL, now);
}

/*
 * Bring group k's draw and speed in line with the caps now, and re-rate its
 * running jobs if they changed. Cost: O(1) plus O(log events) per
 * running job of a group whose rate changed; jobs of unaffected groups
 * (a cap above what they draw) are not touched.
 */
void world_group_rerate(struct world *w, size_t k, sim_time now)
{
	struct power_group *cp = &w->groups[k];
	double base = world_group_base_cap(w, k);
	cp->cap_w = gpu_power_cap_min(base, w->grid_cap_w, 0);
	double draw, speed;
	gpu_power_under_cap(&w->gpu, cp->want_w, cp->cap_w, &draw, &speed);
	/* what the grid's cap holds back, beyond every other cap */
	double held = 0;
	if (cp->cap_w != base) {
		double d0, s0;
		gpu_power_under_cap(&w->gpu, cp->want_w, base, &d0, &s0);
		held = d0 - draw;
	}
	if ((held > 0) != (cp->grid_held_w > 0))
		meter_add(&w->grid_gpus, now, held > 0 ? cp->running_gpus : -cp->running_gpus);
	if (held != cp->grid_held_w)
		meter_add(&w->grid_held_w, now, cp->running_gpus * (held - cp->grid_held_w));
	cp->grid_held_w = held;
	if (draw == cp->draw_w && speed == cp->speed)
		return;
	double old = cp->draw_w;
	cp->draw_w = draw;
	cp->speed = speed;
	if (w->fac.groups && w->n_zone_caps == 0) {
		group_rerate_places(w, k, old, now);
		return;
	}
	for (struct job *j = cp->running; j; j = j->run_next)
		world_job_rerate(w, j, now);
}

double world_grid_cap_set(struct world *w, double c, sim_time now)
{
	if (c != w->grid_cap_w) {
		w->grid_cap_w = c;
		for (size_t k = 0; k < w->n_groups; k++)
			world_group_rerate(w, k, now);
	}
	if (w->holder.recap) /* the replicas, as world_draw_at rated them */
		w->holder.recap(w, w->holder.st, now);
	return world_facility_settle(w, now);
}

void world_zone_cap_set(struct world *w, int z, double c, sim_time now)
{
	int was = w->zone_cap_w[z] > 0, is = c > 0;
	w->zone_cap_moves += c != w->zone_cap_w[z];
	w->zone_cap_w[z] = c;
	w->n_zone_caps += is - was;
	assert(w->n_zone_caps >= 0 && w->n_zone_caps <= (int)w->sc->n_zones);
	for (size_t k = 0; k < w->n_groups; k++)
		for (struct job *j = w->groups[k].running; j; j = j->run_next)
			if (j->zone_mask >> z & 1)
				world_job_rerate(w, j, now);
}

static void rerate_all(struct world *w, sim_time now)
{
	for (size_t k = 0; k < w->n_groups; k++)
		world_group_rerate(w, k, now);
	world_power_changed(w, now);
}

/* j's GPUs join or leave its group's running set (and, with a grid cap,
 * its aggregates for world_draw_at). Without a cap the grid holds nothing
 * back, so one branch serves both: the M/M/c path stays as short. */
static inline void class_gpus(struct world *w, const struct job *j, int sign, sim_time now)
{
	struct power_group *cp = &w->groups[j->power_group];
	double g = sign * (double)j->gpus;
	cp->running_gpus += g;
	if (w->dw) {
		if (cp->grid_held_w > 0) {
			meter_add(&w->grid_gpus, now, g);
			meter_add(&w->grid_held_w, now, g * cp->grid_held_w);
		}
		draw_work_gpus(w, j, sign, now);
	}
}

/* A step of the facility-wide cap schedule. */
static void on_cap_step(struct sim *s, void *ctx, uint64_t step)
{
	struct world *w = ctx;
	w->facility_cap_w = w->sc->cap_steps[step].gpu_cap_w;
	rerate_all(w, sim_now(s));
}

static int push_wait(struct world *w, double wait_s)
{
	return quantiles_push(&w->waits_s, wait_s);
}

static void fail_oom(struct world *w)
{
	w->oom = 1;
	sim_stop(w->sim);
}

/* j's stake in the facility's power: its GPUs above idle, its hosts, the
 * chain behind its racks. sign +1 adds it, -1 takes it away. */
static inline void job_load(struct world *w, struct job *j, int sign, sim_time now)
{
	const struct power_group *cp = &w->groups[j->power_group];
	facility_load(&w->fac, j, sign * (j->gpu_w - w->gpu.idle_w), sign * cp->host_w, now);
	chain_follow(w, j);
}

/* Every GPU is free, down (failed) or held by exactly one running job. */
static int gpus_accounted(const struct world *w)
{
	return w->fac.free_gpus >= 0 && w->fac.down_gpus >= 0 &&
	       w->fac.total_gpus - w->fac.free_gpus - w->fac.down_gpus == w->fac.busy.value;
}

int world_gpus_accounted(const struct world *w)
{
	return gpus_accounted(w);
}

/* j stops running now (it ended or was preempted): its power, GPUs,
 * links and meters go (the caller cancels its end event). */
/* j's running time in the window so far, for mtbi_h (jobs large enough). */
static void mtbi_bank(struct world *w, const struct job *j, sim_time now)
{
	sim_time from = j->run_since > w->warmup ? j->run_since : w->warmup;
	if (j->gpus >= w->sc->mtbi_min_gpus && now > from)
		w->mtbi_run_s += clock_to_s(now - from);
}

static void job_stop(struct world *w, struct job *j, sim_time now)
{
	hot_assert(j->state == JOB_RUNNING);
	job_advance(j, now);
	world_queue_ran(w, j, now);
	if (w->sc->n_failures > 0) /* (mtbi_h counts failure interruptions only) */
		mtbi_bank(w, j, now);
	if (j->deferrable)
		world_defer_bank(w, j);
	job_load(w, j, -1, now);
	facility_gpu_level(&w->fac, j->gpu_w, j->gpus, j->level_since, now);
	if (j->phase == JOB_COMPUTE)
		class_gpus(w, j, -1, now); /* (before the release forgets its GPUs) */
	else
		meter_add(j->phase == JOB_WRITING ? &w->writing : &w->restarting, now, -j->gpus);
	j->phase = JOB_COMPUTE;
	facility_release(&w->fac, j, now);
	running_unlink(&w->groups[j->power_group], j);
	if (j->speed < j->fabric)
		meter_add(&w->throttled, now, -j->gpus);
	if (j->thermal)
		meter_add(&w->thermal_gpus, now, -j->gpus);
	j->thermal = 0;
	hot_assert(gpus_accounted(w));
	hot_assert(fabs(j->worked_s - (j->work_total_s - j->work_s + j->lost_s)) <=
	       1e-9 * j->work_total_s + 1e-6);
}

/*
 * Checkpoints with a write cost are events: the job's end event stops at
 * mark_s (the work left when the next checkpoint is due), the job holds
 * its GPUs without progress for the write, and the checkpoint counts
 * once written. A stopped job reloads its last one for restart_s when it
 * starts again. While it writes or restarts its GPUs draw idle (Llama 3,
 * Dubey et al. 2024, 3.3.4: all GPUs "waiting for checkpointing" swing
 * the site's draw by tens of MW, i.e. drop towards idle) and its hosts
 * as when computing; no cap slows it, so it leaves its class's
 * aggregates and the throttled meters for the hold. Free checkpoints
 * (write 0) need no event: a stop keeps whole intervals of progress.
 */
static void set_mark(struct job *j)
{
	j->mark_s = 0;
	if (j->ckpt_write_s <= 0 || j->ckpt_every_s <= 0)
		return;
	double next = j->saved_s + j->ckpt_every_s;
	if (next < j->work_total_s * (1 - 1e-12))
		j->mark_s = j->work_total_s - next;
}

static void schedule_end(struct world *w, struct job *j)
{
	j->end_at = job_end_time(j);
	j->end_event = sim_at(w->sim, j->end_at, on_job_end, w, (uint64_t)(uintptr_t)j);
}

/* j holds its GPUs at idle for dt_s (its end event is the caller's). */
static void hold_begin(struct world *w, struct job *j, enum job_phase phase, double dt_s,
		       sim_time now)
{
	if (j->speed < 1.0)
		meter_add(&w->throttled, now, -j->gpus);
	if (j->thermal)
		meter_add(&w->thermal_gpus, now, -j->gpus);
	j->thermal = 0;
	class_gpus(w, j, -1, now);
	facility_load(&w->fac, j, w->gpu.idle_w - j->gpu_w, 0, now);
	chain_follow(w, j);
	facility_gpu_level(&w->fac, j->gpu_w, j->gpus, j->level_since, now);
	j->level_since = now;
	j->gpu_w = w->gpu.idle_w;
	job_hold(j, now, phase, now + clock_from_s(dt_s), j->gpus * w->gpu.idle_w);
	meter_add(phase == JOB_WRITING ? &w->writing : &w->restarting, now, j->gpus);
}

/* The hold ends now: a written checkpoint counts; j computes again at
 * its rate under the caps. */
static void hold_end(struct world *w, struct job *j, sim_time now)
{
	if (j->phase == JOB_WRITING)
		j->saved_s = j->work_total_s - j->mark_s;
	meter_add(j->phase == JOB_WRITING ? &w->writing : &w->restarting, now, -j->gpus);
	job_release_hold(j, now);
	class_gpus(w, j, +1, now);
	set_mark(j);
	schedule_end(w, j); /* (the fired event's successor, which the re-rate may move) */
	world_job_rerate(w, j, now);
	world_power_changed(w, now);
}

/* j runs from now on the GPUs it was placed on: its rate under the caps,
 * its power, its class's list and meters, and its end event. */
static void job_begin(struct world *w, struct job *j, sim_time now)
{
	hot_assert(j->state == JOB_QUEUED);
	struct power_group *cp = &w->groups[j->power_group];
	j->zone_mask = zone_mask_of(w, j);
	if (j->n_allocs == 1) { /* one node: one rack, one pod, no fabric */
		j->racks = j->pods = 1;
		j->fabric = 1.0;
	} else {
		facility_job_spread(&w->fac, j, &j->racks, &j->pods);
		j->fabric = world_fabric_speed(w, j);
	}
	double draw, speed;
	job_rate(w, j, &draw, &speed, &j->thermal);
	job_start(j, now, speed * j->fabric, j->gpus * draw);
	j->gpu_w = draw;
	j->level_since = now;
	job_load(w, j, +1, now);
	running_link(cp, j);
	class_gpus(w, j, +1, now);
	if (speed < 1.0)
		meter_add(&w->throttled, now, j->gpus);
	if (j->thermal)
		meter_add(&w->thermal_gpus, now, j->gpus);
	set_mark(j);
	/* the end event exists before the plants settle: a thermal cap may
	 * re-rate this job at once */
	j->end_at = job_end_time(j);
	j->end_event = sim_at(w->sim, j->end_at, on_job_end, w, (uint64_t)(uintptr_t)j);
}

/*
 * With a grid cap: j starts now on the GPUs facility_fit chose, with the
 * grid's cap at a.cap_w (what admission answered): the cap first, so j is
 * rated under it, then j, then one settle, in which world_cap_settled
 * checks the draw against admission's prediction and holds the
 * connection if a thermal cap moved it over; the battery and grid meters
 * follow.
 */
static void start_capped(struct world *w, struct job *j, struct cap_admission a, sim_time now)
{
	if (a.cap_w != w->grid_cap_w) {
		w->grid_cap_w = a.cap_w;
		for (size_t k = 0; k < w->n_groups; k++)
			world_group_rerate(w, k, now);
	}
	if (w->holder.recap) /* the replicas, as admission's world_draw_at rated them */
		w->holder.recap(w, w->holder.st, now);
	facility_take(&w->fac, j, now);
	job_begin(w, j, now);
	assert(!w->settling);
	w->settling = 1;
	uint64_t moves = w->zone_cap_moves;
	world_facility_settle(w, now);
	world_cap_settled(w, a.draw_w, w->zone_cap_moves != moves, now);
	w->settling = 0;
	world_cap_started(w, j, now);
}

/* sched_try_start: place and start j now, or report no room (GPUs, or
 * power under the grid's cap: world_cap_admit answers before anything is
 * taken, so a refused start leaves no trace). */
static int try_start(void *ctx, struct job *j)
{
	struct world *w = ctx;
	sim_time now = sim_now(w->sim);
	int cap = world_has_cap(w);
	if (cap && world_cap_quick_refuse(w, j))
		return 0;
	int rc = cap ? facility_fit(&w->fac, j, j->gpus) : facility_place(&w->fac, j, j->gpus, now);
	if (rc == 1 && !cap && w->any_preemptible && world_preempt_for(w, j, now))
		rc = facility_place(&w->fac, j, j->gpus, now);
	if (rc < 0)
		fail_oom(w);
	if (rc != 0) {
		if (j->power_blocked)
			world_cap_no_gpus(w, j);
		return 0;
	}
	if (cap) {
		struct cap_admission a = world_cap_admit(w, j, now);
		if (!a.fits) {
			j->n_allocs = 0;
			return 0;
		}
		start_capped(w, j, a, now);
	} else {
		job_begin(w, j, now);
		power_changed(w, now);
	}
	if (j->starts > 1 && j->ckpt_restart_s > 0) { /* after admission's check */
		sim_cancel(w->sim, j->end_event);
		hold_begin(w, j, JOB_RESTARTING, j->ckpt_restart_s, now);
		schedule_end(w, j);
		world_power_changed(w, now);
	}
	count_meter_add(&w->queued, now, -1);
	count_meter_add(&w->running, now, 1);
	TALLY(w, j, queued, -1);
	TALLY(w, j, running, 1);
	if (w->sched.class_bonus)
		world_queue_began(w, j, now);
	if (w->sched.ops->backfills) /* (only they plan with it) */
		j->est_end = now + clock_from_s(sched_estimate_left_s(j));
	j->resv = -1;
	if (j->starts == 1 && j->measured) {
		if (push_wait(w, clock_to_s(now - j->submit)) != 0)
			fail_oom(w);
		world_queue_started(w, j, clock_to_s(now - j->submit));
	}
	return 1;
}

/*
 * Stop running job j and put it back in the queue at its original place
 * (or its head: scheduler.requeue),
 * to resume from its last checkpoint: the one mechanism for a preemption
 * for power and a failure of its GPUs or nodes (a gang job stops as a
 * whole). The full-speed work lost, s (per GPU).
 */
static double job_interrupt(struct world *w, struct job *j, sim_time now)
{
	job_stop(w, j, now);
	sim_cancel(w->sim, j->end_event);
	/* the work since its last checkpoint is lost (all of it without one):
	 * the last one written, or with free checkpoints the last whole interval */
	double every = j->ckpt_every_s;
	double done = j->work_total_s - j->work_s;
	double kept = j->ckpt_write_s > 0 ? j->saved_s
		      : every > 0	   ? floor(done / every + 1e-9) * every
					   : 0;
	if (kept > done)
		kept = done;
	j->saved_s = kept;
	j->work_s = j->work_total_s - kept;
	j->lost_s += done - kept;
	j->state = JOB_QUEUED;
	j->resv = -1;
	count_meter_add(&w->running, now, -1);
	count_meter_add(&w->queued, now, 1);
	TALLY(w, j, running, -1);
	TALLY(w, j, queued, 1);
	if (w->sc->requeue == REQUEUE_HEAD)
		scheduler_requeue_head(&w->sched, j);
	else
		scheduler_requeue(&w->sched, j);
	return done - kept;
}

double world_job_preempt(struct world *w, struct job *j, sim_time now)
{
	j->preemptions++;
	return job_interrupt(w, j, now) * j->gpus;
}

void world_job_bump(struct world *w, struct job *j, sim_time now)
{
	j->bumps++;
	job_interrupt(w, j, now);
}

double world_job_fail(struct world *w, struct job *j, sim_time now)
{
	j->interruptions++;
	w->mtbi_hits += j->gpus >= w->sc->mtbi_min_gpus && now >= w->warmup;
	return job_interrupt(w, j, now);
}

static int free_gpus(void *ctx)
{
	const struct world *w = ctx;
	return w->fac.free_gpus;
}

/* The running jobs' estimated ends, for the backfill policies. */
static size_t running_ends(void *ctx, struct sched_running **out)
{
	struct world *w = ctx;
	size_t n = 0;
	for (size_t k = 0; k < w->n_groups; k++) {
		for (const struct job *j = w->groups[k].running; j; j = j->run_next) {
			if (n == w->cap_plan_running) {
				struct sched_running *nr = grow_array(w->plan_running, n,
								      &w->cap_plan_running,
								      sizeof *nr, 1024);
				if (!nr) { /* plan without the rest: the head waits longer */
					fail_oom(w);
					break;
				}
				w->plan_running = nr;
			}
			w->plan_running[n++] = (struct sched_running){ j->est_end, j->gpus };
		}
	}
	*out = w->plan_running;
	return n;
}

/* Inline into the job events, which dispatch at every arrival and end. */
static inline void dispatch(struct world *w)
{
	int cap = world_has_cap(w);
	if (cap)
		world_cap_dispatch_begin(w);
	const sim_time now = sim_now(w->sim);
	if (w->sched.class_bonus)
		world_queue_fair_share(w, now);
	/* Every policy's dispatch of an empty queue is nothing, and with no
	 * aging nor bonus the scheduler keeps no clock of its own: after most
	 * job ends of a cluster that is not saturated, skip building the
	 * environment and the call (bench/callgrind.sh). */
	if (w->sched.head || w->sched_clocked) {
		const struct sched_env env = { try_start, w, now, free_gpus, running_ends, NULL };
		scheduler_dispatch(&w->sched, &env);
	}
	if (w->fac.racks_per_pod > 0)
		world_queue_fragmentation(w, now);
	if (cap)
		world_cap_binding(w, sim_now(w->sim)); /* a job may now wait for power */
}

void world_dispatch(struct world *w)
{
	dispatch(w);
}

/*
 * An arrival to an empty queue: queueing it and dispatching offers it
 * alone to try_start, so try it directly and skip the queue's link and
 * unlink, the environment and the policy's call (about 60 instructions
 * of an M/M/c job, bench/callgrind.sh, where most arrivals find the
 * queue empty). Only where that is all a dispatch would do: a policy
 * that says so (lone_job_tries), no aging or class bonus (they reorder
 * and keep a clock), no grid cap (a refusal for power has effects a
 * second try would repeat), no preemption (it requeues jobs ahead of
 * this one): w->arrivals_direct, fixed at the run's start; and GPUs
 * enough in number. 1 when j started; 0 and nothing changed when it is
 * to be queued.
 */
static inline int arrival_starts(struct world *w, struct job *j)
{
	if (w->sched.head || !w->arrivals_direct || w->fac.free_gpus < j->gpus || !try_start(w, j))
		return 0;
	if (w->fac.racks_per_pod > 0) /* (the rest of dispatch: what it does after the policy) */
		world_queue_fragmentation(w, sim_now(w->sim));
	return 1;
}

static void job_leaves(struct world *w, struct job *j)
{
	if (w->sc->write_jobs && world_record_job(w, j) != 0)
		fail_oom(w);
	job_pool_put(&w->pool, j);
}

static void on_job_end(struct sim *s, void *ctx, uint64_t arg)
{
	struct world *w = ctx;
	struct job *j = (struct job *)(uintptr_t)arg;
	sim_time now = sim_now(s);
	hot_assert(j->end_at == now); /* an end event is moved at every change of rate */
	if (j->phase != JOB_COMPUTE) {
		hold_end(w, j, now);
		return;
	}
	if (j->mark_s > 0) { /* a checkpoint is due: write it */
		hold_begin(w, j, JOB_WRITING, j->ckpt_write_s, now);
		schedule_end(w, j);
		world_power_changed(w, now);
		return;
	}
	job_stop(w, j, now);
	w->dispatch_follows = 1; /* (the grid's hold may wait for the dispatch) */
	power_changed(w, now);
	w->dispatch_follows = 0;
	count_meter_add(&w->running, now, -1);
	TALLY(w, j, running, -1);
	TALLY(w, j, completed, 1);
	j->state = JOB_COMPLETED;
	j->end = now;
	if (j->ettr_counts && j->measured && now > j->start) {
		w->ettr_sum += j->work_total_s / clock_to_s(now - j->start); /* its ETTR */
		w->ettr_n++;
	}
	if (j->measured) {
		/* slowdown: response time over the job's full-speed run time
		 * (Feitelson, JSSPP 2001), so waits and cap slow-downs both count */
		w->done_work_gpu_s += (double)j->gpus * j->work_total_s;
		w->slowdown_sum += clock_to_s(now - j->submit) / j->work_total_s;
	}
	if (j->deferrable && world_defer_completed(w, j) != 0) /* (the test: a call per job) */
		fail_oom(w);
	world_queue_completed(w, j);
	job_leaves(w, j);
	dispatch(w);
	if (w->cap_hold_pending) /* (inline: a call per job cost 18 instructions) */
		world_cap_dispatch_end(w, now);
}

static void on_arrival(struct sim *s, void *ctx, uint64_t class_index)
{
	struct world *w = ctx;
	struct class_sampler *cs = &w->samplers[class_index];
	sim_time now = sim_now(s);
	struct job *j = job_pool_get(&w->pool);
	if (!j) {
		fail_oom(w);
		return;
	}
	j->id = w->next_job_id++;
	j->class_index = (uint32_t)class_index;
	j->power_group = (uint32_t)(w->group_first[class_index] +
				    (size_t)workload_sample_power_level(cs));
	j->gpus = workload_sample_gpus(cs);
	j->work_s = j->work_total_s = workload_sample_duration_s(cs);
	j->walltime_s = workload_walltime_s(cs);
	if (w->sched.ops->backfills)
		j->estimate_s = sched_estimate_s(&w->sc->estimate, j->work_total_s, j->walltime_s);
	const struct job_class_spec *c = &w->sc->classes[class_index];
	j->priority = c->priority;
	j->spot = c->spot;
	j->deferrable = c->defer.on;
	j->ettr_counts = c->checkpoint.on || c->checkpoint_interval_h > 0;
	j->submit = now;
	j->start = j->end = -1;
	j->resv = -1;
	j->power_wait_from = j->release = -1;
	j->measured = now >= w->warmup;
	if (c->checkpoint.on)
		world_checkpoint_setup(w, j);
	else /* (the pool hands out zeroed jobs: free checkpoints at most) */
		j->ckpt_every_s = c->checkpoint_interval_h * 3600.0;
	TALLY(w, j, submitted, 1);
	/* (hot spares only stand in for failed nodes: not for a start) */
	if (j->gpus > w->fac.total_gpus - w->sc->spare_nodes * w->fac.gpus_per_node) {
		j->state = JOB_REJECTED;
		j->reject = JOB_REJECT_TOO_LARGE;
		TALLY(w, j, rejected, 1);
		job_leaves(w, j);
	} else {
		j->state = JOB_QUEUED;
		TALLY(w, j, queued, 1);
		/* An offered load past the cluster grows the queue without end: stop
		 * before memory runs out (one compare per arrival). */
		if (w->all.queued > (uint64_t)w->sc->max_queued_jobs) {
			w->queue_full = 1 + (size_t)class_index;
			sim_stop(s);
		}
		count_meter_add(&w->queued, now, 1);
		if (!(j->deferrable && world_defer_hold(w, j, now)) &&
		    !arrival_starts(w, j)) {
			scheduler_enqueue(&w->sched, j);
			dispatch(w);
		}
	}
	sim_time next = workload_next_arrival(cs, now);
	if (next < w->horizon)
		sim_timer_set(s, w->arrival_timers[class_index], next);
}

/* The core's events, after the run's own (warm-up, samples): at a shared
 * tick the cap schedule's steps, then the first arrivals. Arrivals are
 * engine timers: each class's next arrival is nearly always the earliest
 * event, which a timer serves without the heap. -1 out of memory. */
int world_jobs_start(struct world *w)
{
	const struct scenario *sc = w->sc;
	w->sched_clocked = w->sched.aging_per_h > 0 || w->sched.class_bonus;
	w->arrivals_direct = w->sched.ops->lone_job_tries && !w->sched_clocked &&
			     !w->any_preemptible && !world_has_cap(w);
	for (size_t i = 0; i < sc->n_cap_steps; i++) {
		sim_time t = clock_from_s(sc->cap_steps[i].at_h * 3600.0);
		if (t < w->horizon)
			sim_at(w->sim, t, on_cap_step, w, i);
	}
	for (size_t i = 0; i < sc->n_classes; i++) {
		w->arrival_timers[i] = sim_timer_add(w->sim, on_arrival, w, i);
		if (w->arrival_timers[i] < 0)
			return -1;
		sim_time t = workload_next_arrival(&w->samplers[i], 0);
		if (t < w->horizon)
			sim_timer_set(w->sim, w->arrival_timers[i], t);
	}
	return 0;
}

/* Every running job, for the end of the run: j advanced to the horizon. */
int world_jobs_unfinished(struct world *w)
{
	for (struct job *j = w->sched.head; j; j = j->next)
		if (w->sc->write_jobs && world_record_job(w, j) != 0)
			return -1;
	if (w->sc->write_jobs && world_defer_record(w) != 0)
		return -1;
	for (size_t k = 0; k < w->n_groups; k++) {
		for (struct job *j = w->groups[k].running; j; j = j->run_next) {
			job_advance(j, w->horizon);
			if (w->sc->n_failures > 0)
				mtbi_bank(w, j, w->horizon);
			if (w->sc->write_jobs && world_record_job(w, j) != 0)
				return -1;
		}
	}
	return 0;
}

void world_fail_oom(struct world *w)
{
	fail_oom(w);
}
