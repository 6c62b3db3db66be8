/*
 * sweep_output.c - the journal of a sweep and the files built from it.
 *
 * Rows are read back with libcsv, fed one byte at a time so each record's
 * byte range in the journal is known (summary.csv copies rows verbatim, in
 * run order, by those ranges). Numbers for the statistics are parsed from
 * the rows' text, so a resumed sweep computes from exactly the bytes an
 * uninterrupted one would. Memory: the row ranges (16 bytes a run), one
 * point's replications, and the regression sums; never every row (saltelli
 * and morris keep each point's KPI means, 8 bytes a point and KPI, as
 * their estimators pair points across the whole design). The
 * output folder is flock'd for the journal's life, so two sweeps (two
 * --resume of one folder) never write the same journal.
 */
#define _DEFAULT_SOURCE /* flock(2): BSD and Linux, not POSIX */
#include "sweep_output.h"

#include <fcntl.h>
#include <sys/file.h>

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <csv.h>

#include "csv_out.h"
#include "month_stat.h"
#include "sweep_indices.h"
#include "sweep_stats.h"

static const char *const lead[] = { "run", "point", "replication", "seed" };
#define N_LEAD 4

/* Summary columns that are already in the lead. */
static int in_lead(const char *name)
{
	return !strcmp(name, "seed") || !strcmp(name, "replication");
}

int sweep_columns_init(struct sweep_columns *c, const struct sweep_spec *sw,
		       const struct scenario *sc0, size_t n_chain)
{
	memset(c, 0, sizeof *c);
	struct chain_level_record lv[CHAIN_MAX_LEVELS];
	memset(lv, 0, sizeof lv);
	for (size_t l = 0; l < n_chain; l++)
		snprintf(lv[l].name, sizeof lv[l].name, "%s", sc0->chain.levels[l].name);
	struct run_result zero;
	memset(&zero, 0, sizeof zero);
	zero.chain_levels = lv;
	zero.n_chain_levels = n_chain;
	run_output_summary_row(sc0, &zero, &c->layout);
	c->n_chain_levels = n_chain;
	c->n_axes = sw->n_axes;
	size_t max = N_LEAD + sw->n_axes + c->layout.n + SWEEP_MAX_MONTHLY;
	c->names = calloc(max, sizeof *c->names);
	c->kpi = calloc(max, 1);
	if (!c->names || !c->kpi) {
		sweep_columns_fini(c);
		return -1;
	}
	for (size_t i = 0; i < N_LEAD; i++)
		c->names[c->n++] = lead[i];
	for (size_t a = 0; a < sw->n_axes; a++) {
		snprintf(c->axis_names[a], sizeof c->axis_names[a], "%s", sw->axes[a].path);
		c->names[c->n++] = c->axis_names[a];
	}
	for (size_t i = 0; i < c->layout.n; i++) {
		const struct summary_field *f = &c->layout.f[i];
		if (in_lead(f->name))
			continue;
		c->kpi[c->n] = f->kind != SUMMARY_STR;
		c->names[c->n++] = f->name;
	}
	return 0;
}

int sweep_columns_add_monthly(struct sweep_columns *c, const char *name, int column, int stat)
{
	if (c->n_monthly == SWEEP_MAX_MONTHLY)
		return -1;
	struct sweep_monthly *m = &c->monthly[c->n_monthly++];
	snprintf(m->name, sizeof m->name, "%s", name);
	m->column = column;
	m->stat = stat;
	c->kpi[c->n] = 1;
	c->names[c->n++] = m->name;
	return 0;
}

void sweep_columns_fini(struct sweep_columns *c)
{
	free(c->names);
	free(c->kpi);
	c->names = NULL;
	c->kpi = NULL;
}

/* A swept value in its column: a number as a number, a string as its
 * text, anything else (an object, a list) as its JSON. */
