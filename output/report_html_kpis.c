/*
 * report_html_kpis.c - the KPI table of report.html, from the KPI table
 * (kpi_table.h through kpi.h) and a row of summary.csv.
 *
 * The same lines, labels, decimals, order and parts as the text report
 * after a run (report_kpis.c), so a KPI is named once. The report reads a
 * results directory, not the scenario, so the scenario's conditions come
 * from the results: a chain when chain.csv exists, weather, a capacity,
 * a battery or deferral when their KPI (outdoor_mean_dry_c,
 * grid_headroom_min_kw, battery_cycles, deferral_mean_h) is not empty.
 */
#include <math.h>
#include <string.h>

#include "kpi.h"
#include "report_html_int.h"

static double cell(const struct report_table *s, size_t row, const char *name)
{
	return report_table_num(s, row, report_table_col(s, name));
}

static unsigned flags_of(const struct report_table *s, size_t row, const struct report_table *chain)
{
	unsigned has = 0;
	if (chain && chain->n_rows > 0)
		has |= KPI_IF_CHAIN;
	if (!isnan(cell(s, row, "outdoor_mean_dry_c")))
		has |= KPI_IF_WEATHER;
	if (!isnan(cell(s, row, "grid_headroom_min_kw")))
		has |= KPI_IF_CAP;
	if (!isnan(cell(s, row, "battery_cycles")))
		has |= KPI_IF_BATTERY;
	if (!isnan(cell(s, row, "deferral_mean_h")))
		has |= KPI_IF_DEFERRAL;
	return has;
}

static double value_of(const struct kpi_desc *d, const struct report_table *s, size_t row)
{
	if (d->kind == KPI_KIND_COOLING) {
		char col[96];
		kpi_cooling_column(d, 0, col, sizeof col);
		return cell(s, row, col);
	}
	return cell(s, row, d->name);
}

static int holds(const struct kpi_desc *d, const struct report_table *s, size_t row,
		 unsigned has)
{
	unsigned scen = KPI_IF_CHAIN | KPI_IF_WEATHER | KPI_IF_CAP | KPI_IF_BATTERY |
			KPI_IF_DEFERRAL;
	if (d->line.when & scen & ~has)
		return 0;
	if (d->kind == KPI_KIND_LEVELS)
		return 1;
	double v = value_of(d, s, row);
	if ((d->line.when & KPI_IF_POSITIVE) && !(v > 0))
		return 0;
	if ((d->line.when & KPI_IF_SET) && isnan(v))
		return 0;
	return 1;
}

static void put_value(FILE *f, const struct kpi_desc *d, double v)
{
	int count = d->kind == KPI_KIND_COUNT || d->kind == KPI_KIND_INT;
	int dec = count ? 0 : d->line.decimals;
	if (v < 0 && v > -0.5 * pow(10, -dec))
		v = 0.0;
	char buf[64];
	page_number(buf, sizeof buf, v, dec);
	page_escape(f, buf[0] ? buf : "n/a");
}

/* A label the text report indents ("  of which GPUs") is a part of the
 * line above: indented here too. Underscores of component names read as
 * spaces. */
static void row_start(FILE *f, const char *label)
{
	int sub = label[0] == ' ';
	while (*label == ' ')
		label++;
	fputs(sub ? "<tr><td class=\"sub\">" : "<tr><td>", f);
	for (const char *c = label; *c; c++) {
		char one[2] = { *c == '_' ? ' ' : *c, '\0' };
		page_escape(f, one);
	}
	fputs("</td><td class=\"n\">", f);
}

/* One row per chain level: its peak against its usable rating (the sum of
 * its units' in chain.csv). */
