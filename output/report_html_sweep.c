/*
 * report_html_sweep.c - a sweep's sections of report.html: each KPI with a
 * report line against each swept parameter (the points' means with their
 * 95% confidence intervals from points.csv), a tornado chart of each KPI's
 * sensitivity (sensitivity.csv: Sobol's ST for saltelli, Morris's mu* for
 * morris, else the SRCs), the table of points, and links to the kept runs' reports.
 *
 * KPIs that do not vary across the points are listed, not drawn. A
 * parameter whose values are not all numbers (a name, an object) is drawn
 * against the point's position, labelled with its values.
 */
#include <dirent.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "kpi.h"
#include "report_html_int.h"

#define MAX_KPIS 64

struct sweep_kpi {
	char col[96];          /* the KPI's column stem */
	const char *label;     /* its report label, or NULL for the stem */
	long mean, ci;
};

static int numeric_column(const struct report_table *t, long c)
{
	for (size_t i = 0; i < t->n_rows; i++)
		if (isnan(report_table_num(t, i, c)))
			return 0;
	return 1;
}

static int varies(const struct report_table *t, long c)
{
	double lo = INFINITY, hi = -INFINITY;
	for (size_t i = 0; i < t->n_rows; i++) {
		double v = report_table_num(t, i, c);
		if (!isnan(v)) {
			lo = fmin(lo, v);
			hi = fmax(hi, v);
		}
	}
	return hi > lo && hi - lo > 1e-12 * fmax(fabs(lo), fabs(hi));
}

/* The KPIs with a report line, in table order, present in points.csv. */
static size_t sweep_kpis(const struct report_table *pts, struct sweep_kpi *k, char *constant,
			 size_t csize)
{
	size_t n = 0;
	constant[0] = '\0';
	for (size_t i = 0; i < KPI_N_ROWS && n < MAX_KPIS; i++) {
		const struct kpi_desc *d = &kpi_descs[i];
		if (d->line.at == 0 || d->kind == KPI_KIND_LEVELS)
			continue;
		struct sweep_kpi *s = &k[n];
		if (d->kind == KPI_KIND_COOLING)
			kpi_cooling_column(d, 0, s->col, sizeof s->col);
		else
			snprintf(s->col, sizeof s->col, "%s", d->name);
		char c[128];
		page_fmt(c, sizeof c, "%s_mean", s->col);
		s->mean = report_table_col(pts, c);
		page_fmt(c, sizeof c, "%s_ci95", s->col);
		s->ci = report_table_col(pts, c);
		if (s->mean < 0)
			continue;
		if (!varies(pts, s->mean)) {
			size_t len = strlen(constant);
			snprintf(constant + len, csize - len, "%s%s", len ? ", " : "", s->col);
			continue;
		}
		s->label = d->line.part ? NULL : d->line.label;
		n++;
	}
	return n;
}

/* The column: unambiguous with its unit (a label such as "wait p50 / p95
 * / p99 (s)" names a line of several KPIs). */
static const char *kpi_title(const struct sweep_kpi *k)
{
	return k->col;
}

/* Past MAX_DRAWN points a chart of every point would take megabytes of
 * SVG (29 MB for 2,000 Sobol points): the points are binned instead. */
#define MAX_DRAWN 200
#define N_BINS 20

/* Group g of point i: its bin of the parameter's range (numeric), or the
 * index of its distinct value (text: at most G of them, seen holds the
 * first point of each; -1 past that). */
enum { G = N_BINS * 5 / 2 };
static long bin_of(const struct report_table *pts, long param, int num, double lo, double hi,
		   size_t i, size_t *seen, size_t *n_seen)
{
	if (num) {
		double x = report_table_num(pts, i, param);
		long b = hi > lo ? (long)floor((x - lo) / (hi - lo) * N_BINS) : 0;
		return b >= N_BINS ? N_BINS - 1 : b;
	}
	const char *v = report_table_text(pts, i, param);
	for (size_t g = 0; g < *n_seen; g++)
		if (!strcmp(v, report_table_text(pts, seen[g], param)))
			return (long)g;
	if (*n_seen == G)
		return -1;
	seen[*n_seen] = i;
	return (long)(*n_seen)++;
}

