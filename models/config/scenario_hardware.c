/*
 * scenario_hardware.c - the cluster section: racks, the node type and its
 * accelerator (preset plus overrides, or fully user-defined), their power
 * and throughput curves, fans, and the other devices in each rack.
 *
 * A preset's source stays attached only while its figures are untouched;
 * any override makes the entry the user's, and resolved.json says so.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "curve.h"
#include "scenario_int.h"

#define MAX_COUNT 1000000L
#define MAX_DEVICE_KINDS 64

/* Read a JSON array of numbers into out[0..n). */
static int read_points(struct jfield *j, const cJSON *o, const char *path, const char *key,
		       double *out, size_t *n)
{
	char p[JPATH_MAX];
	jfield_path(p, path, key);
	const cJSON *arr = cJSON_GetObjectItemCaseSensitive(o, key);
	if (!arr || !cJSON_IsArray(arr)) {
		jfield_error(j, p, "a table needs an array of numbers here");
		return -1;
	}
	int size = cJSON_GetArraySize(arr);
	if (size < 2 || size > CURVE_MAX_POINTS) {
		jfield_error(j, p, "a table needs 2 to %d points, got %d", CURVE_MAX_POINTS, size);
		return -1;
	}
	size_t i = 0;
	for (const cJSON *v = arr->child; v; v = v->next, i++) {
		if (!cJSON_IsNumber(v) || !isfinite(v->valuedouble)) {
			char ip[JPATH_MAX];
			jfield_index(ip, p, (int)i);
			jfield_error(j, ip, "must be a finite number, got %s", jfield_type_name(v));
			return -1;
		}
		out[i] = v->valuedouble;
	}
	*n = i;
	return 0;
}

/*
 * A curve: "linear", or {"model": "power_law", "exponent": e}, or
 * {"model": "table", xkey: [...], ykey: [...]}. Absent keeps *c.
 * positive: y must be > 0 wherever x > 0 (a throughput curve, so a cap
 * above idle never stops a job).
 */
static int read_curve(struct jfield *j, const cJSON *parent, const char *path, const char *key,
		      const char *xkey, const char *ykey, int positive, struct curve_spec *c)
{
	char p[JPATH_MAX];
	jfield_path(p, path, key);
	const cJSON *it = cJSON_GetObjectItemCaseSensitive(parent, key);
	if (!it)
		return 0;
	int model;
	if (cJSON_IsString(it)) {
		if (strcmp(it->valuestring, "linear") != 0) {
			jfield_error(j, p, "as a string only \"linear\"; give an object for "
				     "power_law or table");
			return -1;
		}
		memset(c, 0, sizeof *c);
		c->model = CURVE_LINEAR;
		c->exponent = 1;
		return 0;
	}
	if (!cJSON_IsObject(it)) {
		jfield_error(j, p, "must be \"linear\" or an object, got %s", jfield_type_name(it));
		return -1;
	}
	const char *const keys[] = { "model", "exponent", xkey, ykey, NULL };
	int rc = jfield_check_keys(j, it, p, keys);
	if (jfield_enum(j, it, p, "model", 1, 0, hardware_curve_model_names, &model) != 0)
		return -1;
	memset(c, 0, sizeof *c);
	c->model = (enum curve_model)model;
	c->exponent = 1;
	if (c->model == CURVE_POWER_LAW &&
	    jfield_number_in(j, it, p, "exponent", 1, 1, 0, 1, 100, 0, &c->exponent) != 0)
		return -1;
	if (c->model == CURVE_TABLE) {
		size_t nx = 0, ny = 0;
		if (read_points(j, it, p, xkey, c->x, &nx) != 0 ||
		    read_points(j, it, p, ykey, c->y, &ny) != 0)
			return -1;
		if (nx != ny) {
			jfield_error(j, p, "%s has %zu points and %s %zu", xkey, nx, ykey, ny);
			return -1;
		}
		c->n = nx;
	}
	char why[160];
	if (curve_spec_check(c, why, sizeof why) != 0) {
		jfield_error(j, p, "%s", why);
		return -1;
	}
	if (positive && c->model == CURVE_TABLE && !(c->y[1] > 0)) {
		jfield_error(j, p, "%s must be above 0 after the first point (a capped GPU must "
			     "still make progress), got %g", ykey, c->y[1]);
		return -1;
	}
	return rc;
}

/*
 * A catalog reference: a preset name, or an object with an optional
 * "preset" and overrides (its keys checked against keys, into *rc).
 * *preset is the name, NULL for none. -1 when it is neither form.
 */
