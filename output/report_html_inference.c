/*
 * report_html_inference.c - the inference section of a run's report.html:
 * the load and replicas over time, batch occupancy and the replicas' GPU
 * power over time (timeseries.csv's per-service columns, a line per
 * service, the top few by energy and "others" past 6), each service's
 * latency percentiles against its targets (inference.csv, and the targets
 * slo_ttft_s and slo_e2e_s of resolved.json), and each service's energy
 * per token and per request in a table, then inference.csv as it is.
 *
 * Latencies span decades (a p50 TTFT of 30 ms beside a p99 of a minute
 * under load), so their axis is logarithmic when the highest bar is more
 * than 30 times the lowest; bars start at the axis's floor then.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "report_html_run_int.h"

#define LOG_AFTER_RATIO 30.0

/* --- over time ----------------------------------------------------------- */

/*
 * The per-service columns of timeseries.csv (service.<name>.<figure>),
 * one line per service in its own colour, the same in every panel. Past
 * SHOWN_MAX services, the SHOWN_TOP with the most GPU energy over the
 * window (inference.csv) are drawn and the rest summed as "others" (their
 * requests/s, replicas and power; occupancy has no sum, so "others" is
 * left out of that panel and the caption says so).
 */
#define SHOWN_MAX 6
#define SHOWN_TOP 5

enum { FIG_REQUESTS, FIG_REPLICAS, FIG_OCCUPANCY, FIG_POWER, FIG_N };
static const char *const fig_column[FIG_N] = { "requests_per_s", "replicas",
					       "batch_occupancy", "gpu_kw" };

struct lines {
	size_t n_services;       /* in resolved.json */
	size_t shown[SHOWN_MAX]; /* the services drawn on their own, in scenario order */
	size_t n_shown;
	size_t n_others;         /* summed as "others" (0: every service drawn) */
};

static long service_col(const struct run_data *r, size_t s, int fig)
{
	char name[160];
	page_fmt(name, sizeof name, "service.%s.%s", r->p->meta.services[s].name,
		 fig_column[fig]);
	return report_table_col(&r->ts, name);
}

/* Service s's GPU energy over the window (inference.csv); -1 when absent. */
static double energy_of(const struct report_table *svc, const char *name)
{
	long c = report_table_col(svc, "service"), e = report_table_col(svc, "gpu_energy_mwh");
	for (size_t i = 0; c >= 0 && i < svc->n_rows; i++)
		if (!strcmp(report_table_text(svc, i, c), name)) {
			double v = report_table_num(svc, i, e);
			return isnan(v) ? -1 : v;
		}
	return -1;
}

/* Which services get a line of their own: all up to SHOWN_MAX, else the
 * SHOWN_TOP with the most energy (ties: the first), kept in scenario order. */
static void pick_lines(const struct run_data *r, const struct report_table *svc, struct lines *l)
{
	memset(l, 0, sizeof *l);
	l->n_services = r->p->meta.n_services;
	if (l->n_services <= SHOWN_MAX) {
		for (size_t s = 0; s < l->n_services; s++)
			l->shown[l->n_shown++] = s;
		return;
	}
	int taken[SHOWN_TOP] = { 0 };
	for (size_t k = 0; k < SHOWN_TOP; k++) {
		size_t best = l->n_services;
		double best_e = -INFINITY;
		for (size_t s = 0; s < l->n_services; s++) {
			int used = 0;
			for (size_t j = 0; j < k; j++)
				used |= (size_t)taken[j] == s;
			double e = energy_of(svc, r->p->meta.services[s].name);
			if (!used && e > best_e) {
				best = s;
				best_e = e;
			}
		}
		taken[k] = (int)best;
	}
	for (size_t s = 0; s < l->n_services; s++)
		for (size_t k = 0; k < SHOWN_TOP; k++)
			if ((size_t)taken[k] == s)
				l->shown[l->n_shown++] = s;
	l->n_others = l->n_services - l->n_shown;
}

static const char *who(const struct lines *l, char *buf, size_t size)
{
	if (l->n_others == 0)
		page_fmt(buf, size, "one line per service");
	else
		page_fmt(buf, size,
			 "one line for each of the %zu services with the most GPU energy over the "
			 "measurement window (inference.csv), and the other %zu summed as "
			 "\"others\" (dashed)",
			 l->n_shown, l->n_others);
	return buf;
}

static const char *smoothing(const struct run_data *r)
{
	return r->daily ? " Each day's time-weighted mean of the interval averages."
			: " Interval averages, as steps.";
}

/* One panel of figure fig: a line per shown service, and "others". The
 * key goes under the last panel only. */
