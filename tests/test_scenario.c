/*
 * test_scenario.c - scenario loading: defaults, overrides, round trip, and
 * every bad-input rule with the message it must give.
 */
#include <stdlib.h>

#include <string.h>

#include <cjson/cJSON.h>

#include "hardware.h"
#include "rng.h"
#include "rng_streams.h"
#include "scenario_int.h"
#include "scenario_table.h"
#include "test_util.h"

static const char base[] =
	"{ \"name\": \"t\", \"duration_h\": 24,\n"
	"  \"cluster\": { \"racks\": 2, \"nodes_per_rack\": 4, \"node\": \"hgx_h100\" },\n"
	"  \"workload\": { \"classes\": [ { \"name\": \"c\",\n"
	"    \"arrival\": { \"process\": \"poisson\", \"rate_per_h\": 1 }, \"gpus\": 8,\n"
	"    \"duration\": { \"distribution\": \"exponential\", \"mean_h\": 2 },\n"
	"    \"utilization\": 0.5 } ] } }";

/* Load base with one override; expect failure with a message holding
 * every needle. */
static void expect_error(const char *set, const char *n1, const char *n2)
{
	struct scenario sc;
	struct diag d;
	const char *sets[] = { set };
	int rc = load_text(base, sets, 1, &sc, &d);
	if (rc == 0 || !diag_has(&d, n1, n2, (const char *)NULL)) {
		print_diag(&d);
		fail_msg("--set %s: expected an error with \"%s\" and \"%s\"", set, n1, n2);
	}
	diag_fini(&d);
	scenario_fini(&sc);
}

/* Issue 16: the time series past 1e7 rows is refused only while it is
 * written; an offered load past the cluster and an empty workload warn. */
static void test_limits_and_warnings(void **state)
{
	(void)state;
	struct scenario sc;
	struct diag d, w;
	const char *rows[] = { "duration_h=8760", "sample_interval_min=0.01" };
	assert_int_not_equal(load_text(base, rows, 2, &sc, &d), 0);
	assert_true(diag_has(&d, "sample_interval_min", "5.256e+07 time-series rows",
			     "more than 1e+07", (const char *)NULL));
	diag_fini(&d);
	scenario_fini(&sc);
	const char *off[] = { "duration_h=8760", "sample_interval_min=0.01", "output.timeseries=false" };
	assert_int_equal(load_text(base, off, 3, &sc, &d), 0);
	assert_int_equal(sc.max_queued_jobs, 10000000);
	diag_init(&w);
	scenario_warnings(&sc, &w); /* 1/h x 8 GPUs x 2 h = 16 of 64 GPUs */
	assert_int_equal(w.count, 0);
	diag_fini(&w);
	diag_fini(&d);
	scenario_fini(&sc);
	const char *over[] = { "workload.classes[0].arrival.rate_per_h=5" };
	assert_int_equal(load_text(base, over, 1, &sc, &d), 0);
	diag_init(&w);
	scenario_warnings(&sc, &w); /* 80 GPUs offered, 64 installed */
	assert_true(diag_has(&w, "offered load 80 GPUs is 1.25 x the 64 installed",
			     (const char *)NULL));
	assert_true(diag_has(&w, "workload.classes[0] (c): offered load 80 GPUs", (const char *)NULL));
	diag_fini(&w);
	diag_fini(&d);
	scenario_fini(&sc);
	const char *none[] = { "workload.classes=[]" };
	assert_int_equal(load_text(base, none, 1, &sc, &d), 0);
	diag_init(&w);
	scenario_warnings(&sc, &w);
	assert_true(diag_has(&w, "no job classes", (const char *)NULL));
	diag_fini(&w);
	diag_fini(&d);
	scenario_fini(&sc);
	const char *bad[] = { "name=\"a\xff\"" };
	assert_int_not_equal(load_text(base, bad, 1, &sc, &d), 0);
	assert_true(diag_has(&d, "name: not valid UTF-8", (const char *)NULL));
	diag_fini(&d);
	scenario_fini(&sc);
}

