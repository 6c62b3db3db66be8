/*
 * scenario_services.c - reading workload.services[]: inference services,
 * each a model served by replicas on the cluster's accelerator.
 *
 *   "services": [ { "name": "chat", "profile": "llama3.1-8b_h100",
 *                   "replicas": 4, "rate_per_s": 20,
 *                   "hourly_profile": [24 multipliers], "slo_ttft_s": 2 } ]
 *
 * The profile names a measured performance profile (models/inference/
 * inference.c, with its sources), which must be of the cluster's
 * accelerator. Token counts default to the Azure LLM inference trace 2023,
 * conversation (scenarios/traces/AzureLLMInferenceTrace_conv.csv, CC BY
 * 4.0): 19,366 requests, prompt mean 1,154.7 tokens (log sd 0.985),
 * output mean 211.1 (log sd 0.859), fitted as lognormals by their mean
 * and the standard deviation of the log. Every key is a descriptor row
 * (scenario_table.h); the two profiles (arrays) are read here.
 */
#include <ctype.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hardware.h"
#include "rng_streams.h"
#include "scenario_int.h"
#include "scenario_table.h"
#include "trace_column.h"

#define MAX_SERVICES 64

const char *const scenario_service_token_names[] = { "lognormal", "exponential", "constant",
						     NULL };
const char *const scenario_service_arrival_names[] = { "poisson", "trace", NULL };
const char *const scenario_service_mode_names[] = { "request", "aggregate", NULL };

/* The keys only Poisson arrivals read (a trace gives times and tokens). */
static const char *const poisson_keys[] = {
	"rate_per_s", "hourly_profile", "weekday_profile", "tokens", "prompt_tokens_mean",
	"prompt_tokens_sigma", "output_tokens_mean", "output_tokens_sigma", NULL,
};

static const struct field_variants token_kinds = {
	scenario_service_token_names, 1, "not used by the ", " token distribution",
};

static const struct scenario_field autoscale_fields[] = {
	{ INTEGER(struct autoscale_spec, min_replicas), .flags = FIELD_REQUIRED, RANGE(1, 1e6),
	  .doc = "replicas at the start and the fewest it scales down to" },
	{ INTEGER(struct autoscale_spec, max_replicas), .flags = FIELD_REQUIRED, RANGE(1, 1e6),
	  .doc = "the most replicas it scales up to (at least min_replicas)" },
	{ NUM(struct autoscale_spec, target_utilization), .flags = FIELD_REQUIRED, RANGE(0, 1),
	  .lo_open = 1, .doc = "target of (sequences held + requests waiting) / the active "
			       "replicas' batch slots" },
	{ NUM(struct autoscale_spec, tolerance), DEFAULT(0.1), RANGE(0, 1),
	  .doc = "no change while the ratio to the target is within 1 +- this (Kubernetes "
		 "HPA's default, 0.1)" },
	{ NUM(struct autoscale_spec, interval_s), DEFAULT(15), RANGE(0.001, 86400), .unit = "s",
	  .doc = "how often it decides (Kubernetes HPA's default sync period, 15 s)" },
	{ NUM(struct autoscale_spec, scale_up_delay_s), .flags = FIELD_IF_POSITIVE, DEFAULT(0),
	  RANGE(0, 86400), .unit = "s", .dflt_doc = "the profile's load time",
	  .doc = "a new replica holds its GPUs this long, loading its model, before it serves "
		 "(default: weights at 7 GB/s + 30 s engine start, docs/inference.md)" },
	{ NUM(struct autoscale_spec, scale_down_cooldown_s), DEFAULT(300), RANGE(0, 1e7),
	  .unit = "s", .doc = "the load must call for fewer replicas this long before one is "
			      "drained (Kubernetes HPA's default stabilization, 300 s)" },
	FIELDS_END,
};

static const struct scenario_section autoscale_section = {
	"workload.services[].autoscale",
	"Replicas following the load: Kubernetes' horizontal autoscaler's rule on batch "
	"occupancy.", autoscale_fields, NULL, .streams = NULL,
};

