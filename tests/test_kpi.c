/*
 * test_kpi.c - the KPI table (kpi_table.h) and what it drives: the
 * summary's columns against the shipped header, each column holding the
 * field of its name, the report lines' numbering, and the report's text
 * for a hand-made result.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kpi.h"
#include "report.h"
#include "run_output.h"
#include "test_util.h"

/* summary.csv's columns as shipped (before the table): the contract with
 * every script that reads it. Each stays, in this order; a new KPI's
 * column may come anywhere between them. */
static const char *const shipped_columns[] = {
	"scenario", "seed", "replication", "gpus", "sim_days", "it_energy_mwh",
	"facility_energy_mwh", "pue", "pue_model", "it_mean_kw", "it_peak_kw",
	"facility_peak_kw", "it_gpu_energy_mwh", "it_host_energy_mwh", "it_fans_energy_mwh",
	"it_network_energy_mwh", "distribution_loss_mwh", "cooling_energy_mwh",
	"cooling_air_fans_mwh", "cooling_compressors_mwh", "cooling_heat_rejection_mwh",
	"cooling_pumps_mwh", "cooling_other_mwh", "cooling_ppue", "full_free_cooling_hours",
	"partial_free_cooling_hours", "water_m3", "wue_l_per_kwh", "outdoor_mean_dry_c",
	"gpu_throttled_hours", "gpu_thermal_throttled_hours", "thermal_throttle_hours",
	"heat_deficit_mwh", "gpu_utilization", "jobs_submitted", "jobs_completed",
	"jobs_running", "jobs_queued", "jobs_rejected", "jobs_started", "wait_mean_s",
	"wait_p50_s", "wait_p95_s", "wait_p99_s", "wait_prob", "wait_censored_jobs",
	"wait_censored_mean_s", "load_factor", "energy_cost_usd",
	"emissions_t_co2e", "carbon_mean_g_per_kwh", "price_mean_usd_per_mwh", "grid_energy_mwh",
	"grid_peak_kw", "grid_headroom_min_kw", "hours_at_cap", "grid_throttled_gpu_hours",
	"power_delayed_jobs", "power_added_wait_mean_h", "jobs_preempted",
	"preempted_work_lost_gpu_hours", "energy_shifted_mwh", "battery_cycles",
	"battery_loss_mwh", "jobs_deferred", "deferral_mean_h", "deferral_emissions_saved_t",
	"deferral_cost_saved_usd", "events",
};
#define N_SHIPPED (sizeof shipped_columns / sizeof *shipped_columns)

static const char tiny_json[] =
	"{ \"name\": \"kpi\", \"duration_h\": 24, \"warmup_h\": 0,"
	"  \"cluster\": { \"racks\": 1, \"nodes_per_rack\": 1, \"node\": \"hgx_h100\" },"
	"  \"workload\": { \"classes\": [] } }";

static void load_tiny(const char *set, struct scenario *sc)
{
	const char *sets[] = { set };
	struct diag d;
	if (load_text(tiny_json, sets, set ? 1 : 0, sc, &d) != 0) {
		print_diag(&d);
		fail_msg("tiny scenario does not load");
	}
	diag_fini(&d);
}

static const struct summary_field *column(const struct summary_row *row, const char *name)
{
	for (size_t i = 0; i < row->n; i++)
		if (!strcmp(row->f[i].name, name))
			return &row->f[i];
	fail_msg("no column %s", name);
	return NULL;
}

/* The header holds the shipped columns in their order, then each chain
 * level's statistics. */
