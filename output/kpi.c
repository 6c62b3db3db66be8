/*
 * kpi.c - the KPI table (models/run/kpi_table.h) expanded once into
 * descriptors, and the values they point at.
 *
 * Like Redis's static_configs[], the writers walk this array instead of
 * naming each KPI: summary.csv's header and row (run_output.c), and with
 * them a sweep's columns, and the report's lines (report_kpis.c). A
 * descriptor's name is its field's, so a column and its value cannot part.
 * Output-only columns get their value from the scenario, through
 * col_<name> below: an output-only row needs its row and its function.
 */
#include "kpi.h"

#include <stdio.h>
#include <string.h>

/* ---- the output-only columns ---- */

static const char *col_scenario(const struct scenario *sc)
{
	return sc->name;
}

static uint64_t col_seed(const struct scenario *sc)
{
	return sc->seed;
}

static uint64_t col_replication(const struct scenario *sc)
{
	return sc->replication;
}

/* "fixed" when every zone has a fixed PUE, "modelled" when none has,
 * else "mixed". */
static const char *col_pue_model(const struct scenario *sc)
{
	size_t fixed = 0;
	for (size_t i = 0; i < sc->n_zones; i++)
		fixed += sc->zones[i].spec.tech == COOLING_FIXED_PUE;
	return fixed == sc->n_zones ? "fixed" : (fixed == 0 ? "modelled" : "mixed");
}

static const char *col_scheduler(const struct scenario *sc)
{
	return scenario_policy_name(sc->policy);
}

/* ---- the table ---- */

/* The line argument arrives expanded (a braced initializer with commas),
 * hence the variadic dispatch. */
#define KPI_DESC(kind, field, ...) KPI_DESC_##kind(field, __VA_ARGS__)
#define KPI_DESC_FIELD(f, kind, ...)                                                    \
	{ #f, kind, offsetof(struct run_kpis, f), NULL, NULL, __VA_ARGS__ },
#define KPI_DESC_NUM(f, ...) KPI_DESC_FIELD(f, KPI_KIND_NUM, __VA_ARGS__)
#define KPI_DESC_COUNT(f, ...) KPI_DESC_FIELD(f, KPI_KIND_COUNT, __VA_ARGS__)
#define KPI_DESC_INT(f, ...) KPI_DESC_FIELD(f, KPI_KIND_INT, __VA_ARGS__)
#define KPI_DESC_COOLING(f, ...) KPI_DESC_FIELD(f, KPI_KIND_COOLING, __VA_ARGS__)
#define KPI_DESC_SCENARIO_TEXT(f, ...)                                                  \
	{ #f, KPI_KIND_SCENARIO_TEXT, 0, col_##f, NULL, __VA_ARGS__ },
#define KPI_DESC_SCENARIO_COUNT(f, ...)                                                 \
	{ #f, KPI_KIND_SCENARIO_COUNT, 0, NULL, col_##f, __VA_ARGS__ },
#define KPI_DESC_LEVELS(f, ...) { #f, KPI_KIND_LEVELS, 0, NULL, NULL, __VA_ARGS__ },

const struct kpi_desc kpi_descs[KPI_N_ROWS] = { RUN_KPIS(KPI_DESC) };

double kpi_num(const struct kpi_desc *d, const struct run_kpis *k, size_t i)
{
	const double *v = (const double *)(const void *)((const char *)k + d->offset);
	return v[i];
}

uint64_t kpi_count(const struct kpi_desc *d, const struct run_kpis *k)
{
	const void *p = (const char *)k + d->offset;
	if (d->kind == KPI_KIND_INT)
		return (uint64_t)*(const int *)p;
	return *(const uint64_t *)p;
}

/* The component goes before the unit, the field name's last part
 * (cooling_mwh -> cooling_pumps_mwh); the total is the energy itself. */
void kpi_cooling_column(const struct kpi_desc *d, size_t i, char *buf, size_t size)
{
	const char *unit = strrchr(d->name, '_');
	int stem = unit ? (int)(unit - d->name) : (int)strlen(d->name);
	const char *part = i == COOL_TOTAL ? "energy"
					   : cooling_component_name((enum cooling_component)i);
	snprintf(buf, size, "%.*s_%s%s", stem, d->name, part, unit ? unit : "");
}

/* ---- the chain levels' statistics ---- */

#define LEVEL_STAT_NAME(s) #s,
#define LEVEL_STAT_OFFSET(s) offsetof(struct chain_level_record, s),
static const char *const level_stat_names[] = { CHAIN_LEVEL_STATS(LEVEL_STAT_NAME) };
static const size_t level_stat_offsets[] = { CHAIN_LEVEL_STATS(LEVEL_STAT_OFFSET) };

const char *kpi_level_stat_name(size_t s)
{
	return level_stat_names[s];
}

double kpi_level_stat(const struct chain_level_record *lr, size_t s)
{
	return *(const double *)(const void *)((const char *)lr + level_stat_offsets[s]);
}