static void test_defaults(void **state)
{
	(void)state;
	struct scenario sc;
	struct diag d;
	assert_int_equal(load_text(base, NULL, 0, &sc, &d), 0);
	assert_int_equal(sc.n_zones, 1);
	assert_int_equal(sc.zones[0].spec.tech, COOLING_FIXED_PUE);
	assert_rel(sc.zones[0].spec.pue, 1.58, 0);
	assert_rel(sc.sample_interval_min, 15, 0);
	assert_int_equal(sc.seed, 1);
	assert_string_equal(scenario_policy_name(sc.policy), "fcfs");
	assert_int_equal(scenario_total_gpus(&sc), 64);
	assert_string_equal(sc.node.accel.name, "h100_sxm");
	assert_rel(hardware_node_max_w(&sc.node), 10200.0, 1e-12); /* DGX H100 datasheet */
	scenario_fini(&sc);
	diag_fini(&d);
}

static void test_set_overrides(void **state)
{
	(void)state;
	struct scenario sc;
	struct diag d;
	const char *sets[] = { "cluster.racks=40", "workload.classes[0].utilization=0.9",
			       "name=trial run", "cooling={\"technology\":\"fixed_pue\",\"pue\":1.2}",
			       "cluster.node={\"preset\":\"hgx_h100\",\"host_max_w\":4000}" };
	assert_int_equal(load_text(base, sets, 5, &sc, &d), 0);
	assert_int_equal(sc.racks, 40);
	assert_rel(sc.classes[0].utilization, 0.9, 0);
	assert_string_equal(sc.name, "trial run");
	assert_rel(sc.zones[0].spec.pue, 1.2, 0);
	assert_rel(sc.node.host_max_w, 4000, 0);
	scenario_fini(&sc);
	diag_fini(&d);
}

/* The default with sets: resolved.json's "scenario" loads back to the same
 * resolved text, which holds must (a field a set changed: text equality
 * alone would miss a field the emitter drops). */
static void round_trip(const char *const *sets, size_t n_sets, const char *must)
{
	struct scenario a, b;
	struct diag d;
	diag_init(&d);
	assert_int_equal(scenario_load(scenario_default_json, "default",
				       DCSIM_SOURCE_DIR "/scenarios", NULL, sets, n_sets, &a, &d), 0);
	char *ja = scenario_to_json(&a);
	assert_non_null(ja);
	const char *s = strstr(ja, "\"scenario\":");
	assert_non_null(s);
	if (must && !strstr(ja, must))
		fail_msg("resolved JSON lacks %s:\n%s", must, ja);
	/* cut the "scenario" object out of the resolved document */
	const char *open = strchr(s, '{');
	int depth = 0;
	const char *end = open;
	for (; *end; end++) {
		depth += *end == '{';
		depth -= *end == '}';
		if (depth == 0)
			break;
	}
	char *inner = strndup(open, (size_t)(end - open + 1));
	assert_int_equal(scenario_load(inner, "default", "", DCSIM_SOURCE_DIR "/scenarios", NULL, 0,
				       &b, &d), 0);
	char *jb = scenario_to_json(&b);
	/* identical but for "source" */
	assert_string_equal(strstr(ja, "\"scenario\":"), strstr(jb, "\"scenario\":"));
	free(ja);
	free(jb);
	free(inner);
	scenario_fini(&a);
	scenario_fini(&b);
	diag_fini(&d);
}