static void chart_kpi_binned(struct page *p, const struct report_table *pts, long param,
			     const struct sweep_kpi *k, const char *title)
{
	int num = numeric_column(pts, param);
	double lo = INFINITY, hi = -INFINITY;
	for (size_t i = 0; num && i < pts->n_rows; i++) {
		lo = fmin(lo, report_table_num(pts, i, param));
		hi = fmax(hi, report_table_num(pts, i, param));
	}
	double sum[G], x[G], mn[G], mx[G];
	size_t n[G], first[G], seen[G], n_seen = 0;
	for (size_t g = 0; g < G; g++) {
		sum[g] = x[g] = 0;
		mn[g] = INFINITY;
		mx[g] = -INFINITY;
		n[g] = 0;
	}
	for (size_t i = 0; i < pts->n_rows; i++) {
		long g = bin_of(pts, param, num, lo, hi, i, seen, &n_seen);
		double v = report_table_num(pts, i, k->mean);
		if (g < 0)
			return; /* too many distinct values to draw */
		if (isnan(v))
			continue;
		if (n[g]++ == 0)
			first[g] = i;
		sum[g] += v;
		x[g] += num ? report_table_num(pts, i, param) : 0;
		mn[g] = fmin(mn[g], v);
		mx[g] = fmax(mx[g], v);
	}
	char caption[768];
	page_fmt(caption, sizeof caption,
		 "%s (the unit is in the name; %s in the run report) against the swept parameter "
		 "%s. The sweep has %zu points, too many to draw one by one: they are grouped %s; "
		 "each dot is the mean of the points' means in its group, its bar their range "
		 "(lowest to highest), so it shows the other parameters' spread too.",
		 k->col, k->label ? k->label : "part of a line", pts->names[param], pts->n_rows,
		 num ? "into 20 equal-width bins of the parameter" : "by the parameter's value");
	FILE *f = page_figure(p, 470, 300, title, caption);
	fputs("$k << EOD\n", f);
	for (size_t g = 0, at = 0; g < G; g++) {
		if (n[g] == 0)
			continue;
		fprintf(f, "%.10g %.10g %.10g %.10g ", num ? x[g] / (double)n[g] : (double)at++,
			sum[g] / (double)n[g], mn[g], mx[g]);
		gp_datum(f, report_table_text(pts, first[g], param));
		fputc('\n', f);
	}
	fputs("EOD\nset key off\nset offsets graph 0.05, graph 0.05, graph 0.05, graph 0.05\n"
	      "set xlabel ", f);
	gp_string(f, pts->names[param]);
	fputs("\nset ylabel ", f);
	gp_string(f, k->col);
	fputs(num ? "\nplot $k using 1:2:3:4 with yerrorbars lt 1 pt 7 ps 0.8\n"
		  : "\nset xtics rotate by -30\n"
		    "plot $k using 1:2:3:4:xtic(5) with yerrorbars lt 1 pt 7 ps 0.8\n",
	      f);
}

static void chart_kpi_param(struct page *p, const struct report_table *pts, long param,
			    const struct sweep_kpi *k)
{
	char title[256], caption[768];
	if (pts->n_rows > MAX_DRAWN) {
		page_fmt(title, sizeof title, "%s against %s", kpi_title(k), pts->names[param]);
		chart_kpi_binned(p, pts, param, k, title);
		return;
	}
	page_fmt(title, sizeof title, "%s against %s", kpi_title(k), pts->names[param]);
	page_fmt(caption, sizeof caption,
		 "%s (the unit is in the name; %s in the run report) at each point against the swept "
		 "parameter %s: the mean over the replications, with bars for the 95%% Student-t "
		 "confidence interval (none with one replication).",
		 kpi_title(k), k->label ? k->label : "part of a line", pts->names[param]);
	FILE *f = page_figure(p, 470, 300, title, caption);
	int num = numeric_column(pts, param);
	fputs("$k << EOD\n", f);
	for (size_t i = 0; i < pts->n_rows; i++) {
		double ci = report_table_num(pts, i, k->ci);
		fprintf(f, "%.10g %.10g %.10g ", num ? report_table_num(pts, i, param) : (double)i,
			report_table_num(pts, i, k->mean), isnan(ci) ? 0.0 : ci);
		gp_datum(f, report_table_text(pts, i, param));
		fputc('\n', f);
	}
	fputs("EOD\nset key off\nset offsets graph 0.05, graph 0.05, graph 0.05, graph 0.05\n", f);
	fputs("set xlabel ", f);
	gp_string(f, pts->names[param]);
	fputs("\nset ylabel ", f);
	gp_string(f, k->col);
	fputc('\n', f);
	if (num)
		fputs("plot $k using 1:2:3 with yerrorbars lt 1 pt 7 ps 0.8\n", f);
	else
		fputs("set xtics rotate by -30\n"
		      "plot $k using 1:2:3:xtic(4) with yerrorbars lt 1 pt 7 ps 0.8\n",
		      f);
}