static void test_summary_columns(void **state)
{
	(void)state;
	struct scenario sc;
	load_tiny(NULL, &sc);
	struct run_result r;
	memset(&r, 0, sizeof r);
	struct chain_level_record lv[2];
	memset(lv, 0, sizeof lv);
	snprintf(lv[0].name, sizeof lv[0].name, "ups");
	snprintf(lv[1].name, sizeof lv[1].name, "pdu");
	r.chain_levels = lv;
	r.n_chain_levels = 2;
	struct summary_row *row = malloc(sizeof *row);
	assert_non_null(row);
	run_output_summary_row(&sc, &r, row);
	assert_int_equal(row->n, KPI_N_FIXED_COLUMNS + 2 * KPI_LEVEL_STATS);
	size_t at = 0;
	for (size_t i = 0; i < N_SHIPPED; i++) {
		while (at < KPI_N_FIXED_COLUMNS && strcmp(row->f[at].name, shipped_columns[i]))
			at++;
		if (at == KPI_N_FIXED_COLUMNS)
			fail_msg("shipped column %s missing or out of order", shipped_columns[i]);
	}
	static const char *const levels[] = {
		"ups_peak_kw", "ups_mean_kw", "ups_stranded_kw", "ups_oversubscription",
		"ups_loss_mwh", "ups_hours_over", "pdu_peak_kw", "pdu_mean_kw", "pdu_stranded_kw",
		"pdu_oversubscription", "pdu_loss_mwh", "pdu_hours_over",
	};
	for (size_t i = 0; i < 2 * KPI_LEVEL_STATS; i++)
		assert_string_equal(row->f[KPI_N_FIXED_COLUMNS + i].name, levels[i]);
	assert_int_equal(column(row, "scenario")->kind, SUMMARY_STR);
	assert_string_equal(column(row, "pue_model")->s, "fixed");
	free(row);
	scenario_fini(&sc);
}

/* Each field set to a value of its own; the column of its name holds it,
 * so no two columns can trade values. Written from the struct's field
 * names, not from the descriptors the writer walks. */
#define SET_FIELD(kind, field, line) SET_##kind(field)
#define SET_NUM(f) k->f = (double)(++n) + 0.25;
#define SET_COUNT(f) k->f = (uint64_t)(++n);
#define SET_INT(f) k->f = (int)(++n);
#define SET_COOLING(f)                                                                 \
	for (size_t c = 0; c < COOL_N_COMPONENTS; c++)                                 \
		k->f[c] = (double)(++n) + 0.5;
#define SET_SCENARIO_TEXT(f)
#define SET_SCENARIO_COUNT(f)
#define SET_LEVELS(f)

#define CHECK_FIELD(kind, field, line) CHECK_##kind(field)
#define CHECK_NUM(f) assert_true(column(row, #f)->v == k->f);
#define CHECK_COUNT(f) assert_true(column(row, #f)->u == k->f);
#define CHECK_INT(f) assert_true(column(row, #f)->u == (uint64_t)k->f);
#define CHECK_COOLING(f)                                                               \
	for (size_t c = 0; c < COOL_N_COMPONENTS; c++) {                               \
		char name[64];                                                         \
		snprintf(name, sizeof name, "cooling_%s_mwh",                          \
			 c == COOL_TOTAL ? "energy"                                    \
					 : cooling_component_name((enum cooling_component)c)); \
		assert_true(column(row, name)->v == k->f[c]);                         \
	}
#define CHECK_SCENARIO_TEXT(f)
#define CHECK_SCENARIO_COUNT(f)
#define CHECK_LEVELS(f)

static void test_columns_hold_their_fields(void **state)
{
	(void)state;
	struct scenario sc;
	load_tiny(NULL, &sc);
	sc.seed = 77;
	sc.replication = 3;
	struct run_result r;
	memset(&r, 0, sizeof r);
	struct run_kpis *k = &r.kpis;
	int n = 0;
	RUN_KPIS(SET_FIELD)
	struct summary_row *row = malloc(sizeof *row);
	assert_non_null(row);
	run_output_summary_row(&sc, &r, row);
	RUN_KPIS(CHECK_FIELD)
	assert_string_equal(column(row, "scenario")->s, "kpi");
	assert_true(column(row, "seed")->u == 77);
	assert_true(column(row, "replication")->u == 3);
	free(row);
	scenario_fini(&sc);
}

/* Lines are numbered once each; every part joins a line; per-level and
 * output-only rows come where the writers expect them. */
static void test_table_lines(void **state)
{
	(void)state;
	assert_int_equal(kpi_descs[KPI_N_ROWS - 1].kind, KPI_KIND_LEVELS); /* columns last */
	for (size_t i = 0; i < KPI_N_ROWS; i++) {
		const struct kpi_desc *d = &kpi_descs[i];
		for (size_t j = 0; j < i; j++)
			if (!strcmp(kpi_descs[j].name, d->name))
				fail_msg("two rows named %s", d->name);
		if (d->line.at == 0) {
			assert_null(d->line.label);
			continue;
		}
		assert_non_null(d->line.label);
		assert_non_null(d->line.suffix);
		size_t lines = 0;
		const struct kpi_desc *owner = NULL;
		for (size_t j = 0; j < KPI_N_ROWS; j++)
			if (kpi_descs[j].line.at == d->line.at && !kpi_descs[j].line.part) {
				lines++;
				owner = &kpi_descs[j];
			}
		if (lines != 1)
			fail_msg("%s: %zu lines at %d", d->name, lines, d->line.at);
		/* the per-level and per-component lines take no parts */
		int lone = owner->kind == KPI_KIND_LEVELS || owner->kind == KPI_KIND_COOLING;
		if (d->line.part && lone)
			fail_msg("%s: a part of a per-level or per-component line", d->name);
	}
}

