/*
 * scenario_load.c - JSON scenario -> validated struct scenario.
 *
 * One pass over the document reads every field with its rule; each broken
 * rule adds a message and the pass goes on, so `dcsim validate` lists every
 * error at once. Unknown keys are errors with a "did you mean". Relative
 * trace paths resolve against the scenario file's directory. The result owns
 * all its memory; nothing here keeps a cJSON pointer. Each section's keys
 * are descriptor rows (scenario_table.h): the top level's, the
 * scheduler's and the output's are here, the rest in scenario_<section>.c.
 */
#include "scenario.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sys/stat.h>

#include <cjson/cJSON.h>

#include "jfield.h"
#include "data_file.h"
#include "scenario_int.h"
#include "scenario_table.h"
#include "trace_column.h"

/* Hard limits that keep a run's arithmetic in range, not modelling choices:
 * ten years of 1-ms ticks is 3.2e11, far inside int64; counts fit int. */
#define MAX_DURATION_H (10.0 * 8760.0)
/* Time-series rows are kept in memory until written (32 numbers, 256 B each):
 * 1e7 rows is 2.6 GB, a year at 3-s samples. */
#define SCENARIO_MAX_TS_ROWS 1e7

/* Default 30 days, the horizon of a monthly capacity review; samples every
 * 15 min, the settlement interval of most US power markets. */
/* Before top_fields, which names it. */
static const struct scenario_field limits_fields[] = {
	{ INTEGER(struct scenario, max_queued_jobs), RANGE(1, 1e9), DEFAULT(1e7),
	  .doc = "the run stops (exit 1) when more jobs wait: an overloaded class's queue "
		 "grows without end; 1e7 jobs is about 2.5 GB" },
	FIELDS_END,
};

static const struct scenario_section limits_section = {
	"limits", "Bounds on a run's memory.", limits_fields, NULL, .streams = NULL,
};

static const struct scenario_field top_fields[] = {
	{ STRING(struct scenario, name), .dflt_str = "unnamed",
	  .doc = "names the runs in outputs" },
	{ STRING(struct scenario, description), .dflt_str = "", .doc = "free text" },
	{ CUSTOM("seed"), .type_doc = "integer", .dflt_doc = "1",
	  .doc = "master seed, a whole number in [0, 2^53] (exact in JSON doubles); each "
		 "replication and stream derives its own" },
	{ NUM(struct scenario, duration_h), .flags = FIELD_HAND, DEFAULT(720.0), .lo_open = 1,
	  RANGE(0, MAX_DURATION_H), .unit = "h",
	  .doc = "simulated time; 30 days, the horizon of a monthly capacity review" },
	{ CUSTOM("duration_days"), .type_doc = "number", .flags = FIELD_NO_EMIT, .lo_open = 1,
	  RANGE(0, MAX_DURATION_H / 24), .dflt_doc = "absent", .unit = "d",
	  .doc = "the duration in days instead of duration_h (not both); resolved.json gives "
		 "duration_h" },
	{ NUM(struct scenario, warmup_h), .flags = FIELD_HAND, DEFAULT(0), RANGE(0, INFINITY),
	  .unit = "h", .doc = "left out of the KPIs; shorter than the duration" },
	{ NUM(struct scenario, sample_interval_min), .flags = FIELD_HAND, DEFAULT(15.0),
	  RANGE(0.001, INFINITY), .unit = "min",
	  .doc = "time-series interval; 15 min, the settlement interval of most US power "
		 "markets; at most the run, and at most 1e7 rows while the time series is on" },
	{ SAME_STRUCT("cluster"), .flags = FIELD_REQUIRED, .sub = &scenario_cluster_section,
	  .doc = "racks, the node type and the other devices in a rack" },
	{ CUSTOM("cooling"), .type_doc = "object or array of halls", .sub = &scenario_zone_section,
	  .dflt_doc = "fixed PUE 1.58 for every rack",
	  .doc = "one plant for every rack, or halls of consecutive racks" },
	{ OBJECT("calendar", struct scenario, calendar), .sub = &scenario_calendar_section,
	  .dflt_doc = "absent (no dates: the typical year from the weather's start day)",
	  .doc = "the run's start date and hour (local standard time)" },
	{ OBJECT("weather", struct scenario, weather), .type_doc = "site name or object",
	  .sub = &scenario_weather_section,
	  .dflt_doc = "none (fixed-PUE cooling only)",
	  .doc = "a built-in site, a file, or a constant or synthetic model" },
	{ OBJECT("grid", struct scenario, grid), .sub = &scenario_grid_section,
	  .dflt_doc = "absent",
	  .doc = "carbon and price signals, the connection's capacity, the battery" },
	{ SAME_STRUCT("power"), .sub = &scenario_power_section, .dflt_doc = "absent",
	  .doc = "the facility-wide GPU cap, its schedule and the distribution chain" },
	{ SAME_STRUCT("scheduler"), .sub = &scenario_scheduler_section, .dflt_doc = "`fcfs`",
	  .doc = "the queue policy" },
	{ SAME_STRUCT("workload"), .sub = &scenario_workload_section, .dflt_doc = "no jobs (a warning)",
	  .doc = "the job classes" },
	{ LIST("failures", struct scenario, failures, n_failures), .flags = FIELD_OMIT_EMPTY,
	  .sub = &scenario_failure_section, .dflt_doc = "none (nothing fails)",
	  .doc = "failure processes, one per component kind (docs/failures.md)" },
	{ OBJECT("cost", struct scenario, cost), .sub = &scenario_cost_section,
	  .dflt_doc = "absent (no cost KPIs)",
	  .doc = "the cost of ownership: capex, lives, opex rates, cloud prices (docs/cost.md)" },
	{ SAME_STRUCT("output"), .sub = &scenario_output_section, .dflt_doc = "both files",
	  .doc = "which per-run files to write" },
	{ SAME_STRUCT("limits"), .sub = &limits_section, .dflt_doc = "as below",
	  .doc = "where a run that cannot end is stopped" },
	FIELDS_END,
};

