/*
 * kpi_table.h - every column of a run's results, once: the KPIs
 * (summary.csv, RUN_KPIS), the time series (timeseries.csv, TS_COLUMNS,
 * at the end of this file) and the job log (jobs.csv, JOB_COLUMNS).
 *
 * One row per KPI, in the order of summary.csv's columns, drives:
 *  - its field in struct run_kpis (run_result.h): the name and C type;
 *  - its summary.csv column, header and cell (output/run_output.c), and
 *    so a sweep's rows, points.csv and sensitivity.csv, which take the
 *    numeric summary columns (output/sweep_output.c);
 *  - its line in the report after a run, if any (output/report_kpis.c).
 * The column is the field's name, so a name and its value cannot drift
 * apart; units are in the names (DESIGN.md). Adding a KPI touches two
 * places: a row here and the code that computes it (models/run).
 *
 * A row is X(kind, field, line). The kinds:
 *   NUM             double; a value that does not apply is NaN, an empty
 *                   cell ("%.10g" otherwise, csv_out.c)
 *   COUNT           uint64_t
 *   INT             int
 *   COOLING         double[COOL_N_COMPONENTS] by cooling component, one
 *                   column each: cooling_energy_mwh for [COOL_TOTAL], then
 *                   cooling_<component>_mwh; in the report, the total on
 *                   the row's line, each component below it when positive
 *   SCENARIO_TEXT   output only: a string of the scenario
 *   SCENARIO_COUNT  output only: a count of the scenario; both are
 *                   computed by output/kpi.c's col_<field>(sc)
 *   LEVELS          output only: per level of the distribution chain
 *                   (run_result.chain_levels), one column per
 *                   CHAIN_LEVEL_STATS, <level>_<stat>; in the report, one
 *                   "<level> peak/usable (kW)" line per level
 *
 * The line, in the report (output/kpi.h has the macros):
 *   KPI_NO_LINE                              not in the report
 *   KPI_LINE(at, when, label, decimals, suffix)
 *       a line "  <label, 28 wide> <value, 14 wide><suffix>"; lines print
 *       in the order of their `at`, which is therefore unique (gaps left
 *       for lines to come), and only when every `when` of the line holds
 *   KPI_PART(at, when, prefix, decimals, suffix)
 *       "<prefix><value><suffix>" appended to the line of the same `at`,
 *       in table order: "wait p50 / p95 / p99" is one line of three rows
 * Counts print without decimals. The report's order is not the CSV's
 * (it groups energy, cooling, grid, capacity, jobs), hence `at`.
 * tests/test_kpi.c checks the columns against the shipped header and the
 * lines' numbering.
 */
#ifndef DCSIM_KPI_TABLE_H
#define DCSIM_KPI_TABLE_H

#include <stdint.h>

#include "cooling.h"

/* When a report line prints: all of its flags hold (0: always). */
enum kpi_when {
	KPI_IF_CHAIN = 1 << 0,     /* the scenario has a distribution chain */
	KPI_IF_WEATHER = 1 << 1,   /* the scenario has weather */
	KPI_IF_CAP = 1 << 2,       /* the grid connection has a capacity */
	KPI_IF_BATTERY = 1 << 3,   /* the scenario has a battery */
	KPI_IF_DEFERRAL = 1 << 4,  /* some job class is deferrable */
	KPI_IF_POSITIVE = 1 << 5,  /* the value is > 0 */
	KPI_IF_SET = 1 << 6,       /* the value is not NaN */
	/* not a condition: a value held to zero within rounding (below it by
	 * less than half its last digit, or a negative zero) prints as zero,
	 * not "-0.0" */
	KPI_ZERO_WITHIN_ROUNDING = 1 << 7,
};

/* The statistics of a chain level in summary.csv, in column order: fields
 * of struct chain_level_record (run_result.h) and the columns' suffixes. */
#define CHAIN_LEVEL_STATS(X) X(peak_kw) X(mean_kw) X(stranded_kw) X(oversubscription) \
	X(loss_mwh) X(hours_over)