static const struct scenario_field service_fields[] = {
	{ STRING(struct service_spec, name), .flags = FIELD_HAND | FIELD_REQUIRED,
	  .doc = "unique; 1 to 63 letters, digits, `_`, `-` and `.`: names the service in outputs "
		 "(inference.csv, requests.csv, timeseries.csv's columns `service.<name>.*`)" },
	{ ENUM(struct service_spec, profile), .flags = FIELD_REQUIRED,
	  .name_at = inference_profile_name,
	  .doc = "the measured performance profile of (model, accelerator, GPUs per replica); "
		 "must be of the cluster's accelerator (sources: docs/inference.md)" },
	{ INTEGER(struct service_spec, replicas), DEFAULT(1), RANGE(1, 1e6),
	  .doc = "replicas, each holding the profile's GPUs for the whole run (with autoscale: "
		 "its min_replicas, not given)" },
	{ INTEGER(struct service_spec, max_batch), .flags = FIELD_IF_POSITIVE, DEFAULT(0),
	  RANGE(0, 1e5), .dflt_doc = "the profile's",
	  .doc = "sequences a replica serves at once (continuous batching)" },
	{ NUM(struct service_spec, kv_cache_tokens), .flags = FIELD_IF_POSITIVE, DEFAULT(0),
	  RANGE(0, 1e10), .unit = "tokens",
	  .dflt_doc = "the profile's on its accelerator: (GPUs x memory x 0.9 - weights) / KV "
		      "bytes per token",
	  .doc = "a replica's KV-cache capacity: a request joins it only while its sequences' "
		 "prompt + output tokens, reserved at admission, fit (vLLM's default "
		 "gpu_memory_utilization 0.9; docs/inference.md)" },
	{ ENUM(struct service_spec, mode), .names = scenario_service_mode_names,
	  DEFAULT(SERVICE_REQUEST),
	  .doc = "request: every request simulated (exact percentiles, for traces and small "
		 "fleets); aggregate: arrivals per step_s and a queueing approximation "
		 "(docs/inference.md), for years of large fleets" },
	{ NUM(struct service_spec, step_s), DEFAULT(60), RANGE(0.001, 86400), .unit = "s",
	  .doc = "aggregate: the interval arrivals are taken per (a minute: well inside the "
		 "hour of the rate profiles and the autoscaler's cool-down)" },
	{ ENUM(struct service_spec, arrivals), .names = scenario_service_arrival_names,
	  DEFAULT(SERVICE_POISSON),
	  .doc = "poisson: a rate with hourly and weekday multipliers and token distributions; "
		 "trace: replay trace_file's times and tokens" },
	{ STRING(struct service_spec, trace_file), .flags = FIELD_HAND | FIELD_REQ_CUSTOM,
	  .dflt_doc = "required for trace",
	  .doc = "trace: a CSV with TIMESTAMP, ContextTokens, GeneratedTokens (the Azure LLM "
		 "inference trace 2023 format), relative to the scenario; times from its first "
		 "row (resolved.json: the path read)" },
	{ NUM(struct service_spec, rate_per_s), .flags = FIELD_HAND | FIELD_REQ_CUSTOM, RANGE(0, 1e7),
	  .unit = "1/s", .dflt_doc = "required for poisson",
	  .doc = "poisson: mean request rate, times the hour's and day's multipliers" },
	{ CUSTOM("hourly_profile"), .type_doc = "24 numbers", RANGE(0, 1e3), .dflt_doc = "all 1",
	  .doc = "rate multiplier by hour of the day, hour 0 = the run's start" },
	{ CUSTOM("weekday_profile"), .type_doc = "7 numbers", RANGE(0, 1e3), .dflt_doc = "all 1",
	  .doc = "rate multiplier by day of the week, day 0 = the run's first" },
	{ ENUM(struct service_spec, tokens), .names = scenario_service_token_names,
	  DEFAULT(TOKENS_LOGNORMAL),
	  .doc = "token counts' distribution: lognormal (by mean and log sd), exponential "
		 "(geometric on 1, 2, ...), constant" },
	{ NUM(struct service_spec, prompt_tokens_mean), DEFAULT(1154.7), RANGE(1, 1e7),
	  .doc = "mean prompt tokens (Azure LLM inference trace 2023, conversation)" },
	{ NUM(struct service_spec, prompt_tokens_sigma), DEFAULT(0.985), RANGE(0, 5),
	  .lo_open = 1, .only = VARIANT(TOKENS_LOGNORMAL),
	  .doc = "lognormal: sd of the log prompt tokens (Azure trace, conversation)" },
	{ NUM(struct service_spec, output_tokens_mean), DEFAULT(211.1), RANGE(1, 1e7),
	  .doc = "mean output tokens (Azure LLM inference trace 2023, conversation)" },
	{ NUM(struct service_spec, output_tokens_sigma), DEFAULT(0.859), RANGE(0, 5),
	  .lo_open = 1, .only = VARIANT(TOKENS_LOGNORMAL),
	  .doc = "lognormal: sd of the log output tokens (Azure trace, conversation)" },
	{ INTEGER(struct service_spec, queue_limit), DEFAULT(0), RANGE(0, 1e8),
	  .doc = "requests that may wait; one arriving past it is dropped; 0 = no limit" },
	{ INTEGER(struct service_spec, priority), RANGE(-1000000, 1000000), DEFAULT(0),
	  .doc = "on the job classes' scale: a replica that finds no free GPUs stops running "
		 "jobs of preemptible classes of a lower priority (and spot jobs), by issue 18's "
		 "victim rule; 0, the classes' default, preempts only spot jobs" },
	{ OBJECT("autoscale", struct service_spec, autoscale), .flags = FIELD_HAND,
	  .sub = &autoscale_section, .dflt_doc = "none: replicas fixed",
	  .doc = "replicas follow the load between min_replicas and max_replicas" },
	{ NUM(struct service_spec, slo_ttft_s), .flags = FIELD_IF_POSITIVE, DEFAULT(0),
	  RANGE(0, 1e6), .unit = "s", .dflt_doc = "none",
	  .doc = "target: time to first token (p99 reported against it)" },
	{ NUM(struct service_spec, slo_tbt_s), .flags = FIELD_IF_POSITIVE, DEFAULT(0),
	  RANGE(0, 1e6), .unit = "s", .dflt_doc = "none",
	  .doc = "target: a request's mean time between output tokens" },
	{ NUM(struct service_spec, slo_e2e_s), .flags = FIELD_IF_POSITIVE, DEFAULT(0),
	  RANGE(0, 1e6), .unit = "s", .dflt_doc = "none",
	  .doc = "target: end-to-end latency" },
	FIELDS_END,
};

