/*
 * scenario_emit.c - the resolved scenario as JSON (resolved.json).
 *
 * "scenario" holds every field with its default filled in, in the input
 * syntax, so it can be loaded again as it is; "seeds" records the master
 * seed, the replication and the seed of each random stream, so one run can
 * be replayed or checked on its own.
 *
 * The sections' descriptor rows write the keys, in row order, nested
 * objects and lists included (scenario_table_emit). What is left here is
 * what a row cannot say: which keys a technology, source, process or
 * policy reads (the rest are left out, so the file loads back to the same
 * scenario), and the shapes that are not one value (curves, GPU sizes,
 * grid signals, efficiency tables, the list-or-object cooling). One hook
 * per section, looked up by the section.
 */
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "rng.h"
#include "scenario.h"
#include "rng_streams.h"
#include "scenario_int.h"
#include "workload.h"

/* cJSON's Add* return NULL on failure; one flag for the whole build. */
struct emitter {
	int failed;
	int list; /* the cooling zones are a list of halls */
	const struct scenario *sc;
	field_emit_hook hook; /* emit_hook, for walks started inside a hook */
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

/* Rows a hook leaves to the walk return 0; 1 claims the row (written here
 * or left out). */
typedef int (*section_hook)(struct emitter *e, cJSON *o, const struct scenario_field *f,
			    const void *base);

static int is(const struct scenario_field *f, const char *key)
{
	return strcmp(f->key, key) == 0;
}

static int accel_hook(struct emitter *e, cJSON *o, const struct scenario_field *f,
		      const void *base)
{
	const struct accel_spec *a = base;
	if (is(f, "power_curve"))
		emit_curve(e, o, f->key, "utilization", "power_fraction", &a->power_curve);
	else if (is(f, "throughput_curve"))
		emit_curve(e, o, f->key, "power_fraction", "throughput", &a->throughput_curve);
	return f->type == FIELD_CUSTOM;
}

static double design_heat_w(const struct cooling_spec *s)
{
	return s->tech == COOLING_AIR ? s->air.design_heat_w
	       : s->tech == COOLING_IMMERSION ? s->liquid.design_heat_w
					      : s->liquid.design_heat_w / s->capture_fraction;
}

/* What a zone's technology reads (its rows say), racks only in a list of
 * halls, and the design heat unless a PUE stands for the whole plant. */
static int zone_hook(struct emitter *e, cJSON *o, const struct scenario_field *f,
		     const void *base)
{
	const struct cooling_spec *s = &((const struct cooling_zone *)base)->spec;
	if (is(f, "racks"))
		return !e->list;
	if (!scenario_field_applies(f, (int)s->tech))
		return 1;
	if (!is(f, "design_heat_kw"))
		return 0;
	if (s->tech != COOLING_FIXED_PUE)
		num(e, o, f->key, design_heat_w(s) / 1e3);
	return 1;
}

/* power.chain.room_cooling: the electrical rooms' plant as resolved. */
static int room_hook(struct emitter *e, cJSON *o, const struct scenario_field *f,
		     const void *base)
{
	const struct cooling_spec *s = &((const struct cooling_zone *)base)->spec;
	const int fixed = s->tech == COOLING_FIXED_PUE;
	if (is(f, "pue"))
		return !fixed;
	if (FIELD_IS_PLAIN(f))
		return 0;
	if (!fixed && is(f, "design_heat_kw"))
		num(e, o, f->key, s->air.design_heat_w / 1e3);
	return fixed || f->type == FIELD_CUSTOM;
}

static int chain_hook(struct emitter *e, cJSON *o, const struct scenario_field *f,
		      const void *base)
{
	(void)base;
	if (!is(f, "room_cooling"))
		return 0;
	if (e->sc->has_room && scenario_table_emit(obj(e, o, f->key), f->sub, &e->sc->room,
						   e->hook, e) != 0)
		e->failed = 1;
	return 1;
}

/* modules only under N+1; the efficiency as the table itself, so the file
 * stands alone (the preset it came from is in the catalog). */
static int level_hook(struct emitter *e, cJSON *o, const struct scenario_field *f,
		      const void *base)
{
	const struct chain_level_spec *l = base;
	if (is(f, "modules"))
		return l->redundancy != REDUNDANCY_N_PLUS_1;
	if (f->type != FIELD_CUSTOM)
		return 0;
	cJSON *eo = obj(e, o, f->key);
	if (eo) {
		add_array(e, eo, "load_fraction", l->efficiency.load, l->efficiency.n);
		add_array(e, eo, "efficiency", l->efficiency.eff, l->efficiency.n);
	}
	return 1;
}

static int power_hook(struct emitter *e, cJSON *o, const struct scenario_field *f,
		      const void *base)
{
	(void)e;
	(void)o;
	const struct scenario *sc = base;
	return is(f, "chain") && sc->chain.n_levels == 0;
}

/* no cap is written as the TDP, which caps nothing */
static int step_hook(struct emitter *e, cJSON *o, const struct scenario_field *f,
		     const void *base)
{
	const struct cap_step *st = base;
	if (is(f, "gpu_cap_w"))
		num(e, o, f->key, st->gpu_cap_w > 0 ? st->gpu_cap_w : e->sc->node.accel.tdp_w);
	return f->type == FIELD_CUSTOM;
}

/* The keys of the weather's source, as it was given: a model's own rows
 * say which model reads them. */
static int weather_hook(struct emitter *e, cJSON *o, const struct scenario_field *f,
			const void *base)
{
	const struct weather_spec *w = base;
	const enum weather_source src = w->source;
	const int model = src == WEATHER_CONSTANT || src == WEATHER_SYNTHETIC;
	const int m = src == WEATHER_CONSTANT ? 0 : 1; /* of scenario_weather_model_names */
	if (is(f, "site"))
		return src != WEATHER_SITE;
	if (is(f, "file"))
		return src != WEATHER_FILE;
	if (is(f, "format") && src == WEATHER_FILE)
		str(e, o, f->key, scenario_weather_format_names[w->is_epw ? 0 : 1]);
	else if (is(f, "model") && model)
		str(e, o, f->key, scenario_weather_model_names[m]);
	else if (f->only)
		return !model || !scenario_field_applies(f, m);
	else if (is(f, "elevation_m"))
		return w->is_epw;
	return f->type == FIELD_ENUM || f->type == FIELD_CUSTOM; /* format, model */
}

static int battery_hook(struct emitter *e, cJSON *o, const struct scenario_field *f,
			const void *base)
{
	(void)e;
	(void)o;
	const struct battery_spec *b = base;
	return (f->flags & FIELD_HAND) && b->policy == BATTERY_PEAK_SHAVING;
}

/* The residual mix by its region when it came from one (given, or the
 * carbon region's), else as the number given (else the grid's carbon
 * stands in). */
static int market_hook(struct emitter *e, cJSON *o, const struct scenario_field *f,
		       const void *base)
{
	(void)e;
	(void)o;
	const struct market_spec *m = base;
	if (is(f, "residual_g_per_kwh"))
		return isnan(m->residual_g_per_kwh) || m->residual_region[0];
	if (is(f, "residual_region"))
		return !m->residual_region[0];
	return 0;
}

/* The signals as given; the policy only with a capacity to act on. */
static int grid_hook(struct emitter *e, cJSON *o, const struct scenario_field *f,
		     const void *base)
{
	const struct grid_spec *g = base;
	const int capped = g->capacity.source != GRID_SIGNAL_NONE;
	if (is(f, "policy"))
		return !capped;
	if (is(f, "throttle_floor"))
		return !capped || g->policy != GRID_THROTTLE_THEN_QUEUE;
	if (is(f, "start_day_of_year"))
		return e->sc->weather.source != WEATHER_NONE;
	if (is(f, "battery"))
		return !g->battery.present;
	if (is(f, "market"))
		return !g->market.present;
	if (is(f, "carbon"))
		emit_signal(e, o, f->key, &g->carbon);
	else if (is(f, "price"))
		emit_signal(e, o, f->key, &g->price);
	else if (is(f, "capacity_mw"))
		emit_signal(e, o, f->key, &g->capacity);
	return f->type == FIELD_CUSTOM;
}

/* The keys the process reads: the rate, the times (inline, or the file
 * they came from), the trace and its selection. */
static int arrival_hook(struct emitter *e, cJSON *o, const struct scenario_field *f,
			const void *base)
{
	const struct arrival_spec *a = base;
	const struct trace_spec *t = &a->trace;
	static const char *const unit_names[] = { "s", "min", "h" };
	if (!scenario_field_applies(f, (int)a->process))
		return 1;
	if (a->process == ARRIVAL_POISSON && is(f, "rate_per_h"))
		num(e, o, f->key, a->rate_per_h);
	else if (a->process == ARRIVAL_POISSON_HOURLY && is(f, "rate_per_h"))
		add_array(e, o, f->key, a->hourly_rate_per_h, 24);
	else if (a->process == ARRIVAL_LIST && is(f, "times_h") && !a->path)
		add_array(e, o, f->key, a->times_h, a->n_times);
	else if (is(f, "file") && a->path)
		str(e, o, f->key, a->path);
	else if (is(f, "column") && a->column)
		str(e, o, f->key, a->column);
	else if (is(f, "unit")) {
		if (a->process == ARRIVAL_LIST ? a->path != NULL : t->format == TRACE_CSV)
			str(e, o, f->key, unit_names[a->process == ARRIVAL_LIST ? a->unit : t->unit]);
	}
	else if (is(f, "format"))
		str(e, o, f->key, scenario_trace_format_names[t->format]);
	else if (is(f, "columns"))
		return t->format != TRACE_CSV;
	else if (is(f, "class_by"))
		return t->class_by == NULL;
	else if (is(f, "match") && t->match) {
		cJSON *arr = cJSON_AddArrayToObject(o, f->key);
		e->failed |= arr == NULL;
		for (size_t i = 0; arr && i < t->n_match; i++) {
			cJSON *v = cJSON_CreateString(t->match[i]);
			e->failed |= !v || !cJSON_AddItemToArray(arr, v);
		}
	} else if (f->type != FIELD_CUSTOM)
		return 0;
	return 1;
}

/* A CSV trace's columns; no walltime key when it has none. */
static int columns_hook(struct emitter *e, cJSON *o, const struct scenario_field *f,
			const void *base)
{
	(void)e;
	(void)o;
	const struct trace_columns *c = base;
	return is(f, "walltime") && !c->walltime;
}

/* The keys the distribution reads; empirical names the path it read. */
static int duration_hook(struct emitter *e, cJSON *o, const struct scenario_field *f,
			 const void *base)
{
	const struct duration_spec *d = base;
	const char *k = f->key;
	if (!scenario_field_applies(f, (int)d->dist))
		return 1;
	if (strcmp(k, "file") == 0)
		str(e, o, k, d->path);
	else if (strcmp(k, "unit") == 0)
		str(e, o, k, d->unit);
	else
		return 0;
	return 1;
}

/* The keys the distribution reads (a lognormal as median_w and sigma);
 * empirical names the path it read. */
static int power_dist_hook(struct emitter *e, cJSON *o, const struct scenario_field *f,
			   const void *base)
{
	const struct power_dist_spec *d = base;
	if (!scenario_field_applies(f, (int)d->dist))
		return 1;
	if (is(f, "file"))
		str(e, o, f->key, d->path);
	else
		return f->type == FIELD_CUSTOM;
	return 1;
}

static int class_hook(struct emitter *e, cJSON *o, const struct scenario_field *f,
		      const void *base)
{
	const struct job_class_spec *c = base;
	if ((is(f, "gpus") || is(f, "duration")) && c->arrival.process == ARRIVAL_TRACE)
		return 1; /* the trace gives each job's */
	if (is(f, "gpus"))
		emit_sizes(e, o, &c->gpus);
	else if (is(f, "deferrable"))
		return !c->defer.on;
	else if (is(f, "priority"))
		return c->priority == 0;
	else if (is(f, "spot"))
		return !c->spot;
	else if (is(f, "shares"))
		return c->shares == 1.0;
	else if (is(f, "cross_pod_comm_fraction"))
		return c->cross_pod_comm_fraction == 0;
	else if (is(f, "price_factor"))
		return c->price_factor == (c->spot ? 0.4 : 1.0);
	else if (is(f, "checkpoint"))
		return !c->checkpoint.on;
	else if (is(f, "utilization"))
		return c->power_form != CLASS_POWER_LEVEL;
	else if (is(f, "gpu_power_w"))
		return c->power_form == CLASS_POWER_LEVEL || c->power_form == CLASS_POWER_DIST;
	else if (is(f, "gpu_power_dist"))
		return c->power_form != CLASS_POWER_DIST;
	else if (is(f, "host_load"))
		return !c->host_load_given;
	return f->type == FIELD_CUSTOM;
}

/* The keys its rule reads: no interval_h for young_daly, no write_s with
 * a size (resolved.json loads again as it is). */
static int checkpoint_hook(struct emitter *e, cJSON *o, const struct scenario_field *f,
			   const void *base)
{
	(void)e;
	(void)o;
	const struct checkpoint_spec *k = base;
	if (is(f, "interval_h"))
		return k->interval != CKPT_FIXED;
	if (is(f, "write_s"))
		return k->size_gb_per_gpu > 0;
	return 0;
}

/* The repair keys the distribution reads; empirical names the path read. */
static int failure_hook(struct emitter *e, cJSON *o, const struct scenario_field *f,
			const void *base)
{
	const struct failure_process *p = base;
	const int emp = p->repair == FAILURE_REPAIR_EMPIRICAL;
	if (is(f, "repair_median_h") || is(f, "repair_sigma"))
		return emp;
	if (!emp)
		return f->type == FIELD_CUSTOM;
	if (is(f, "file"))
		str(e, o, f->key, p->repair_trace.path);
	else if (is(f, "column"))
		str(e, o, f->key, p->repair_trace.column);
	else if (is(f, "unit"))
		str(e, o, f->key, p->repair_trace.unit);
	return f->type == FIELD_CUSTOM;
}

/* The two rate profiles as arrays; a sigma only for lognormal tokens. */
static int service_hook(struct emitter *e, cJSON *o, const struct scenario_field *f,
			const void *base)
{
	const struct service_spec *s = base;
	if (s->arrivals == SERVICE_TRACE) {
		if (is(f, "trace_file"))
			str(e, o, f->key, s->trace_path);
		if (is(f, "autoscale"))
			return !s->autoscale.on;
		if (is(f, "replicas"))
			return s->autoscale.on;
		return !(is(f, "name") || is(f, "profile") || is(f, "max_batch") ||
			 is(f, "kv_cache_tokens") || is(f, "mode") || is(f, "step_s") || is(f, "arrivals") ||
			 is(f, "queue_limit") || strncmp(f->key, "slo_", 4) == 0);
	}
	if (is(f, "trace_file"))
		return 1;
	if (is(f, "autoscale"))
		return !s->autoscale.on;
	if (is(f, "replicas"))
		return s->autoscale.on;
	if (!scenario_field_applies(f, (int)s->tokens))
		return 1;
	if (is(f, "hourly_profile"))
		add_array(e, o, f->key, s->hourly, 24);
	else if (is(f, "weekday_profile"))
		add_array(e, o, f->key, s->weekday, 7);
	return f->type == FIELD_CUSTOM;
}

static void emit_cooling(struct emitter *e, cJSON *s, const struct scenario *sc)
{
	const struct scenario_section *z = &scenario_zone_section;
	e->list = sc->n_zones != 1;
	if (!e->list) {
		e->failed |= scenario_table_emit(obj(e, s, "cooling"), z, &sc->zones[0], e->hook, e);
		return;
	}
	cJSON *arr = cJSON_AddArrayToObject(s, "cooling");
	e->failed |= arr == NULL;
	for (size_t i = 0; arr && i < sc->n_zones; i++)
		e->failed |= scenario_table_emit(append_obj(e, arr), z, &sc->zones[i], e->hook, e);
}

/* The fabric above the pods only with pods; storage when a class reads it. */
static int cluster_hook(struct emitter *e, cJSON *o, const struct scenario_field *f,
			const void *base)
{
	(void)o;
	const struct scenario *sc = base;
	if (is(f, "storage"))
		return !scenario_any_ckpt_size(e->sc);
	return is(f, "pod_oversubscription") && sc->racks_per_pod <= 0;
}

/* The plan's keys only for a policy that plans; aging only when on. */
static int scheduler_hook(struct emitter *e, cJSON *o, const struct scenario_field *f,
			  const void *base)
{
	(void)e;
	(void)o;
	const struct scenario *sc = base;
	if (is(f, "aging_per_h"))
		return sc->aging_per_h == 0;
	if (is(f, "fair_share_weight") || is(f, "fair_share_half_life_h"))
		return sc->fair_share_weight == 0;
	return !is(f, "policy") && !sched_policy_ops_of(sc->policy)->backfills;
}

/* Sections are written only when the scenario has them. */
static int top_hook(struct emitter *e, cJSON *o, const struct scenario_field *f,
		    const void *base)
{
	const struct scenario *sc = base;
	if (is(f, "seed"))
		num(e, o, f->key, (double)sc->seed);
	else if (is(f, "cooling"))
		emit_cooling(e, o, sc);
	else if (is(f, "calendar"))
		return !sc->calendar.on;
	else if (is(f, "cost"))
		return !sc->cost.on;
	else if (is(f, "weather"))
		return sc->weather.source == WEATHER_NONE;
	else if (is(f, "grid"))
		return !sc->grid.present;
	else if (is(f, "power"))
		return sc->gpu_cap_w <= 0 && sc->n_cap_steps == 0 && sc->chain.n_levels == 0;
	return f->type == FIELD_CUSTOM;
}

static const struct {
	const struct scenario_section *section;
	section_hook hook;
} hooks[] = {
	{ &scenario_root_section, top_hook },     { &scenario_accel_section, accel_hook },
	{ &scenario_zone_section, zone_hook },    { &scenario_room_section, room_hook },
	{ &scenario_chain_section, chain_hook },  { &scenario_level_section, level_hook },
	{ &scenario_power_section, power_hook },  { &scenario_step_section, step_hook },
	{ &scenario_weather_section, weather_hook }, { &scenario_grid_section, grid_hook },
	{ &scenario_battery_section, battery_hook }, { &scenario_arrival_section, arrival_hook },
	{ &scenario_market_section, market_hook },
	{ &scenario_duration_section, duration_hook }, { &scenario_class_section, class_hook },
	{ &scenario_power_dist_section, power_dist_hook },
	{ &scenario_trace_columns_section, columns_hook },
	{ &scenario_scheduler_section, scheduler_hook },
	{ &scenario_cluster_section, cluster_hook },
	{ &scenario_checkpoint_section, checkpoint_hook },
	{ &scenario_failure_section, failure_hook },
	{ &scenario_service_section, service_hook },
};

static int emit_hook(void *ctx, cJSON *o, const struct scenario_section *s,
		     const struct scenario_field *f, const void *base)
{
	for (size_t i = 0; i < sizeof hooks / sizeof hooks[0]; i++)
		if (hooks[i].section == s)
			return hooks[i].hook(ctx, o, f, base);
	return 0;
}

struct seeds {
	struct emitter *e;
	cJSON *arr;
};

static int add_stream(void *ctx, const char *owner_key, const char *owner, const char *stream,
		      uint64_t id)
{
	struct seeds *sd = ctx;
	const struct scenario *sc = sd->e->sc;
	cJSON *o = append_obj(sd->e, sd->arr);
	if (!o)
		return -1;
	str(sd->e, o, owner_key, owner);
	str(sd->e, o, "stream", stream);
	num(sd->e, o, "id", (double)id);
	num(sd->e, o, "seed", (double)rng_stream_seed(sc->seed, sc->replication, id));
	return sd->e->failed ? -1 : 0;
}

/* The seed of every stream the run draws from, as the sections' tables
 * list them (scenario_table_streams), ids from the registry. */
static void emit_seeds(struct emitter *e, cJSON *root, const struct scenario *sc)
{
	cJSON *s = obj(e, root, "seeds");
	if (!s)
		return;
	num(e, s, "master", (double)sc->seed);
	num(e, s, "replication", (double)sc->replication);
	str(e, s, "generator", "mt19937");
	struct seeds sd = { e, cJSON_AddArrayToObject(s, "streams") };
	if (!sd.arr || scenario_table_streams(&scenario_root_section, sc, 0, sc, add_stream, &sd))
		e->failed = 1;
}

char *scenario_to_json(const struct scenario *sc)
{
	struct emitter e = { .sc = sc, .hook = emit_hook };
	cJSON *root = cJSON_CreateObject();
	if (!root)
		return NULL;
	str(&e, root, "source", sc->source);
	e.failed |= scenario_table_emit(obj(&e, root, "scenario"), &scenario_root_section, sc,
					emit_hook, &e) != 0;
	emit_seeds(&e, root, sc);
	char *text = e.failed ? NULL : cJSON_Print(root);
	cJSON_Delete(root);
	return text;
}
