/*
 * power_chain.c - losses through the distribution chain, integrated exactly.
 *
 * A change of a rack's draw is kept as pending on its unit; a settle walks
 * the pending units up, level by level (PDU, UPS, transformer...): each
 * unit's output moves by the sum of its children's changes, its loss is
 * re-read from the efficiency curve, and its input change is what the unit
 * above sees. Cost: one interpolation per unit touched since the last
 * settle, however often its racks changed. Invariants: every unit's
 * input = output + loss; a unit's output = the sum of its children's inputs
 * (the racks' draws at the last level). Both are checked at the end of the
 * run (world_results.c) through the meters.
 *
 * Flushes (each time-series sample, month end and the run's end) cost
 * O(units moved since the last one), not O(racks + units): the resync
 * re-derives only the stale units (a rack of theirs or a child moved),
 * each from its own racks or children in the same order as a full pass,
 * so the same bits; an untouched unit's output, loss and input are
 * already what a full pass would give. Its meters are not flushed at
 * every flush either: the chain keeps the flushes' ticks, and a unit's
 * meters replay the ones they missed (meter_flush at each, the same
 * operations in the same order, so the same integrals and peaks) when
 * the unit next moves, at warm-up's end and at the run's end
 * (power_chain_flush_units). What stays O(units) per flush: the levels'
 * sums, one addition per unit of a level in which some unit moved (a
 * sum in unit order, as the full pass had it). Measured on
 * bench/million_year.json (README, Speed at scale).
 *
 * Presets: the three-term loss model of Rasmussen, "Electrical Efficiency
 * Modeling for Data Centers" (APC/Schneider Electric White Paper 113): a
 * no-load loss, a loss proportional to load and a square-law (I^2 R) loss,
 * each a fraction of the unit's rating; efficiency = x / (x + a + b x + c x^2)
 * at load fraction x. Coefficients per preset below, with their sources.
 */
#include "power_chain.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "grow_array.h"

static const struct eff_preset presets[] = {
	{ "transformer_mv_dry", 0.002, 0.0, 0.008,
	  "medium-voltage dry-type distribution transformer: core (no-load) loss 0.2% and "
	  "winding (square-law) loss 0.8% of rating give 99.2% at 50% load, the US DOE "
	  "minimum for 1,500-2,500 kVA MV dry-type units (10 CFR 431.196, 2016 standard)" },
	{ "ups_double_conversion", 0.01, 0.02, 0.01,
	  "modern double-conversion UPS: 96.2% at full load, 95.7% at 50%, 94.1% at 25%, "
	  "89% at 10%: the shape of White Paper 108/113 (no-load losses dominate at light "
	  "load) scaled to the 95-97% full-load efficiency of current ENERGY STAR "
	  "certified double-conversion UPSs" },
	{ "pdu_transformer", 0.005, 0.0, 0.015,
	  "floor PDU with a 480/208 V transformer: 0.5% no-load and 1.5% square-law loss, "
	  "98.3% at 50% load (White Paper 113 model; dry-type LV transformer losses)" },
	{ "busway", 0.0, 0.0, 0.005,
	  "busway or rack PDU without transformer: I^2 R only, 0.5% at full load "
	  "(99.5% efficient), White Paper 113 wiring term" },
};

const char *const power_chain_redundancy_names[] = { "N", "N+1", "2N", NULL };

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

size_t power_chain_preset_count(void)
{
	return COUNT(presets);
}

const struct eff_preset *power_chain_preset_at(size_t i)
{
	return i < COUNT(presets) ? &presets[i] : NULL;
}

int power_chain_preset_table(const char *name, struct eff_table *t)
{
	for (size_t i = 0; i < COUNT(presets); i++) {
		const struct eff_preset *p = &presets[i];
		if (strcmp(p->name, name) != 0)
			continue;
		t->n = 10;
		for (size_t k = 0; k < t->n; k++) {
			double x = 0.1 * (double)(k + 1);
			t->load[k] = x;
			t->eff[k] = x / (x + p->no_load + p->proportional * x + p->square_law * x * x);
		}
		return 0;
	}
	return -1;
}

double power_chain_usable_w(const struct chain_level_spec *l)
{
	double r = l->rating_kw * 1000.0;
	switch (l->redundancy) {
	case REDUNDANCY_N:
		return r;
	case REDUNDANCY_N_PLUS_1:
		return r * (l->modules - 1) / l->modules;
	case REDUNDANCY_2N:
		return r / 2;
	}
	return r;
}