const struct scenario_section scenario_root_section = {
	"", "The top level of a scenario file.", top_fields, NULL, .streams = NULL,
};

static const char *const estimate_names[] = { "walltime", "exact", "factor", NULL };
const char *const scenario_requeue_names[] = { "place", "head", NULL };

static const struct scenario_field scheduler_fields[] = {
	{ ENUM(struct scenario, policy), .name_at = sched_policy_name_at, DEFAULT(SCHED_DEFAULT),
	  .doc = "fcfs: strict first-come-first-served, the head blocks; greedy: any queued "
		 "job that fits starts, in queue order; easy_backfill: the head holds a "
		 "reservation, later jobs start if they do not delay it; conservative_backfill: "
		 "every queued job holds one (the queue: class priority, then arrival)" },
	{ FIELD("estimate", FIELD_ENUM, struct scenario, estimate.kind), .names = estimate_names,
	  DEFAULT(SCHED_ESTIMATE_WALLTIME),
	  .doc = "backfill policies: the run time they plan with: a trace's requested walltime "
		 "(estimate_factor x the run time for a job without one), the true run time, or "
		 "the run time x estimate_factor" },
	{ FIELD("estimate_factor", FIELD_NUMBER, struct scenario, estimate.factor),
	  RANGE(0.01, 1000), DEFAULT(1),
	  .doc = "backfill policies: estimate = run time x this (Mu'alem and Feitelson's "
		 "f-model, IEEE TPDS 2001); 1 = exact" },
	{ FIELD("backfill_depth", FIELD_INT, struct scenario, backfill_depth), RANGE(1, 1e6),
	  DEFAULT(100),
	  .doc = "backfill policies: queued jobs tried past the head per dispatch; 100, Slurm's "
		 "default_queue_depth (slurm.schedmd.com/sched_config.html)" },
	{ FIELD("aging_per_h", FIELD_NUMBER, struct scenario, aging_per_h), RANGE(0, 1e6),
	  DEFAULT(0),
	  .doc = "priority a queued job gains per hour waited, so low classes never starve; 0, "
		 "as Slurm's PriorityWeightAge default (no aging)" },
	{ FIELD("fair_share_weight", FIELD_NUMBER, struct scenario, fair_share_weight),
	  RANGE(0, 1e6), DEFAULT(0),
	  .doc = "priority added as weight x 2^(-usage share / shares share), Slurm's classic "
		 "fair-share factor, per class (docs/scheduling.md); 0, Slurm's "
		 "PriorityWeightFairshare default (off)" },
	{ FIELD("fair_share_half_life_h", FIELD_NUMBER, struct scenario, fair_share_half_life_h),
	  RANGE(1, 1e6), DEFAULT(168), .unit = "h",
	  .doc = "a class's GPU-hours of use count half after this; 7 days, Slurm's "
		 "PriorityDecayHalfLife default" },
	{ ENUM(struct scenario, requeue), .names = scenario_requeue_names, DEFAULT(REQUEUE_PLACE),
	  .doc = "where a job stopped by a failure or a preemption goes back in the queue: "
		 "place, its place by submit time; head, the front (it restarts first)" },
	FIELDS_END,
};