#define RUN_KPIS(X)                                                                             \
	/* output only: the scenario's name, seed and replication */                            \
	X(SCENARIO_TEXT, scenario, KPI_NO_LINE)                                                 \
	X(SCENARIO_COUNT, seed, KPI_NO_LINE)                                                    \
	X(SCENARIO_COUNT, replication, KPI_NO_LINE)                                             \
	/* GPUs installed (the report's title) */                                               \
	X(INT, gpus, KPI_NO_LINE)                                                               \
	/* measurement window (the report's title) */                                           \
	X(NUM, sim_days, KPI_NO_LINE)                                                           \
	X(NUM, it_energy_mwh, KPI_LINE(10, 0, "IT energy (MWh)", 3, ""))                        \
	X(NUM, facility_energy_mwh, KPI_LINE(50, 0, "facility energy (MWh)", 3, ""))            \
	X(NUM, pue, KPI_LINE(70, 0, "PUE (energy-weighted)", 3, ""))                            \
	/* output only: fixed, modelled or mixed */                                             \
	X(SCENARIO_TEXT, pue_model, KPI_NO_LINE)                                                \
	/* the queue policy's name (scheduler.policy) */                                        \
	X(SCENARIO_TEXT, scheduler, KPI_NO_LINE)                                                \
	X(NUM, it_mean_kw, KPI_LINE(250, 0, "IT mean (kW)", 1, ""))                             \
	X(NUM, it_peak_kw, KPI_LINE(260, 0, "IT peak (kW)", 1, ""))                             \
	X(NUM, facility_peak_kw, KPI_LINE(270, 0, "facility peak (kW)", 1, ""))                 \
	/* IT energy by component */                                                            \
	X(NUM, it_gpu_energy_mwh, KPI_LINE(20, 0, "  of which GPUs (MWh)", 3, ""))              \
	X(NUM, it_host_energy_mwh, KPI_NO_LINE)                                                 \
	X(NUM, it_fans_energy_mwh, KPI_LINE(30, 0, "  fans (MWh)", 3, ""))                      \
	X(NUM, it_network_energy_mwh, KPI_NO_LINE)                                              \
	/* every level of the chain */                                                          \
	X(NUM, distribution_loss_mwh,                                                           \
	  KPI_LINE(40, KPI_IF_CHAIN, "distribution losses (MWh)", 3, ""))                       \
	/* [COOL_TOTAL] and by component: cooling_energy_mwh, cooling_air_fans_mwh, ... */      \
	X(COOLING, cooling_mwh, KPI_LINE(60, 0, "cooling energy (MWh)", 3, ""))                 \
	/* partial PUE of cooling: (IT + cooling) / IT */                                       \
	X(NUM, cooling_ppue, KPI_LINE(80, 0, "partial PUE of cooling", 3, ""))                  \
	/* hours with every plant compressor-free; with some free cooling, not full */          \
	X(NUM, full_free_cooling_hours,                                                         \
	  KPI_LINE(100, KPI_IF_WEATHER, "free cooling full/partial h", 0, ""))                  \
	X(NUM, partial_free_cooling_hours, KPI_PART(100, 0, " / ", 0, ""))                      \
	X(NUM, water_m3, KPI_LINE(110, KPI_IF_WEATHER, "water (m3)", 1, ""))                    \
	/* water / IT energy */                                                                 \
	X(NUM, wue_l_per_kwh, KPI_PART(110, 0, "   (WUE ", 2, " L/kWh)"))                       \
	X(NUM, outdoor_mean_dry_c,                                                              \
	  KPI_LINE(90, KPI_IF_WEATHER, "outdoor mean dry bulb (C)", 1, ""))                     \
	/* GPU-hours of running jobs slowed by a cap */                                         \
	X(NUM, gpu_throttled_hours,                                                             \
	  KPI_LINE(290, KPI_IF_POSITIVE, "GPU-hours slowed by caps", 1, ""))                    \
	/* GPU-hours held down by a plant's cap; hours some plant imposed a cap */              \
	X(NUM, gpu_thermal_throttled_hours,                                                     \
	  KPI_LINE(120, 0, "GPU-hours thermal-throttled", 1, ""))                               \
	X(NUM, thermal_throttle_hours,                                                          \
	  KPI_PART(120, KPI_IF_POSITIVE, "   (", 1, " h with a thermal cap)"))                  \
	/* heat no plant could remove, even at the cap floor */                                 \
	X(NUM, heat_deficit_mwh,                                                                \
	  KPI_LINE(130, KPI_IF_POSITIVE, "heat not removed (MWh)", 3,                           \
		   "   (plant short even at the cap floor)"))                                   \
	/* mean fraction of GPUs allocated to jobs */                                           \
	X(NUM, gpu_utilization, KPI_LINE(300, 0, "GPU utilization", 3, ""))                     \
	/* time-weighted distribution over the window of each GPU's board power and    \
	 * each node's IT power (fans as cooling leaves them), from the piecewise-      \
	 * constant draw (world_power_dist.c); power_dist.csv has the histogram */        \
	X(NUM, gpu_power_p10_w, KPI_NO_LINE)                                                    \
	X(NUM, gpu_power_p25_w, KPI_NO_LINE)                                                    \
	X(NUM, gpu_power_p50_w, KPI_LINE(303, 0, "GPU power p50/p90/max (W)", 0, ""))          \
	X(NUM, gpu_power_p75_w, KPI_NO_LINE)                                                    \
	X(NUM, gpu_power_p90_w, KPI_PART(303, 0, " / ", 0, ""))                                 \
	X(NUM, gpu_power_p99_w, KPI_NO_LINE)                                                    \
	X(NUM, gpu_power_max_w, KPI_PART(303, 0, " / ", 0, ""))                                 \
	X(NUM, node_power_p10_kw, KPI_NO_LINE)                                                  \
	X(NUM, node_power_p25_kw, KPI_NO_LINE)                                                  \
	X(NUM, node_power_p50_kw, KPI_LINE(306, 0, "node power p50/p90/max (kW)", 2, ""))      \
	X(NUM, node_power_p75_kw, KPI_NO_LINE)                                                  \
	X(NUM, node_power_p90_kw, KPI_PART(306, 0, " / ", 2, ""))                               \
	X(NUM, node_power_p99_kw, KPI_NO_LINE)                                                  \
	X(NUM, node_power_max_kw, KPI_PART(306, 0, " / ", 2, ""))                               \
	/* jobs submitted in the window, and where they are at its end */                       \
	X(COUNT, jobs_submitted, KPI_LINE(310, 0, "jobs submitted", 0, ""))                     \
	X(COUNT, jobs_completed, KPI_LINE(320, 0, "  completed", 0, ""))                        \
	X(COUNT, jobs_running, KPI_LINE(330, 0, "  running at end", 0, ""))                     \
	X(COUNT, jobs_queued, KPI_LINE(340, 0, "  queued at end", 0, ""))                       \
	X(COUNT, jobs_rejected, KPI_LINE(350, 0, "  rejected", 0, ""))                          \
	/* the jobs the wait statistics cover */                                                \
	X(COUNT, jobs_started, KPI_NO_LINE)                                                     \
	X(NUM, wait_mean_s, KPI_LINE(360, 0, "wait mean (s)", 1, ""))                           \
	X(NUM, wait_p50_s, KPI_LINE(370, 0, "wait p50 / p95 / p99 (s)", 1, ""))                 \
	X(NUM, wait_p95_s, KPI_PART(370, 0, " / ", 1, ""))                                      \
	X(NUM, wait_p99_s, KPI_PART(370, 0, " / ", 1, ""))                                      \
	/* share of started jobs that waited at all */                                          \
	X(NUM, wait_prob, KPI_NO_LINE)                                                          \
	/* censored waits: measured jobs still in the queue at the end, left out of the       \
	 * wait statistics above (which they bias low in a loaded run), with their waits so    \
	 * far; 0 jobs and a mean of 0 when none */                                              \
	X(COUNT, wait_censored_jobs,                                                            \
	  KPI_LINE(380, KPI_IF_POSITIVE, "still queued (censored)", 0, ""))                   \
	X(NUM, wait_censored_mean_s,                                                            \
	  KPI_PART(380, KPI_IF_POSITIVE, "   (waited ", 1, " s so far, mean)"))                \
	/* delivered work (world_results.c): the full-speed GPU-hours of work of the measured  \
	 * jobs that completed; per MWh of facility energy; their mean slowdown, response      \
	 * time / full-speed run time (1: never waited nor slowed); NaN when undefined */      \
	X(NUM, work_done_gpu_hours, KPI_LINE(390, 0, "work done (GPU-hours)", 1, ""))           \
	X(NUM, work_gpu_hours_per_mwh, KPI_PART(390, KPI_IF_SET, "   (", 2, " per MWh)"))     \
	X(NUM, slowdown_mean, KPI_LINE(400, KPI_IF_SET, "slowdown mean", 3, ""))                \
	/* completed jobs: response / max(run, 10 s), at least 1 (world_queue.c) */             \
	X(NUM, bounded_slowdown_mean, KPI_LINE(402, KPI_IF_SET, "bounded slowdown mean", 2, ""))\
	/* backfill policies: measured jobs started past a blocked head; NaN otherwise */       \
	X(NUM, jobs_backfilled, KPI_LINE(403, KPI_IF_SET, "jobs backfilled", 0, ""))           \
	/* preemptions by cause beside the grid's (jobs_preempted): for a higher priority,  */ \
	/* of spot jobs; their lost work (world_preempt.c) */                                   \
	X(COUNT, priority_preemptions,                                                          \
	  KPI_LINE(404, KPI_IF_POSITIVE, "preemptions for priority", 0, ""))                    \
	X(COUNT, spot_preemptions, KPI_LINE(405, KPI_IF_POSITIVE, "spot preemptions", 0, ""))  \
	X(NUM, priority_preempted_lost_gpu_hours,                                               \
	  KPI_LINE(406, KPI_IF_POSITIVE, "  work lost to them (GPU-h)", 1, ""))                 \
	/* billed GPU-hours x workload.gpu_hour_usd x each class's price_factor */              \
	X(NUM, spot_gpu_hours, KPI_LINE(407, KPI_IF_POSITIVE, "spot GPU-hours", 0, ""))        \
	X(NUM, compute_cost_usd, KPI_LINE(408, KPI_IF_POSITIVE, "compute billed (USD)", 0, ""))\
	/* placement: racks and pods (cluster.racks_per_pod; NaN without) a job spans */         \
	X(NUM, racks_per_job_mean, KPI_NO_LINE)                                                 \
	X(NUM, pods_per_job_mean, KPI_LINE(409, KPI_IF_SET, "pods per job (mean)", 3, ""))      \
	/* free GPUs none of the queued jobs could be placed on (with pods; world_queue.c) */   \
	X(NUM, fragmented_gpu_hours,                                                            \
	  KPI_LINE(410, KPI_IF_SET, "GPU-hours lost to fragmentation", 1, ""))                 \
	/* mean wait by size (1, 2-4, 5-8, 9+ GPUs: Jeon et al.'s Philly groups); NaN: none */  \
	X(NUM, wait_mean_1gpu_s, KPI_NO_LINE)                                                   \
	X(NUM, wait_mean_2_4gpu_s, KPI_NO_LINE)                                                 \
	X(NUM, wait_mean_5_8gpu_s, KPI_NO_LINE)                                                 \
	X(NUM, wait_mean_9plus_gpu_s, KPI_NO_LINE)                                              \
	/* facility mean / facility peak */                                                     \
	X(NUM, load_factor, KPI_NO_LINE)                                                        \
	/* facility energy x hourly price and carbon (location-based); NaN without */           \
	X(NUM, energy_cost_usd, KPI_LINE(140, KPI_IF_SET, "energy cost (USD)", 0, ""))          \
	X(NUM, emissions_t_co2e, KPI_LINE(150, KPI_IF_SET, "emissions (t CO2e)", 1, ""))        \
	/* emissions / energy */                                                                \
	X(NUM, carbon_mean_g_per_kwh, KPI_PART(150, 0, "   (", 1, " g/kWh)"))                   \
	/* market-based (GHG Protocol Scope 2): contracts at zero, the rest at the residual \
	 * mix; the share of grid energy the contracts matched (hourly: <= contract_share); \
	 * NaN without grid.market */                                                           \
	X(NUM, emissions_market_t_co2e,                                                         \
	  KPI_LINE(155, KPI_IF_SET, "  market-based (t CO2e)", 1, ""))                          \
	X(NUM, contract_matched_share, KPI_PART(155, 0, "   (contracts match ", 3, ")"))        \
	/* cost / grid energy */                                                                \
	X(NUM, price_mean_usd_per_mwh, KPI_PART(140, 0, "   (", 2, " USD/MWh)"))                \
	/* drawn from the grid: facility + battery; its peak demand */                          \
	X(NUM, grid_energy_mwh, KPI_NO_LINE)                                                    \
	X(NUM, grid_peak_kw, KPI_LINE(160, KPI_IF_CAP, "grid peak (kW)", 1, ""))                \
	/* least capacity - grid draw held over the whole run */                                \
	X(NUM, grid_headroom_min_kw,                                                            \
	  KPI_PART(160, KPI_ZERO_WITHIN_ROUNDING, "   (least headroom ", 1, " kW)"))            \
	/* the cap binds: GPUs held back, a job waiting for power, or the battery shaving */    \
	X(NUM, hours_at_cap, KPI_LINE(170, KPI_IF_CAP, "hours at the grid cap", 1, ""))         \
	/* GPU-hours slowed by the grid's cap */                                                \
	X(NUM, grid_throttled_gpu_hours,                                                        \
	  KPI_LINE(180, KPI_IF_CAP, "GPU-hours grid-throttled", 1, ""))                         \
	/* jobs refused for power at least once; first refusal to start, those that started */  \
	X(COUNT, power_delayed_jobs, KPI_LINE(190, KPI_IF_CAP, "jobs delayed by power", 0, "")) \
	X(NUM, power_added_wait_mean_h, KPI_PART(190, KPI_IF_SET, "   (added wait ", 2, " h mean)"))     \
	/* preemptions and suspensions for power, and the work they lost */                     \
	X(COUNT, jobs_preempted,                                                                \
	  KPI_LINE(200, KPI_IF_CAP | KPI_IF_POSITIVE, "preemptions", 0, ""))                    \
	X(NUM, preempted_work_lost_gpu_hours,                                                   \
	  KPI_PART(200, 0, "   (", 1, " GPU-h of work lost)"))                                  \
	/* GPU energy the cap held back + battery discharge */                                  \
	X(NUM, energy_shifted_mwh, KPI_NO_LINE)                                                 \
	/* discharged energy / usable energy; NaN without a battery */                          \
	X(NUM, battery_cycles, KPI_LINE(210, KPI_IF_BATTERY, "battery cycles", 1, ""))          \
	X(NUM, battery_loss_mwh, KPI_PART(210, 0, "   (loss ", 3, " MWh)"))                     \
	/* jobs held back for a lower signal, and their mean hold */                            \
	X(COUNT, jobs_deferred, KPI_LINE(220, KPI_IF_DEFERRAL, "jobs deferred", 0, ""))         \
	X(NUM, deferral_mean_h, KPI_PART(220, 0, "   (", 2, " h mean hold)"))                   \
	/* against the same arrivals run at once; NaN without the signal */                     \
	X(NUM, deferral_emissions_saved_t,                                                      \
	  KPI_LINE(230, KPI_IF_DEFERRAL | KPI_IF_SET, "deferral saved (t CO2e)", 2, ""))        \
	X(NUM, deferral_cost_saved_usd,                                                         \
	  KPI_LINE(240, KPI_IF_DEFERRAL | KPI_IF_SET, "deferral saved (USD)", 0, ""))           \
	/* failures (world_failures.c): components failed; jobs they interrupted, all and by   \
	 * the failed component's kind; full-speed GPU-hours of work lost to them (since the   \
	 * jobs' checkpoints) and the GPU energy that work drew; time-weighted share of GPUs   \
	 * up; useful GPU-hours (allocated less the work lost to failures and preemptions) /   \
	 * allocated GPU-hours */                                                              \
	X(COUNT, component_failures,                                                            \
	  KPI_LINE(430, KPI_IF_POSITIVE, "component failures", 0, ""))                          \
	X(NUM, gpu_availability, KPI_PART(430, 0, "   (GPU availability ", 4, ")"))            \
	X(COUNT, failure_interruptions,                                                         \
	  KPI_LINE(440, KPI_IF_POSITIVE, "failure interruptions", 0, ""))                       \
	X(COUNT, failure_interruptions_gpu, KPI_PART(440, 0, "   (gpu ", 0, ""))                \
	X(COUNT, failure_interruptions_node, KPI_PART(440, 0, ", node ", 0, ""))                \
	X(COUNT, failure_interruptions_network, KPI_PART(440, 0, ", network ", 0, ""))          \
	X(COUNT, failure_interruptions_facility, KPI_PART(440, 0, ", facility ", 0, ")"))       \
	/* jobs of >= output.mtbi_min_gpus GPUs: running hours in the window / their failure    \
	 * interruptions; NaN without one */                                                  \
	X(NUM, mtbi_h, KPI_LINE(442, KPI_IF_SET, "interruption MTBI (h)", 1, "")) \
	X(COUNT, spare_swaps, KPI_LINE(445, KPI_IF_POSITIVE, "spare nodes swapped in", 0, ""))   \
	X(NUM, failure_lost_gpu_hours,                                                          \
	  KPI_LINE(450, KPI_IF_POSITIVE, "GPU-hours lost to failures", 1, ""))                  \
	X(NUM, failure_lost_energy_mwh, KPI_PART(450, 0, "   (", 3, " MWh of GPU energy)"))     \
	X(NUM, goodput, KPI_PART(450, 0, "   goodput ", 4, ""))                                 \
	/* checkpoints (world.c): GPU-hours of jobs holding their GPUs to write checkpoints    \
	 * and to reload them after stops; the mean ETTR (full-speed work / wall time from    \
	 * first start to end) of the completed jobs of classes that checkpoint, NaN: none    \
	 */                                                                                    \
	X(NUM, checkpoint_gpu_hours,                                                            \
	  KPI_LINE(460, KPI_IF_POSITIVE, "GPU-hours checkpointing", 1, ""))               \
	X(NUM, restart_gpu_hours, KPI_PART(460, 0, "   (restarting ", 1, ")"))                  \
	X(NUM, ettr_mean, KPI_LINE(470, KPI_IF_SET, "ETTR (checkpointing jobs)", 4, ""))    \
	/* the cost of ownership (world_tco.c, docs/cost.md); NaN without a cost section. Up   \
	 * front: capex, and by component */                                                    \
	X(NUM, capex_usd, KPI_LINE(500, KPI_IF_SET, "capex (USD)", 0, ""))                      \
	X(NUM, capex_gpu_usd, KPI_NO_LINE)                                                      \
	X(NUM, capex_node_usd, KPI_NO_LINE)                                                     \
	X(NUM, capex_network_usd, KPI_NO_LINE)                                                  \
	X(NUM, capex_rack_usd, KPI_NO_LINE)                                                     \
	X(NUM, capex_power_usd, KPI_NO_LINE)                                                    \
	X(NUM, capex_cooling_usd, KPI_NO_LINE)                                                  \
	X(NUM, capex_building_usd, KPI_NO_LINE)                                                 \
	/* over the window: capex annualized (capital recovery), energy at the hourly price,   \
	 * demand charges on the monthly peaks, water, maintenance, staff, and their sum */     \
	X(NUM, tco_usd, KPI_LINE(510, KPI_IF_SET, "cost of ownership (USD)", 0, ""))            \
	X(NUM, tco_capex_usd, KPI_LINE(520, KPI_IF_SET, "  capital, annualized", 0, ""))        \
	X(NUM, tco_energy_usd, KPI_LINE(530, KPI_IF_SET, "  energy", 0, ""))                    \
	X(NUM, tco_demand_usd, KPI_LINE(540, KPI_IF_SET, "  demand charges", 0, ""))            \
	X(NUM, tco_water_usd, KPI_LINE(550, KPI_IF_SET, "  water", 0, ""))                      \
	X(NUM, tco_maintenance_usd, KPI_LINE(560, KPI_IF_SET, "  maintenance", 0, ""))          \
	X(NUM, tco_staff_usd, KPI_LINE(570, KPI_IF_SET, "  staff", 0, ""))                      \
	/* tco / installed GPU-hours; / delivered (useful) GPU-hours: allocated x goodput */    \
	X(NUM, cost_per_installed_gpu_h_usd,                                                    \
	  KPI_LINE(580, KPI_IF_SET, "USD per installed GPU-hour", 3, ""))                       \
	X(NUM, cost_per_delivered_gpu_h_usd,                                                    \
	  KPI_LINE(590, KPI_IF_SET, "USD per delivered GPU-hour", 3, ""))                       \
	/* the delivered share of installed GPU-hours at which owning costs what renting at   \
	 * the cloud price given does (own is cheaper above it; > 1: never); NaN without one */ \
	X(NUM, breakeven_utilization_on_demand,                                                 \
	  KPI_LINE(600, KPI_IF_SET, "break-even use, on-demand", 3, ""))                        \
	X(NUM, breakeven_utilization_reserved,                                                  \
	  KPI_LINE(610, KPI_IF_SET, "break-even use, reserved", 3, ""))                         \
	X(NUM, breakeven_utilization_spot,                                                      \
	  KPI_LINE(620, KPI_IF_SET, "break-even use, spot", 3, ""))                             \
	/* inference services (world_inference.c), all services together, over the window:     \
	 * requests arrived, served, dropped at a full queue; latency percentiles of the       \
	 * served (time to first token, end to end) and the p99 of each request's mean time    \
	 * between tokens; the share served within every target given (NaN: none given);     \
	 * tokens in and out of the served; replica- and GPU-hours; the replicas' GPU energy   \
	 * and it per output token, per served request, and its carbon per 1,000 requests at  \
	 * the window's mean grid intensity (NaN without carbon) */                            \
	X(COUNT, inference_requests, KPI_LINE(630, KPI_IF_POSITIVE, "inference requests", 0, "")) \
	X(COUNT, inference_served, KPI_PART(630, 0, "   (served ", 0, ""))                    \
	X(COUNT, inference_dropped, KPI_PART(630, 0, ", dropped ", 0, ")"))                   \
	X(NUM, inference_ttft_p50_s, KPI_LINE(640, KPI_IF_SET, "TTFT p50 / p95 / p99 (s)", 3, "")) \
	X(NUM, inference_ttft_p95_s, KPI_PART(640, 0, " / ", 3, ""))                           \
	X(NUM, inference_ttft_p99_s, KPI_PART(640, 0, " / ", 3, ""))                           \
	X(NUM, inference_e2e_p50_s, KPI_LINE(650, KPI_IF_SET, "end-to-end p50 / p95 / p99 (s)", 2, "")) \
	X(NUM, inference_e2e_p95_s, KPI_PART(650, 0, " / ", 2, ""))                            \
	X(NUM, inference_e2e_p99_s, KPI_PART(650, 0, " / ", 2, ""))                            \
	X(NUM, inference_e2e_mean_s, KPI_NO_LINE)                                               \
	X(NUM, inference_tbt_p99_s, KPI_NO_LINE)                                                \
	X(NUM, inference_slo_attainment, KPI_LINE(660, KPI_IF_SET, "inference SLO attainment", 4, "")) \
	X(NUM, inference_tokens_in, KPI_NO_LINE)                                                \
	X(NUM, inference_tokens_out, KPI_LINE(670, KPI_IF_POSITIVE, "inference tokens out", 0, "")) \
	X(NUM, inference_replica_hours, KPI_NO_LINE)                                            \
	X(NUM, inference_gpu_hours, KPI_NO_LINE)                                                \
	/* replicas holding GPUs, time mean; sequences held / serving replicas' batch slots;   \
	 * the autoscaler's new replicas, drained ones, and new ones the cluster had no GPUs   \
	 * for (world_inference.c) */                                                           \
	X(NUM, inference_replicas_mean,                                                         \
	  KPI_LINE(675, KPI_IF_SET, "inference replicas (mean)", 2, ""))                       \
	X(NUM, inference_batch_occupancy, KPI_PART(675, KPI_IF_SET, "   (batch occupancy ", 3, ")")) \
	X(COUNT, inference_scale_ups, KPI_LINE(676, KPI_IF_POSITIVE, "replicas started", 0, "")) \
	X(COUNT, inference_scale_downs, KPI_PART(676, 0, "   (drained ", 0, ""))             \
	X(COUNT, inference_scale_ups_blocked, KPI_PART(676, 0, ", short of GPUs ", 0, ")"))   \
	/* starts a grid capacity had no power for (the replica at a full batch) */            \
	X(COUNT, inference_scale_ups_no_power,                                                  \
	  KPI_LINE(679, KPI_IF_POSITIVE, "replica starts short of power", 0, ""))              \
	/* sharing the cluster (world_inference_scale.c): training jobs the replicas stopped   \
	 * for GPUs (by priority), replicas a failure stopped, and their requests sent back    \
	 * to the queue to start again */                                                       \
	X(COUNT, inference_jobs_preempted,                                                      \
	  KPI_LINE(677, KPI_IF_POSITIVE, "jobs preempted by replicas", 0, ""))                 \
	X(COUNT, inference_replica_failures,                                                    \
	  KPI_LINE(678, KPI_IF_POSITIVE, "replicas stopped by failures", 0, ""))               \
	X(COUNT, inference_requests_retried, KPI_PART(678, 0, "   (requests retried ", 0, ")")) \
	X(NUM, inference_gpu_energy_mwh,                                                        \
	  KPI_LINE(680, KPI_IF_POSITIVE, "inference GPU energy (MWh)", 3, ""))                 \
	X(NUM, inference_j_per_token, KPI_PART(680, KPI_IF_SET, "   (", 3, " J/token"))        \
	X(NUM, inference_wh_per_request, KPI_PART(680, KPI_IF_SET, ", ", 3, " Wh/request)"))   \
	X(NUM, inference_g_co2_per_1k_requests, KPI_NO_LINE)                                    \
	/* events the engine ran */                                                             \
	X(COUNT, events, KPI_NO_LINE)                                                           \
	/* output only: per level of the chain (run_result.chain_levels), CHAIN_LEVEL_STATS */  \
	X(LEVELS, chain_levels, KPI_LINE(280, 0, "peak/usable (kW)", 1, ""))

