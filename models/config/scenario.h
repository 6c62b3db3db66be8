/*
 * scenario.h - a validated, immutable run configuration in SI-ish units.
 *
 * Built by the loader (scenario_load.c) from JSON and --set overrides; every
 * default filled in; nothing past the loader sees JSON. Durations are held in
 * hours as the user wrote them and turned into ticks by the world; powers in
 * watts. Shared read-only by every run of a sweep.
 */
#ifndef DCSIM_SCENARIO_H
#define DCSIM_SCENARIO_H

#include <stddef.h>
#include <stdint.h>

#include "cooling.h"
#include "grid.h"
#include "market.h"
#include "diag.h"
#include "hardware.h"
#include "inference.h"
#include "job_class.h"
#include "power_chain.h"
#include "scheduler.h"
#include "series_cache.h"
#include "weather.h"

/* Non-GPU equipment in every rack (switches, CPU and storage servers). */
struct rack_device {
	struct device_spec spec;
	int count;
};

/* From at_h on, the facility-wide GPU cap is gpu_cap_w (0 = none). */
struct cap_step {
	double at_h;
	double gpu_cap_w;
};

/* Racks first_rack .. first_rack + racks - 1 and the plant cooling them. */
struct cooling_zone {
	char *name;
	int first_rack;
	int racks;
	struct cooling_spec spec;
};

enum weather_source {
	WEATHER_NONE,      /* only fixed-PUE cooling: no weather needed */
	WEATHER_SITE,      /* a built-in site's file */
	WEATHER_FILE,
	WEATHER_CONSTANT,
	WEATHER_SYNTHETIC,
};

struct weather_spec {
	enum weather_source source;
	char *site;               /* SITE */
	char *file;               /* SITE, FILE: as written (SITE: the shipped file) */
	char *path;               /* resolved path that was read */
	int is_epw;               /* else the simple CSV */
	double dry_bulb_c;        /* CONSTANT */
	double relative_humidity; /* CONSTANT, SYNTHETIC */
	struct weather_synthetic synthetic;
	double elevation_m;       /* pressure of CSV, constant and synthetic air */
	double start_day_of_year; /* the run starts at 00:00 of this day, 1 = 1 January */
	struct weather series;    /* read at load; shared read-only by every run */
};

/* What the facility does when its draw would exceed the connection. */
enum grid_policy {
	GRID_QUEUE,               /* a job starts only with headroom for it */
	GRID_THROTTLE,            /* cap running GPUs uniformly, to their lowest limit */
	GRID_THROTTLE_THEN_QUEUE, /* cap down to throttle_floor x TDP, then queue */
	GRID_PREEMPT,             /* stop preemptible jobs to protect the rest */
};

enum battery_policy {
	BATTERY_PEAK_SHAVING,     /* discharge only to keep the draw under the cap */
	BATTERY_PRICE_ARBITRAGE,  /* and charge in cheap hours, discharge in dear ones */
	BATTERY_CARBON_ARBITRAGE, /* the same by carbon intensity */
};

/* A battery behind the meter (models/battery.h). */
struct battery_spec {
	int present;
	double energy_wh;     /* usable energy at full charge */
	double power_w;       /* charge and discharge rating */
	double round_trip_efficiency;
	double min_soc;       /* fraction of energy_wh it never goes below */
	double initial_soc;
	enum battery_policy policy;
	double charge_below;    /* arbitrage: signal thresholds */
	double discharge_above;
};

/* The grid connection (models/grid.h): its capacity, its signals, the
 * policy under the cap and the battery. */
struct grid_spec {
	int present;
	struct grid_signal carbon;  /* g CO2e/kWh */
	struct grid_signal price;   /* USD/MWh */
	struct grid_signal capacity; /* MW; NONE = unlimited */
	enum grid_policy policy;
	double throttle_floor;      /* THROTTLE_THEN_QUEUE: fraction of TDP */
	struct battery_spec battery;
	struct market_spec market;  /* contracts and residual mix (market-based) */
	double utc_offset_h;        /* the site's standard time from UTC */
	double start_day_of_year;   /* the weather's, or given without weather */
};

/* Failures (models/run/world_failures.c): one process per component
 * kind; docs/failures.md has the model and the sources of the defaults. */
