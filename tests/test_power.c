/*
 * test_power.c - the hardware catalog, power and throughput curves, GPU
 * power caps that slow jobs, fans and rack devices, against hand
 * calculations.
 *
 * The cap cases run one job of 8 GPUs at utilization 1 for 2 h of work on
 * one HGX H100 node (GPU 70 W idle, 700 W TDP; host 1150-4600 W) over 6 h.
 * Under a 350 W cap (50% of TDP) a GPU draws 350 W and, by the default cube
 * law, runs at s = ((350 - 70) / (700 - 70))^(1/3) of full speed.
 */
#include <math.h>
#include <stdlib.h>

#include "curve.h"
#include "gpu_power.h"
#include "hardware.h"
#include "test_util.h"
#include "world.h"

static const char one_job[] =
	"{ \"name\": \"cap\", \"duration_h\": 6, \"sample_interval_min\": 60,"
	"  \"cluster\": { \"racks\": 1, \"nodes_per_rack\": 1, \"node\": \"hgx_h100\" },"
	"  \"workload\": { \"classes\": ["
	"    { \"name\": \"train\", \"arrival\": { \"process\": \"list\", \"times_h\": [0] },"
	"      \"gpus\": 8, \"duration\": { \"distribution\": \"constant\", \"value_h\": 2 },"
	"      \"utilization\": 1.0 } ] } }";

static const double idle_node_w = 8 * 70.0 + 1150.0;

static void load_fails(const char *const *sets, size_t n, const char *path, const char *rule)
{
	struct scenario sc;
	struct diag d;
	assert_int_equal(load_text(one_job, sets, n, &sc, &d), -1);
	if (!diag_has(&d, path, rule, NULL)) {
		print_diag(&d);
		fail_msg("no error naming %s with \"%s\"", path, rule);
	}
	diag_fini(&d);
}

/* Published maxima: DGX H100/H200 10.2 kW, DGX B200 14.3 kW, GB200 NVL72
 * 120-132 kW per rack. Idle: no node-level figure is published; the node is
 * 8 GPUs in the measured 60-80 W band plus a host at 20-30% of its maximum
 * (SPECpower active idle), which the preset must fall inside. */
static void test_catalog_nodes(void **state)
{
	(void)state;
	struct node_spec n;
	hardware_node_from_preset(hardware_node_find("hgx_h100"), &n);
	assert_true(fabs(hardware_node_max_w(&n) - 10200) <= 0.05 * 10200);
	assert_true(hardware_node_idle_w(&n) >= 8 * 60 + 0.2 * n.host_max_w);
	assert_true(hardware_node_idle_w(&n) <= 8 * 80 + 0.3 * n.host_max_w);
	hardware_node_from_preset(hardware_node_find("hgx_h200"), &n);
	assert_true(fabs(hardware_node_max_w(&n) - 10200) <= 0.05 * 10200);
	hardware_node_from_preset(hardware_node_find("dgx_b200"), &n);
	assert_true(fabs(hardware_node_max_w(&n) - 14300) <= 0.05 * 14300);
	hardware_node_from_preset(hardware_node_find("gb200_nvl72"), &n);
	assert_true(hardware_node_max_w(&n) >= 120000 && hardware_node_max_w(&n) <= 132000);
	for (size_t i = 0; i < hardware_node_count(); i++) {
		const struct node_preset *p = hardware_node_at(i);
		assert_non_null(hardware_accel_find(p->accel));
		assert_non_null(p->source);
		assert_true(p->host_idle_w < p->host_max_w);
	}
	const char *want[] = { "h100_sxm", "h200_sxm", "b200", "a100_sxm_80gb", "l40s", "mi300x" };
	for (size_t i = 0; i < sizeof want / sizeof *want; i++) {
		const struct accel_spec *a = hardware_accel_find(want[i]);
		assert_non_null(a);
		assert_true(a->idle_w > 0 && a->idle_w < a->tdp_w);
		assert_true(a->bf16_tflops > 0 && a->memory_gb > 0 && a->source);
	}
	for (size_t i = 0; i < hardware_device_count(); i++) {
		const struct device_spec *dv = hardware_device_at(i);
		assert_true(dv->idle_w <= dv->max_w && dv->source);
	}
	assert_non_null(hardware_device_find("ib_switch_ndr"));
	assert_non_null(hardware_device_find("cpu_server"));
	assert_non_null(hardware_device_find("storage_server"));
}

