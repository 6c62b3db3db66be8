/*
 * report_html_run.c - a run's sections of report.html: the KPI table (from
 * the KPI table, kpi_table.h, and summary.csv), the monthly table when
 * monthly.csv exists, and the charts of timeseries.csv, summary.csv and
 * jobs.csv.
 *
 * Time series are interval averages. Up to 14 days they are drawn as they
 * are, as steps; longer runs as daily bands: each day's time-weighted
 * mean, and its lowest and highest interval, so a one-year run draws 365
 * points a series (never 35,040), with months on the x axis past 60 days.
 * A component that is zero throughout has no legend entry. GPUs are drawn
 * as a percentage of those installed.
 *
 * monthly.csv (with a calendar: world_months.c, MONTH_COLUMNS): one row
 * per calendar month, first column `month` (a label such as 2025-07),
 * then its columns with their units in the names; the page shows it as a
 * table, without the columns empty in every month (the cost columns
 * without a cost section). The failures and inference sections are their
 * own files (report_html_failures.c, report_html_inference.c).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kpi.h"
#include "report_html_run_int.h"

#define DAILY_AFTER_DAYS 14.0
#define WIDE REPORT_WIDE
#define TALL REPORT_TALL

/* The columns of names that are present and nonzero; their labels too. */
static size_t pick(const struct report_table *t, const char *const *names,
		   const char *const *labels, size_t n, long *cols, const char **out_labels)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		long c = report_table_col(t, names[i]);
		if (run_col_nonzero(t, c)) {
			cols[k] = c;
			out_labels[k++] = labels[i];
		}
	}
	return k;
}

/* Plot elements of a stack written by write_block: the top drawn first so
 * the lower ones cover it, colours fixed by component. */
static void plot_stack(FILE *f, const struct run_data *r, const char *block,
		       const char *const *labels, const int *colour, size_t n, const char *unit)
{
	for (size_t j = n; j-- > 0;) {
		int col = 2 + (int)j * (r->daily ? 3 : 1);
		fprintf(f, "%s$%s using 1:%d %s fs solid 0.85 noborder lt %d title ",
			j + 1 == n ? "" : ", ", block, col,
			r->daily ? "with filledcurves x1" : "with fillsteps", colour[j]);
		gp_string(f, labels[j]);
		(void)unit;
	}
}

/* --- the charts ---------------------------------------------------------- */

static void chart_power(struct run_data *r)
{
	static const char *const names[] = { "it_gpu_kw", "it_host_kw", "it_fans_kw",
					     "it_network_kw", "losses_kw", "cooling_kw" };
	static const char *const labels[] = { "IT: GPUs", "IT: hosts", "IT: server fans",
					      "IT: network", "distribution losses", "cooling" };
	long cols[6];
	const char *lab[6];
	int colour[6];
	size_t n = pick(&r->ts, names, labels, 6, cols, lab);
	for (size_t i = 0; i < n; i++)
		for (int k = 0; k < 6; k++)
			if (lab[i] == labels[k])
				colour[i] = k + 1;
	long cap = report_table_col(&r->ts, "capacity_kw");
	long fac = report_table_col(&r->ts, "facility_kw");
	int has_cap = run_col_any(&r->ts, cap);
	char caption[1024];
	page_fmt(caption, sizeof caption,
		 "Facility power in MW, stacked by component: IT (GPUs, hosts, server fans, "
		 "network), distribution losses and cooling; their sum is the facility's draw.%s%s",
		 has_cap ? " The dashed line is the grid connection's capacity." : "",
		 run_smoothing(r));
	FILE *f = page_figure(r->p, WIDE, TALL, "Facility power by component", caption);
	run_block(f, r, "stack", cols, n, 1, 1e-3);
	long extra[2] = { fac, cap };
	run_block(f, r, "lines", extra, 2, 0, 1e-3);
	run_time_axis(f, r);
	fputs("set ylabel 'MW'\nset yrange [0:*]\nset offsets 0,0,graph 0.08,0\n", f);
	fputs("plot ", f);
	plot_stack(f, r, "stack", lab, colour, n, "MW");
	if (r->daily)
		fputs(", $lines using 1:4 with lines lt 8 lw 1 title 'facility: daily max', "
		      "$lines using 1:3 with lines lt 8 lw 1 dt 3 title 'facility: daily min'",
		      f);
	if (has_cap)
		fprintf(f, ", $lines using 1:%d with %s lt 4 lw 2.5 dt 2 title 'grid capacity'",
			r->daily ? 6 : 3, r->daily ? "lines" : "steps");
	fputs("\n", f);
}