enum failure_kind { FAILURE_GPU, FAILURE_NODE, FAILURE_NETWORK, FAILURE_FACILITY, FAILURE_N_KINDS };
enum failure_ttf { FAILURE_TTF_EXPONENTIAL, FAILURE_TTF_WEIBULL };
enum failure_repair { FAILURE_REPAIR_CONSTANT, FAILURE_REPAIR_LOGNORMAL, FAILURE_REPAIR_EMPIRICAL };
extern const char *const scenario_failure_kind_names[];

/* A label of failures and its share of the process's failures. */
struct failure_cause {
	char name[48];
	double share;
};

struct failure_process {
	enum failure_kind kind;
	double mtbf_h;               /* per component */
	enum failure_ttf distribution;
	double shape;                /* WEIBULL: k (1 is exponential) */
	enum failure_repair repair;
	double repair_median_h;      /* CONSTANT: the time; LOGNORMAL: its median */
	double repair_sigma;         /* LOGNORMAL: sigma of the log */
	struct duration_spec repair_trace; /* EMPIRICAL: file, column, unit, samples_h */
	struct failure_cause *causes; /* shares sum to 1 */
	size_t n_causes;
};

/* The cluster's checkpoint storage: what a checkpoint given by its size
 * is written at (workload.classes[].checkpoint.size_gb_per_gpu). */
struct storage_spec {
	double write_gb_per_s; /* the whole cluster's sustained write bandwidth */
};

/* Where an interrupted job goes back in the queue. */
enum requeue_rule { REQUEUE_PLACE, REQUEUE_HEAD };
extern const char *const scenario_requeue_names[];

/* The run's calendar (scenario_calendar.c): where its first tick falls,
 * in the site's local standard time. on 0: no date; the months are then
 * those of a typical 365-day year from the weather's start day. */
struct calendar_spec {
	int on;
	char *start;         /* "YYYY-MM-DDTHH:MM" as given */
	int64_t year;
	int month, day, hour;
	double typical_day;  /* the typical-year day it maps to, + hour / 24 */
};

/* The cost of ownership (models/cost/tco.h, docs/cost.md): prices,
 * lives and rates; on 0: no cost section, the cost KPIs are NaN. */
struct cost_spec {
	int on;
	double gpu_usd;             /* per GPU */
	double node_usd;            /* per node, without its GPUs */
	double network_usd_per_gpu; /* the scale-out fabric */
	double rack_usd;
	double power_usd_per_kw;    /* the power chain, per kW of IT nameplate */
	double cooling_usd_per_kw[COOLING_N_TECH]; /* by each zone's technology */
	double building_usd_per_mw;
	double it_years, network_years, power_years, cooling_years, building_years;
	double discount_rate;
	double energy_usd_per_mwh;  /* without a grid price */
	double demand_usd_per_kw_month;
	double water_usd_per_m3;
	double maintenance_fraction; /* of the facility's capex, a year */
	double staff_per_mw;
	double staff_usd_per_year;
	double cloud_on_demand_usd_per_gpu_h; /* 0: not given */
	double cloud_reserved_usd_per_gpu_h;
	double cloud_spot_usd_per_gpu_h;
};

/* An inference service (models/run/world_inference.c): replicas of a
 * model serving requests; docs/inference.md has the model and sources. */
enum service_tokens { TOKENS_LOGNORMAL, TOKENS_EXPONENTIAL, TOKENS_CONSTANT };
extern const char *const scenario_service_token_names[];
enum service_arrivals { SERVICE_POISSON, SERVICE_TRACE };
enum service_mode { SERVICE_REQUEST, SERVICE_AGGREGATE };
extern const char *const scenario_service_mode_names[];
extern const char *const scenario_service_arrival_names[];

/* A request trace (the Azure LLM inference trace format): arrival times
 * from its first row, and each request's tokens. Shared read-only. */
struct request_trace {
	double *t_s;
	double *prompt, *output;
	size_t n;
};

/* Replicas following the load (world_inference.c): Kubernetes'
 * horizontal autoscaler's rule on the batch occupancy. */