/* Loss of a unit of level l delivering out_w. */
static inline double unit_loss(const struct chain_level_spec *l, double out_w)
{
	const struct eff_table *t = &l->efficiency;
	double rating = l->rating_kw * 1000.0;
	double x = out_w / rating;
	if (x <= t->load[0]) /* no-load losses hold below the first point */
		return rating * t->load[0] * (1.0 / t->eff[0] - 1.0);
	if (x >= t->load[t->n - 1])
		return out_w * (1.0 / t->eff[t->n - 1] - 1.0);
	return out_w * (1.0 / power_chain_eff_at(t, x) - 1.0);
}

/* Index among n_parent of child i of n_child: contiguous, balanced groups. */
static int parent_of(int i, int n_child, int n_parent)
{
	return (int)((long)i * n_parent / n_child);
}

int power_chain_nameplate(const struct chain_spec *c, int racks, const double *rack_nameplate_w,
			  double *out_w, size_t stride)
{
	if (c->n_levels == 0)
		return 0;
	size_t last = c->n_levels - 1;
	for (size_t l = 0; l < c->n_levels; l++)
		for (int u = 0; u < c->levels[l].units; u++)
			out_w[l * stride + (size_t)u] = 0;
	for (int r = 0; r < racks; r++)
		out_w[last * stride + (size_t)parent_of(r, racks, c->levels[last].units)] +=
			rack_nameplate_w[r];
	for (size_t l = last; l > 0; l--) {
		const struct chain_level_spec *lv = &c->levels[l];
		for (int u = 0; u < lv->units; u++) {
			double out = out_w[l * stride + (size_t)u];
			int p = parent_of(u, lv->units, c->levels[l - 1].units);
			out_w[(l - 1) * stride + (size_t)p] += out + unit_loss(lv, out);
		}
	}
	return 0;
}

int power_chain_indoor_loss_w(const struct chain_spec *c, const double *out_w, size_t stride,
			      double *loss_w)
{
	*loss_w = 0;
	for (size_t l = 0; l < c->n_levels; l++) {
		const struct chain_level_spec *lv = &c->levels[l];
		if (lv->outdoors)
			continue;
		for (int u = 0; u < lv->units; u++)
			*loss_w += unit_loss(lv, out_w[l * stride + (size_t)u]);
	}
	return 0;
}

double power_chain_indoor_loss_now(const struct power_chain *pc)
{
	double w = 0;
	for (size_t l = 0; l < pc->n_levels; l++)
		if (!pc->levels[l].spec->outdoors)
			w += pc->levels[l].loss_w.value;
	return w;
}

/*
 * meter_flush at each of the flushes [from, to) in turn, at its constant
 * level: the same products added in the same order (the first against the
 * meter's last change, the rest the gaps between flushes, kept as
 * doubles), so the same integral, and the peak as the flushes would have
 * moved it. A level of zero adds nothing (0 x dt is +0 and an integral is
 * never -0), so an idle unit's "over" meter replays for free.
 */
static void meter_replay(struct meter *m, const sim_time *at, const double *gap, size_t from,
			 size_t to)
{
	assert(at[from] >= m->t_last);
	double v = m->value;
	if (at[to - 1] > m->t_last && v > m->peak)
		m->peak = v;
	if (v != 0) {
		double integral = m->integral + v * (double)(at[from] - m->t_last);
		for (size_t k = from + 1; k < to; k++)
			integral += v * gap[k];
		m->integral = integral;
	}
	m->t_last = at[to - 1];
}

__attribute__((noinline)) static void unit_replay(const struct power_chain *pc,
						   struct chain_unit *u)
{
	meter_replay(&u->out_w, pc->flush_at, pc->flush_gap, u->flushed, pc->n_flush);
	meter_replay(&u->loss_w, pc->flush_at, pc->flush_gap, u->flushed, pc->n_flush);
	meter_replay(&u->over, pc->flush_at, pc->flush_gap, u->flushed, pc->n_flush);
	u->flushed = pc->n_flush;
}

/* Replay on u's meters the chain's flushes they missed (inline: every
 * settle of a unit asks, and mostly it has missed none). */
static inline void unit_catch_up(const struct power_chain *pc, struct chain_unit *u)
{
	if (u->flushed != pc->n_flush)
		unit_replay(pc, u);
}

