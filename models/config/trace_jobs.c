/*
 * trace_jobs.c - job traces read whole into a table of jobs (trace_jobs.h).
 *
 * CSV traces (Philly as RFold flattened it, or any CSV with a column
 * mapping) go through libcsv's streaming parser, as trace_column.c's
 * columns do: strict quoting, a "#" before the header's first name
 * ignored (RFold writes "#job id"), a NUL byte or a bad cell an error
 * naming the line and the column. An empty walltime cell means none.
 *
 * SWF is not CSV: its 18 fields per job are separated by runs of blanks,
 * and a line starting with ";" is a header comment (Chapin et al., "The
 * Standard Workload Format", Parallel Workloads Archive,
 * https://www.cs.huji.ac.il/labs/parallel/workload/swf.html). So it is
 * read line by line. Fields used: 2 submit time (s), 4 run time (s),
 * 5 allocated processors (8, requested processors, when 5 is -1),
 * 9 requested time (s, the walltime), and for class_by 12 user, 13 group,
 * 14 executable, 15 queue, 16 partition. -1 is "missing": a job missing
 * its run time or its size cannot be replayed and is skipped (counted in
 * `skipped`); one missing its requested time has no walltime. dcsim
 * replays processors as GPUs: the archive's logs count CPUs, so a GPU
 * log (or a CSV) is what a GPU cluster should be fed.
 *
 * The table is sorted by submit time, ties by line, so a class's list
 * never goes back in time whatever order the file had.
 */
#include "trace_jobs.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include <csv.h>

#include "data_file.h"

#define SWF_FIELDS 18
/* A job's GPUs and times past these are not a job (and would overflow
 * the clock's ticks): a million GPUs, a century. */
#define MAX_TRACE_GPUS 1e6
#define MAX_TRACE_S (100.0 * 8760.0 * 3600.0)

const char *const trace_swf_label_fields[] = { "user", "group", "executable", "queue",
					       "partition", NULL };
static const int swf_label_number[] = { 12, 13, 14, 15, 16 };

/* Labels interned by open addressing: a user's jobs share one index. */
struct label_set {
	char **names;
	size_t n, cap;
	int32_t *slots; /* index into names + 1; 0 empty */
	size_t n_slots;
};

