/*
 * world_cooling.c - the cooling plants during a run: hourly weather,
 * each zone's cooling power and water from its heat, and thermal caps when
 * a plant runs out of capacity.
 *
 * Weather enters as an event at every hour boundary (the series wraps
 * past its end); it changes the outdoor state, each plant's capacity and
 * so its power. Heat changes at every job start, end or re-rate: the
 * world calls world_cooling_update once the IT draw is settled, and each
 * plant's power is re-evaluated at its zone's heat (exact energy: power
 * is constant between those events).
 *
 * The electrical rooms' plant (sc->has_room) removes the losses of the
 * chain's indoor levels, re-evaluated with every other plant. It imposes
 * no caps: losses cannot be throttled apart from the IT that causes them,
 * so heat above its capacity is a deficit.
 *
 * Thermal limit: when a zone's heat exceeds its plant's capacity, the
 * plant imposes a per-GPU power cap on the jobs in the zone (the GPU caps
 * of gpu_power.h, so the jobs slow down by their throughput curve): the
 * highest cap at which the zone's heat fits, found with GSL's Brent solver
 * over the cap, and lifted as soon as it is not needed. The cap never goes
 * below thermal_floor_w (30% of TDP: the lowest power limit nvidia-smi
 * accepts on an H100 SXM is 200 of 700 W); heat still above capacity at
 * the floor is not removed and is reported as a deficit. A job whose GPUs
 * span zones runs at the tightest of their caps (a gang moves at its
 * slowest GPU's pace).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "grow_array.h"
#include "world_int.h"

static void on_weather(struct sim *s, void *ctx, uint64_t hour);

/* Every meter of the plants: each zone's, then the facility's; the three
 * passes over them (start, warm-up mark, flush) read this one list. */
#define ZONE_METERS (COOL_N_COMPONENTS + 5)

static size_t zone_meters(struct zone_state *zs, struct meter **out)
{
	size_t n = 0;
	for (int c = 0; c < COOL_N_COMPONENTS; c++)
		out[n++] = &zs->w[c];
	out[n++] = &zs->water_lph;
	out[n++] = &zs->free_w;
	out[n++] = &zs->removed_w;
	out[n++] = &zs->rejected_w;
	out[n++] = &zs->deficit_w;
	return n;
}

static size_t facility_meters(struct world *w, struct meter **out)
{
	size_t n = 0;
	out[n++] = &w->dry_c;
	out[n++] = &w->wet_c;
	out[n++] = &w->full_free;
	out[n++] = &w->partial_free;
	out[n++] = &w->thermal_gpus;
	out[n++] = &w->thermal_any;
	return n;
}

static void each_meter(struct world *w, sim_time now,
		       void (*fn)(struct meter *m, sim_time now))
{
	struct meter *m[ZONE_METERS > 6 ? ZONE_METERS : 6];
	for (size_t z = 0; z < w->sc->n_zones; z++)
		for (size_t i = 0, n = zone_meters(&w->zones[z], m); i < n; i++)
			fn(m[i], now);
	for (size_t i = 0, n = w->sc->has_room ? zone_meters(&w->room, m) : 0; i < n; i++)
		fn(m[i], now);
	for (size_t i = 0, n = facility_meters(w, m); i < n; i++)
		fn(m[i], now);
}

static void meter_zero(struct meter *m, sim_time now)
{
	meter_init(m, now, 0);
}