static void panel(FILE *f, struct run_data *r, const struct lines *l, int fig,
		  const char *ylabel, double scale, int with_key)
{
	long cols[SHOWN_MAX];
	for (size_t k = 0; k < l->n_shown; k++)
		cols[k] = service_col(r, l->shown[k], fig);
	char blk[8];
	page_fmt(blk, sizeof blk, "s%d", fig);
	run_block(f, r, blk, cols, l->n_shown, 0, scale);
	int others = l->n_others > 0 && fig != FIG_OCCUPANCY;
	if (others) {
		/* the others' sum: the last series of their stack */
		long *oc = malloc(l->n_services * sizeof *oc);
		size_t n = 0;
		for (size_t s = 0; oc && s < l->n_services; s++) {
			int shown = 0;
			for (size_t k = 0; k < l->n_shown; k++)
				shown |= l->shown[k] == s;
			if (!shown)
				oc[n++] = service_col(r, s, fig);
		}
		char oblk[8];
		page_fmt(oblk, sizeof oblk, "o%d", fig);
		if (oc)
			run_block(f, r, oblk, oc, n, 1, scale);
		else
			r->p->failed = 1;
		free(oc);
		fprintf(f, "others_col = %d\n", run_block_col(r, n ? n - 1 : 0));
	}
	fprintf(f, "set ylabel '%s'\n", ylabel);
	/* room above the highest line, which would sit on the frame */
	fputs(fig == FIG_OCCUPANCY ? "set yrange [0:105]\nset offsets 0,0,0,0\n"
				   : "set yrange [0:*]\nset offsets 0,0,graph 0.05,0\n",
	      f);
	fputs(with_key ? "set key\n" : "unset key\n", f);
	fputs("plot ", f);
	for (size_t k = 0; k < l->n_shown; k++) {
		fprintf(f, "%s$%s using 1:%d with %s lt %zu title ", k ? ", " : "", blk,
			run_block_col(r, k), run_with(r), k + 1);
		gp_string(f, r->p->meta.services[l->shown[k]].name);
	}
	if (others)
		fprintf(f, ", $o%d using 1:others_col with %s lt 8 dt 2 title 'others (%zu)'", fig,
			run_with(r), l->n_others);
	else if (l->n_others > 0 && with_key)
		fprintf(f, ", NaN lt 8 dt 2 title 'others (%zu)'", l->n_others);
	fputc('\n', f);
}

/* Does any shown service have a number in figure fig's column? */
static int any_col(const struct run_data *r, const struct lines *l, int fig)
{
	for (size_t k = 0; k < l->n_shown; k++)
		if (run_col_any(&r->ts, service_col(r, l->shown[k], fig)))
			return 1;
	return 0;
}

/* Two panels, one above the other: figures top and bottom. */
static void chart_pair(struct run_data *r, const struct lines *l, int top, int bottom,
		       const char *title, const char *what)
{
	static const char *const ylabel[FIG_N] = { "requests/s", "replicas",
						   "batch occupancy (%)", "GPU power (kW)" };
	static const double scale[FIG_N] = { 1, 1, 100, 1 };
	if (!any_col(r, l, top) && !any_col(r, l, bottom))
		return;
	char caption[2048], lines_of[512];
	page_fmt(caption, sizeof caption, "%s: %s.%s%s", what, who(l, lines_of, sizeof lines_of),
		 smoothing(r),
		 l->n_others && (top == FIG_OCCUPANCY || bottom == FIG_OCCUPANCY)
			 ? " Occupancy has no sum over services, so \"others\" is not drawn in "
			   "its panel."
			 : "");
	FILE *f = page_figure(r->p, REPORT_WIDE, 520, title, caption);
	run_time_axis(f, r);
	fputs("set multiplot layout 2,1 margins 0.08,0.97,0.2,0.97 spacing 0,0.06\n"
	      "unset xlabel\n", f);
	panel(f, r, l, top, ylabel[top], scale[top], 0);
	run_time_axis(f, r);
	panel(f, r, l, bottom, ylabel[bottom], scale[bottom], 1);
	fputs("unset multiplot\n", f);
}

static void charts_over_time(struct run_data *r, const struct report_table *svc)
{
	struct lines l;
	pick_lines(r, svc, &l);
	if (l.n_shown == 0)
		return;
	chart_pair(r, &l, FIG_REQUESTS, FIG_REPLICAS, "Inference load and replicas",
		   "Inference requests arriving per second (top) and the replicas holding GPUs, "
		   "loading and draining ones included (bottom), by service (timeseries.csv's "
		   "service.<name>.* columns)");
	chart_pair(r, &l, FIG_OCCUPANCY, FIG_POWER, "Batch occupancy and GPU power of the replicas",
		   "Batch occupancy (top, %): the sequences a service's serving replicas hold as "
		   "a share of their batch slots (replicas x max_batch); and the power of its "
		   "replicas' GPUs in kW (bottom). A GPU draws its idle power with the model "
		   "loaded and its TDP at a full batch (docs/inference.md)");
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
	if (r->has_ts)
		charts_over_time(r, &t);
	chart_latency(r, &t);
	energy_table(r, &t);
	page_html(r->p, "<p>inference.csv as it is (one row per service; its columns are "
			"described in docs/inference.md).</p>\n");
	page_table(r->p, &t, 200);
	report_table_fini(&t);
	return 0;
}