/* The measure a tornado chart ranks by: the design's best. */
enum tornado_measure { TORNADO_SRC, TORNADO_ST, TORNADO_MU_STAR };
static const char *const tornado_cols[] = { "src", "st", "mu_star" };

/* Sobol's ST where the sweep has it (saltelli), Morris's mu* (morris),
 * else the SRC. */
static enum tornado_measure tornado_measure_of(const struct report_table *sens)
{
	for (int m = TORNADO_MU_STAR; m > TORNADO_SRC; m--) {
		long c = report_table_col(sens, tornado_cols[m]);
		for (size_t i = 0; c >= 0 && i < sens->n_rows; i++)
			if (!isnan(report_table_num(sens, i, c)))
				return (enum tornado_measure)m;
	}
	return TORNADO_SRC;
}

static void tornado_caption(char *buf, size_t n, enum tornado_measure m,
			    const struct sweep_kpi *k, double r2)
{
	if (m == TORNADO_ST)
		page_fmt(buf, n, "Total-effect Sobol indices ST of %s on each swept parameter "
			 "(saltelli design): the share of its variance the parameter explains, "
			 "alone and through its interactions, largest on top. S1 (alone), the "
			 "95%% intervals and the regression's R^2 (%.3f) are in sensitivity.csv.",
			 kpi_title(k), r2);
	else if (m == TORNADO_MU_STAR)
		page_fmt(buf, n, "Morris's mu* of %s on each swept parameter (morris design): the "
			 "mean absolute change of the KPI per whole range of the parameter, largest "
			 "on top; sigma (interactions, non-linearity) is in sensitivity.csv.",
			 kpi_title(k));
	else
		page_fmt(buf, n,
			 "Standardised regression coefficients of %s on each swept parameter "
			 "(dimensionless: the KPI's change in standard deviations per standard "
			 "deviation of the parameter), largest on top; blue raises the KPI, "
			 "vermillion lowers it. The linear fit's R^2 is %.3f: near 1, the squares "
			 "are first-order variance shares.",
			 kpi_title(k), r2);
}

