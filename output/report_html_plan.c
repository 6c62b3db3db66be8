/*
 * report_html_plan.c - a plan's sections of report.html: the answer (the
 * summary dcsim plan printed, plan.txt), the search path (the value each
 * step evaluated, feasible or not), each constraint's KPI against the
 * variable with its limit and the answer, and the table of the points
 * evaluated (plan.csv).
 *
 * A constraint's chart shows the KPI's mean over the replications with
 * its 95% interval, and the tested value (the interval's far end, or the
 * worst replication) the rule compared with the limit, so a reader sees
 * both how close the answer came and why the next step failed.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "report_html_int.h"

#define BLUE "#0072B2"       /* Okabe-Ito: colour-blind safe */
#define VERMILLION "#D55E00"
#define BLACK "#000000"

/* The answer's row, or -1. */
static long answer_row(const struct report_table *t, long ans)
{
	for (size_t i = 0; i < t->n_rows; i++)
		if (report_table_num(t, i, ans) == 1)
			return (long)i;
	return -1;
}

static void summary_text(struct page *p)
{
	char path[8800];
	snprintf(path, sizeof path, "%s/plan.txt", p->dir);
	FILE *in = fopen(path, "rb");
	if (!in) {
		page_html(p, "<p class=\"meta\">(plan.txt missing)</p>\n");
		return;
	}
	struct page_stream st;
	FILE *f = page_block_open(p, &st);
	if (f) {
		char line[1024];
		fputs("<pre class=\"plan\">", f);
		while (fgets(line, sizeof line, in))
			page_escape(f, line);
		fputs("</pre>\n", f);
		page_block_close(p, &st, f);
	}
	fclose(in);
}

static void chart_path(struct page *p, const struct report_table *t, long var)
{
	long step = report_table_col(t, "step"), feas = report_table_col(t, "feasible");
	long ans = report_table_col(t, "answer");
	char caption[768];
	page_fmt(caption, sizeof caption,
		 "The search: each point evaluated, at the step of the search that evaluated it "
		 "(x), and its value of %s (y). Blue dots meet every constraint, vermillion crosses "
		 "fail one; the black ring is the answer. Bisection halves the interval between a "
		 "feasible and an infeasible point at each step; the last step checks the answer's "
		 "neighbours.", t->names[var]);
	FILE *f = page_figure(p, 470, 300, "Search path", caption);
	fputs("$s << EOD\n", f);
	for (size_t i = 0; i < t->n_rows; i++)
		fprintf(f, "%.10g %.10g %.0f %.0f\n", report_table_num(t, i, step),
			report_table_num(t, i, var), report_table_num(t, i, feas),
			report_table_num(t, i, ans));
	fputs("EOD\nset key outside top center horizontal\n"
	      "set offsets graph 0.05, graph 0.05, graph 0.08, graph 0.08\n"
	      "set xlabel 'search step'\nset ylabel ", f);
	gp_string(f, t->names[var]);
	fputs("\nset xtics 1\n"
	      "plot $s using 1:($3 == 1 ? $2 : NaN) with points pt 7 ps 1 lc rgb '" BLUE "' "
	      "title 'feasible', "
	      "$s using 1:($3 == 0 ? $2 : NaN) with points pt 2 ps 1.2 lw 2 lc rgb '" VERMILLION "' "
	      "title 'infeasible', "
	      "$s using 1:($4 == 1 ? $2 : NaN) with points pt 6 ps 2.2 lw 2 lc rgb '" BLACK "' "
	      "title 'answer'\n", f);
}

/* Constraint columns' stem ("facility_peak_kw_le") from a *_tested column. */
static int constraint_stem(const char *name, char *stem, size_t n)
{
	size_t len = strlen(name);
	const char *suf = "_tested";
	if (len < 10 || strcmp(name + len - 7, suf) != 0 || len - 7 >= n)
		return 0;
	memcpy(stem, name, len - 7);
	stem[len - 7] = '\0';
	return 1;
}

static void chart_constraint(struct page *p, const struct report_table *t, long var,
			     const char *stem, double limit, long arow)
{
	char c[256], kpi[200];
	size_t sl = strlen(stem);
	snprintf(kpi, sizeof kpi, "%.*s", (int)(sl - 3), stem);
	int ge = !strcmp(stem + sl - 3, "_ge");
	page_fmt(c, sizeof c, "%s_tested", stem);
	long tested = report_table_col(t, c);
	page_fmt(c, sizeof c, "%s_mean", kpi);
	long mean = report_table_col(t, c);
	page_fmt(c, sizeof c, "%s_ci95", kpi);
	long ci = report_table_col(t, c);
	if (tested < 0 || mean < 0)
		return;
	char title[256], caption[900];
	page_fmt(title, sizeof title, "%s %s %.6g against %s", kpi, ge ? ">=" : "<=", limit,
		 t->names[var]);
	page_fmt(caption, sizeof caption,
		 "%s (the unit is in the name) at each point evaluated against %s: the mean over "
		 "the replications with its 95%% Student-t interval (blue), the value the rule "
		 "tested against the limit (vermillion cross: the interval's %s end, or the %s "
		 "replication), the limit (dashed) and the answer (dotted vertical line).",
		 kpi, t->names[var], ge ? "lower" : "upper", ge ? "lowest" : "highest");
	FILE *f = page_figure(p, 470, 300, title, caption);
	fputs("$c << EOD\n", f);
	/* plan.csv is in grid order: the x values ascend */
	for (size_t i = 0; i < t->n_rows; i++) {
		double e = ci >= 0 ? report_table_num(t, i, ci) : (double)NAN;
		fprintf(f, "%.10g %.10g %.10g %.10g\n", report_table_num(t, i, var),
			report_table_num(t, i, mean), isnan(e) ? 0.0 : e,
			report_table_num(t, i, tested));
	}
	fputs("EOD\nset key outside top center horizontal\n"
	      "set offsets graph 0.05, graph 0.05, graph 0.08, graph 0.08\nset xlabel ", f);
	gp_string(f, t->names[var]);
	fputs("\nset ylabel ", f);
	gp_string(f, kpi);
	fputc('\n', f);
	if (arow >= 0)
		fprintf(f, "set arrow from %.10g, graph 0 to %.10g, graph 1 nohead dt 3 lw 2 "
			   "lc rgb '" BLACK "'\n",
			report_table_num(t, (size_t)arow, var), report_table_num(t, (size_t)arow, var));
	fprintf(f, "plot $c using 1:2:3 with yerrorbars pt 7 ps 0.8 lc rgb '" BLUE "' "
		   "title 'mean, 95%% CI', "
		   "$c using 1:4 with points pt 2 ps 1.2 lw 2 lc rgb '" VERMILLION "' "
		   "title 'tested', "
		   "%.10g with lines dt 2 lw 2 lc rgb '" BLACK "' title 'limit'\n", limit);
}