const struct scenario_section scenario_scheduler_section = {
	"scheduler", "How queued jobs are offered the free GPUs.", scheduler_fields, NULL, .streams = NULL,
};

static const struct scenario_field output_fields[] = {
	{ FIELD("timeseries", FIELD_BOOL, struct scenario, write_timeseries), DEFAULT(1),
	  .doc = "write timeseries.csv per run" },
	{ FIELD("jobs", FIELD_BOOL, struct scenario, write_jobs), DEFAULT(1),
	  .doc = "write jobs.csv per run" },
	{ INTEGER(struct scenario, mtbi_min_gpus), RANGE(0, 1e8), DEFAULT(0),
	  .flags = FIELD_IF_POSITIVE, .dflt_doc = "0 (every job)",
	  .doc = "summary.csv's mtbi_h counts the jobs of at least this many GPUs" },
	{ FIELD("requests", FIELD_BOOL, struct scenario, write_requests), DEFAULT(0),
	  .flags = FIELD_IF_POSITIVE,
	  .doc = "write requests.csv per run (inference services; off: a row per request)" },
	FIELDS_END,
};

const struct scenario_section scenario_output_section = {
	"output", "The per-run files besides resolved.json.", output_fields, NULL, .streams = NULL,
};

static int read_times(struct jfield *j, const cJSON *root, struct scenario *sc)
{
	int rc = 0;
	double d = 0;
	const int has_h = cJSON_GetObjectItemCaseSensitive(root, "duration_h") != NULL;
	const int has_d = cJSON_GetObjectItemCaseSensitive(root, "duration_days") != NULL;
	if (has_h && has_d) {
		jfield_error(j, "duration_days", "give duration_h or duration_days, not both");
		rc = -1;
	} else if (has_d) {
		rc = scenario_table_number(j, root, "", top_fields, "duration_days", 1, 0, &d);
		sc->duration_h = d * 24.0;
	} else {
		rc = scenario_table_read_key(j, root, "", top_fields, "duration_h", sc, 0);
	}
	if (scenario_table_read_key(j, root, "", top_fields, "warmup_h", sc, 0) != 0) {
		rc = -1;
	} else if (rc == 0 && sc->warmup_h >= sc->duration_h) {
		jfield_error(j, "warmup_h", "must be shorter than the duration (%g h), got %g",
			     sc->duration_h, sc->warmup_h);
		rc = -1;
	}
	rc |= scenario_table_read_key(j, root, "", top_fields, "sample_interval_min", sc, 0);
	if (rc == 0 && sc->sample_interval_min > sc->duration_h * 60.0) {
		jfield_error(j, "sample_interval_min", "longer than the run (%g min)",
			     sc->duration_h * 60.0);
		rc = -1;
	}
	return rc;
}

/* The time series holds one row per interval in memory until written:
 * 0.001 min over ten years is 5e9 rows, which no machine holds. */
static int check_rows(struct jfield *j, const struct scenario *sc)
{
	const double rows = sc->duration_h * 60.0 / sc->sample_interval_min;
	if (!sc->write_timeseries || rows <= SCENARIO_MAX_TS_ROWS)
		return 0;
	jfield_error(j, "sample_interval_min", "%g h at %g min is %g time-series rows, more "
		     "than %g: sample less often, or set output.timeseries to false",
		     sc->duration_h, sc->sample_interval_min, rows, SCENARIO_MAX_TS_ROWS);
	return -1;
}

/* An optional object section read wholly through its table. */
static int read_plain(struct jfield *j, const cJSON *root, const char *key,
		      const struct scenario_field *t, struct scenario *sc)
{
	const cJSON *o;
	if (jfield_object(j, root, "", key, 0, &o) != 0)
		return -1;
	if (!o)
		return 0;
	return scenario_table_check_keys(j, o, key, t) | scenario_table_read(j, o, key, t, sc, 0);
}

