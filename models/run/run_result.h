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

/* One bin of a power distribution's histogram (power_dist.csv): GPU
 * boards or nodes, the bin's range and the hours (GPU- or node-hours)
 * spent in it over the window. */
struct power_bin_record {
	const char *kind;  /* "gpu" or "node" */
	double lo_w, hi_w;
	double hours;
	double share;      /* of the kind's hours */
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

/* How the queue treated one class, or one size bucket, of measured jobs
 * (world_queue.c; queue.csv). */
struct queue_record {
	char kind[8];   /* "class" or "gpus" */
	char group[64]; /* the class's name, or the bucket ("1", "2-4", "5-8", "9+") */
	uint64_t jobs_started;
	double wait_mean_s;
	uint64_t jobs_completed;
	double bounded_slowdown_mean;
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

/*
 * One service over one time-series interval: timeseries.csv's per-service
 * columns, service.<name>.<field>, a group per service in the order of
 * workload.services[], after the fixed columns (world_inference.c fills
 * them in its sample op). X(field, what).
 */
#define SERVICE_TS_COLUMNS(X)                                                              \
	X(requests_per_s, "arrivals (served or dropped) per second")                      \
	X(replicas, "replicas holding GPUs (loading, serving, draining), time average")   \
	X(batch_occupancy, "sequences held / (serving replicas x max_batch); NaN: none")  \
	X(gpu_kw, "the service's replicas' GPUs")

#define SERVICE_TS_FIELD(f, what) double f;
struct service_ts_record {
	SERVICE_TS_COLUMNS(SERVICE_TS_FIELD)
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

/*
 * One calendar month of the measurement window (world_months.c;
 * monthly.csv): X(kind, field, what) per column after the month's label,
 * in monthly.csv's order; kind NUM (double) or COUNT (uint64_t). The
 * months partition the window, so the energies, water, cost, emissions
 * and job counts add up to the run's KPIs, and the highest monthly peak
 * is the run's (checked at the end of every run).
 */
#define MONTH_COLUMNS(X)                                                                   \
	X(NUM, hours, "hours of the month inside the measurement window")                \
	X(NUM, facility_energy_mwh, "facility energy")                                     \
	X(NUM, it_energy_mwh, "IT energy")                                                 \
	X(NUM, grid_energy_mwh, "drawn from the grid: facility + battery")                \
	X(NUM, facility_peak_kw, "highest facility draw held for any time (exact)")       \
	X(NUM, grid_peak_kw, "highest grid draw held (what demand charges bill)")         \
	X(NUM, pue, "facility / IT energy")                                                \
	X(NUM, wue_l_per_kwh, "water / IT energy")                                         \
	X(NUM, water_m3, "water the plants consumed")                                      \
	X(NUM, energy_cost_usd, "grid energy x hourly price; NaN without a price")        \
	X(NUM, emissions_t_co2e, "grid energy x hourly carbon; NaN without carbon")       \
	X(NUM, gpu_utilization, "mean fraction of GPUs allocated")                        \
	X(COUNT, jobs_submitted, "measured jobs submitted in the month")                  \
	X(COUNT, jobs_completed, "measured jobs that completed in the month")             \
	X(COUNT, jobs_started, "measured jobs that started in the month")                 \
	X(NUM, wait_mean_s, "waits of the jobs that started in the month")                \
	X(NUM, wait_p50_s, "")                                                             \
	X(NUM, wait_p95_s, "")                                                             \
	X(NUM, wait_p99_s, "")                                                             \
	/* with a cost section (world_tco.c; NaN without): the month's share of the window's \
	 * cost of ownership, by component, and their sum */                                \
	X(NUM, cost_capex_usd, "annualized capex x hours / 8760")                           \
	X(NUM, cost_energy_usd, "grid energy at the hourly (or the flat) price")           \
	X(NUM, cost_demand_usd, "demand charge on grid_peak_kw, prorated by hours")        \
	X(NUM, cost_water_usd, "")                                                          \
	X(NUM, cost_maintenance_usd, "")                                                    \
	X(NUM, cost_staff_usd, "")                                                          \
	X(NUM, cost_total_usd, "")

#define MONTH_FIELD(kind, field, what) MONTH_FIELD_##kind(field)
#define MONTH_FIELD_NUM(f) double f;
#define MONTH_FIELD_COUNT(f) uint64_t f;

struct month_record {
	char month[8];   /* "2025-07" */
	char start[17];  /* local time of its first tick in the window, "2025-07-01T00:00" */
	double month_hours; /* the whole calendar month's (not a column) */
	MONTH_COLUMNS(MONTH_FIELD)
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
	struct power_bin_record *power_bins; /* gpu bins, then node bins */
	size_t n_power_bins;
	struct failure_cause_record *failure_causes; /* by process, then cause */
	size_t n_failure_causes;
	struct queue_record *queue_groups; /* by class, then by size (world_queue.c) */
	size_t n_queue_groups;
	/* calendar months of the window, in order (none without a calendar
	 * or a cost section: world_months.c) */
	struct month_record *months;
	size_t n_months;
	size_t cap_months;
	struct service_record *services; /* by workload.services[] */
	size_t n_services;
	struct request_record *requests;
	size_t n_requests;
	size_t cap_requests;
	/* timeseries.csv's per-service columns: row i of ts, service s at
	 * [i * n_services + s] (scenario's n_services; none without) */
	struct service_ts_record *service_ts;
	size_t n_service_ts;
	size_t cap_service_ts;
};

void run_result_fini(struct run_result *r);
const char *run_job_state_name(enum job_state s);
const char *run_reject_reason_name(enum job_reject_reason r);
const char *run_request_state_name(enum request_state s);

#endif