/* The constraint's limit, from its _limit column. */
static double limit_of(const struct report_table *t, const char *stem)
{
	char c[256];
	page_fmt(c, sizeof c, "%s_limit", stem);
	long lc = report_table_col(t, c);
	return lc >= 0 && t->n_rows ? report_table_num(t, 0, lc) : (double)NAN;
}

static void points_table(struct page *p, const struct report_table *t, long var,
			 const char (*stems)[200], size_t ns)
{
	struct page_stream st;
	FILE *f = page_block_open(p, &st);
	if (!f)
		return;
	fputs("<div class=\"wide\"><table>\n<tr><th>", f);
	page_escape(f, t->names[var]);
	fputs("</th><th>step</th><th>feasible</th>", f);
	for (size_t j = 0; j < ns; j++) {
		fputs("<th>", f);
		page_escape(f, stems[j]);
		fputs(" tested</th>", f);
	}
	fputs("</tr>\n", f);
	long step = report_table_col(t, "step"), feas = report_table_col(t, "feasible");
	long ans = report_table_col(t, "answer");
	for (size_t i = 0; i < t->n_rows; i++) {
		int a = report_table_num(t, i, ans) == 1;
		fprintf(f, "<tr%s><td>", a ? " class=\"answer\"" : "");
		page_escape(f, report_table_text(t, i, var));
		fprintf(f, "%s</td><td class=\"n\">%.0f</td><td>%s</td>", a ? " (answer)" : "",
			report_table_num(t, i, step),
			report_table_num(t, i, feas) == 1 ? "yes" : "no");
		for (size_t j = 0; j < ns; j++) {
			char c[256], v[64];
			page_fmt(c, sizeof c, "%s_tested", stems[j]);
			page_number(v, sizeof v, report_table_num(t, i, report_table_col(t, c)), -1);
			page_fmt(c, sizeof c, "%s_holds", stems[j]);
			int holds = report_table_num(t, i, report_table_col(t, c)) == 1;
			fprintf(f, "<td class=\"n\">%s%s</td>", v, holds ? "" : " (fails)");
		}
		fputs("</tr>\n", f);
	}
	fputs("</table></div>\n", f);
	page_block_close(p, &st, f);
}

int report_plan_sections(struct page *p)
{
	struct report_table t;
	int rc = report_table_read(&t, p->dir, "plan.csv", p->d);
	if (rc == 0 && (t.n_rows == 0 || t.n_cols < 5 || report_table_col(&t, "answer") != 4)) {
		diag_add(p->d, "%s/plan.csv: not a plan's points (point, the variable, step, "
			    "feasible and answer first, then a row per point)", p->dir);
		rc = -1;
	}
	if (rc != 0) {
		report_table_fini(&t);
		return -1;
	}
	const long var = 1; /* point, the variable, step, feasible, answer, ... */
	long arow = answer_row(&t, report_table_col(&t, "answer"));
	char stems[32][200];
	size_t ns = 0;
	for (long c = 5; c < (long)t.n_cols && ns < 32; c++)
		if (constraint_stem(t.names[c], stems[ns], sizeof stems[ns]))
			ns++;
	page_section(p, "The answer");
	summary_text(p);
	page_section(p, "The search");
	page_html(p, "<div class=\"grid\">\n");
	chart_path(p, &t, var);
	page_html(p, "</div>\n");
	page_section(p, "Each constraint against the variable");
	page_html(p, "<div class=\"grid\">\n");
	for (size_t j = 0; j < ns; j++)
		chart_constraint(p, &t, var, stems[j], limit_of(&t, stems[j]), arow);
	page_html(p, "</div>\n");
	page_section(p, "The points evaluated");
	page_html(p, "<p>Every point the search evaluated, in the variable's order, with each "
		     "constraint's tested value (plan.csv also has every KPI's mean, standard "
		     "deviation and 95%% half-width).</p>\n");
	points_table(p, &t, var, (const char (*)[200])stems, ns);
	report_table_fini(&t);
	return 0;
}