/* A service's arrivals, prompt and output lengths (rng_streams.h). */
static int service_streams(const void *base, size_t index, const struct scenario *sc,
			   stream_add add, void *ctx)
{
	(void)sc;
	const struct service_spec *s = base;
	if (s->arrivals == SERVICE_TRACE)
		return 0; /* a replay draws nothing */
	static const char *const names[] = { "arrivals", "prompt_tokens", "output_tokens" };
	int rc = 0;
	for (unsigned k = 0; k < 3 && rc == 0; k++)
		rc = add(ctx, "service", s->name, names[k], rng_stream_inference(index, k));
	return rc;
}

const struct scenario_section scenario_service_section = {
	"workload.services[]", "An inference service: replicas of a model serving requests.",
	service_fields, NULL, .streams = service_streams,
};

/* key: n multipliers >= 0, not all 0; absent: all 1. */
static int read_profile(struct jfield *j, const cJSON *o, const char *path, const char *key,
			int n, double *out)
{
	char p[JPATH_MAX];
	jfield_path(p, path, key);
	for (int i = 0; i < n; i++)
		out[i] = 1.0;
	const cJSON *arr = cJSON_GetObjectItemCaseSensitive(o, key);
	if (!arr)
		return 0;
	if (!cJSON_IsArray(arr) || cJSON_GetArraySize(arr) != n) {
		jfield_error(j, p, "must be an array of %d multipliers", n);
		return -1;
	}
	double sum = 0;
	int rc = 0;
	for (int i = 0; i < n; i++) {
		const cJSON *v = cJSON_GetArrayItem(arr, i);
		char ip[JPATH_MAX];
		jfield_index(ip, p, i);
		if (!cJSON_IsNumber(v) || !(v->valuedouble >= 0 && v->valuedouble <= 1e3)) {
			jfield_error(j, ip, "must be a multiplier in [0, 1000]");
			rc = -1;
			continue;
		}
		out[i] = v->valuedouble;
		sum += out[i];
	}
	if (rc == 0 && !(sum > 0)) {
		jfield_error(j, p, "must not be all 0");
		rc = -1;
	}
	return rc;
}

