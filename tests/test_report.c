/*
 * test_report.c - report.html (output/report_html*.c): escaping, a chart
 * and a caption per figure, the KPI table's lines, the monthly table from
 * a monthly.csv, the failures and inference panels, a sweep's page with
 * its kept runs, and the errors (no
 * results, no gnuplot). Inputs are copies of tests/golden/ outputs, so the
 * report is checked on the files dcsim writes. What a browser makes of the
 * page is tests/report_check.sh's part.
 */
#include <stdlib.h>
#include <unistd.h>

#include "report_html.h"
#include "report_html_int.h"
#include "test_util.h"

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *s = malloc((size_t)n + 1);
	if (s && fread(s, 1, (size_t)n, f) != (size_t)n) {
		free(s);
		s = NULL;
	}
	fclose(f);
	if (s)
		s[n] = '\0';
	return s;
}

static size_t count(const char *s, const char *needle)
{
	size_t n = 0;
	for (const char *p = strstr(s, needle); p; p = strstr(p + 1, needle))
		n++;
	return n;
}

/* A copy of tests/golden/NAME in a fresh temporary directory. */
static void copy_golden(const char *name, char *dir, size_t size)
{
	snprintf(dir, size, "/tmp/dcsim-test-report-XXXXXX");
	assert_non_null(mkdtemp(dir));
	char cmd[1024];
	snprintf(cmd, sizeof cmd, "cp -R '%s/tests/golden/%s/.' '%s/'", DCSIM_SOURCE_DIR, name, dir);
	assert_int_equal(system(cmd), 0);
}