/* A row's field in struct run_kpis, by kind (none for output-only rows). */
#define KPI_FIELD(kind, field, line) KPI_FIELD_##kind(field)
#define KPI_FIELD_NUM(f) double f;
#define KPI_FIELD_COUNT(f) uint64_t f;
#define KPI_FIELD_INT(f) int f;
#define KPI_FIELD_COOLING(f) double f[COOL_N_COMPONENTS];
#define KPI_FIELD_SCENARIO_TEXT(f)
#define KPI_FIELD_SCENARIO_COUNT(f)
#define KPI_FIELD_LEVELS(f)

/*
 * timeseries.csv: one row per sample interval (output.sample_interval_min),
 * its columns in order, as X(kind, field). The column is the field's name.
 * Values are interval means unless the row says otherwise; NaN (an empty
 * cell) where a column does not apply. The core fills its columns
 * (world_results.c) and each subsystem fills its own in its `sample` op,
 * so a subsystem adding a column touches this table and its own file.
 *   NUM      double
 *   COOLING  double[COOL_N_COMPONENTS]: [COOL_TOTAL] is the field's column,
 *            each component cooling_<component>_kw after it
 */
#define TS_COLUMNS(X)                                                                          \
	X(NUM, time_h)      /* interval start, hours from the run's start */                    \
	X(LOCAL_TIME, local_time) /* with a calendar: time_h as local standard time */         \
	X(NUM, interval_h)                                                                     \
	X(NUM, it_kw)                                                                          \
	X(NUM, it_gpu_kw)                                                                      \
	X(NUM, it_host_kw)                                                                     \
	X(NUM, it_fans_kw)                                                                     \
	X(NUM, it_network_kw)                                                                  \
	X(NUM, facility_kw)                                                                    \
	X(NUM, gpus_busy)                                                                      \
	X(NUM, jobs_running)                                                                   \
	X(NUM, jobs_queued)                                                                    \
	X(NUM, gpus_throttled)                                                                 \
	X(NUM, losses_kw)          /* distribution chain */                                    \
	X(NUM, outdoor_dry_c)                                                                  \
	X(NUM, outdoor_wet_c)                                                                  \
	X(COOLING, cooling_kw)     /* total, then by component */                              \
	X(NUM, free_cooling_fraction) /* heat removed without compressors / removed */         \
	X(NUM, pue)                /* facility / IT energy of the interval */                  \
	X(NUM, water_l_per_h)                                                                  \
	X(NUM, gpus_thermal_throttled)                                                         \
	X(NUM, carbon_g_per_kwh)   /* grid signals, time means; NaN without */                 \
	X(NUM, price_usd_per_mwh)                                                              \
	X(NUM, cost_usd)           /* of the interval's grid energy */                         \
	X(NUM, emissions_kg)                                                                   \
	X(NUM, capacity_kw)        /* the connection's capacity; NaN without */                \
	X(NUM, grid_kw)            /* drawn from the grid: facility + battery */               \
	X(NUM, headroom_kw)        /* capacity - grid draw; NaN without */                     \
	X(NUM, battery_kw)         /* + charging; NaN without a battery */                     \
	X(NUM, battery_soc)        /* at the interval's end, fraction of the energy */         \
	X(NUM, gpus_grid_throttled) /* GPUs slowed by the grid's cap */                        \
	X(NUM, gpus_down)          /* failed GPUs (and those of failed nodes) */               \
	X(NUM, nodes_down)         /* nodes whose host or rack switch is down */ \
	X(NUM, inference_requests_per_s) /* arrivals, all services; NaN without services */    \
	X(NUM, inference_replicas)                                                             \
	X(NUM, inference_batch_occupancy) /* sequences held / (replicas x max batch) */        \
	X(NUM, inference_gpu_kw)   /* the replicas' GPUs */

