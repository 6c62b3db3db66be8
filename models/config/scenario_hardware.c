/*
 * scenario_hardware.c - the cluster section: racks, the node type and its
 * accelerator (preset plus overrides, or fully user-defined), their power
 * and throughput curves, fans, and the other devices in each rack.
 *
 * A preset's source stays attached only while its figures are untouched;
 * any override makes the entry the user's, and resolved.json says so.
 * Every key is a descriptor row (scenario_table.h): the rows read the
 * plain fields over the preset's values; the preset-or-object shape, the
 * curves and the cap pair are read here by hand.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "curve.h"
#include "scenario_int.h"
#include "scenario_table.h"

#define MAX_COUNT 1000000L
#define MAX_DEVICE_KINDS 64
#define PRESET_DOC "a preset name (`dcsim catalog`); the other keys override its figures"

#define CURVE_ROWS(xk, yk, what)                                                          \
	{ FIELD("model", FIELD_ENUM, struct curve_spec, model), .flags = FIELD_REQUIRED,      \
	  .names = hardware_curve_model_names, .doc = "the curve's form" },                  \
	{ NUM(struct curve_spec, exponent), .flags = FIELD_REQ_CUSTOM, RANGE(0, 100),        \
	  .lo_open = 1,                                                                     \
	  .dflt_doc = "required for power_law", .doc = "power_law: y = x^exponent" },        \
	{ CUSTOM(xk), .type_doc = "array of numbers", .dflt_doc = "required for table",      \
	  .doc = "table: 2 to 16 points, from 0 to 1, rising" },                             \
	{ CUSTOM(yk), .type_doc = "array of numbers", .dflt_doc = "required for table",      \
	  .doc = what }, FIELDS_END

static const struct scenario_field power_curve_fields[] = {
	CURVE_ROWS("utilization", "power_fraction",
		   "table: the share of the span from idle to TDP at each utilization"),
};

static const struct scenario_field throughput_curve_fields[] = {
	CURVE_ROWS("power_fraction", "throughput",
		   "table: the share of full speed at each power (a share of TDP); above 0 "
		   "after the first point"),
};

static const struct scenario_section power_curve_section = {
	"cluster.node.accelerator.power_curve",
	"GPU power against utilization: `\"linear\"` (the default) or an object.",
	power_curve_fields, NULL, .streams = NULL,
};

static const struct scenario_section throughput_curve_section = {
	"cluster.node.accelerator.throughput_curve",
	"GPU speed against its power cap: `\"linear\"` or an object; the default is the "
	"catalog's (hardware.c).", throughput_curve_fields, NULL, .streams = NULL,
};

static const struct scenario_field accel_fields[] = {
	{ CUSTOM("preset"), .type_doc = "string", .flags = FIELD_NO_EMIT,
	  .dflt_doc = "the node preset's", .doc = PRESET_DOC },
	{ NAME(struct accel_spec, name), .flags = FIELD_HAND,
	  .dflt_doc = "the preset's, or `\"custom\"`", .doc = "names it in outputs" },
	{ NUM(struct accel_spec, tdp_w), .flags = FIELD_REQ_CUSTOM, RANGE(0, 1e5), .lo_open = 1,
	  .unit = "W", .dflt_doc = "the preset's", .doc = "board power at full load" },
	{ NUM(struct accel_spec, idle_w), .flags = FIELD_REQ_CUSTOM, .lo = 0, .hi_key = "tdp_w",
	  .hi_open = 1, .unit = "W", .dflt_doc = "the preset's", .doc = "board power idle" },
	{ NUM(struct accel_spec, bf16_tflops), RANGE(0, INFINITY), .unit = "TFLOPS",
	  .dflt_doc = "the preset's, else 0", .doc = "dense BF16 peak, for reports" },
	{ NUM(struct accel_spec, memory_gb), RANGE(0, INFINITY), .unit = "GB",
	  .dflt_doc = "the preset's, else 0", .doc = "memory, for reports" },
	{ CUSTOM("power_curve"), .type_doc = "`\"linear\"` or object", .sub = &power_curve_section,
	  .dflt_doc = "the preset's", .doc = "power against utilization" },
	{ CUSTOM("throughput_curve"), .type_doc = "`\"linear\"` or object",
	  .sub = &throughput_curve_section, .dflt_doc = "the preset's",
	  .doc = "speed against the power cap" },
	FIELDS_END,
};

const struct scenario_section scenario_accel_section = {
	"cluster.node.accelerator",
	"The GPU: a preset name, or an object with an optional `preset` and overrides.",
	accel_fields, NULL, .streams = NULL,
};

static const struct scenario_field node_fields[] = {
	{ CUSTOM("preset"), .type_doc = "string", .flags = FIELD_NO_EMIT,
	  .dflt_doc = "none: the object's fields then describe the node", .doc = PRESET_DOC },
	{ NAME(struct node_spec, name), .flags = FIELD_HAND,
	  .dflt_doc = "the preset's, or `\"custom\"`", .doc = "names it in outputs" },
	{ INTEGER(struct node_spec, gpus_per_node), .flags = FIELD_REQ_CUSTOM, RANGE(1, 1024),
	  .dflt_doc = "the preset's", .doc = "accelerators per node" },
	{ NUM(struct node_spec, host_idle_w), .flags = FIELD_REQ_CUSTOM, .lo = 0,
	  .hi_key = "host_max_w", .unit = "W", .dflt_doc = "the preset's",
	  .doc = "CPUs, memory, NICs, drives and fans with the GPUs idle" },
	{ NUM(struct node_spec, host_max_w), .flags = FIELD_REQ_CUSTOM, RANGE(0, 1e6),
	  .unit = "W", .dflt_doc = "the preset's", .doc = "the same at full load" },
	{ NUM(struct node_spec, fan_share), RANGE(0, 0.5), .dflt_doc = "the preset's (hardware.c)",
	  .doc = "share of the node's power in its fans (cooling's fan_scale scales it)" },
	{ NUM(struct node_spec, gpu_cap_w), .flags = FIELD_HAND | FIELD_IF_POSITIVE, .unit = "W",
	  .dflt_doc = "none", .doc = "per-GPU power cap, above idle and at most TDP" },
	{ CUSTOM("gpu_cap_fraction"), .type_doc = "number", .flags = FIELD_NO_EMIT,
	  .dflt_doc = "none", .doc = "the cap as a share of TDP instead of gpu_cap_w (not both)" },
	{ OBJECT("accelerator", struct node_spec, accel), .type_doc = "preset name or object",
	  .sub = &scenario_accel_section,
	  .dflt_doc = "the preset's (required without one)", .doc = "the GPU" },
	FIELDS_END,
};

static const struct scenario_section node_section = {
	"cluster.node",
	"The node type: a preset name, or an object with an optional `preset` and overrides.",
	node_fields, NULL, .streams = NULL,
};

static const struct scenario_field device_fields[] = {
	{ CUSTOM("preset"), .type_doc = "string", .flags = FIELD_NO_EMIT, .dflt_doc = "none",
	  .doc = PRESET_DOC },
	{ NAME(struct device_spec, name), .flags = FIELD_REQ_CUSTOM, .dflt_doc = "the preset's",
	  .doc = "names it in outputs" },
	{ ENUM(struct device_spec, kind), .flags = FIELD_REQ_CUSTOM,
	  .names = hardware_device_kind_names, .dflt_doc = "the preset's",
	  .doc = "network devices are not cooled by server fans" },
	{ NUM(struct device_spec, idle_w), .flags = FIELD_REQ_CUSTOM, .lo = 0, .hi_key = "max_w",
	  .unit = "W", .dflt_doc = "the preset's", .doc = "power idle" },
	{ NUM(struct device_spec, max_w), .flags = FIELD_REQ_CUSTOM, RANGE(0, 1e6), .unit = "W",
	  .dflt_doc = "the preset's", .doc = "power at full load" },
	{ NUM(struct device_spec, utilization), RANGE(0, 1),
	  .dflt_doc = "the preset's, else 1", .doc = "steady load between idle and max" },
	FIELDS_END,
};

static const struct scenario_section device_section = {
	"cluster.rack_devices[].device",
	"A device: a preset name, or an object with an optional `preset` and overrides.",
	device_fields, NULL, .streams = NULL,
};

static const struct scenario_field rack_device_fields[] = {
	{ OBJECT("device", struct rack_device, spec), .type_doc = "preset name or object",
	  .flags = FIELD_REQUIRED,
	  .sub = &device_section, .doc = "the device" },
	{ INTEGER(struct rack_device, count), RANGE(1, 4096), DEFAULT(1),
	  .doc = "how many in every rack" },
	FIELDS_END,
};

static const struct scenario_section rack_device_section = {
	"cluster.rack_devices[]", "Non-GPU equipment in every rack: switches, CPU and "
	"storage servers.", rack_device_fields, NULL, .streams = NULL,
};

static const struct scenario_field cluster_fields[] = {
	{ INTEGER(struct scenario, racks), .flags = FIELD_REQUIRED, RANGE(1, MAX_COUNT),
	  .doc = "racks in the facility" },
	{ INTEGER(struct scenario, nodes_per_rack), .flags = FIELD_REQUIRED, RANGE(1, 4096),
	  .doc = "GPU nodes per rack" },
	{ OBJECT("node", struct scenario, node), .type_doc = "preset name or object",
	  .flags = FIELD_REQUIRED, .sub = &node_section,
	  .doc = "the node type of every rack (required: an absent node once meant hgx_h100 "
		 "silently)" },
	{ LIST("rack_devices", struct scenario, rack_devices, n_rack_devices),
	  .flags = FIELD_OMIT_EMPTY, .sub = &rack_device_section,
	  .dflt_doc = "none", .doc = "the other devices in every rack, at most 64 kinds" },
	FIELDS_END,
};

const struct scenario_section scenario_cluster_section = {
	"cluster", "Racks, the node type and the other devices in each rack.", cluster_fields, NULL, .streams = NULL,
};

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
		      const struct scenario_field *t, int positive, struct curve_spec *c)
{
	const char *xkey = t[2].key, *ykey = t[3].key;
	char p[JPATH_MAX];
	jfield_path(p, path, key);
	const cJSON *it = cJSON_GetObjectItemCaseSensitive(parent, key);
	if (!it)
		return 0;
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
	int rc = scenario_table_check_keys(j, it, p, t);
	memset(c, 0, sizeof *c);
	if (scenario_table_read_key(j, it, p, t, "model", c, 0) != 0)
		return -1;
	c->exponent = 1;
	if (c->model == CURVE_POWER_LAW && scenario_table_read_key(j, it, p, t, "exponent", c, 1) != 0)
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
		      const struct scenario_field *keys, const char **preset, int *rc)
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
	*rc |= scenario_table_check_keys(j, it, p, keys);
	const cJSON *pr = cJSON_GetObjectItemCaseSensitive(it, "preset");
	if (pr && !cJSON_IsString(pr)) {
		jfield_error(j, p, "preset must be a string");
		return -1;
	}
	*preset = pr ? pr->valuestring : NULL;
	return 0;
}

/* Any key besides "preset" makes the figures the user's. */
static int overridden(const cJSON *it)
{
	return cJSON_GetArraySize(it) > (cJSON_GetObjectItemCaseSensitive(it, "preset") ? 1 : 0);
}