/* The level's sums to now, before the first unit_set of it at now. */
static void level_flush(struct chain_level *lv, sim_time now)
{
	meter_flush(&lv->out_w, now);
	meter_flush(&lv->loss_w, now);
}

/*
 * Set unit u of level l to deliver out_w; returns the change of its input.
 * The level's sums are flushed to now (level_flush), so their change is
 * a plain add: a meter_add at the tick of its last flush adds value x 0
 * to the integral and the same delta to the value, the same bits. The
 * "over" meter moves only when it changes: its level is 0 or 1 and the
 * ticks are whole, so one product for two intervals is exactly the sum of
 * two (and the peak the same). A settle sets every unit it moves, under a
 * binding cap at every event (bench/cap_callgrind.sh).
 */
static double unit_set(const struct power_chain *pc, struct chain_level *lv,
		       struct chain_unit *u, double out_w, sim_time now)
{
	unit_catch_up(pc, u);
	double loss = unit_loss(lv->spec, out_w);
	assert(lv->out_w.t_last == now && lv->loss_w.t_last == now);
	lv->out_w.value += out_w - u->out_w.value;
	lv->loss_w.value += loss - u->loss_w.value;
	meter_set(&u->out_w, now, out_w);
	meter_set(&u->loss_w, now, loss);
	double over = out_w > u->usable_w ? 1.0 : 0.0;
	if (over != u->over.value)
		meter_set(&u->over, now, over);
	double in = out_w + loss;
	double d = in - u->in_w;
	u->in_w = in;
	return d;
}

int power_chain_init(struct power_chain *pc, const struct chain_spec *c, int n_racks,
		     const double *rack_w0, const double *rack_nameplate_w, sim_time now)
{
	memset(pc, 0, sizeof *pc);
	pc->n_levels = c->n_levels;
	pc->n_racks = n_racks;
	meter_init(&pc->loss_w, now, 0);
	pc->rack_w = calloc((size_t)n_racks, sizeof *pc->rack_w);
	pc->rack_unit = calloc((size_t)n_racks, sizeof *pc->rack_unit);
	if (!pc->rack_w || !pc->rack_unit)
		goto fail;
	size_t stride = 0;
	for (size_t l = 0; l < c->n_levels; l++)
		if ((size_t)c->levels[l].units > stride)
			stride = (size_t)c->levels[l].units;
	double *np = calloc(c->n_levels * stride + 1, sizeof *np);
	if (!np || power_chain_nameplate(c, n_racks, rack_nameplate_w, np, stride) != 0) {
		free(np);
		goto fail;
	}
	for (size_t l = 0; l < c->n_levels; l++) {
		struct chain_level *lv = &pc->levels[l];
		lv->spec = &c->levels[l];
		lv->units = calloc((size_t)lv->spec->units, sizeof *lv->units);
		lv->dirty = calloc((size_t)lv->spec->units, sizeof *lv->dirty);
		lv->stale = calloc((size_t)lv->spec->units, sizeof *lv->stale);
		lv->first_child = calloc((size_t)lv->spec->units + 1, sizeof *lv->first_child);
		if (!lv->units || !lv->dirty || !lv->stale || !lv->first_child) {
			free(np);
			goto fail;
		}
		meter_init(&lv->out_w, now, 0);
		meter_init(&lv->loss_w, now, 0);
		for (int u = 0; u < lv->spec->units; u++) {
			struct chain_unit *cu = &lv->units[u];
			cu->parent = l == 0 ? -1 : parent_of(u, lv->spec->units,
							     c->levels[l - 1].units);
			cu->rating_w = lv->spec->rating_kw * 1000.0;
			cu->usable_w = power_chain_usable_w(lv->spec);
			cu->nameplate_w = np[l * stride + (size_t)u];
			meter_init(&cu->out_w, now, 0);
			meter_init(&cu->loss_w, now, 0);
			meter_init(&cu->over, now, 0);
		}
	}
	/* Empty units still dissipate their no-load losses: settle the chain
	 * bottom-up, each unit carrying its children's inputs (np is reused). */
	memset(np, 0, (c->n_levels * stride + 1) * sizeof *np);
	for (size_t l = c->n_levels; l-- > 0;) {
		struct chain_level *lv = &pc->levels[l];
		level_flush(lv, now);
		for (int u = 0; u < lv->spec->units; u++) {
			struct chain_unit *cu = &lv->units[u];
			unit_set(pc, lv, cu, np[l * stride + (size_t)u], now);
			if (l > 0)
				np[(l - 1) * stride + (size_t)cu->parent] += cu->in_w;
		}
		meter_add(&pc->loss_w, now, lv->loss_w.value);
	}
	free(np);
	if (c->n_levels > 0) {
		size_t last = c->n_levels - 1;
		for (int r = 0; r < n_racks; r++)
			pc->rack_unit[r] = parent_of(r, n_racks, c->levels[last].units);
	}
	/* each unit's children, contiguous (parent_of); the first resync
	 * re-derives every unit (the build above moved them by differences) */
	for (size_t l = 0; l < c->n_levels; l++) {
		struct chain_level *lv = &pc->levels[l];
		int n_child = l + 1 < c->n_levels ? c->levels[l + 1].units : n_racks;
		for (int u = 0, k = 0; u <= lv->spec->units; u++) {
			while (k < n_child && parent_of(k, n_child, lv->spec->units) < u)
				k++;
			lv->first_child[u] = k;
		}
		for (int u = 0; u < lv->spec->units; u++)
			power_chain_mark_stale(lv, u);
	}
	for (int r = 0; r < n_racks; r++)
		power_chain_rack(pc, r, rack_w0[r]);
	power_chain_settle(pc, now);
	return 0;
fail:
	power_chain_fini(pc);
	return -1;
}

