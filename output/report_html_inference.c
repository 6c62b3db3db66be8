/*
 * report_html_inference.c - the inference section of a run's report.html:
 * the load and replicas over time, batch occupancy and the replicas' GPU
 * power over time (timeseries.csv's inference_* columns, all services
 * together: the time series has no per-service columns), each service's
 * latency percentiles against its targets (inference.csv, and the targets
 * slo_ttft_s and slo_e2e_s of resolved.json), and each service's energy
 * per token and per request in a table, then inference.csv as it is.
 *
 * Latencies span decades (a p50 TTFT of 30 ms beside a p99 of a minute
 * under load), so their axis is logarithmic when the highest bar is more
 * than 30 times the lowest; bars start at the axis's floor then.
 */
#include <math.h>
#include <string.h>

#include "report_html_run_int.h"

#define LOG_AFTER_RATIO 30.0

/* --- over time ----------------------------------------------------------- */

static const char *fleet(const struct run_data *r, char *buf, size_t size)
{
	if (r->p->meta.n_services == 1)
		page_fmt(buf, size, "the service %s", r->p->meta.services[0].name);
	else
		page_fmt(buf, size, "all services together (timeseries.csv has no per-service "
				    "columns; inference.csv has each service's figures over the "
				    "window)");
	return buf;
}

static void chart_load(struct run_data *r)
{
	const struct report_table *t = &r->ts;
	long cols[2] = { report_table_col(t, "inference_requests_per_s"),
			 report_table_col(t, "inference_replicas") };
	if (!run_col_any(t, cols[0]))
		return;
	char caption[1024], who[256];
	page_fmt(caption, sizeof caption,
		 "Inference requests arriving per second (left axis) and the replicas holding "
		 "GPUs, loading and draining ones included (right axis), of %s.%s",
		 fleet(r, who, sizeof who), run_smoothing_band(r));
	FILE *f = page_figure(r->p, REPORT_WIDE, 320, "Inference load and replicas", caption);
	run_block(f, r, "ld", cols, 2, 0, 1);
	run_time_axis(f, r);
	int q = run_block_col(r, 0), n = run_block_col(r, 1);
	fputs("set ylabel 'requests/s'\nset yrange [0:*]\nset y2label 'replicas'\n"
	      "set y2range [0:*]\nset y2tics\nset ytics nomirror\nplot ", f);
	if (r->daily)
		fprintf(f, "$ld using 1:%d:%d with filledcurves fs transparent solid 0.25 noborder "
			   "lt 1 title 'requests/s: daily range', ",
			q + 1, q + 2);
	fprintf(f, "$ld using 1:%d with %s lt 1 title 'requests/s', "
		   "$ld using 1:%d axes x1y2 with %s lt 2 title 'replicas (right)'\n",
		q, run_with(r), n, run_with(r));
}

static void chart_occupancy(struct run_data *r)
{
	const struct report_table *t = &r->ts;
	long occ[1] = { report_table_col(t, "inference_batch_occupancy") };
	long kw[1] = { report_table_col(t, "inference_gpu_kw") };
	if (!run_col_any(t, occ[0]) && !run_col_any(t, kw[0]))
		return;
	char caption[1024], who[256];
	page_fmt(caption, sizeof caption,
		 "Batch occupancy (left axis, %%): the sequences the serving replicas hold as a "
		 "share of their batch slots (replicas x max_batch); and the power of the "
		 "replicas' GPUs in kW (right axis), of %s. A GPU draws its idle power with the "
		 "model loaded and its TDP at a full batch (docs/inference.md).%s",
		 fleet(r, who, sizeof who), run_smoothing_band(r));
	FILE *f = page_figure(r->p, REPORT_WIDE, 320, "Batch occupancy and GPU power of the replicas",
			      caption);
	run_block(f, r, "oc", occ, 1, 0, 100);
	run_block(f, r, "kw", kw, 1, 0, 1);
	run_time_axis(f, r);
	int c = run_block_col(r, 0);
	fputs("set ylabel 'batch occupancy (%)'\nset yrange [0:105]\nset y2label 'GPU power (kW)'\n"
	      "set y2range [0:*]\nset y2tics\nset ytics nomirror\nplot ", f);
	if (r->daily)
		fprintf(f, "$oc using 1:%d:%d with filledcurves fs transparent solid 0.25 noborder "
			   "lt 3 title 'occupancy: daily range', ",
			c + 1, c + 2);
	fprintf(f, "$oc using 1:%d with %s lt 3 title 'batch occupancy', "
		   "$kw using 1:%d axes x1y2 with %s lt 6 title 'GPU power (right)'\n",
		c, run_with(r), c, run_with(r));
}