static void test_round_trip(void **state)
{
	(void)state;
	round_trip(NULL, 0, "\"room_cooling\":");
	/* three halls of three technologies, sized chillers, the electrical
	 * rooms' plant and an outdoor transformer all come back as they were */
	const char *const halls[] = {
		"cooling=[{\"name\": \"air\", \"racks\": 32, \"technology\": \"air\","
		" \"air\": {\"economizer\": \"air_side\"}},"
		" {\"racks\": 16, \"technology\": \"direct_to_chip\", \"liquid\": {\"supply_c\": 40}},"
		" {\"racks\": 16, \"technology\": \"immersion\","
		" \"liquid\": {\"trim_chiller\": {\"capacity_kw\": 50}}}]",
		"power.chain.levels[0].outdoors=true",
		"weather={\"site\": \"phoenix\", \"start_day_of_year\": 200}",
	};
	round_trip(halls, 3, "\"outdoors\":\ttrue");
	const char *const room[] = { "power.chain.room_cooling={\"technology\": \"fixed_pue\","
				     " \"pue\": 1.4}" };
	round_trip(room, 1, "\"pue\":\t1.4");
	const char *const grid[] = { "grid={\"carbon\": \"pjm\", \"price\": [30, 30, 30, 30, 30, "
				     "30, 45, 60, 60, 60, 60, 60, 60, 60, 60, 60, 90, 120, 120, 90, "
				     "60, 45, 40, 35.5]}" };
	round_trip(grid, 1, "\"carbon\":\t\"pjm\"");
	/* a staged capacity, its policy, a battery with default thresholds,
	 * a preemptible class and a deferrable one */
	const char *const cap[] = {
		"grid={\"carbon\": \"caiso\", \"capacity_mw\": {\"steps\": [{\"at_h\": 0, "
		"\"value\": 2}, {\"at_h\": 100, \"value\": 3}]}, \"policy\": \"throttle_then_queue\","
		" \"throttle_floor\": 0.6, \"battery\": {\"energy_mwh\": 2, \"power_mw\": 0.5,"
		" \"policy\": \"carbon_arbitrage\"}}",
		"workload.classes[0].preemptible=true", "workload.classes[0].checkpoint_interval_h=2",
		"workload.classes[1].deferrable={\"slack_h\": 6, \"forecast_error\": 0.1}",
	};
	round_trip(cap, 4, "\"discharge_above\":");
}

/* The ids of resolved.json's seeds.streams, in order; their seeds checked. */
static size_t listed_streams(const char *const *sets, size_t n_sets, uint64_t *ids, size_t cap)
{
	struct scenario sc;
	struct diag d;
	if (load_text(base, sets, n_sets, &sc, &d) != 0) {
		print_diag(&d);
		fail_msg("the scenario should load");
	}
	char *text = scenario_to_json(&sc);
	assert_non_null(text);
	cJSON *root = cJSON_Parse(text);
	assert_non_null(root);
	const cJSON *streams =
		cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(root, "seeds"),
						 "streams");
	size_t n = 0;
	const cJSON *s;
	cJSON_ArrayForEach(s, streams) {
		assert_true(n < cap);
		ids[n] = (uint64_t)cJSON_GetObjectItemCaseSensitive(s, "id")->valuedouble;
		double seed = cJSON_GetObjectItemCaseSensitive(s, "seed")->valuedouble;
		assert_true(seed == (double)rng_stream_seed(sc.seed, sc.replication, ids[n]));
		n++;
	}
	cJSON_Delete(root);
	free(text);
	diag_fini(&d);
	scenario_fini(&sc);
	return n;
}

/* Every stream the run draws from is listed, once, with the registry's id:
 * the class's three, deferral's forecast errors only with an error, and
 * each failure process's two. */
static void test_seeds_listed(void **state)
{
	(void)state;
	uint64_t ids[16];
	assert_int_equal(listed_streams(NULL, 0, ids, 16), 3);
	for (unsigned k = 0; k < 3; k++)
		assert_true(ids[k] == rng_stream_class(0, k));
	const char *const sets[] = {
		"grid={\"carbon\": \"pjm\", \"utc_offset_h\": -5}",
		"workload.classes[0].deferrable={\"slack_h\": 6, \"forecast_error\": 0.1}",
		"failures=[{\"kind\": \"gpu\"}, {\"kind\": \"node\"}]",
	};
	const uint64_t want[] = { RNG_STREAM_FORECAST,	  rng_stream_class(0, 0),
				  rng_stream_class(0, 1), rng_stream_class(0, 2),
				  rng_stream_failures(0), rng_stream_repairs(0),
				  rng_stream_failures(1), rng_stream_repairs(1) };
	assert_int_equal(listed_streams(sets, 3, ids, 16), 8);
	for (size_t k = 0; k < 8; k++)
		assert_true(ids[k] == want[k]);
	/* a perfect forecast draws nothing */
	const char *const perfect[] = { sets[0], "workload.classes[0].deferrable={\"slack_h\": 6}" };
	assert_int_equal(listed_streams(perfect, 2, ids, 16), 3);
}

