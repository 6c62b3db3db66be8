/*
 * report_html_failures.c - the failures section of a run's report.html:
 * failures and the job interruptions they caused by cause (failures.csv),
 * the GPUs and nodes down over time (timeseries.csv's gpus_down and
 * nodes_down), and the allocated GPU-hours that did no lasting work, split
 * into work lost to failures, checkpoint writes, restarts and work lost to
 * preemptions (summary.csv), with goodput and ETTR.
 *
 * The split is goodput's own (world_failures.c): allocated GPU-hours x
 * (1 - goodput) = lost work + checkpoint writes + restarts + preempted
 * work, so the bar's total and the goodput printed beside it agree
 * (tests/test_report.c checks it). Allocated GPU-hours are
 * gpu_utilization x gpus x 24 x sim_days. The section is there when
 * failures.csv is (the scenario has failure processes) or the run spent
 * GPU-hours on checkpoints without them.
 */
#include <math.h>
#include <string.h>

#include "report_html_run_int.h"

/* failures.csv's rows in the chart: those with a failure or an
 * interruption in the window. */
static size_t causes_seen(const struct report_table *t, long fc, long ic)
{
	size_t n = 0;
	for (size_t i = 0; i < t->n_rows; i++)
		n += report_table_num(t, i, fc) > 0 || report_table_num(t, i, ic) > 0;
	return n;
}

static void chart_causes(struct run_data *r, const struct report_table *t)
{
	long kc = report_table_col(t, "kind"), cc = report_table_col(t, "cause");
	long fc = report_table_col(t, "failures"), ic = report_table_col(t, "interruptions");
	size_t n = causes_seen(t, fc, ic);
	if (n == 0) {
		page_html(r->p, "<p>No component failed in the measurement window.</p>\n");
		return;
	}
	char caption[1024];
	page_fmt(caption, sizeof caption,
		 "Component failures in the measurement window by cause (a count; failures.csv), "
		 "each with the running jobs it interrupted: a failure of an idle or spare part "
		 "interrupts none, one of a shared part (a node, a rack switch) may interrupt "
		 "several. The label is the component kind (gpu, node: the host, network: the "
		 "rack switch, facility) and the cause. Causes that did not occur are left out. "
		 "In all: %.0f failures, %.0f interruptions.",
		 run_kpi(r, "component_failures"), run_kpi(r, "failure_interruptions"));
	FILE *f = page_figure(r->p, REPORT_WIDE, 110 + 30 * (int)n,
			      "Failures and job interruptions by cause", caption);
	/* one row per cause, the first at the top: y, failures, interruptions, label */
	fputs("$c << EOD\n", f);
	size_t y = n;
	for (size_t i = 0; i < t->n_rows; i++) {
		double nf = report_table_num(t, i, fc), ni = report_table_num(t, i, ic);
		if (!(nf > 0 || ni > 0))
			continue;
		char label[160];
		page_fmt(label, sizeof label, "%s: %s", report_table_text(t, i, kc),
			 report_table_text(t, i, cc));
		fprintf(f, "%zu %.0f %.0f ", --y, isnan(nf) ? 0 : nf, isnan(ni) ? 0 : ni);
		gp_datum(f, label);
		fputc('\n', f);
	}
	fprintf(f, "EOD\nset yrange [-0.6:%zu.6]\nset xrange [0:*]\nset offsets 0,graph 0.08,0,0\n"
		   "set xlabel 'count' offset 0,0.5\nset grid noytics\nset ytics scale 0\n"
		   "set style fill solid 0.9 noborder\n"
		   "plot $c using 2:($1+0.2):(0):2:($1+0.02):($1+0.38):ytic(4) with boxxyerror "
		   "lt 5 title 'failures', "
		   "$c using 3:($1-0.2):(0):3:($1-0.38):($1-0.02) with boxxyerror lt 4 "
		   "title 'jobs interrupted', "
		   "$c using 2:($1+0.2):(sprintf('%%d', $2)) with labels left offset 0.4,0 "
		   "notitle, "
		   "$c using 3:($1-0.2):(sprintf('%%d', $3)) with labels left offset 0.4,0 "
		   "notitle\n",
		n - 1);
}

static void chart_down(struct run_data *r)
{
	const struct report_table *t = &r->ts;
	long cols[2] = { report_table_col(t, "gpus_down"), report_table_col(t, "nodes_down") };
	if (!run_col_any(t, cols[0]))
		return;
	char caption[1024];
	page_fmt(caption, sizeof caption,
		 "GPUs down (a count, left axis; %.0f installed): failed, or on a node whose host "
		 "or rack switch is down; and nodes down (right axis). A failed part is down "
		 "until its repair ends.%s",
		 r->gpus, run_smoothing_band(r));
	FILE *f = page_figure(r->p, REPORT_WIDE, 320, "GPUs and nodes down", caption);
	run_block(f, r, "d", cols, 2, 0, 1);
	run_time_axis(f, r);
	int g = run_block_col(r, 0), nd = run_block_col(r, 1);
	fputs("set ylabel 'GPUs down'\nset yrange [0:*]\nset y2label 'nodes down'\n"
	      "set y2range [0:*]\nset y2tics\nset ytics nomirror\nplot ", f);
	if (r->daily)
		fprintf(f, "$d using 1:%d:%d with filledcurves fs transparent solid 0.25 noborder "
			   "lt 4 title 'GPUs down: daily range', ",
			g + 1, g + 2);
	fprintf(f, "$d using 1:%d with %s lt 4 title 'GPUs down', "
		   "$d using 1:%d axes x1y2 with %s lt 1 lw 1.5 dt 2 title 'nodes down (right)'\n",
		g, run_with(r), nd, run_with(r));
}