/* --- latency --------------------------------------------------------------- */

static double target_of(const struct run_data *r, const char *service, int e2e)
{
	for (size_t i = 0; i < r->p->meta.n_services; i++) {
		const struct resolved_service *s = &r->p->meta.services[i];
		if (!strcmp(s->name, service))
			return e2e ? s->slo_e2e_s : s->slo_ttft_s;
	}
	return NAN;
}

/* One panel: per service (x = its row), bars of p50, p95 and p99 of
 * prefix (ttft or e2e) and a dashed segment at the target. */
static void latency_panel(FILE *f, const struct run_data *r, const struct report_table *t,
			  const char *prefix, int e2e, const char *title)
{
	static const char *const pct[3] = { "p50", "p95", "p99" };
	long cols[3];
	for (int j = 0; j < 3; j++) {
		char name[64];
		page_fmt(name, sizeof name, "%s_%s_s", prefix, pct[j]);
		cols[j] = report_table_col(t, name);
	}
	long sc = report_table_col(t, "service");
	double lo = INFINITY, hi = 0;
	for (size_t i = 0; i < t->n_rows; i++)
		for (int j = 0; j < 4; j++) {
			double v = j < 3 ? report_table_num(t, i, cols[j])
					 : target_of(r, report_table_text(t, i, sc), e2e);
			if (v > 0) {
				lo = fmin(lo, v);
				hi = fmax(hi, v);
			}
		}
	int log_axis = hi > 0 && hi / lo > LOG_AFTER_RATIO;
	double floor_v = log_axis ? pow(10, floor(log10(lo))) : 0;
	fprintf(f, "$%s << EOD\n", prefix);
	for (size_t i = 0; i < t->n_rows; i++) {
		fprintf(f, "%zu", i);
		for (int j = 0; j < 3; j++) {
			double v = report_table_num(t, i, cols[j]);
			fprintf(f, isnan(v) ? " NaN" : " %.6g", v);
		}
		double tg = target_of(r, report_table_text(t, i, sc), e2e);
		fprintf(f, isnan(tg) ? " NaN " : " %.6g ", tg);
		gp_datum(f, report_table_text(t, i, sc));
		fputc('\n', f);
	}
	fputs("EOD\n", f);
	fprintf(f, "set title '%s'\nset xrange [-0.6:%zu.6]\nset ylabel 's'\nset grid noxtics\n"
		   "set xtics scale 0\nset style fill solid 0.9 noborder\n",
		title, t->n_rows - 1);
	if (log_axis)
		fprintf(f, "set logscale y\nset yrange [%.6g:*]\n", floor_v);
	else
		fputs("unset logscale y\nset yrange [0:*]\nset offsets 0,0,graph 0.1,0\n", f);
	/* past 4 services the names turn and the bars lose their values */
	int crowded = t->n_rows > 4;
	if (crowded)
		fputs("set xtics rotate by -35\n", f);
	static const int colour[3] = { 5, 1, 4 };
	fputs("plot ", f);
	for (int j = 0; j < 3; j++) {
		double dx = (j - 1) * 0.27;
		fprintf(f, "%s$%s using ($1%+.2f):%d:($1%+.2f):($1%+.2f):(%.6g):%d%s with boxxyerror "
			   "lt %d title '%s'",
			j ? ", " : "", prefix, dx, j + 2, dx - 0.12, dx + 0.12, floor_v, j + 2,
			j == 1 ? ":xtic(6)" : "", colour[j], pct[j]);
	}
	fprintf(f, ", $%s using ($1-0.45):5:(0.9):(0) with vectors nohead lt 8 lw 2 dt 2 "
		   "title 'target'",
		prefix);
	for (int j = 0; j < 3 && !crowded; j++)
		fprintf(f, ", $%s using ($1%+.2f):%d:(sprintf('%%.3g', $%d)) with labels "
			   "font 'Helvetica,9' offset 0,0.6 notitle",
			prefix, (j - 1) * 0.27, j + 2, j + 2);
	fputs("\n", f);
}

