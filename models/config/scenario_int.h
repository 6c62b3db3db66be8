/*
 * scenario_int.h - shared between the scenario loader's files only.
 */
#ifndef DCSIM_SCENARIO_INT_H
#define DCSIM_SCENARIO_INT_H

#include <cjson/cJSON.h>

#include "jfield.h"
#include "scenario_table.h"
#include "scenario.h"
#include "series_cache.h"

/* Where a scenario's files come from: relative paths resolve against
 * base_dir, the built-in sites and grid regions against data_dir; parsed
 * series are borrowed from cache when there is one (sweeps), else owned. */
struct scenario_files {
	const char *base_dir;
	const char *data_dir;
	struct series_cache *cache;
};

/* Input names of each enum, indexed by its value, NULL-terminated: read by
 * the tables and written back by scenario_*_name(). The cooling
 * technologies and economizers are cooling.h's, the scheduler policies
 * their ops tables' (scheduler.h). */
extern const char *const scenario_arrival_names[];
extern const char *const scenario_duration_names[];
extern const char *const scenario_trace_format_names[];
extern const char *const scenario_grid_policy_names[];
extern const char *const scenario_battery_policy_names[];
extern const char *const scenario_defer_signal_names[];
/* weather.format (epw first) and weather.model (constant first) */
extern const char *const scenario_weather_format_names[];
extern const char *const scenario_weather_model_names[];

/* Each section's descriptor rows (scenario_table.h), for the emitter, the
 * docs and --set. */
extern const struct scenario_section scenario_cluster_section;
extern const struct scenario_section scenario_zone_section;
extern const struct scenario_section scenario_air_section;
extern const struct scenario_section scenario_chiller_section;
extern const struct scenario_section scenario_liquid_section;
extern const struct scenario_section scenario_weather_section;
extern const struct scenario_section scenario_calendar_section;
extern const struct scenario_section scenario_cost_section;
extern const struct scenario_section scenario_grid_section;
extern const struct scenario_section scenario_power_section;
extern const struct scenario_section scenario_chain_section;
extern const struct scenario_section scenario_room_section;
extern const struct scenario_field scenario_room_fields[];
extern const struct scenario_section scenario_scheduler_section;
extern const struct scenario_section scenario_workload_section;
extern const struct scenario_section scenario_output_section;
extern const struct scenario_section scenario_accel_section;
extern const struct scenario_section scenario_step_section;
extern const struct scenario_section scenario_level_section;
extern const struct scenario_section scenario_battery_section;
extern const struct scenario_section scenario_market_section;
extern const struct scenario_section scenario_arrival_section;
extern const struct scenario_section scenario_trace_columns_section;
extern const struct scenario_section scenario_duration_section;
extern const struct scenario_section scenario_power_dist_section;
extern const struct scenario_section scenario_defer_section;
extern const struct scenario_section scenario_checkpoint_section;
extern const struct scenario_section scenario_storage_section;
extern const struct scenario_section scenario_class_section;
extern const struct scenario_section scenario_service_section;
extern const struct scenario_section scenario_failure_section;
extern const struct scenario_section scenario_cause_section;
extern const struct scenario_field scenario_zone_fields[];

/* docs/scenario.md: the defaults of a section that depend on a technology.
 * example(i, base) fills base (size bytes, zeroed) with variant i's and
 * names it; NULL past the last. The list ends with a NULL section. */
struct scenario_example {
	const struct scenario_section *section;
	size_t size;
	const char *(*example)(int i, void *base);
};
extern const struct scenario_example scenario_cooling_examples[];
extern const struct scenario_field scenario_air_fields[];
extern const struct scenario_field scenario_liquid_fields[];

/* Parse JSON text; a syntax error names source:line:column. */
int scenario_parse_json(const char *text, const char *source, cJSON **out, struct diag *d);
/* A whole JSON text file and its directory (both malloc'd). */
int scenario_read_file(const char *path, char **text, char **dir, struct diag *d);
/* Is every key of path ("workload.classes[0].utilization") a row of the
 * descriptor tables? 0 yes (or malformed: the --set walk reports that);
 * -1 with the path up to the first unknown key in bad (JPATH_MAX) and a
 * close row key in *hint (NULL when none). */
int scenario_set_check_path(const char *path, char *bad, const char **hint);
/* Apply "path=value" overrides to the document before it is read. */
int scenario_apply_sets(struct jfield *j, cJSON *root, const char *const *sets,
			size_t n_sets);
