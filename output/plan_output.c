/*
 * plan_output.c - judging a plan's points and writing plan.csv and the
 * summary (plan_output.h has the rules).
 *
 * The book keeps only the points evaluated (a grid may have a million
 * values; a search evaluates a few dozen), with a grid-to-point index.
 * plan.csv lists them in grid order, so its bytes follow from the points
 * evaluated, whatever order the replications finished in.
 */
#include "plan_output.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "atomic_file.h"
#include "csv_out.h"
#include "sweep_stats.h"

static size_t column_of(const struct sweep_columns *c, const char *name)
{
	for (size_t i = 0; i < c->n; i++)
		if (c->kpi[i] && !strcmp(c->names[i], name))
			return i;
	return PLAN_SEARCH_NONE;
}

int plan_book_init(struct plan_book *b, const struct plan_spec *p,
		   const struct sweep_columns *c)
{
	memset(b, 0, sizeof *b);
	b->p = p;
	b->c = c;
	for (size_t i = 0; i < p->n_constraints; i++)
		b->con_col[i] = column_of(c, p->constraints[i].kpi);
	b->obj_col = p->objective[0] ? column_of(c, p->objective) : PLAN_SEARCH_NONE;
	b->slot = malloc(p->n_grid * sizeof *b->slot);
	if (!b->slot)
		return -1;
	for (size_t k = 0; k < p->n_grid; k++)
		b->slot[k] = PLAN_SEARCH_NONE;
	return 0;
}

void plan_book_fini(struct plan_book *b)
{
	for (size_t i = 0; i < b->n_pts; i++) {
		free(b->pts[i].mean);
		free(b->pts[i].sd);
		free(b->pts[i].ci);
	}
	free(b->pts);
	free(b->slot);
	memset(b, 0, sizeof *b);
}

const struct plan_point *plan_book_point(const struct plan_book *b, size_t k)
{
	return k < b->p->n_grid && b->slot[k] != PLAN_SEARCH_NONE ? &b->pts[b->slot[k]] : NULL;
}

/* Constraint i at point pt from its replications' column. */
static void judge(const struct plan_book *b, size_t i, const double *col, size_t R,
		  struct plan_point *pt)
{
	const struct plan_constraint *con = &b->p->constraints[i];
	size_t c = b->con_col[i];
	double t;
	if (b->p->holds == PLAN_HOLDS_EVERY) {
		t = col[0];
		for (size_t r = 1; r < R && !isnan(t); r++)
			t = isnan(col[r]) ? col[r] : con->ge ? fmin(t, col[r]) : fmax(t, col[r]);
	} else {
		double half = R > 1 ? pt->ci[c] : 0;
		t = con->ge ? pt->mean[c] - half : pt->mean[c] + half;
	}
	double slack = con->ge ? t - con->limit : con->limit - t;
	pt->tested[i] = t;
	pt->holds[i] = !isnan(t) && slack >= 0;
	pt->margin[i] = con->limit != 0 ? slack / fabs(con->limit) : slack;
}

int plan_book_add(struct plan_book *b, size_t k, const double *reps, size_t step)
{
	const size_t n = b->c->n, R = (size_t)b->p->replications;
	if (b->n_pts == b->cap) {
		size_t cap = b->cap ? 2 * b->cap : 32;
		struct plan_point *q = realloc(b->pts, cap * sizeof *q);
		if (!q)
			return -1;
		b->pts = q;
		b->cap = cap;
	}
	struct plan_point *pt = &b->pts[b->n_pts];
	memset(pt, 0, sizeof *pt);
	pt->k = k;
	pt->step = step;
	pt->mean = malloc(n * sizeof *pt->mean);
	pt->sd = malloc(n * sizeof *pt->sd);
	pt->ci = malloc(n * sizeof *pt->ci);
	double *col = malloc(R * sizeof *col);
	if (!pt->mean || !pt->sd || !pt->ci || !col) {
		free(pt->mean);
		free(pt->sd);
		free(pt->ci);
		free(col);
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		for (size_t r = 0; r < R; r++)
			col[r] = reps[r * n + i];
		size_t used;
		sweep_stats_ci(col, R, &used, &pt->mean[i], &pt->sd[i], &pt->ci[i]);
		if (used < R) /* a replication without a value: the point has none */
			pt->mean[i] = (double)NAN;
	}
	pt->feasible = 1;
	for (size_t i = 0; i < b->p->n_constraints; i++) {
		for (size_t r = 0; r < R; r++)
			col[r] = reps[r * n + b->con_col[i]];
		judge(b, i, col, R, pt);
		pt->feasible &= pt->holds[i];
	}
	free(col);
	b->slot[k] = b->n_pts++;
	return 0;
}

double plan_book_objective(const struct plan_book *b, size_t k)
{
	const struct plan_point *pt = plan_book_point(b, k);
	double v = pt ? pt->mean[b->obj_col] : (double)NAN;
	return b->p->goal == PLAN_MAXIMISE ? -v : v;
}