struct autoscale_spec {
	int on;
	int min_replicas, max_replicas;
	double target_utilization;   /* (sequences held + waiting) / batch slots */
	double tolerance;            /* no change while |ratio - 1| is within it */
	double interval_s;           /* how often it decides */
	double scale_up_delay_s;     /* a new replica loads its model; 0: the profile's */
	double scale_down_cooldown_s; /* the load must stay low this long first */
};

struct service_spec {
	char *name;
	int profile;                 /* index in the catalog (inference.c) */
	const struct inference_profile *perf;
	int replicas;
	int max_batch;               /* sequences a replica holds at once */
	double kv_cache_tokens;      /* a replica's KV cache; 0 at read: the profile's */
	enum service_mode mode;      /* each request, or arrivals per step_s */
	double step_s;
	enum service_arrivals arrivals;
	char *trace_file;            /* TRACE: as given; trace_path: as read */
	char *trace_path;
	const struct request_trace *trace;
	int trace_shared;            /* borrowed from the series cache */
	double rate_per_s;           /* mean request rate before the profiles */
	double hourly[24];           /* rate multiplier by hour of day (from the run's start) */
	double weekday[7];           /* ... by day of the week (day 0 = the run's first) */
	enum service_tokens tokens;
	double prompt_tokens_mean, prompt_tokens_sigma;
	double output_tokens_mean, output_tokens_sigma;
	int queue_limit;             /* requests waiting; 0 = no limit */
	int priority;                /* against the job classes': a replica may stop lower ones */
	struct autoscale_spec autoscale;
	double slo_ttft_s, slo_tbt_s, slo_e2e_s; /* p99 targets; 0 = none */
};

struct scenario {
	char *name;
	char *description;
	char *source;     /* file path, or "(built-in default)" */
	uint64_t seed;
	uint64_t replication;
	double duration_h;
	double warmup_h;
	double sample_interval_min;
	int racks;
	int nodes_per_rack;
	int racks_per_pod;   /* cluster.racks_per_pod: 0 = no pods */
	double pod_oversubscription; /* cluster.pod_oversubscription: above the pods, >= 1 */
	struct node_spec node;
	struct rack_device *rack_devices;
	size_t n_rack_devices;
	struct storage_spec storage;
	int spare_nodes; /* hot spares held out of placement for failures */
	double gpu_cap_w;  /* facility-wide per-GPU cap at the start; 0 = none */
	struct cap_step *cap_steps;
	size_t n_cap_steps;
	struct failure_process *failures; /* none: nothing fails */
	size_t n_failures;
	struct chain_spec chain; /* n_levels 0: no distribution losses modelled */
	struct cooling_zone *zones; /* consecutive racks, in rack order */
	size_t n_zones;
	/* The electrical rooms: the losses of the chain's indoor levels are
	 * heat this plant removes (racks 0). has_room 0: not modelled. */
	struct cooling_zone room;
	int has_room;
	struct calendar_spec calendar;
	struct cost_spec cost;
	struct weather_spec weather;
	struct grid_spec grid;
	sched_policy policy; /* index in scheduler.c's list of policies */
	struct sched_estimate estimate; /* backfill policies: the run times they plan with */
	int backfill_depth;  /* backfill policies: queued jobs tried past the head */
	double aging_per_h;  /* priority a queued job gains per hour of wait; 0 none */
	double fair_share_weight;   /* priority of a class with no usage (F = 1); 0 off */
	double fair_share_half_life_h; /* usage decays by half in this */
	enum requeue_rule requeue;
	struct job_class_spec *classes;
	size_t n_classes;
	struct service_spec *services; /* none: no inference */
	size_t n_services;
	double gpu_hour_usd; /* workload.gpu_hour_usd: the on-demand price of a GPU-hour */
	int write_timeseries;
	int write_jobs;
	int mtbi_min_gpus; /* output.mtbi_min_gpus: the jobs mtbi_h counts */
	int write_requests;  /* requests.csv (inference services) */
	int max_queued_jobs; /* limits.max_queued_jobs: the run stops past it */
};

/* The built-in default scenario (JSON text) and the name used for it. */
extern const char scenario_default_json[];
#define SCENARIO_DEFAULT_SOURCE "(built-in default)"