static int preset_ref(struct jfield *j, const cJSON *it, const char *p,
		      const char *const *keys, const char **preset, int *rc)
{
	if (cJSON_IsString(it)) {
		*preset = it->valuestring;
		return 0;
	}
	if (!cJSON_IsObject(it)) {
		jfield_error(j, p, "must be a preset name or an object, got %s",
			     jfield_type_name(it));
		return -1;
	}
	*rc |= jfield_check_keys(j, it, p, keys);
	const cJSON *pr = cJSON_GetObjectItemCaseSensitive(it, "preset");
	if (pr && !cJSON_IsString(pr)) {
		jfield_error(j, p, "preset must be a string");
		return -1;
	}
	*preset = pr ? pr->valuestring : NULL;
	return 0;
}

static int read_accel(struct jfield *j, const cJSON *parent, const char *path,
		      struct accel_spec *a)
{
	static const char *const keys[] = {
		"preset", "name", "tdp_w", "idle_w", "bf16_tflops", "memory_gb",
		"power_curve", "throughput_curve", NULL,
	};
	char p[JPATH_MAX];
	jfield_path(p, path, "accelerator");
	const cJSON *it = cJSON_GetObjectItemCaseSensitive(parent, "accelerator");
	const char *preset_name = NULL;
	int rc = 0;
	if (!it)
		return 0; /* keep the node preset's accelerator */
	if (preset_ref(j, it, p, keys, &preset_name, &rc) != 0)
		return -1;
	if (preset_name) {
		const struct accel_spec *pa = hardware_accel_find(preset_name);
		if (!pa) {
			jfield_error(j, p, "unknown accelerator preset \"%s\" (see `dcsim catalog`)",
				     preset_name);
			return -1;
		}
		*a = *pa;
	} else {
		/* user-defined: the catalog's default curves (hardware.c) */
		memset(a, 0, sizeof *a);
		a->power_curve = hardware_accel_at(0)->power_curve;
		a->throughput_curve = hardware_accel_at(0)->throughput_curve;
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
			       a->tdp_w, 1, &a->idle_w);
	rc |= jfield_number_in(j, it, p, "bf16_tflops", 0, a->bf16_tflops, 0, 0,
			       INFINITY, 0, &a->bf16_tflops);
	rc |= jfield_number_in(j, it, p, "memory_gb", 0, a->memory_gb, 0, 0,
			       INFINITY, 0, &a->memory_gb);
	rc |= read_curve(j, it, p, "power_curve", "utilization", "power_fraction", 0,
			 &a->power_curve);
	rc |= read_curve(j, it, p, "throughput_curve", "power_fraction", "throughput", 1,
			 &a->throughput_curve);
	if (cJSON_GetArraySize(it) > (cJSON_GetObjectItemCaseSensitive(it, "preset") ? 1 : 0))
		a->source = NULL;
	return rc;
}

/* "gpu_cap_w" or "gpu_cap_fraction" (of TDP), at most one; *out in W, 0
 * when absent. The cap must lie above idle (else no progress) and at most
 * at TDP (above it there is nothing to cap). */
int scenario_read_gpu_cap(struct jfield *j, const cJSON *o, const char *path,
			  const struct accel_spec *a, double *out)
{
	const cJSON *w = cJSON_GetObjectItemCaseSensitive(o, "gpu_cap_w");
	const cJSON *f = cJSON_GetObjectItemCaseSensitive(o, "gpu_cap_fraction");
	char p[JPATH_MAX];
	*out = 0;
	if (w && f) {
		jfield_path(p, path, "gpu_cap_fraction");
		jfield_error(j, p, "give gpu_cap_w or gpu_cap_fraction, not both");
		return -1;
	}
	if (!w && !f)
		return 0;
	double v;
	const char *key = w ? "gpu_cap_w" : "gpu_cap_fraction";
	if (jfield_number(j, o, path, key, 1, 0, &v) != 0)
		return -1;
	double watts = w ? v : v * a->tdp_w;
	if (!(watts > a->idle_w && watts <= a->tdp_w)) {
		jfield_path(p, path, key);
		jfield_error(j, p, "the cap (%g W) must lie above the GPU's idle power (%g W) "
			     "and at most at its TDP (%g W), got %g", watts, a->idle_w, a->tdp_w, v);
		return -1;
	}
	*out = watts;
	return 0;
}

static int read_node(struct jfield *j, const cJSON *cluster, const char *path,
		     struct node_spec *n)
{
	static const char *const keys[] = {
		"preset", "name", "gpus_per_node", "host_idle_w", "host_max_w",
		"accelerator", "fan_share", "gpu_cap_w", "gpu_cap_fraction", NULL,
	};
	char p[JPATH_MAX];
	jfield_path(p, path, "node");
	const cJSON *it = cJSON_GetObjectItemCaseSensitive(cluster, "node");
	const char *preset_name = "hgx_h100";
	int rc = 0;
	if (it && preset_ref(j, it, p, keys, &preset_name, &rc) != 0)
		return -1;
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
		n->fan_share = HARDWARE_FAN_SHARE_DEFAULT;
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
	rc |= jfield_number_in(j, it, p, "fan_share", 0, n->fan_share, 0, 0, 0.5, 0,
			       &n->fan_share);
	if (rc == 0)
		rc |= scenario_read_gpu_cap(j, it, p, &n->accel, &n->gpu_cap_w);
	if (cJSON_GetArraySize(it) > (cJSON_GetObjectItemCaseSensitive(it, "preset") ? 1 : 0))
		n->source = NULL; /* fields overridden: figures are the user's */
	return rc;
}

