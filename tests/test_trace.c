/*
 * test_trace.c - trace replay: every job of the trace runs once, with its
 * own submit time, GPUs and run time, so a replay reproduces the trace's
 * job count and GPU-hours exactly; the selection keys; and bad rows.
 *
 * tests/data/tiny.swf by hand: jobs 1 (0 s, 4 GPUs, 100 s, user 7),
 * 2 (10 s, requested 2 since allocated is -1, 50 s, user 8), 3 (run time
 * -1: skipped), 4 (20 s, 16 GPUs, 30 s, user 9), 5 (3600 s, 1 GPU,
 * 7200 s, user 7): 4 jobs, 8180 GPU-seconds.
 */
#include <stdio.h>
#include <stdlib.h>

#include "job.h"
#include "run_result.h"
#include "test_util.h"
#include "trace_jobs.h"

static const char swf_case[] =
	"{ \"name\": \"swf\", \"duration_h\": 4, \"output\": { \"timeseries\": false },"
	"  \"cluster\": { \"racks\": 1, \"nodes_per_rack\": 2, \"node\": \"hgx_h100\" },"
	"  \"workload\": { \"classes\": ["
	"    { \"name\": \"log\", \"arrival\": { \"process\": \"trace\", \"format\": \"swf\","
	"        \"file\": \"tests/data/tiny.swf\" }, \"utilization\": 0.5 } ] } }";

/* Jobs that ran, and their GPU-seconds (at full speed: no cap here). */
static void replayed(const struct run_result *r, size_t *n, double *gpu_s)
{
	*n = 0;
	*gpu_s = 0;
	for (size_t i = 0; i < r->n_jobs; i++) {
		if (r->jobs[i].state != JOB_COMPLETED)
			continue;
		(*n)++;
		*gpu_s += r->jobs[i].gpus * (r->jobs[i].end_s - r->jobs[i].start_s);
	}
}

static void test_swf_replay(void **state)
{
	(void)state;
	struct scenario sc;
	struct run_result r;
	run_ok(swf_case, NULL, 0, &sc, &r);
	size_t n;
	double gpu_s;
	replayed(&r, &n, &gpu_s);
	assert_int_equal(r.kpis.jobs_submitted, 4);
	assert_int_equal(n, 4);
	assert_rel(gpu_s, 8180.0, 1e-12);
	/* job 2's walltime is -1 (none); job 1's is its requested 200 s */
	assert_rel(sc.classes[0].arrival.trace.jobs[0].walltime_s, 200, 0);
	assert_true(sc.classes[0].arrival.trace.jobs[1].walltime_s < 0);
	assert_int_equal(sc.classes[0].arrival.trace.jobs[1].gpus, 2);
	run_result_fini(&r);
	scenario_fini(&sc);
}

/* class_by user: user 7's two jobs in one class, the rest in another;
 * time_scale halves the gaps. */
static void test_swf_classes_and_scale(void **state)
{
	(void)state;
	const char *sets[] = {
		"workload.classes[0].arrival.class_by=\"user\"",
		"workload.classes[0].arrival.match=[7]",
		"workload.classes[0].arrival.time_scale=0.5",
	};
	struct scenario sc;
	struct diag d;
	if (load_text(swf_case, sets, 3, &sc, &d) != 0) {
		print_diag(&d);
		fail_msg("did not load");
	}
	const struct trace_spec *t = &sc.classes[0].arrival.trace;
	assert_int_equal(t->n_jobs, 2);
	assert_rel(t->jobs[1].submit_s, 1800, 0);
	assert_int_equal(t->jobs[1].gpus, 1);
	scenario_fini(&sc);
	diag_fini(&d);
}

