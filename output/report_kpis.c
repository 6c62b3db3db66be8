/*
 * report_kpis.c - the KPI lines printed after a run, from the KPI table.
 *
 * Each row with a line (kpi_table.h) prints as "  <label> <value>", in
 * the order of the lines' `at`, with the parts of the same `at` appended;
 * a line is left out unless every flag of its rows holds: the scenario's
 * (a chain, weather, a capacity, a battery, deferrable classes) and the
 * values' (positive, set). So the text depends on the table alone; the
 * title and the results directory are the only lines written here.
 *
 * Lines are found in `at` order by a scan per line, O(rows^2) = a few
 * thousand comparisons once per run: not worth a sorted copy.
 */
#include "report.h"

#include <math.h>
#include <string.h>

#include "kpi.h"

#define LABEL_WIDTH 28
#define VALUE_WIDTH 14

/* The flags a scenario sets; the others are the values'. */
#define SCENARIO_FLAGS (KPI_IF_CHAIN | KPI_IF_WEATHER | KPI_IF_CAP | KPI_IF_BATTERY | \
			KPI_IF_DEFERRAL)

static unsigned scenario_flags(const struct scenario *sc, const struct run_result *r)
{
	unsigned has = 0;
	if (r->n_chain_levels > 0)
		has |= KPI_IF_CHAIN;
	if (sc->weather.source != WEATHER_NONE)
		has |= KPI_IF_WEATHER;
	if (sc->grid.capacity.source != GRID_SIGNAL_NONE)
		has |= KPI_IF_CAP;
	if (sc->grid.battery.present)
		has |= KPI_IF_BATTERY;
	if (scenario_any_deferrable(sc))
		has |= KPI_IF_DEFERRAL;
	return has;
}

static int is_count(const struct kpi_desc *d)
{
	return d->kind == KPI_KIND_COUNT || d->kind == KPI_KIND_INT;
}

/* A row's value on its line (a COOLING row's total). */
static double line_value(const struct kpi_desc *d, const struct run_kpis *k)
{
	return is_count(d) ? (double)kpi_count(d, k) : kpi_num(d, k, 0);
}

static int holds(const struct kpi_desc *d, const struct run_kpis *k, unsigned has)
{
	unsigned when = d->line.when;
	if (when & SCENARIO_FLAGS & ~has)
		return 0;
	if (d->kind == KPI_KIND_LEVELS || d->kind == KPI_KIND_SCENARIO_TEXT ||
	    d->kind == KPI_KIND_SCENARIO_COUNT)
		return 1;
	double v = line_value(d, k);
	if ((when & KPI_IF_POSITIVE) && !(v > 0))
		return 0;
	if ((when & KPI_IF_SET) && isnan(v))
		return 0;
	return 1;
}

static int is_part_of(const struct kpi_desc *d, int at)
{
	return d->line.part && d->line.at == at;
}

/* Half the last printed digit, below which a negative value is zero. */
static double half_unit(int decimals)
{
	static const double half[] = { 0.5, 0.05, 0.005, 0.0005, 0.00005, 0.000005 };
	return decimals >= 0 && decimals < 6 ? half[decimals] : 0;
}

static void print_value(FILE *f, const struct kpi_desc *d, const struct run_kpis *k, int width)
{
	if (is_count(d)) {
		fprintf(f, "%*llu", width, (unsigned long long)kpi_count(d, k));
		return;
	}
	double v = kpi_num(d, k, 0);
	if ((d->line.when & KPI_ZERO_WITHIN_ROUNDING) && v <= 0 && v > -half_unit(d->line.decimals))
		v = 0.0;
	fprintf(f, "%*.*f", width, d->line.decimals, v);
}

/* Below the total, each cooling component that used energy. */
static void print_components(FILE *f, const struct kpi_desc *d, const struct run_kpis *k)
{
	const char *unit = strrchr(d->line.label, '(');
	for (size_t c = 1; c < COOL_N_COMPONENTS; c++) {
		double v = kpi_num(d, k, c);
		if (!(v > 0))
			continue;
		char label[64];
		snprintf(label, sizeof label, "  %s %s",
			 cooling_component_name((enum cooling_component)c), unit ? unit : "");
		fprintf(f, "  %-*s %*.*f\n", LABEL_WIDTH, label, VALUE_WIDTH, d->line.decimals, v);
	}
}

