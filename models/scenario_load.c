/*
 * scenario_load.c - JSON scenario -> validated struct scenario.
 *
 * One pass over the document reads every field with its rule; each broken
 * rule adds a message and the pass goes on, so `dcsim validate` lists every
 * error at once. Unknown keys are errors with a "did you mean". Relative
 * trace paths resolve against the scenario file's directory. The result owns
 * all its memory; nothing here keeps a cJSON pointer.
 */
#include "scenario.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "jfield.h"
#include "scenario_int.h"
#include "trace_column.h"

/* Hard limits that keep a run's arithmetic in range, not modelling choices:
 * ten years of 1-ms ticks is 3.2e11, far inside int64; counts fit int. */
#define MAX_DURATION_H (10.0 * 8760.0)
#define MAX_COUNT 1000000L

static const char *const top_keys[] = {
	"name", "description", "seed", "duration_h", "duration_days", "warmup_h",
	"sample_interval_min", "facility", "cluster", "scheduler", "workload",
	"output", NULL,
};

static int read_accel(struct jfield *j, const cJSON *parent, const char *path,
		      struct accel_spec *a)
{
	static const char *const keys[] = {
		"preset", "name", "tdp_w", "idle_w", "bf16_tflops", "memory_gb", NULL,
	};
	char p[JPATH_MAX];
	jfield_path(p, path, "accelerator");
	const cJSON *it = cJSON_GetObjectItemCaseSensitive(parent, "accelerator");
	const char *preset_name = NULL;
	int rc = 0;
	if (!it)
		return 0; /* keep the node preset's accelerator */
	if (cJSON_IsString(it)) {
		preset_name = it->valuestring;
	} else if (cJSON_IsObject(it)) {
		rc |= jfield_check_keys(j, it, p, keys);
		const cJSON *pr = cJSON_GetObjectItemCaseSensitive(it, "preset");
		if (pr && !cJSON_IsString(pr)) {
			jfield_error(j, p, "preset must be a string");
			return -1;
		}
		preset_name = pr ? pr->valuestring : NULL;
	} else {
		jfield_error(j, p, "must be a preset name or an object, got %s",
			     jfield_type_name(it));
		return -1;
	}
	if (preset_name) {
		const struct accel_spec *pa = hardware_accel_find(preset_name);
		if (!pa) {
			jfield_error(j, p, "unknown accelerator preset \"%s\" (see `dcsim catalog`)",
				     preset_name);
			return -1;
		}
		*a = *pa;
	}
	if (!cJSON_IsObject(it))
		return rc;
	int req = preset_name == NULL;
	char *name = NULL;
	rc |= jfield_string(j, it, p, "name", 0, preset_name ? a->name : "custom", &name);
	if (name) {
		if (strcmp(name, a->name) != 0)
			a->source = NULL; /* user-edited: no longer the catalog figure */
		snprintf(a->name, sizeof a->name, "%s", name);
		free(name);
	}
	rc |= jfield_number_in(j, it, p, "tdp_w", req, a->tdp_w, 0, 1,
			       1e5, 0, &a->tdp_w);
	rc |= jfield_number_in(j, it, p, "idle_w", req, a->idle_w, 0, 0,
			       a->tdp_w, 0, &a->idle_w);
	rc |= jfield_number_in(j, it, p, "bf16_tflops", 0, a->bf16_tflops, 0, 0,
			       INFINITY, 0, &a->bf16_tflops);
	rc |= jfield_number_in(j, it, p, "memory_gb", 0, a->memory_gb, 0, 0,
			       INFINITY, 0, &a->memory_gb);
	if (cJSON_GetObjectItemCaseSensitive(it, "tdp_w") ||
	    cJSON_GetObjectItemCaseSensitive(it, "idle_w"))
		a->source = NULL;
	return rc;
}