#define TS_FIELD(kind, field) TS_FIELD_##kind(field)
#define TS_FIELD_NUM(f) double f;
#define TS_FIELD_COOLING(f) double f[COOL_N_COMPONENTS];
#define TS_FIELD_LOCAL_TIME(f) /* output only: from time_h and calendar.start */

/*
 * jobs.csv: one row per job (output.jobs), in id order, its columns as
 * X(kind, field, column). Times are seconds from the run's start. The
 * core fills the record from the job when it ends or the run does
 * (world_record_job); a subsystem with per-job columns of its own fills
 * them in its `job` op. The kinds:
 *   ID      uint64_t
 *   CLASS   uint32_t, the class's index; written as its name
 *   INT     int, written as a count
 *   U32     uint32_t, a count
 *   STATE   enum job_state, written as its name
 *   REJECT  enum job_reject_reason, written as its name
 *   NUM     double
 *   TIME    double; -1 where it did not happen (an empty cell): a queued
 *           job has no start
 */
#define JOB_COLUMNS(X)                                                                         \
	X(ID, id, "job_id")                                                                    \
	X(CLASS, class_index, "class")                                                         \
	X(INT, gpus, "gpus")                                                                   \
	X(STATE, state, "state")                                                               \
	X(REJECT, reject, "reject_reason")                                                     \
	X(INT, measured, "measured")                                                           \
	X(NUM, submit_s, "submit_s")                                                           \
	X(TIME, start_s, "start_s")                                                            \
	X(TIME, end_s, "end_s")                                                                \
	X(TIME, wait_s, "wait_s")                                                              \
	X(NUM, energy_kwh, "energy_kwh")  /* energy of the job's GPUs while it ran */          \
	X(NUM, deferred_s, "deferred_s")  /* held back for a lower carbon or price (0 none) */ \
	X(U32, preemptions, "preemptions") /* stopped for power and requeued */                \
	X(U32, interruptions, "interruptions") /* stopped by a failure and requeued */         \
	X(NUM, lost_work_h, "lost_work_h") /* full-speed work lost to stops, since checkpoints */ \
	X(TIME, bounded_slowdown, "bounded_slowdown") /* completed jobs (world_queue.c) */      \
	X(INT, backfilled, "backfilled") /* 1: started past a blocked head */ \
	X(U32, priority_preemptions, "priority_preemptions") /* stopped for a job that outranks it */ \
	X(TIME, racks, "racks") /* its latest placement's racks (empty: never ran) */          \
	X(TIME, pods, "pods")   /* ... and pods (cluster.racks_per_pod; empty without) */ \
	X(NUM, checkpoint_h, "checkpoint_h") /* wall time writing checkpoints */                 \
	X(NUM, restart_h, "restart_h")   /* wall time reloading them after stops */            \
	X(NUM, ettr, "ettr") /* completed: full-speed work / (end - first start); NaN otherwise */

