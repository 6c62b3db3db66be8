/*
 * plan_search.c - bisection for the feasible range, golden section for a
 * KPI's best in it, then the neighbour check (plan_search.h).
 *
 * Bisection keeps an end where a set of constraints holds and one where
 * it does not, and halves the gap until they are neighbours: ceil(log2(n))
 * evaluations find the threshold exactly on the grid, which is the
 * answer's resolution (the plan's step). The constraints that hold below
 * give the range's top, those that hold above its bottom: two bisections
 * at most.
 * Golden section (Kiefer 1953) keeps a bracket [a, b] of the minimum and
 * two interior points at 0.382 and 0.618 of it, dropping the worse side;
 * on a grid the points are rounded, so a point may be revisited (it is
 * then not evaluated again), and the last three or four are evaluated
 * outright. The check afterwards evaluates the answer's neighbours (and
 * the point two steps past a boundary), then tests every point evaluated
 * against the assumed shape: a noisy or non-monotone response shows up
 * there, with the points as evidence, rather than as a silently wrong
 * answer.
 */
#include "plan_search.h"

#include <math.h>
#include <string.h>

struct search {
	size_t n, n_con;
	const struct plan_search_ops *ops;
	void *ctx;
	unsigned char *seen;
	const enum plan_side *side;
};

/* Every constraint of side `which` (or every one, when which is -1) holds at k. */
static int all_hold(const struct search *s, size_t k, int which)
{
	for (size_t i = 0; i < s->n_con; i++)
		if ((which < 0 || s->side[i] == (enum plan_side)which) && !s->ops->holds(s->ctx, k, i))
			return 0;
	return 1;
}

static int feasible(const struct search *s, size_t k)
{
	return all_hold(s, k, -1);
}

/* Evaluate the points of ks (up to 4) not seen yet, as one batch. */
static int eval_batch(struct search *s, const size_t *ks, size_t n)
{
	size_t todo[4], m = 0;
	for (size_t i = 0; i < n; i++) {
		size_t k = ks[i];
		if (k >= s->n || s->seen[k])
			continue;
		int dup = 0;
		for (size_t j = 0; j < m; j++)
			dup |= todo[j] == k;
		if (!dup)
			todo[m++] = k;
	}
	if (m == 0)
		return 0;
	if (s->ops->eval(s->ctx, todo, m) != 0)
		return -1;
	for (size_t i = 0; i < m; i++)
		s->seen[todo[i]] = 1;
	return 0;
}

static int eval_one(struct search *s, size_t k)
{
	return eval_batch(s, &k, 1);
}

/* Bisect between lo and hi, where the constraints of side `which` hold
 * at one and not the other: the two neighbours where that changes, into
 * *lo and *hi. */
static int bisect(struct search *s, int which, size_t *lo, size_t *hi)
{
	int at_lo = all_hold(s, *lo, which);
	while (*hi - *lo > 1) {
		size_t m = *lo + (*hi - *lo) / 2;
		if (eval_one(s, m) != 0)
			return -1;
		if (all_hold(s, m, which) == at_lo)
			*lo = m;
		else
			*hi = m;
	}
	return 0;
}

static double objective(const struct search *s, size_t k)
{
	double v = s->ops->objective(s->ctx, k);
	return isnan(v) ? (double)INFINITY : v;
}

/* The best point evaluated and feasible in a..b (lowest index on ties). */
static size_t best_seen(const struct search *s, size_t a, size_t b)
{
	size_t best = PLAN_SEARCH_NONE;
	for (size_t k = a; k <= b; k++)
		if (s->seen[k] && feasible(s, k) &&
		    (best == PLAN_SEARCH_NONE || objective(s, k) < objective(s, best)))
			best = k;
	return best;
}

/* Golden section for the objective's minimum on a..b; the best point. */
static int golden(struct search *s, size_t a, size_t b, size_t *answer)
{
	const double inv_phi2 = 0.38196601125010515; /* (3 - sqrt 5) / 2 */
	while (b - a > 3) {
		size_t step = (size_t)floor(inv_phi2 * (double)(b - a) + 0.5);
		if (step < 1)
			step = 1;
		size_t c = a + step, d = b - step;
		if (c >= d)
			d = c + 1;
		size_t ks[2] = { c, d };
		if (eval_batch(s, ks, 2) != 0)
			return -1;
		if (objective(s, c) <= objective(s, d))
			b = d;
		else
			a = c;
	}
	size_t ks[4], m = 0;
	for (size_t k = a; k <= b; k++)
		ks[m++] = k;
	if (eval_batch(s, ks, m) != 0)
		return -1;
	*answer = best_seen(s, a, b);
	return 0;
}

static void add_evidence(struct plan_search_result *r, size_t k)
{
	for (size_t i = 0; i < r->n_evidence; i++)
		if (r->evidence[i] == k)
			return;
	if (r->n_evidence < PLAN_SEARCH_MAX_EVIDENCE)
		r->evidence[r->n_evidence++] = k;
}

/* Every point evaluated against the shape found: feasible exactly in
 * lo..hi (or nowhere), and one minimum of the objective there. */