static int read_seed(struct jfield *j, const cJSON *root, struct scenario *sc)
{
	double v;
	sc->seed = 1;
	if (jfield_number(j, root, "", "seed", 0, 1.0, &v) != 0)
		return -1;
	/* Seeds travel through JSON doubles: whole numbers up to 2^53 are exact. */
	if (v < 0 || v > 9007199254740992.0 || v != floor(v)) {
		jfield_error(j, "seed", "must be a whole number in [0, 2^53], got %g", v);
		return -1;
	}
	sc->seed = (uint64_t)v;
	return 0;
}

/*
 * Why cJSON and not Jansson (Debian's libjansson-dev): Jansson reports
 * line and column itself and keeps no global parse state, which would
 * remove the counting below and the two critical sections (here and in
 * scenario_set.c), about 20 lines. But resolved.json must stay byte for
 * byte what it is, and it is cJSON_Print's text: tab indents, integral
 * doubles as integers, the shortest of %.15g and %.17g that reads back.
 * Jansson writes reals with %.17g plus ".0" (0.1 as 0.10000000000000001,
 * 720 as 720.0), so keeping the files would take a printer of our own,
 * more code than it saves; and every loader file, the sweep reader and
 * the tests walk cJSON's tree. Revisit if parsing ever becomes a
 * sweep's bottleneck (it is not: each point parses one small text).
 */
int scenario_parse_json(const char *text, const char *source, cJSON **out, struct diag *d)
{
	const char *end = NULL;
	/* cJSON keeps its parse position in a global: sweeps load scenarios
	 * from several threads, so parses take turns (the rest of a load,
	 * reading weather and grid files, runs in parallel) */
#ifdef _OPENMP
#pragma omp critical(dcsim_cjson_parse)
#endif
	*out = cJSON_ParseWithOpts(text, &end, 1);
	if (*out)
		return 0;
	long line = 1, col = 1;
	for (const char *c = text; end && c < end && *c; c++) {
		if (*c == '\n') {
			line++;
			col = 1;
		} else {
			col++;
		}
	}
	diag_add(d, "%s:%ld:%ld: JSON syntax error near \"%.20s\"", source, line, col,
		 end && *end ? end : "(end of input)");
	return -1;
}

int scenario_load(const char *text, const char *source, const char *base_dir,
		  const char *data_dir, const char *const *sets, size_t n_sets, struct scenario *sc,
		  struct diag *d)
{
	return scenario_load_cached(text, source, base_dir, data_dir, NULL, sets, n_sets, sc, d);
}

int scenario_load_cached(const char *text, const char *source, const char *base_dir,
			 const char *data_dir, struct series_cache *cache, const char *const *sets,
			 size_t n_sets, struct scenario *sc, struct diag *d)
{
	const struct scenario_files files = { base_dir, data_dir ? data_dir : base_dir, cache };
	memset(sc, 0, sizeof *sc);
	cJSON *root = NULL;
	if (scenario_parse_json(text, source, &root, d) != 0)
		return -1;
	struct jfield j = { .file = source, .d = d };
	int rc = 0;
	if (!cJSON_IsObject(root)) {
		jfield_error(&j, "", "a scenario must be a JSON object, got %s",
			     jfield_type_name(root));
		cJSON_Delete(root);
		return -1;
	}
	rc |= scenario_apply_sets(&j, root, sets, n_sets);
	rc |= jfield_check_utf8(&j, root, "");
	rc |= scenario_table_check_keys(&j, root, "", top_fields);
	if (scenario_table_defaults(top_fields, sc) != 0 ||
	    scenario_table_defaults(scheduler_fields, sc) != 0 ||
	    scenario_table_defaults(output_fields, sc) != 0 ||
	    scenario_table_defaults(limits_fields, sc) != 0) {
		jfield_oom(&j, "");
		rc = -1;
	}
	rc |= scenario_table_read(&j, root, "", top_fields, sc, 0);
	rc |= read_seed(&j, root, sc);
	rc |= read_times(&j, root, sc);
	rc |= scenario_read_cluster(&j, root, sc);
	rc |= scenario_read_cooling(&j, root, sc);
	rc |= scenario_read_calendar(&j, root, sc);
	rc |= scenario_read_weather(&j, root, &files, sc);
	rc |= scenario_read_grid(&j, root, &files, sc);
	rc |= scenario_read_power(&j, root, sc);
	rc |= read_plain(&j, root, "scheduler", scheduler_fields, sc);
	rc |= scenario_read_workload(&j, root, &files, sc);
	rc |= scenario_read_failures(&j, root, &files, sc);
	rc |= scenario_read_cost(&j, root, sc);
	if (rc == 0)
		rc = scenario_check_services(&j, sc);
	rc |= read_plain(&j, root, "output", output_fields, sc);
	rc |= read_plain(&j, root, "limits", limits_fields, sc);
	if (rc == 0)
		rc = check_rows(&j, sc);
	cJSON_Delete(root);
	sc->source = malloc(strlen(source) + 1);
	if (sc->source)
		memcpy(sc->source, source, strlen(source) + 1);
	if (rc != 0 || !sc->source || diag_has_errors(d)) {
		scenario_fini(sc);
		return -1;
	}
	return 0;
}


