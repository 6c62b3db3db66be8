/*
 * world_cap.c - the grid connection's capacity, held at every event.
 *
 * The facility (IT, chain losses, cooling) plus the battery's charging
 * may not draw more than the capacity; a battery that can discharge adds
 * its rating to what the facility may draw (world_battery.c shaves the
 * rest). The tool is one per-GPU power cap imposed by the grid on every
 * running GPU (the GPU caps of gpu_power.h, so jobs slow down by their
 * throughput curve), the highest at which the facility fits, found with
 * GSL's Brent solver over the facility's settled draw (cooling and
 * losses follow the IT, so the draw rises with the cap). It is lifted as
 * soon as the facility fits without it.
 *
 * Policies, when a job would start (the core places it without taking
 * its GPUs and asks world_cap_admit, which answers from world_draw_at's
 * pure evaluation; only a start that fits is made, once, under the cap
 * admission found):
 *  - queue: it starts only if the facility fits without tightening the
 *    grid's cap; otherwise it waits;
 *  - throttle: the cap may go down to the GPUs' lowest power limit
 *    (world_cooling_floor_w, 30% of TDP) to fit it;
 *  - throttle_then_queue: down to throttle_floor x TDP, then it waits;
 *  - preempt: as queue, but a job of a class that is not preemptible may
 *    stop running jobs of preemptible classes, newest first, which go back
 *    to the queue losing the work since their last checkpoint. They are
 *    stopped only when the power they free (their IT times the facility's
 *    overhead now) covers the excess: an estimate, so it can fall short,
 *    and then the job waits and the stopped jobs stay stopped.
 *
 * When the draw rises with no job starting (a hotter hour, a lower
 * capacity, an empty battery), every policy throttles down to its floor
 * (queue and preempt to the lowest limit; preempt first stops preemptible
 * jobs), and past the floor suspends running jobs, newest first (a
 * preemptible one before others), back to the queue. A capacity below the
 * draw of the idle facility cannot be held: the run fails with an error.
 *
 * Admission (world_cap_admit) is a function that answers: would the
 * facility with j started fit, and under what grid cap ({fits, cap_w}).
 * Its Brent trials evaluate the facility's settled draw for the
 * hypothetical state (world_draw_at: IT under the trial cap, the chain's
 * losses for the hypothetical rack loads, the plants at the hypothetical
 * heat with the thermal caps in force) and change nothing, so a refused
 * start leaves no trace in any meter. Under the preempt policy running
 * jobs may be stopped for room (real stops, as before). After the start
 * is made, world_cap_settled asserts that the settle matched the
 * prediction (1e-9 relative, unless a thermal cap moved) and holds the
 * capacity if a thermal cap's move put the facility over it. The cap
 * changes the jobs only through the core (world_grid_cap_set, once per
 * hold or start, with the cap solved) and preempts them through the core
 * (world_job_preempt).
 *
 * State: struct cap_sub below. Hooks: power (hold the cap at every change
 * of the draw), only with a capacity; the battery and the grid meters
 * follow it in the list.
 *
 * Cost: nothing without a cap; with one, an admission or a hold is one
 * pure evaluation when the cap in force stands and a bound shows that 1 W
 * more would not fit (surely_over), two when the bound cannot tell
 * (near_cap_in_force); a move goes to where the draw meets the limit,
 * predicted from the exact IT and the facility's measured rise per W of
 * it (predicted_cap), and takes one or two evaluations (predicted_fit);
 * Brent's search otherwise. A solve looks up the draws it has tried
 * (struct cap_eval). An evaluation (world_draw_at)
 * stages the classes that move alike together over the chain's
 * last-level units and interpolates once per unit touched; one at the
 * cap in force touches only the starting job's units. The cap found is
 * applied once: each power group's racks, node sets and zones move once
 * (facility_groups.c) and its running jobs get their speed and end event
 * once per hold, not once per solver step.
 */
#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "largest_fit.h"
#include "run_core.h"

struct cap_sub {
	int on;                 /* the scenario has a capacity */
	double cap_w;           /* the connection's capacity now */
	int *refused_gpus;      /* per power group: smallest job refused this dispatch */
	uint64_t power_blocked; /* queued jobs whose last try failed for power */
	struct meter cap_meter; /* capacity, W (0 without a cap) */
	struct meter at_cap;    /* 1 while the cap binds */
	uint64_t power_delayed; /* measured jobs refused for power at least once */
	uint64_t power_delayed_started;
	double power_added_wait_s; /* first refusal to start, those that started */
	uint64_t preemptions;
	uint64_t stops;         /* jobs stopped for power, warm-up included */
	double lost_gpu_s;      /* GPU-seconds of work lost to preemption */
	double last_cap;        /* cap_meter's integral at the last sample */
	int violated;           /* even the idle facility drew more than the cap */
	sim_time violation_at;
	double violation_w;
	/* the draw with no start at the admission floor (NAN until needed),
	 * its lower bound, and the state they were evaluated in
	 * (surely_refused) */
	double floor_draw, floor_lower, floor_at_w, floor_cap, floor_limit, floor_floor;
	sim_time floor_at;
	uint64_t floor_running;
	int floor_free;
	size_t floor_flush;
	/* the facility's rise per W of its IT's, between two trials of the
	 * last solve that measured it (predicted_cap); NAN before */
	double rise_ratio;
};