int world_cooling_init(struct world *w)
{
	const struct scenario *sc = w->sc;
	const struct weather_spec *ws = &sc->weather;
	w->zones = calloc(sc->n_zones, sizeof *w->zones);
	if (!w->zones)
		return -1;
	const struct accel_spec *a = &sc->node.accel;
	w->thermal_floor_w = 0.3 * a->tdp_w;
	if (w->thermal_floor_w <= a->idle_w)
		w->thermal_floor_w = a->idle_w + 0.01 * (a->tdp_w - a->idle_w);
	if (ws->source != WEATHER_NONE) {
		w->weather_offset = (size_t)((ws->start_day_of_year - 1.0) * 24.0);
		weather_at(&ws->series, w->weather_offset, &w->outdoor);
	}
	each_meter(w, 0, meter_zero);
	meter_init(&w->dry_c, 0, w->outdoor.dry_c);
	meter_init(&w->wet_c, 0, w->outdoor.wet_c);
	for (size_t z = 0; z < sc->n_zones; z++) {
		struct zone_state *zs = &w->zones[z];
		zs->physical = sc->zones[z].spec.tech != COOLING_FIXED_PUE;
		w->n_physical += zs->physical;
		zs->capacity_w = cooling_capacity_w(&sc->zones[z].spec, &w->outdoor);
	}
	if (sc->has_room) {
		w->room.physical = sc->room.spec.tech != COOLING_FIXED_PUE;
		w->room.capacity_w = cooling_capacity_w(&sc->room.spec, &w->outdoor);
	}
	if (ws->source != WEATHER_NONE && ws->series.n_hours > 1 &&
	    clock_from_s(3600.0) < w->horizon)
		sim_at(w->sim, clock_from_s(3600.0), on_weather, w, 1);
	return 0;
}

void world_cooling_fini(struct world *w)
{
	free(w->zones);
	free(w->terms);
}

static void on_weather(struct sim *s, void *ctx, uint64_t hour)
{
	struct world *w = ctx;
	const struct scenario *sc = w->sc;
	sim_time now = sim_now(s);
	weather_at(&sc->weather.series, w->weather_offset + hour, &w->outdoor);
	meter_set(&w->dry_c, now, w->outdoor.dry_c);
	meter_set(&w->wet_c, now, w->outdoor.wet_c);
	for (size_t z = 0; z < sc->n_zones; z++)
		if (w->zones[z].physical)
			w->zones[z].capacity_w = cooling_capacity_w(&sc->zones[z].spec, &w->outdoor);
	if (sc->has_room)
		w->room.capacity_w = cooling_capacity_w(&sc->room.spec, &w->outdoor);
	world_power_changed(w, now);
	if (w->has_cap)
		world_dispatch(w); /* a cooler hour may free power for a job */
	sim_time next = clock_from_s(3600.0 * (double)(hour + 1));
	if (next < w->horizon)
		sim_at(s, next, on_weather, w, hour + 1);
}

/* j's GPUs in zone z. */
static double gpus_in_zone(const struct world *w, const struct job *j, int z)
{
	double n = 0;
	for (uint32_t i = 0; i < j->n_allocs; i++) {
		int rack = (int)j->allocs[i].node / w->fac.nodes_per_rack;
		if (w->fac.rack_zone[rack] == z)
			n += j->allocs[i].gpus;
	}
	return n;
}

/* Collect the running jobs with GPUs in zone z; -1 without memory. */
static int collect_terms(struct world *w, int z, size_t *n_out)
{
	size_t n = 0;
	for (size_t k = 0; k < w->sc->n_classes; k++) {
		const struct class_power *cp = &w->cls[k];
		for (const struct job *j = cp->running; j; j = j->run_next) {
			if (!(j->zone_mask >> z & 1))
				continue;
			struct thermal_term *t = grow_array(w->terms, n, &w->cap_terms, sizeof *t,
							    256);
			if (!t)
				return -1;
			w->terms = t;
			double base = cp->cap_w;
			for (int o = 0; o < (int)w->sc->n_zones; o++)
				if (o != z && (j->zone_mask >> o & 1))
					base = gpu_power_cap_min(base, w->zones[o].thermal_cap_w, 0);
			w->terms[n++] = (struct thermal_term){ cp->want_w, base, j->gpu_w,
							       gpus_in_zone(w, j, z) };
		}
	}
	*n_out = n;
	return 0;
}

struct heat_at_cap {
	struct world *w;
	size_t n;
	double over_w;   /* heat now - capacity */
	double factor;   /* zone IT per W of GPU draw */
	double floor_w;
};