static void chart_grid(struct run_data *r)
{
	const struct report_table *t = &r->ts;
	long cap = report_table_col(t, "capacity_kw");
	if (!run_col_any(t, cap))
		return;
	long cols[4] = { report_table_col(t, "grid_kw"), report_table_col(t, "headroom_kw"),
			 report_table_col(t, "battery_kw"), cap };
	long soc = report_table_col(t, "battery_soc");
	int batt = run_col_nonzero(t, cols[2]) || run_col_any(t, soc);
	char caption[1024];
	page_fmt(caption, sizeof caption,
		 "The grid connection: power drawn from the grid and the headroom left under its "
		 "capacity, in MW.%s%s",
		 batt ? " The battery's power (MW; positive: charging, negative: discharging to the "
			"facility) and its state of charge (% of usable energy, right axis)."
		      : "",
		 run_smoothing(r));
	FILE *f = page_figure(r->p, WIDE, TALL, "Grid draw, headroom and battery", caption);
	run_block(f, r, "g", cols, 4, 0, 1e-3);
	long s1[1] = { soc };
	run_block(f, r, "soc", s1, 1, 0, 100);
	run_time_axis(f, r);
	int k = r->daily ? 3 : 1;
	const char *with = r->daily ? "lines" : "steps";
	fputs("set ylabel 'MW'\n", f);
	if (batt)
		fputs("set y2label 'battery charge (%)'\nset y2range [0:100]\nset y2tics\n"
		      "set ytics nomirror\n",
		      f);
	fprintf(f, "plot $g using 1:%d with %s lt 1 title 'grid draw', "
		   "$g using 1:%d with %s lt 3 title 'headroom', "
		   "$g using 1:%d with %s lt 4 lw 2.5 dt 2 title 'capacity'",
		2, with, 2 + k, with, 2 + 3 * k, with);
	if (batt)
		fprintf(f, ", $g using 1:%d with %s lt 2 title 'battery power', "
			   "$soc using 1:2 axes x1y2 with %s lt 6 title 'battery charge (right)'",
			2 + 2 * k, with, with);
	fputs("\n", f);
}

static void chart_gpus(struct run_data *r)
{
	static const char *const names[] = { "gpus_busy", "gpus_throttled", "gpus_grid_throttled",
					     "gpus_thermal_throttled", "gpus_down" };
	static const char *const labels[] = { "GPUs busy", "slowed by a power cap",
					      "held down by the grid cap",
					      "held down by a cooling plant (thermal)",
					      "down (failed, or behind a failed switch)" };
	long cols[5];
	const char *lab[5];
	size_t n = pick(&r->ts, names, labels, 5, cols, lab);
	if (n == 0 || !(r->gpus > 0))
		return;
	char caption[1024];
	const int down = lab[n - 1] == labels[4];
	page_fmt(caption, sizeof caption,
		 "GPUs as a percentage of the %.0f installed: allocated to jobs, %sthose of "
		 "running jobs held below their demand (throttled; series that stay at zero "
		 "are left out)%s. The line at 100%% is the installed count.%s",
		 r->gpus, down ? "" : "and ",
		 down ? ", and those down (failed, or behind a failed switch)" : "", run_smoothing(r));
	FILE *f = page_figure(r->p, WIDE, 320, "GPU occupancy and throttling", caption);
	run_block(f, r, "gp", cols, n, 0, 100 / r->gpus);
	run_time_axis(f, r);
	fputs("set ylabel '% of installed GPUs'\nset yrange [0:105]\nplot ", f);
	for (size_t k = 0; k < n; k++) {
		int c = 2 + (int)k * (r->daily ? 3 : 1);
		fprintf(f, "%s$gp using 1:%d with %s lt %zu title ", k ? ", " : "", c,
			r->daily ? "lines" : "steps", k + 1);
		gp_string(f, lab[k]);
		if (r->daily && k == 0)
			fprintf(f, ", $gp using 1:%d:%d with filledcurves fs transparent solid 0.2 "
				   "noborder lt 1 title 'busy: daily range'",
				c + 1, c + 2);
	}
	fputs(", 100 with lines lt 8 lw 1 dt 2 title 'installed'\n", f);
}