static struct cap_sub *cap_of(const struct world *w)
{
	return w->sub[RUN_SUB_CAP];
}

static double capacity_at(const struct world *w, size_t h)
{
	const struct grid_spec *g = &w->sc->grid;
	return grid_signal_at_local(&g->capacity, scenario_local_hour(w->sc, g->start_day_of_year, h),
				    g->utc_offset_h, h) * 1e6;
}

static void refused(struct world *w, struct job *j, sim_time now);

static int cap_init(struct world *w, void *st)
{
	struct cap_sub *cs = st;
	meter_init(&cs->cap_meter, 0, 0);
	meter_init(&cs->at_cap, 0, 0);
	cs->on = world_has_cap(w);
	cs->floor_at = -1; /* (no draw at the floor kept yet) */
	cs->rise_ratio = (double)NAN;
	if (!cs->on)
		return 0;
	cs->cap_w = capacity_at(w, 0);
	meter_set(&cs->cap_meter, 0, cs->cap_w);
	cs->refused_gpus = calloc(w->n_groups ? w->n_groups : 1, sizeof *cs->refused_gpus);
	return cs->refused_gpus ? RUN_HOOK_POWER : -1;
}

static void cap_fini(struct world *w, void *st)
{
	(void)w;
	free(((struct cap_sub *)st)->refused_gpus);
}

double world_cap_capacity_w(const struct world *w)
{
	const struct cap_sub *cs = cap_of(w);
	return cs->on ? cs->cap_w : (double)INFINITY;
}

void world_cap_hour(struct world *w, sim_time now, size_t h)
{
	struct cap_sub *cs = cap_of(w);
	cs->cap_w = capacity_at(w, h);
	meter_set(&cs->cap_meter, now, cs->cap_w);
}

static double lowest_limit(const struct world *w)
{
	return world_cooling_floor_w(w);
}

/* How far running jobs may be throttled before jobs are suspended. */
static double running_floor(const struct world *w)
{
	const struct grid_spec *g = &w->sc->grid;
	if (g->policy == GRID_THROTTLE_THEN_QUEUE)
		return fmax(g->throttle_floor * w->gpu.tdp_w, lowest_limit(w));
	return lowest_limit(w);
}

/* How far a job's start may throttle the others; c0 the cap before it. */
static double admit_floor(const struct world *w, double c0)
{
	switch (w->sc->grid.policy) {
	case GRID_THROTTLE:
	case GRID_THROTTLE_THEN_QUEUE:
		return running_floor(w);
	case GRID_QUEUE:
	case GRID_PREEMPT:
		break;
	}
	return c0 > 0 ? c0 : w->gpu.tdp_w; /* no tighter than now */
}

/* The running job to stop first: the newest of a preemptible class, else
 * (only_preemptible == 0) the newest of any. NULL if none. */
static struct job *newest_victim(const struct world *w, int only_preemptible)
{
	struct job *best = NULL;
	for (int pass = 0; pass < 2 && !best; pass++) {
		if (pass == 1 && only_preemptible)
			break;
		for (size_t k = 0; k < w->sc->n_classes; k++) {
			if (pass == 0 && !w->sc->classes[k].preemptible)
				continue;
			for (size_t g = w->group_first[k]; g < w->group_first[k + 1]; g++) {
				struct job *j = w->groups[g].running; /* lists are newest first */
				if (j && (!best || j->run_since > best->run_since ||
					  (j->run_since == best->run_since && j->id > best->id)))
					best = j;
			}
		}
	}
	return best;
}

/* Stop v for power; the window's KPIs count it. */
static void preempt(struct world *w, struct job *v, sim_time now)
{
	struct cap_sub *cs = cap_of(w);
	double lost = world_job_preempt(w, v, now);
	cs->floor_at = -1; /* the state moved: the draw at the floor with it */
	cs->stops++;
	if (now >= w->warmup) {
		cs->lost_gpu_s += lost;
		cs->preemptions++;
	}
}

/* Could stopping every preemptible job make room? Their IT power scaled by
 * the facility's overhead now must cover the excess (W). */
static int preemption_could_fit(const struct world *w, double excess)
{
	double it = facility_it_w(&w->fac), freed = 0;
	for (size_t k = 0; k < w->sc->n_classes; k++) {
		if (!w->sc->classes[k].preemptible)
			continue;
		for (size_t g = w->group_first[k]; g < w->group_first[k + 1]; g++) {
			const struct power_group *cp = &w->groups[g];
			for (const struct job *j = cp->running; j; j = j->run_next)
				freed += j->gpus * (j->gpu_w - w->gpu.idle_w + cp->host_w);
		}
	}
	double overhead = it > 0 ? w->facility_w.value / it : 1;
	return freed * overhead >= excess;
}

/* What the facility may draw now: the capacity plus what the battery can
 * shave (its charge now). */
static double limit_now(struct world *w, sim_time now)
{
	world_battery_flush(w, now);
	return cap_of(w)->cap_w + world_battery_shave_w(w);
}

/* The trials of one solve: the facility with j (NULL: none) under limit,
 * and the draws already evaluated. Brent's set re-evaluates the ends that
 * largest_fit and the bracket round c0 have just tried, and the solve then
 * reads the draw at the cap it found, which the search has tried too:
 * world_draw_at is pure and the run does not change during a solve, so
 * a draw tried before is looked up, the same bits, instead of walking
 * the chain again (about a third of a full solve's trials). */