/* Zone heat minus capacity if the zone's cap were floor + q. */
static double excess_at(double q, void *p)
{
	const struct heat_at_cap *h = p;
	double c = h->floor_w + q, d = 0;
	for (size_t i = 0; i < h->n; i++) {
		const struct thermal_term *t = &h->w->terms[i];
		double draw, speed;
		gpu_power_under_cap(&h->w->gpu, t->want_w, gpu_power_cap_min(t->base_w, c, 0),
				    &draw, &speed);
		d += t->gpus * (draw - t->now_w);
	}
	return h->over_w + h->factor * d;
}

/* Set zone z's thermal cap to what its heat needs; 1 if it changed. */
static int thermal_solve(struct world *w, int z, sim_time now)
{
	struct zone_state *zs = &w->zones[z];
	size_t n;
	if (collect_terms(w, z, &n) != 0) {
		w->oom = 1;
		sim_stop(w->sim);
		return 0;
	}
	struct heat_at_cap h = { w, n, facility_zone_w(&w->fac, z) - zs->capacity_w,
				 facility_zone_gpu_factor(&w->fac, z), w->thermal_floor_w };
	double span = w->gpu.tdp_w - h.floor_w, cap;
	if (excess_at(span, &h) <= 0)
		cap = 0; /* fits with no thermal cap */
	else if (excess_at(0, &h) > 0)
		cap = h.floor_w; /* does not fit even at the floor */
	else
		cap = h.floor_w + cooling_largest_heat(excess_at, &h, span);
	if (cap == zs->thermal_cap_w)
		return 0;
	int was = zs->thermal_cap_w > 0, is = cap > 0;
	zs->thermal_cap_w = cap;
	if (was != is) {
		w->n_thermal += is ? 1 : -1;
		meter_set(&w->thermal_any, now, w->n_thermal > 0);
	}
	for (size_t k = 0; k < w->sc->n_classes; k++)
		for (struct job *j = w->cls[k].running; j; j = j->run_next)
			if (j->zone_mask >> z & 1)
				world_job_rerate(w, j, now);
	return 1;
}

/* Plant zs of spec removing heat (at most its capacity) now. */
static void plant_eval(struct world *w, struct zone_state *zs, const struct cooling_spec *spec,
		       double heat, sim_time now)
{
	double removed = heat < zs->capacity_w ? heat : zs->capacity_w;
	struct cooling_out out;
	cooling_eval(spec, removed, &w->outdoor, &out);
	for (int c = 0; c < COOL_N_COMPONENTS; c++)
		meter_set(&zs->w[c], now, out.w[c]);
	meter_set(&zs->water_lph, now, out.water_l_per_h);
	meter_set(&zs->free_w, now, out.free_fraction * removed);
	meter_set(&zs->removed_w, now, removed);
	meter_set(&zs->rejected_w, now, out.rejected_w);
	meter_set(&zs->deficit_w, now, heat - removed);
	zs->cooling_w = out.w[COOL_TOTAL];
	zs->full = removed > 0 && out.free_fraction >= 1.0;
	zs->partial = out.free_fraction > 0 && !zs->full;
}