void power_chain_fini(struct power_chain *pc)
{
	for (size_t l = 0; l < pc->n_levels; l++) {
		free(pc->levels[l].units);
		free(pc->levels[l].dirty);
		free(pc->levels[l].stale);
		free(pc->levels[l].first_child);
	}
	free(pc->flush_at);
	free(pc->flush_gap);
	free(pc->rack_w);
	free(pc->rack_unit);
	free(pc->rack_share);
	free(pc->share_w);
	free(pc->share_unit);
	memset(pc, 0, sizeof *pc);
}

int power_chain_shares_init(struct power_chain *pc)
{
	size_t n = pc->n_racks > 0 ? (size_t)pc->n_racks : 1;
	pc->rack_share = malloc(n * sizeof *pc->rack_share);
	pc->share_w = calloc(n, sizeof *pc->share_w);
	pc->share_unit = calloc(n, sizeof *pc->share_unit);
	if (!pc->rack_share || !pc->share_w || !pc->share_unit)
		return -1; /* (power_chain_fini frees them) */
	for (int r = 0; r < pc->n_racks; r++)
		pc->rack_share[r] = -1;
	return 0;
}

void power_chain_share_reset(struct power_chain *pc, int s, int u)
{
	pc->share_w[s] = 0;
	pc->share_unit[s] = u;
}

void power_chain_share_join(struct power_chain *pc, int s, int r)
{
	assert(pc->rack_share[r] < 0 && (pc->n_levels == 0 || pc->rack_unit[r] == pc->share_unit[s]));
	pc->rack_share[r] = s;
	pc->rack_w[r] -= pc->share_w[s]; /* (0 when s is fresh: the same bits) */
}

void power_chain_share_leave(struct power_chain *pc, int r, double w)
{
	int s = pc->rack_share[r];
	assert(s >= 0);
	pc->rack_share[r] = -1;
	pc->rack_w[r] += pc->share_w[s];
	power_chain_rack(pc, r, w);
}

static void mark_dirty(struct chain_level *lv, int u, double d)
{
	power_chain_mark_dirty(lv, u, d);
}

void power_chain_settle(struct power_chain *pc, sim_time now)
{
	double loss_before = 0, loss_after = 0;
	for (size_t l = pc->n_levels; l-- > 0;) {
		struct chain_level *lv = &pc->levels[l];
		int flushed = 0; /* (only when a unit moves: an extra flush would split a product) */
		for (int i = 0; i < lv->n_dirty; i++) {
			struct chain_unit *cu = &lv->units[lv->dirty[i]];
			double d = cu->pending_w;
			cu->pending_w = 0;
			cu->dirty = 0;
			if (d == 0)
				continue;
			if (!flushed) {
				level_flush(lv, now);
				flushed = 1;
			}
			loss_before += cu->loss_w.value;
			d = unit_set(pc, lv, cu, cu->out_w.value + d, now);
			loss_after += cu->loss_w.value;
			if (l > 0)
				mark_dirty(&pc->levels[l - 1], cu->parent, d);
		}
		lv->n_dirty = 0;
	}
	if (loss_after != loss_before)
		meter_add(&pc->loss_w, now, loss_after - loss_before);
}