static void value_field(struct csv_out *o, const char *json)
{
	char *end;
	double v = strtod(json, &end);
	if (end != json && *end == '\0') {
		csv_out_num(o, v);
		return;
	}
	size_t n = strlen(json);
	if (n >= 2 && json[0] == '"' && json[n - 1] == '"' && !memchr(json + 1, '\\', n - 2)) {
		char buf[SWEEP_VALUE_MAX + 1];
		snprintf(buf, sizeof buf, "%.*s", (int)(n - 2), json + 1);
		csv_out_str(o, buf);
		return;
	}
	csv_out_str(o, json);
}

int sweep_output_row(const struct sweep_columns *c, const struct sweep_spec *sw, size_t r,
		     const struct scenario *sc, const struct run_result *res, char **text,
		     size_t *len)
{
	struct csv_out o;
	if (csv_out_open_memory(&o) != 0)
		return -1;
	size_t p = r / sw->replications;
	csv_out_u64(&o, r);
	csv_out_u64(&o, p);
	csv_out_u64(&o, r % sw->replications);
	csv_out_u64(&o, sc->seed);
	for (size_t a = 0; a < sw->n_axes; a++) {
		char v[SWEEP_VALUE_MAX + 1];
		sweep_spec_value(sw, p, a, v, sizeof v);
		value_field(&o, v);
	}
	struct summary_row row;
	run_output_summary_row(sc, res, &row);
	/* the fixed columns, then the chain levels every point shares (a run
	 * has them all, as the points were checked to) */
	size_t want = KPI_N_FIXED_COLUMNS + c->n_chain_levels * KPI_LEVEL_STATS;
	for (size_t i = 0; i < want; i++) {
		if (i >= row.n)
			csv_out_empty(&o);
		else if (!in_lead(row.f[i].name))
			run_output_field(&o, &row.f[i]);
	}
	for (size_t i = 0; i < c->n_monthly; i++)
		csv_out_num(&o, month_stat_value(res, c->monthly[i].column,
						 (enum month_stat)c->monthly[i].stat));
	csv_out_end_row(&o);
	return csv_out_take(&o, text, len);
}

static double num(const char *s);

/* ---- reading rows back ---- */

struct fields {
	size_t n, cap;
	char **v;
	int overflow;
};

static void fields_clear(struct fields *f)
{
	for (size_t i = 0; i < f->n; i++)
		free(f->v[i]);
	f->n = 0;
	f->overflow = 0;
}

static void on_field(void *s, size_t len, void *data)
{
	struct fields *f = data;
	if (f->n == f->cap || f->overflow) {
		f->overflow = 1;
		return;
	}
	char *v = malloc(len + 1);
	if (!v) {
		f->overflow = 1;
		return;
	}
	memcpy(v, s, len);
	v[len] = '\0';
	f->v[f->n++] = v;
}

struct scan {
	struct fields f;
	int ended;     /* a record ended by a newline */
};

static void on_record(int ch, void *data)
{
	struct scan *s = data;
	if (ch != -1)
		s->ended = 1;
}

static void on_field_scan(void *v, size_t len, void *data)
{
	on_field(v, len, &((struct scan *)data)->f);
}

/*
 * Call fn for each complete record of file: its fields, byte offset and
 * length. A last record without its newline (cut short) is not passed.
 */
typedef int (*record_fn)(const struct fields *f, long off, size_t len, void *ctx);

static int scan_file(FILE *in, size_t max_fields, record_fn fn, void *ctx)
{
	struct csv_parser p;
	struct scan s = { { 0, max_fields, calloc(max_fields, sizeof(char *)), 0 }, 0 };
	if (!s.f.v || csv_init(&p, CSV_APPEND_NULL) != 0) {
		free(s.f.v);
		return -1;
	}
	int rc = 0, ch;
	long pos = 0, start = 0;
	while (rc == 0 && (ch = fgetc(in)) != EOF) {
		char b = (char)ch;
		pos++;
		if (csv_parse(&p, &b, 1, on_field_scan, on_record, &s) != 1) {
			rc = -1;
			break;
		}
		if (s.ended) {
			rc = fn(&s.f, start, (size_t)(pos - start), ctx);
			fields_clear(&s.f);
			s.ended = 0;
			start = pos;
		}
	}
	csv_free(&p);
	fields_clear(&s.f);
	free(s.f.v);
	return rc;
}