static void chart_latency(struct run_data *r, const struct report_table *t)
{
	if (report_table_col(t, "ttft_p50_s") < 0 || report_table_col(t, "e2e_p50_s") < 0 ||
	    report_table_col(t, "service") < 0)
		return;
	int any = 0;
	for (size_t i = 0; i < t->n_rows; i++)
		any |= !isnan(report_table_num(t, i, report_table_col(t, "e2e_p50_s")));
	if (!any) {
		page_html(r->p, "<p>No request was served in the measurement window: no "
				"latencies.</p>\n");
		return;
	}
	FILE *f = page_figure(
		r->p, REPORT_WIDE, 380, "Latency by service against its targets",
		"The 50th, 95th and 99th percentiles of each service's latency over the requests "
		"that arrived in the measurement window and were served, in seconds (the value "
		"above each bar, up to 4 services): time to first token (arrival to the end of "
		"prefill, left) and end to end (arrival to the last token, right). The dashed "
		"line is the service's "
		"target (slo_ttft_s, slo_e2e_s) where it has one; SLO attainment in the table "
		"below is the share of requests within every target. A logarithmic axis when the "
		"values span more than a factor of 30.");
	fputs("set multiplot layout 1,2\n", f);
	latency_panel(f, r, t, "ttft", 0, "time to first token");
	latency_panel(f, r, t, "e2e", 1, "end to end");
	fputs("unset multiplot\n", f);
}

/* --- energy ------------------------------------------------------------- */

/* Each service's service and energy figures, from inference.csv. */
static void energy_table(struct run_data *r, const struct report_table *t)
{
	static const char *const cols[] = {
		"service", "profile", "served", "dropped", "slo_attainment", "tokens_out",
		"replicas_mean", "batch_occupancy", "gpu_hours", "gpu_energy_mwh", "j_per_token",
		"wh_per_request", "g_co2_per_1k_requests"
	};
	static const char *const heads[] = {
		"service", "profile", "requests served", "dropped (queue full)", "SLO attainment",
		"output tokens", "replicas (mean)", "batch occupancy", "GPU-hours",
		"GPU energy (MWh)", "J per output token", "Wh per served request",
		"g CO2e per 1,000 requests"
	};
	enum { N = sizeof cols / sizeof cols[0] };
	long c[N];
	int shown[N];
	for (int k = 0; k < N; k++) {
		c[k] = report_table_col(t, cols[k]);
		shown[k] = c[k] >= 0 && (k < 2 || run_col_any(t, c[k]));
	}
	page_html(r->p, "<p>Each service over the measurement window (inference.csv): what it "
			"served and what its replicas' GPUs used for it. The GPU energy is the "
			"replicas' GPUs' alone (hosts, cooling and losses are in the facility's "
			"figures); J per output token and Wh per request divide it by the served "
			"requests' output tokens and count. Columns with no value are left "
			"out.</p>\n");
	struct page_stream st;
	FILE *f = page_block_open(r->p, &st);
	if (!f)
		return;
	fputs("<div class=\"wide\"><table>\n<tr>", f);
	for (int k = 0; k < N; k++)
		if (shown[k]) {
			fputs("<th>", f);
			page_escape(f, heads[k]);
			fputs("</th>", f);
		}
	fputs("</tr>\n", f);
	for (size_t i = 0; i < t->n_rows; i++) {
		fputs("<tr>", f);
		for (int k = 0; k < N; k++) {
			if (!shown[k])
				continue;
			double v = k >= 2 ? report_table_num(t, i, c[k]) : (double)NAN;
			char num[64];
			page_number(num, sizeof num, v, -1);
			if (k < 2) {
				fputs("<td>", f);
				page_escape(f, report_table_text(t, i, c[k]));
				fputs("</td>", f);
			} else {
				fprintf(f, "<td class=\"n\">%s</td>", num);
			}
		}
		fputs("</tr>\n", f);
	}
	fputs("</table></div>\n", f);
	page_block_close(r->p, &st, f);
}

int report_inference_panel(struct run_data *r)
{
	struct report_table t;
	int rc = report_table_read(&t, r->p->dir, "inference.csv", r->p->d);
	if (rc != 0 || t.n_rows == 0) {
		report_table_fini(&t);
		return rc < 0 ? -1 : 0;
	}
	page_section(r->p, "Inference services");
	if (r->has_ts) {
		chart_load(r);
		chart_occupancy(r);
	}
	chart_latency(r, &t);
	energy_table(r, &t);
	page_html(r->p, "<p>inference.csv as it is (one row per service; its columns are "
			"described in docs/inference.md).</p>\n");
	page_table(r->p, &t, 200);
	report_table_fini(&t);
	return 0;
}