/*
 * Every unit and sum again from the racks' draws. Between resyncs they move
 * by differences, and over millions of same-tick changes (a binding grid
 * cap tried at ten levels per event for weeks) their rounding adds up to
 * more than the end-of-run conservation check allows (1e-9 relative,
 * measured on a 60-day campus run). Done at every flush (each time-series
 * sample and the run's end), the drift stays within one sample interval.
 * Only the stale units are re-derived, each as the sum of its racks' draws
 * or its children's inputs in their order (what the full pass added up);
 * a unit none of whose racks or children moved already holds that sum.
 * A level's sums are re-added, in unit order, when a unit of it moved.
 */
static void resync(struct power_chain *pc, sim_time now)
{
	size_t last = pc->n_levels - 1;
	double total_loss = 0;
	for (size_t l = pc->n_levels; l-- > 0;) {
		struct chain_level *lv = &pc->levels[l];
		const struct chain_level *below = l < last ? &pc->levels[l + 1] : NULL;
		int moved = lv->n_stale > 0;
		for (int i = 0; i < lv->n_stale; i++) {
			int u = lv->stale[i];
			struct chain_unit *cu = &lv->units[u];
			double out = 0;
			if (below || !pc->rack_share)
				for (int k = lv->first_child[u]; k < lv->first_child[u + 1]; k++)
					out += below ? below->units[k].in_w : pc->rack_w[k];
			else /* a rack in a share draws its part more */
				for (int k = lv->first_child[u]; k < lv->first_child[u + 1]; k++)
					out += pc->rack_w[k] + (pc->rack_share[k] >= 0
								? pc->share_w[pc->rack_share[k]]
								: 0);
			double loss = unit_loss(lv->spec, out);
			cu->stale = 0;
			unit_catch_up(pc, cu);
			meter_set(&cu->out_w, now, out);
			meter_set(&cu->loss_w, now, loss);
			meter_set(&cu->over, now, out > cu->usable_w ? 1.0 : 0.0);
			cu->in_w = out + loss;
			if (l > 0)
				power_chain_mark_stale(&pc->levels[l - 1], cu->parent);
		}
		lv->n_stale = 0;
		if (moved) {
			double out_sum = 0, loss_sum = 0;
			for (int u = 0; u < lv->spec->units; u++) {
				out_sum += lv->units[u].out_w.value;
				loss_sum += lv->units[u].loss_w.value;
			}
			meter_set(&lv->out_w, now, out_sum);
			meter_set(&lv->loss_w, now, loss_sum);
		}
		total_loss += lv->loss_w.value;
	}
	meter_set(&pc->loss_w, now, total_loss);
}

static void unit_flush(struct chain_unit *u, sim_time now, int mark)
{
	struct meter *m[] = { &u->out_w, &u->loss_w, &u->over };
	for (size_t i = 0; i < 3; i++) {
		if (mark)
			meter_mark(m[i], now);
		else
			meter_flush(m[i], now);
	}
}

/* The levels' and the chain's meters to now (mark: and every unit's,
 * caught up first, marked). */
static void chain_pass(struct power_chain *pc, sim_time now, int mark)
{
	for (size_t l = 0; l < pc->n_levels; l++) {
		struct chain_level *lv = &pc->levels[l];
		for (int u = 0; mark && u < lv->spec->units; u++) {
			unit_catch_up(pc, &lv->units[u]);
			unit_flush(&lv->units[u], now, mark);
		}
		if (mark) {
			meter_mark(&lv->out_w, now);
			meter_mark(&lv->loss_w, now);
		} else {
			meter_flush(&lv->out_w, now);
			meter_flush(&lv->loss_w, now);
		}
	}
	if (mark)
		meter_mark(&pc->loss_w, now);
	else
		meter_flush(&pc->loss_w, now);
}

void power_chain_flush_units(struct power_chain *pc)
{
	for (size_t l = 0; l < pc->n_levels; l++)
		for (int u = 0; u < pc->levels[l].spec->units; u++)
			unit_catch_up(pc, &pc->levels[l].units[u]);
}

/* Keep now as a flush the units' meters will replay; without memory for
 * it, flush every unit now instead (the same integrals, at full cost). */