static char *dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	size_t n = slash ? (size_t)(slash - path) : 1;
	char *dir = malloc(n + 1);
	if (!dir)
		return NULL;
	if (slash)
		memcpy(dir, path, n);
	else
		dir[0] = '.';
	dir[n] = '\0';
	if (n == 0) { /* "/file.json" */
		dir[0] = '/';
		dir[1] = '\0';
	}
	return dir;
}

int scenario_read_file(const char *path, char **text_out, char **dir_out, struct diag *d)
{
	char *text = NULL, *dir = NULL;
	*text_out = *dir_out = NULL;
	/* a pipe or a terminal (/dev/stdin): not a file, but say what reads one */
	struct stat st;
	if (stat(path, &st) == 0 && (S_ISFIFO(st.st_mode) || S_ISCHR(st.st_mode))) {
		diag_add(d, "%s: is %s: a scenario must be a regular file (give - to read one "
			    "from a pipe or standard input)", path,
			 S_ISFIFO(st.st_mode) ? "a FIFO" : "a character device");
		return -1;
	}
	FILE *f = data_file_open(path, d); /* regular files only: a FIFO would block */
	int rc = -1;
	if (!f)
		return -1;
	if (fseek(f, 0, SEEK_END) != 0) {
		diag_add(d, "%s: cannot read: %s", path, strerror(errno));
		goto done;
	}
	long size = ftell(f);
	if (size < 0 || size > 64L * 1024 * 1024) {
		diag_add(d, "%s: not a regular file of at most 64 MiB", path);
		goto done;
	}
	rewind(f);
	text = malloc((size_t)size + 1);
	dir = dir_of(path);
	if (!text || !dir) {
		diag_oom(d, "%s: out of memory", path);
		goto done;
	}
	if (fread(text, 1, (size_t)size, f) != (size_t)size) {
		diag_add(d, "%s: cannot read: %s", path, strerror(errno));
		goto done;
	}
	text[size] = '\0';
	if (strlen(text) != (size_t)size) {
		diag_add(d, "%s: contains a NUL byte: not a JSON text file", path);
		goto done;
	}
	*text_out = text;
	*dir_out = dir;
	text = dir = NULL;
	rc = 0;
done:
	free(text);
	free(dir);
	fclose(f);
	return rc;
}

int scenario_read_stdin(char **text_out, struct diag *d)
{
	*text_out = NULL;
	size_t cap = 4096, n = 0;
	char *text = malloc(cap + 1);
	if (!text) {
		diag_oom(d, "%s: out of memory", SCENARIO_STDIN_SOURCE);
		return -1;
	}
	for (;;) {
		if (n == cap) {
			if (cap >= (size_t)DATA_FILE_MAX_BYTES) {
				diag_add(d, "%s: more than 64 MiB: a scenario may hold at most %ld "
					    "bytes", SCENARIO_STDIN_SOURCE, DATA_FILE_MAX_BYTES);
				free(text);
				return -1;
			}
			char *t = realloc(text, 2 * cap + 1);
			if (!t) {
				diag_oom(d, "%s: out of memory", SCENARIO_STDIN_SOURCE);
				free(text);
				return -1;
			}
			text = t;
			cap *= 2;
		}
		size_t got = fread(text + n, 1, cap - n, stdin);
		n += got;
		if (got == 0)
			break;
	}
	if (ferror(stdin)) {
		diag_add(d, "%s: cannot read: %s", SCENARIO_STDIN_SOURCE, strerror(errno));
		free(text);
		return -1;
	}
	text[n] = '\0';
	if (strlen(text) != n) {
		diag_add(d, "%s: contains a NUL byte: not a JSON text", SCENARIO_STDIN_SOURCE);
		free(text);
		return -1;
	}
	*text_out = text;
	return 0;
}

