/*
 * test_tco.c - the cost of ownership (models/cost/tco.c,
 * models/run/world_tco.c, scenario_cost.c) against a case computed by
 * hand.
 *
 * The hand case of test_world.c (one rack of two HGX H100 nodes, fixed
 * PUE 1.5; FCFS: A1 0-2 h, B 2-3 h, A2 3-5 h) started at
 * 2025-01-31T22:00, so January holds 2 of the 6 hours and February 4,
 * with round prices: every term of the cost below is written out from
 * the scenario's figures, and the run's must match to 1e-9.
 */
#include <stdlib.h>

#include "hand_case.h"
#include "run_core.h"
#include "tco.h"
#include "test_util.h"
#include "world.h"

static const char hand_case[] = HAND_CASE(
	"  \"calendar\": { \"start\": \"2025-01-31T22:00\" },"
	"  \"cost\": { \"gpu_usd\": 20000, \"node_usd\": 40000, \"network_usd_per_gpu\": 1000,"
	"    \"rack_usd\": 5000, \"power_usd_per_kw\": 2000, \"cooling_fixed_pue_usd_per_kw\": 1000,"
	"    \"building_usd_per_mw\": 5e6, \"it_years\": 4, \"network_years\": 4,"
	"    \"power_years\": 10, \"cooling_years\": 10, \"building_years\": 20,"
	"    \"discount_rate\": 0.05, \"energy_usd_per_mwh\": 100,"
	"    \"demand_usd_per_kw_month\": 10, \"water_usd_per_m3\": 2,"
	"    \"maintenance_fraction\": 0.02, \"staff_per_mw\": 1, \"staff_usd_per_year\": 100000,"
	"    \"cloud_on_demand_usd_per_gpu_h\": 4, \"cloud_spot_usd_per_gpu_h\": 2 },");

static void test_crf(void **state)
{
	(void)state;
	/* A/P at 7% over 5 years, from the tables' formula worked in full */
	assert_rel(tco_crf(0.07, 5), 0.243890694441374, 1e-13);
	assert_rel(tco_crf(0, 8), 0.125, 0);
	/* repaying 1 at r: the payments' present value is 1 */
	double pv = 0;
	for (int y = 1; y <= 20; y++)
		pv += tco_crf(0.05, 20) / pow(1.05, y);
	assert_rel(pv, 1.0, 1e-12);
}

static void test_hand_tco(void **state)
{
	(void)state;
	struct scenario sc;
	struct run_result r;
	run_ok(hand_case, NULL, 0, &sc, &r);
	const struct run_kpis *k = &r.kpis;
	/* nameplate: two nodes at 8 x 700 W + 4,600 W host max */
	const double kw = 2 * (8 * 700.0 + 4600.0) / 1e3;
	assert_rel(scenario_rack_nameplate_at(&sc, 0) / 1e3, kw, 1e-12);
	const double gpu = 16 * 20000.0, node = 2 * 40000.0, net = 16 * 1000.0, rack = 5000.0;
	const double power = kw * 2000, cooling = kw * 1000, building = kw / 1e3 * 5e6;
	assert_rel(k->capex_usd, gpu + node + net + rack + power + cooling + building, 1e-12);
	assert_rel(k->capex_cooling_usd, cooling, 1e-12);
	/* capital recovery at 5%: 4, 10 and 20 years (the formula worked by hand) */
	const double crf4 = 0.282011832603463, crf10 = 0.129504574965457,
		     crf20 = 0.0802425871906913;
	const double annual = (gpu + node + net) * crf4 + (rack + power + cooling) * crf10 +
			      building * crf20;
	const double y = 6.0 / 8760.0;
	assert_rel(k->tco_capex_usd, annual * y, 1e-9);
	/* energy: 1.5 x (2 nodes idle 1710 W for 6 h + 40 load-hours of 1061.25 W), flat
	 * $100/MWh (no grid price) */
	const double mwh = 1.5 * (2 * 1710.0 * 6 + 40 * 1061.25) / 1e6;
	assert_rel(k->tco_energy_usd, 100 * mwh, 1e-9);
	/* demand: both months peak at 8 loaded GPUs, 1.5 x (2 x 1710 + 8 x 1061.25) W; January
	 * bills 2 of its 744 h, February 4 of 672 */
	const double peak_kw = 1.5 * (2 * 1710.0 + 8 * 1061.25) / 1e3;
	const double demand = 10 * peak_kw * (2.0 / 744 + 4.0 / 672);
	assert_rel(k->tco_demand_usd, demand, 1e-9);
	assert_rel(r.months[1].cost_demand_usd, 10 * peak_kw * 4.0 / 672, 1e-9);
	assert_rel(k->tco_water_usd, 0, 0); /* a fixed PUE uses no water */
	const double maint = 0.02 * (rack + power + cooling + building) * y;
	assert_rel(k->tco_maintenance_usd, maint, 1e-9);
	const double staff = 1 * kw / 1e3 * 100000 * y;
	assert_rel(k->tco_staff_usd, staff, 1e-9);
	const double tco = annual * y + 100 * mwh + demand + maint + staff;
	assert_rel(k->tco_usd, tco, 1e-9);
	/* 16 GPUs x 6 h installed; 8 x 2 + 16 x 1 + 8 x 2 = 48 allocated, all useful */
	assert_rel(k->cost_per_installed_gpu_h_usd, tco / 96, 1e-9);
	assert_rel(k->cost_per_delivered_gpu_h_usd, tco / 48, 1e-9);
	assert_rel(k->breakeven_utilization_on_demand, tco / 96 / 4, 1e-9);
	assert_rel(k->breakeven_utilization_spot, tco / 96 / 2, 1e-9);
	assert_true(isnan(k->breakeven_utilization_reserved));
	/* the months carry the same terms */
	double total = 0;
	for (size_t i = 0; i < r.n_months; i++)
		total += r.months[i].cost_total_usd;
	assert_rel(total, tco, 1e-9);
	assert_rel(r.months[0].cost_capex_usd, annual * 2 / 8760, 1e-9);
	run_result_fini(&r);
	scenario_fini(&sc);
}