/* Parse one row's text into fields. */
static int parse_row(const char *text, size_t len, struct fields *f)
{
	struct csv_parser p;
	struct scan s = { *f, 0 };
	if (csv_init(&p, CSV_APPEND_NULL) != 0)
		return -1;
	int rc = csv_parse(&p, text, len, on_field_scan, on_record, &s) == len ? 0 : -1;
	csv_fini(&p, on_field_scan, on_record, &s);
	csv_free(&p);
	*f = s.f;
	return rc == 0 && !f->overflow ? 0 : -1;
}

/* ---- the journal ---- */

struct reload {
	struct sweep_journal *j;
	const struct sweep_columns *c;
	FILE *out;        /* the rewritten journal */
	long out_pos;
	FILE *in;
	int header_seen, bad_header;
	char *buf;
	size_t buf_cap;
};

static int header_matches(const struct fields *f, const struct sweep_columns *c)
{
	if (f->n != c->n || f->overflow)
		return 0;
	for (size_t i = 0; i < c->n; i++)
		if (strcmp(f->v[i], c->names[i]) != 0)
			return 0;
	return 1;
}

static int copy_record(struct reload *r, long off, size_t len)
{
	if (len > r->buf_cap) {
		char *b = realloc(r->buf, len);
		if (!b)
			return -1;
		r->buf = b;
		r->buf_cap = len;
	}
	long here = ftell(r->in);
	if (fseek(r->in, off, SEEK_SET) != 0 || fread(r->buf, 1, len, r->in) != len ||
	    fseek(r->in, here, SEEK_SET) != 0 || fwrite(r->buf, 1, len, r->out) != len)
		return -1;
	return 0;
}

static int reload_record(const struct fields *f, long off, size_t len, void *ctx)
{
	struct reload *r = ctx;
	if (!r->header_seen) {
		r->header_seen = 1;
		if (!header_matches(f, r->c)) {
			r->bad_header = 1;
			return -1;
		}
		if (copy_record(r, off, len) != 0)
			return -1;
		r->out_pos += (long)len;
		return 0;
	}
	if (f->n != r->c->n || f->overflow)
		return 0; /* not a whole row: dropped */
	char *end;
	unsigned long long run = strtoull(f->v[0], &end, 10);
	if (*end || !f->v[0][0] || run >= r->j->n_runs || r->j->done[run])
		return 0;
	if (copy_record(r, off, len) != 0)
		return -1;
	r->j->done[run] = 1;
	r->j->off[run] = r->out_pos;
	r->j->len[run] = len;
	r->j->n_done++;
	r->out_pos += (long)len;
	return 0;
}

/* Copy the complete rows of an earlier attempt (its journal, or its
 * summary.csv when it finished) to out; 1 when from is empty. */
static int reload(struct sweep_journal *j, const struct sweep_columns *c, const char *from,
		  FILE *out, struct diag *d)
{
	FILE *in = fopen(from, "rb");
	if (!in) {
		diag_add(d, "%s: cannot open: %s", from, strerror(errno));
		return -1;
	}
	struct reload r = { j, c, out, 0, in, 0, 0, NULL, 0 };
	int rc = scan_file(in, c->n + 1, reload_record, &r);
	fclose(in);
	free(r.buf);
	if (r.bad_header) {
		diag_add(d, "%s: its columns differ from this sweep's: it was written by another "
			    "sweep (or another dcsim); use another -o directory", from);
		return -1;
	}
	if (rc != 0) {
		diag_add(d, "%s: cannot read it back", from);
		return -1;
	}
	if (!r.header_seen) /* empty: start afresh */
		return 1;
	return 0;
}

/* An exclusive flock on dir itself (no lock file left behind), held until
 * sweep_journal_close; the kernel drops it if the sweep dies. Close on
 * exec: the report's gnuplot (system, fork and exec) would otherwise hold
 * the lock on after a SIGKILL of the sweep, and a resume right after
 * found it held (tests/soak.sh, now and then). */