static void level_rows(FILE *f, const struct kpi_desc *d, const struct report_table *s,
		       size_t row, const struct report_table *chain)
{
	long lc = report_table_col(chain, "level"), uc = report_table_col(chain, "usable_kw");
	for (size_t i = 0; i < chain->n_rows; i++) {
		const char *level = report_table_text(chain, i, lc);
		if (i > 0 && !strcmp(level, report_table_text(chain, i - 1, lc)))
			continue;
		double usable = 0;
		for (size_t j = i; j < chain->n_rows && !strcmp(report_table_text(chain, j, lc), level); j++)
			usable += report_table_num(chain, j, uc);
		char label[160], col[160];
		page_fmt(label, sizeof label, "%s %s", level, d->line.label);
		page_fmt(col, sizeof col, "%s_peak_kw", level);
		row_start(f, label);
		char a[64], b[64];
		page_number(a, sizeof a, cell(s, row, col), d->line.decimals);
		page_number(b, sizeof b, usable, d->line.decimals);
		fprintf(f, "%s / %s</td></tr>\n", a, b);
	}
}

static void kpi_row(FILE *f, const struct kpi_desc *d, const struct report_table *s, size_t row,
		    const struct report_table *chain, unsigned has, int with_components)
{
	if (!holds(d, s, row, has))
		return;
	for (size_t i = 0; i < KPI_N_ROWS; i++) {
		const struct kpi_desc *p = &kpi_descs[i];
		if (p->line.part && p->line.at == d->line.at && kpi_part_drops_line(p) &&
		    !holds(p, s, row, has))
			return;
	}
	if (d->kind == KPI_KIND_LEVELS) {
		if (chain)
			level_rows(f, d, s, row, chain);
		return;
	}
	row_start(f, d->line.label);
	put_value(f, d, value_of(d, s, row));
	page_escape(f, d->line.suffix);
	for (size_t i = 0; i < KPI_N_ROWS; i++) {
		const struct kpi_desc *p = &kpi_descs[i];
		if (!p->line.part || p->line.at != d->line.at || !holds(p, s, row, has))
			continue;
		page_escape(f, p->line.label);
		put_value(f, p, value_of(p, s, row));
		page_escape(f, p->line.suffix);
	}
	fputs("</td></tr>\n", f);
	if (d->kind != KPI_KIND_COOLING || !with_components)
		return;
	for (size_t c = 1; c < COOL_N_COMPONENTS; c++) {
		char col[96], lab[128];
		kpi_cooling_column(d, c, col, sizeof col);
		double v = cell(s, row, col);
		if (!(v > 0))
			continue;
		page_fmt(lab, sizeof lab, "  cooling: %s (MWh)",
			 cooling_component_name((enum cooling_component)c));
		row_start(f, lab);
		put_value(f, d, v);
		fputs("</td></tr>\n", f);
	}
}

void report_kpi_table(struct page *p, const struct report_table *s, size_t row,
		      const struct report_table *chain, int with_components)
{
	struct page_stream st;
	FILE *f = page_block_open(p, &st);
	if (!f)
		return;
	unsigned has = flags_of(s, row, chain);
	double gpus = cell(s, row, "gpus"), days = cell(s, row, "sim_days");
	fprintf(f, "<p>%.0f GPUs, %.1f measured days (after warm-up)", gpus, days);
	const char *policy = report_table_text(s, row, report_table_col(s, "scheduler"));
	if (policy && policy[0]) { /* (an older summary.csv has no such column) */
		fputs("; scheduler ", f);
		page_escape(f, policy);
	}
	fputs(".</p>\n<table>\n<tr><th>KPI</th><th>value</th></tr>\n", f);
	int at = 0;
	for (;;) {
		const struct kpi_desc *next = NULL;
		for (size_t i = 0; i < KPI_N_ROWS; i++) {
			const struct kpi_desc *d = &kpi_descs[i];
			if (d->line.at > at && !d->line.part && (!next || d->line.at < next->line.at))
				next = d;
		}
		if (!next)
			break;
		kpi_row(f, next, s, row, chain, has, with_components);
		at = next->line.at;
	}
	fputs("</table>\n", f);
	page_block_close(p, &st, f);
}