static int read_accel(struct jfield *j, const cJSON *parent, const char *path,
		      struct accel_spec *a)
{
	char p[JPATH_MAX];
	jfield_path(p, path, "accelerator");
	const cJSON *it = cJSON_GetObjectItemCaseSensitive(parent, "accelerator");
	const char *preset_name = NULL;
	int rc = 0;
	if (!it)
		return 0; /* keep the node preset's accelerator */
	if (preset_ref(j, it, p, accel_fields, &preset_name, &rc) != 0)
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
	char *name = NULL;
	rc |= jfield_string(j, it, p, "name", 0, preset_name ? a->name : "custom", &name);
	if (name) {
		if (strcmp(name, a->name) != 0)
			a->source = NULL; /* user-edited: no longer the catalog figure */
		snprintf(a->name, sizeof a->name, "%s", name);
		free(name);
	}
	rc |= scenario_table_read(j, it, p, accel_fields, a, preset_name == NULL);
	rc |= read_curve(j, it, p, "power_curve", power_curve_fields, 0, &a->power_curve);
	rc |= read_curve(j, it, p, "throughput_curve", throughput_curve_fields, 1,
			 &a->throughput_curve);
	if (overridden(it))
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
	char p[JPATH_MAX];
	jfield_path(p, path, "node");
	const cJSON *it = cJSON_GetObjectItemCaseSensitive(cluster, "node");
	const char *preset_name = NULL;
	int rc = 0;
	if (!it) {
		jfield_error(j, p, "required: a node preset name (see `dcsim catalog`) or an object");
		return -1;
	}
	if (preset_ref(j, it, p, node_fields, &preset_name, &rc) != 0)
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
	int custom = preset_name == NULL;
	rc |= scenario_table_read_key(j, it, p, node_fields, "name", n, custom);
	if (custom && !cJSON_GetObjectItemCaseSensitive(it, "accelerator")) {
		char ap[JPATH_MAX];
		jfield_path(ap, p, "accelerator");
		jfield_error(j, ap, "required when the node has no preset");
		rc = -1;
	}
	rc |= read_accel(j, it, p, &n->accel);
	rc |= scenario_table_read(j, it, p, node_fields, n, custom);
	if (rc == 0)
		rc |= scenario_read_gpu_cap(j, it, p, &n->accel, &n->gpu_cap_w);
	if (overridden(it))
		n->source = NULL; /* fields overridden: figures are the user's */
	return rc;
}