/* One entry of rack_devices: {"device": preset or {...}, "count": n}. */
static int read_device(struct jfield *j, const cJSON *o, const char *path,
		       struct rack_device *d)
{
	static const char *const keys[] = { "device", "count", NULL };
	static const char *const dkeys[] = { "preset", "name", "kind", "idle_w", "max_w",
					     "utilization", NULL };
	if (!cJSON_IsObject(o)) {
		jfield_error(j, path, "must be an object {\"device\": ..., \"count\": n}, got %s",
			     jfield_type_name(o));
		return -1;
	}
	int rc = jfield_check_keys(j, o, path, keys);
	long count;
	if (jfield_int(j, o, path, "count", 0, 1, 1, 4096, &count) == 0)
		d->count = (int)count;
	else
		rc = -1;
	char p[JPATH_MAX];
	jfield_path(p, path, "device");
	const cJSON *it = cJSON_GetObjectItemCaseSensitive(o, "device");
	const char *preset = NULL;
	if (!it) {
		jfield_error(j, p, "required: a device preset name or an object");
		return -1;
	}
	if (preset_ref(j, it, p, dkeys, &preset, &rc) != 0)
		return -1;
	memset(&d->spec, 0, sizeof d->spec);
	if (preset) {
		const struct device_spec *pd = hardware_device_find(preset);
		if (!pd) {
			jfield_error(j, p, "unknown device preset \"%s\" (see `dcsim catalog`)",
				     preset);
			return -1;
		}
		d->spec = *pd;
	}
	if (!cJSON_IsObject(it))
		return rc;
	int req = preset == NULL;
	char *name = NULL;
	rc |= jfield_string(j, it, p, "name", req, d->spec.name, &name);
	if (name) {
		snprintf(d->spec.name, sizeof d->spec.name, "%s", name);
		free(name);
	}
	int kind;
	if (jfield_enum(j, it, p, "kind", req, d->spec.kind, hardware_device_kind_names,
			&kind) == 0)
		d->spec.kind = (enum device_kind)kind;
	else
		rc = -1;
	rc |= jfield_number_in(j, it, p, "max_w", req, d->spec.max_w, 0, 0, 1e6, 0,
			       &d->spec.max_w);
	rc |= jfield_number_in(j, it, p, "idle_w", req, d->spec.idle_w, 0, 0, d->spec.max_w, 0,
			       &d->spec.idle_w);
	rc |= jfield_number_in(j, it, p, "utilization", 0, req ? 1.0 : d->spec.utilization, 0, 0,
			       1, 0, &d->spec.utilization);
	if (cJSON_GetArraySize(it) > (cJSON_GetObjectItemCaseSensitive(it, "preset") ? 1 : 0))
		d->spec.source = NULL;
	return rc;
}

static int read_devices(struct jfield *j, const cJSON *c, struct scenario *sc)
{
	const cJSON *arr;
	void *out;
	if (jfield_array(j, c, "cluster", "rack_devices", MAX_DEVICE_KINDS, "entries",
			 sizeof *sc->rack_devices, &arr, &out, &sc->n_rack_devices) != 0)
		return -1;
	sc->rack_devices = out;
	int rc = 0;
	for (size_t i = 0; i < sc->n_rack_devices; i++) {
		char p[JPATH_MAX];
		jfield_index(p, "cluster.rack_devices", (int)i);
		rc |= read_device(j, cJSON_GetArrayItem(arr, (int)i), p, &sc->rack_devices[i]);
	}
	return rc;
}

int scenario_read_cluster(struct jfield *j, const cJSON *root, struct scenario *sc)
{
	static const char *const keys[] = { "racks", "nodes_per_rack", "node", "rack_devices",
					    NULL };
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
	rc |= read_devices(j, c, sc);
	if (rc == 0 && (long)sc->racks * sc->nodes_per_rack * sc->node.gpus_per_node > 100000000L) {
		jfield_error(j, "cluster", "more than 1e8 GPUs (%d racks x %d nodes x %d GPUs)",
			     sc->racks, sc->nodes_per_rack, sc->node.gpus_per_node);
		rc = -1;
	}
	return rc;
}
