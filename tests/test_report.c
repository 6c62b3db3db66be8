/*
 * test_report.c - report.html (output/report_html*.c): escaping, a chart
 * and a caption per figure, the KPI table's lines, the monthly table from
 * a monthly.csv, a sweep's page with its kept runs, and the errors (no
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
	write_file(dir, "monthly.csv", "month,it_energy_mwh,facility_peak_kw\n"
				       "2025-07,1.5,140\n2025-08,<x>,150\n");
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
	/* a component that is zero throughout has no legend entry */
	assert_null(strstr(html, "IT: network"));
	assert_true(strlen(html) < 2000000);
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
		cmocka_unit_test(test_sweep_report),
		cmocka_unit_test(test_many_points),
		cmocka_unit_test(test_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