/* cluster: racks, node, accelerator, rack devices, fans */
int scenario_read_cluster(struct jfield *j, const cJSON *root, struct scenario *sc);
/* workload.services[] (w is the "workload" object) */
int scenario_read_services(struct jfield *j, const cJSON *w, const struct scenario_files *f,
			   struct scenario *sc);
void scenario_request_trace_free(void *trace);
/* The services against the rest of the scenario (after every section). */
int scenario_check_services(struct jfield *j, const struct scenario *sc);
void scenario_free_services(struct scenario *sc);
/* failures: the failure processes (after the cluster) */
int scenario_read_failures(struct jfield *j, const cJSON *root, const struct scenario_files *f,
			   struct scenario *sc);
/* An empirical column's keys (file, column, unit as workload durations
 * read them) from o into d: the file read, or borrowed from the cache;
 * its values in hours (samples_h, n_samples, mean_h). */
int scenario_read_trace_hours(struct jfield *j, const cJSON *o, const char *p,
			      const struct scenario_files *f, struct duration_spec *d);
/* power: the facility-wide GPU cap and its schedule */
int scenario_read_power(struct jfield *j, const cJSON *root, struct scenario *sc);
/* power.chain (power is the "power" object) */
int scenario_read_chain(struct jfield *j, const cJSON *power, struct scenario *sc);
/* gpu_cap_w or gpu_cap_fraction of o, in W (0 when absent), checked
 * against the accelerator's idle and TDP. */
int scenario_read_gpu_cap(struct jfield *j, const cJSON *o, const char *path,
			  const struct accel_spec *a, double *out);
/* cooling: one object or a list of halls (after the cluster) */
int scenario_read_cooling(struct jfield *j, const cJSON *root, struct scenario *sc);
/* The "air" object of a cooling zone at path into a. */
int scenario_read_air(struct jfield *j, const cJSON *zone, const char *path, struct air_spec *a);
/* power.chain.room_cooling (chain is the "chain" object): the electrical
 * rooms' plant, sized for indoor_loss_w (after weather). */
int scenario_read_room(struct jfield *j, const cJSON *chain, double indoor_loss_w,
		       struct scenario *sc);
/* cost: prices, lives and rates (after the cluster) */
int scenario_read_cost(struct jfield *j, const cJSON *root, struct scenario *sc);
/* calendar: the run's start date (before weather) */
int scenario_read_calendar(struct jfield *j, const cJSON *root, struct scenario *sc);
/* With a calendar, *day (a start_day_of_year read at path from o, NULL
 * when absent) is the date's typical-year day: set, or checked when
 * given. */
int scenario_calendar_day(struct jfield *j, const cJSON *o, const char *path,
			  const struct scenario *sc, double *day);
/* weather: a site, a file or a model; read the series (after cooling) */
int scenario_read_weather(struct jfield *j, const cJSON *root, const struct scenario_files *f,
			  struct scenario *sc);
/* *out = file resolved against base_dir (as is when absolute or base_dir
 * is empty), malloc'd; -1 without memory. */
int scenario_join_path(const char *base_dir, const char *file, char **out);
/* grid: carbon and price signals (after weather) */
int scenario_read_grid(struct jfield *j, const cJSON *root, const struct scenario_files *f,
		       struct scenario *sc);
/* workload.classes[].arrival: a trace replayed (rows: the arrival
 * section's), or list times from a file */
int scenario_read_trace_arrival(struct jfield *j, const cJSON *o, const char *p,
				const struct scenario_files *f,
				const struct scenario_field *rows, struct arrival_spec *a);
int scenario_read_list_file(struct jfield *j, const cJSON *o, const char *p,
			    const struct scenario_files *f, struct arrival_spec *a);
/* workload.classes[].gpu_power_dist of cls into d, its levels computed
 * for the accelerator a (scenario_power_dist.c) */
int scenario_read_power_dist(struct jfield *j, const cJSON *cls, const char *path,
			     const struct scenario_files *f, const struct accel_spec *a,
			     struct power_dist_spec *d);
void scenario_free_power_dist(struct power_dist_spec *d);
/* workload.classes[] */
int scenario_read_workload(struct jfield *j, const cJSON *root, const struct scenario_files *f,
			   struct scenario *sc);

#endif