#define CAP_MEMO 16
struct cap_eval {
	const struct world *w;
	const struct job *j;
	double limit;
	int n;                 /* draws kept, at most CAP_MEMO (then the oldest go) */
	double c[CAP_MEMO], draw[CAP_MEMO];
};

static double draw_at(struct cap_eval *t, double c)
{
	int kept = t->n < CAP_MEMO ? t->n : CAP_MEMO;
	for (int i = 0; i < kept; i++)
		if (t->c[i] == c)
			return t->draw[i];
	double d = world_draw_at(t->w, t->j, c);
	t->c[t->n % CAP_MEMO] = c;
	t->draw[t->n % CAP_MEMO] = d;
	t->n++;
	return d;
}

static double excess_eval(double c, void *p)
{
	struct cap_eval *t = p;
	return draw_at(t, c) - t->limit;
}

/* The draw at c if the solve has tried it (1), else 0. */
static int tried(const struct cap_eval *t, double c, double *draw)
{
	int kept = t->n < CAP_MEMO ? t->n : CAP_MEMO;
	for (int i = 0; i < kept; i++)
		if (t->c[i] == c) {
			*draw = t->draw[i];
			return 1;
		}
	return 0;
}

/* The bound's margin, relative to the limit: it decides only when it
 * clears the limit by more than the evaluations' rounding (about 1e-13
 * of the draw). */
#define CAP_BOUND_MARGIN 1e-9

/*
 * The facility at hi surely does not fit, from its draw d_lo at lo < hi
 * and a lower bound of the rise (world_draw_rise_factor x the IT the
 * computing GPUs add, world_draw_it_rise: O(power groups x zones), where
 * a trial walks every chain unit the groups feed). Built with
 * DCSIM_VERIFY_BOUNDS (the sanitizer build of make test) the trial is
 * made anyway and must agree, so every capped test checks the bound.
 */
static int surely_over(struct cap_eval *t, double lo, double d_lo, double hi)
{
	double f = world_draw_rise_factor(t->w), it = world_draw_it_rise(t->w, t->j, lo, hi);
	if (!(f > 0 && it > 0 && d_lo + f * it > t->limit + CAP_BOUND_MARGIN * fabs(t->limit)))
		return 0;
#ifdef DCSIM_VERIFY_BOUNDS
	assert(draw_at(t, hi) > t->limit);
#endif
	return 1;
}

/* The IT the computing GPUs (and the solve's job) would add, or take off
 * (negative), if the cap went from the anchor to c: increasing in c. */
struct it_move {
	struct cap_eval *t;
	double c0, need;
};

static double it_move_excess(double c, void *p)
{
	const struct it_move *m = p;
	double it = c >= m->c0 ? world_draw_it_rise(m->t->w, m->t->j, m->c0, c)
			       : -world_draw_it_rise(m->t->w, m->t->j, c, m->c0);
	return it - m->need;
}

/*
 * Where the facility's draw would meet the limit, from the draw d0 at the
 * cap c0 (the cap in force; or TDP for none, which caps nothing), without
 * a trial: the IT the computing GPUs add between c0 and a cap c is exact
 * from the aggregates (world_draw_it_rise) and piecewise linear in c (a
 * group stops moving once the cap passes what it wants), and the
 * facility's draw moves by a nearly constant multiple of it over a few
 * watts (the chain's losses and the cooling: the ratio the last solve
 * measured, cap_sub.rise_ratio). GSL's Brent on the IT alone (largest_fit,
 * to 0.01 W), each step O(power groups x zones). Above TDP when even no
 * cap would leave room; NAN when there is no ratio yet, a thermal cap is
 * in force, or no cap down to 1 W would fit.
 */
static double predicted_cap(struct cap_eval *t, double c0, double d0)
{
	double r = cap_of(t->w)->rise_ratio, tdp = t->w->gpu.tdp_w;
	if (!(r > 0) || t->w->n_zone_caps != 0) /* (the IT's rise then NAN) */
		return (double)NAN;
	struct it_move m = { t, c0, (t->limit - d0) / r };
	/* secant steps from c0 first (the IT is linear near it, so one or
	 * two usually land), Brent when they stall on a flat piece */
	double c = c0 + (m.need > 0 ? 1 : -1);
	for (int i = 0; i < 8; i++) {
		double it = it_move_excess(c, &m) + m.need;
		if (!(fabs(it) > 0))
			break;
		double next = c0 + m.need * (c - c0) / it;
		if (fabs(next - c) < 0.01 && next <= tdp && next >= 1)
			return next;
		c = next;
		if (!(c <= tdp && c >= 1))
			break;
	}
	if (m.need >= 0)
		return it_move_excess(tdp, &m) <= 0 ? tdp + 1
						    : largest_fit(it_move_excess, &m, c0, tdp, 0.01, 0);
	if (it_move_excess(1, &m) > 0)
		return (double)NAN;
	return largest_fit(it_move_excess, &m, 1, c0, 0.01, 0);
}

/* The ratio of the facility's rise to its IT's between two trials of a
 * solve, kept for the next prediction (predicted_cap), when the IT moved
 * enough to measure it (a hundred W: the draws' rounding is 1e-13 of
 * them). */