static int read_node(struct jfield *j, const cJSON *cluster, const char *path,
		     struct node_spec *n)
{
	static const char *const keys[] = {
		"preset", "name", "gpus_per_node", "host_idle_w", "host_max_w",
		"accelerator", NULL,
	};
	char p[JPATH_MAX];
	jfield_path(p, path, "node");
	const cJSON *it = cJSON_GetObjectItemCaseSensitive(cluster, "node");
	const char *preset_name = "hgx_h100";
	int rc = 0;
	if (it && cJSON_IsString(it)) {
		preset_name = it->valuestring;
	} else if (it && cJSON_IsObject(it)) {
		rc |= jfield_check_keys(j, it, p, keys);
		const cJSON *pr = cJSON_GetObjectItemCaseSensitive(it, "preset");
		if (pr && !cJSON_IsString(pr)) {
			jfield_error(j, p, "preset must be a string");
			return -1;
		}
		preset_name = pr ? pr->valuestring : NULL;
	} else if (it) {
		jfield_error(j, p, "must be a preset name or an object, got %s",
			     jfield_type_name(it));
		return -1;
	}
	memset(n, 0, sizeof *n);
	if (preset_name) {
		const struct node_preset *pn = hardware_node_find(preset_name);
		if (!pn) {
			jfield_error(j, p, "unknown node preset \"%s\" (see `dcsim catalog`)",
				     preset_name);
			return -1;
		}
		hardware_node_from_preset(pn, n);
	} else {
		snprintf(n->name, sizeof n->name, "custom");
	}
	if (!it || !cJSON_IsObject(it))
		return rc;
	int req = preset_name == NULL;
	char *name = NULL;
	rc |= jfield_string(j, it, p, "name", 0, n->name, &name);
	if (name) {
		snprintf(n->name, sizeof n->name, "%s", name);
		free(name);
	}
	if (req && !cJSON_GetObjectItemCaseSensitive(it, "accelerator")) {
		char ap[JPATH_MAX];
		jfield_path(ap, p, "accelerator");
		jfield_error(j, ap, "required when the node has no preset");
		rc = -1;
	}
	rc |= read_accel(j, it, p, &n->accel);
	long g;
	if (jfield_int(j, it, p, "gpus_per_node", req, n->gpus_per_node, 1, 1024, &g) == 0)
		n->gpus_per_node = (int)g;
	else
		rc = -1;
	rc |= jfield_number_in(j, it, p, "host_max_w", req, n->host_max_w, 0, 0,
			       1e6, 0, &n->host_max_w);
	rc |= jfield_number_in(j, it, p, "host_idle_w", req, n->host_idle_w, 0, 0,
			       n->host_max_w, 0, &n->host_idle_w);
	if (cJSON_GetArraySize(it) > (cJSON_GetObjectItemCaseSensitive(it, "preset") ? 1 : 0))
		n->source = NULL; /* fields overridden: figures are the user's */
	return rc;
}

static int read_cluster(struct jfield *j, const cJSON *root, struct scenario *sc)
{
	static const char *const keys[] = { "racks", "nodes_per_rack", "node", NULL };
	const cJSON *c;
	if (jfield_object(j, root, "", "cluster", 1, &c) != 0)
		return -1;
	int rc = jfield_check_keys(j, c, "cluster", keys);
	long v;
	if (jfield_int(j, c, "cluster", "racks", 1, 0, 1, MAX_COUNT, &v) == 0)
		sc->racks = (int)v;
	else
		rc = -1;
	if (jfield_int(j, c, "cluster", "nodes_per_rack", 1, 0, 1, 4096, &v) == 0)
		sc->nodes_per_rack = (int)v;
	else
		rc = -1;
	rc |= read_node(j, c, "cluster", &sc->node);
	if (rc == 0 && (long)sc->racks * sc->nodes_per_rack * sc->node.gpus_per_node > 100000000L) {
		jfield_error(j, "cluster", "more than 1e8 GPUs (%d racks x %d nodes x %d GPUs)",
			     sc->racks, sc->nodes_per_rack, sc->node.gpus_per_node);
		rc = -1;
	}
	return rc;
}

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
		rc = jfield_number_in(j, root, "", "duration_days", 1, 0, 0, 1,
				      MAX_DURATION_H / 24, 0, &d);
		sc->duration_h = d * 24.0;
	} else {
		/* Default: 30 days, the horizon of a monthly capacity review. */
		rc = jfield_number_in(j, root, "", "duration_h", 0, 720.0, 0, 1, MAX_DURATION_H,
				      0, &sc->duration_h);
	}
	if (jfield_number_in(j, root, "", "warmup_h", 0, 0.0, 0, 0, INFINITY, 0,
			     &sc->warmup_h) != 0) {
		rc = -1;
	} else if (rc == 0 && sc->warmup_h >= sc->duration_h) {
		jfield_error(j, "warmup_h", "must be shorter than the duration (%g h), got %g",
			     sc->duration_h, sc->warmup_h);
		rc = -1;
	}
	/* 15 min: the settlement interval of most US power markets. */
	rc |= jfield_number_in(j, root, "", "sample_interval_min", 0, 15.0, 0.001, 0, INFINITY,
			       0, &sc->sample_interval_min);
	if (rc == 0 && sc->sample_interval_min > sc->duration_h * 60.0) {
		jfield_error(j, "sample_interval_min", "longer than the run (%g min)",
			     sc->duration_h * 60.0);
		rc = -1;
	}
	return rc;
}