static void test_syntax_error_line_col(void **state)
{
	(void)state;
	struct scenario sc;
	struct diag d;
	assert_int_equal(load_text("{\n  \"name\": \"x\",\n  \"seed\": 1,,\n}", NULL, 0, &sc, &d), -1);
	assert_true(diag_has(&d, "test.json:3:", "syntax error", (const char *)NULL));
	diag_fini(&d);
	assert_int_equal(load_text("[1, 2]", NULL, 0, &sc, &d), -1);
	assert_true(diag_has(&d, "must be a JSON object", (const char *)NULL));
	diag_fini(&d);
}

static void test_unknown_key_suggests(void **state)
{
	(void)state;
	expect_error("cluster.rackz=3", "cluster.rackz", "did you mean \"racks\"");
	expect_error("workload.classes[0].utilisation=0.5", "utilisation",
		     "did you mean \"utilization\"");
	expect_error("frobnicate=1", "frobnicate", "unknown key");
	expect_error("scheduler.policy=fcsf", "scheduler.policy", "did you mean \"fcfs\"");
	expect_error("cluster.node=h100_hgx", "cluster.node", "unknown node preset");
	/* the tables check a --set path before it is written: the message
	 * names the --set */
	expect_error("grid.battery.enrgy_mwh=3", "--set grid.battery.enrgy_mwh=3",
		     "did you mean \"energy_mwh\"");
}

/* Paths through lists, presets and a key's other shapes are rows; a typo
 * anywhere is caught with the path up to it. */
static void test_set_path_check(void **state)
{
	(void)state;
	static const char *const good[] = {
		"seed", "cooling[1].racks", "cooling.air.chiller.capacity_kw",
		"cluster.node.accelerator.power_curve.exponent", "power.chain.levels[2].rating_kw",
		"power.chain.room_cooling.air.economizer", "grid.price.steps[0].value",
		"grid.carbon.time_column", "workload.classes[0].duration.sigma", "weather.site",
		"cluster.rack_devices[0].device.max_w",
	};
	char bad[JPATH_MAX];
	const char *hint;
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
		if (scenario_set_check_path(good[i], bad, &hint) != 0)
			fail_msg("%s: rejected at %s", good[i], bad);
	assert_int_equal(scenario_set_check_path("power.chain.levels[0].ratng_kw", bad, &hint), -1);
	assert_string_equal(bad, "power.chain.levels[0].ratng_kw");
	assert_string_equal(hint, "rating_kw");
	assert_int_equal(scenario_set_check_path("clustr.racks", bad, &hint), -1);
	assert_string_equal(bad, "clustr");
	assert_string_equal(hint, "cluster");
}

static void check_section(const struct scenario_section *s, int depth)
{
	assert_true(depth < 8);
	assert_non_null(s->doc);
	for (const struct scenario_field *f = s->fields; f->key; f++) {
		for (const struct scenario_field *g = s->fields; g != f; g++)
			if (strcmp(f->key, g->key) == 0)
				fail_msg("%s.%s: two rows", s->path, f->key);
		if (!f->doc)
			fail_msg("%s.%s: no doc", s->path, f->key);
		if (f->type == FIELD_ENUM && !scenario_field_name(f, 0))
			fail_msg("%s.%s: an enum without names", s->path, f->key);
		if ((f->type == FIELD_NUMBER || f->type == FIELD_INT) && !f->hi_key &&
		    !(f->lo <= f->hi))
			fail_msg("%s.%s: range [%g, %g]", s->path, f->key, f->lo, f->hi);
		if (f->hi_key && !scenario_table_row(s->fields, f->hi_key))
			fail_msg("%s.%s: bound %s is no row", s->path, f->key, f->hi_key);
		if (f->has_dflt && f->type == FIELD_NUMBER && !(f->dflt >= f->lo && f->dflt <= f->hi))
			fail_msg("%s.%s: default %g outside its range", s->path, f->key, f->dflt);
		if (f->sub)
			check_section(f->sub, depth + 1);
	}
	if (s->also)
		check_section(s->also, depth + 1);
}