/*
 * Load and validate. text is the JSON; source names it in messages; base_dir
 * resolves relative file paths in it, data_dir the built-in weather sites
 * (NULL: base_dir). sets[] are "path=value" overrides
 * applied before validation. Returns 0 and fills *out, or -1 with every
 * error in d. On -1, *out is left empty (safe to scenario_fini).
 */
int scenario_load(const char *text, const char *source, const char *base_dir,
		  const char *data_dir, const char *const *sets, size_t n_sets, struct scenario *out,
		  struct diag *d);
/* The same, borrowing parsed weather, grid and trace files from cache
 * (sweeps: each file is parsed once for every point). The cache must
 * outlive the scenario. */
int scenario_load_cached(const char *text, const char *source, const char *base_dir,
			 const char *data_dir, struct series_cache *cache, const char *const *sets,
			 size_t n_sets, struct scenario *out, struct diag *d);
/* Read a file and load it; base_dir is the file's directory. */
int scenario_load_file(const char *path, const char *data_dir, const char *const *sets, size_t n_sets,
		       struct scenario *out, struct diag *d);
void scenario_fini(struct scenario *sc);

/* `-` for a scenario file: standard input, named so in messages; its
 * relative paths resolve against the current directory. */
#define SCENARIO_STDIN_PATH "-"
#define SCENARIO_STDIN_SOURCE "<stdin>"
/* Read all of standard input (a pipe, a file, a terminal) as JSON text, at
 * most 64 MiB and without NUL bytes: 0 and a malloc'd *text, or -1 with a
 * message naming <stdin>. */
int scenario_read_stdin(char **text, struct diag *d);
/* Is text a sweep (a JSON object with "axes")? As sweep_spec_is_sweep. */
int scenario_text_is_sweep(const char *text);

int scenario_total_gpus(const struct scenario *sc);
/* The local standard hour of the typical year that the run's hour h
 * reads (weather, grid profiles and files): (start_day - 1) x 24 + h
 * without a calendar; with one, the hour of the same month, day and hour
 * of the date (29 February reads 28 February), so every year of a long
 * run reads the typical year from 1 January again. */
double scenario_local_hour(const struct scenario *sc, double start_day, size_t h);
/* Most a rack can draw: GPUs at TDP, hosts and devices at max, server
 * fans at fan_scale of their air-cooled power. */
double scenario_rack_nameplate_w(const struct scenario *sc, double fan_scale);
/* The cooling zone of rack r. */
const struct cooling_zone *scenario_zone_of(const struct scenario *sc, int r);
/* Rack r's nameplate under its zone's fans: what the power chain is
 * checked against. */
double scenario_rack_nameplate_at(const struct scenario *sc, int r);
int scenario_total_nodes(const struct scenario *sc);
/* Has any job class a deferrable start? */
int scenario_any_deferrable(const struct scenario *sc);
/* Does any job class size its checkpoints (so storage is read)? */
int scenario_any_ckpt_size(const struct scenario *sc);
/* A class's mean GPUs per job (by weight), its arrival rate (a listed
 * process: its jobs inside the horizon per hour) and its offered load,
 * rate x mean GPUs x mean duration: the GPUs it keeps busy on average. */
double scenario_class_mean_gpus(const struct job_class_spec *c);
double scenario_class_rate_per_h(const struct scenario *sc, const struct job_class_spec *c);
double scenario_class_offered_gpus(const struct scenario *sc, const struct job_class_spec *c);
/* What is valid but almost surely not meant (no jobs; an offered load past
 * the cluster), one message each into w: validate and run print them on
 * stderr, the run's report as "warning: ..." lines. */
void scenario_warnings(const struct scenario *sc, struct diag *w);

/* The resolved scenario as JSON text (every default, the seeds of each
 * stream). Caller frees. NULL on allocation failure. */
char *scenario_to_json(const struct scenario *sc);

const char *scenario_policy_name(sched_policy p);
const char *scenario_duration_name(enum duration_dist d);
const char *scenario_arrival_name(enum arrival_process p);
const char *scenario_grid_policy_name(enum grid_policy p);
const char *scenario_battery_policy_name(enum battery_policy p);
const char *scenario_defer_signal_name(enum defer_signal s);

#endif
