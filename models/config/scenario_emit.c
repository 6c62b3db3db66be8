/*
 * scenario_emit.c - the resolved scenario as JSON (resolved.json).
 *
 * "scenario" holds every field with its default filled in, in the input
 * syntax, so it can be loaded again as it is; "seeds" records the master
 * seed, the replication and the seed of each random stream, so one run can
 * be replayed or checked on its own.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "rng.h"
#include "scenario.h"
#include "scenario_int.h"
#include "workload.h"

/* cJSON's Add* return NULL on failure; one flag for the whole build. */
struct emitter {
	int failed;
	int list; /* the cooling zones are a list of halls */
	const struct scenario *sc;
};

static cJSON *num(struct emitter *e, cJSON *o, const char *k, double v)
{
	cJSON *it = cJSON_AddNumberToObject(o, k, v);
	e->failed |= it == NULL;
	return it;
}

static cJSON *str(struct emitter *e, cJSON *o, const char *k, const char *v)
{
	cJSON *it = cJSON_AddStringToObject(o, k, v ? v : "");
	e->failed |= it == NULL;
	return it;
}

/* A new object at the end of arr. */
static cJSON *append_obj(struct emitter *e, cJSON *arr)
{
	cJSON *o = cJSON_CreateObject();
	if (!o || !cJSON_AddItemToArray(arr, o)) {
		cJSON_Delete(o);
		e->failed = 1;
		return NULL;
	}
	return o;
}

static cJSON *obj(struct emitter *e, cJSON *o, const char *k)
{
	cJSON *it = o ? cJSON_AddObjectToObject(o, k) : NULL;
	e->failed |= it == NULL;
	return it;
}

static void add_array(struct emitter *e, cJSON *o, const char *k, const double *v, size_t n)
{
	cJSON *arr = cJSON_CreateDoubleArray(v, (int)n);
	if (!arr || !cJSON_AddItemToObject(o, k, arr)) {
		cJSON_Delete(arr);
		e->failed = 1;
	}
}

static void emit_curve(struct emitter *e, cJSON *o, const char *key, const char *xkey,
		       const char *ykey, const struct curve_spec *c)
{
	if (c->model == CURVE_LINEAR) {
		str(e, o, key, "linear");
		return;
	}
	cJSON *co = obj(e, o, key);
	if (!co)
		return;
	str(e, co, "model", hardware_curve_model_names[c->model]);
	if (c->model == CURVE_POWER_LAW) {
		num(e, co, "exponent", c->exponent);
		return;
	}
	add_array(e, co, xkey, c->x, c->n);
	add_array(e, co, ykey, c->y, c->n);
}

static void emit_table(struct emitter *e, cJSON *o, const struct scenario_field *t,
		       const void *base, field_emit_hook hook)
{
	if (scenario_table_emit(o, t, base, hook, e) != 0)
		e->failed = 1;
}

static int air_hook(void *ctx, cJSON *o, const struct scenario_field *f, const void *base)
{
	struct emitter *e = ctx;
	const struct air_spec *air = base;
	if (f->type != FIELD_CUSTOM) /* chiller */
		return 0;
	emit_table(e, obj(e, o, f->key), scenario_chiller_section.fields, &air->chiller, NULL);
	return 1;
}

static void emit_air(struct emitter *e, cJSON *z, const struct air_spec *air)
{
	emit_table(e, obj(e, z, "air"), scenario_air_fields, air, air_hook);
}

static int accel_hook(void *ctx, cJSON *o, const struct scenario_field *f, const void *base)
{
	struct emitter *e = ctx;
	const struct accel_spec *a = base;
	if (strcmp(f->key, "power_curve") == 0)
		emit_curve(e, o, f->key, "utilization", "power_fraction", &a->power_curve);
	else if (strcmp(f->key, "throughput_curve") == 0)
		emit_curve(e, o, f->key, "power_fraction", "throughput", &a->throughput_curve);
	return f->type == FIELD_CUSTOM;
}

