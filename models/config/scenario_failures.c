/*
 * scenario_failures.c - the failures section: one failure process per
 * component kind, its time to failure, its repair time and its causes.
 *
 *   "failures": [ { "kind": "gpu", "mtbf_h": 79230 },
 *                 { "kind": "node", "rate_per_1000_days": 0.48,
 *                   "repair": "constant", "repair_median_h": 4 } ]
 *
 * Every default is from the one published breakdown of a 16k-GPU run's
 * interruptions by component: Meta's Llama 3 paper (Dubey et al., "The
 * Llama 3 Herd of Models", 2024, Table 5): 419 unexpected interruptions
 * in a 54-day snapshot on 16,384 H100 GPUs (2,048 8-GPU hosts). The GPU
 * kind takes the GPU-attributed rows (faulty GPU 148, HBM3 72, SRAM 19,
 * GPU system processor 17, silent data corruption 6, thermal interface
 * and sensor 6: 268), the node kind the host rows (host maintenance 32,
 * NIC 7, SSD 3, power supply 3, chassis 2, IO expansion board 2, CPU 2,
 * system memory 2: 53). Network (35), software (54 + NCCL 7 +
 * dependency 2) are other kinds, not modelled yet (docs/failures.md).
 * Repair times are not in that study: the default is an assumption,
 * said so in its row. The keys are descriptor rows (scenario_table.h);
 * the MTBF/rate pair, the default causes and their sum are done here.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rng_streams.h"
#include "scenario_int.h"
#include "scenario_table.h"

#define MAX_CAUSES 64
#define LLAMA3_GPU_HOURS (16384.0 * 54.0 * 24.0)
#define LLAMA3_NODE_HOURS (2048.0 * 54.0 * 24.0)

const char *const scenario_failure_kind_names[] = { "gpu", "node", NULL };
static const char *const ttf_names[] = { "exponential", "weibull", NULL };
static const char *const repair_names[] = { "constant", "lognormal", NULL };

/* Llama 3, Table 5: the rows of each kind and their counts. */
struct cause_count {
	const char *name;
	double count;
};
static const struct cause_count gpu_causes[] = {
	{ "faulty_gpu", 148 },          { "gpu_hbm3_memory", 72 },
	{ "gpu_sram_memory", 19 },      { "gpu_system_processor", 17 },
	{ "silent_data_corruption", 6 }, { "gpu_thermal_interface_sensor", 6 },
	{ NULL, 0 },
};
static const struct cause_count node_causes[] = {
	{ "host_maintenance", 32 }, { "nic", 7 },  { "ssd", 3 },
	{ "power_supply", 3 },      { "server_chassis", 2 }, { "io_expansion_board", 2 },
	{ "cpu", 2 },               { "system_memory", 2 },  { NULL, 0 },
};
static const struct cause_count *const kind_causes[FAILURE_N_KINDS] = { gpu_causes,
									 node_causes };
/* interruptions of the kind in the snapshot, and its component-hours */
static const double kind_mtbf_h[FAILURE_N_KINDS] = { LLAMA3_GPU_HOURS / 268.0,
						      LLAMA3_NODE_HOURS / 53.0 };

static const struct scenario_field cause_fields[] = {
	{ NAME(struct failure_cause, name), .flags = FIELD_REQUIRED,
	  .doc = "the label written for failures of this cause" },
	{ NUM(struct failure_cause, share), .flags = FIELD_REQUIRED, .lo_open = 1, RANGE(0, 1),
	  .doc = "its share of the process's failures; the shares sum to 1 (within 1e-6)" },
	FIELDS_END,
};

const struct scenario_section scenario_cause_section = {
	"failures[].causes[]", "A cause of a process's failures and its share.", cause_fields,
	NULL, .streams = NULL,
};