static void chart_cooling(struct run_data *r)
{
	static const char *const names[] = { "cooling_air_fans_kw", "cooling_compressors_kw",
					     "cooling_heat_rejection_kw", "cooling_pumps_kw",
					     "cooling_other_kw" };
	static const char *const labels[] = { "air fans", "compressors", "heat rejection",
					      "pumps", "other (fixed PUE)" };
	long cols[5];
	const char *lab[5];
	int colour[5];
	size_t n = pick(&r->ts, names, labels, 5, cols, lab);
	if (n == 0)
		return;
	for (size_t i = 0; i < n; i++)
		for (int k = 0; k < 5; k++)
			if (lab[i] == labels[k])
				colour[i] = k + 1;
	long dry = report_table_col(&r->ts, "outdoor_dry_c");
	long wet = report_table_col(&r->ts, "outdoor_wet_c");
	long free_c = report_table_col(&r->ts, "free_cooling_fraction");
	int weather = run_col_any(&r->ts, dry);
	char caption[1024];
	page_fmt(caption, sizeof caption,
		 "Cooling power in kW, stacked by component.%s%s", weather
		 ? " Below, on the same time axis: the outdoor dry-bulb and wet-bulb temperatures "
		   "in degrees C, and the share of the heat removed without compressors (free "
		   "cooling, %, right axis)."
		 : " The run has no weather (fixed PUE).",
		 run_smoothing(r));
	FILE *f = page_figure(r->p, WIDE, weather ? 620 : TALL,
			      "Cooling by component against the outdoor air", caption);
	run_block(f, r, "cool", cols, n, 1, 1);
	long w[2] = { dry, wet };
	run_block(f, r, "air", w, 2, 0, 1);
	long fc[1] = { free_c };
	run_block(f, r, "fc", fc, 1, 0, 100);
	run_time_axis(f, r);
	if (weather)
		fputs("set multiplot layout 2,1\nset lmargin 10\nset rmargin 10\n", f);
	fputs("set ylabel 'kW'\nset yrange [0:*]\nplot ", f);
	plot_stack(f, r, "cool", lab, colour, n, "kW");
	fputs("\n", f);
	if (!weather)
		return;
	fputs("set yrange [*:*]\nset ylabel 'outdoor (C)'\nset y2label 'free cooling (%)'\n"
	      "set y2range [0:100]\nset y2tics\nset ytics nomirror\n", f);
	fprintf(f, "plot $air using 1:2 with %s lt 4 lw 1.5 title 'dry bulb', "
		   "$air using 1:%d with %s lt 1 lw 1.5 title 'wet bulb', "
		   "$fc using 1:2 axes x1y2 with %s lt 3 lw 1 title 'free cooling (right)'\n"
		   "unset multiplot\n",
		r->daily ? "lines" : "steps", r->daily ? 5 : 3, r->daily ? "lines" : "steps",
		r->daily ? "lines" : "steps");
}

static void chart_energy(struct run_data *r)
{
	static const char *const names[] = {
		"it_gpu_energy_mwh", "it_host_energy_mwh", "it_fans_energy_mwh",
		"it_network_energy_mwh", "distribution_loss_mwh", "cooling_air_fans_mwh",
		"cooling_compressors_mwh", "cooling_heat_rejection_mwh", "cooling_pumps_mwh",
		"cooling_other_mwh"
	};
	static const char *const labels[] = {
		"IT: GPUs", "IT: hosts", "IT: server fans", "IT: network", "distribution losses",
		"cooling: air fans", "cooling: compressors", "cooling: heat rejection",
		"cooling: pumps", "cooling: other (fixed PUE)"
	};
	double v[10], total = 0;
	for (int i = 0; i < 10; i++) {
		v[i] = report_table_num(&r->summary, 0, report_table_col(&r->summary, names[i]));
		if (isnan(v[i]))
			v[i] = 0;
		total += v[i];
	}
	if (!(total > 0))
		return;
	FILE *f = page_figure(r->p, WIDE, 260, "Where the energy went",
			      "Facility energy over the measurement window (after warm-up), in MWh: "
			      "IT by component, distribution losses and cooling by component, as one "
			      "stacked bar; each entry gives its MWh and share. Components that used "
			      "no energy are left out.");
	fputs("$e << EOD\n", f);
	double at = 0;
	for (int i = 0; i < 10; i++) {
		if (!(v[i] > 0))
			continue;
		fprintf(f, "%.6g 1 %.6g %.6g 0.6 1.4 %d\n", at + v[i] / 2, at, at + v[i], i);
		at += v[i];
	}
	fputs("EOD\nset xlabel 'MWh' offset 0,0.5\nset xrange [0:*]\nset yrange [0.3:1.7]\nunset ytics\n"
	      "set grid noytics\nset key outside below horizontal left Left reverse\nplot ",
	      f);
	int k = 0;
	static const int colour[10] = { 1, 2, 3, 4, 7, 5, 6, 8, 5, 6 };
	static const char *const fill[10] = { "solid 0.9", "solid 0.9", "solid 0.9", "solid 0.9",
					      "solid 0.9", "solid 0.9", "solid 0.9", "solid 0.9",
					      "pattern 4", "pattern 5" };
	for (int i = 0; i < 10; i++) {
		if (!(v[i] > 0))
			continue;
		char title[128], mwh[64];
		page_number(mwh, sizeof mwh, v[i], -1);
		page_fmt(title, sizeof title, "%s %s MWh (%.1f%%)", labels[i], mwh,
			 100 * v[i] / total);
		fprintf(f, "%s$e every ::%d::%d using 1:2:3:4:5:6 with boxxyerror fs %s border "
			   "lc rgb '#ffffff' lt %d title ",
			k ? ", " : "", k, k, fill[i], colour[i]);
		gp_string(f, title);
		k++;
	}
	fputs("\n", f);
}

