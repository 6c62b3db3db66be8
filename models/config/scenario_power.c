/*
 * scenario_power.c - the power section: the facility-wide GPU power cap and
 * its schedule of changes during the run.
 *
 *   "power": { "gpu_cap_fraction": 0.8,
 *              "gpu_cap_schedule": [ { "at_h": 100, "gpu_cap_w": 350 },
 *                                    { "at_h": 104, "gpu_cap_fraction": 1 } ] }
 *
 * The distribution chain (power.chain) is read by scenario_chain.c.
 * A GPU's cap is the tightest of the node type's, its job class's and this
 * one; each is in W or as a fraction of TDP. The keys are descriptor rows
 * (scenario_table.h); the cap pair and the time order are checked here.
 */
#include <math.h>
#include <stdlib.h>

#include "scenario_int.h"
#include "scenario_table.h"

#define MAX_CAP_STEPS 100000

static const struct scenario_field step_fields[] = {
	{ NUM(struct cap_step, at_h), .flags = FIELD_HAND | FIELD_REQUIRED, .lo = 0,
	  .hi = 1e6, .unit = "h",
	  .doc = "from this hour of the run on; not before the step above" },
	{ CUSTOM("gpu_cap_w"), .type_doc = "number", .unit = "W",
	  .dflt_doc = "this or gpu_cap_fraction, required",
	  .doc = "the per-GPU cap, above idle and at most TDP (resolved.json: TDP for none)" },
	{ CUSTOM("gpu_cap_fraction"), .type_doc = "number", .flags = FIELD_NO_EMIT,
	  .dflt_doc = "this or gpu_cap_w, required",
	  .doc = "the cap as a share of TDP; 1 lifts it" },
	FIELDS_END,
};

const struct scenario_section scenario_step_section = {
	"power.gpu_cap_schedule[]", "A change of the facility-wide GPU cap, in time order.",
	step_fields, NULL, .streams = NULL,
};

static const struct scenario_field power_fields[] = {
	{ NUM(struct scenario, gpu_cap_w), .flags = FIELD_HAND | FIELD_IF_POSITIVE, .unit = "W",
	  .dflt_doc = "none", .doc = "the facility-wide per-GPU cap at the start, above idle "
				   "and at most TDP" },
	{ CUSTOM("gpu_cap_fraction"), .type_doc = "number", .flags = FIELD_NO_EMIT,
	  .dflt_doc = "none", .doc = "the cap as a share of TDP instead (not both)" },
	{ OBJECT("chain", struct scenario, chain), .sub = &scenario_chain_section,
	  .dflt_doc = "none (no losses modelled)",
	  .doc = "the distribution levels" },
	{ LIST("gpu_cap_schedule", struct scenario, cap_steps, n_cap_steps),
	  .flags = FIELD_OMIT_EMPTY, .sub = &scenario_step_section,
	  .dflt_doc = "none", .doc = "changes of the cap during the run, at most 100000" },
	FIELDS_END,
};

const struct scenario_section scenario_power_section = {
	"power", "The facility-wide GPU power cap, its schedule, and the distribution chain.",
	power_fields, NULL, .streams = NULL,
};

static int read_step(struct jfield *j, const cJSON *o, const char *path,
		     const struct scenario *sc, double after_h, struct cap_step *st)
{
	if (!cJSON_IsObject(o)) {
		jfield_error(j, path, "must be an object {\"at_h\": t, \"gpu_cap_w\": w}, got %s",
			     jfield_type_name(o));
		return -1;
	}
	int rc = scenario_table_check_keys(j, o, path, step_fields);
	/* steps in time order: the previous one bounds this one below */
	rc |= jfield_number_in(j, o, path, "at_h", 1, 0, after_h, 0, step_fields[0].hi, 0,
			       &st->at_h);
	if (!cJSON_GetObjectItemCaseSensitive(o, "gpu_cap_w") &&
	    !cJSON_GetObjectItemCaseSensitive(o, "gpu_cap_fraction")) {
		jfield_error(j, path, "needs gpu_cap_w or gpu_cap_fraction (1 lifts the cap)");
		return -1;
	}
	rc |= scenario_read_gpu_cap(j, o, path, &sc->node.accel, &st->gpu_cap_w);
	return rc;
}

int scenario_read_power(struct jfield *j, const cJSON *root, struct scenario *sc)
{
	const cJSON *p;
	if (jfield_object(j, root, "", "power", 0, &p) != 0)
		return -1;
	if (!p)
		return 0;
	int rc = scenario_table_check_keys(j, p, "power", power_fields);
	rc |= scenario_table_read(j, p, "power", power_fields, sc, 0); /* its plain rows */
	if (!(sc->node.accel.tdp_w > 0))
		return -1; /* the cluster's error is already reported */
	rc |= scenario_read_gpu_cap(j, p, "power", &sc->node.accel, &sc->gpu_cap_w);
	rc |= scenario_read_chain(j, p, sc);
	const cJSON *arr;
	void *out;
	if (jfield_array(j, p, "power", "gpu_cap_schedule", MAX_CAP_STEPS, "steps",
			 sizeof *sc->cap_steps, &arr, &out, &sc->n_cap_steps) != 0)
		return -1;
	sc->cap_steps = out;
	double after = 0;
	for (size_t i = 0; i < sc->n_cap_steps; i++) {
		char ip[JPATH_MAX];
		jfield_index(ip, "power.gpu_cap_schedule", (int)i);
		if (read_step(j, cJSON_GetArrayItem(arr, (int)i), ip, sc, after,
			      &sc->cap_steps[i]) != 0)
			rc = -1;
		else
			after = sc->cap_steps[i].at_h; /* steps in time order */
	}
	return rc;
}