static const struct scenario_field process_fields[] = {
	{ ENUM(struct failure_process, kind), .flags = FIELD_REQUIRED,
	  .names = scenario_failure_kind_names,
	  .doc = "gpu: one GPU (its node's other GPUs stay up); node: a host (CPU, memory, NIC, "
		 "PSU, SSD), all its GPUs with it" },
	{ NUM(struct failure_process, mtbf_h), .flags = FIELD_HAND, .lo_open = 1,
	  RANGE(0, 1e9), .unit = "h",
	  .dflt_doc = "gpu 79230 (16,384 GPUs x 54 d / 268 GPU interruptions), node 50079 "
		      "(2,048 hosts x 54 d / 53 host interruptions)",
	  .doc = "mean time between failures of one component; default from Llama 3 (Dubey et "
		 "al. 2024, Table 5)" },
	{ CUSTOM("rate_per_1000_days"), .type_doc = "number", .flags = FIELD_NO_EMIT,
	  .lo_open = 1, RANGE(0, 1e6), .unit = "1/(1000 d)", .dflt_doc = "absent",
	  .doc = "failures per component per 1000 days instead of mtbf_h (not both); "
		 "resolved.json gives mtbf_h" },
	{ ENUM(struct failure_process, distribution), .names = ttf_names,
	  DEFAULT(FAILURE_TTF_EXPONENTIAL),
	  .doc = "time to failure of a component, new at the start and after each repair: "
		 "exponential, or weibull with shape, scaled so its mean is mtbf_h" },
	{ NUM(struct failure_process, shape), DEFAULT(1.0), RANGE(0.05, 20),
	  .doc = "weibull's shape k (< 1 infant mortality, > 1 wear-out); 1 is exponential" },
	{ ENUM(struct failure_process, repair), .names = repair_names,
	  DEFAULT(FAILURE_REPAIR_LOGNORMAL),
	  .doc = "time to repair: constant, or lognormal with median and sigma" },
	{ NUM(struct failure_process, repair_median_h), DEFAULT(24.0), .lo_open = 1,
	  RANGE(0, 1e6), .unit = "h",
	  .doc = "the repair time (constant) or its median (lognormal); 24 h is an assumption "
		 "(a drained host diagnosed and its part swapped within a day), not from a study" },
	{ NUM(struct failure_process, repair_sigma), DEFAULT(1.0), RANGE(0, 5),
	  .doc = "lognormal: sigma of the repair time's log; 1 (an assumption) puts the "
		 "middle 90% between 0.19 and 5.2 times the median" },
	{ LIST("causes", struct failure_process, causes, n_causes), .sub = &scenario_cause_section,
	  .dflt_doc = "the kind's rows of Llama 3's Table 5, by their counts",
	  .doc = "labels of the failures and their shares, at most 64" },
	FIELDS_END,
};

/* A process's failures and repairs (models/run/world_failures.c). */
static int process_streams(const void *base, size_t index, const struct scenario *sc,
			   stream_add add, void *ctx)
{
	(void)index;
	(void)sc;
	const struct failure_process *f = base;
	const char *kind = scenario_failure_kind_names[f->kind];
	int rc = add(ctx, "failures", kind, "failures", rng_stream_failures(f->kind));
	return rc ? rc : add(ctx, "failures", kind, "repairs", rng_stream_repairs(f->kind));
}

const struct scenario_section scenario_failure_section = {
	"failures[]",
	"A failure process: every component of its kind fails and is repaired independently; a "
	"failure interrupts the jobs on it (docs/failures.md).",
	process_fields, NULL, .streams = process_streams,
};

static int default_causes(struct jfield *j, const char *path, struct failure_process *p)
{
	const struct cause_count *c = kind_causes[p->kind];
	size_t n = 0;
	double total = 0;
	while (c[n].name)
		total += c[n++].count;
	p->causes = calloc(n, sizeof *p->causes);
	if (!p->causes) {
		jfield_oom(j, path);
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		snprintf(p->causes[i].name, sizeof p->causes[i].name, "%s", c[i].name);
		p->causes[i].share = c[i].count / total;
	}
	p->n_causes = n;
	return 0;
}