/* After the line equal to want at or past from, or NULL. */
static const char *next_line_is(const char *from, const char *want)
{
	size_t n = strlen(want);
	for (const char *l = from; *l; l = strchr(l, '\n') + 1) {
		if (!strncmp(l, want, n) && l[n] == '\n')
			return l + n + 1;
		if (!strchr(l, '\n'))
			break;
	}
	return NULL;
}

/* The report of a hand-made result under a capacity: the cap's lines, a
 * headroom held to zero within rounding, a cooling component, and none of
 * the lines whose scenario part (weather, a chain, a battery) or value
 * (NaN, zero) is missing. The lines must come in this order and form; a
 * KPI added later may add its own between them. */
static void test_report_text(void **state)
{
	(void)state;
	struct scenario sc;
	load_tiny("grid={\"capacity_mw\": 1, \"policy\": \"queue\"}", &sc);
	struct run_result r;
	memset(&r, 0, sizeof r);
	struct run_kpis *k = &r.kpis;
	k->gpus = 8;
	k->sim_days = 1;
	k->it_energy_mwh = 0.1;
	k->facility_energy_mwh = 0.12;
	k->cooling_mwh[COOL_TOTAL] = 0.02;
	k->cooling_mwh[COOL_PUMPS] = 0.02;
	k->pue = 1.2;
	k->energy_cost_usd = (double)NAN;
	k->emissions_t_co2e = (double)NAN;
	k->grid_peak_kw = 999.96;
	k->grid_headroom_min_kw = -0.01;
	k->power_delayed_jobs = 3;
	k->power_added_wait_mean_h = 0.5;
	k->jobs_submitted = 4;
	k->jobs_completed = 4;
	k->wait_p99_s = 12.25;
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	assert_non_null(f);
	report_print_kpis(f, &sc, &r, "out");
	fclose(f);
	static const char *const want[] = {
		"dcsim: kpi (seed 1): 8 GPUs, 1.0 measured days",
		"  IT energy (MWh)                       0.100",
		"    of which GPUs (MWh)                 0.000",
		"    fans (MWh)                          0.000",
		"  facility energy (MWh)                 0.120",
		"  cooling energy (MWh)                  0.020",
		"    pumps (MWh)                         0.020",
		"  PUE (energy-weighted)                 1.200",
		"  partial PUE of cooling                0.000",
		"  grid peak (kW)                       1000.0   (least headroom 0.0 kW)",
		"  hours at the grid cap                   0.0",
		"  GPU-hours grid-throttled                0.0",
		"  jobs delayed by power                     3   (added wait 0.50 h mean)",
		"  IT mean (kW)                            0.0",
		"  IT peak (kW)                            0.0",
		"  facility peak (kW)                      0.0",
		"  GPU utilization                       0.000",
		"  jobs submitted                            4",
		"    completed                               4",
		"    running at end                          0",
		"    queued at end                           0",
		"    rejected                                0",
		"  wait mean (s)                           0.0",
		"  wait p50 / p95 / p99 (s)                0.0 / 0.0 / 12.2",
		"  results in out/",
	};
	/* in this order, other lines (a KPI added later) between them */
	const char *at = text;
	for (size_t i = 0; i < sizeof want / sizeof *want; i++) {
		at = next_line_is(at, want[i]);
		if (!at)
			fail_msg("report lacks, or misplaces, \"%s\":\n%s", want[i], text);
	}
	static const char *const absent[] = { "water (m3)", "distribution losses", "battery",
					      "preemptions", "energy cost", "air_fans" };
	for (size_t i = 0; i < sizeof absent / sizeof *absent; i++)
		if (strstr(text, absent[i]))
			fail_msg("report has \"%s\":\n%s", absent[i], text);
	free(text);
	scenario_fini(&sc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_summary_columns),
		cmocka_unit_test(test_columns_hold_their_fields),
		cmocka_unit_test(test_table_lines),
		cmocka_unit_test(test_report_text),
	};
	return cmocka_run_group_tests_name("kpi", tests, NULL, NULL);
}