/* One tornado chart per KPI: |measure| sorted, largest on top. */
static void chart_tornado(struct page *p, const struct report_table *sens,
			  const struct sweep_kpi *k, enum tornado_measure m)
{
	long kc = report_table_col(sens, "kpi"), pc = report_table_col(sens, "parameter");
	long sc = report_table_col(sens, tornado_cols[m]), rc = report_table_col(sens, "r2");
	size_t idx[64], n = 0;
	for (size_t i = 0; i < sens->n_rows && n < 64; i++)
		if (!strcmp(report_table_text(sens, i, kc), k->col) &&
		    !isnan(report_table_num(sens, i, sc)))
			idx[n++] = i;
	if (n == 0)
		return;
	for (size_t a = 1; a < n; a++) /* insertion sort by |src|, ascending */
		for (size_t b = a; b > 0 && fabs(report_table_num(sens, idx[b], sc)) <
						    fabs(report_table_num(sens, idx[b - 1], sc)); b--) {
			size_t t = idx[b];
			idx[b] = idx[b - 1];
			idx[b - 1] = t;
		}
	char title[256], caption[768];
	page_fmt(title, sizeof title, "Sensitivity of %s", kpi_title(k));
	tornado_caption(caption, sizeof caption, m, k, report_table_num(sens, idx[0], rc));
	FILE *f = page_figure(p, 470, 100 + 46 * (int)n, title, caption);
	fputs("$t << EOD\n", f);
	for (size_t j = 0; j < n; j++) {
		double v = report_table_num(sens, idx[j], sc);
		fprintf(f, "%.6g %zu 0 %.6g %.6g %.6g %d ", v / 2, j, v, j - 0.35, j + 0.35,
			v >= 0 ? 1 : 4);
		gp_datum(f, report_table_text(sens, idx[j], pc));
		fputc('\n', f);
	}
	/* SRCs and ST are about [-1, 1]: a fixed scale; mu* is in the KPI's units */
	double most = m == TORNADO_MU_STAR ? 0 : 1;
	for (size_t j = 0; j < n; j++)
		most = fmax(most, fabs(report_table_num(sens, idx[j], sc)));
	if (!(most > 0))
		most = 1;
	/* the parameters' names above their bars: long paths fit no y axis */
	fprintf(f, "EOD\nset key off\nset yrange [-0.6:%zu.75]\nset xrange [-%.3g:%.3g]\n"
		   "set xtics %s\nunset ytics\nset xlabel '%s'\n"
		   "set grid noytics\nset style fill solid 0.9 noborder\n"
		   "set arrow from 0, graph 0 to 0, graph 1 nohead lc rgb '#000000'\n"
		   "plot $t using 1:2:3:4:5:6:7 with boxxyerror lc variable, "
		   "$t using (-%.3g):($2 + 0.5):8 with labels left font ',10' tc rgb '#222222'\n",
		n - 1, most * 1.05, most * 1.05, m == TORNADO_MU_STAR ? "autofreq" : "0.25",
		m == TORNADO_ST	       ? "total-effect Sobol index ST"
		: m == TORNADO_MU_STAR ? "mu* (KPI units per range)"
				       : "standardised regression coefficient",
		most * 1.0);
}

static void points_table(struct page *p, const struct report_table *pts, long last_param,
			 const struct sweep_kpi *k, size_t nk)
{
	struct page_stream st;
	FILE *f = page_block_open(p, &st);
	if (!f)
		return;
	fputs("<div class=\"wide\"><table>\n<tr>", f);
	for (long c = 0; c <= last_param + 1; c++) {
		fputs("<th>", f);
		page_escape(f, pts->names[c]);
		fputs("</th>", f);
	}
	for (size_t j = 0; j < nk; j++) {
		fputs("<th>", f);
		page_escape(f, k[j].col);
		fputs("</th>", f);
	}
	fputs("</tr>\n", f);
	size_t rows = pts->n_rows > MAX_DRAWN ? MAX_DRAWN : pts->n_rows;
	for (size_t i = 0; i < rows; i++) {
		fputs("<tr>", f);
		for (long c = 0; c <= last_param + 1; c++) {
			fputs("<td>", f);
			page_escape(f, report_table_text(pts, i, c));
			fputs("</td>", f);
		}
		for (size_t j = 0; j < nk; j++) {
			char m[64], ci[64];
			page_number(m, sizeof m, report_table_num(pts, i, k[j].mean), -1);
			page_number(ci, sizeof ci, report_table_num(pts, i, k[j].ci), -1);
			fprintf(f, "<td class=\"n\">%s%s%s</td>", m, ci[0] ? " &plusmn; " : "", ci);
		}
		fputs("</tr>\n", f);
	}
	fputs("</table></div>\n", f);
	if (rows < pts->n_rows)
		fprintf(f, "<p class=\"meta\">The first %zu of %zu points; points.csv has them "
			   "all.</p>\n", rows, pts->n_rows);
	page_block_close(p, &st, f);
}

/* "run_" and digits only: a kept run's folder, and safe in an href. */
static int run_dir_name(const char *s)
{
	if (strncmp(s, "run_", 4) != 0 || !s[4])
		return 0;
	for (s += 4; *s; s++)
		if (*s < '0' || *s > '9')
			return 0;
	return 1;
}

static int cmp_run(const void *a, const void *b)
{
	return atoi(*(char *const *)a + 4) - atoi(*(char *const *)b + 4);
}