static void learn_ratio(struct cap_eval *t, double ca, double da, double cb, double db)
{
	double lo = ca < cb ? ca : cb, hi = ca < cb ? cb : ca;
	double it = world_draw_it_rise(t->w, t->j, lo, hi);
	if (it > 100 && ca != cb)
		cap_of(t->w)->rise_ratio = (ca < cb ? db - da : da - db) / it;
}

/*
 * The highest fit from where the draw is predicted to meet the limit:
 * when the solve has tried c0 and c0 + 1 (or c0 - 1), the line through
 * them; else predicted_cap, from the exact IT and the measured ratio.
 * The facility's draw is smooth in the cap over a few watts (IT is linear
 * in it, losses and cooling nearly so), so the prediction is usually
 * within a fraction of a watt. Two caps 0.9 W apart round it, a below and
 * b above: when a fits and b does not (surely_over often tells without a
 * trial), the highest fit is in [a, b) and a is within the solve's 1 W
 * (1 with *cap = a). Otherwise *lo or *hi narrow to what the two showed,
 * for the full search. Each trial also measures the ratio for the next
 * prediction (learn_ratio). Most changes of the cap at a binding cap are
 * answered here in one trial, where Brent's search over a bracket of 20 W
 * took five or six (each walks the chain).
 */
static int predicted_fit(struct cap_eval *t, double c0, double *lo, double *hi, double *cap)
{
	double d0, d1, c1 = c0 + 1, c;
	if (!(c0 > 0) || !tried(t, c0 < t->w->gpu.tdp_w ? c0 : 0, &d0))
		return 0;
	if (tried(t, c1, &d1) || tried(t, c1 = c0 - 1, &d1)) { /* a pair: its slope */
		learn_ratio(t, c0, d0, c1, d1);
		double slope = (d1 - d0) / (c1 - c0);
		if (!(slope > 0))
			return 0;
		c = c0 + (t->limit - d0) / slope;
	} else if (isnan(c = predicted_cap(t, c0, d0)))
		return 0;
	double a = c - 0.45, b = c + 0.45;
	if (!(a > *lo && b < *hi))
		return 0;
	double da = draw_at(t, a);
	learn_ratio(t, c0, d0, a, da);
	if (da > t->limit) {
		*hi = a;
		return 0;
	}
	/* b surely over, from the bound (0.9 W more on every capped GPU
	 * adds more than the room a leaves when the prediction is good);
	 * else its trial */
	if (!surely_over(t, a, da, b) && excess_eval(b, t) <= 0) {
		*lo = b;
		return 0;
	}
	*cap = a;
	return 1;
}

/* The policies whose starts may tighten the grid's cap. Only they let
 * the cap in force stand within the tolerance (near_cap_in_force): under
 * queue and preempt a start may not tighten it, so the up to 1 W per GPU
 * a standing cap leaves unused would decide which jobs start (measured on
 * the 50 MW campus under preempt: 11% more preemptions, the 95th
 * percentile wait down 80%); there the cap is solved exactly as before. */
static int throttles(const struct world *w)
{
	return w->sc->grid.policy == GRID_THROTTLE || w->sc->grid.policy == GRID_THROTTLE_THEN_QUEUE;
}

/* Within the solve's tolerance of the cap in force c0, if it can be: c0
 * itself while it fits and 1 W more would not, or c0 - 1 W when c0 no
 * longer fits but that does (the highest cap that fits is then in [c0 -
 * 1, c0)). Either is within 1 W of the highest fit, as the full solve
 * is, and a cap that stands re-rates no job: on a campus at its cap most
 * events move the highest fit by less than 1 W per GPU (an 8-GPU job is
 * 0.15 W across 38,400 GPUs), so this answers most holds and admissions
 * in two trials and leaves the running jobs as they are. 1 with *cap and
 * *draw; -1 when c0 - 1 (or c0, when that is the floor) does not fit,
 * *over that cap; 0 if it cannot tell. The trials are t's (the draw
 * at c0 may be known already). */
static int near_cap_in_force(struct cap_eval *t, double floor, double *cap, double *draw,
			     double *over)
{
	const struct world *w = t->w;
	double c0 = w->grid_cap_w, tdp = w->gpu.tdp_w, limit = t->limit;
	if (!(c0 > 0 && c0 >= floor && c0 + 1 < tdp))
		return 0;
	double d0 = draw_at(t, c0);
	/* where the draw meets the limit, predicted (NAN: no ratio yet): a
	 * move of more than a watt then goes to predicted_fit without the
	 * trial at c0 + 1 or c0 - 1, which only a cap that may stand or
	 * step by 1 W needs (applying a move costs more than a trial) */
	if (d0 <= limit) {
		/* 1 W more surely over, from the bound; else the trial */
		if (!surely_over(t, c0, d0, c0 + 1) &&
		    (predicted_cap(t, c0, d0) >= c0 + 1.45 || draw_at(t, c0 + 1) <= limit))
			return 0;
		*cap = c0;
		*draw = d0;
		return 1;
	}
	*over = c0;
	if (c0 - 1 < floor)
		return -1;
	/* a cap in force near the floor (throttle_then_queue at its floor):
	 * the floor first, as a start that does not fit there is refused
	 * whatever c0 - 1 gives (the same answer, one trial fewer) */
	if (c0 - floor <= 10 && draw_at(t, floor) > limit) {
		*over = floor;
		return -1;
	}
	if (predicted_cap(t, c0, d0) < c0 - 1.45)
		return -1;
	double d1 = draw_at(t, c0 - 1);
	if (d1 > limit) {
		*over = c0 - 1;
		return -1;
	}
	*cap = c0 - 1;
	*draw = d1;
	return 1;
}