static void check_shape(const struct search *s, struct plan_search_result *r)
{
	for (size_t k = 0; k < s->n; k++) {
		if (!s->seen[k])
			continue;
		int inside = r->found && k >= r->lo && k <= r->hi;
		if (feasible(s, k) != inside) {
			r->warn_feasibility = 1;
			add_evidence(r, k);
		}
	}
	if (!r->found || !s->ops->objective)
		return;
	/* a feasible point evaluated that is better than both of its evaluated
	 * feasible neighbours, other than the answer, is a second minimum */
	size_t prev = PLAN_SEARCH_NONE, cur = PLAN_SEARCH_NONE;
	for (size_t k = r->lo; k <= r->hi + 1; k++) {
		int last = k > r->hi;
		if (!last && !(s->seen[k] && feasible(s, k)))
			continue;
		if (cur != PLAN_SEARCH_NONE && cur != r->answer) {
			int below_prev = prev == PLAN_SEARCH_NONE || objective(s, cur) < objective(s, prev);
			int below_next = last || objective(s, cur) < objective(s, k);
			if (below_prev && below_next) {
				r->warn_objective = 1;
				add_evidence(r, cur);
			}
		}
		if (last)
			break;
		prev = cur;
		cur = k;
	}
	if (r->warn_objective)
		add_evidence(r, r->answer);
}

/* Each constraint's side from the two ends, then the range: its bottom
 * where the constraints that hold above start to, its top where those
 * that hold below stop. */
static int feasible_range(struct search *s, struct plan_search_result *r)
{
	size_t n = s->n, ends[2] = { 0, n - 1 };
	if (eval_batch(s, ends, 2) != 0)
		return -1;
	int any[4] = { 0, 0, 0, 0 };
	for (size_t i = 0; i < s->n_con; i++) {
		int b = s->ops->holds(s->ctx, 0, i), t = s->ops->holds(s->ctx, n - 1, i);
		r->side[i] = b && t ? PLAN_HOLDS_ALL
			     : b    ? PLAN_HOLDS_BELOW
			     : t    ? PLAN_HOLDS_ABOVE
				    : PLAN_HOLDS_NOWHERE;
		any[r->side[i]] = 1;
	}
	s->side = r->side;
	if (any[PLAN_HOLDS_NOWHERE]) {
		r->warn_feasibility = 1;
		return 0;
	}
	size_t lo = 0, hi = n - 1, a = 0, b = n - 1;
	if (any[PLAN_HOLDS_ABOVE]) {
		if (bisect(s, PLAN_HOLDS_ABOVE, &lo, &hi) != 0)
			return -1;
		a = hi; /* the first where they hold */
	}
	if (any[PLAN_HOLDS_BELOW]) {
		lo = a; /* the top's threshold is above the bottom's, if any is */
		hi = n - 1;
		if (all_hold(s, lo, PLAN_HOLDS_BELOW)) {
			if (bisect(s, PLAN_HOLDS_BELOW, &lo, &hi) != 0)
				return -1;
			b = lo; /* the last where they hold */
		} else {
			r->warn_feasibility = 1; /* the two kinds exclude each other */
			return 0;
		}
	}
	r->found = 1;
	r->lo = a;
	r->hi = b;
	return 0;
}

/* The constraint's side: the range's end the answer sits on, unless that
 * end is the grid's. */
static void set_beyond(struct plan_search_result *r, size_t n)
{
	r->beyond = PLAN_SEARCH_NONE;
	if (r->answer == r->hi && r->hi + 1 < n)
		r->beyond = r->hi + 1;
	else if (r->answer == r->lo && r->lo > 0)
		r->beyond = r->lo - 1;
}

int plan_search_run(size_t n, size_t n_con, int maximise, const struct plan_search_ops *ops,
		    void *ctx, unsigned char *seen, struct plan_search_result *r)
{
	struct search s = { n, n_con, ops, ctx, seen, NULL };
	memset(r, 0, sizeof *r);
	r->answer = r->beyond = PLAN_SEARCH_NONE;
	if (feasible_range(&s, r) != 0)
		return -1;
	if (!r->found) {
		check_shape(&s, r);
		return 0;
	}
	if (ops->objective) {
		if (golden(&s, r->lo, r->hi, &r->answer) != 0)
			return -1;
	} else {
		r->answer = maximise ? r->hi : r->lo;
	}
	set_beyond(r, n);
	/* the neighbours, and two steps past a boundary */
	size_t a = r->answer, ks[4], m = 0;
	if (a > 0)
		ks[m++] = a - 1;
	if (a + 1 < n)
		ks[m++] = a + 1;
	if (r->beyond == a + 1 && a + 2 < n)
		ks[m++] = a + 2;
	if (r->beyond != PLAN_SEARCH_NONE && r->beyond + 1 == a && a >= 2)
		ks[m++] = a - 2;
	if (eval_batch(&s, ks, m) != 0)
		return -1;
	if (ops->objective) { /* a neighbour may beat the bracket's best */
		r->answer = best_seen(&s, r->lo, r->hi);
		set_beyond(r, n);
	}
	check_shape(&s, r);
	return 0;
}