static int parse_trace(void *arg, void **value, struct diag *d)
{
	const char *path = arg;
	struct request_trace *t = calloc(1, sizeof *t);
	double *hours = NULL;
	size_t n2 = 0;
	if (!t)
		return -1;
	if (trace_column_read_timed(path, "TIMESTAMP", "ContextTokens", &t->prompt, &hours, &t->n,
				    d) != 0 ||
	    trace_column_read(path, "GeneratedTokens", 1, &t->output, &n2, d) != 0)
		goto fail;
	if (n2 != t->n) { /* (before the rows are read pairwise) */
		diag_add(d, "%s: %zu rows with ContextTokens, %zu with GeneratedTokens", path,
			 t->n, n2);
		goto fail;
	}
	t->t_s = malloc(t->n * sizeof *t->t_s);
	if (!t->t_s)
		goto fail;
	for (size_t i = 0; i < t->n; i++) {
		long line = (long)i + 2;
		double p = t->prompt[i];
		if (!(p >= 0) || p != floor(p)) {
			diag_add(d, "%s: line %ld: column \"ContextTokens\": must be a whole number "
				 ">= 0", path, line);
			goto fail;
		}
		if (t->output[i] != floor(t->output[i])) {
			diag_add(d, "%s: line %ld: column \"GeneratedTokens\": must be a whole "
				 "number >= 0", path, line);
			goto fail;
		}
		t->t_s[i] = (hours[i] - hours[0]) * 3600.0;
		if (i > 0 && hours[i] < hours[i - 1]) {
			diag_add(d, "%s: line %ld: column \"TIMESTAMP\": times must not decrease",
				 path, line);
			goto fail;
		}
	}
	free(hours);
	*value = t;
	return 0;
fail:
	free(hours);
	scenario_request_trace_free(t);
	return -1;
}

void scenario_request_trace_free(void *v)
{
	struct request_trace *t = v;
	if (!t)
		return;
	free(t->t_s);
	free(t->prompt);
	free(t->output);
	free(t);
}

static int read_trace(struct jfield *j, const cJSON *o, const char *path,
		      const struct scenario_files *f, struct service_spec *s)
{
	char p[JPATH_MAX];
	jfield_path(p, path, "trace_file");
	if (scenario_table_read_key(j, o, path, service_fields, "trace_file", s, 1) != 0)
		return -1;
	if (scenario_join_path(f->base_dir, s->trace_file, &s->trace_path) != 0)
		return -1;
	struct diag inner;
	diag_init(&inner);
	void *v = NULL;
	int rc = f->cache ? series_cache_get(f->cache, parse_trace, scenario_request_trace_free,
					     s->trace_path, &v, &inner, "request trace %s",
					     s->trace_path)
			  : parse_trace(s->trace_path, &v, &inner);
	for (size_t i = 0; i < inner.count; i++)
		jfield_error(j, p, "%s", inner.msgs[i]);
	diag_inherit_oom(j->d, &inner);
	diag_fini(&inner);
	if (rc != 0)
		return -1;
	s->trace = v;
	s->trace_shared = f->cache != NULL;
	return 0;
}

/* Arrivals: a trace takes none of the Poisson keys; Poisson needs a rate. */
static int read_arrivals(struct jfield *j, const cJSON *o, const char *path,
			 const struct scenario_files *f, struct service_spec *s)
{
	int rc = 0;
	char p[JPATH_MAX];
	if (s->arrivals == SERVICE_TRACE) {
		for (const char *const *k = poisson_keys; *k; k++) {
			if (cJSON_GetObjectItemCaseSensitive(o, *k)) {
				jfield_path(p, path, *k);
				jfield_error(j, p, "not used with trace arrivals (the trace gives "
					     "times and tokens)");
				rc = -1;
			}
		}
		return rc | read_trace(j, o, path, f, s);
	}
	if (cJSON_GetObjectItemCaseSensitive(o, "trace_file")) {
		jfield_path(p, path, "trace_file");
		jfield_error(j, p, "only read with \"arrivals\": \"trace\"");
		rc = -1;
	}
	rc |= scenario_table_read_key(j, o, path, service_fields, "rate_per_s", s, 1);
	rc |= scenario_table_check_only(j, o, path, service_fields, (int)s->tokens, &token_kinds);
	rc |= read_profile(j, o, path, "hourly_profile", 24, s->hourly);
	rc |= read_profile(j, o, path, "weekday_profile", 7, s->weekday);
	return rc;
}