/* The allocated GPU-hours that did no lasting work, as one stacked bar. */
static void chart_lost(struct run_data *r)
{
	static const char *const labels[4] = {
		"work lost to failures (since the last checkpoint)", "writing checkpoints",
		"restarting (reloading checkpoints)", "work lost to preemptions"
	};
	double v[4] = { run_kpi(r, "failure_lost_gpu_hours"), run_kpi(r, "checkpoint_gpu_hours"),
			run_kpi(r, "restart_gpu_hours"),
			run_kpi(r, "preempted_work_lost_gpu_hours") };
	double prio = run_kpi(r, "priority_preempted_lost_gpu_hours");
	v[3] = (isnan(v[3]) ? 0 : v[3]) + (isnan(prio) ? 0 : prio);
	double total = 0;
	for (int i = 0; i < 4; i++)
		total += v[i] > 0 ? v[i] : 0;
	if (!(total > 0))
		return;
	double alloc = run_kpi(r, "gpu_utilization") * r->gpus * 24 * run_kpi(r, "sim_days");
	double goodput = run_kpi(r, "goodput"), ettr = run_kpi(r, "ettr_mean");
	char title[256], caption[1024], total_s[64], good_s[160] = "", ettr_s[160] = "";
	page_number(total_s, sizeof total_s, total, -1);
	if (!isnan(goodput))
		page_fmt(good_s, sizeof good_s, " Goodput (useful / allocated GPU-hours) %.4f: "
			 "the bar is the other %.3g%% of the allocated GPU-hours.",
			 goodput, 100 * (1 - goodput));
	if (!isnan(ettr))
		page_fmt(ettr_s, sizeof ettr_s, " Mean ETTR of the completed jobs that "
			 "checkpoint (full-speed work / wall time from first start to end) %.4f.",
			 ettr);
	if (isnan(goodput))
		page_fmt(title, sizeof title, "GPU-hours that did no lasting work");
	else
		page_fmt(title, sizeof title, "GPU-hours that did no lasting work: goodput %.4f",
			 goodput);
	page_fmt(caption, sizeof caption,
		 "GPU-hours of the measurement window that jobs held without lasting progress, "
		 "%s in all, as one stacked bar: work done since a job's last checkpoint and "
		 "lost when a failure stopped it, time writing checkpoints, time reloading them "
		 "after a stop, and work lost to preemptions. Each entry gives its GPU-hours and "
		 "its share of the allocated GPU-hours; parts that are zero are left out.%s%s",
		 total_s, good_s, ettr_s);
	FILE *f = page_figure(r->p, REPORT_WIDE, 260, title, caption);
	fputs("$l << EOD\n", f);
	double at = 0;
	for (int i = 0; i < 4; i++) {
		if (!(v[i] > 0))
			continue;
		fprintf(f, "%.6g 1 %.6g %.6g 0.6 1.4\n", at + v[i] / 2, at, at + v[i]);
		at += v[i];
	}
	fputs("EOD\nset xlabel 'GPU-hours' offset 0,0.5\nset xrange [0:*]\nset yrange [0.3:1.7]\n"
	      "unset ytics\nset grid noytics\nplot ",
	      f);
	static const int colour[4] = { 4, 1, 2, 6 };
	int k = 0;
	for (int i = 0; i < 4; i++) {
		if (!(v[i] > 0))
			continue;
		char entry[256], h[64];
		page_number(h, sizeof h, v[i], -1);
		if (alloc > 0)
			page_fmt(entry, sizeof entry, "%s %s GPU-h (%.3g%% of allocated)", labels[i],
				 h, 100 * v[i] / alloc);
		else
			page_fmt(entry, sizeof entry, "%s %s GPU-h", labels[i], h);
		fprintf(f, "%s$l every ::%d::%d using 1:2:3:4:5:6 with boxxyerror fs solid 0.9 "
			   "border lc rgb '#ffffff' lt %d title ",
			k ? ", " : "", k, k, colour[i]);
		gp_string(f, entry);
		k++;
	}
	fputs("\n", f);
}

int report_failures_panel(struct run_data *r)
{
	struct report_table t;
	int rc = report_table_read(&t, r->p->dir, "failures.csv", r->p->d);
	if (rc < 0) {
		report_table_fini(&t);
		return -1;
	}
	int has_file = rc == 0 && t.n_rows > 0;
	double held = run_kpi(r, "checkpoint_gpu_hours") + run_kpi(r, "restart_gpu_hours");
	if (!has_file && !(held > 0)) {
		report_table_fini(&t);
		return 0;
	}
	page_section(r->p, has_file ? "Failures" : "Checkpoints");
	if (has_file) {
		if (report_table_col(&t, "failures") < 0 ||
		    report_table_col(&t, "interruptions") < 0) {
			diag_add(r->p->d, "%s/failures.csv: no column failures or interruptions "
					  "(not a failures.csv of dcsim)", r->p->dir);
			report_table_fini(&t);
			return -1;
		}
		chart_causes(r, &t);
		if (r->has_ts)
			chart_down(r);
	}
	chart_lost(r);
	if (has_file) {
		page_html(r->p, "<p>Failures and interruptions by cause (failures.csv; share: the "
				"cause's share of its process's failures, as the scenario gives "
				"it).</p>\n");
		page_table(r->p, &t, 200);
	}
	report_table_fini(&t);
	return 0;
}