static int lock_dir(struct sweep_journal *j, const char *dir, struct diag *d)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0) {
		diag_add(d, "%s: cannot open: %s", dir, strerror(errno));
		return -1;
	}
	if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
		diag_add(d, "%s: another dcsim sweep is writing into it (%s): wait for it to end, "
			    "or choose another -o directory", dir,
			 errno == EWOULDBLOCK ? "its lock is held" : strerror(errno));
		close(fd);
		return -1;
	}
	j->lock_fd = fd;
	j->locked = 1;
	return 0;
}

int sweep_journal_open(struct sweep_journal *j, const char *dir, const struct sweep_columns *c,
		       size_t n_runs, int resume, struct diag *d)
{
	memset(j, 0, sizeof *j);
	if (lock_dir(j, dir, d) != 0)
		return -1;
	j->n_runs = n_runs;
	j->done = calloc(n_runs, 1);
	j->off = calloc(n_runs, sizeof *j->off);
	j->len = calloc(n_runs, sizeof *j->len);
	char *path = atomic_file_path(dir, SWEEP_JOURNAL, "");
	char *summary = atomic_file_path(dir, "summary.csv", "");
	j->dir = strdup(dir);
	int rc = -1;
	if (!j->done || !j->off || !j->len || !path || !summary || !j->dir) {
		diag_oom(d, "%s: out of memory", dir);
		goto done;
	}
	/* The lock: a fresh sweep creates the journal with O_EXCL, so of two
	 * sweeps started together into dir one wins and the other sees it
	 * (an access() check would let both pass). Left empty here, it reads
	 * back as "start afresh" if this sweep dies before the header. */
	int has_journal = 0;
	if (!resume) {
		has_journal = atomic_file_create_excl(path, d);
		if (has_journal < 0)
			goto done;
	} else {
		has_journal = access(path, F_OK) == 0;
	}
	int has_summary = access(summary, F_OK) == 0;
	if (!resume && has_summary && !has_journal)
		unlink(path); /* ours, just made: leave dir as found */
	if (!resume && (has_journal || has_summary)) {
		diag_add(d, "%s: holds %s already: add --resume to finish that sweep or plan, or "
			    "choose another -o directory", dir,
			 has_journal ? SWEEP_JOURNAL : "summary.csv");
		goto done;
	}
	/* the journal again, with the earlier attempt's whole rows only */
	struct csv_out out;
	if (csv_out_open(&out, dir, SWEEP_JOURNAL, d) != 0)
		goto done;
	int fresh = 1;
	if (resume && (has_journal || has_summary)) {
		int r = reload(j, c, has_journal ? path : summary, out.file.f, d);
		if (r < 0) {
			csv_out_abort(&out);
			goto done;
		}
		fresh = r == 1;
	}
	if (fresh)
		csv_out_header(&out, c->names);
	if (csv_out_commit(&out, d) != 0)
		goto done;
	j->f = fopen(path, "ab");
	if (!j->f) {
		diag_add(d, "%s: cannot open: %s", path, strerror(errno));
		goto done;
	}
	rc = 0;
done:
	free(path);
	free(summary);
	if (rc != 0)
		sweep_journal_close(j);
	return rc;
}

int sweep_journal_append(struct sweep_journal *j, size_t r, const char *row, size_t len,
			 struct diag *d)
{
	long off = ftell(j->f);
	if (off < 0 || fwrite(row, 1, len, j->f) != len || fflush(j->f) != 0) {
		diag_add(d, "%s/%s: write failed: %s", j->dir, SWEEP_JOURNAL, strerror(errno));
		return -1;
	}
	j->done[r] = 1;
	j->off[r] = off;
	j->len[r] = len;
	j->n_done++;
	return 0;
}

void sweep_journal_close(struct sweep_journal *j)
{
	if (j->f)
		fclose(j->f);
	if (j->locked)
		close(j->lock_fd); /* releases the flock */
	free(j->done);
	free(j->off);
	free(j->len);
	free(j->dir);
	memset(j, 0, sizeof *j);
}

/* ---- the final files ---- */

static double num(const char *s)
{
	char *end;
	double v = strtod(s, &end);
	return s[0] && !*end ? v : (double)NAN;
}

