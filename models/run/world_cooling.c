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
 *
 * State: struct cooling_sub below, this file's alone. The thermal caps
 * themselves are core state (w->zone_cap_w), set through
 * world_zone_cap_set, because a job's rate depends on every cap at once.
 * Hooks: draw (its plants' power at every settle). Its sample op also
 * fills the facility's interval columns it owns (cooling, outdoor, water,
 * thermal throttling).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grow_array.h"
#include "run_core.h"

/* One cooling zone's plant during the run. Fixed-PUE zones keep no
 * meters: their overhead is (pue - 1) x their IT, integrated by the
 * facility's zone meters. */
struct zone_state {
	int physical;          /* not fixed PUE */
	double capacity_w;     /* most heat the plant removes this hour */
	double cooling_w;      /* its power now */
	struct meter w[COOL_N_COMPONENTS];
	struct meter water_lph, free_w, removed_w, rejected_w, deficit_w;
	int full, partial;     /* free cooling now */
};

/* A running job's stake in a zone, for solving its thermal cap. */
struct thermal_term {
	double want_w;   /* uncapped draw per GPU */
	double base_w;   /* its cap from everything but this zone, 0 = none */
	double now_w;    /* its draw now */
	double gpus;     /* its GPUs in the zone */
};

struct cooling_sub {
	struct zone_state *zones;
	struct zone_state room; /* the electrical rooms' plant, if sc->has_room */
	struct outdoor outdoor;
	size_t weather_offset;  /* series hour at the start of the run */
	int n_physical;         /* zones not at a fixed PUE */
	int plants;             /* n_physical or the rooms' plant: plants_draw, not the fixed sum */
	double *overhead;       /* each zone's fixed PUE - 1 (the fixed sum's factors) */
	double thermal_floor_w; /* lowest cap a plant may impose */
	struct meter dry_c, wet_c, full_free, partial_free, thermal_any;
	struct thermal_term *terms;
	size_t cap_terms;
	struct cooling_totals last; /* at the last sample */
};

static struct cooling_sub *cool_of(const struct world *w)
{
	return w->sub[RUN_SUB_COOLING];
}

/* The series hour the run's hour h reads: from the start day, or with a
 * calendar the typical year's hour of the date (scenario_local_hour). */
static size_t weather_hour(const struct scenario *sc, const struct cooling_sub *cs, size_t h)
{
	if (!sc->calendar.on)
		return cs->weather_offset + h;
	return (size_t)scenario_local_hour(sc, sc->weather.start_day_of_year, h);
}

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

static size_t facility_meters(struct cooling_sub *cs, struct meter **out)
{
	size_t n = 0;
	out[n++] = &cs->dry_c;
	out[n++] = &cs->wet_c;
	out[n++] = &cs->full_free;
	out[n++] = &cs->partial_free;
	out[n++] = &cs->thermal_any;
	return n;
}

static void each_meter(struct world *w, struct cooling_sub *cs, sim_time now,
		       void (*fn)(struct meter *m, sim_time now))
{
	struct meter *m[ZONE_METERS > 5 ? ZONE_METERS : 5];
	for (size_t z = 0; z < w->sc->n_zones; z++)
		for (size_t i = 0, n = zone_meters(&cs->zones[z], m); i < n; i++)
			fn(m[i], now);
	for (size_t i = 0, n = w->sc->has_room ? zone_meters(&cs->room, m) : 0; i < n; i++)
		fn(m[i], now);
	for (size_t i = 0, n = facility_meters(cs, m); i < n; i++)
		fn(m[i], now);
}

static void meter_zero(struct meter *m, sim_time now)
{
	meter_init(m, now, 0);
}