static int read_causes(struct jfield *j, const cJSON *o, const char *path,
		       struct failure_process *p)
{
	const cJSON *arr;
	void *out;
	if (jfield_array(j, o, path, "causes", MAX_CAUSES, "causes", sizeof *p->causes, &arr, &out,
			 &p->n_causes) != 0)
		return -1;
	p->causes = out;
	if (!arr)
		return default_causes(j, path, p);
	if (p->n_causes == 0) {
		jfield_error(j, path, "causes: give at least one, or leave it out for the default");
		return -1;
	}
	char cp[JPATH_MAX];
	jfield_path(cp, path, "causes");
	int rc = 0;
	double sum = 0;
	for (size_t i = 0; i < p->n_causes; i++) {
		char ip[JPATH_MAX];
		jfield_index(ip, cp, (int)i);
		const cJSON *c = cJSON_GetArrayItem(arr, (int)i);
		if (!cJSON_IsObject(c)) {
			jfield_error(j, ip, "must be an object {\"name\": n, \"share\": s}, got %s",
				     jfield_type_name(c));
			rc = -1;
			continue;
		}
		rc |= scenario_table_check_keys(j, c, ip, cause_fields);
		rc |= scenario_table_read(j, c, ip, cause_fields, &p->causes[i], 0);
		sum += p->causes[i].share;
	}
	if (rc == 0 && fabs(sum - 1.0) > 1e-6) {
		jfield_error(j, cp, "the shares sum to %.9g, not 1", sum);
		rc = -1;
	}
	return rc;
}

static int read_process(struct jfield *j, const cJSON *o, const char *path,
			struct failure_process *p)
{
	if (!cJSON_IsObject(o)) {
		jfield_error(j, path, "must be an object {\"kind\": \"gpu\", ...}, got %s",
			     jfield_type_name(o));
		return -1;
	}
	scenario_table_defaults(process_fields, p);
	int rc = scenario_table_check_keys(j, o, path, process_fields);
	rc |= scenario_table_read(j, o, path, process_fields, p, 0);
	if (rc != 0)
		return -1;
	const int has_m = cJSON_GetObjectItemCaseSensitive(o, "mtbf_h") != NULL;
	const int has_r = cJSON_GetObjectItemCaseSensitive(o, "rate_per_1000_days") != NULL;
	if (has_m && has_r) {
		jfield_error(j, path, "give mtbf_h or rate_per_1000_days, not both");
		return -1;
	}
	p->mtbf_h = kind_mtbf_h[p->kind];
	if (has_m) {
		rc = scenario_table_read_key(j, o, path, process_fields, "mtbf_h", p, 0);
	} else if (has_r) {
		double r;
		rc = scenario_table_number(j, o, path, process_fields, "rate_per_1000_days", 1, 0,
					   &r);
		p->mtbf_h = 1000.0 * 24.0 / r;
	}
	rc |= read_causes(j, o, path, p);
	return rc;
}

int scenario_read_failures(struct jfield *j, const cJSON *root, struct scenario *sc)
{
	const cJSON *arr;
	void *out;
	if (jfield_array(j, root, "", "failures", FAILURE_N_KINDS, "processes",
			 sizeof *sc->failures, &arr, &out, &sc->n_failures) != 0)
		return -1;
	sc->failures = out;
	int rc = 0;
	for (size_t i = 0; i < sc->n_failures; i++) {
		char ip[JPATH_MAX];
		jfield_index(ip, "failures", (int)i);
		struct failure_process *p = &sc->failures[i];
		if (read_process(j, cJSON_GetArrayItem(arr, (int)i), ip, p) != 0) {
			rc = -1;
			continue;
		}
		for (size_t k = 0; k < i; k++)
			if (sc->failures[k].kind == p->kind) {
				jfield_error(j, ip, "a second %s process: one per kind",
					     scenario_failure_kind_names[p->kind]);
				rc = -1;
			}
	}
	return rc;
}