static void test_curves(void **state)
{
	(void)state;
	struct curve_spec t = { .model = CURVE_TABLE, .n = 3, .x = { 0, 0.4, 1 },
				.y = { 0, 0.7, 1 } };
	char why[128];
	assert_int_equal(curve_spec_check(&t, why, sizeof why), 0);
	struct curve c;
	assert_int_equal(curve_init(&c, &t), 0);
	assert_rel(curve_eval(&c, 0.4), 0.7, 1e-15);
	assert_rel(curve_eval(&c, 0.2), 0.35, 1e-15);
	assert_rel(curve_eval(&c, 0.7), 0.85, 1e-15);
	assert_rel(curve_eval(&c, 1.5), 1.0, 1e-15); /* clamped */
	assert_rel(curve_eval(&c, -1), 0.0, 0);
	curve_fini(&c);
	struct curve_spec p = { .model = CURVE_POWER_LAW, .exponent = 0.5 };
	assert_int_equal(curve_init(&c, &p), 0);
	assert_rel(curve_eval(&c, 0.25), 0.5, 1e-15);
	curve_fini(&c);
	struct curve_spec bad = t;
	bad.x[1] = 0;
	assert_int_equal(curve_spec_check(&bad, why, sizeof why), -1);
	bad = t;
	bad.y[2] = 0.9;
	assert_int_equal(curve_spec_check(&bad, why, sizeof why), -1);
}

static double cube_speed(double cap_w)
{
	return cbrt((cap_w - 70.0) / 630.0);
}

/* A job ends at the first whole 1-ms tick at or after its work is done
 * (job.c), so the hand calculation rounds its end the same way. */
static double tick_ceil_h(double h)
{
	return ceil(h * 3600.0 * 1000.0 - 1e-9) / 1000.0 / 3600.0;
}

/* 50% of TDP: each GPU draws 350 W (half its 700 W), the job runs at the
 * cube-law speed for its whole life. */
static void test_cap_half_tdp(void **state)
{
	(void)state;
	const char *sets[] = { "workload.classes[0].gpu_cap_fraction=0.5" };
	struct scenario sc;
	struct run_result r;
	run_ok(one_job, sets, 1, &sc, &r);
	double s = cube_speed(350);
	double run_h = tick_ceil_h(2.0 / s);
	assert_int_equal(r.n_jobs, 1);
	assert_rel(r.jobs[0].end_s, run_h * 3600, 1e-12);
	assert_rel(r.jobs[0].energy_kwh, 8 * 350.0 * run_h / 1000, 1e-9);
	double busy_w = 8 * 350.0 + 4600.0;
	double it_wh = busy_w * run_h + idle_node_w * (6 - run_h);
	assert_rel(r.kpis.it_energy_mwh, it_wh / 1e6, 1e-9);
	assert_rel(r.kpis.it_gpu_energy_mwh, (8 * 280.0 * run_h + 8 * 70.0 * 6) / 1e6, 1e-9);
	assert_rel(r.kpis.gpu_throttled_hours, 8 * run_h, 1e-9);
	assert_rel(r.kpis.it_peak_kw, busy_w / 1000, 1e-12);
	run_result_fini(&r);
	scenario_fini(&sc);
}

/* A facility cap of 350 W from the start, lifted at 1 h: 1 h at speed s,
 * then the remaining 2 - s hours of work at full speed and full power. */