static int read_autoscale(struct jfield *j, const cJSON *o, const char *path,
			  struct service_spec *s)
{
	const cJSON *a;
	char p[JPATH_MAX];
	jfield_path(p, path, "autoscale");
	if (jfield_object(j, o, path, "autoscale", 0, &a) != 0)
		return -1;
	if (!a)
		return 0;
	struct autoscale_spec *as = &s->autoscale;
	scenario_table_defaults(autoscale_fields, as);
	int rc = scenario_table_check_keys(j, a, p, autoscale_fields);
	rc |= scenario_table_read(j, a, p, autoscale_fields, as, 0);
	if (rc != 0)
		return -1;
	as->on = 1;
	if (as->max_replicas < as->min_replicas) {
		char q[JPATH_MAX];
		jfield_path(q, p, "max_replicas");
		jfield_error(j, q, "%d is below min_replicas (%d)", as->max_replicas,
			     as->min_replicas);
		rc = -1;
	}
	if (cJSON_GetObjectItemCaseSensitive(o, "replicas")) {
		char q[JPATH_MAX];
		jfield_path(q, path, "replicas");
		jfield_error(j, q, "not used with autoscale (the replicas start at min_replicas)");
		rc = -1;
	}
	s->replicas = as->min_replicas;
	return rc;
}

/* A service's name names columns (timeseries.csv's service.<name>.*, a
 * plot's series), so it keeps to characters no CSV, shell or gnuplot
 * quoting touches, and to the 63 of inference.csv's name field. */
#define SERVICE_NAME_MAX 63
static int service_name_ok(const char *name)
{
	size_t n = 0;
	for (; name[n]; n++) {
		unsigned char ch = (unsigned char)name[n];
		if (!isalnum(ch) && ch != '_' && ch != '-' && ch != '.')
			return 0;
	}
	return n <= SERVICE_NAME_MAX;
}

/* A KV cache must hold one mean request's prompt + output tokens (the
 * distributions' means, or the trace's): below it most requests could
 * never be served (the request level drops those longer than the cache). */
static int check_kv_cache(struct jfield *j, const char *path, const struct service_spec *s)
{
	double mean = s->prompt_tokens_mean + s->output_tokens_mean;
	if (s->arrivals == SERVICE_TRACE) {
		if (!s->trace || s->trace->n == 0)
			return 0;
		double sum = 0;
		for (size_t i = 0; i < s->trace->n; i++)
			sum += s->trace->prompt[i] + s->trace->output[i];
		mean = sum / (double)s->trace->n;
	}
	if (s->kv_cache_tokens >= mean)
		return 0;
	char p[JPATH_MAX];
	jfield_path(p, path, "kv_cache_tokens");
	jfield_error(j, p, "%.0f tokens hold less than one mean request's prompt + output "
		     "(%.1f tokens%s)", s->kv_cache_tokens, mean,
		     s->arrivals == SERVICE_TRACE ? " in the trace" : "");
	return -1;
}