static int node_hook(void *ctx, cJSON *o, const struct scenario_field *f, const void *base)
{
	struct emitter *e = ctx;
	const struct node_spec *n = base;
	if (strcmp(f->key, "accelerator") == 0)
		emit_table(e, obj(e, o, f->key), f->sub->fields, &n->accel, accel_hook);
	return f->type == FIELD_CUSTOM;
}

static int rack_device_hook(void *ctx, cJSON *o, const struct scenario_field *f,
			    const void *base)
{
	struct emitter *e = ctx;
	const struct rack_device *d = base;
	if (f->type == FIELD_CUSTOM) /* device */
		emit_table(e, obj(e, o, f->key), f->sub->fields, &d->spec, NULL);
	return f->type == FIELD_CUSTOM;
}

static void emit_devices(struct emitter *e, cJSON *cluster, const struct scenario_field *t,
			 const struct scenario *sc)
{
	if (sc->n_rack_devices == 0)
		return;
	cJSON *arr = cJSON_AddArrayToObject(cluster, "rack_devices");
	e->failed |= arr == NULL;
	for (size_t i = 0; arr && i < sc->n_rack_devices; i++)
		emit_table(e, append_obj(e, arr), t, &sc->rack_devices[i], rack_device_hook);
}

static int cluster_hook(void *ctx, cJSON *o, const struct scenario_field *f, const void *base)
{
	struct emitter *e = ctx;
	const struct scenario *sc = base;
	if (strcmp(f->key, "node") == 0)
		emit_table(e, obj(e, o, f->key), f->sub->fields, &sc->node, node_hook);
	else if (strcmp(f->key, "rack_devices") == 0)
		emit_devices(e, o, f->sub->fields, sc);
	return f->type == FIELD_CUSTOM;
}

/* power.chain.room_cooling: the electrical rooms' plant as resolved. */
static int room_hook(void *ctx, cJSON *o, const struct scenario_field *f, const void *base)
{
	struct emitter *e = ctx;
	const struct cooling_spec *s = &((const struct cooling_zone *)base)->spec;
	const int fixed = s->tech == COOLING_FIXED_PUE;
	if (strcmp(f->key, "pue") == 0)
		return !fixed;
	if (f->type != FIELD_CUSTOM || fixed)
		return f->type == FIELD_CUSTOM;
	if (strcmp(f->key, "design_heat_kw") == 0)
		num(e, o, f->key, s->air.design_heat_w / 1e3);
	else /* air */
		emit_air(e, o, &s->air);
	return 1;
}

static int level_hook(void *ctx, cJSON *o, const struct scenario_field *f, const void *base)
{
	struct emitter *e = ctx;
	const struct chain_level_spec *l = base;
	if (strcmp(f->key, "modules") == 0)
		return l->redundancy != REDUNDANCY_N_PLUS_1;
	if (f->type != FIELD_CUSTOM)
		return 0;
	/* efficiency: the table itself, so the file stands alone; the preset
	 * it came from is in the catalog */
	cJSON *eo = obj(e, o, f->key);
	if (eo) {
		add_array(e, eo, "load_fraction", l->efficiency.load, l->efficiency.n);
		add_array(e, eo, "efficiency", l->efficiency.eff, l->efficiency.n);
	}
	return 1;
}

static int chain_hook(void *ctx, cJSON *o, const struct scenario_field *f, const void *base)
{
	struct emitter *e = ctx;
	const struct chain_spec *c = base;
	if (strcmp(f->key, "levels") == 0) {
		cJSON *arr = cJSON_AddArrayToObject(o, f->key);
		e->failed |= arr == NULL;
		for (size_t i = 0; arr && i < c->n_levels; i++)
			emit_table(e, append_obj(e, arr), f->sub->fields, &c->levels[i], level_hook);
	} else if (strcmp(f->key, "room_cooling") == 0 && e->sc->has_room) {
		emit_table(e, obj(e, o, f->key), f->sub->fields, &e->sc->room, room_hook);
	}
	return f->type == FIELD_CUSTOM;
}