double world_cooling_update(struct world *w, sim_time now)
{
	const int nz = (int)w->sc->n_zones;
	double total = 0;
	if (w->n_physical == 0 && !w->sc->has_room) { /* fixed PUE only: nothing else moves */
		for (int z = 0; z < nz; z++)
			total += (w->sc->zones[z].spec.pue - 1.0) * facility_zone_w(&w->fac, z);
		return total;
	}
	/* A cap in one zone moves jobs that span zones, so settle the caps
	 * first (each pass only lowers or lifts caps; a few passes settle). */
	for (int pass = 0; pass <= nz; pass++) {
		int changed = 0;
		for (int z = 0; z < nz; z++) {
			struct zone_state *zs = &w->zones[z];
			if (zs->physical && (zs->thermal_cap_w > 0 ||
					     facility_zone_w(&w->fac, z) > zs->capacity_w))
				changed |= thermal_solve(w, z, now);
		}
		if (!changed)
			break;
	}
	int phys = 0, all_full = 1, any_free = 0;
	for (int z = 0; z < nz; z++) {
		struct zone_state *zs = &w->zones[z];
		if (!zs->physical) {
			total += (w->sc->zones[z].spec.pue - 1.0) * facility_zone_w(&w->fac, z);
			continue;
		}
		plant_eval(w, zs, &w->sc->zones[z].spec, facility_zone_w(&w->fac, z), now);
		total += zs->cooling_w;
		phys++;
		all_full &= zs->full;
		any_free |= zs->full || zs->partial;
	}
	if (w->sc->has_room) {
		power_chain_settle(&w->chain, now); /* with the thermal caps' moves */
		plant_eval(w, &w->room, &w->sc->room.spec, power_chain_indoor_loss_now(&w->chain),
			   now);
		total += w->room.cooling_w;
		/* the rooms' plant counts for free cooling like a hall's */
		if (w->room.physical) {
			phys++;
			all_full &= w->room.full;
			any_free |= w->room.full || w->room.partial;
		}
	}
	meter_set(&w->full_free, now, phys && all_full);
	meter_set(&w->partial_free, now, phys && any_free && !all_full);
	return total;
}

void world_cooling_flush(struct world *w, sim_time now)
{
	each_meter(w, now, meter_flush);
}

void world_cooling_mark(struct world *w, sim_time now)
{
	each_meter(w, now, meter_mark);
}

static double integral(const struct meter *m, int window)
{
	return window ? meter_window(m) : m->integral;
}

static void plant_totals(const struct zone_state *zs, int window, struct cooling_totals *out)
{
	for (int c = 0; c < COOL_N_COMPONENTS; c++)
		out->w[c] = integral(&zs->w[c], window);
	out->water_lph = integral(&zs->water_lph, window);
	out->free_w = integral(&zs->free_w, window);
	out->removed_w = integral(&zs->removed_w, window);
	out->rejected_w = integral(&zs->rejected_w, window);
	out->deficit_w = integral(&zs->deficit_w, window);
}

void world_zone_totals(const struct world *w, int z, int window, struct cooling_totals *out)
{
	memset(out, 0, sizeof *out);
	const struct zone_state *zs = &w->zones[z];
	if (!zs->physical) {
		double it[IT_N_COMPONENTS];
		facility_integrals(&w->fac, &w->fac.zones[z], window, it);
		double pue = w->sc->zones[z].spec.pue;
		out->w[COOL_OTHER] = out->w[COOL_TOTAL] = (pue - 1.0) * it[IT_TOTAL];
		out->removed_w = it[IT_TOTAL];
		out->rejected_w = pue * it[IT_TOTAL];
		return;
	}
	plant_totals(zs, window, out);
}

void world_room_totals(const struct world *w, int window, struct cooling_totals *out)
{
	memset(out, 0, sizeof *out);
	if (w->sc->has_room)
		plant_totals(&w->room, window, out);
}

void world_cooling_totals(const struct world *w, int window, struct cooling_totals *out)
{
	memset(out, 0, sizeof *out);
	for (size_t z = 0; z <= w->sc->n_zones; z++) {
		struct cooling_totals t;
		if (z < w->sc->n_zones)
			world_zone_totals(w, (int)z, window, &t);
		else
			world_room_totals(w, window, &t);
		for (int c = 0; c < COOL_N_COMPONENTS; c++)
			out->w[c] += t.w[c];
		out->water_lph += t.water_lph;
		out->free_w += t.free_w;
		out->removed_w += t.removed_w;
		out->rejected_w += t.rejected_w;
		out->deficit_w += t.deficit_w;
	}
	out->full_free = integral(&w->full_free, window);
	out->partial_free = integral(&w->partial_free, window);
	out->dry_c = integral(&w->dry_c, window);
	out->wet_c = integral(&w->wet_c, window);
	out->thermal_gpus = integral(&w->thermal_gpus, window);
	out->thermal_any = integral(&w->thermal_any, window);
}