/* Every row is documented, unique in its section, and consistent. */
static void test_tables_consistent(void **state)
{
	(void)state;
	check_section(&scenario_root_section, 0);
}

/* A row's default is what a load without the key gives. */
static void test_table_defaults_apply(void **state)
{
	(void)state;
	struct scenario sc;
	struct diag d;
	const char *sets[] = { "grid={\"capacity_mw\": 10, \"battery\": {\"energy_mwh\": 2, "
			       "\"power_mw\": 1}}" };
	assert_int_equal(load_text(base, sets, 1, &sc, &d), 0);
	assert_rel(sc.grid.battery.round_trip_efficiency, 0.85, 0); /* NREL ATB 2024 */
	assert_rel(sc.grid.battery.initial_soc, 1, 0);
	assert_rel(sc.grid.battery.energy_wh, 2e6, 0);
	assert_int_equal(sc.write_jobs, 1);
	scenario_fini(&sc);
	diag_fini(&d);
}

static void test_wrong_types_and_ranges(void **state)
{
	(void)state;
	expect_error("cluster.racks=\"ten\"", "cluster.racks", "must be a number");
	expect_error("cluster.racks=0", "cluster.racks", "must be in [1,");
	expect_error("cluster.racks=-3", "cluster.racks", "must be in [1,");
	expect_error("cluster.racks=2.5", "cluster.racks", "whole number");
	expect_error("cooling={\"technology\":\"fixed_pue\",\"pue\":\"x\"}", "cooling.pue", "must be a number");
	expect_error("cooling={\"technology\":\"fixed_pue\",\"pue\":1e999}", "cooling.pue", "finite");
	expect_error("cooling={\"technology\":\"fixed_pue\",\"pue\":0.9}", "cooling.pue", "must be in [1,");
	expect_error("workload.classes[0].utilization=1.5", "classes[0].utilization",
		     "must be in [0, 1]");
	expect_error("workload.classes[0].utilization=-0.1", "utilization", "must be in [0, 1]");
	expect_error("workload.classes[0].gpus=0", "classes[0].gpus", "must be in [1,");
	expect_error("workload.classes[0].arrival.rate_per_h=-1", "rate_per_h", "must be in [0,");
	expect_error("workload.classes[0].duration.mean_h=0", "duration.mean_h", "(0, 876000]");
	/* issue 16: a century at most; weights with a finite sum; jobs that fit;
	 * the time series within 1e7 rows; cluster.node given */
	expect_error("workload.classes[0].duration.mean_h=1e308", "duration.mean_h", "got 1e+308");
	expect_error("workload.classes[0].duration={\"distribution\":\"lognormal\","
		     "\"median_h\":1e6,\"sigma\":1}", "duration.median_h", "(0, 876000]");
	expect_error("workload.classes[0].gpus={\"sizes\":[8,16],\"weights\":[1e308,1e308]}",
		     "gpus.weights", "finite sum");
	expect_error("workload.classes[0].gpus={\"sizes\":[128,8],\"weights\":[1,0]}",
		     "classes[0].gpus", "at least 128 GPUs, more than the 64 installed");
	expect_error("cluster={\"racks\":2,\"nodes_per_rack\":4}", "cluster.node", "required");
	expect_error("limits.max_queued_jobs=0", "limits.max_queued_jobs", "must be in [1,");
	expect_error("cluster.racks=1e308", "cluster.racks", "got 1e+308");
	expect_error("workload.classes[0].duration.sigma=1", "duration.sigma",
		     "not used by the exponential");
	expect_error("duration_h=0", "duration_h", "must be in (0,");
	expect_error("warmup_h=30", "warmup_h", "shorter than the duration");
	expect_error("output.jobs=1", "output.jobs", "true or false");
	expect_error("workload.classes[3].name=x", "--set", "index [3]");
	expect_error("racks", "--set racks", "PATH=VALUE");
}