static void emit_steps(struct emitter *e, cJSON *p, const struct scenario *sc)
{
	if (sc->n_cap_steps == 0)
		return;
	cJSON *arr = cJSON_AddArrayToObject(p, "gpu_cap_schedule");
	e->failed |= arr == NULL;
	for (size_t i = 0; arr && i < sc->n_cap_steps; i++) {
		cJSON *o = append_obj(e, arr);
		if (!o)
			return;
		num(e, o, "at_h", sc->cap_steps[i].at_h);
		/* no cap is written as the TDP, which caps nothing */
		num(e, o, "gpu_cap_w", sc->cap_steps[i].gpu_cap_w > 0 ? sc->cap_steps[i].gpu_cap_w
								       : sc->node.accel.tdp_w);
	}
}

static int power_hook(void *ctx, cJSON *o, const struct scenario_field *f, const void *base)
{
	struct emitter *e = ctx;
	const struct scenario *sc = base;
	if (strcmp(f->key, "chain") == 0 && sc->chain.n_levels > 0)
		emit_table(e, obj(e, o, f->key), f->sub->fields, &sc->chain, chain_hook);
	else if (strcmp(f->key, "gpu_cap_schedule") == 0)
		emit_steps(e, o, sc);
	return f->type == FIELD_CUSTOM;
}

static void emit_power(struct emitter *e, cJSON *s, const struct scenario *sc)
{
	if (sc->gpu_cap_w <= 0 && sc->n_cap_steps == 0 && sc->chain.n_levels == 0)
		return;
	emit_table(e, obj(e, s, "power"), scenario_power_section.fields, sc, power_hook);
}

/* The rate or times the process reads. */
static int arrival_hook(void *ctx, cJSON *o, const struct scenario_field *f, const void *base)
{
	struct emitter *e = ctx;
	const struct arrival_spec *a = base;
	if (f->type != FIELD_CUSTOM)
		return 0;
	if (a->process == ARRIVAL_POISSON && strcmp(f->key, "rate_per_h") == 0)
		num(e, o, f->key, a->rate_per_h);
	else if (a->process == ARRIVAL_POISSON_HOURLY && strcmp(f->key, "rate_per_h") == 0)
		add_array(e, o, f->key, a->hourly_rate_per_h, 24);
	else if (a->process == ARRIVAL_LIST && strcmp(f->key, "times_h") == 0)
		add_array(e, o, f->key, a->times_h, a->n_times);
	return 1;
}

static void emit_sizes(struct emitter *e, cJSON *cls, const struct size_spec *s)
{
	if (s->count == 1) {
		num(e, cls, "gpus", s->gpus[0]);
		return;
	}
	cJSON *o = obj(e, cls, "gpus");
	cJSON *sizes = cJSON_CreateIntArray(s->gpus, (int)s->count);
	cJSON *weights = cJSON_CreateDoubleArray(s->weights, (int)s->count);
	if (!o || !sizes || !weights || !cJSON_AddItemToObject(o, "sizes", sizes)) {
		cJSON_Delete(sizes);
		cJSON_Delete(weights);
		e->failed = 1;
		return;
	}
	if (!cJSON_AddItemToObject(o, "weights", weights)) {
		cJSON_Delete(weights);
		e->failed = 1;
	}
}

/* The keys the distribution reads; empirical names the path it read. */
static int duration_hook(void *ctx, cJSON *o, const struct scenario_field *f, const void *base)
{
	struct emitter *e = ctx;
	const struct duration_spec *d = base;
	const char *k = f->key;
	if (strcmp(k, "distribution") == 0 || strcmp(k, "max_h") == 0)
		return 0;
	if (!scenario_duration_takes(d->dist, k))
		return 1;
	if (strcmp(k, "file") == 0)
		str(e, o, k, d->path);
	else if (strcmp(k, "unit") == 0)
		str(e, o, k, d->unit);
	else
		return 0;
	return 1;
}

