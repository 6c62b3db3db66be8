/*
 * run_output.c - writing one run's results.
 *
 * Column names carry their units. Rows come in a fixed order (time, job
 * id), so the bytes depend only on the scenario and the seed.
 */
#include "run_output.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "civil_date.h"
#include "csv_out.h"

/* timeseries.csv's column count: a cooling row is its total and each
 * component (kpi_table.h). */
#define TS_WIDTH_NUM 1
#define TS_WIDTH_COOLING COOL_N_COMPONENTS
#define TS_WIDTH_LOCAL_TIME 1
#define TS_WIDTH(kind, field) +TS_WIDTH_##kind
enum { TS_N_COLUMNS = 0 TS_COLUMNS(TS_WIDTH) };

static const char *const zone_columns[] = {
	"zone", "technology", "racks", "it_energy_mwh", "it_peak_kw", "heat_mwh",
	"cooling_energy_mwh",
	"cooling_air_fans_mwh", "cooling_compressors_mwh", "cooling_heat_rejection_mwh",
	"cooling_pumps_mwh", "cooling_other_mwh", "cooling_ppue", "water_m3",
	"free_cooling_fraction", "heat_deficit_mwh", NULL,
};

#define JOB_COLUMN_NAME(kind, field, column) column,
static const char *const job_columns[] = { JOB_COLUMNS(JOB_COLUMN_NAME) NULL };

static void put(struct summary_row *row, const char *name, enum summary_kind kind,
		const char *s, double v, uint64_t u)
{
	struct summary_field *f = &row->f[row->n++];
	f->name = name;
	f->kind = kind;
	f->s = s;
	f->v = v;
	f->u = u;
}

static void put_num(struct summary_row *row, const char *name, double v)
{
	put(row, name, SUMMARY_NUM, NULL, v, 0);
}

static void put_u64(struct summary_row *row, const char *name, uint64_t u)
{
	put(row, name, SUMMARY_U64, NULL, (double)u, u);
}

/* A composed column name, kept in the row. */
static char *row_name(struct summary_row *row, size_t *named)
{
	return row->names[(*named)++];
}

static void put_cooling(struct summary_row *row, size_t *named, const struct kpi_desc *d,
			const struct run_kpis *k)
{
	for (size_t c = 0; c < COOL_N_COMPONENTS; c++) {
		char *name = row_name(row, named);
		kpi_cooling_column(d, c, name, sizeof row->names[0]);
		put_num(row, name, kpi_num(d, k, c));
	}
}

static void put_levels(struct summary_row *row, size_t *named, const struct run_result *r)
{
	for (size_t l = 0; l < r->n_chain_levels; l++)
		for (size_t s = 0; s < KPI_LEVEL_STATS; s++) {
			char *name = row_name(row, named);
			snprintf(name, sizeof row->names[0], "%s_%s", r->chain_levels[l].name,
				 kpi_level_stat_name(s));
			put_num(row, name, kpi_level_stat(&r->chain_levels[l], s));
		}
}

/* One field per column of the KPI table, in its order. */
void run_output_summary_row(const struct scenario *sc, const struct run_result *r,
			    struct summary_row *row)
{
	const struct run_kpis *k = &r->kpis;
	size_t named = 0;
	row->n = 0;
	for (size_t i = 0; i < KPI_N_ROWS; i++) {
		const struct kpi_desc *d = &kpi_descs[i];
		switch (d->kind) {
		case KPI_KIND_NUM:
			put_num(row, d->name, kpi_num(d, k, 0));
			break;
		case KPI_KIND_COUNT:
		case KPI_KIND_INT:
			put_u64(row, d->name, kpi_count(d, k));
			break;
		case KPI_KIND_COOLING:
			put_cooling(row, &named, d, k);
			break;
		case KPI_KIND_SCENARIO_TEXT:
			put(row, d->name, SUMMARY_STR, d->text(sc), 0, 0);
			break;
		case KPI_KIND_SCENARIO_COUNT:
			put_u64(row, d->name, d->count(sc));
			break;
		case KPI_KIND_LEVELS:
			put_levels(row, &named, r);
			break;
		}
	}
}