int scenario_text_is_sweep(const char *text)
{
	cJSON *root = cJSON_Parse(text);
	int is = cJSON_IsObject(root) && cJSON_GetObjectItemCaseSensitive(root, "axes");
	cJSON_Delete(root);
	return is;
}

int scenario_load_file(const char *path, const char *data_dir, const char *const *sets, size_t n_sets,
		       struct scenario *out, struct diag *d)
{
	memset(out, 0, sizeof *out);
	char *text, *dir;
	if (scenario_read_file(path, &text, &dir, d) != 0)
		return -1;
	int rc = scenario_load(text, path, dir, data_dir, sets, n_sets, out, d);
	free(text);
	free(dir);
	return rc;
}

static void free_trace(struct duration_spec *d)
{
	free(d->file);
	free(d->path);
	free(d->column);
	free(d->unit);
	if (!d->samples_shared)
		free(d->samples_h);
}

static void free_class(struct job_class_spec *c)
{
	free(c->name);
	free(c->arrival.times_h);
	free(c->arrival.file);
	free(c->arrival.path);
	free(c->arrival.column);
	struct trace_spec *t = &c->arrival.trace;
	free(t->columns.submit);
	free(t->columns.gpus);
	free(t->columns.duration);
	free(t->columns.walltime);
	free(t->class_by);
	for (size_t i = 0; i < t->n_match; i++)
		free(t->match[i]);
	free(t->match);
	free(t->jobs);
	free(c->gpus.gpus);
	free(c->gpus.weights);
	free_trace(&c->duration);
	scenario_free_power_dist(&c->power_dist);
}

void scenario_fini(struct scenario *sc)
{
	for (size_t i = 0; i < sc->n_classes; i++)
		free_class(&sc->classes[i]);
	free(sc->classes);
	scenario_free_services(sc);
	free(sc->rack_devices);
	free(sc->cap_steps);
	for (size_t i = 0; i < sc->n_failures; i++) {
		free(sc->failures[i].causes);
		free_trace(&sc->failures[i].repair_trace);
	}
	free(sc->failures);
	for (size_t i = 0; i < sc->n_zones; i++)
		free(sc->zones[i].name);
	free(sc->zones);
	free(sc->room.name);
	free(sc->calendar.start);
	free(sc->weather.site);
	free(sc->weather.file);
	free(sc->weather.path);
	weather_fini(&sc->weather.series);
	grid_signal_fini(&sc->grid.carbon);
	grid_signal_fini(&sc->grid.price);
	grid_signal_fini(&sc->grid.capacity);
	free(sc->name);
	free(sc->description);
	free(sc->source);
	memset(sc, 0, sizeof *sc);
}

int scenario_total_nodes(const struct scenario *sc)
{
	return sc->racks * sc->nodes_per_rack;
}

int scenario_total_gpus(const struct scenario *sc)
{
	return scenario_total_nodes(sc) * sc->node.gpus_per_node;
}

const char *const scenario_arrival_names[] = { "poisson", "poisson_hourly", "list", "trace",
					       NULL };
const char *const scenario_trace_format_names[] = { "swf", "philly", "csv", NULL };
const char *const scenario_duration_names[] = { "constant", "exponential", "lognormal",
						"empirical", NULL };

const char *const scenario_grid_policy_names[] = { "queue", "throttle", "throttle_then_queue",
						   "preempt", NULL };
const char *const scenario_battery_policy_names[] = { "peak_shaving", "price_arbitrage",
						     "carbon_arbitrage", NULL };
const char *const scenario_defer_signal_names[] = { "carbon", "price", NULL };

const char *scenario_grid_policy_name(enum grid_policy p)
{
	return scenario_grid_policy_names[p];
}

const char *scenario_battery_policy_name(enum battery_policy p)
{
	return scenario_battery_policy_names[p];
}

const char *scenario_defer_signal_name(enum defer_signal s)
{
	return scenario_defer_signal_names[s];
}

const char *scenario_policy_name(sched_policy p)
{
	return sched_policy_ops_of(p)->name;
}

const char *scenario_duration_name(enum duration_dist d)
{
	return scenario_duration_names[d];
}

const char *scenario_arrival_name(enum arrival_process p)
{
	return scenario_arrival_names[p];
}