static uint64_t hash_of(const char *s, size_t len)
{
	uint64_t h = 1469598103934665603ULL; /* FNV-1a */
	for (size_t i = 0; i < len; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
	return h;
}

static int labels_grow(struct label_set *ls)
{
	size_t ns = ls->n_slots ? ls->n_slots * 2 : 64;
	int32_t *slots = calloc(ns, sizeof *slots);
	if (!slots)
		return -1;
	for (size_t i = 0; i < ls->n; i++) {
		size_t k = hash_of(ls->names[i], strlen(ls->names[i])) & (ns - 1);
		while (slots[k])
			k = (k + 1) & (ns - 1);
		slots[k] = (int32_t)i + 1;
	}
	free(ls->slots);
	ls->slots = slots;
	ls->n_slots = ns;
	return 0;
}

/* The index of s[0..len), added if new; -1 out of memory. */
static int label_of(struct label_set *ls, const char *s, size_t len)
{
	if (2 * (ls->n + 1) > ls->n_slots && labels_grow(ls) != 0)
		return -1;
	size_t k = hash_of(s, len) & (ls->n_slots - 1);
	for (; ls->slots[k]; k = (k + 1) & (ls->n_slots - 1)) {
		const char *n = ls->names[ls->slots[k] - 1];
		if (strlen(n) == len && memcmp(n, s, len) == 0)
			return ls->slots[k] - 1;
	}
	if (ls->n == ls->cap) {
		size_t cap = ls->cap ? ls->cap * 2 : 16;
		char **nn = realloc(ls->names, cap * sizeof *nn);
		if (!nn)
			return -1;
		ls->names = nn;
		ls->cap = cap;
	}
	char *copy = malloc(len + 1);
	if (!copy)
		return -1;
	memcpy(copy, s, len);
	copy[len] = '\0';
	ls->names[ls->n] = copy;
	ls->slots[k] = (int32_t)ls->n + 1;
	return (int)ls->n++;
}

struct jobs_reader {
	const struct trace_read *r;
	struct diag *d;
	struct trace_table *t;
	size_t cap;
	struct label_set labels;
	long line;
	long field;
	/* CSV: the field index of each column, -1 absent */
	long at_submit, at_gpus, at_duration, at_walltime, at_label;
	struct trace_job cur;
	long seen; /* wanted cells met in this row */
	int failed;
	char header_names[1024];
};

static int push_job(struct jobs_reader *jr, const struct trace_job *job)
{
	struct trace_table *t = jr->t;
	if (t->n == jr->cap) {
		size_t cap = jr->cap ? jr->cap * 2 : 4096;
		struct trace_job *nj = realloc(t->jobs, cap * sizeof *nj);
		if (!nj)
			return -1;
		t->jobs = nj;
		jr->cap = cap;
	}
	t->jobs[t->n++] = *job;
	return 0;
}

static void trim(const char **s, size_t *len)
{
	while (*len && isspace((unsigned char)(*s)[0])) {
		(*s)++;
		(*len)--;
	}
	while (*len && isspace((unsigned char)(*s)[*len - 1]))
		(*len)--;
}

/* A decimal number (strtod's hex refused), or -1. */
static int parse_number(const char *s, size_t len, double *v)
{
	char buf[64], *end;
	if (len == 0 || len >= sizeof buf || memchr(s, 'x', len) || memchr(s, 'X', len))
		return -1;
	memcpy(buf, s, len);
	buf[len] = '\0';
	errno = 0;
	*v = strtod(buf, &end);
	return *end == '\0' && isfinite(*v) ? 0 : -1;
}

static void bad_cell(struct jobs_reader *jr, const char *column, const char *s, size_t len,
		     const char *rule)
{
	diag_add(jr->d, "%s: line %ld: column \"%s\": \"%.*s\" %s", jr->r->path, jr->line,
		 column, (int)(len > 40 ? 40 : len), s, rule);
	jr->failed = 1;
}

static void on_header(struct jobs_reader *jr, const char *s, size_t len)
{
	const struct trace_columns *c = jr->r->columns;
	if (jr->field == 0 && len && s[0] == '#') {
		s++;
		len--;
	}
	trim(&s, &len);
	size_t used = strlen(jr->header_names);
	if (used + len + 4 < sizeof jr->header_names)
		snprintf(jr->header_names + used, sizeof jr->header_names - used, "%s\"%.*s\"",
			 used ? ", " : "", (int)len, s);
	const char *names[] = { c->submit, c->gpus, c->duration, c->walltime, jr->r->class_by };
	long *at[] = { &jr->at_submit, &jr->at_gpus, &jr->at_duration, &jr->at_walltime,
		       &jr->at_label };
	for (int i = 0; i < 5; i++)
		if (names[i] && strlen(names[i]) == len && memcmp(names[i], s, len) == 0)
			*at[i] = jr->field;
}

static void on_cell(struct jobs_reader *jr, const char *s, size_t len)
{
	const struct trace_columns *c = jr->r->columns;
	const double u = jr->r->unit_s;
	double v;
	trim(&s, &len);
	long f = jr->field;
	if (f == jr->at_label) {
		jr->seen++;
		int l = label_of(&jr->labels, s, len);
		if (l < 0) {
			diag_oom(jr->d, "%s: out of memory", jr->r->path);
			jr->failed = 1;
		}
		jr->cur.label = l;
	}
	if (f == jr->at_walltime) {
		jr->seen++;
		if (len == 0)
			return; /* none given */
		if (parse_number(s, len, &v) != 0 || !(v > 0) || v * u > MAX_TRACE_S)
			bad_cell(jr, c->walltime, s, len, "must be a time > 0 and at most a century "
						     "(or empty: none)");
		else
			jr->cur.walltime_s = v * u;
	} else if (f == jr->at_submit) {
		jr->seen++;
		if (parse_number(s, len, &v) != 0 || v < 0)
			bad_cell(jr, c->submit, s, len, "must be a finite submit time >= 0");
		else
			jr->cur.submit_s = v * u;
	} else if (f == jr->at_gpus) {
		jr->seen++;
		if (parse_number(s, len, &v) != 0 || v != floor(v) || v < 1 || v > MAX_TRACE_GPUS)
			bad_cell(jr, c->gpus, s, len, "must be a whole number of GPUs, 1 to 1e6");
		else
			jr->cur.gpus = (int)v;
	} else if (f == jr->at_duration) {
		jr->seen++;
		if (parse_number(s, len, &v) != 0 || v < 0 || v * u > MAX_TRACE_S)
			bad_cell(jr, c->duration, s, len, "must be a run time >= 0 and at most a "
						     "century");
		else
			jr->cur.duration_s = v * u;
	}
}

static void csv_field(void *data, size_t len, void *ctx)
{
	struct jobs_reader *jr = ctx;
	if (jr->failed)
		return;
	if (data_file_check_nul(jr->r->path, jr->line, data, len, jr->d) != 0) {
		jr->failed = 1;
		return;
	}
	if (jr->line == 1)
		on_header(jr, data, len);
	else
		on_cell(jr, data, len);
	jr->field++;
}

static const char *first_missing(const struct jobs_reader *jr)
{
	const struct trace_columns *c = jr->r->columns;
	if (jr->at_submit < 0)
		return c->submit;
	if (jr->at_gpus < 0)
		return c->gpus;
	if (jr->at_duration < 0)
		return c->duration;
	if (c->walltime && jr->at_walltime < 0)
		return c->walltime;
	if (jr->r->class_by && jr->at_label < 0)
		return jr->r->class_by;
	return NULL;
}

static long wanted_columns(const struct jobs_reader *jr)
{
	return 3 + (jr->at_walltime >= 0) + (jr->at_label >= 0);
}

static void csv_row(int term, void *ctx)
{
	(void)term;
	struct jobs_reader *jr = ctx;
	if (jr->failed)
		return;
	const char *missing;
	if (jr->line == 1 && (missing = first_missing(jr)) != NULL) {
		diag_add(jr->d, "%s: line 1: no column \"%s\" in the header (columns: %s)",
			 jr->r->path, missing, jr->header_names);
		jr->failed = 1;
	} else if (jr->line > 1 && jr->field > 0 && jr->seen < wanted_columns(jr)) {
		diag_add(jr->d, "%s: line %ld: row has %ld fields, fewer than the header's "
			 "columns it must give", jr->r->path, jr->line, jr->field);
		jr->failed = 1;
	} else if (jr->line > 1 && jr->field > 0) {
		jr->cur.line = jr->line;
		if (push_job(jr, &jr->cur) != 0) {
			diag_oom(jr->d, "%s: out of memory", jr->r->path);
			jr->failed = 1;
		}
	}
	jr->line++;
	jr->field = 0;
	jr->seen = 0;
	jr->cur = (struct trace_job){ .walltime_s = -1, .label = -1 };
}

static int read_csv(struct jobs_reader *jr, FILE *f)
{
	struct csv_parser p;
	if (csv_init(&p, CSV_APPEND_NULL | CSV_STRICT | CSV_STRICT_FINI) != 0) {
		diag_oom(jr->d, "%s: out of memory", jr->r->path);
		return -1;
	}
	char buf[65536];
	size_t got, total = 0;
	int rc = 0;
	while (!jr->failed && (got = fread(buf, 1, sizeof buf, f)) > 0) {
		if (data_file_count(jr->r->path, got, &total, jr->d) != 0) {
			rc = -1;
			break;
		}
		size_t skip = total == got && got >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0 ? 3 : 0;
		if (csv_parse(&p, buf + skip, got - skip, csv_field, csv_row, jr) != got - skip) {
			diag_add(jr->d, "%s: line %ld: %s", jr->r->path, jr->line,
				 csv_strerror(csv_error(&p)));
			rc = -1;
			break;
		}
	}
	if (rc == 0 && ferror(f)) {
		diag_add(jr->d, "%s: read error", jr->r->path);
		rc = -1;
	}
	if (rc == 0 && csv_fini(&p, csv_field, csv_row, jr) != 0 && !jr->failed) {
		diag_add(jr->d, "%s: line %ld: %s", jr->r->path, jr->line,
			 csv_strerror(csv_error(&p)));
		rc = -1;
	}
	if (rc == 0 && jr->line == 1) {
		diag_add(jr->d, "%s: empty file: no header", jr->r->path);
		rc = -1;
	}
	csv_free(&p);
	return rc != 0 || jr->failed ? -1 : 0;
}

static const char *const swf_names[SWF_FIELDS] = {
	"job number", "submit time", "wait time", "run time", "allocated processors",
	"average CPU time", "used memory", "requested processors", "requested time",
	"requested memory", "status", "user", "group", "executable", "queue", "partition",
	"preceding job", "think time",
};

/* One SWF job line: its fields, or -1 with a message. */
static int swf_line(struct jobs_reader *jr, char *s, int label_field)
{
	double v[SWF_FIELDS];
	char *tok[SWF_FIELDS];
	int n = 0;
	for (char *p = s;;) {
		while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
			p++;
		if (!*p)
			break;
		char *start = p;
		while (*p && *p != ' ' && *p != '\t' && *p != '\r' && *p != '\n')
			p++;
		if (n == SWF_FIELDS) {
			diag_add(jr->d, "%s: line %ld: more than the %d fields of an SWF job",
				 jr->r->path, jr->line, SWF_FIELDS);
			return -1;
		}
		if (parse_number(start, (size_t)(p - start), &v[n]) != 0) {
			diag_add(jr->d, "%s: line %ld: field %d (%s): \"%.*s\" is not a number",
				 jr->r->path, jr->line, n + 1, swf_names[n],
				 (int)(p - start > 40 ? 40 : p - start), start);
			return -1;
		}
		tok[n++] = start;
		if (*p)
			*p++ = '\0';
	}
	if (n == 0)
		return 0; /* a blank line */
	if (n != SWF_FIELDS) {
		diag_add(jr->d, "%s: line %ld: %d fields, an SWF job has %d", jr->r->path,
			 jr->line, n, SWF_FIELDS);
		return -1;
	}
	/* -1 is missing; anything else below 0 is not a value of these fields */
	static const int checked[] = { 2, 4, 5, 8, 9 };
	for (size_t i = 0; i < sizeof checked / sizeof checked[0]; i++) {
		double x = v[checked[i] - 1];
		if (x < 0 && x != -1) {
			diag_add(jr->d, "%s: line %ld: field %d (%s): %g is neither >= 0 nor -1 "
				 "(missing)", jr->r->path, jr->line, checked[i],
				 swf_names[checked[i] - 1], x);
			return -1;
		}
	}
	double procs = v[4] >= 0 ? v[4] : v[7];
	if (v[1] < 0 || v[3] < 0 || !(procs >= 1)) {
		jr->t->skipped++;
		return 0;
	}
	if (procs != floor(procs) || procs > MAX_TRACE_GPUS || v[3] > MAX_TRACE_S ||
	    v[8] > MAX_TRACE_S) {
		diag_add(jr->d, "%s: line %ld: a size past 1e6 or a time past a century is not "
			 "a job", jr->r->path, jr->line);
		return -1;
	}
	struct trace_job job = { .submit_s = v[1], .duration_s = v[3],
				 .walltime_s = v[8] > 0 ? v[8] : -1, .gpus = (int)procs,
				 .label = -1, .line = jr->line };
	if (label_field > 0) {
		job.label = label_of(&jr->labels, tok[label_field - 1],
				     strlen(tok[label_field - 1]));
		if (job.label < 0)
			goto oom;
	}
	if (push_job(jr, &job) == 0)
		return 0;
oom:
	diag_oom(jr->d, "%s: out of memory", jr->r->path);
	return -1;
}

static int read_swf(struct jobs_reader *jr, FILE *f)
{
	int label_field = 0;
	for (int i = 0; jr->r->class_by && trace_swf_label_fields[i]; i++)
		if (strcmp(jr->r->class_by, trace_swf_label_fields[i]) == 0)
			label_field = swf_label_number[i];
	char *buf = NULL;
	size_t cap = 0, total = 0;
	ssize_t got;
	int rc = 0;
	/* getline counts the bytes it read, so a NUL inside a line is seen */
	for (jr->line = 1; rc == 0 && (got = getline(&buf, &cap, f)) >= 0; jr->line++) {
		size_t len = (size_t)got;
		if (data_file_count(jr->r->path, len, &total, jr->d) != 0) {
			rc = -1;
		} else if (memchr(buf, '\0', len) != NULL) {
			diag_add(jr->d, "%s: line %ld: NUL byte", jr->r->path, jr->line);
			rc = -1;
		} else {
			const char *p = buf;
			while (*p == ' ' || *p == '\t')
				p++;
			if (*p != ';') /* ";": a header comment */
				rc = swf_line(jr, buf, label_field);
		}
	}
	free(buf);
	if (rc == 0 && ferror(f)) {
		diag_add(jr->d, "%s: read error", jr->r->path);
		rc = -1;
	}
	return rc;
}

static int by_submit(const void *a, const void *b)
{
	const struct trace_job *x = a, *y = b;
	if (x->submit_s != y->submit_s)
		return x->submit_s < y->submit_s ? -1 : 1;
	return (x->line > y->line) - (x->line < y->line);
}

int trace_jobs_read(const struct trace_read *r, struct trace_table *out, struct diag *d)
{
	*out = (struct trace_table){ 0 };
	struct jobs_reader jr = { .r = r, .d = d, .t = out, .line = 1, .at_submit = -1,
				  .at_gpus = -1, .at_duration = -1, .at_walltime = -1,
				  .at_label = -1,
				  .cur = { .walltime_s = -1, .label = -1 } };
	FILE *f = data_file_open(r->path, d);
	if (!f)
		return -1;
	int rc = r->format == TRACE_SWF ? read_swf(&jr, f) : read_csv(&jr, f);
	fclose(f);
	out->labels = jr.labels.names;
	out->n_labels = jr.labels.n;
	free(jr.labels.slots);
	if (rc == 0 && out->n == 0) {
		diag_add(d, "%s: no jobs to replay", r->path);
		rc = -1;
	}
	if (rc != 0) {
		trace_table_free(out);
		return -1;
	}
	qsort(out->jobs, out->n, sizeof *out->jobs, by_submit);
	return 0;
}

void trace_table_free(struct trace_table *t)
{
	free(t->jobs);
	for (size_t i = 0; i < t->n_labels; i++)
		free(t->labels[i]);
	free(t->labels);
	*t = (struct trace_table){ 0 };
}

static int label_matches(const struct trace_table *t, const struct trace_spec *spec, int label)
{
	if (!spec->match)
		return 1;
	if (label < 0)
		return 0;
	for (size_t i = 0; i < spec->n_match; i++)
		if (strcmp(t->labels[label], spec->match[i]) == 0)
			return 1;
	return 0;
}

int trace_jobs_select(const struct trace_table *t, const struct trace_spec *spec,
		      struct trace_job **out, size_t *n_out)
{
	*out = NULL;
	*n_out = 0;
	if (t->n == 0)
		return 0;
	const double first = t->jobs[0].submit_s, from = first + spec->start_h * 3600.0;
	const double to = spec->end_h > 0 ? first + spec->end_h * 3600.0 : (double)INFINITY;
	struct trace_job *sel = malloc(t->n * sizeof *sel);
	if (!sel)
		return -1;
	size_t n = 0, taken = 0;
	for (size_t i = 0; i < t->n; i++) {
		const struct trace_job *j = &t->jobs[i];
		if (j->submit_s < from || j->submit_s >= to)
			continue;
		if (spec->max_jobs > 0 && taken++ >= (size_t)spec->max_jobs)
			break;
		if (!label_matches(t, spec, j->label))
			continue;
		sel[n] = *j;
		sel[n].submit_s = (j->submit_s - from) * spec->time_scale;
		n++;
	}
	if (n == 0) {
		free(sel);
		return 0;
	}
	*out = sel;
	*n_out = n;
	return 0;
}