static void test_cap_lifted_mid_job(void **state)
{
	(void)state;
	const char *sets[] = {
		"power={\"gpu_cap_w\": 350, \"gpu_cap_schedule\": "
		"[{\"at_h\": 1, \"gpu_cap_fraction\": 1}]}",
	};
	struct scenario sc;
	struct run_result r;
	run_ok(one_job, sets, 1, &sc, &r);
	double s = cube_speed(350);
	double end_h = tick_ceil_h(1 + (2 - s));
	assert_rel(r.jobs[0].end_s, end_h * 3600, 1e-12);
	assert_rel(r.jobs[0].energy_kwh, (8 * 350.0 * 1 + 8 * 700.0 * (end_h - 1)) / 1000, 1e-9);
	double it_wh = (8 * 350.0 + 4600) * 1 + (8 * 700.0 + 4600) * (end_h - 1) +
		       idle_node_w * (6 - end_h);
	assert_rel(r.kpis.it_energy_mwh, it_wh / 1e6, 1e-9);
	assert_rel(r.kpis.gpu_throttled_hours, 8.0, 1e-9);
	run_result_fini(&r);
	scenario_fini(&sc);
}

/* A cap imposed mid-job: full speed for 0.5 h, then speed s. */
static void test_cap_imposed_mid_job(void **state)
{
	(void)state;
	const char *sets[] = {
		"power={\"gpu_cap_schedule\": [{\"at_h\": 0.5, \"gpu_cap_w\": 350}]}",
	};
	struct scenario sc;
	struct run_result r;
	run_ok(one_job, sets, 1, &sc, &r);
	double s = cube_speed(350);
	double end_h = tick_ceil_h(0.5 + 1.5 / s);
	assert_rel(r.jobs[0].end_s, end_h * 3600, 1e-12);
	assert_rel(r.jobs[0].energy_kwh, (8 * 700.0 * 0.5 + 8 * 350.0 * (end_h - 0.5)) / 1000,
		   1e-9);
	run_result_fini(&r);
	scenario_fini(&sc);
}

/* A cap above what the class draws changes nothing. */
static void test_cap_above_draw_is_free(void **state)
{
	(void)state;
	const char *sets[] = { "workload.classes[0].utilization=0.5",
			       "workload.classes[0].gpu_cap_w=400" };
	struct scenario sc;
	struct run_result r;
	run_ok(one_job, sets, 2, &sc, &r);
	assert_rel(r.jobs[0].end_s, 2 * 3600.0, 1e-12);
	assert_rel(r.kpis.gpu_throttled_hours, 0, 0);
	run_result_fini(&r);
	scenario_fini(&sc);
}

/* Immersion (fan_scale 0) removes the fans' 10% of node power; the
 * components always add up to the total. */
static void test_fans_and_components(void **state)
{
	(void)state;
	struct scenario sc;
	struct run_result air, wet;
	run_ok(one_job, NULL, 0, &sc, &air);
	scenario_fini(&sc);
	const char *sets[] = { "cooling={\"technology\":\"fixed_pue\",\"fan_scale\":0}" };
	run_ok(one_job, sets, 1, &sc, &wet);
	scenario_fini(&sc);
	double raw_wh = (8 * 700.0 + 4600) * 2 + idle_node_w * 4;
	assert_rel(air.kpis.it_energy_mwh, raw_wh / 1e6, 1e-9);
	assert_rel(air.kpis.it_fans_energy_mwh, 0.1 * raw_wh / 1e6, 1e-9);
	assert_rel(wet.kpis.it_energy_mwh, 0.9 * raw_wh / 1e6, 1e-9);
	assert_rel(wet.kpis.it_fans_energy_mwh, 0, 0);
	const struct run_result *rs[] = { &air, &wet };
	for (int i = 0; i < 2; i++) {
		const struct run_kpis *k = &rs[i]->kpis;
		assert_rel(k->it_gpu_energy_mwh + k->it_host_energy_mwh + k->it_fans_energy_mwh +
				   k->it_network_energy_mwh,
			   k->it_energy_mwh, 1e-12);
		const struct rack_record *rr = &rs[i]->racks[0];
		assert_rel(rr->energy_mwh[IT_TOTAL], k->it_energy_mwh, 1e-12);
	}
	assert_rel(air.racks[0].peak_kw[IT_TOTAL], (8 * 700.0 + 4600) / 1000, 1e-12);
	run_result_fini(&air);
	run_result_fini(&wet);
}