static int class_hook(void *ctx, cJSON *o, const struct scenario_field *f, const void *base)
{
	struct emitter *e = ctx;
	const struct job_class_spec *c = base;
	const char *k = f->key;
	if (strcmp(k, "arrival") == 0)
		emit_table(e, obj(e, o, k), f->sub->fields, &c->arrival, arrival_hook);
	else if (strcmp(k, "gpus") == 0)
		emit_sizes(e, o, &c->gpus);
	else if (strcmp(k, "duration") == 0)
		emit_table(e, obj(e, o, k), f->sub->fields, &c->duration, duration_hook);
	else if (strcmp(k, "deferrable") == 0 && c->defer.on)
		emit_table(e, obj(e, o, k), f->sub->fields, &c->defer, NULL);
	return f->type == FIELD_CUSTOM;
}

static void emit_classes(struct emitter *e, cJSON *root, const struct scenario *sc)
{
	const struct scenario_field *classes = scenario_workload_section.fields;
	cJSON *w = obj(e, root, "workload");
	cJSON *arr = w ? cJSON_AddArrayToObject(w, "classes") : NULL;
	e->failed |= arr == NULL;
	for (size_t i = 0; arr && i < sc->n_classes; i++)
		emit_table(e, append_obj(e, arr), classes[0].sub->fields, &sc->classes[i],
			   class_hook);
}

static int liquid_hook(void *ctx, cJSON *o, const struct scenario_field *f,
		       const void *base)
{
	struct emitter *e = ctx;
	const struct liquid_spec *l = base;
	if (f->type != FIELD_CUSTOM) /* trim_chiller */
		return 0;
	emit_table(e, obj(e, o, f->key), scenario_chiller_section.fields, &l->trim, NULL);
	return 1;
}

static double design_heat_w(const struct cooling_spec *s)
{
	return s->tech == COOLING_AIR ? s->air.design_heat_w
	       : s->tech == COOLING_IMMERSION ? s->liquid.design_heat_w
					      : s->liquid.design_heat_w / s->capture_fraction;
}

/* What a zone's technology reads, and racks only in a list of halls. */
static int zone_hook(void *ctx, cJSON *o, const struct scenario_field *f, const void *base)
{
	struct emitter *e = ctx;
	const struct cooling_zone *z = base;
	const struct cooling_spec *s = &z->spec;
	const enum cooling_tech t = s->tech;
	const char *k = f->key;
	if (strcmp(k, "racks") == 0)
		return !e->list;
	if (strcmp(k, "pue") == 0)
		return t != COOLING_FIXED_PUE;
	if (strcmp(k, "capture_fraction") == 0)
		return t != COOLING_DIRECT_TO_CHIP;
	if (f->type != FIELD_CUSTOM)
		return 0;
	if (t == COOLING_FIXED_PUE) /* the PUE stands for the whole plant */
		return 1;
	if (strcmp(k, "design_heat_kw") == 0)
		num(e, o, k, design_heat_w(s) / 1e3);
	else if (strcmp(k, "air") == 0 && t != COOLING_IMMERSION)
		emit_air(e, o, &s->air);
	else if (strcmp(k, "liquid") == 0 && t != COOLING_AIR)
		emit_table(e, obj(e, o, k), scenario_liquid_fields, &s->liquid, liquid_hook);
	return 1;
}