void run_output_field(struct csv_out *c, const struct summary_field *f)
{
	switch (f->kind) {
	case SUMMARY_STR:
		csv_out_str(c, f->s);
		break;
	case SUMMARY_NUM:
		csv_out_num(c, f->v);
		break;
	case SUMMARY_U64:
		csv_out_u64(c, f->u);
		break;
	}
}

static void write_summary(struct csv_out *c, const struct scenario *sc,
			  const struct run_result *r)
{
	struct summary_row row;
	run_output_summary_row(sc, r, &row);
	for (size_t i = 0; i < row.n; i++)
		csv_out_str(c, row.f[i].name);
	csv_out_end_row(c);
	for (size_t i = 0; i < row.n; i++)
		run_output_field(c, &row.f[i]);
	csv_out_end_row(c);
}

static const char *const chain_columns[] = {
	"level", "unit", "rating_kw", "usable_kw", "nameplate_kw", "peak_kw", "mean_kw",
	"loss_mwh", "efficiency", "hours_over", "max_over_kw", NULL,
};

/* chain.csv: one row per unit of the distribution chain, top level first. */
static void write_chain(struct csv_out *c, const struct run_result *r)
{
	csv_out_header(c, chain_columns);
	for (size_t i = 0; i < r->n_chain_units; i++) {
		const struct chain_unit_record *u = &r->chain_units[i];
		csv_out_str(c, r->chain_levels[u->level].name);
		csv_out_u64(c, (uint64_t)u->unit);
		csv_out_num(c, u->rating_kw);
		csv_out_num(c, u->usable_kw);
		csv_out_num(c, u->nameplate_kw);
		csv_out_num(c, u->peak_kw);
		csv_out_num(c, u->mean_kw);
		csv_out_num(c, u->loss_mwh);
		csv_out_num(c, u->efficiency);
		csv_out_num(c, u->hours_over);
		csv_out_num(c, u->max_over_kw);
		csv_out_end_row(c);
	}
}

/* A cooling column's component goes before its unit, the name's last
 * part (cooling_kw -> cooling_pumps_kw); the total is the name itself. */
static void cooling_column(char *buf, size_t size, const char *name, int k)
{
	const char *unit = strrchr(name, '_');
	if (k == COOL_TOTAL || !unit) {
		snprintf(buf, size, "%s", name);
		return;
	}
	snprintf(buf, size, "%.*s_%s%s", (int)(unit - name), name,
		 cooling_component_name((enum cooling_component)k), unit);
}

/* Local standard time of run hour h, "YYYY-MM-DDTHH:MM" (calendar.start). */
static void local_time(const struct scenario *sc, double h, char *out, size_t n)
{
	const struct calendar_spec *cal = &sc->calendar;
	int64_t m = (civil_days_from_date(cal->year, cal->month, cal->day) * 24 + cal->hour) * 60;
	civil_format_minute(m + (int64_t)floor(h * 60.0 + 1e-6), out, n);
}

#define SERVICE_TS_NAME(f, what) #f,
static const char *const service_ts_columns[] = { SERVICE_TS_COLUMNS(SERVICE_TS_NAME) NULL };
#undef SERVICE_TS_NAME

/* The per-service columns' names, service.<name>.<column>, a group per
 * service in the order of workload.services[]. The loader keeps a name to
 * 63 letters, digits, '_', '-' and '.', and unique, so a column's name
 * needs no quoting and reads one way only (its last part is the column,
 * the rest after "service." the service). */
static void service_ts_header(struct csv_out *c, const struct scenario *sc)
{
	for (size_t s = 0; s < sc->n_services; s++)
		for (size_t k = 0; service_ts_columns[k]; k++) {
			char name[128];
			snprintf(name, sizeof name, "service.%s.%s", sc->services[s].name,
				 service_ts_columns[k]);
			csv_out_str(c, name);
		}
}

/* The local_time column is written with a calendar only; each service's
 * columns follow the fixed ones (run_result.h: SERVICE_TS_COLUMNS). */