struct finish {
	struct csv_out summary, points, sens;
	size_t n_kpi;
	size_t *kpi_col;        /* column of each KPI */
	double *reps;           /* one point's replications: R x n_kpi */
	struct sweep_src *src;  /* one per KPI (sampled designs) */
	double *x;
	double *ymean;          /* saltelli, morris: each point's means, n_points x n_kpi */
};

static void write_point(struct finish *F, const struct sweep_spec *sw, size_t p,
			const struct fields *first)
{
	struct csv_out *o = &F->points;
	csv_out_u64(o, p);
	for (size_t a = 0; a < sw->n_axes; a++)
		csv_out_str(o, first->v[N_LEAD + a]);
	csv_out_u64(o, sw->replications);
	double *col = malloc(sw->replications * sizeof *col);
	for (size_t k = 0; k < F->n_kpi; k++) {
		size_t used = 0;
		double mean = NAN, sd = NAN, ci = NAN;
		if (col) {
			for (size_t r = 0; r < sw->replications; r++)
				col[r] = F->reps[r * F->n_kpi + k];
			sweep_stats_ci(col, sw->replications, &used, &mean, &sd, &ci);
		}
		csv_out_num(o, mean);
		csv_out_num(o, sd);
		csv_out_num(o, ci);
		if (F->ymean)
			F->ymean[p * F->n_kpi + k] = mean;
	}
	free(col);
	csv_out_end_row(o);
}

static int open_outputs(struct finish *F, const struct sweep_columns *c,
			const struct sweep_spec *sw, const char *dir, struct diag *d)
{
	if (csv_out_open(&F->summary, dir, "summary.csv", d) != 0)
		return -1;
	if (csv_out_open(&F->points, dir, "points.csv", d) != 0) {
		csv_out_abort(&F->summary);
		return -1;
	}
	csv_out_header(&F->summary, c->names);
	struct csv_out *o = &F->points;
	csv_out_str(o, "point");
	for (size_t a = 0; a < sw->n_axes; a++)
		csv_out_str(o, c->names[N_LEAD + a]);
	csv_out_str(o, "replications");
	for (size_t k = 0; k < F->n_kpi; k++) {
		const char *name = c->names[F->kpi_col[k]];
		char buf[JPATH_MAX + 16];
		const char *suffix[] = { "_mean", "_sd", "_ci95" };
		for (size_t s = 0; s < 3; s++) {
			snprintf(buf, sizeof buf, "%s%s", name, suffix[s]);
			csv_out_str(o, buf);
		}
	}
	csv_out_end_row(o);
	return 0;
}

static int write_sensitivity(struct finish *F, const struct sweep_columns *c,
			     const struct sweep_spec *sw, const char *dir, struct diag *d)
{
	struct csv_out *o = &F->sens;
	if (csv_out_open(o, dir, "sensitivity.csv", d) != 0)
		return -1;
	static const char *const cols[] = {
		"kpi", "parameter", "src", "src_squared", "r2", "runs", "s1", "s1_ci95_low",
		"s1_ci95_high", "st", "st_ci95_low", "st_ci95_high", "mu_star", "mu", "sigma",
		NULL
	};
	csv_out_header(o, cols);
	const size_t np = sw->n_points, nk = F->n_kpi, k_ax = sw->n_axes;
	double src[SWEEP_MAX_AXES], r2;
	double *y = malloc((np ? np : 1) * sizeof *y);
	if (!y) {
		csv_out_abort(o);
		diag_oom(d, "%s: out of memory writing sensitivity.csv", dir);
		return -1;
	}
	struct sweep_sobol_index si[SWEEP_MAX_AXES];
	struct sweep_morris_effect me[SWEEP_MAX_AXES];
	int rc = 0;
	for (size_t k = 0; k < nk; k++) {
		sweep_src_solve(&F->src[k], src, &r2);
		for (size_t p = 0; F->ymean && p < np; p++)
			y[p] = F->ymean[p * nk + k];
		if (sw->design == SWEEP_SALTELLI &&
		    sweep_sobol_indices(sw->n_base, k_ax, y, sw->design_seed, si) < 0)
			rc = -1;
		if (sw->design == SWEEP_MORRIS)
			sweep_morris_effects(sw->n_base, k_ax, sw->unit, y, me);
		for (size_t a = 0; a < k_ax; a++) {
			csv_out_str(o, c->names[F->kpi_col[k]]);
			csv_out_str(o, sw->axes[a].path);
			csv_out_num(o, src[a]);
			csv_out_num(o, src[a] * src[a]);
			csv_out_num(o, r2);
			csv_out_u64(o, F->src[k].n);
			const struct sweep_sobol_index *s = &si[a];
			double sob[6] = { NAN, NAN, NAN, NAN, NAN, NAN };
			if (sw->design == SWEEP_SALTELLI) {
				double v[6] = { s->s1, s->s1_lo, s->s1_hi, s->st, s->st_lo, s->st_hi };
				memcpy(sob, v, sizeof sob);
			}
			for (size_t i = 0; i < 6; i++)
				csv_out_num(o, sob[i]);
			int mo = sw->design == SWEEP_MORRIS;
			csv_out_num(o, mo ? me[a].mu_star : (double)NAN);
			csv_out_num(o, mo ? me[a].mu : (double)NAN);
			csv_out_num(o, mo ? me[a].sigma : (double)NAN);
			csv_out_end_row(o);
		}
	}
	free(y);
	if (rc != 0) {
		csv_out_abort(o);
		diag_oom(d, "%s: out of memory computing Sobol indices", dir);
		return -1;
	}
	return csv_out_commit(o, d);
}