/* The highest grid cap >= floor at which the facility with j (NULL:
 * none) would fit under limit, to 1 W per GPU (about 0.15% of an H100's
 * TDP: the facility ends that close under the limit), over world_draw_at;
 * 1 with *cap there, 0 (*cap the floor, or 0 when the floor allows no
 * cap) if none; *draw the facility's draw at *cap. Pure. A floor at or
 * above TDP allows no cap. The cap in force stands, or moves by 1 W, when
 * that is within the tolerance (near_cap_in_force); else the search
 * starts from it, as the next cap is usually close. d_c0: the draw at the
 * cap in force if the caller has it, else NAN. The draw rises with the
 * cap, so a cap in force that must stand or tighten means no cap would
 * not fit either, and a start refused at the floor costs one more trial. */
static int solve_at(const struct world *w, const struct job *j, double limit, double floor,
		    double d_c0, double *cap, double *draw)
{
	double c0 = w->grid_cap_w, tdp = w->gpu.tdp_w, over = tdp;
	struct cap_eval t = { .w = w, .j = j, .limit = limit };
	if (!isnan(d_c0)) { /* the caller's draw at c0 */
		t.c[0] = c0;
		t.draw[0] = d_c0;
		t.n = 1;
	}
	int near = throttles(w) ? near_cap_in_force(&t, floor, cap, draw, &over) : 0;
	if (near > 0)
		return 1;
	if (near < 0) { /* tighter than the cap in force */
		double lo = floor, hi = over;
		/* the prediction first: a cap at or above the floor that fits
		 * means the floor fits too (the draw rises with the cap) */
		if (predicted_fit(&t, c0, &lo, &hi, cap)) {
			*draw = draw_at(&t, *cap);
			return 1;
		}
		*cap = floor;
		*draw = draw_at(&t, floor);
		if (*draw > limit)
			return 0;
		if (lo < hi)
			*cap = largest_fit(excess_eval, &t, lo, hi, 1.0, 0);
		*draw = draw_at(&t, *cap);
		return *draw <= limit;
	}
	double lo = floor, hi = tdp;
	/* (a predicted cap below TDP that does not fit 0.45 W above means no
	 * cap would not fit either: the draw rises with the cap) */
	if (near == 0 && throttles(w) && floor < tdp && predicted_fit(&t, c0, &lo, &hi, cap)) {
		*draw = draw_at(&t, *cap);
		return *draw <= limit;
	}
	*cap = 0;
	*draw = draw_at(&t, 0);
	if (*draw <= limit)
		return 1;
	if (floor >= tdp)
		return 0;
	/* no cap in force, one needed (a start, or a hotter hour): predicted
	 * down from the uncapped draw (a cap at TDP caps nothing), where
	 * Brent over the whole range took a dozen trials */
	if (c0 == 0 && throttles(w) && lo == floor && hi == tdp &&
	    predicted_fit(&t, tdp, &lo, &hi, cap)) {
		*draw = draw_at(&t, *cap);
		return *draw <= limit;
	}
	if (lo == floor && hi == tdp && c0 > floor + 10 && c0 < tdp - 10) { /* round c0 */
		if (excess_eval(c0 - 10, &t) > 0)
			hi = c0 - 10;
		else if (excess_eval(c0 + 10, &t) > 0)
			lo = c0 - 10, hi = c0 + 10;
		else
			lo = c0 + 10;
	}
	*cap = largest_fit(excess_eval, &t, lo, hi, 1.0, 0);
	*draw = draw_at(&t, *cap);
	return *draw <= limit;
}

/* Preempt preemptible jobs, newest first, until j would fit under limit
 * with the grid's cap no tighter than c0; 1 if it would. Each stop is
 * real and settled before the next evaluation. */
static int preempt_until_fits_at(struct world *w, const struct job *j, double limit, double c0,
				 sim_time now, double *cap, double *draw)
{
	double floor = c0 > 0 ? c0 : w->gpu.tdp_w;
	struct job *v;
	int fits;
	while (!(fits = solve_at(w, j, limit, floor, (double)NAN, cap, draw)) &&
	       (v = newest_victim(w, 1)) != NULL) {
		preempt(w, v, now);
		world_facility_settle(w, now);
	}
	return fits;
}

/*
 * Hold the capacity with no job starting: under preempt, stop preemptible
 * jobs first (the cap no tighter than now); then the highest cap down to
 * the running floor; past the floor, suspend running jobs, newest first
 * (a preemptible one before others), until it fits. Every solve is over
 * the pure evaluation; the cap found is applied once (world_grid_cap_set:
 * re-rate once, move ends once). If that settle moved a thermal cap and
 * the facility no longer fits (the evaluation held the thermal caps), it
 * is held again from there: each pass starts from the thermal caps the
 * last one left, and a few settle it.
 */