static void kept_runs(struct page *p)
{
	char path[8800];
	snprintf(path, sizeof path, "%s/runs", p->dir);
	DIR *d = opendir(path);
	char *names[256];
	size_t n = 0;
	struct dirent *e;
	while (d && n < 256 && (e = readdir(d)) != NULL) {
		struct stat st;
		snprintf(path, sizeof path, "%s/runs/%s/report.html", p->dir, e->d_name);
		if (!run_dir_name(e->d_name) || stat(path, &st) != 0)
			continue;
		if (!(names[n] = strdup(e->d_name))) {
			p->failed = 1;
			break;
		}
		n++;
	}
	if (d)
		closedir(d);
	page_section(p, "Kept runs");
	if (n == 0) {
		page_html(p, "<p>The sweep kept no runs (keep_runs).</p>\n");
		return;
	}
	qsort(names, n, sizeof *names, cmp_run);
	page_html(p, "<p>The full outputs of the runs listed in keep_runs, each with its own "
		     "report:</p>\n<ul>\n");
	for (size_t i = 0; i < n; i++) {
		page_html(p, "<li><a href=\"runs/%s/report.html\">%s</a></li>\n", names[i],
			  names[i]);
		free(names[i]);
	}
	page_html(p, "</ul>\n");
}

int report_sweep_sections(struct page *p)
{
	struct report_table pts, sens;
	int rc = report_table_read(&pts, p->dir, "points.csv", p->d);
	if (rc == 0 && pts.n_rows == 0) {
		diag_add(p->d, "%s/points.csv: no points", p->dir);
		rc = -1;
	}
	if (rc != 0) {
		report_table_fini(&pts);
		return -1;
	}
	rc = report_table_read(&sens, p->dir, "sensitivity.csv", p->d);
	if (rc < 0) {
		report_table_fini(&pts);
		return -1;
	}
	int has_sens = rc == 0 && sens.n_rows > 0;
	long reps = report_table_col(&pts, "replications");
	long last_param = reps - 1; /* parameters: after point, before replications */
	struct sweep_kpi k[MAX_KPIS];
	char constant[4096];
	size_t nk = sweep_kpis(&pts, k, constant, sizeof constant);
	if (reps < 1) { /* not a points.csv dcsim wrote */
		diag_add(p->d, "%s/points.csv: no replications column after the swept parameters "
			       "(not a points.csv dcsim wrote)", p->dir);
		report_table_fini(&pts);
		report_table_fini(&sens);
		return -1;
	}
	double nr = report_table_num(&pts, 0, reps);
	page_html(p, "<p>%zu point%s, %.0f replication%s each; %ld swept parameter%s.</p>\n",
		  pts.n_rows, pts.n_rows == 1 ? "" : "s", isnan(nr) ? 0.0 : nr, nr == 1 ? "" : "s",
		  last_param, last_param == 1 ? "" : "s");
	page_section(p, "Each KPI against each swept parameter");
	if (constant[0]) {
		page_html(p, "<p class=\"meta\">The same at every point (not drawn): ");
		page_text(p, constant);
		page_html(p, ".</p>\n");
	}
	page_html(p, "<div class=\"grid\">\n");
	for (size_t j = 0; j < nk; j++)
		for (long c = 1; c <= last_param; c++)
			chart_kpi_param(p, &pts, c, &k[j]);
	page_html(p, "</div>\n");
	if (has_sens) {
		page_section(p, "Sensitivity (tornado charts)");
		page_html(p, "<div class=\"grid\">\n");
		enum tornado_measure m = tornado_measure_of(&sens);
		for (size_t j = 0; j < nk; j++)
			chart_tornado(p, &sens, &k[j], m);
		page_html(p, "</div>\n");
	}
	page_section(p, "The points");
	page_html(p, "<p>Each point's parameters and, for each KPI that varies, the mean over "
		     "its replications &plusmn; the 95%% confidence half-width (points.csv has "
		     "every KPI with its standard deviation).</p>\n");
	points_table(p, &pts, last_param, k, nk);
	kept_runs(p);
	report_table_fini(&pts);
	report_table_fini(&sens);
	return 0;
}