static void chart_queue(struct run_data *r)
{
	const struct report_table *t = &r->ts;
	long cols[2] = { report_table_col(t, "jobs_queued"), report_table_col(t, "jobs_running") };
	if (cols[0] < 0 || cols[1] < 0)
		return;
	char caption[512];
	page_fmt(caption, sizeof caption,
		 "Jobs waiting in the queue and jobs running (all classes), a count.%s",
		 run_smoothing(r));
	FILE *f = page_figure(r->p, WIDE, 320, "Queue", caption);
	run_block(f, r, "q", cols, 2, 0, 1);
	run_time_axis(f, r);
	const char *with = r->daily ? "lines" : "steps";
	fprintf(f, "set ylabel 'jobs'\nset yrange [0:*]\nplot $q using 1:2 with %s lt 4 "
		   "title 'queued', $q using 1:%d with %s lt 1 title 'running'",
		with, r->daily ? 5 : 3, with);
	if (r->daily)
		fputs(", $q using 1:4 with lines lt 4 lw 1 dt 3 title 'queued: daily max'", f);
	fputs("\n", f);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* Mean and 95th percentile of the waits of the measured jobs that
 * started, per class, from jobs.csv. */
static void chart_waits(struct run_data *r)
{
	const struct report_table *t = &r->jobs;
	long cc = report_table_col(t, "class"), mc = report_table_col(t, "measured");
	long wc = report_table_col(t, "wait_s");
	if (!r->has_jobs || cc < 0 || wc < 0 || t->n_rows == 0)
		return;
	double *w = malloc(t->n_rows * sizeof *w);
	const char **classes = calloc(t->n_rows, sizeof *classes);
	size_t n_classes = 0;
	if (!w || !classes)
		goto done;
	for (size_t i = 0; i < t->n_rows && n_classes < 32; i++) {
		const char *c = report_table_text(t, i, cc);
		size_t k = 0;
		while (k < n_classes && strcmp(classes[k], c))
			k++;
		if (k == n_classes)
			classes[n_classes++] = c;
	}
	double mean[32], p95[32], most = 0;
	size_t count[32];
	for (size_t k = 0; k < n_classes; k++) {
		size_t n = 0;
		double sum = 0;
		for (size_t i = 0; i < t->n_rows; i++) {
			double v = report_table_num(t, i, wc);
			if (isnan(v) || strcmp(report_table_text(t, i, cc), classes[k]) ||
			    (mc >= 0 && report_table_num(t, i, mc) != 1))
				continue;
			w[n++] = v;
			sum += v;
		}
		qsort(w, n, sizeof *w, cmp_double);
		count[k] = n;
		mean[k] = n ? sum / (double)n : (double)NAN;
		p95[k] = n ? w[(size_t)ceil(0.95 * (double)n) - 1] : (double)NAN;
		if (n && p95[k] > most)
			most = p95[k];
	}
	double unit = most >= 7200 ? 3600 : most >= 120 ? 60 : 1;
	const char *uname = unit == 3600 ? "h" : unit == 60 ? "min" : "s";
	char caption[512];
	page_fmt(caption, sizeof caption,
		 "Wait from submission to start by job class, in %s: the mean and the 95th "
		 "percentile over the measured jobs that started (after warm-up); n is the number "
		 "of such jobs.",
		 uname);
	FILE *f = page_figure(r->p, WIDE, 320, "Waits by job class", caption);
	fputs("$w << EOD\n", f);
	for (size_t k = 0; k < n_classes; k++) {
		char label[160];
		page_fmt(label, sizeof label, "%s (n=%zu)", classes[k], count[k]);
		gp_datum(f, label);
		fprintf(f, isnan(mean[k]) ? " NaN NaN\n" : " %.6g %.6g\n", mean[k] / unit,
			p95[k] / unit);
	}
	fprintf(f, "EOD\nset style data histograms\nset style histogram clustered gap 1\n"
		   "set style fill solid 0.9 noborder\nset boxwidth 0.9\nset yrange [0:*]\n"
		   "set ylabel 'wait (%s)'\nset grid noxtics\nset xtics nomirror\n"
		   "plot $w using 2:xtic(1) lt 1 title 'mean', $w using 3 lt 2 "
		   "title '95th percentile'\n",
		uname);
done:
	free(w);
	free(classes);
}

/* --- the tables ---------------------------------------------------------- */

static void run_tables_fini(struct run_data *r)
{
	report_table_fini(&r->summary);
	report_table_fini(&r->ts);
	report_table_fini(&r->jobs);
	report_table_fini(&r->chain);
}

/* 0, or -1 when the file is there but not as dcsim writes it. */
static int optional_table(struct run_data *r, const char *file, const char *title,
			  const char *what, int skip_empty)
{
	struct report_table t;
	int rc = report_table_read(&t, r->p->dir, file, r->p->d);
	if (rc == 0 && t.n_rows > 0) {
		page_section(r->p, title);
		page_html(r->p, "<p>%s</p>\n", what);
		page_table_filled(r->p, &t, 200, skip_empty);
	}
	report_table_fini(&t);
	return rc < 0 ? -1 : 0;
}

int report_run_sections(struct page *p)
{
	struct run_data r;
	memset(&r, 0, sizeof r);
	r.p = p;
	int rc = report_table_read(&r.summary, p->dir, "summary.csv", p->d);
	if (rc == 0 && r.summary.n_rows != 1) {
		diag_add(p->d, "%s/summary.csv: %zu rows of results, not 1 (not a run's summary)",
			 p->dir, r.summary.n_rows);
		rc = -1;
	}
	if (rc != 0) {
		report_table_fini(&r.summary);
		return -1;
	}
	int ts = report_table_read(&r.ts, p->dir, "timeseries.csv", p->d);
	int jobs = report_table_read(&r.jobs, p->dir, "jobs.csv", p->d);
	int chain = report_table_read(&r.chain, p->dir, "chain.csv", p->d);
	if (ts < 0 || jobs < 0 || chain < 0) {
		run_tables_fini(&r);
		return -1;
	}
	r.has_ts = ts == 0 && r.ts.n_rows > 0;
	r.has_jobs = jobs == 0;
	r.has_chain = chain == 0;
	r.gpus = report_table_num(&r.summary, 0, report_table_col(&r.summary, "gpus"));
	if (r.has_ts) {
		size_t last = r.ts.n_rows - 1;
		r.span_h = report_table_num(&r.ts, last, report_table_col(&r.ts, "time_h")) +
			   report_table_num(&r.ts, last, report_table_col(&r.ts, "interval_h"));
		r.daily = r.span_h / 24 > DAILY_AFTER_DAYS;
	}
	page_section(p, "Key results");
	report_kpi_table(p, &r.summary, 0, r.has_chain ? &r.chain : NULL, 1);
	rc = optional_table(&r, "monthly.csv", "By month",
			    "One row per calendar month of the measurement window (monthly.csv): "
			    "energies, exact peaks, water, cost and jobs add up to the key "
			    "results; columns with no value in any month (a signal or a cost "
			    "section the run does not have) are left out.", 1);
	if (r.has_ts) {
		page_section(p, "Power");
		chart_power(&r);
		chart_grid(&r);
		chart_gpus(&r);
		page_section(p, "Cooling");
		chart_cooling(&r);
	} else {
		page_html(p, "<p>This run wrote no timeseries.csv (output.timeseries is off): "
			     "no charts over time.</p>\n");
	}
	page_section(p, "Energy");
	chart_energy(&r);
	page_section(p, "Jobs");
	if (r.has_ts)
		chart_queue(&r);
	chart_waits(&r);
	if (report_failures_panel(&r) != 0)
		rc = -1;
	if (report_inference_panel(&r) != 0)
		rc = -1;
	run_tables_fini(&r);
	return rc;
}