static int read_service(struct jfield *j, const cJSON *o, const char *path,
			const struct scenario_files *f, struct service_spec *s)
{
	const struct scenario_field *t = service_fields;
	if (!cJSON_IsObject(o)) {
		jfield_error(j, path, "a service must be an object, got %s", jfield_type_name(o));
		return -1;
	}
	int rc = scenario_table_check_keys(j, o, path, t);
	scenario_table_defaults(t, s);
	rc |= scenario_table_read_key(j, o, path, t, "name", s, 0);
	if (s->name && !s->name[0]) {
		char p[JPATH_MAX];
		jfield_path(p, path, "name");
		jfield_error(j, p, "must not be empty");
		rc = -1;
	} else if (s->name && !service_name_ok(s->name)) {
		char p[JPATH_MAX];
		jfield_path(p, path, "name");
		jfield_error(j, p, "at most %d letters, digits, '_', '-' and '.' (it names "
			     "timeseries.csv's columns service.<name>.*)", SERVICE_NAME_MAX);
		rc = -1;
	}
	if (scenario_table_read(j, o, path, t, s, 0) != 0)
		return -1;
	rc |= read_arrivals(j, o, path, f, s);
	rc |= read_autoscale(j, o, path, s);
	s->perf = inference_profile_at(s->profile);
	if (s->max_batch == 0)
		s->max_batch = s->perf->max_batch;
	if (!(s->kv_cache_tokens > 0)) /* the catalog's accelerator: the check below matches it */
		s->kv_cache_tokens = inference_kv_tokens(s->perf,
							 hardware_accel_find(s->perf->accel)->memory_gb);
	if (rc == 0)
		rc = check_kv_cache(j, path, s);
	if (s->autoscale.on && !(s->autoscale.scale_up_delay_s > 0))
		s->autoscale.scale_up_delay_s = inference_load_s(s->perf);
	return rc;
}

int scenario_read_services(struct jfield *j, const cJSON *w, const struct scenario_files *f,
			   struct scenario *sc)
{
	const cJSON *arr;
	void *out;
	if (jfield_array(j, w, "workload", "services", MAX_SERVICES, "services",
			 sizeof *sc->services, &arr, &out, &sc->n_services) != 0)
		return -1;
	sc->services = out;
	int rc = 0;
	for (size_t i = 0; i < sc->n_services; i++) {
		char p[JPATH_MAX];
		jfield_index(p, "workload.services", (int)i);
		rc |= read_service(j, cJSON_GetArrayItem(arr, (int)i), p, f, &sc->services[i]);
	}
	for (size_t a = 0; a < sc->n_services; a++) {
		for (size_t b = 0; b < a; b++) {
			const char *na = sc->services[a].name, *nb = sc->services[b].name;
			if (na && nb && strcmp(na, nb) == 0) {
				char p[JPATH_MAX];
				snprintf(p, sizeof p, "workload.services[%zu].name", a);
				jfield_error(j, p, "\"%s\" is also the name of services[%zu]", na, b);
				rc = -1;
			}
		}
	}
	return rc;
}

/*
 * The services against the cluster and the other sections: the profile is
 * of the cluster's accelerator and the replicas fit the cluster.
 */
int scenario_check_services(struct jfield *j, const struct scenario *sc)
{
	int rc = 0;
	long gpus = 0;
	for (size_t i = 0; i < sc->n_services; i++) {
		const struct service_spec *s = &sc->services[i];
		char p[JPATH_MAX], q[JPATH_MAX];
		jfield_index(p, "workload.services", (int)i);
		if (strcmp(s->perf->accel, sc->node.accel.name) != 0) {
			jfield_path(q, p, "profile");
			jfield_error(j, q, "profile %s was measured on %s; the cluster's accelerator "
				     "is %s", s->perf->name, s->perf->accel, sc->node.accel.name);
			rc = -1;
		}
		gpus += (long)s->replicas * s->perf->gpus_per_replica;
		long most = (long)s->autoscale.max_replicas * s->perf->gpus_per_replica;
		if (s->autoscale.on && most > scenario_total_gpus(sc)) {
			jfield_path(q, p, "autoscale.max_replicas");
			jfield_error(j, q, "%d replicas need %ld GPUs; the cluster has %d",
				     s->autoscale.max_replicas, most, scenario_total_gpus(sc));
			rc = -1;
		}
	}
	if (sc->n_services == 0)
		return rc;
	if (gpus > scenario_total_gpus(sc)) {
		jfield_error(j, "workload.services", "the replicas need %ld GPUs; the cluster has %d",
			     gpus, scenario_total_gpus(sc));
		rc = -1;
	}
	return rc;
}

void scenario_free_services(struct scenario *sc)
{
	for (size_t i = 0; i < sc->n_services; i++) {
		struct service_spec *s = &sc->services[i];
		free(s->name);
		free(s->trace_file);
		free(s->trace_path);
		if (!s->trace_shared)
			scenario_request_trace_free((void *)(uintptr_t)s->trace);
	}
	free(sc->services);
	sc->services = NULL;
	sc->n_services = 0;
}