/* One entry of rack_devices: {"device": preset or {...}, "count": n}. */
static int read_device(struct jfield *j, const cJSON *o, const char *path,
		       struct rack_device *d)
{
	if (!cJSON_IsObject(o)) {
		jfield_error(j, path, "must be an object {\"device\": ..., \"count\": n}, got %s",
			     jfield_type_name(o));
		return -1;
	}
	int rc = scenario_table_check_keys(j, o, path, rack_device_fields);
	d->count = 1;
	rc |= scenario_table_read(j, o, path, rack_device_fields, d, 0);
	char p[JPATH_MAX];
	jfield_path(p, path, "device");
	const cJSON *it = cJSON_GetObjectItemCaseSensitive(o, "device");
	const char *preset = NULL;
	if (!it) {
		jfield_error(j, p, "required: a device preset name or an object");
		return -1;
	}
	if (preset_ref(j, it, p, device_fields, &preset, &rc) != 0)
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
	} else {
		d->spec.utilization = 1.0;
	}
	if (!cJSON_IsObject(it))
		return rc;
	rc |= scenario_table_read(j, it, p, device_fields, &d->spec, preset == NULL);
	if (overridden(it))
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
	const cJSON *c;
	if (jfield_object(j, root, "", "cluster", 1, &c) != 0)
		return -1;
	int rc = scenario_table_check_keys(j, c, "cluster", cluster_fields);
	rc |= scenario_table_read(j, c, "cluster", cluster_fields, sc, 0);
	rc |= read_node(j, c, "cluster", &sc->node);
	rc |= read_devices(j, c, sc);
	if (rc == 0 && (long)sc->racks * sc->nodes_per_rack * sc->node.gpus_per_node > 100000000L) {
		jfield_error(j, "cluster", "more than 1e8 GPUs (%d racks x %d nodes x %d GPUs)",
			     sc->racks, sc->nodes_per_rack, sc->node.gpus_per_node);
		rc = -1;
	}
	return rc;
}
