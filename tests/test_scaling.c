/*
 * test_scaling.c - the scaling rules that let cluster.racks vary alone:
 * a class's arrival per GPU or as an offered load (the rate follows the
 * GPUs, hourly profiles included, and the offered load the run measures
 * follows the rule), and a chain level sized by rule (the fewest units
 * that pass the nameplate check: one fewer fails it, and the error of a
 * fixed count names the count that would pass).
 */
#include "test_util.h"

#include <stdlib.h>

static const char base[] =
	"{ \"duration_h\": 24, \"warmup_h\": 0, \"sample_interval_min\": 60,"
	"  \"cluster\": { \"racks\": 4, \"nodes_per_rack\": 1, \"node\": \"hgx_h100\" },"
	"  \"cooling\": { \"technology\": \"fixed_pue\", \"pue\": 1.3 },"
	"  \"power\": { \"chain\": { \"levels\": ["
	"    { \"name\": \"ups\", \"units\": \"auto\", \"rating_kw\": 200, \"redundancy\": \"2N\","
	"      \"efficiency\": \"ups_double_conversion\" },"
	"    { \"name\": \"pdu\", \"units\": \"auto\", \"rating_kw\": 25,"
	"      \"efficiency\": \"pdu_transformer\" } ] } },"
	"  \"workload\": { \"classes\": ["
	"    { \"name\": \"load\", \"arrival\": { \"offered_load\": 0.6 },"
	"      \"gpus\": { \"sizes\": [8, 16], \"weights\": [3, 1] },"
	"      \"duration\": { \"distribution\": \"exponential\", \"mean_h\": 2.5 },"
	"      \"utilization\": 0.8 },"
	"    { \"name\": \"per_gpu\", \"arrival\": { \"process\": \"poisson_hourly\","
	"      \"rate_per_gpu_h\": [0.01, 0.01, 0.01, 0.01, 0.01, 0.01, 0.02, 0.02, 0.02, 0.02,"
	"        0.02, 0.02, 0.03, 0.03, 0.03, 0.03, 0.03, 0.03, 0.01, 0.01, 0.01, 0.01, 0.01,"
	"        0.01] },"
	"      \"gpus\": { \"sizes\": [8] },"
	"      \"duration\": { \"distribution\": \"exponential\", \"mean_h\": 1 },"
	"      \"utilization\": 0.8 },"
	"    { \"name\": \"diurnal\", \"arrival\": { \"process\": \"poisson_hourly\","
	"      \"offered_load\": 0.2, \"profile\": [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 3, 3, 3,"
	"        3, 3, 3, 3, 3, 3, 3, 3, 3] },"
	"      \"gpus\": { \"sizes\": [8] },"
	"      \"duration\": { \"distribution\": \"constant\", \"value_h\": 0.5 },"
	"      \"utilization\": 0.8 } ] } }";

static void load_racks(int racks, struct scenario *sc)
{
	char set[64];
	snprintf(set, sizeof set, "cluster.racks=%d", racks);
	const char *sets[] = { set };
	struct diag d;
	int rc = load_text(base, sets, 1, sc, &d);
	if (rc != 0)
		print_diag(&d);
	assert_int_equal(rc, 0);
	diag_fini(&d);
}

/* offered_load: rate = L x GPUs / (mean GPUs x mean hours); the offered
 * load the scenario reports is L x GPUs, at any size. */
static void test_offered_load_scales(void **state)
{
	(void)state;
	for (int racks = 4; racks <= 400; racks *= 10) {
		struct scenario sc;
		load_racks(racks, &sc);
		double gpus = (double)scenario_total_gpus(&sc);
		assert_rel(gpus, 8.0 * racks, 0);
		const struct job_class_spec *c = &sc.classes[0];
		double mean_gpus = (8 * 3 + 16 * 1) / 4.0;
		assert_rel(c->arrival.rate_per_h, 0.6 * gpus / (mean_gpus * 2.5), 1e-15);
		assert_rel(scenario_class_offered_gpus(&sc, c), 0.6 * gpus, 1e-14);
		scenario_fini(&sc);
	}
}