/* Without a cost section every cost KPI is NaN; prices fall back to the
 * catalog's; a node without one must be given. */
static void test_defaults_and_errors(void **state)
{
	(void)state;
	struct scenario sc;
	struct run_result r;
	run_ok(hand_case, (const char *[]){ "calendar.start=\"2025-07-01T00:00\"" }, 1, &sc, &r);
	assert_true(r.kpis.tco_usd > 0);
	run_result_fini(&r);
	scenario_fini(&sc);
	struct diag d;
	const char *cat[] = { "cost={}" };
	assert_int_equal(load_text(hand_case, cat, 1, &sc, &d), 0);
	assert_rel(sc.cost.gpu_usd, 27500, 0); /* the catalog's H100 */
	assert_rel(sc.cost.node_usd, 50000, 0);
	assert_rel(sc.cost.demand_usd_per_kw_month, 15, 0);
	assert_rel(sc.cost.cooling_usd_per_kw[COOLING_AIR], 11.7e6 * 0.53 * 0.45 / 1e3, 1e-12);
	scenario_fini(&sc);
	diag_fini(&d);
	static const char a100[] =
		"{ \"cluster\": { \"racks\": 1, \"nodes_per_rack\": 2, \"node\": \"dgx_a100\" } }";
	expect_load_error(a100, "cost={}", "cost.gpu_usd", "no catalog price");
	expect_load_error(a100, "cost={}", "cost.node_usd", "no catalog price");
	expect_load_error(hand_case, "cost.discount_rate=-0.1", "cost.discount_rate", "");
	expect_load_error(hand_case, "cost.it_years=0", "cost.it_years", "");
	expect_load_error(hand_case, "cost.gpus_usd=1", "cost.gpus_usd", "gpu_usd");
}

static void test_no_cost_section(void **state)
{
	(void)state;
	static const char plain[] =
		"{ \"name\": \"plain\", \"duration_h\": 6,"
		"  \"cluster\": { \"racks\": 1, \"nodes_per_rack\": 2, \"node\": \"hgx_h100\" } }";
	struct scenario sc;
	struct run_result r;
	run_ok(plain, NULL, 0, &sc, &r);
	assert_true(isnan(r.kpis.tco_usd) && isnan(r.kpis.capex_usd));
	assert_int_equal(r.n_months, 0); /* no calendar, no cost: no months */
	run_result_fini(&r);
	scenario_fini(&sc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_crf),
		cmocka_unit_test(test_hand_tco),
		cmocka_unit_test(test_defaults_and_errors),
		cmocka_unit_test(test_no_cost_section),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