/* One line per chain level: peak / usable output, and OVER when a unit
 * of the level spent time above its usable rating. */
static void print_levels(FILE *f, const struct kpi_desc *d, const struct run_result *r)
{
	int dec = d->line.decimals;
	for (size_t l = 0; l < r->n_chain_levels; l++) {
		const struct chain_level_record *lr = &r->chain_levels[l];
		char label[64];
		snprintf(label, sizeof label, "%s %s", lr->name, d->line.label);
		fprintf(f, "  %-*s %*.*f / %.*f%s\n", LABEL_WIDTH, label, VALUE_WIDTH, dec,
			lr->peak_kw, dec, lr->usable_kw, lr->hours_over > 0 ? "  OVER" : "");
	}
}

static void print_line(FILE *f, const struct kpi_desc *d, const struct run_result *r,
		       unsigned has)
{
	const struct run_kpis *k = &r->kpis;
	if (!holds(d, k, has))
		return;
	for (size_t i = 0; i < KPI_N_ROWS; i++)
		if (is_part_of(&kpi_descs[i], d->line.at) && kpi_part_drops_line(&kpi_descs[i]) &&
		    !holds(&kpi_descs[i], k, has))
			return;
	if (d->kind == KPI_KIND_LEVELS) {
		print_levels(f, d, r);
		return;
	}
	fprintf(f, "  %-*s ", LABEL_WIDTH, d->line.label);
	print_value(f, d, k, VALUE_WIDTH);
	fputs(d->line.suffix, f);
	for (size_t i = 0; i < KPI_N_ROWS; i++) {
		const struct kpi_desc *p = &kpi_descs[i];
		if (!is_part_of(p, d->line.at) || !holds(p, k, has))
			continue;
		fputs(p->line.label, f);
		print_value(f, p, k, 0);
		fputs(p->line.suffix, f);
	}
	fputc('\n', f);
	if (d->kind == KPI_KIND_COOLING)
		print_components(f, d, k);
}

/* The line after at (0: the first), or NULL after the last. */
static const struct kpi_desc *next_line(int at)
{
	const struct kpi_desc *next = NULL;
	for (size_t i = 0; i < KPI_N_ROWS; i++) {
		const struct kpi_desc *d = &kpi_descs[i];
		if (d->line.at > at && !d->line.part && (!next || d->line.at < next->line.at))
			next = d;
	}
	return next;
}

/* The failure interruptions by cause (failures.csv's rows that stopped a
 * job), in its order: summary.csv's columns are fixed, the causes the
 * scenario's. */
static void print_causes(FILE *f, const struct run_result *r)
{
	if (r->kpis.failure_interruptions == 0)
		return;
	fprintf(f, "  interruptions by cause\n");
	for (size_t i = 0; i < r->n_failure_causes; i++) {
		const struct failure_cause_record *c = &r->failure_causes[i];
		if (c->interruptions > 0)
			fprintf(f, "    %-8s %-28s %8llu\n", c->kind, c->cause,
				(unsigned long long)c->interruptions);
	}
}

void report_print_kpis(FILE *f, const struct scenario *sc, const struct run_result *r,
		       const char *dir)
{
	const struct run_kpis *k = &r->kpis;
	fprintf(f, "dcsim: %s (seed %llu): %d GPUs, %.1f measured days\n", sc->name,
		(unsigned long long)sc->seed, k->gpus, k->sim_days);
	unsigned has = scenario_flags(sc, r);
	for (const struct kpi_desc *d = next_line(0); d; d = next_line(d->line.at))
		print_line(f, d, r, has);
	print_causes(f, r);
	struct diag w;
	diag_init(&w);
	scenario_warnings(sc, &w);
	for (size_t i = 0; i < w.count; i++)
		fprintf(f, "  warning: %s\n", w.msgs[i]);
	diag_fini(&w);
	if (dir)
		fprintf(f, "  results in %s/\n", dir);
}