static void remove_dir(const char *dir)
{
	char cmd[512];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

static void write_file(const char *dir, const char *name, const char *text)
{
	char path[512];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

/* Set column col of every row of dir/file (a CSV without quotes, as the
 * goldens are) to value. */
static void set_column(const char *dir, const char *file, const char *col, const char *value)
{
	char cmd[1024];
	snprintf(cmd, sizeof cmd,
		 "cd '%s' && awk -F, -v OFS=, -v c='%s' -v v='%s' 'NR==1{for(i=1;i<=NF;i++)"
		 "if($i==c)k=i} NR>1&&k{$k=v} 1' %s >%s.new && grep -q '^' %s.new && "
		 "head -1 %s | grep -q '%s' && mv %s.new %s",
		 dir, col, value, file, file, file, file, col, file, file);
	assert_int_equal(system(cmd), 0);
}

/* Append a column holding value in every row. */
static void add_column(const char *dir, const char *file, const char *col, const char *value)
{
	char cmd[1024];
	snprintf(cmd, sizeof cmd,
		 "cd '%s' && awk -v c='%s' -v v='%s' 'NR==1{print $0 \",\" c; next} {print $0 \",\" v}' "
		 "%s >%s.new && mv %s.new %s",
		 dir, col, value, file, file, file, file);
	assert_int_equal(system(cmd), 0);
}

/* html's text from the figure titled title to the figure's end (caller
 * frees); fails without it. */
static char *figure_of(const char *html, const char *title)
{
	char h3[256];
	snprintf(h3, sizeof h3, "<h3>%s</h3>", title);
	const char *a = strstr(html, h3);
	assert_non_null(a);
	const char *b = strstr(a, "</figure>");
	assert_non_null(b);
	char *out = strndup(a, (size_t)(b - a));
	assert_non_null(out);
	return out;
}

/* Every figure has one chart with a size and one caption. */
static void check_figures(const char *html, size_t at_least)
{
	size_t figs = count(html, "<figure>");
	assert_true(figs >= at_least);
	assert_int_equal(count(html, "<figcaption>"), figs);
	assert_int_equal(count(html, "<svg"), figs);
	assert_int_equal(count(html, "</svg>"), figs);
	assert_null(strstr(html, "chart missing"));
	assert_null(strstr(html, "<script"));
	assert_null(strstr(html, "src=\"http"));
	assert_null(strstr(html, "href=\"http"));
	assert_null(strstr(html, "url(http"));
	assert_null(strstr(html, "<?xml"));
}

/* Write dir's report (it must succeed) and read it back; caller frees. */
static char *written_report(const char *dir, struct diag *d)
{
	assert_int_equal(report_html_write(dir, d), 0);
	char path[128];
	snprintf(path, sizeof path, "%s/report.html", dir);
	char *html = slurp(path);
	assert_non_null(html);
	return html;
}

static void test_escape(void **state)
{
	(void)state;
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	page_escape(f, "<b a='1'>\"x\" & y</b>");
	fclose(f);
	assert_string_equal(buf, "&lt;b a=&#39;1&#39;&gt;&quot;x&quot; &amp; y&lt;/b&gt;");
	free(buf);
	buf = NULL;
	f = open_memstream(&buf, &len);
	gp_string(f, "it's\nhere");
	fclose(f);
	assert_string_equal(buf, "'it''shere'");
	free(buf);
}

static void test_run_report(void **state)
{
	(void)state;
	char dir[64];
	copy_golden("cap_battery", dir, sizeof dir);
	/* a name and a description that must be escaped */
	write_file(dir, "resolved.json",
		   "{\"scenario\": {\"name\": \"cap <b>&</b>\", \"description\": "
		   "\"<script>alert(1)</script> what if?\"}}");
	write_file(dir, "monthly.csv", "month,it_energy_mwh,facility_peak_kw,cost_total_usd\n"
				       "2025-07,1.5,140,\n2025-08,<x>,150,\n");
	struct diag d;
	diag_init(&d);
	char *html = written_report(dir, &d);
	check_figures(html, 6);
	assert_non_null(strstr(html, "<h1>cap &lt;b&gt;&amp;&lt;/b&gt;</h1>"));
	assert_non_null(strstr(html, "&lt;script&gt;alert(1)&lt;/script&gt; what if?"));
	/* the KPI table: lines of the KPI table, with the grid's when capped
	 * (6.770 MWh: tests/golden/cap_battery/summary.csv, it_energy_mwh
	 * 6.769983446, at the report's 3 decimals) */
	assert_non_null(strstr(html, "<td>IT energy (MWh)</td><td class=\"n\">6.770</td>"));
	assert_non_null(strstr(html, "<td>grid peak (kW)</td>"));
	assert_non_null(strstr(html, "<td>battery cycles</td>"));
	assert_non_null(strstr(html, "<td class=\"sub\">of which GPUs (MWh)</td>"));
	assert_null(strstr(html, "distribution losses (MWh)</td>")); /* no chain */
	/* the panels: capacity, battery, GPUs, monthly table */
	assert_non_null(strstr(html, "grid capacity"));
	assert_non_null(strstr(html, "Grid draw, headroom and battery"));
	assert_non_null(strstr(html, "% of installed GPUs"));
	assert_non_null(strstr(html, "<h2>By month</h2>"));
	assert_non_null(strstr(html, "<td>2025-07</td>"));
	assert_non_null(strstr(html, "<td>&lt;x&gt;</td>"));
	assert_non_null(strstr(html, "<th>facility_peak_kw</th>"));
	assert_null(strstr(html, "cost_total_usd")); /* empty in every month: left out */
	/* a component that is zero throughout has no legend entry */
	assert_null(strstr(html, "IT: network"));
	/* no failures, checkpoints nor services: no such panels */
	assert_null(strstr(html, "<h2>Failures</h2>"));
	assert_null(strstr(html, "<h2>Checkpoints</h2>"));
	assert_null(strstr(html, "<h2>Inference services</h2>"));
	assert_true(strlen(html) < 2000000);
	free(html);
	diag_fini(&d);
	remove_dir(dir);
}

/* The failures and inference panels, from files as their subsystems write
 * them: a copy of cap_battery with failures.csv, inference.csv, the
 * services' targets in resolved.json, and the columns they read set.
 * Allocated GPU-hours: 0.5 x 128 GPUs x 24 h x 10 days = 15,360; the lost
 * ones 153.6 + 307.2 + 76.8 = 537.6, 3.5% of them, so goodput 0.965. */
static void test_model_panels(void **state)
{
	(void)state;
	char dir[64];
	copy_golden("cap_battery", dir, sizeof dir);
	static const char *const kpis[][2] = {
		{ "gpu_utilization", "0.5" }, { "sim_days", "10" },
		{ "failure_lost_gpu_hours", "153.6" }, { "checkpoint_gpu_hours", "307.2" },
		{ "restart_gpu_hours", "76.8" }, { "preempted_work_lost_gpu_hours", "0" },
		{ "goodput", "0.965" }, { "ettr_mean", "0.97" },
		{ "component_failures", "7" }, { "failure_interruptions", "4" },
	};
	for (size_t i = 0; i < sizeof kpis / sizeof kpis[0]; i++)
		set_column(dir, "summary.csv", kpis[i][0], kpis[i][1]);
	static const char *const ts[][2] = {
		{ "gpus_down", "3" }, { "nodes_down", "1" }, { "inference_requests_per_s", "5" },
		{ "inference_replicas", "2" }, { "inference_batch_occupancy", "0.4" },
		{ "inference_gpu_kw", "1.2" },
	};
	for (size_t i = 0; i < sizeof ts / sizeof ts[0]; i++)
		set_column(dir, "timeseries.csv", ts[i][0], ts[i][1]);
	static const char *const per_service[][2] = {
		{ "service.chat.requests_per_s", "4" }, { "service.chat.replicas", "1.5" },
		{ "service.chat.batch_occupancy", "0.5" }, { "service.chat.gpu_kw", "0.8" },
		{ "service.bulk.requests_per_s", "1" }, { "service.bulk.replicas", "0.5" },
		{ "service.bulk.batch_occupancy", "0.1" }, { "service.bulk.gpu_kw", "0.4" },
	};
	for (size_t i = 0; i < sizeof per_service / sizeof per_service[0]; i++)
		add_column(dir, "timeseries.csv", per_service[i][0], per_service[i][1]);
	write_file(dir, "failures.csv", "kind,cause,share,failures,interruptions\n"
					"gpu,faulty_gpu,0.6,5,3\ngpu,hbm_never,0.4,0,0\n"
					"node,nic_x,1,2,1\n");
	write_file(dir, "inference.csv",
		   "service,profile,requests,served,dropped,ttft_p50_s,ttft_p95_s,ttft_p99_s,"
		   "e2e_p50_s,e2e_p95_s,e2e_p99_s,slo_attainment,tokens_out,replicas_mean,"
		   "batch_occupancy,gpu_hours,gpu_energy_mwh,j_per_token,wh_per_request,"
		   "g_co2_per_1k_requests\n"
		   "chat,llama3.1-8b_h100,1000,990,10,0.03,0.5,1.5,1.2,4,9,0.98,200000,2,0.4,"
		   "48,0.0194,0.35,0.0196,\n"
		   "bulk,llama3.1-8b_h100,500,500,0,0.04,0.6,1.7,2,6,12,,100000,1,0.2,24,"
		   "0.0088,0.3175,0.0176,\n");
	write_file(dir, "resolved.json",
		   "{\"scenario\": {\"name\": \"panels\", \"workload\": {\"services\": ["
		   "{\"name\": \"chat\", \"slo_ttft_s\": 2, \"slo_e2e_s\": 60}, "
		   "{\"name\": \"bulk\"}]}}}");
	struct diag d;
	diag_init(&d);
	char *html = written_report(dir, &d);
	check_figures(html, 12);
	/* failures: by cause (the cause with no failure left out), down, lost */
	assert_non_null(strstr(html, "<h2>Failures</h2>"));
	assert_non_null(strstr(html, "<h3>Failures and job interruptions by cause</h3>"));
	assert_non_null(strstr(html, "gpu: faulty_gpu"));
	assert_non_null(strstr(html, "node: nic_x"));
	assert_null(strstr(html, "gpu: hbm_never"));
	assert_non_null(strstr(html, "In all: 7 failures, 4 interruptions."));
	assert_non_null(strstr(html, "<h3>GPUs and nodes down</h3>"));
	assert_non_null(strstr(html, "<h3>GPU-hours that did no lasting work: goodput 0.9650</h3>"));
	assert_non_null(strstr(html, "537.6 in all"));
	assert_non_null(strstr(html, "the bar is the other 3.5% of the allocated"));
	assert_non_null(strstr(html, "work lost to failures (since the last checkpoint) 153.6 "
				     "GPU-h (1% of allocated)"));
	assert_non_null(strstr(html, "writing checkpoints 307.2 GPU-h (2% of allocated)"));
	assert_non_null(strstr(html, "restarting (reloading checkpoints) 76.800 GPU-h (0.5% of "
				     "allocated)"));
	assert_int_equal(count(html, "% of allocated)"), 3); /* preemptions' zero: left out */
	assert_non_null(strstr(html, "Mean ETTR of the completed jobs that checkpoint"));
	/* inference: over time, latency against the targets, the energy table */
	assert_non_null(strstr(html, "<h2>Inference services</h2>"));
	/* a line per service, in every panel: the legend names both */
	char *load = figure_of(html, "Inference load and replicas");
	assert_non_null(strstr(load, "one line per service"));
	assert_non_null(strstr(load, ">chat</text>"));
	assert_non_null(strstr(load, ">bulk</text>"));
	assert_null(strstr(load, "others"));
	free(load);
	char *occ = figure_of(html, "Batch occupancy and GPU power of the replicas");
	assert_non_null(strstr(occ, ">chat</text>"));
	assert_non_null(strstr(occ, ">bulk</text>"));
	free(occ);
	assert_non_null(strstr(html, "<h3>Latency by service against its targets</h3>"));
	assert_non_null(strstr(html, "time to first token"));
	assert_non_null(strstr(html, "<th>J per output token</th>"));
	assert_non_null(strstr(html, "<td>chat</td><td>llama3.1-8b_h100</td><td class=\"n\">990</td>"
				     "<td class=\"n\">10</td><td class=\"n\">0.9800</td>"));
	assert_non_null(strstr(html, "<td class=\"n\">0.3500</td><td class=\"n\">0.0196</td>"
				     "</tr>"));
	assert_null(strstr(html, "g CO2e per 1,000 requests")); /* no carbon: left out */
	free(html);
	diag_fini(&d);
	/* the targets as read back for the chart */
	struct resolved_meta m;
	assert_int_equal(resolved_meta_read(dir, &m), 0);
	assert_int_equal(m.n_services, 2);
	assert_string_equal(m.services[0].name, "chat");
	assert_true(m.services[0].slo_ttft_s == 2 && m.services[0].slo_e2e_s == 60);
	assert_true(isnan(m.services[1].slo_ttft_s) && isnan(m.services[1].slo_e2e_s));
	resolved_meta_fini(&m);
	remove_dir(dir);
}

/* Past 6 services the inference charts draw the 5 with the most GPU
 * energy (inference.csv) and sum the rest as "others": 8 services whose
 * energy is their index, so s3..s7 get lines and s0..s2 are the 3 others
 * (not in the occupancy panel, which has no sum). */
static void test_many_services(void **state)
{
	(void)state;
	char dir[64];
	copy_golden("cap_battery", dir, sizeof dir);
	char csv[2048] = "service,profile,requests,served,dropped,ttft_p50_s,e2e_p50_s,gpu_energy_mwh\n";
	char json[2048] = "{\"scenario\": {\"name\": \"many\", \"workload\": {\"services\": [";
	for (int i = 0; i < 8; i++) {
		char row[128], col[64], v[16];
		snprintf(row, sizeof row, "s%d,llama3.1-8b_h100,10,10,0,0.1,1,%d\n", i, i);
		strcat(csv, row);
		snprintf(row, sizeof row, "%s{\"name\": \"s%d\"}", i ? ", " : "", i);
		strcat(json, row);
		static const char *const figs[] = { "requests_per_s", "replicas", "batch_occupancy",
						    "gpu_kw" };
		for (int k = 0; k < 4; k++) {
			snprintf(col, sizeof col, "service.s%d.%s", i, figs[k]);
			snprintf(v, sizeof v, "%g", k == 2 ? 0.1 * (i + 1) : i + 1.0);
			add_column(dir, "timeseries.csv", col, v);
		}
	}
	strcat(json, "]}}}");
	write_file(dir, "inference.csv", csv);
	write_file(dir, "resolved.json", json);
	struct diag d;
	diag_init(&d);
	char *html = written_report(dir, &d);
	char *load = figure_of(html, "Inference load and replicas");
	assert_non_null(strstr(load, "each of the 5 services with the most GPU energy"));
	assert_non_null(strstr(load, "the other 3 summed as &quot;others&quot;"));
	assert_int_equal(count(load, ">others (3)</text>"), 1); /* the key: under the last panel */
	for (int i = 0; i < 8; i++) {
		char name[32];
		snprintf(name, sizeof name, ">s%d</text>", i);
		if (i < 3)
			assert_null(strstr(load, name));
		else
			assert_non_null(strstr(load, name));
	}
	free(load);
	char *occ = figure_of(html, "Batch occupancy and GPU power of the replicas");
	assert_non_null(strstr(occ, "Occupancy has no sum over services"));
	assert_int_equal(count(occ, ">others (3)</text>"), 1);
	free(occ);
	free(html);
	diag_fini(&d);
	remove_dir(dir);
}

static void test_sweep_report(void **state)
{
	(void)state;
	char dir[64];
	copy_golden("sweep", dir, sizeof dir);
	struct diag d;
	diag_init(&d);
	char *html = written_report(dir, &d);
	check_figures(html, 5);
	assert_non_null(strstr(html, "<h1>golden_sweep</h1>"));
	assert_non_null(strstr(html, "it_energy_mwh against workload.classes[0].utilization"));
	assert_non_null(strstr(html, "95% Student-t"));
	assert_non_null(strstr(html, "<a href=\"runs/run_0/report.html\">run_0</a>"));
	/* pue is 1.25 at every point of this fixed-PUE sweep: listed, not drawn */
	assert_null(strstr(html, "<h3>pue against"));
	free(html);
	char path[128];
	snprintf(path, sizeof path, "%s/runs/run_0/report.html", dir);
	html = slurp(path);
	assert_non_null(html);
	check_figures(html, 5);
	free(html);
	diag_fini(&d);
	remove_dir(dir);
}

/* A sweep of many points: binned charts and a cut table keep the page
 * small (every point drawn, 2,000 made 29 MB). */
static void test_many_points(void **state)
{
	(void)state;
	char dir[64];
	snprintf(dir, sizeof dir, "/tmp/dcsim-test-report-XXXXXX");
	assert_non_null(mkdtemp(dir));
	write_file(dir, "sweep.json", "{\"name\": \"many\", \"base\": {\"scenario\": "
				      "{\"description\": \"base\"}}}");
	char path[128];
	snprintf(path, sizeof path, "%s/points.csv", dir);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs("point,cluster.racks,name,replications,it_energy_mwh_mean,it_energy_mwh_sd,"
	      "it_energy_mwh_ci95\n", f);
	for (int i = 0; i < 1000; i++)
		fprintf(f, "%d,%d,n%d,1,%g,,\n", i, i % 50, i % 3, 0.5 + 0.01 * (i % 50));
	fclose(f);
	struct diag d;
	diag_init(&d);
	char *html = written_report(dir, &d);
	check_figures(html, 2);
	assert_non_null(strstr(html, "<p class=\"question\">base</p>"));
	assert_non_null(strstr(html, "grouped into 20 equal-width bins of the parameter"));
	assert_non_null(strstr(html, "grouped by the parameter&#39;s value"));
	assert_non_null(strstr(html, "The first 200 of 1000 points"));
	assert_true(strlen(html) < 300000);
	free(html);
	diag_fini(&d);
	remove_dir(dir);
}

static void test_errors(void **state)
{
	(void)state;
	struct diag d;
	diag_init(&d);
	assert_int_equal(report_html_write("/nonexistent/dcsim", &d), REPORT_BAD_RESULTS);
	assert_true(diag_has(&d, "/nonexistent/dcsim", "no dcsim results", NULL));
	diag_fini(&d);
	char dir[64];
	copy_golden("air", dir, sizeof dir);
	/* a time series cut short in its third line: the file and line named */
	char ts[128];
	snprintf(ts, sizeof ts, "%s/timeseries.csv", dir);
	FILE *f = fopen(ts, "r+");
	assert_non_null(f);
	int c, lines = 0;
	long cut = -1;
	while ((c = fgetc(f)) != EOF && cut < 0)
		if (c == '\n' && ++lines == 2)
			cut = ftell(f) + 5;
	fclose(f);
	assert_true(cut > 0 && truncate(ts, cut) == 0);
	diag_init(&d);
	assert_int_equal(report_html_write(dir, &d), REPORT_BAD_RESULTS);
	assert_true(diag_has(&d, "timeseries.csv: line 3:", "fields, the header has", NULL));
	diag_fini(&d);
	remove_dir(dir);
	copy_golden("air", dir, sizeof dir);
	const char *path = getenv("PATH");
	char *saved = path ? strdup(path) : NULL;
	setenv("PATH", "/nonexistent", 1);
	diag_init(&d);
	assert_int_equal(report_html_write(dir, &d), -1);
	assert_true(diag_has(&d, "gnuplot not found on PATH", NULL));
	diag_fini(&d);
	if (saved)
		setenv("PATH", saved, 1);
	free(saved);
	char html[128];
	snprintf(html, sizeof html, "%s/report.html", dir);
	assert_int_not_equal(access(html, F_OK), 0);
	remove_dir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_escape),
		cmocka_unit_test(test_run_report),
		cmocka_unit_test(test_model_panels),
		cmocka_unit_test(test_many_services),
		cmocka_unit_test(test_sweep_report),
		cmocka_unit_test(test_many_points),
		cmocka_unit_test(test_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