/* A CSV with a mapping and minutes; the window and the job limit. */
static void test_csv_mapping_window(void **state)
{
	(void)state;
	static const char csv_case[] =
		"{ \"name\": \"csv\", \"duration_h\": 4,"
		"  \"cluster\": { \"racks\": 1, \"nodes_per_rack\": 1, \"node\": \"hgx_h100\" },"
		"  \"workload\": { \"classes\": ["
		"    { \"name\": \"t\", \"arrival\": { \"process\": \"trace\", \"format\": \"csv\","
		"        \"file\": \"tests/data/jobs_trace.csv\", \"unit\": \"min\","
		"        \"columns\": { \"submit\": \"submit_min\", \"gpus\": \"gpus\","
		"                       \"duration\": \"run_min\", \"walltime\": \"limit_min\" },"
		"        \"start_h\": 0.01 }, \"utilization\": 0.5 } ] } }";
	struct scenario sc;
	struct diag d;
	assert_int_equal(load_text(csv_case, NULL, 0, &sc, &d), 0);
	const struct trace_spec *t = &sc.classes[0].arrival.trace;
	assert_int_equal(t->n_jobs, 2); /* the job at 0 min is before the window */
	assert_rel(t->jobs[0].submit_s, 90 - 36, 1e-12);
	assert_rel(t->jobs[0].duration_s, 30, 1e-12);
	assert_true(t->jobs[0].walltime_s < 0); /* an empty cell */
	assert_rel(t->jobs[1].walltime_s, 5400, 1e-12);
	scenario_fini(&sc);
	diag_fini(&d);
	const char *limit[] = { "workload.classes[0].arrival.max_jobs=1" };
	assert_int_equal(load_text(csv_case, limit, 1, &sc, &d), 0);
	assert_int_equal(sc.classes[0].arrival.trace.n_jobs, 1);
	scenario_fini(&sc);
	diag_fini(&d);
}

/* A bad row names the file, the line, the column and the rule. */
static void test_bad_row(void **state)
{
	(void)state;
	static const char bad[] =
		"{ \"name\": \"bad\", \"duration_h\": 4,"
		"  \"cluster\": { \"racks\": 1, \"nodes_per_rack\": 1, \"node\": \"hgx_h100\" },"
		"  \"workload\": { \"classes\": ["
		"    { \"name\": \"t\", \"arrival\": { \"process\": \"trace\", \"format\": \"csv\","
		"        \"file\": \"tests/data/bad_trace.csv\","
		"        \"columns\": { \"submit\": \"submit_min\", \"gpus\": \"gpus\","
		"                       \"duration\": \"run_min\" } }, \"utilization\": 0.5 } ] } }";
	struct scenario sc;
	struct diag d;
	assert_int_not_equal(load_text(bad, NULL, 0, &sc, &d), 0);
	assert_true(diag_has(&d, "workload.classes[0].arrival.file", "bad_trace.csv", "line 3",
			     "column \"gpus\"", "whole number", NULL));
	scenario_fini(&sc);
	diag_fini(&d);
	/* a trace class with its own gpus says two things */
	const char *sets[] = { "workload.classes[0].gpus=1" };
	assert_int_not_equal(load_text(swf_case, sets, 1, &sc, &d), 0);
	assert_true(diag_has(&d, "workload.classes[0].gpus", "from the trace", NULL));
	scenario_fini(&sc);
	diag_fini(&d);
}

/* The shipped Philly trace: every one of its 111,549 jobs, and its
 * GPU-seconds, summed here straight from the file. */
static void test_philly_count_and_gpu_hours(void **state)
{
	(void)state;
	FILE *f = fopen(DCSIM_SOURCE_DIR "/scenarios/traces/philly_trace_rfold.csv", "r");
	assert_non_null(f);
	char line[256];
	size_t rows = 0;
	double gpu_s = 0;
	assert_non_null(fgets(line, sizeof line, f)); /* the header */
	while (fgets(line, sizeof line, f)) {
		double id, at, shape_dummy, size, dur;
		char topo[16], shape[64];
		(void)shape_dummy;
		assert_int_equal(sscanf(line, "%lf,%lf,%15[^,],%63[^,],%lf,%lf", &id, &at, topo,
					shape, &size, &dur), 6);
		rows++;
		gpu_s += size * dur;
	}
	fclose(f);
	struct trace_table t;
	struct trace_columns c = { PHILLY_SUBMIT_COLUMN, PHILLY_GPUS_COLUMN,
				   PHILLY_DURATION_COLUMN, NULL };
	struct trace_read r = { DCSIM_SOURCE_DIR "/scenarios/traces/philly_trace_rfold.csv",
				TRACE_PHILLY, &c, 1.0, NULL };
	struct diag d;
	diag_init(&d);
	assert_int_equal(trace_jobs_read(&r, &t, &d), 0);
	assert_int_equal(rows, 111549);
	assert_int_equal(t.n, rows);
	double sum = 0;
	for (size_t i = 0; i < t.n; i++)
		sum += t.jobs[i].gpus * t.jobs[i].duration_s;
	assert_rel(sum, gpu_s, 1e-12);
	trace_table_free(&t);
	diag_fini(&d);
}

/* Its replay: the first 3000 jobs on 2,528 GPUs all run, with their own
 * GPU-seconds. */
