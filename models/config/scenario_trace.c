/*
 * scenario_trace.c - the arrival keys that read files: a trace replayed
 * job by job (process "trace") and submit times from a CSV column
 * (process "list" with "file"). The rows are the arrival section's
 * (scenario_workload.c); this file reads them and the files they name.
 *
 * A trace is parsed once per sweep (series_cache: keyed by the file and
 * everything its parse depends on) and each class selects its window,
 * its job limit and its labels from the shared table. The trace's own
 * errors (a bad cell: file, line, column, rule) are reported under the
 * JSON path of arrival.file.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scenario_int.h"
#include "scenario_table.h"
#include "series_cache.h"
#include "trace_column.h"
#include "trace_jobs.h"

static const double unit_s[] = { 1.0, 60.0, 3600.0 }; /* s, min, h */
static const char *const unit_names[] = { "s", "min", "h", NULL };

static int key_present(const cJSON *o, const char *key)
{
	return cJSON_GetObjectItemCaseSensitive(o, key) != NULL;
}

static void not_for(struct jfield *j, const char *p, const char *key, const char *why)
{
	char q[JPATH_MAX];
	jfield_path(q, p, key);
	jfield_error(j, q, "%s", why);
}

/* A file's own messages, under the JSON path of the key that named it. */
static void relay(struct jfield *j, const char *p, struct diag *inner)
{
	char fp[JPATH_MAX];
	jfield_path(fp, p, "file");
	for (size_t i = 0; i < inner->count; i++)
		jfield_error(j, fp, "%s", inner->msgs[i]);
	diag_inherit_oom(j->d, inner);
}

struct table_arg {
	struct trace_read r;
};

static int parse_table(void *arg, void **value, struct diag *d)
{
	const struct table_arg *a = arg;
	struct trace_table *t = malloc(sizeof *t);
	if (!t) {
		diag_oom(d, "%s: out of memory", a->r.path);
		return -1;
	}
	if (trace_jobs_read(&a->r, t, d) != 0) {
		free(t);
		return -1;
	}
	*value = t;
	return 0;
}

static void free_table(void *value)
{
	trace_table_free(value);
	free(value);
}

/* Read the whole trace (or borrow it from the cache) and select this
 * class's jobs. */
static int load_jobs(const struct arrival_spec *a, const struct scenario_files *f,
		     struct trace_spec *t, struct diag *d)
{
	struct table_arg arg = { { .path = a->path, .format = t->format,
				   .columns = &t->columns, .unit_s = unit_s[t->unit],
				   .class_by = t->class_by } };
	const struct trace_columns *c = &t->columns;
	struct trace_table own, *table = &own;
	if (f->cache) {
		void *v;
		if (series_cache_get(f->cache, parse_table, free_table, &arg, &v, d,
				     "jobs %s (%s; %s|%s|%s|%s; %g s; by %s)", a->path,
				     scenario_trace_format_names[t->format],
				     c->submit ? c->submit : "", c->gpus ? c->gpus : "",
				     c->duration ? c->duration : "", c->walltime ? c->walltime : "",
				     unit_s[t->unit], t->class_by ? t->class_by : "") != 0)
			return -1;
		table = v;
	} else if (trace_jobs_read(&arg.r, &own, d) != 0) {
		return -1;
	}
	int rc = trace_jobs_select(table, t, &t->jobs, &t->n_jobs);
	if (rc != 0)
		diag_oom(d, "%s: out of memory", a->path);
	else if (t->n_jobs == 0)
		diag_add(d, "%s: no job of its %zu falls in this class's window, job limit and "
			 "match", a->path, table->n);
	if (table == &own)
		trace_table_free(&own);
	return rc != 0 || t->n_jobs == 0 ? -1 : 0;
}

static int read_match(struct jfield *j, const cJSON *o, const char *p, struct trace_spec *t)
{
	char mp[JPATH_MAX];
	jfield_path(mp, p, "match");
	const cJSON *m = cJSON_GetObjectItemCaseSensitive(o, "match");
	if (!m) {
		if (t->class_by)
			not_for(j, p, "class_by", "class_by needs match (the values this class takes)");
		return t->class_by ? -1 : 0;
	}
	if (!t->class_by) {
		jfield_error(j, mp, "match needs class_by (the column or field it matches)");
		return -1;
	}
	int n = cJSON_IsArray(m) ? cJSON_GetArraySize(m) : 0;
	if (n < 1 || n > 100000) {
		jfield_error(j, mp, "must be an array of 1 to 100000 strings");
		return -1;
	}
	t->match = calloc((size_t)n, sizeof *t->match);
	if (!t->match)
		return -1;
	t->n_match = (size_t)n;
	int rc = 0, i = 0;
	for (const cJSON *v = m->child; v; v = v->next, i++) {
		char ip[JPATH_MAX];
		jfield_index(ip, mp, i);
		/* a number is taken as written: SWF users are numbers */
		char num[32];
		const char *s = cJSON_IsString(v) ? v->valuestring : NULL;
		if (cJSON_IsNumber(v) && v->valuedouble == floor(v->valuedouble) &&
		    fabs(v->valuedouble) < 1e15) {
			snprintf(num, sizeof num, "%.0f", v->valuedouble);
			s = num;
		}
		if (!s || !s[0]) {
			jfield_error(j, ip, "must be a non-empty string or a whole number");
			rc = -1;
			continue;
		}
		t->match[i] = strdup(s);
		if (!t->match[i])
			return -1;
	}
	return rc;
}