static void hold(struct world *w, double limit, sim_time now)
{
	struct cap_sub *cs = cap_of(w);
	const double floor = running_floor(w);
	int fits = 1;
	for (int pass = 0; pass <= (int)w->sc->n_zones + 1; pass++) {
		double c, draw;
		if (w->sc->grid.policy == GRID_PREEMPT)
			preempt_until_fits_at(w, NULL, limit, w->grid_cap_w, now, &c, &draw);
		fits = solve_at(w, NULL, limit, floor, (double)NAN, &c, &draw);
		struct job *v;
		while (!fits && (v = newest_victim(w, 0)) != NULL) {
			preempt(w, v, now);
			world_facility_settle(w, now);
			fits = solve_at(w, NULL, limit, floor, (double)NAN, &c, &draw);
		}
		uint64_t moves = w->zone_cap_moves;
		world_grid_cap_set(w, c, now);
		int moved = w->zone_cap_moves != moves;
		/* the evaluation is the settle, to rounding, but for a moved
		 * thermal cap (NAN: a bound decided, no evaluation was made) */
		assert(moved || isnan(draw) || world_close_enough(w->facility_w.value, draw));
		if (!moved || w->facility_w.value <= limit)
			break;
	}
	/* fits: within rounding of the limit (the grid's check allows 1e-9) */
	if (!fits && w->facility_w.value > limit && !cs->violated) {
		cs->violated = 1;
		cs->violation_at = now;
		cs->violation_w = w->facility_w.value;
	}
}

/* The power op: the draw changed with no job starting (a job ended, a
 * hotter hour, a lower capacity, an empty battery): hold the capacity,
 * and lift the grid's cap as far as it fits. */
static void cap_power(struct world *w, void *st, sim_time now)
{
	struct cap_sub *cs = st;
	cs->floor_at = -1; /* the draw changed: so may the draw at the floor */
	double limit = limit_now(w, now);
	/* A job ended under a throttling cap and the facility fits as it is:
	 * lifting the cap can wait for the dispatch that follows at this
	 * tick (world_cap_dispatch_end), whose starts take the power back.
	 * Raised now and tightened by the start, the cap moved twice, every
	 * running job re-rated twice; the two instants have no length, so
	 * no integral sees the difference. */
	if (w->dispatch_follows && throttles(w) && w->grid_cap_w != 0 &&
	    w->facility_w.value <= limit) {
		w->cap_hold_pending = 1;
		return;
	}
	if (w->grid_cap_w != 0 || w->facility_w.value > limit)
		hold(w, limit, now);
	world_cap_binding(w, now);
}

/*
 * Refused without a trial: the facility at the floor with no start, plus
 * j's own GPUs and hosts at the floor (times world_draw_rise_factor: a
 * lower bound of what j adds, as losses and cooling rise with it but for
 * the chain's dips), is over the limit by more than a watt. Under
 * throttle_then_queue at its floor, a dispatch tries every waiting job,
 * and each refusal took one or two trials walking the whole chain; the
 * facility's draw at the floor is the same for all of them until
 * something starts, so it is bounded from below once per state
 * (world_draw_at_lower: no chain walk) and evaluated only when the bound
 * cannot tell a job, once per state too. Only
 * without thermal caps (they could hold j below the floor's draw) and
 * for the throttling policies (preempt reads the draw at the floor).
 */
static int surely_refused(struct world *w, const struct job *j, double limit, double floor,
			  sim_time now)
{
	struct cap_sub *cs = cap_of(w);
	if (!throttles(w) || w->n_zone_caps != 0 || !(floor < w->gpu.tdp_w))
		return 0;
	/* Kept until the state moves: every change of the facility's draw
	 * comes through the power op, a start through world_cap_settled and
	 * a stop for power through preempt, and each forgets it (floor_at
	 * -1); so does the chain's flush at a sample, which re-derives its
	 * units to the last bit. Not the tick: an arrival that starts nothing
	 * leaves the draw at the floor as it was. */
	if (cs->floor_at < 0 || cs->floor_flush != w->chain.n_flush ||
	    cs->floor_at_w != w->facility_w.value ||
	    cs->floor_cap != w->grid_cap_w || cs->floor_limit != limit || cs->floor_floor != floor ||
	    cs->floor_running != w->all.running || cs->floor_free != w->fac.free_gpus) {
		/* the bound now, the draw itself only if the bound cannot tell */
		cs->floor_draw = (double)NAN;
		cs->floor_lower = world_draw_at_lower(w, floor);
#ifdef DCSIM_VERIFY_BOUNDS
		assert(!(cs->floor_lower > world_draw_at(w, NULL, floor) +
					   1e-9 * fabs(cs->floor_lower)));
#endif
		cs->floor_running = w->all.running;
		cs->floor_free = w->fac.free_gpus;
		cs->floor_flush = w->chain.n_flush;
		cs->floor_at = now;
		cs->floor_at_w = w->facility_w.value;
		cs->floor_cap = w->grid_cap_w;
		cs->floor_limit = limit;
		cs->floor_floor = floor;
	}
#ifdef DCSIM_VERIFY_BOUNDS
	else if (!isnan(cs->floor_draw)) /* the kept draw is an evaluation's now, to the bit */
		assert(world_draw_at(w, NULL, floor) == cs->floor_draw);
#endif
	const struct power_group *cp = &w->groups[j->power_group];
	double cap = world_group_base_cap(w, j->power_group);
	double d = gpu_power_draw_under_cap(cp->want_w, gpu_power_cap_min(cap, floor, 0));
	double fan = 1.0;
	for (int z = 0; z < w->fac.n_zones; z++)
		fan = fmin(fan, facility_zone_gpu_factor(&w->fac, z));
	double it = j->gpus * fan * (d - w->gpu.idle_w + cp->host_w);
	/* j's IT at least (a share of it: the chain's losses may dip by a
	 * few per cent of a load, world_draw_rise_factor) */
	double f = world_draw_rise_factor(w);
	if (!(f > 0))
		return 0;
	double need = limit + 1.0 - f * it; /* refused if the floor draws more */
	if (cs->floor_lower > need)
		return 1;
	if (isnan(cs->floor_draw))
		cs->floor_draw = world_draw_at(w, NULL, floor);
	return cs->floor_draw > need;
}