/* rate_per_gpu_h, hourly: each hour's rate is the given one x the GPUs. */
static void test_per_gpu_hourly(void **state)
{
	(void)state;
	struct scenario sc;
	load_racks(25, &sc);
	const struct arrival_spec *a = &sc.classes[1].arrival;
	assert_rel(a->hourly_rate_per_h[0], 0.01 * 200, 1e-15);
	assert_rel(a->hourly_rate_per_h[7], 0.02 * 200, 1e-15);
	assert_rel(a->hourly_rate_per_h[13], 0.03 * 200, 1e-15);
	assert_rel(a->rate_per_h, (0.01 * 12 + 0.02 * 6 + 0.03 * 6) / 24 * 200, 1e-14);
	scenario_fini(&sc);
}

/* offered_load with a profile: the hours keep the profile's shape (3 x in
 * the afternoon) and their mean carries the offered load. */
static void test_offered_load_profile(void **state)
{
	(void)state;
	struct scenario sc;
	load_racks(10, &sc);
	const struct job_class_spec *c = &sc.classes[2];
	double mean_rate = 0.2 * 80 / (8 * 0.5);
	assert_rel(c->arrival.rate_per_h, mean_rate, 1e-14);
	assert_rel(c->arrival.hourly_rate_per_h[12] / c->arrival.hourly_rate_per_h[0], 3, 1e-14);
	assert_rel(c->arrival.hourly_rate_per_h[0], mean_rate / 2, 1e-14); /* profile mean 2 */
	scenario_fini(&sc);
}

/* "units": "auto": a count that passes, and one fewer does not (given as
 * a fixed count, it fails with the count that would pass in its message). */
static void test_chain_auto_is_fewest(void **state)
{
	(void)state;
	int tested = 0;
	for (int racks = 3; racks <= 60; racks += 19) {
		struct scenario sc;
		load_racks(racks, &sc);
		int n[2] = { sc.chain.levels[0].units, sc.chain.levels[1].units };
		assert_true(n[0] >= 1 && n[1] > n[0] && n[1] <= racks);
		scenario_fini(&sc);
		for (int l = 0; l < 2; l++) {
			if (n[l] - 1 < (l ? n[0] : 1))
				continue; /* one fewer is not a chain */
			char s0[64], s1[64], s2[64];
			snprintf(s0, sizeof s0, "cluster.racks=%d", racks);
			snprintf(s1, sizeof s1, "power.chain.levels[0].units=%d", n[0] - (l == 0));
			snprintf(s2, sizeof s2, "power.chain.levels[1].units=%d", n[1] - (l == 1));
			const char *sets[] = { s0, s1, s2 };
			struct diag d;
			assert_int_equal(load_text(base, sets, 3, &sc, &d), -1);
			char at[64], want[64];
			snprintf(at, sizeof at, "power.chain.levels[%d]: %s unit", l, l ? "pdu" : "ups");
			snprintf(want, sizeof want, "; %d units would be enough", n[l]);
			if (!diag_has(&d, at, want, NULL)) {
				print_diag(&d);
				fail_msg("racks %d: no \"%s ... %s\"", racks, at, want);
			}
			diag_fini(&d);
			tested++;
		}
		/* the same counts, fixed: they pass */
		char s0[64], s1[64], s2[64];
		snprintf(s0, sizeof s0, "cluster.racks=%d", racks);
		snprintf(s1, sizeof s1, "power.chain.levels[0].units=%d", n[0]);
		snprintf(s2, sizeof s2, "power.chain.levels[1].units=%d", n[1]);
		const char *sets[] = { s0, s1, s2 };
		struct diag d;
		assert_int_equal(load_text(base, sets, 3, &sc, &d), 0);
		scenario_fini(&sc);
		diag_fini(&d);
	}
	assert_true(tested >= 6); /* both levels at every size but the smallest */
}

/* A rule whose unit cannot carry one rack: no count helps. */
static void test_chain_auto_impossible(void **state)
{
	(void)state;
	expect_load_error(base, "power.chain.levels[1].rating_kw=5", "power.chain.levels[1].units",
			  "no count of pdu units carries the racks at nameplate");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_offered_load_scales),
		cmocka_unit_test(test_per_gpu_hourly),
		cmocka_unit_test(test_offered_load_profile),
		cmocka_unit_test(test_chain_auto_is_fewest),
		cmocka_unit_test(test_chain_auto_impossible),
	};
	return cmocka_run_group_tests_name("scaling", tests, NULL, NULL);
}