/*
 * inference.csv: one row per inference service (world_inference.c), over
 * the measurement window, as X(kind, field); the column is the field's
 * name. The fleet's totals are the inference_* KPIs above. Kinds:
 *   NAME   char[64]
 *   COUNT  uint64_t
 *   NUM    double, NaN an empty cell
 */
#define SERVICE_COLUMNS(X)                                                                     \
	X(NAME, service)                                                                       \
	X(NAME, profile)                                                                       \
	X(COUNT, requests)                                                                     \
	X(COUNT, served)                                                                       \
	X(COUNT, dropped)                                                                      \
	X(NUM, ttft_p50_s)                                                                     \
	X(NUM, ttft_p95_s)                                                                     \
	X(NUM, ttft_p99_s)                                                                     \
	X(NUM, e2e_p50_s)                                                                      \
	X(NUM, e2e_p95_s)                                                                      \
	X(NUM, e2e_p99_s)                                                                      \
	X(NUM, e2e_mean_s)                                                                     \
	X(NUM, tbt_p99_s)                                                                      \
	X(NUM, slo_attainment)                                                                 \
	X(NUM, tokens_in)                                                                      \
	X(NUM, tokens_out)                                                                     \
	X(NUM, replicas_mean)                                                                  \
	X(NUM, batch_occupancy)                                                                \
	X(NUM, replica_hours)                                                                  \
	X(NUM, gpu_hours)                                                                      \
	X(NUM, gpu_energy_mwh)                                                                 \
	X(NUM, j_per_token)                                                                    \
	X(NUM, wh_per_request)                                                                 \
	X(NUM, g_co2_per_1k_requests)                                                          \
	X(COUNT, scale_ups)                                                                    \
	X(COUNT, scale_downs)                                                                  \
	X(COUNT, scale_ups_blocked)                                                            \
	X(COUNT, scale_ups_no_power)                                                           \
	X(COUNT, jobs_preempted)                                                               \
	X(COUNT, replica_failures)                                                             \
	X(COUNT, requests_retried)