struct cap_admission world_cap_admit(struct world *w, struct job *j, sim_time now)
{
	double c0 = w->grid_cap_w, limit = limit_now(w, now), floor = admit_floor(w, c0);
	uint64_t stopped = cap_of(w)->stops;
	struct cap_admission a = { 0, c0, (double)NAN };
	/* a job already waiting for power, refused at once when even the
	 * floor's lower bound cannot fit it (c0 >= floor, so the draw at c0
	 * is no less); a job that does not fit at a cap in force near the
	 * floor the same way (far above it, the floor has room) */
	int refuse = j->power_blocked && !(c0 > 0 && c0 < floor) &&
		     surely_refused(w, j, limit, floor, now);
	if (!refuse) {
		a.fits = 1;
		a.draw_w = world_draw_at(w, j, c0);
		refuse = a.draw_w > limit && c0 > 0 && c0 - floor <= 10 && /* (near it) */
			 surely_refused(w, j, limit, floor, now);
	}
	if (refuse)
		a.fits = 0;
	else if (c0 != 0 || a.draw_w > limit) {
		a.fits = solve_at(w, j, limit, floor, a.draw_w, &a.cap_w, &a.draw_w);
		if (!a.fits && w->sc->grid.policy == GRID_PREEMPT &&
		    !w->sc->classes[j->class_index].preemptible &&
		    preemption_could_fit(w, a.draw_w - limit))
			a.fits = preempt_until_fits_at(w, j, limit, c0, now, &a.cap_w, &a.draw_w);
	}
	if (!a.fits) {
		a.cap_w = w->grid_cap_w;
		refused(w, j, now);
		if (cap_of(w)->stops != stopped) { /* the stops stand: follow them */
			world_cap_binding(w, now);
			world_power_follow(w, now, RUN_SUB_CAP + 1);
		}
	}
	return a;
}

void world_cap_settled(struct world *w, double predicted, int thermal_moved, sim_time now)
{
	assert(w->settling);
	cap_of(w)->floor_at = -1; /* a start: the draw at the floor moved */
	/* the evaluation is the settle, to rounding, but for a moved thermal cap */
	assert(thermal_moved || isnan(predicted) ||
	       fabs(w->facility_w.value - predicted) <= 1e-9 * fabs(w->facility_w.value));
	(void)predicted;
	(void)thermal_moved;
	if (w->facility_w.value > limit_now(w, now)) {
		world_power_follow(w, now, RUN_SUB_CAP); /* hold it, then the rest follow */
		return;
	}
	world_cap_binding(w, now);
	world_power_follow(w, now, RUN_SUB_CAP + 1);
}

/*
 * A load that is not a job (an inference replica's start, at its full
 * batch): the pure evaluation at the tightest grid cap the policy lets a
 * start impose (the cap in force under queue and preempt, the floor under
 * the throttle policies; the draw rises with the cap, so it fits there or
 * nowhere). The cap itself is then solved by the hold that follows the
 * start's change of draw, as for any rise of the draw.
 */
int world_cap_fits_load(struct world *w, const struct job *place, double want_w, double host_w,
			sim_time now)
{
	double c0 = w->grid_cap_w, limit = limit_now(w, now);
	double c = throttles(w) ? admit_floor(w, c0) : c0;
	return world_draw_at_load(w, place, want_w, host_w, c) <= limit;
}

/* Surely refused without a trial: the grid's cap is in force and the
 * policy lets no start tighten it, or the job's own GPUs and hosts alone
 * (a lower bound: cooling and losses only add) do not fit. */
static int cannot_fit(const struct world *w, const struct job *j)
{
	const struct grid_spec *g = &w->sc->grid;
	int no_throttle = g->policy == GRID_QUEUE ||
			  (g->policy == GRID_PREEMPT && w->sc->classes[j->class_index].preemptible);
	if (!no_throttle)
		return 0;
	if (w->grid_cap_w > 0)
		return 1;
	const struct power_group *cp = &w->groups[j->power_group];
	double rise = j->gpus * (cp->draw_w - w->gpu.idle_w + cp->host_w) *
		      world_draw_rise_factor(w); /* (losses may dip a little) */
	return w->facility_w.value + rise > cap_of(w)->cap_w + world_battery_shave_w(w);
}