int sweep_journal_values(struct sweep_journal *j, const struct sweep_columns *c, size_t r,
			 double *vals, struct diag *d)
{
	struct fields f = { 0, c->n + 1, calloc(c->n + 1, sizeof(char *)), 0 };
	char *buf = malloc(j->len[r] ? j->len[r] : 1);
	char *path = atomic_file_path(j->dir, SWEEP_JOURNAL, "");
	FILE *in = path ? fopen(path, "rb") : NULL;
	int rc = -1;
	if (!f.v || !buf || !path) {
		diag_oom(d, "%s: out of memory reading run %zu's row", j->dir, r);
	} else if (!j->done[r] || fflush(j->f) != 0 || !in || fseek(in, j->off[r], SEEK_SET) != 0 ||
		   fread(buf, 1, j->len[r], in) != j->len[r]) {
		diag_add(d, "%s/%s: cannot read run %zu's row", j->dir, SWEEP_JOURNAL, r);
	} else if (parse_row(buf, j->len[r], &f) != 0 || f.n != c->n) {
		diag_add(d, "%s/%s: run %zu's row does not parse", j->dir, SWEEP_JOURNAL, r);
	} else {
		for (size_t i = 0; i < c->n; i++)
			vals[i] = c->kpi[i] ? num(f.v[i]) : (double)NAN;
		rc = 0;
	}
	if (in)
		fclose(in);
	free(path);
	free(buf);
	fields_clear(&f);
	free(f.v);
	return rc;
}