static int read_facility(struct jfield *j, const cJSON *root, struct scenario *sc)
{
	static const char *const keys[] = { "pue", NULL };
	const cJSON *f;
	/* Uptime Institute Global Data Center Survey 2023: industry-average
	 * annual PUE 1.58. A fixed PUE until the cooling models replace it. */
	sc->pue = 1.58;
	if (jfield_object(j, root, "", "facility", 0, &f) != 0)
		return -1;
	if (!f)
		return 0;
	int rc = jfield_check_keys(j, f, "facility", keys);
	rc |= jfield_number_in(j, f, "facility", "pue", 0, sc->pue, 1.0, 0,
			       10.0, 0, &sc->pue);
	return rc;
}

static int read_scheduler(struct jfield *j, const cJSON *root, struct scenario *sc)
{
	static const char *const keys[] = { "policy", NULL };
	const cJSON *s;
	sc->policy = SCHED_FCFS;
	if (jfield_object(j, root, "", "scheduler", 0, &s) != 0)
		return -1;
	if (!s)
		return 0;
	int rc = jfield_check_keys(j, s, "scheduler", keys);
	int v;
	if (jfield_enum(j, s, "scheduler", "policy", 0, SCHED_FCFS, scenario_policy_names,
			&v) == 0)
		sc->policy = (enum sched_policy)v;
	else
		rc = -1;
	return rc;
}

static int read_output(struct jfield *j, const cJSON *root, struct scenario *sc)
{
	static const char *const keys[] = { "timeseries", "jobs", NULL };
	const cJSON *o;
	sc->write_timeseries = 1;
	sc->write_jobs = 1;
	if (jfield_object(j, root, "", "output", 0, &o) != 0)
		return -1;
	if (!o)
		return 0;
	int rc = jfield_check_keys(j, o, "output", keys);
	rc |= jfield_bool(j, o, "output", "timeseries", 1, &sc->write_timeseries);
	rc |= jfield_bool(j, o, "output", "jobs", 1, &sc->write_jobs);
	return rc;
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

static int parse_json(const char *text, const char *source, cJSON **out, struct diag *d)
{
	const char *end = NULL;
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
		  const char *const *sets, size_t n_sets, struct scenario *sc,
		  struct diag *d)
{
	memset(sc, 0, sizeof *sc);
	cJSON *root = NULL;
	if (parse_json(text, source, &root, d) != 0)
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
	rc |= jfield_check_keys(&j, root, "", top_keys);
	rc |= jfield_string(&j, root, "", "name", 0, "unnamed", &sc->name);
	rc |= jfield_string(&j, root, "", "description", 0, "", &sc->description);
	rc |= read_seed(&j, root, sc);
	rc |= read_times(&j, root, sc);
	rc |= read_facility(&j, root, sc);
	rc |= read_cluster(&j, root, sc);
	rc |= read_scheduler(&j, root, sc);
	rc |= scenario_read_workload(&j, root, base_dir, sc);
	rc |= read_output(&j, root, sc);
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

int scenario_load_file(const char *path, const char *const *sets, size_t n_sets,
		       struct scenario *out, struct diag *d)
{
	memset(out, 0, sizeof *out);
	char *text = NULL, *dir = NULL;
	FILE *f = fopen(path, "rb");
	int rc = -1;
	if (!f) {
		diag_add(d, "%s: cannot open: %s", path, strerror(errno));
		return -1;
	}
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
		diag_add(d, "%s: out of memory", path);
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
	rc = scenario_load(text, path, dir, sets, n_sets, out, d);
done:
	free(text);
	free(dir);
	fclose(f);
	return rc;
}

static void free_class(struct job_class_spec *c)
{
	free(c->name);
	free(c->arrival.times_h);
	free(c->gpus.gpus);
	free(c->gpus.weights);
	free(c->duration.file);
	free(c->duration.path);
	free(c->duration.column);
	free(c->duration.unit);
	free(c->duration.samples_h);
}

void scenario_fini(struct scenario *sc)
{
	for (size_t i = 0; i < sc->n_classes; i++)
		free_class(&sc->classes[i]);
	free(sc->classes);
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

const char *const scenario_policy_names[] = { "fcfs", "greedy", NULL };
const char *const scenario_arrival_names[] = { "poisson", "poisson_hourly", "list", NULL };
const char *const scenario_duration_names[] = { "constant", "exponential", "lognormal",
						"empirical", NULL };

const char *scenario_policy_name(enum sched_policy p)
{
	return scenario_policy_names[p];
}

const char *scenario_duration_name(enum duration_dist d)
{
	return scenario_duration_names[d];
}

const char *scenario_arrival_name(enum arrival_process p)
{
	return scenario_arrival_names[p];
}