static void emit_cooling(struct emitter *e, cJSON *s, const struct scenario *sc)
{
	if (sc->n_zones == 1) {
		e->list = 0;
		emit_table(e, obj(e, s, "cooling"), scenario_zone_fields, &sc->zones[0], zone_hook);
		return;
	}
	cJSON *arr = cJSON_AddArrayToObject(s, "cooling");
	e->failed |= arr == NULL;
	e->list = 1;
	for (size_t i = 0; arr && i < sc->n_zones; i++)
		emit_table(e, append_obj(e, arr), scenario_zone_fields, &sc->zones[i], zone_hook);
}

static int in_synthetic(const struct scenario_field *f)
{
	const size_t at = offsetof(struct weather_spec, synthetic);
	return f->offset >= at && f->offset < at + sizeof(struct weather_synthetic);
}

/* The keys of the weather's source, as it was given. */
static int weather_hook(void *ctx, cJSON *o, const struct scenario_field *f, const void *base)
{
	struct emitter *e = ctx;
	const struct weather_spec *w = base;
	const char *k = f->key;
	const enum weather_source src = w->source;
	const int model = src == WEATHER_CONSTANT || src == WEATHER_SYNTHETIC;
	if (strcmp(k, "site") == 0)
		return src != WEATHER_SITE;
	if (strcmp(k, "file") == 0)
		return src != WEATHER_FILE;
	if (strcmp(k, "format") == 0 && src == WEATHER_FILE)
		str(e, o, k, w->is_epw ? "epw" : "csv");
	else if (strcmp(k, "model") == 0 && model)
		str(e, o, k, src == WEATHER_CONSTANT ? "constant" : "synthetic");
	else if (strcmp(k, "dry_bulb_c") == 0)
		return src != WEATHER_CONSTANT;
	else if (in_synthetic(f))
		return src != WEATHER_SYNTHETIC;
	else if (strcmp(k, "relative_humidity") == 0)
		return !model;
	else if (strcmp(k, "elevation_m") == 0)
		return w->is_epw;
	return f->type == FIELD_CUSTOM;
}

static void emit_weather(struct emitter *e, cJSON *s, const struct scenario *sc)
{
	if (sc->weather.source != WEATHER_NONE)
		emit_table(e, obj(e, s, "weather"), scenario_weather_section.fields, &sc->weather,
			   weather_hook);
}

static void emit_signal(struct emitter *e, cJSON *g, const char *key, const struct grid_signal *s)
{
	switch (s->source) {
	case GRID_SIGNAL_CONSTANT:
		num(e, g, key, s->constant);
		break;
	case GRID_SIGNAL_PROFILE:
		add_array(e, g, key, s->profile, 24);
		break;
	case GRID_SIGNAL_FILE:
		if (s->region) {
			str(e, g, key, s->region);
		} else {
			cJSON *o = obj(e, g, key);
			str(e, o, "file", s->file);
			str(e, o, "time_column", s->time_column);
			str(e, o, "column", s->column);
		}
		break;
	case GRID_SIGNAL_STEPS: {
		cJSON *o = obj(e, g, key);
		cJSON *arr = o ? cJSON_AddArrayToObject(o, "steps") : NULL;
		e->failed |= arr == NULL;
		for (size_t i = 0; arr && i < s->n_steps; i++) {
			cJSON *st = append_obj(e, arr);
			if (!st)
				return;
			num(e, st, "at_h", (double)s->step_hour[i]);
			num(e, st, "value", s->step_value[i]);
		}
		break;
	}
	case GRID_SIGNAL_NONE:
		break;
	}
}

static int battery_hook(void *ctx, cJSON *o, const struct scenario_field *f, const void *base)
{
	(void)ctx;
	(void)o;
	const struct battery_spec *b = base;
	return (f->flags & FIELD_HAND) && b->policy == BATTERY_PEAK_SHAVING;
}