static void write_timeseries(struct csv_out *c, const struct scenario *sc,
			     const struct run_result *r)
{
	char names[TS_N_COLUMNS][48];
	const int cal = sc->calendar.on;
	const size_t n_svc = sc->n_services;
	size_t n = 0;
#define TS_NAME_NUM(f) snprintf(names[n], sizeof names[n], "%s", #f), n++;
#define TS_NAME_COOLING(f)                                                             \
	for (int k = 0; k < COOL_N_COMPONENTS; k++, n++)                               \
		cooling_column(names[n], sizeof names[n], #f, k);
#define TS_NAME_LOCAL_TIME(f)                                                          \
	if (cal)                                                                       \
		snprintf(names[n], sizeof names[n], "%s", #f), n++;
#define TS_NAME(kind, f) TS_NAME_##kind(f)
	TS_COLUMNS(TS_NAME)
#undef TS_NAME
	for (size_t i = 0; i < n; i++)
		csv_out_str(c, names[i]);
	service_ts_header(c, sc);
	csv_out_end_row(c);
	for (size_t i = 0; i < r->n_ts; i++) {
		const struct ts_row *t = &r->ts[i];
		char at[24];
#define TS_PUT_NUM(f) csv_out_num(c, t->f);
#define TS_PUT_COOLING(f)                                                              \
	for (int k = 0; k < COOL_N_COMPONENTS; k++)                                    \
		csv_out_num(c, t->f[k]);
#define TS_PUT_LOCAL_TIME(f)                                                           \
	if (cal) {                                                                     \
		local_time(sc, t->time_h, at, sizeof at);                              \
		csv_out_str(c, at);                                                    \
	}
#define TS_PUT(kind, f) TS_PUT_##kind(f)
		TS_COLUMNS(TS_PUT)
#undef TS_PUT
		/* the run keeps a record per service and row (checked at its end) */
		for (size_t s = 0; s < n_svc && (i + 1) * n_svc <= r->n_service_ts; s++) {
			const struct service_ts_record *v = &r->service_ts[i * n_svc + s];
#define SERVICE_TS_PUT(f, what) csv_out_num(c, v->f);
			SERVICE_TS_COLUMNS(SERVICE_TS_PUT)
#undef SERVICE_TS_PUT
		}
		csv_out_end_row(c);
	}
}

/* cooling.csv: one row per cooling zone (hall), then the electrical rooms. */
static void write_zones(struct csv_out *c, const struct scenario *sc, const struct run_result *r)
{
	(void)sc;
	csv_out_header(c, zone_columns);
	for (size_t i = 0; i < r->n_zones; i++) {
		const struct zone_record *z = &r->zones[i];
		csv_out_str(c, z->name);
		csv_out_str(c, z->technology);
		csv_out_u64(c, (uint64_t)z->racks);
		csv_out_num(c, z->it_energy_mwh);
		csv_out_num(c, z->it_peak_kw);
		csv_out_num(c, z->heat_mwh);
		for (int k = 0; k < COOL_N_COMPONENTS; k++)
			csv_out_num(c, z->cooling_mwh[k]);
		csv_out_num(c, z->ppue);
		csv_out_num(c, z->water_m3);
		csv_out_num(c, z->free_fraction);
		csv_out_num(c, z->heat_deficit_mwh);
		csv_out_end_row(c);
	}
}

/* racks.csv: rack index, then peak, mean and energy of each component. */
static void write_racks(struct csv_out *c, const struct run_result *r)
{
	static const char *const stats[] = { "peak_kw", "mean_kw", "energy_mwh" };
	char names[1 + 3 * IT_N_COMPONENTS][32];
	const char *cols[2 + 3 * IT_N_COMPONENTS];
	size_t n = 0;
	snprintf(names[n], sizeof names[n], "rack");
	cols[n] = names[n];
	n++;
	for (int k = 0; k < IT_N_COMPONENTS; k++) {
		for (int s = 0; s < 3; s++) {
			snprintf(names[n], sizeof names[n], "%s_%s",
				 it_component_name((enum it_component)k), stats[s]);
			cols[n] = names[n];
			n++;
		}
	}
	cols[n] = NULL;
	csv_out_header(c, cols);
	for (size_t i = 0; i < r->n_racks; i++) {
		const struct rack_record *rr = &r->racks[i];
		csv_out_u64(c, i);
		for (int k = 0; k < IT_N_COMPONENTS; k++) {
			csv_out_num(c, rr->peak_kw[k]);
			csv_out_num(c, rr->mean_kw[k]);
			csv_out_num(c, rr->energy_mwh[k]);
		}
		csv_out_end_row(c);
	}
}

/* A time that did not happen (-1) is an empty field. (inline: six a job,
 * a call each cost 34 instructions) */
static inline void num_or_empty(struct csv_out *c, double v)
{
	if (v < 0)
		csv_out_empty(c);
	else
		csv_out_num(c, v);
}

static void write_jobs(struct csv_out *c, const struct scenario *sc,
		       const struct run_result *r)
{
	csv_out_header(c, job_columns);
	/* each name's field worked out once, not a scan a job (a class's
	 * name is the scenario's: it may need quotes) */
	struct csv_text *classes = malloc((sc->n_classes + 1) * sizeof *classes);
	/* (JOB_REJECTED and JOB_REJECT_TOO_LARGE: the last of each, job.h) */
	struct csv_text states[JOB_REJECTED + 1], rejects[JOB_REJECT_TOO_LARGE + 1];
	for (size_t k = 0; classes && k < sc->n_classes; k++)
		classes[k] = csv_text(sc->classes[k].name);
	for (int k = 0; k <= JOB_REJECTED; k++)
		states[k] = csv_text(run_job_state_name((enum job_state)k));
	for (int k = 0; k <= JOB_REJECT_TOO_LARGE; k++)
		rejects[k] = csv_text(run_reject_reason_name((enum job_reject_reason)k));
	for (size_t i = 0; i < r->n_jobs; i++) {
		const struct job_record *j = &r->jobs[i];
#define JOB_PUT_ID(f) csv_out_u64(c, j->f);
#define JOB_PUT_CLASS(f)                                   \
	if (classes)                                       \
		csv_out_text(c, &classes[j->f]);           \
	else /* (out of memory: scanned each time) */      \
		csv_out_str(c, sc->classes[j->f].name);
#define JOB_PUT_INT(f) csv_out_u64(c, (uint64_t)j->f);
#define JOB_PUT_U32(f) csv_out_u64(c, j->f);
#define JOB_PUT_STATE(f) csv_out_text(c, &states[j->f]);
#define JOB_PUT_REJECT(f) csv_out_text(c, &rejects[j->f]);
#define JOB_PUT_NUM(f) csv_out_num(c, j->f);
#define JOB_PUT_TIME(f) num_or_empty(c, j->f);
#define JOB_PUT(kind, f, column) JOB_PUT_##kind(f)
		JOB_COLUMNS(JOB_PUT)
#undef JOB_PUT
		csv_out_end_row(c);
	}
	free(classes);
}

static const char *const failure_columns[] = {
	"kind", "cause", "share", "failures", "interruptions", NULL,
};

/* failures.csv (with failures): per process and cause, over the window. */
static void failures_file(struct csv_out *c, const struct scenario *sc,
			  const struct run_result *r)
{
	(void)sc;
	csv_out_header(c, failure_columns);
	for (size_t i = 0; i < r->n_failure_causes; i++) {
		const struct failure_cause_record *f = &r->failure_causes[i];
		csv_out_str(c, f->kind);
		csv_out_str(c, f->cause);
		csv_out_num(c, f->share);
		csv_out_u64(c, f->failures);
		csv_out_u64(c, f->interruptions);
		csv_out_end_row(c);
	}
}

static const char *const queue_columns[] = {
	"kind", "group", "jobs_started", "wait_mean_s", "jobs_completed",
	"bounded_slowdown_mean", NULL,
};

/* queue.csv (with jobs): waits and bounded slowdowns by class, then by
 * size bucket, of the measured jobs. */
static void queue_file(struct csv_out *c, const struct scenario *sc, const struct run_result *r)
{
	(void)sc;
	csv_out_header(c, queue_columns);
	for (size_t i = 0; i < r->n_queue_groups; i++) {
		const struct queue_record *q = &r->queue_groups[i];
		csv_out_str(c, q->kind);
		csv_out_str(c, q->group);
		csv_out_u64(c, q->jobs_started);
		csv_out_num(c, q->wait_mean_s);
		csv_out_u64(c, q->jobs_completed);
		csv_out_num(c, q->bounded_slowdown_mean);
		csv_out_end_row(c);
	}
}

/* inference.csv (with inference services): one row per service, over the
 * window, its columns from SERVICE_COLUMNS (kpi_table.h). */
static void services_file(struct csv_out *c, const struct scenario *sc,
			  const struct run_result *r)
{
	(void)sc;
	static const char *const names[] = {
#define SERVICE_NAME(kind, f) #f,
		SERVICE_COLUMNS(SERVICE_NAME)
#undef SERVICE_NAME
		NULL,
	};
	csv_out_header(c, names);
	for (size_t i = 0; i < r->n_services; i++) {
		const struct service_record *s = &r->services[i];
#define SERVICE_PUT_NAME(f) csv_out_str(c, s->f);
#define SERVICE_PUT_COUNT(f) csv_out_u64(c, s->f);
#define SERVICE_PUT_NUM(f) csv_out_num(c, s->f);
#define SERVICE_PUT(kind, f) SERVICE_PUT_##kind(f)
		SERVICE_COLUMNS(SERVICE_PUT)
#undef SERVICE_PUT
		csv_out_end_row(c);
	}
}

static const char *const power_dist_columns[] = {
	"kind", "lo_w", "hi_w", "hours", "share", NULL,
};

/* power_dist.csv: the per-GPU and per-node power histograms over the
 * window, 50 bins of 2% of TDP or of the node's maximum each (hours are
 * GPU-hours or node-hours; the quantiles are summary.csv's). */
static void power_dist_file(struct csv_out *c, const struct scenario *sc,
			    const struct run_result *r)
{
	(void)sc;
	csv_out_header(c, power_dist_columns);
	for (size_t i = 0; i < r->n_power_bins; i++) {
		const struct power_bin_record *b = &r->power_bins[i];
		csv_out_str(c, b->kind);
		csv_out_num(c, b->lo_w);
		csv_out_num(c, b->hi_w);
		csv_out_num(c, b->hours);
		csv_out_num(c, b->share);
		csv_out_end_row(c);
	}
}

#define MONTH_NAME(kind, field, what) #field,
static const char *const month_columns[] = { "month", "start_local", MONTH_COLUMNS(MONTH_NAME) NULL };
#undef MONTH_NAME

/* monthly.csv (with a calendar): one row per calendar month of the
 * window, the columns of MONTH_COLUMNS (run_result.h). */
static void monthly_file(struct csv_out *c, const struct scenario *sc, const struct run_result *r)
{
	(void)sc;
	csv_out_header(c, month_columns);
	for (size_t i = 0; i < r->n_months; i++) {
		const struct month_record *m = &r->months[i];
		csv_out_str(c, m->month);
		csv_out_str(c, m->start);
#define MONTH_CELL(kind, field, what) MONTH_CELL_##kind(m->field);
#define MONTH_CELL_NUM(v) csv_out_num(c, v)
#define MONTH_CELL_COUNT(v) csv_out_u64(c, v)
		MONTH_COLUMNS(MONTH_CELL)
#undef MONTH_CELL
#undef MONTH_CELL_NUM
#undef MONTH_CELL_COUNT
		csv_out_end_row(c);
	}
}

/* requests.csv (output.requests): the request log, REQUEST_COLUMNS. */
static void requests_file(struct csv_out *c, const struct scenario *sc,
			  const struct run_result *r)
{
	static const char *const names[] = {
#define REQUEST_NAME(kind, f) #f,
		REQUEST_COLUMNS(REQUEST_NAME)
#undef REQUEST_NAME
		NULL,
	};
	csv_out_header(c, names);
	for (size_t i = 0; i < r->n_requests; i++) {
		const struct request_record *q = &r->requests[i];
#define REQUEST_PUT_SERVICE(f) csv_out_str(c, sc->services[q->f].name);
#define REQUEST_PUT_STATE(f) csv_out_str(c, run_request_state_name((enum request_state)q->f));
#define REQUEST_PUT_COUNT(f) csv_out_u64(c, q->f);
#define REQUEST_PUT_INT(f) csv_out_u64(c, (uint64_t)q->f);
#define REQUEST_PUT_NUM(f) csv_out_num(c, q->f);
#define REQUEST_PUT_TIME(f) num_or_empty(c, q->f);
#define REQUEST_PUT(kind, f) REQUEST_PUT_##kind(f)
		REQUEST_COLUMNS(REQUEST_PUT)
#undef REQUEST_PUT
		csv_out_end_row(c);
	}
}

typedef void (*csv_writer)(struct csv_out *c, const struct scenario *sc,
			   const struct run_result *r);

static void timeseries_file(struct csv_out *c, const struct scenario *sc,
			    const struct run_result *r)
{
	write_timeseries(c, sc, r);
}

static void racks_file(struct csv_out *c, const struct scenario *sc, const struct run_result *r)
{
	(void)sc;
	write_racks(c, r);
}

static void chain_file(struct csv_out *c, const struct scenario *sc, const struct run_result *r)
{
	(void)sc;
	write_chain(c, r);
}

/* One CSV file, written whole or not at all. A file this run does not
 * write is removed, so no stale file from an earlier run passes for this one's. */
static int csv_file(const char *dir, const char *name, int wanted, csv_writer fn,
		    const struct scenario *sc, const struct run_result *r, struct diag *d)
{
	if (!wanted) {
		char old[4096];
		snprintf(old, sizeof old, "%s/%s", dir, name);
		unlink(old);
		return 0;
	}
	struct csv_out c;
	if (csv_out_open(&c, dir, name, d) != 0)
		return -1;
	csv_out_hold_rows(&c); /* (no writer here writes to the file itself) */
	fn(&c, sc, r);
	return csv_out_commit(&c, d);
}

int run_output_write(const char *dir, const struct scenario *sc,
		     const struct run_result *r, struct diag *d)
{
	if (atomic_file_mkdirs(dir, d) != 0)
		return -1;
	/* An older summary.csv would vouch for files we are about to replace,
	 * and an older report.html would show the last run's results beside
	 * this run's (with --no-report, or when the report then fails). */
	char stale[4096];
	snprintf(stale, sizeof stale, "%s/summary.csv", dir);
	unlink(stale);
	snprintf(stale, sizeof stale, "%s/report.html", dir);
	unlink(stale);
	char *json = scenario_to_json(sc);
	if (!json) {
		diag_oom(d, "%s: out of memory writing resolved.json", dir);
		return -1;
	}
	int rc = atomic_file_write_text(dir, "resolved.json", json, d);
	free(json);
	if (rc == 0)
		rc = csv_file(dir, "timeseries.csv", sc->write_timeseries, timeseries_file, sc, r, d);
	if (rc == 0)
		rc = csv_file(dir, "racks.csv", 1, racks_file, sc, r, d);
	if (rc == 0)
		rc = csv_file(dir, "cooling.csv", 1, write_zones, sc, r, d);
	if (rc == 0)
		rc = csv_file(dir, "power_dist.csv", r->n_power_bins > 0, power_dist_file, sc, r, d);
	if (rc == 0)
		rc = csv_file(dir, "chain.csv", r->n_chain_levels > 0, chain_file, sc, r, d);
	if (rc == 0)
		rc = csv_file(dir, "failures.csv", r->n_failure_causes > 0, failures_file, sc, r, d);
	if (rc == 0)
		rc = csv_file(dir, "queue.csv", sc->n_classes > 0, queue_file, sc, r, d);
	if (rc == 0)
		rc = csv_file(dir, "monthly.csv", sc->calendar.on, monthly_file, sc, r, d);
	if (rc == 0)
		rc = csv_file(dir, "inference.csv", sc->n_services > 0, services_file, sc, r, d);
	if (rc == 0)
		rc = csv_file(dir, "requests.csv", sc->n_services > 0 && sc->write_requests,
			      requests_file, sc, r, d);
	if (rc == 0)
		rc = csv_file(dir, "jobs.csv", sc->write_jobs, write_jobs, sc, r, d);
	if (rc == 0)
		rc = csv_file(dir, "summary.csv", 1, write_summary, sc, r, d);
	return rc;
}