static int read_columns(struct jfield *j, const cJSON *o, const char *p, struct trace_spec *t)
{
	const struct scenario_field *rows = scenario_trace_columns_section.fields;
	if (t->format == TRACE_PHILLY) {
		t->columns.submit = strdup(PHILLY_SUBMIT_COLUMN);
		t->columns.gpus = strdup(PHILLY_GPUS_COLUMN);
		t->columns.duration = strdup(PHILLY_DURATION_COLUMN);
		return t->columns.submit && t->columns.gpus && t->columns.duration ? 0 : -1;
	}
	if (t->format != TRACE_CSV)
		return 0;
	const cJSON *c;
	char cp[JPATH_MAX];
	jfield_path(cp, p, "columns");
	if (jfield_object(j, o, p, "columns", 1, &c) != 0)
		return -1;
	int rc = scenario_table_check_keys(j, c, cp, rows);
	return rc | scenario_table_read(j, c, cp, rows, &t->columns, 0);
}

/* The keys only one format reads. */
static int check_format_keys(struct jfield *j, const cJSON *o, const char *p,
			     const struct trace_spec *t)
{
	int rc = 0;
	if (t->format != TRACE_CSV && key_present(o, "columns")) {
		not_for(j, p, "columns", t->format == TRACE_PHILLY
				   ? "philly's columns are known: columns is for the csv format"
				   : "swf's fields are numbered: columns is for the csv format");
		rc = -1;
	}
	if (t->format != TRACE_CSV && key_present(o, "unit")) {
		not_for(j, p, "unit", "swf and philly times are in seconds: unit is for the csv "
				      "format");
		rc = -1;
	}
	if (t->format == TRACE_SWF && t->class_by) {
		int ok = 0;
		for (int i = 0; trace_swf_label_fields[i]; i++)
			ok |= strcmp(t->class_by, trace_swf_label_fields[i]) == 0;
		if (!ok) {
			not_for(j, p, "class_by", "an SWF trace is classed by user, group, "
						  "executable, queue or partition");
			rc = -1;
		}
	}
	if (t->end_h > 0 && t->end_h <= t->start_h) {
		not_for(j, p, "end_h", "the window must end after it starts (start_h)");
		rc = -1;
	}
	return rc;
}

int scenario_read_trace_arrival(struct jfield *j, const cJSON *o, const char *p,
				const struct scenario_files *f,
				const struct scenario_field *rows, struct arrival_spec *a)
{
	struct trace_spec *t = &a->trace;
	int rc = scenario_table_read_key(j, o, p, rows, "format", a, 1);
	rc |= jfield_string(j, o, p, "file", 1, NULL, &a->file);
	rc |= jfield_enum(j, o, p, "unit", 0, 0, unit_names, &t->unit);
	rc |= scenario_table_read_key(j, o, p, rows, "class_by", a, 0);
	if (rc != 0)
		return -1;
	rc |= check_format_keys(j, o, p, t);
	rc |= read_columns(j, o, p, t);
	rc |= read_match(j, o, p, t);
	if (rc != 0)
		return -1;
	if (scenario_join_path(f->base_dir, a->file, &a->path) != 0)
		return -1;
	struct diag inner;
	diag_init(&inner);
	rc = load_jobs(a, f, t, &inner);
	relay(j, p, &inner);
	diag_fini(&inner);
	return rc;
}

int scenario_read_list_file(struct jfield *j, const cJSON *o, const char *p,
			    const struct scenario_files *f, struct arrival_spec *a)
{
	if (key_present(o, "times_h")) {
		not_for(j, p, "times_h", "give the submit times inline (times_h) or from a file, "
					 "not both");
		return -1;
	}
	int rc = jfield_string(j, o, p, "file", 1, NULL, &a->file);
	rc |= jfield_string(j, o, p, "column", 1, NULL, &a->column);
	rc |= jfield_enum(j, o, p, "unit", 0, 0, unit_names, &a->unit);
	if (rc != 0 || scenario_join_path(f->base_dir, a->file, &a->path) != 0)
		return -1;
	struct diag inner;
	diag_init(&inner);
	rc = trace_column_read(a->path, a->column, 1, &a->times_h, &a->n_times, &inner);
	for (size_t i = 1; rc == 0 && i < a->n_times; i++) {
		if (a->times_h[i] < a->times_h[i - 1]) {
			diag_add(&inner, "%s: column \"%s\": value %zu (%g) is before the one above "
				 "it (%g): submit times must not decrease", a->path, a->column,
				 i + 1, a->times_h[i], a->times_h[i - 1]);
			rc = -1;
		}
	}
	for (size_t i = 0; rc == 0 && i < a->n_times; i++) {
		a->times_h[i] *= unit_s[a->unit] / 3600.0;
		if (a->times_h[i] > 1e6) {
			diag_add(&inner, "%s: column \"%s\": value %zu is past 1e6 hours", a->path,
				 a->column, i + 1);
			rc = -1;
		}
	}
	relay(j, p, &inner);
	diag_fini(&inner);
	return rc;
}
