/*
 * run_result.h - what one run produces: KPIs over the measurement window,
 * the time series of interval averages, and the job log.
 *
 * Units are in the field names. Times in the job log are seconds from the
 * start of the run; -1 where an event did not happen (a queued job has no
 * start).
 */
#ifndef DCSIM_RUN_RESULT_H
#define DCSIM_RUN_RESULT_H

#include <stddef.h>
#include <stdint.h>

#include "cooling.h"
#include "it_component.h"
#include "job.h"
#include "kpi_table.h"

/* One row of timeseries.csv: one field per row of TS_COLUMNS (kpi_table.h),
 * where each is described. */
struct ts_row {
	TS_COLUMNS(TS_FIELD)
};

/* One cooling zone (hall) over the measurement window; the electrical
 * rooms' plant, when modelled, is the last record, with no racks. */
struct zone_record {
	char name[64];
	const char *technology;
	int racks;
	double it_energy_mwh;
	double it_peak_kw;
	double heat_mwh;        /* heat it had to remove: its IT, or the indoor losses */
	double cooling_mwh[COOL_N_COMPONENTS];
	double ppue;            /* (IT + cooling) / IT; NaN for the rooms */
	double water_m3;
	double free_fraction;   /* share of the heat removed without compressors */
	double heat_deficit_mwh; /* heat above the plant's capacity, not removed */
};

/* One unit of the distribution chain over the measurement window. */
struct chain_unit_record {
	size_t level;
	int unit;
	double rating_kw;
	double usable_kw;
	double nameplate_kw;  /* output with every rack at nameplate */
	double peak_kw;       /* output */
	double mean_kw;
	double loss_mwh;
	double efficiency;    /* output / input energy */
	double hours_over;    /* output above usable */
	double max_over_kw;   /* peak output - usable, when positive */
};

/* One level: sums over its units (peak of the level's total output). */
struct chain_level_record {
	char name[32];
	double rated_kw;
	double usable_kw;
	double nameplate_kw;
	double peak_kw;
	double mean_kw;
	double stranded_kw;     /* usable - peak */
	double oversubscription; /* nameplate / usable */
	double loss_mwh;
	double hours_over;      /* the most any unit of the level spent over */
	double max_over_kw;     /* the worst unit's peak overload */
};

/* One rack over the measurement window, by component (it_component.h). */
struct rack_record {
	double peak_kw[IT_N_COMPONENTS];
	double mean_kw[IT_N_COMPONENTS];
	double energy_mwh[IT_N_COMPONENTS];
};

/* One row of jobs.csv: one field per row of JOB_COLUMNS (kpi_table.h). */
struct job_record {
	JOB_COLUMNS(JOB_FIELD)
};

/* Failures of one cause of one process over the measurement window, and
 * the job interruptions they caused (world_failures.c; failures.csv). */
struct failure_cause_record {
	char kind[8];
	char cause[48];
	double share;
	uint64_t failures;
	uint64_t interruptions;
};

/* An inference service over the window (inference.csv). */
struct service_record {
	SERVICE_COLUMNS(SERVICE_FIELD)
};

/* One request (requests.csv, with output.requests). */
enum request_state { REQUEST_SERVED, REQUEST_DROPPED, REQUEST_WAITING, REQUEST_IN_SERVICE };
struct request_record {
	REQUEST_COLUMNS(REQUEST_FIELD)
};

/* A completed job of a deferrable class: what its GPU energy emitted and
 * cost, for the paired comparison (world.c). */
struct deferral_record {
	uint64_t id;
	double co2_g;
	double cost_usd;
};

/* The KPIs over the measurement window: one field per row of RUN_KPIS
 * (kpi_table.h), where each is described; units are in the names. */
struct run_kpis {
	RUN_KPIS(KPI_FIELD)
};

struct run_result {
	struct run_kpis kpis;
	struct ts_row *ts;
	size_t n_ts;
	size_t cap_ts;
	struct job_record *jobs;
	size_t n_jobs;
	size_t cap_jobs;
	struct rack_record *racks;
	size_t n_racks;
	struct chain_unit_record *chain_units;
	size_t n_chain_units;
	struct chain_level_record *chain_levels;
	size_t n_chain_levels;
	struct zone_record *zones;
	size_t n_zones;
	struct deferral_record *deferrals; /* by id, measured jobs only */
	size_t n_deferrals;
	size_t cap_deferrals;
	struct failure_cause_record *failure_causes; /* by process, then cause */
	size_t n_failure_causes;
	struct service_record *services; /* by workload.services[] */
	size_t n_services;
	struct request_record *requests;
	size_t n_requests;
	size_t cap_requests;
};

void run_result_fini(struct run_result *r);
const char *run_job_state_name(enum job_state s);
const char *run_reject_reason_name(enum job_reject_reason r);
const char *run_request_state_name(enum request_state s);

#endif