static int cooling_init(struct world *w, void *st)
{
	struct cooling_sub *cs = st;
	const struct scenario *sc = w->sc;
	const struct weather_spec *ws = &sc->weather;
	cs->zones = calloc(sc->n_zones ? sc->n_zones : 1, sizeof *cs->zones);
	cs->overhead = calloc(sc->n_zones ? sc->n_zones : 1, sizeof *cs->overhead);
	if (!cs->zones || !cs->overhead)
		return -1;
	const struct accel_spec *a = &sc->node.accel;
	cs->thermal_floor_w = 0.3 * a->tdp_w;
	if (cs->thermal_floor_w <= a->idle_w)
		cs->thermal_floor_w = a->idle_w + 0.01 * (a->tdp_w - a->idle_w);
	if (ws->source != WEATHER_NONE) {
		cs->weather_offset = (size_t)((ws->start_day_of_year - 1.0) * 24.0);
		weather_at(&ws->series, weather_hour(sc, cs, 0), &cs->outdoor);
	}
	each_meter(w, cs, 0, meter_zero);
	meter_init(&cs->dry_c, 0, cs->outdoor.dry_c);
	meter_init(&cs->wet_c, 0, cs->outdoor.wet_c);
	for (size_t z = 0; z < sc->n_zones; z++) {
		struct zone_state *zs = &cs->zones[z];
		zs->physical = sc->zones[z].spec.tech != COOLING_FIXED_PUE;
		cs->n_physical += zs->physical;
		cs->overhead[z] = sc->zones[z].spec.pue - 1.0;
		zs->capacity_w = cooling_capacity_w(&sc->zones[z].spec, &cs->outdoor);
	}
	cs->plants = cs->n_physical != 0 || sc->has_room;
	if (sc->has_room) {
		cs->room.physical = sc->room.spec.tech != COOLING_FIXED_PUE;
		cs->room.capacity_w = cooling_capacity_w(&sc->room.spec, &cs->outdoor);
	}
	if (ws->source != WEATHER_NONE && ws->series.n_hours > 1 &&
	    clock_from_s(3600.0) < w->horizon)
		sim_at(w->sim, clock_from_s(3600.0), on_weather, w, 1);
	return RUN_HOOK_DRAW;
}

static void cooling_fini(struct world *w, void *st)
{
	(void)w;
	struct cooling_sub *cs = st;
	free(cs->zones);
	free(cs->overhead);
	free(cs->terms);
}

double world_cooling_floor_w(const struct world *w)
{
	return cool_of(w)->thermal_floor_w;
}

static void on_weather(struct sim *s, void *ctx, uint64_t hour)
{
	struct world *w = ctx;
	struct cooling_sub *cs = cool_of(w);
	const struct scenario *sc = w->sc;
	sim_time now = sim_now(s);
	weather_at(&sc->weather.series, weather_hour(sc, cs, hour), &cs->outdoor);
	meter_set(&cs->dry_c, now, cs->outdoor.dry_c);
	meter_set(&cs->wet_c, now, cs->outdoor.wet_c);
	for (size_t z = 0; z < sc->n_zones; z++)
		if (cs->zones[z].physical)
			cs->zones[z].capacity_w = cooling_capacity_w(&sc->zones[z].spec, &cs->outdoor);
	if (sc->has_room)
		cs->room.capacity_w = cooling_capacity_w(&sc->room.spec, &cs->outdoor);
	world_power_changed(w, now);
	if (world_has_cap(w))
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
static int collect_terms(struct world *w, struct cooling_sub *cs, int z, size_t *n_out)
{
	size_t n = 0;
	for (size_t k = 0; k < w->n_groups; k++) {
		const struct power_group *cp = &w->groups[k];
		for (const struct job *j = cp->running; j; j = j->run_next) {
			if (!(j->zone_mask >> z & 1))
				continue;
			struct thermal_term *t = grow_array(cs->terms, n, &cs->cap_terms, sizeof *t,
							    256);
			if (!t)
				return -1;
			cs->terms = t;
			double base = cp->cap_w;
			for (int o = 0; o < (int)w->sc->n_zones; o++)
				if (o != z && (j->zone_mask >> o & 1))
					base = gpu_power_cap_min(base, w->zone_cap_w[o], 0);
			cs->terms[n++] = (struct thermal_term){ cp->want_w, base, j->gpu_w,
							       gpus_in_zone(w, j, z) };
		}
	}
	*n_out = n;
	return 0;
}

struct heat_at_cap {
	const struct world *w;
	const struct thermal_term *terms;
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
		const struct thermal_term *t = &h->terms[i];
		double draw, speed;
		gpu_power_under_cap(&h->w->gpu, t->want_w, gpu_power_cap_min(t->base_w, c, 0),
				    &draw, &speed);
		d += t->gpus * (draw - t->now_w);
	}
	return h->over_w + h->factor * d;
}