/* "<kpi>_le" or "<kpi>_ge": a constraint's columns' stem. */
static void stem(const struct plan_constraint *con, char *buf, size_t n)
{
	snprintf(buf, n, "%s_%s", con->kpi, con->ge ? "ge" : "le");
}

int plan_output_csv(const char *dir, const struct plan_book *b,
		    const struct plan_search_result *r, struct diag *d)
{
	const struct plan_spec *p = b->p;
	const struct sweep_columns *c = b->c;
	struct csv_out o;
	if (csv_out_open(&o, dir, "plan.csv", d) != 0)
		return -1;
	csv_out_str(&o, "point");
	csv_out_str(&o, p->var.path);
	csv_out_str(&o, "step");
	csv_out_str(&o, "feasible");
	csv_out_str(&o, "answer");
	char name[JPATH_MAX + 16];
	for (size_t i = 0; i < p->n_constraints; i++) {
		static const char *const suffix[] = { "_limit", "_tested", "_holds", "_margin" };
		for (size_t s = 0; s < 4; s++) {
			stem(&p->constraints[i], name, sizeof name - 8);
			strcat(name, suffix[s]);
			csv_out_str(&o, name);
		}
	}
	for (size_t i = 0; i < c->n; i++) {
		if (!c->kpi[i])
			continue;
		static const char *const suffix[] = { "_mean", "_sd", "_ci95" };
		for (size_t s = 0; s < 3; s++) {
			snprintf(name, sizeof name, "%s%s", c->names[i], suffix[s]);
			csv_out_str(&o, name);
		}
	}
	csv_out_end_row(&o);
	for (size_t k = 0; k < p->n_grid; k++) {
		const struct plan_point *pt = plan_book_point(b, k);
		if (!pt)
			continue;
		csv_out_u64(&o, k);
		csv_out_num(&o, plan_spec_value(p, k));
		csv_out_u64(&o, pt->step);
		csv_out_u64(&o, (uint64_t)pt->feasible);
		csv_out_u64(&o, r->found && r->answer == k);
		for (size_t i = 0; i < p->n_constraints; i++) {
			csv_out_num(&o, p->constraints[i].limit);
			csv_out_num(&o, pt->tested[i]);
			csv_out_u64(&o, (uint64_t)pt->holds[i]);
			csv_out_num(&o, pt->margin[i]);
		}
		for (size_t i = 0; i < c->n; i++) {
			if (!c->kpi[i])
				continue;
			csv_out_num(&o, pt->mean[i]);
			csv_out_num(&o, pt->sd[i]);
			csv_out_num(&o, pt->ci[i]);
		}
		csv_out_end_row(&o);
	}
	return csv_out_commit(&o, d);
}

/* The variable's value k in words: "287" or "0.35". */
static void value_text(const struct plan_spec *p, size_t k, char *buf, size_t n)
{
	snprintf(buf, n, "%.12g", plan_spec_value(p, k));
}

static const char *tested_words(const struct plan_spec *p, const struct plan_constraint *con)
{
	if (p->holds == PLAN_HOLDS_EVERY)
		return con->ge ? "lowest replication" : "highest replication";
	if (p->replications < 2)
		return "one replication";
	return con->ge ? "95% CI lower end" : "95% CI upper end";
}

static void constraint_line(FILE *f, const struct plan_book *b, const struct plan_point *pt,
			    size_t i, const char *tag)
{
	const struct plan_constraint *con = &b->p->constraints[i];
	fprintf(f, "    %-32s %s: %.6g (%s), margin %+.2f%%%s\n", con->text,
		pt->holds[i] ? "holds" : "FAILS", pt->tested[i], tested_words(b->p, con),
		100 * pt->margin[i], tag);
}

/* The binding constraints (failing at the point beyond) and the next:
 * the one with the least margin at the answer among the others. */
static void binding_lines(FILE *f, const struct plan_book *b, const struct plan_search_result *r)
{
	const struct plan_spec *p = b->p;
	const struct plan_point *at = plan_book_point(b, r->answer);
	const struct plan_point *past = r->beyond != PLAN_SEARCH_NONE ? plan_book_point(b, r->beyond)
								     : NULL;
	char v[64];
	if (!past) {
		if (r->answer == 0 || r->answer + 1 == p->n_grid) {
			value_text(p, r->answer, v, sizeof v);
			fprintf(f, "  binding: the variable's bound (%s = %s); no constraint limits it "
				   "inside the range\n", p->var.path, v);
		} else {
			fprintf(f, "  binding: none; the objective's best lies inside the feasible "
				   "range\n");
		}
	} else {
		value_text(p, r->beyond, v, sizeof v);
		fprintf(f, "  binding at %s = %s (the next step):\n", p->var.path, v);
		for (size_t i = 0; i < p->n_constraints; i++)
			if (!past->holds[i])
				constraint_line(f, b, past, i, "");
	}
	value_text(p, r->answer, v, sizeof v);
	fprintf(f, "  at the answer (%s = %s):\n", p->var.path, v);
	size_t next = PLAN_SEARCH_NONE;
	for (size_t i = 0; i < p->n_constraints; i++) {
		if (past && !past->holds[i])
			continue;
		if (next == PLAN_SEARCH_NONE || at->margin[i] < at->margin[next])
			next = i;
	}
	for (size_t i = 0; i < p->n_constraints; i++) {
		const char *tag = "";
		if (past && !past->holds[i])
			tag = "  <- binding";
		else if (i == next)
			tag = "  <- next";
		constraint_line(f, b, at, i, tag);
	}
	if (b->obj_col != PLAN_SEARCH_NONE)
		fprintf(f, "    objective %-22s %.6g (mean of %d)\n", p->objective,
			at->mean[b->obj_col], p->replications);
}

