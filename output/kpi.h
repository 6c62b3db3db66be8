/*
 * kpi.h - the KPI table (kpi_table.h) as data the writers walk: one
 * descriptor per row, with where its value lives and how its report line
 * reads.
 */
#ifndef DCSIM_KPI_H
#define DCSIM_KPI_H

#include <stddef.h>
#include <stdint.h>

#include "run_result.h"
#include "scenario.h"

enum kpi_kind {
	KPI_KIND_NUM,
	KPI_KIND_COUNT,
	KPI_KIND_INT,
	KPI_KIND_COOLING,
	KPI_KIND_SCENARIO_TEXT,
	KPI_KIND_SCENARIO_COUNT,
	KPI_KIND_LEVELS,
};

/* A row's report line, or the part of one (kpi_table.h). at 0: none. */
struct kpi_line {
	int at;
	int part;          /* appended to the line of the same at */
	unsigned when;     /* enum kpi_when flags */
	const char *label; /* a part's prefix */
	int decimals;
	const char *suffix;
};
#define KPI_LINE(at, when, label, decimals, suffix) { at, 0, when, label, decimals, suffix }
#define KPI_PART(at, when, prefix, decimals, suffix) { at, 1, when, prefix, decimals, suffix }
#define KPI_NO_LINE { 0, 0, 0, NULL, 0, NULL }

struct kpi_desc {
	const char *name;   /* the field's name, and its column's */
	enum kpi_kind kind;
	size_t offset;      /* in struct run_kpis: NUM, COUNT, INT, COOLING */
	const char *(*text)(const struct scenario *sc); /* SCENARIO_TEXT */
	uint64_t (*count)(const struct scenario *sc);   /* SCENARIO_COUNT */
	struct kpi_line line;
};

/* Does a part that does not hold drop its whole line (1), or only
 * itself (0)? A part marked KPI_IF_SET is only absent when NaN:
 * "(added wait ... h mean)" when no job waited for power. */
static inline int kpi_part_drops_line(const struct kpi_desc *p)
{
	return !(p->line.when & KPI_IF_SET);
}

/* The rows, in table (column) order. */
#define KPI_ONE_ROW(kind, field, line) +1
enum { KPI_N_ROWS = 0 RUN_KPIS(KPI_ONE_ROW) };
extern const struct kpi_desc kpi_descs[KPI_N_ROWS];

/* Columns per kind; a LEVELS row adds CHAIN_LEVEL_STATS per chain level. */
#define KPI_COLUMNS_NUM 1
#define KPI_COLUMNS_COUNT 1
#define KPI_COLUMNS_INT 1
#define KPI_COLUMNS_COOLING COOL_N_COMPONENTS
#define KPI_COLUMNS_SCENARIO_TEXT 1
#define KPI_COLUMNS_SCENARIO_COUNT 1
#define KPI_COLUMNS_LEVELS 0
#define KPI_COLUMNS(kind, field, line) +KPI_COLUMNS_##kind
#define KPI_ONE_STAT(stat) +1

/* summary.csv's fixed columns, then KPI_LEVEL_STATS per chain level. */
enum { KPI_N_FIXED_COLUMNS = 0 RUN_KPIS(KPI_COLUMNS) };
enum { KPI_LEVEL_STATS = 0 CHAIN_LEVEL_STATS(KPI_ONE_STAT) };

/* A NUM row's value, or element i of a COOLING row's. */
double kpi_num(const struct kpi_desc *d, const struct run_kpis *k, size_t i);
/* A COUNT or INT row's value. */
uint64_t kpi_count(const struct kpi_desc *d, const struct run_kpis *k);
/* The column of element i of a COOLING row into buf. */
void kpi_cooling_column(const struct kpi_desc *d, size_t i, char *buf, size_t size);

/* The name and value of chain-level statistic s (< KPI_LEVEL_STATS). */
const char *kpi_level_stat_name(size_t s);
double kpi_level_stat(const struct chain_level_record *lr, size_t s);

#endif