/* Set zone z's thermal cap to what its heat needs; 1 if it changed. */
static int thermal_solve(struct world *w, struct cooling_sub *cs, int z, sim_time now)
{
	struct zone_state *zs = &cs->zones[z];
	size_t n;
	if (collect_terms(w, cs, z, &n) != 0) {
		world_fail_oom(w);
		return 0;
	}
	struct heat_at_cap h = { w, cs->terms, n, facility_zone_w(&w->fac, z) - zs->capacity_w,
				 facility_zone_gpu_factor(&w->fac, z), cs->thermal_floor_w };
	double span = w->gpu.tdp_w - h.floor_w, cap;
	if (excess_at(span, &h) <= 0)
		cap = 0; /* fits with no thermal cap */
	else if (excess_at(0, &h) > 0)
		cap = h.floor_w; /* does not fit even at the floor */
	else
		cap = h.floor_w + cooling_largest_heat(excess_at, &h, span);
	if (cap == w->zone_cap_w[z])
		return 0;
	world_zone_cap_set(w, z, cap, now);
	meter_set(&cs->thermal_any, now, w->n_zone_caps > 0);
	return 1;
}

/* Plant zs of spec removing heat (at most its capacity) now. */
static void plant_eval(const struct cooling_sub *cs, struct zone_state *zs,
		       const struct cooling_spec *spec, double heat, sim_time now)
{
	double removed = heat < zs->capacity_w ? heat : zs->capacity_w;
	struct cooling_out out;
	cooling_eval(spec, removed, &cs->outdoor, &out);
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

/* A cap in one zone moves jobs that span zones, so settle the caps
 * first (each pass only lowers or lifts caps; a few passes settle). */
static void settle_caps(struct world *w, struct cooling_sub *cs, sim_time now)
{
	const int nz = (int)w->sc->n_zones;
	for (int pass = 0; pass <= nz; pass++) {
		int changed = 0;
		for (int z = 0; z < nz; z++) {
			struct zone_state *zs = &cs->zones[z];
			if (zs->physical && (w->zone_cap_w[z] > 0 ||
					     facility_zone_w(&w->fac, z) > zs->capacity_w))
				changed |= thermal_solve(w, cs, z, now);
		}
		if (!changed)
			break;
	}
}

/* Free cooling now, counted over the physical plants. */
struct free_tally {
	int phys, all_full, any_free;
};

static void tally_free(struct free_tally *t, const struct zone_state *zs)
{
	t->phys++;
	t->all_full &= zs->full;
	t->any_free |= zs->full || zs->partial;
}

/* Every plant at its heat now, after the thermal caps; W. Not inlined:
 * inlined, cooling_draw's fixed-PUE path (most runs' every event) paid
 * its frame, about 30 instructions per M/M/c job (bench/callgrind.sh). */
__attribute__((noinline)) static double plants_draw(struct world *w, struct cooling_sub *cs,
						    sim_time now)
{
	const int nz = (int)w->sc->n_zones;
	double total = 0;
	settle_caps(w, cs, now);
	struct free_tally t = { 0, 1, 0 };
	for (int z = 0; z < nz; z++) {
		struct zone_state *zs = &cs->zones[z];
		if (!zs->physical) {
			total += cs->overhead[z] * facility_zone_w(&w->fac, z);
			continue;
		}
		plant_eval(cs, zs, &w->sc->zones[z].spec, facility_zone_w(&w->fac, z), now);
		total += zs->cooling_w;
		tally_free(&t, zs);
	}
	if (w->sc->has_room) {
		power_chain_settle(&w->chain, now); /* with the thermal caps' moves */
		plant_eval(cs, &cs->room, &w->sc->room.spec, power_chain_indoor_loss_now(&w->chain),
			   now);
		total += cs->room.cooling_w;
		if (cs->room.physical) /* the rooms' plant counts for free cooling like a hall's */
			tally_free(&t, &cs->room);
	}
	meter_set(&cs->full_free, now, t.phys && t.all_full);
	meter_set(&cs->partial_free, now, t.phys && t.any_free && !t.all_full);
	return total;
}

/* The draw op: impose or lift thermal caps, recompute every plant at its
 * heat now; the cooling power of the facility, W. Fixed PUE only, nothing
 * else moves, and this short path is most runs' every event. */
static double cooling_draw(struct world *w, void *st, sim_time now)
{
	struct cooling_sub *cs = st;
	if (cs->plants)
		return plants_draw(w, cs, now);
	double total = 0;
	for (int z = 0; z < w->fac.n_zones; z++)
		total += cs->overhead[z] * facility_zone_w(&w->fac, z);
	return total;
}

/* What plant zs of spec would draw removing heat (at most its capacity). */
static double plant_at(const struct cooling_sub *cs, const struct zone_state *zs,
		       const struct cooling_spec *spec, double heat)
{
	struct cooling_out out;
	cooling_eval(spec, heat < zs->capacity_w ? heat : zs->capacity_w, &cs->outdoor, &out);
	return out.w[COOL_TOTAL];
}

/*
 * The draw_at op: what the plants would draw if each zone's IT were
 * zone_w[z] and the chain's indoor losses indoor_w, W; nothing changes.
 * The thermal caps are those in force: a plant short of capacity is
 * evaluated at its capacity, not re-solved for a new cap. That is what
 * the settle after the real change computes unless a cap moves, and a
 * moved cap is settled and the connection held again then (world_cap.c
 * holds it at every change of the draw), so the approximation can never
 * let the facility cross the capacity between events.
 */
static double cooling_draw_at(const struct world *w, const void *st, const double *zone_w,
			      double indoor_w)
{
	const struct cooling_sub *cs = st;
	double total = 0;
	for (size_t z = 0; z < w->sc->n_zones; z++) {
		const struct cooling_spec *spec = &w->sc->zones[z].spec;
		if (cs->zones[z].physical)
			total += plant_at(cs, &cs->zones[z], spec, zone_w[z]);
		else
			total += (spec->pue - 1.0) * zone_w[z];
	}
	if (w->sc->has_room)
		total += plant_at(cs, &cs->room, &w->sc->room.spec, indoor_w);
	return total;
}

static void cooling_flush(struct world *w, void *st, sim_time now)
{
	each_meter(w, st, now, meter_flush);
}

static void cooling_mark(struct world *w, void *st, sim_time now)
{
	each_meter(w, st, now, meter_mark);
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

/* Integral of zone z's cooling quantities (fixed PUE derived from IT). */
static void zone_totals(const struct world *w, int z, int window, struct cooling_totals *out)
{
	memset(out, 0, sizeof *out);
	const struct zone_state *zs = &cool_of(w)->zones[z];
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

/* The same for the electrical rooms' plant (zeros without one). */
static void room_totals(const struct world *w, int window, struct cooling_totals *out)
{
	memset(out, 0, sizeof *out);
	if (w->sc->has_room)
		plant_totals(&cool_of(w)->room, window, out);
}

void world_cooling_totals(const struct world *w, int window, struct cooling_totals *out)
{
	const struct cooling_sub *cs = cool_of(w);
	memset(out, 0, sizeof *out);
	for (size_t z = 0; z <= w->sc->n_zones; z++) {
		struct cooling_totals t;
		if (z < w->sc->n_zones)
			zone_totals(w, (int)z, window, &t);
		else
			room_totals(w, window, &t);
		for (int c = 0; c < COOL_N_COMPONENTS; c++)
			out->w[c] += t.w[c];
		out->water_lph += t.water_lph;
		out->free_w += t.free_w;
		out->removed_w += t.removed_w;
		out->rejected_w += t.rejected_w;
		out->deficit_w += t.deficit_w;
	}
	out->full_free = integral(&cs->full_free, window);
	out->partial_free = integral(&cs->partial_free, window);
	out->dry_c = integral(&cs->dry_c, window);
	out->wet_c = integral(&cs->wet_c, window);
	out->thermal_gpus = integral(&w->thermal_gpus, window);
	out->thermal_any = integral(&cs->thermal_any, window);
}

static void cooling_sample(struct world *w, void *st, double span, struct ts_row *row)
{
	struct cooling_sub *cs = st;
	struct cooling_totals ct, *lc = &cs->last;
	world_cooling_totals(w, 0, &ct);
	for (int c = 0; c < COOL_N_COMPONENTS; c++)
		row->cooling_kw[c] = (ct.w[c] - lc->w[c]) / span / 1000.0;
	int weather = w->sc->weather.source != WEATHER_NONE;
	row->outdoor_dry_c = weather ? (ct.dry_c - lc->dry_c) / span : (double)NAN;
	row->outdoor_wet_c = weather ? (ct.wet_c - lc->wet_c) / span : (double)NAN;
	double removed = ct.removed_w - lc->removed_w;
	row->free_cooling_fraction = removed > 0 ? (ct.free_w - lc->free_w) / removed : 0;
	row->water_l_per_h = (ct.water_lph - lc->water_lph) / span;
	row->gpus_thermal_throttled = (ct.thermal_gpus - lc->thermal_gpus) / span;
	*lc = ct;
}

static void fill_cooling(struct world *w, struct run_kpis *k, double window)
{
	double e[IT_N_COMPONENTS];
	facility_total_integrals(&w->fac, 1, e);
	double it = e[IT_TOTAL];
	struct cooling_totals ct;
	world_cooling_totals(w, 1, &ct);
	const double h = (double)SIM_TICKS_PER_H;
	for (int c = 0; c < COOL_N_COMPONENTS; c++)
		k->cooling_mwh[c] = world_w_tick_to_mwh(ct.w[c]);
	k->cooling_ppue = it > 0 ? (it + ct.w[COOL_TOTAL]) / it : (double)NAN;
	k->full_free_cooling_hours = ct.full_free / h;
	k->partial_free_cooling_hours = ct.partial_free / h;
	k->water_m3 = ct.water_lph / h / 1000.0;
	k->wue_l_per_kwh = it > 0 ? ct.water_lph / h / (world_w_tick_to_mwh(it) * 1000.0)
				  : (double)NAN;
	k->gpu_thermal_throttled_hours = ct.thermal_gpus / h;
	k->thermal_throttle_hours = ct.thermal_any / h;
	k->heat_deficit_mwh = world_w_tick_to_mwh(ct.deficit_w);
	k->outdoor_mean_dry_c = w->sc->weather.source != WEATHER_NONE ? ct.dry_c / window
								      : (double)NAN;
}

static void zone_record_cooling(struct zone_record *zr, const struct cooling_totals *ct)
{
	for (int c = 0; c < COOL_N_COMPONENTS; c++)
		zr->cooling_mwh[c] = world_w_tick_to_mwh(ct->w[c]);
	zr->heat_mwh = world_w_tick_to_mwh(ct->removed_w + ct->deficit_w);
	zr->water_m3 = ct->water_lph / (double)SIM_TICKS_PER_H / 1000.0;
	zr->free_fraction = ct->removed_w > 0 ? ct->free_w / ct->removed_w : 0;
	zr->heat_deficit_mwh = world_w_tick_to_mwh(ct->deficit_w);
}

static void fill_zone(struct world *w, size_t z, struct zone_record *zr)
{
	const struct cooling_zone *cz = &w->sc->zones[z];
	struct cooling_totals ct;
	double it[IT_N_COMPONENTS], peak[IT_N_COMPONENTS];
	zone_totals(w, (int)z, 1, &ct);
	facility_integrals(&w->fac, &w->fac.zones[z], 1, it);
	facility_peaks(&w->fac, &w->fac.zones[z], peak);
	snprintf(zr->name, sizeof zr->name, "%s", cz->name);
	zr->technology = cooling_tech_name(cz->spec.tech);
	zr->racks = cz->racks;
	zr->it_energy_mwh = world_w_tick_to_mwh(it[IT_TOTAL]);
	zr->it_peak_kw = peak[IT_TOTAL] / 1000.0;
	zone_record_cooling(zr, &ct);
	zr->ppue = it[IT_TOTAL] > 0 ? (it[IT_TOTAL] + ct.w[COOL_TOTAL]) / it[IT_TOTAL]
				    : (double)NAN;
}

/* The KPIs, and one record per zone (and the rooms' plant, last). */
static int cooling_kpis(struct world *w, void *st, struct run_kpis *k, double window)
{
	(void)st;
	fill_cooling(w, k, window);
	struct run_result *r = w->res;
	size_t n = w->sc->n_zones + (w->sc->has_room ? 1 : 0);
	r->zones = calloc(n ? n : 1, sizeof *r->zones);
	if (!r->zones)
		return -1;
	r->n_zones = n;
	for (size_t z = 0; z < w->sc->n_zones; z++)
		fill_zone(w, z, &r->zones[z]);
	if (w->sc->has_room) {
		struct zone_record *zr = &r->zones[n - 1];
		struct cooling_totals ct;
		room_totals(w, 1, &ct);
		snprintf(zr->name, sizeof zr->name, "%s", w->sc->room.name);
		zr->technology = cooling_tech_name(w->sc->room.spec.tech);
		zone_record_cooling(zr, &ct);
		zr->ppue = (double)NAN;
	}
	return 0;
}

/* Its drawn energy over the window: every plant's. */
static double cooling_energy(const struct world *w, const void *st)
{
	(void)st;
	struct cooling_totals ct;
	world_cooling_totals(w, 1, &ct);
	return ct.w[COOL_TOTAL];
}

const struct run_sub_ops world_cooling_ops = {
	.name = "cooling",
	.size = sizeof(struct cooling_sub),
	.init = cooling_init,
	.fini = cooling_fini,
	.draw = cooling_draw,
	.draw_at = cooling_draw_at,
	.energy = cooling_energy,
	.mark = cooling_mark,
	.flush = cooling_flush,
	.sample = cooling_sample,
	.kpis = cooling_kpis,
};