static void test_philly_replay(void **state)
{
	(void)state;
	static const char philly[] =
		"{ \"name\": \"p\", \"duration_days\": 200, \"output\": { \"timeseries\": false },"
		"  \"cluster\": { \"racks\": 79, \"nodes_per_rack\": 4, \"node\": \"dgx_a100\" },"
		"  \"scheduler\": { \"policy\": \"easy_backfill\" },"
		"  \"workload\": { \"classes\": ["
		"    { \"name\": \"p\", \"arrival\": { \"process\": \"trace\", \"format\": \"philly\","
		"        \"file\": \"scenarios/traces/philly_trace_rfold.csv\", \"max_jobs\": 3000 },"
		"      \"utilization\": 0.5 } ] } }";
	struct scenario sc;
	struct run_result r;
	run_ok(philly, NULL, 0, &sc, &r);
	const struct trace_spec *t = &sc.classes[0].arrival.trace;
	double want = 0;
	for (size_t i = 0; i < t->n_jobs; i++)
		want += t->jobs[i].gpus * t->jobs[i].duration_s;
	size_t n;
	double gpu_s;
	replayed(&r, &n, &gpu_s);
	assert_int_equal(t->n_jobs, 3000);
	assert_int_equal(r.kpis.jobs_submitted, 3000);
	assert_int_equal(n, 3000);
	assert_rel(gpu_s, want, 1e-9);
	run_result_fini(&r);
	scenario_fini(&sc);
}

/* list arrivals from a CSV column, in minutes; a decrease is an error */
static void test_list_from_file(void **state)
{
	(void)state;
	static const char list[] =
		"{ \"name\": \"l\", \"duration_h\": 4,"
		"  \"cluster\": { \"racks\": 1, \"nodes_per_rack\": 1, \"node\": \"hgx_h100\" },"
		"  \"workload\": { \"classes\": ["
		"    { \"name\": \"t\", \"arrival\": { \"process\": \"list\","
		"        \"file\": \"tests/data/submit_times.csv\", \"column\": \"t_min\","
		"        \"unit\": \"min\" }, \"gpus\": 1,"
		"      \"duration\": { \"distribution\": \"constant\", \"value_h\": 1 },"
		"      \"utilization\": 0.5 } ] } }";
	struct scenario sc;
	struct run_result r;
	run_ok(list, NULL, 0, &sc, &r);
	assert_int_equal(sc.classes[0].arrival.n_times, 3);
	assert_rel(sc.classes[0].arrival.times_h[2], 1.5, 1e-12);
	assert_int_equal(r.kpis.jobs_submitted, 3);
	run_result_fini(&r);
	scenario_fini(&sc);
	struct diag d;
	const char *bad[] = { "workload.classes[0].arrival.file=\"tests/data/submit_times_bad.csv\"" };
	assert_int_not_equal(load_text(list, bad, 1, &sc, &d), 0);
	assert_true(diag_has(&d, "arrival.file", "submit_times_bad.csv", "must not decrease", NULL));
	scenario_fini(&sc);
	diag_fini(&d);
	const char *both[] = { "workload.classes[0].arrival.times_h=[1]" };
	assert_int_not_equal(load_text(list, both, 1, &sc, &d), 0);
	assert_true(diag_has(&d, "arrival.times_h", "not both", NULL));
	scenario_fini(&sc);
	diag_fini(&d);
	static const char inline_col[] =
		"{ \"name\": \"l\", \"duration_h\": 4,"
		"  \"cluster\": { \"racks\": 1, \"nodes_per_rack\": 1, \"node\": \"hgx_h100\" },"
		"  \"workload\": { \"classes\": ["
		"    { \"name\": \"t\", \"arrival\": { \"process\": \"list\", \"times_h\": [1],"
		"        \"column\": \"t\" }, \"gpus\": 1,"
		"      \"duration\": { \"distribution\": \"constant\", \"value_h\": 1 },"
		"      \"utilization\": 0.5 } ] } }";
	assert_int_not_equal(load_text(inline_col, NULL, 0, &sc, &d), 0);
	assert_true(diag_has(&d, "arrival.column", "only with file", NULL));
	scenario_fini(&sc);
	diag_fini(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_swf_replay),
		cmocka_unit_test(test_swf_classes_and_scale),
		cmocka_unit_test(test_csv_mapping_window),
		cmocka_unit_test(test_bad_row),
		cmocka_unit_test(test_philly_count_and_gpu_hours),
		cmocka_unit_test(test_philly_replay),
		cmocka_unit_test(test_list_from_file),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