/* Two switches at their constant draw land in network; a CPU server in
 * host and fans. */
static void test_rack_devices(void **state)
{
	(void)state;
	const char *sets[] = {
		"cluster.rack_devices=[{\"device\": \"ib_switch_ndr\", \"count\": 2},"
		"{\"device\": {\"preset\": \"cpu_server\", \"utilization\": 1}}]",
	};
	struct scenario sc;
	struct run_result r;
	run_ok(one_job, sets, 1, &sc, &r);
	assert_rel(r.kpis.it_network_energy_mwh, 2 * 1720.0 * 6 / 1e6, 1e-12);
	double raw_wh = (8 * 700.0 + 4600) * 2 + idle_node_w * 4 + 1000.0 * 6;
	assert_rel(r.kpis.it_energy_mwh, (raw_wh + 2 * 1720.0 * 6) / 1e6, 1e-9);
	assert_rel(r.kpis.it_fans_energy_mwh, 0.1 * raw_wh / 1e6, 1e-9);
	run_result_fini(&r);
	scenario_fini(&sc);
}

static void test_bad_power_input(void **state)
{
	(void)state;
	const char *below_idle[] = { "workload.classes[0].gpu_cap_w=60" };
	load_fails(below_idle, 1, "workload.classes[0].gpu_cap_w", "above the GPU's idle");
	const char *both[] = { "power={\"gpu_cap_w\": 400, \"gpu_cap_fraction\": 0.5}" };
	load_fails(both, 1, "power.gpu_cap_fraction", "not both");
	const char *order[] = { "power={\"gpu_cap_schedule\": [{\"at_h\": 2, \"gpu_cap_w\": 400},"
				"{\"at_h\": 1, \"gpu_cap_w\": 500}]}" };
	load_fails(order, 1, "power.gpu_cap_schedule[1].at_h", "must be");
	const char *table[] = { "cluster.node={\"preset\": \"hgx_h100\", \"accelerator\": "
				"{\"preset\": \"h100_sxm\", \"power_curve\": {\"model\": \"table\", "
				"\"utilization\": [0, 1], \"power_fraction\": [0, 0.9]}}}" };
	load_fails(table, 1, "cluster.node.accelerator.power_curve", "(1, 1)");
	const char *stall[] = { "cluster.node={\"preset\": \"hgx_h100\", \"accelerator\": "
				"{\"preset\": \"h100_sxm\", \"throughput_curve\": {\"model\": "
				"\"table\", \"power_fraction\": [0, 0.5, 1], \"throughput\": "
				"[0, 0, 1]}}}" };
	load_fails(stall, 1, "cluster.node.accelerator.throughput_curve", "progress");
	const char *dev[] = { "cluster.rack_devices=[{\"device\": \"ib_swich\"}]" };
	load_fails(dev, 1, "cluster.rack_devices[0].device", "unknown device preset");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_catalog_nodes),
		cmocka_unit_test(test_curves),
		cmocka_unit_test(test_cap_half_tdp),
		cmocka_unit_test(test_cap_lifted_mid_job),
		cmocka_unit_test(test_cap_imposed_mid_job),
		cmocka_unit_test(test_cap_above_draw_is_free),
		cmocka_unit_test(test_fans_and_components),
		cmocka_unit_test(test_rack_devices),
		cmocka_unit_test(test_bad_power_input),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