static void test_missing_trace_file(void **state)
{
	(void)state;
	expect_error("workload.classes[0].duration={\"distribution\":\"empirical\","
		     "\"file\":\"no/such.csv\",\"column\":\"runtime\"}",
		     "duration.file", "no/such.csv: cannot open");
}

static void test_trace_column_missing(void **state)
{
	(void)state;
	expect_error("workload.classes[0].duration={\"distribution\":\"empirical\","
		     "\"file\":\"scenarios/traces/philly_runtime.csv\",\"column\":\"runtimes\"}",
		     "philly_runtime.csv: line 1: no column \"runtimes\"", "\"runtime\"");
}

static void test_trace_cell_not_numeric(void **state)
{
	(void)state;
	expect_error("workload.classes[0].duration={\"distribution\":\"empirical\","
		     "\"file\":\"tests/data/bad_cell.csv\",\"column\":\"runtime\"}",
		     "bad_cell.csv: line 4", "\"abc\" is not a finite number");
	expect_error("workload.classes[0].duration={\"distribution\":\"empirical\","
		     "\"file\":\"tests/data/negative.csv\",\"column\":\"runtime\"}",
		     "negative.csv: line 3", "must be >= 0");
}

static void test_empirical_reads_philly(void **state)
{
	(void)state;
	struct scenario sc;
	struct diag d;
	const char *sets[] = { "workload.classes[0].duration={\"distribution\":\"empirical\","
			       "\"file\":\"scenarios/traces/philly_runtime.csv\",\"column\":\"runtime\"}" };
	assert_int_equal(load_text(base, sets, 1, &sc, &d), 0);
	assert_int_equal(sc.classes[0].duration.n_samples, 83154);
	assert_rel(sc.classes[0].duration.mean_h, 4.0593, 1e-4); /* data/README: mean 4.06 h */
	scenario_fini(&sc);
	diag_fini(&d);
}

/* Every error is reported, not just the first. */
static void test_all_errors_listed(void **state)
{
	(void)state;
	struct scenario sc;
	struct diag d;
	const char *sets[] = { "cluster.racks=0", "duration_h=-1", "seed=-1" };
	assert_int_equal(load_text(base, sets, 3, &sc, &d), -1);
	assert_true(d.count >= 3);
	diag_fini(&d);
}

static void test_duplicate_key(void **state)
{
	(void)state;
	struct scenario sc;
	struct diag d;
	assert_int_equal(load_text("{\"seed\": 1, \"seed\": 2, \"cluster\": {\"racks\": 1, "
				   "\"nodes_per_rack\": 1}}", NULL, 0, &sc, &d), -1);
	assert_true(diag_has(&d, "seed", "duplicate key", (const char *)NULL));
	diag_fini(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_set_overrides),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_seeds_listed),
		cmocka_unit_test(test_syntax_error_line_col),
		cmocka_unit_test(test_unknown_key_suggests),
		cmocka_unit_test(test_set_path_check),
		cmocka_unit_test(test_tables_consistent),
		cmocka_unit_test(test_table_defaults_apply),
		cmocka_unit_test(test_wrong_types_and_ranges),
		cmocka_unit_test(test_missing_trace_file),
		cmocka_unit_test(test_trace_column_missing),
		cmocka_unit_test(test_trace_cell_not_numeric),
		cmocka_unit_test(test_empirical_reads_philly),
		cmocka_unit_test(test_all_errors_listed),
		cmocka_unit_test(test_duplicate_key),
		cmocka_unit_test(test_limits_and_warnings),
	};
	return cmocka_run_group_tests_name("scenario", tests, NULL, NULL);
}