static void flush_note(struct power_chain *pc, sim_time now)
{
	size_t cap = pc->cap_flush;
	sim_time *at = grow_array(pc->flush_at, pc->n_flush, &cap, sizeof *at, 1024);
	if (at)
		pc->flush_at = at;
	double *gap = at ? grow_array(pc->flush_gap, pc->n_flush, &pc->cap_flush, sizeof *gap,
				      1024)
			 : NULL;
	if (gap) {
		pc->flush_gap = gap;
		pc->flush_at[pc->n_flush] = now;
		pc->flush_gap[pc->n_flush] =
			pc->n_flush ? (double)(now - pc->flush_at[pc->n_flush - 1]) : 0;
		pc->n_flush++;
		return;
	}
	for (size_t l = 0; l < pc->n_levels; l++)
		for (int u = 0; u < pc->levels[l].spec->units; u++) {
			unit_catch_up(pc, &pc->levels[l].units[u]);
			unit_flush(&pc->levels[l].units[u], now, 0);
		}
}

void power_chain_flush(struct power_chain *pc, sim_time now)
{
	flush_note(pc, now);
	power_chain_settle(pc, now);
	if (pc->n_levels > 0)
		resync(pc, now);
	chain_pass(pc, now, 0);
}

void power_chain_mark(struct power_chain *pc, sim_time now)
{
	chain_pass(pc, now, 1);
}

int power_chain_work_init(struct chain_work *cw, const struct power_chain *pc)
{
	memset(cw, 0, sizeof *cw);
	cw->n_levels = pc->n_levels;
	for (size_t l = 0; l < pc->n_levels; l++) {
		size_t n = (size_t)pc->levels[l].spec->units;
		cw->d[l] = calloc(n, sizeof *cw->d[l]);
		cw->on[l] = calloc(n, sizeof *cw->on[l]);
		cw->list[l] = calloc(n, sizeof *cw->list[l]);
		if (!cw->d[l] || !cw->on[l] || !cw->list[l]) {
			power_chain_work_fini(cw);
			return -1;
		}
	}
	return 0;
}

void power_chain_work_fini(struct chain_work *cw)
{
	for (size_t l = 0; l < CHAIN_MAX_LEVELS; l++) {
		free(cw->d[l]);
		free(cw->on[l]);
		free(cw->list[l]);
	}
	memset(cw, 0, sizeof *cw);
}

static void work_stage(struct chain_work *cw, size_t l, int u, double d)
{
	cw->d[l][u] += d;
	if (!cw->on[l][u]) {
		cw->on[l][u] = 1;
		cw->list[l][cw->n[l]++] = u;
	}
}

void power_chain_work_unit(struct chain_work *cw, const struct power_chain *pc, int u,
			   double dw)
{
	if (pc->n_levels > 0 && dw != 0)
		work_stage(cw, pc->n_levels - 1, u, dw);
}

void power_chain_work_units(struct chain_work *cw, const struct power_chain *pc,
			    const double *u, double d)
{
	if (pc->n_levels == 0)
		return;
	size_t l = pc->n_levels - 1;
	int n = pc->levels[l].spec->units;
	for (int i = 0; i < n; i++)
		if (u[i] != 0 && d * u[i] != 0)
			work_stage(cw, l, i, d * u[i]);
}

void power_chain_work_rack(struct chain_work *cw, const struct power_chain *pc, int r,
			   double dw)
{
	if (pc->n_levels > 0 && dw != 0)
		work_stage(cw, pc->n_levels - 1, pc->rack_unit[r], dw);
}

double power_chain_loss_at(const struct power_chain *pc, struct chain_work *cw,
			   double *indoor_w)
{
	double total = pc->loss_w.value, indoor = power_chain_indoor_loss_now(pc);
	for (size_t l = pc->n_levels; l-- > 0;) {
		const struct chain_level *lv = &pc->levels[l];
		assert(lv->n_dirty == 0); /* the chain is settled */
		for (int i = 0; i < cw->n[l]; i++) {
			int u = cw->list[l][i];
			double d = cw->d[l][u];
			cw->d[l][u] = 0;
			cw->on[l][u] = 0;
			if (d == 0)
				continue;
			const struct chain_unit *cu = &lv->units[u];
			double dl = unit_loss(lv->spec, cu->out_w.value + d) -
				    cu->loss_w.value;
			total += dl;
			if (!lv->spec->outdoors)
				indoor += dl;
			if (l > 0)
				work_stage(cw, l - 1, cu->parent, d + dl);
		}
		cw->n[l] = 0;
	}
	*indoor_w = indoor;
	return total;
}