/* The signals as given; the policy only with a capacity to act on. */
static int grid_hook(void *ctx, cJSON *o, const struct scenario_field *f, const void *base)
{
	struct emitter *e = ctx;
	const struct grid_spec *g = base;
	const char *k = f->key;
	const int capped = g->capacity.source != GRID_SIGNAL_NONE;
	if (strcmp(k, "policy") == 0)
		return !capped;
	if (strcmp(k, "throttle_floor") == 0)
		return !capped || g->policy != GRID_THROTTLE_THEN_QUEUE;
	if (strcmp(k, "start_day_of_year") == 0)
		return e->sc->weather.source != WEATHER_NONE;
	if (strcmp(k, "battery") == 0 && g->battery.present)
		emit_table(e, obj(e, o, k), f->sub->fields, &g->battery, battery_hook);
	else if (strcmp(k, "carbon") == 0)
		emit_signal(e, o, k, &g->carbon);
	else if (strcmp(k, "price") == 0)
		emit_signal(e, o, k, &g->price);
	else if (strcmp(k, "capacity_mw") == 0)
		emit_signal(e, o, k, &g->capacity);
	return f->type == FIELD_CUSTOM;
}

static void emit_grid(struct emitter *e, cJSON *s, const struct scenario *sc)
{
	if (sc->grid.present)
		emit_table(e, obj(e, s, "grid"), scenario_grid_section.fields, &sc->grid, grid_hook);
}

/* The sections of the top level, in its row order. */
static int top_hook(void *ctx, cJSON *o, const struct scenario_field *f, const void *base)
{
	struct emitter *e = ctx;
	const struct scenario *sc = base;
	const char *k = f->key;
	if (f->type != FIELD_CUSTOM)
		return 0;
	if (strcmp(k, "seed") == 0)
		num(e, o, k, (double)sc->seed);
	else if (strcmp(k, "cluster") == 0)
		emit_table(e, obj(e, o, k), f->sub->fields, sc, cluster_hook);
	else if (strcmp(k, "cooling") == 0)
		emit_cooling(e, o, sc);
	else if (strcmp(k, "weather") == 0)
		emit_weather(e, o, sc);
	else if (strcmp(k, "grid") == 0)
		emit_grid(e, o, sc);
	else if (strcmp(k, "power") == 0)
		emit_power(e, o, sc);
	else if (strcmp(k, "workload") == 0)
		emit_classes(e, o, sc);
	else if (f->sub) /* scheduler, output: plain rows on the scenario */
		emit_table(e, obj(e, o, k), f->sub->fields, sc, NULL);
	return 1;
}

static void emit_seeds(struct emitter *e, cJSON *root, const struct scenario *sc)
{
	static const char *const kinds[] = { "arrivals", "sizes", "durations" };
	cJSON *s = obj(e, root, "seeds");
	if (!s)
		return;
	num(e, s, "master", (double)sc->seed);
	num(e, s, "replication", (double)sc->replication);
	str(e, s, "generator", "mt19937");
	cJSON *arr = cJSON_AddArrayToObject(s, "streams");
	if (!arr) {
		e->failed = 1;
		return;
	}
	for (size_t i = 0; i < sc->n_classes; i++) {
		for (int k = 0; k < WORKLOAD_STREAMS_PER_CLASS; k++) {
			uint64_t id = workload_stream_id(i, (enum workload_stream)k);
			cJSON *o = append_obj(e, arr);
			if (!o)
				return;
			str(e, o, "class", sc->classes[i].name);
			str(e, o, "stream", kinds[k]);
			num(e, o, "id", (double)id);
			num(e, o, "seed", (double)rng_stream_seed(sc->seed, sc->replication, id));
		}
	}
}

char *scenario_to_json(const struct scenario *sc)
{
	struct emitter e = { .sc = sc };
	cJSON *root = cJSON_CreateObject();
	if (!root)
		return NULL;
	str(&e, root, "source", sc->source);
	emit_table(&e, obj(&e, root, "scenario"), scenario_root_section.fields, sc, top_hook);
	emit_seeds(&e, root, sc);
	char *text = e.failed ? NULL : cJSON_Print(root);
	cJSON_Delete(root);
	return text;
}