int sweep_output_finish(struct sweep_journal *j, const struct sweep_columns *c,
			const struct sweep_spec *sw, struct diag *d)
{
	struct finish F;
	memset(&F, 0, sizeof F);
	int rc = -1, opened = 0;
	char *buf = NULL;
	size_t buf_cap = 0;
	struct fields f = { 0, c->n + 1, calloc(c->n + 1, sizeof(char *)), 0 };
	struct fields first = { 0, c->n + 1, calloc(c->n + 1, sizeof(char *)), 0 };
	F.kpi_col = calloc(c->n, sizeof *F.kpi_col);
	for (size_t i = 0; F.kpi_col && i < c->n; i++)
		if (c->kpi[i])
			F.kpi_col[F.n_kpi++] = i;
	F.reps = calloc(sw->replications * (F.n_kpi ? F.n_kpi : 1), sizeof *F.reps);
	int sens = sweep_spec_sampled(sw);
	int by_point = sw->design == SWEEP_SALTELLI || sw->design == SWEEP_MORRIS;
	if (by_point) {
		F.ymean = calloc(sw->n_points * (F.n_kpi ? F.n_kpi : 1), sizeof *F.ymean);
		if (!F.ymean)
			goto fail_mem;
	}
	if (sens) {
		F.src = calloc(F.n_kpi ? F.n_kpi : 1, sizeof *F.src);
		F.x = calloc(sw->n_axes, sizeof *F.x);
		for (size_t k = 0; F.src && k < F.n_kpi; k++)
			if (sweep_src_init(&F.src[k], sw->n_axes) != 0)
				goto fail_mem;
	}
	if (!f.v || !first.v || !F.kpi_col || !F.reps || (sens && (!F.src || !F.x)))
		goto fail_mem;
	if (fflush(j->f) != 0 || open_outputs(&F, c, sw, j->dir, d) != 0)
		goto done;
	opened = 1;
	char *path = atomic_file_path(j->dir, SWEEP_JOURNAL, "");
	FILE *in = path ? fopen(path, "rb") : NULL;
	free(path);
	if (!in) {
		diag_add(d, "%s/%s: cannot reopen", j->dir, SWEEP_JOURNAL);
		goto done;
	}
	for (size_t r = 0; r < j->n_runs; r++) {
		if (!j->done[r]) /* a plan runs only the points its search needs */
			continue;
		size_t len = j->len[r];
		if (len > buf_cap) {
			char *b = realloc(buf, len);
			if (!b) {
				fclose(in);
				goto fail_mem;
			}
			buf = b;
			buf_cap = len;
		}
		if (fseek(in, j->off[r], SEEK_SET) != 0 || fread(buf, 1, len, in) != len ||
		    fwrite(buf, 1, len, F.summary.file.f) != len) {
			diag_add(d, "%s/%s: cannot copy run %zu", j->dir, SWEEP_JOURNAL, r);
			fclose(in);
			goto done;
		}
		fields_clear(&f);
		if (parse_row(buf, len, &f) != 0 || f.n != c->n) {
			diag_add(d, "%s/%s: run %zu's row does not parse", j->dir, SWEEP_JOURNAL, r);
			fclose(in);
			goto done;
		}
		size_t rep = r % sw->replications, p = r / sw->replications;
		if (rep == 0) {
			fields_clear(&first);
			for (size_t i = 0; i < f.n; i++)
				on_field(f.v[i], strlen(f.v[i]), &first);
		}
		for (size_t k = 0; k < F.n_kpi; k++)
			F.reps[rep * F.n_kpi + k] = num(f.v[F.kpi_col[k]]);
		if (sens) {
			for (size_t a = 0; a < sw->n_axes; a++)
				F.x[a] = sweep_spec_unit(sw, p, a);
			for (size_t k = 0; k < F.n_kpi; k++)
				sweep_src_add(&F.src[k], F.x, F.reps[rep * F.n_kpi + k]);
		}
		if (rep + 1 == sw->replications)
			write_point(&F, sw, p, &first);
	}
	fclose(in);
	if (sens && write_sensitivity(&F, c, sw, j->dir, d) != 0)
		goto done;
	/* summary.csv last: a directory with it holds a finished sweep */
	opened = 0;
	if (csv_out_commit(&F.points, d) != 0) {
		csv_out_abort(&F.summary);
		goto done;
	}
	if (csv_out_commit(&F.summary, d) != 0)
		goto done;
	char *jp = atomic_file_path(j->dir, SWEEP_JOURNAL, "");
	fclose(j->f);
	j->f = NULL;
	if (jp)
		remove(jp);
	free(jp);
	rc = 0;
	goto done;
fail_mem:
	diag_oom(d, "%s: out of memory writing the sweep's files", j->dir);
done:
	if (opened) {
		csv_out_abort(&F.summary);
		csv_out_abort(&F.points);
	}
	fields_clear(&f);
	fields_clear(&first);
	free(f.v);
	free(first.v);
	free(buf);
	free(F.kpi_col);
	free(F.reps);
	for (size_t k = 0; F.src && k < F.n_kpi; k++)
		sweep_src_fini(&F.src[k]);
	free(F.src);
	free(F.x);
	free(F.ymean);
	return rc;
}