static void evidence_lines(FILE *f, const struct plan_book *b, const struct plan_search_result *r)
{
	const struct plan_spec *p = b->p;
	for (size_t e = 0; e < r->n_evidence; e++) {
		size_t k = r->evidence[e];
		const struct plan_point *pt = plan_book_point(b, k);
		char v[64];
		value_text(p, k, v, sizeof v);
		fprintf(f, "    %s = %s: %s", p->var.path, v, pt->feasible ? "feasible" : "infeasible");
		for (size_t i = 0; i < p->n_constraints; i++)
			fprintf(f, "%s %s %.6g", i ? "," : ";", p->constraints[i].kpi, pt->tested[i]);
		if (b->obj_col != PLAN_SEARCH_NONE)
			fprintf(f, "; %s %.6g", p->objective, pt->mean[b->obj_col]);
		fprintf(f, "\n");
	}
}

void plan_output_summary(FILE *f, const struct plan_book *b, const struct plan_search_result *r,
			 const char *dir)
{
	const struct plan_spec *p = b->p;
	char lo[64], hi[64];
	value_text(p, 0, lo, sizeof lo);
	value_text(p, p->n_grid - 1, hi, sizeof hi);
	fprintf(f, "plan %s: %s %s, %zu constraint%s, %d replication%s (holds: %s)\n", p->name,
		p->goal == PLAN_MAXIMISE ? "maximise" : "minimise",
		p->objective[0] ? p->objective : p->var.path, p->n_constraints,
		p->n_constraints == 1 ? "" : "s", p->replications, p->replications == 1 ? "" : "s",
		plan_holds_name(p->holds));
	fprintf(f, "  searched %s from %s to %s by %.12g (%zu values): %zu points evaluated, "
		   "%zu runs\n", p->var.path, lo, hi, p->var.step, p->n_grid, b->n_pts,
		b->n_pts * (size_t)p->replications);
	if (!r->found) {
		fprintf(f, "  answer: none; no value meets every constraint, if each constraint's "
			   "KPI grows or falls with the variable\n");
		for (size_t e = 0; e < 2; e++) {
			const struct plan_point *pt = plan_book_point(b, e ? p->n_grid - 1 : 0);
			for (size_t i = 0; pt && i < p->n_constraints; i++)
				if (!pt->holds[i])
					constraint_line(f, b, pt, i, e ? "  (at to)" : "  (at from)");
		}
	} else {
		char v[64];
		value_text(p, r->answer, v, sizeof v);
		fprintf(f, "  answer: %s = %s\n", p->var.path, v);
		binding_lines(f, b, r);
	}
	if (r->warn_feasibility || r->warn_objective || !r->found) {
		fprintf(f, "warning: %s\n",
			!r->found ? "the search assumes each constraint holds on one side of a "
				    "threshold; a constraint that fails at both ends, or two that "
				    "exclude each other, may still leave feasible values between "
				    "(sweep the range to see)"
			: r->warn_feasibility
				? "feasibility is not monotone in the variable: the points below "
				  "contradict one boundary, so the answer is the best point evaluated, "
				  "not a proven one"
				: "the objective is not unimodal over the points evaluated: the "
				  "answer is the best point evaluated, not a proven optimum");
		evidence_lines(f, b, r);
	}
	if (dir)
		fprintf(f, "files in %s/: plan.csv, plan.txt, plan.json, summary.csv, points.csv\n",
			dir);
}

int plan_output_summary_file(const char *dir, const struct plan_book *b,
			     const struct plan_search_result *r, struct diag *d)
{
	char *text = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&text, &len);
	if (!m) {
		diag_oom(d, "%s: out of memory writing plan.txt", dir);
		return -1;
	}
	plan_output_summary(m, b, r, NULL);
	int bad = ferror(m);
	fclose(m);
	int rc = bad || !text ? -1 : atomic_file_write_text(dir, "plan.txt", text, d);
	if (bad || !text)
		diag_oom(d, "%s: out of memory writing plan.txt", dir);
	free(text);
	return rc;
}