#define SERVICE_FIELD(kind, field) SERVICE_FIELD_##kind(field)
#define SERVICE_FIELD_NAME(f) char f[64];
#define SERVICE_FIELD_COUNT(f) uint64_t f;
#define SERVICE_FIELD_NUM(f) double f;

/*
 * requests.csv: one row per request of every service (output.requests,
 * off by default: a day of a busy service is millions of rows), in the
 * order they left (served or dropped), then those still waiting or in
 * service at the end; X(kind, field). Times are seconds from the run's
 * start. Kinds:
 *   SERVICE  uint32_t, the service's index; written as its name
 *   STATE    uint8_t: written as served, dropped, waiting or in_service
 *   COUNT    uint64_t
 *   INT      int
 *   NUM      double
 *   TIME     double; -1 where it did not happen (an empty cell)
 */
#define REQUEST_COLUMNS(X)                                                                     \
	X(SERVICE, service)                                                                    \
	X(COUNT, request_id)   /* arrival order within its service, from 0 */                  \
	X(STATE, state)                                                                        \
	X(INT, measured)       /* arrived after warm-up */                                     \
	X(NUM, arrive_s)                                                                       \
	X(NUM, prompt_tokens)                                                                  \
	X(NUM, output_tokens)                                                                  \
	X(TIME, first_token_s)                                                                 \
	X(TIME, end_s)                                                                         \
	X(TIME, ttft_s)                                                                        \
	X(TIME, e2e_s)                                                                         \
	X(NUM, energy_wh)      /* its share of its replica's GPU energy */

#define REQUEST_FIELD(kind, field) REQUEST_FIELD_##kind(field)
#define REQUEST_FIELD_SERVICE(f) uint32_t f;
#define REQUEST_FIELD_STATE(f) uint8_t f;
#define REQUEST_FIELD_COUNT(f) uint64_t f;
#define REQUEST_FIELD_INT(f) int f;
#define REQUEST_FIELD_NUM(f) double f;
#define REQUEST_FIELD_TIME(f) double f;

#define JOB_FIELD(kind, field, column) JOB_FIELD_##kind(field)
#define JOB_FIELD_ID(f) uint64_t f;
#define JOB_FIELD_CLASS(f) uint32_t f;
#define JOB_FIELD_INT(f) int f;
#define JOB_FIELD_U32(f) uint32_t f;
#define JOB_FIELD_STATE(f) enum job_state f;
#define JOB_FIELD_REJECT(f) enum job_reject_reason f;
#define JOB_FIELD_NUM(f) double f;
#define JOB_FIELD_TIME(f) double f;

#endif