int world_cap_quick_refuse(struct world *w, struct job *j)
{
	if (j->gpus > w->fac.free_gpus)
		return 0; /* no room anyway: placement will say so */
	int r = cap_of(w)->refused_gpus[j->power_group];
	/* a job as large of the same power group (the same draw per GPU) was
	 * refused for power at this very dispatch (nothing has freed power
	 * since), or it cannot fit */
	if ((r > 0 && j->gpus >= r) || cannot_fit(w, j)) {
		refused(w, j, sim_now(w->sim));
		return 1;
	}
	/* a job already waiting for power that admission would refuse at
	 * once (surely_refused needs its size, not its GPUs): refused before
	 * its GPUs are chosen, when the placement surely has room (else it
	 * waits for GPUs, as placement then says), the same answer without
	 * choosing the GPUs of a 2,048-GPU job at every dispatch */
	sim_time now = sim_now(w->sim);
	double c0 = w->grid_cap_w, floor = admit_floor(w, c0);
	if (j->power_blocked && !(c0 > 0 && c0 < floor) && facility_would_fit(&w->fac, j->gpus) == 1 &&
	    surely_refused(w, j, limit_now(w, now), floor, now)) {
		refused(w, j, now);
		return 1;
	}
	return 0;
}

static void refused(struct world *w, struct job *j, sim_time now)
{
	struct cap_sub *cs = cap_of(w);
	if (!j->power_blocked) {
		j->power_blocked = 1;
		cs->power_blocked++;
	}
	if (j->power_wait_from < 0) {
		j->power_wait_from = now;
		if (j->measured)
			cs->power_delayed++;
	}
	int *r = &cs->refused_gpus[j->power_group];
	if (*r == 0 || j->gpus < *r)
		*r = j->gpus;
}

void world_cap_no_gpus(struct world *w, struct job *j)
{
	if (j->power_blocked) {
		j->power_blocked = 0;
		cap_of(w)->power_blocked--;
	}
}

void world_cap_started(struct world *w, struct job *j, sim_time now)
{
	struct cap_sub *cs = cap_of(w);
	world_cap_no_gpus(w, j);
	if (j->starts == 1 && j->power_wait_from >= 0 && j->measured) {
		cs->power_delayed_started++;
		cs->power_added_wait_s += clock_to_s(now - j->power_wait_from);
	}
}

void world_cap_dispatch_end(struct world *w, sim_time now)
{
	w->cap_hold_pending = 0;
	cap_power(w, cap_of(w), now); /* (then the power ops after the cap's) */
	world_power_follow(w, now, RUN_SUB_CAP + 1);
}

void world_cap_dispatch_begin(struct world *w)
{
	struct cap_sub *cs = cap_of(w);
	if (cs->on)
		memset(cs->refused_gpus, 0, w->n_groups * sizeof *cs->refused_gpus);
}

void world_cap_binding(struct world *w, sim_time now)
{
	struct cap_sub *cs = cap_of(w);
	if (!cs->on)
		return;
	int binds = w->grid_gpus.value > 0 || cs->power_blocked > 0 ||
		    w->facility_w.value > cs->cap_w;
	meter_set(&cs->at_cap, now, binds);
}

static void cap_mark(struct world *w, void *st, sim_time now)
{
	(void)w;
	struct cap_sub *cs = st;
	meter_mark(&cs->cap_meter, now);
	meter_mark(&cs->at_cap, now);
}

static void cap_flush(struct world *w, void *st, sim_time now)
{
	(void)w;
	struct cap_sub *cs = st;
	meter_flush(&cs->cap_meter, now);
	meter_flush(&cs->at_cap, now);
}

static void cap_sample(struct world *w, void *st, double span, struct ts_row *row)
{
	(void)w;
	struct cap_sub *cs = st;
	row->capacity_kw = cs->on ? (cs->cap_meter.integral - cs->last_cap) / span / 1e3
				  : (double)NAN;
	cs->last_cap = cs->cap_meter.integral;
}

static int cap_kpis(struct world *w, void *st, struct run_kpis *k, double window)
{
	(void)window;
	struct cap_sub *cs = st;
	double h = (double)SIM_TICKS_PER_H;
	k->hours_at_cap = meter_window(&cs->at_cap) / h;
	k->grid_throttled_gpu_hours = meter_window(&w->grid_gpus) / h;
	k->power_delayed_jobs = cs->power_delayed;
	k->power_added_wait_mean_h = cs->power_delayed_started
					     ? cs->power_added_wait_s / 3600.0 /
						       (double)cs->power_delayed_started
					     : (double)NAN;
	k->jobs_preempted = cs->preemptions;
	k->preempted_work_lost_gpu_hours = cs->lost_gpu_s / 3600.0;
	/* the battery adds its discharge (it follows in the list) */
	k->energy_shifted_mwh = world_w_tick_to_mwh(meter_window(&w->grid_held_w));
	return 0;
}

/* A capacity below the idle facility's draw cannot be held: the run fails. */
static int cap_check(struct world *w, void *st, struct diag *d)
{
	struct cap_sub *cs = st;
	if (!cs->violated)
		return 0;
	diag_add(d, "%s: grid.capacity_mw: %.3f MW at hour %.2f is below the facility's "
		 "draw with every job stopped (%.3f MW: idle IT, losses and cooling); the "
		 "capacity must cover the idle facility", w->sc->source,
		 cs->cap_w / 1e6, clock_to_h(cs->violation_at), cs->violation_w / 1e6);
	return -1;
}

const struct run_sub_ops world_cap_ops = {
	.name = "grid cap",
	.size = sizeof(struct cap_sub),
	.init = cap_init,
	.fini = cap_fini,
	.power = cap_power,
	.mark = cap_mark,
	.flush = cap_flush,
	.sample = cap_sample,
	.kpis = cap_kpis,
	.check = cap_check,
};
