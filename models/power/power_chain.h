/*
 * power_chain.h - the power distribution chain from the utility feed down
 * to the racks: levels (transformer, UPS, PDU or busway, ...), each of
 * identical units with a rating, a redundancy and a load-dependent
 * efficiency.
 *
 * Topology: the last level feeds the racks, split into contiguous, equal
 * (to one) groups in rack order; each level's units are split the same way
 * among the units of the level above. Redundancy sets the usable share of a
 * unit's installed rating: N all of it, N+1 with m modules (m-1)/m, 2N half.
 * Load is shared by everything installed, so a unit's load fraction is its
 * output over its installed rating: a 2N UPS never runs above 50%.
 *
 * Efficiency: a table of efficiency versus load fraction, interpolated
 * linearly (power_chain_eff_at: GSL's linear interpolation, inlined). Below the first point the loss holds at its value there
 * (no-load losses: a lightly loaded unit still dissipates them); above the
 * last point the last efficiency holds. Units: W inside, kW in the scenario.
 */
#ifndef DCSIM_POWER_CHAIN_H
#define DCSIM_POWER_CHAIN_H

#include <stddef.h>

#include "clock.h"
#include "meter.h"

#define CHAIN_MAX_LEVELS 8
#define CHAIN_NAME_MAX 32
#define EFF_MAX_POINTS 16

enum redundancy {
	REDUNDANCY_N,
	REDUNDANCY_N_PLUS_1,
	REDUNDANCY_2N,
};

struct eff_table {
	size_t n;
	double load[EFF_MAX_POINTS]; /* load fraction, strictly increasing, > 0 */
	double eff[EFF_MAX_POINTS];  /* efficiency in (0, 1] */
};

struct chain_level_spec {
	char name[CHAIN_NAME_MAX];   /* snake_case: it names summary columns */
	int units;
	double rating_kw;            /* installed, per unit */
	enum redundancy redundancy;
	int modules;                 /* N+1: modules per unit */
	char efficiency_preset[CHAIN_NAME_MAX]; /* "" when the table is the user's */
	struct eff_table efficiency;
	int outdoors;                /* its losses go straight outdoors (a pad-mounted
					transformer), not into a cooled room */
	int auto_units;              /* units were sized by rule ("units": "auto"):
					the fewest that carry the racks at nameplate */
};

struct chain_spec {
	size_t n_levels;             /* 0: no chain modelled */
	struct chain_level_spec levels[CHAIN_MAX_LEVELS];
	int allow_oversubscription;  /* else nameplate above usable is an error */
};

/* An efficiency preset: a three-term loss model (no-load, proportional,
 * square-law, as fractions of rating) tabulated at 10..100% load. */
struct eff_preset {
	const char *name;
	double no_load, proportional, square_law;
	const char *source;
};

size_t power_chain_preset_count(void);
const struct eff_preset *power_chain_preset_at(size_t i);
/* Fill t from a named preset; -1 when there is none by that name. */
int power_chain_preset_table(const char *name, struct eff_table *t);
/* The least slope of a unit's loss in its output under table t (W per W;
 * 0 when the loss never falls, negative where linear interpolation of the
 * efficiency makes it fall), and the most its input rises per W of output
 * (1 + the loss's steepest slope); exact, from the table
 * (power_chain_rises.c). */
double power_chain_loss_slope_min(const struct eff_table *t);
double power_chain_input_slope_max(const struct eff_table *t);
extern const char *const power_chain_redundancy_names[];

/* The efficiency at load fraction x, t->load[0] < x < t->load[n-1]: GSL's
 * linear interpolation (interpolation/linear.c, gsl_interp_eval without an
 * accelerator) written out, the same bracket (the last point at or below x)
 * and the same operations, so the same bits (tests/test_chain.c checks it
 * against gsl_interp_eval). Why not the call: a binding grid cap's trials
 * read every chain unit's loss, and the library call with its argument
 * checks and bsearch was most of a capped run's instructions. */
static inline double power_chain_eff_at(const struct eff_table *t, double x)
{
	/* The last point at or below x (at most the next to last), as
	 * gsl_interp_bsearch finds it: guessed from the first segment's width
	 * (exact for the presets' even 10% steps), then moved down and up
	 * until it brackets x, so any table gets the same bracket as a scan
	 * from the first point, in one or two compares instead of up to ten.
	 * In int (at most EFF_MAX_POINTS points): a conversion between double
	 * and size_t takes a dozen instructions, with int one. Inline: a
	 * trial of the cap's solve reads it for every chain unit. */
	const int last = (int)t->n - 2;
	double g = (x - t->load[0]) / (t->load[1] - t->load[0]);
	int i = g > 0 ? (g < last ? (int)g : last) : 0;
	while (i > 0 && t->load[i] > x)
		i--;
	while (i < last && t->load[i + 1] <= x)
		i++;
	double x_lo = t->load[i], dx = t->load[i + 1] - x_lo;
	return t->eff[i] + (x - x_lo) / dx * (t->eff[i + 1] - t->eff[i]);
}

/* Usable output of one unit of a level, W. */
double power_chain_usable_w(const struct chain_level_spec *l);

/*
 * Nameplate check: with every rack r at rack_nameplate_w[r], the output each
 * unit must carry. out_w[level][unit] (caller's array of
 * CHAIN_MAX_LEVELS x max units, row stride stride). -1 without memory.
 */
int power_chain_nameplate(const struct chain_spec *c, int racks, const double *rack_nameplate_w,
			  double *out_w, size_t stride);
/* The losses of the indoor levels (not outdoors) with every unit carrying
 * out_w from power_chain_nameplate: the heat the electrical rooms' cooling
 * is sized for. -1 without memory. */
int power_chain_indoor_loss_w(const struct chain_spec *c, const double *out_w, size_t stride,
			      double *loss_w);

struct chain_unit {
	int parent;             /* unit index in the level above, -1 at the top */
	double usable_w;
	double rating_w;
	double nameplate_w;     /* output at every rack's nameplate */
	double in_w;            /* input now = output + loss */
	double pending_w;       /* change of its output not yet applied */
	int dirty;              /* on its level's dirty list */
	int stale;              /* on its level's stale list: moved since the last resync */
	size_t flushed;         /* flushes of the chain its meters have had (power_chain.c) */
	struct meter out_w;
	struct meter loss_w;
	struct meter over;      /* 1 while the output is above usable */
};

struct chain_level {
	const struct chain_level_spec *spec;
	struct chain_unit *units;
	struct meter out_w;     /* sum over the level's units */
	struct meter loss_w;
	int *dirty;             /* units with a pending change, n_dirty of them */
	int n_dirty;
	int *stale;             /* units moved since the last resync, n_stale of them */
	int n_stale;
	int *first_child;       /* units + 1: unit u's children (the racks at the
				 * last level) are [first_child[u], first_child[u + 1]) */
};

struct power_chain {
	size_t n_levels;
	struct chain_level levels[CHAIN_MAX_LEVELS];
	int *rack_unit;          /* the last level's unit of each rack */
	double *rack_w;          /* each rack's draw as the chain last saw it (a
				  * rack in a share: less the share's part) */
	int n_racks;
	/* shares (power_chain_shares_init, else NULL): racks of one unit
	 * that move alike, each drawing rack_w[r] + share_w[rack_share[r]] */
	int *rack_share;         /* per rack: its share, -1 */
	double *share_w;         /* per share: the W each member draws more */
	int *share_unit;         /* per share: its members' unit */
	struct meter loss_w;     /* all levels; utility-side input = IT + this */
	sim_time *flush_at;      /* the tick of every flush, in order (power_chain.c) */
	double *flush_gap;       /* ticks since the flush before (0 for the first) */
	size_t n_flush, cap_flush;
};

/* Build the chain for n_racks racks each drawing rack_w0[r] at now (its
 * idle). With no levels the chain passes IT through with no loss. */
int power_chain_init(struct power_chain *pc, const struct chain_spec *c, int n_racks,
		     const double *rack_w0, const double *rack_nameplate_w, sim_time now);
void power_chain_fini(struct power_chain *pc);
/* Unit u of level lv moved since the last flush: the flush re-derives
 * it (power_chain_flush, O(units moved)). */
static inline void power_chain_mark_stale(struct chain_level *lv, int u)
{
	struct chain_unit *cu = &lv->units[u];
	if (!cu->stale) {
		cu->stale = 1;
		lv->stale[lv->n_stale++] = u;
	}
}
/* Unit u of level lv delivers d W more at the next settle. */
static inline void power_chain_mark_dirty(struct chain_level *lv, int u, double d)
{
	struct chain_unit *cu = &lv->units[u];
	cu->pending_w += d;
	if (!cu->dirty) {
		cu->dirty = 1;
		lv->dirty[lv->n_dirty++] = u;
	}
	power_chain_mark_stale(lv, u);
}
/* Rack r now draws w. The change waits for power_chain_settle, so racks
 * that change several times at one tick (a job starts, a grid cap is
 * tried at ten levels) walk each unit once. Inline: a grid cap's re-rate
 * calls it for every rack of every running job it slows, where the call
 * cost as much as the update (bench/callgrind.sh). */
static inline void power_chain_rack(struct power_chain *pc, int r, double w)
{
	double d = w - pc->rack_w[r];
	if (d == 0)
		return;
	pc->rack_w[r] = w;
	if (pc->n_levels > 0)
		power_chain_mark_dirty(&pc->levels[pc->n_levels - 1], pc->rack_unit[r], d);
}
/*
 * Shares: racks of one last-level unit whose draws move by the same W at
 * once (the racks one power group holds whole, facility_groups.c), so a
 * move is one update of the share and one of its unit, not one per rack:
 * a member draws rack_w[r] + share_w[s]. power_chain_rack must not be
 * called on a member: it leaves its share first. Up to n_racks shares,
 * 0 or -1 out of memory.
 */
int power_chain_shares_init(struct power_chain *pc);
/* Share s, empty, starts afresh for racks of unit u. */
void power_chain_share_reset(struct power_chain *pc, int s, int u);
/* Rack r (of s's unit, in no share) joins s at its draw now. */
void power_chain_share_join(struct power_chain *pc, int s, int r);
/* Each of s's n members draws dw W more (its unit: n x dw at the next
 * settle). Inline: a binding grid cap moves every share at every re-rate. */
static inline void power_chain_share_move(struct power_chain *pc, int s, int n, double dw)
{
	pc->share_w[s] += dw;
	if (pc->n_levels > 0)
		power_chain_mark_dirty(&pc->levels[pc->n_levels - 1], pc->share_unit[s], n * dw);
}
/* Rack r leaves its share, drawing w now (power_chain_rack's change from
 * what the share had it draw). */
void power_chain_share_leave(struct power_chain *pc, int r, double w);
/* Carry the pending rack changes up every level at now; read the chain
 * only after it. */
void power_chain_settle(struct power_chain *pc, sim_time now);
/* Integrate to now, re-deriving every unit and sum from the racks' draws
 * (see power_chain.c). Settles first. The units' own meters are brought
 * up to date lazily: read them only after power_chain_flush_units. */
void power_chain_flush(struct power_chain *pc, sim_time now);
/* Every unit's meters through the last flush (before reading them: the
 * end of the run). */
void power_chain_flush_units(struct power_chain *pc);
void power_chain_mark(struct power_chain *pc, sim_time now);
/* The losses of the indoor levels now, W. */
double power_chain_indoor_loss_now(const struct power_chain *pc);

/*
 * A trial of hypothetical rack loads, for "what would the chain lose if
 * these racks drew more or less?" without changing the chain: stage each
 * rack's change in a workspace (allocated once with the chain's shape),
 * then power_chain_loss_at walks only the units those racks feed, level
 * by level as power_chain_settle does, and clears the workspace. The
 * chain must be settled (no pending change). No allocation per trial.
 */
struct chain_work {
	size_t n_levels;
	double *d[CHAIN_MAX_LEVELS];         /* per unit: change of its output, W */
	unsigned char *on[CHAIN_MAX_LEVELS]; /* per unit: on its level's list */
	int *list[CHAIN_MAX_LEVELS];
	int n[CHAIN_MAX_LEVELS];
};
int power_chain_work_init(struct chain_work *cw, const struct power_chain *pc);
void power_chain_work_fini(struct chain_work *cw);
/* Unit u of the last level would deliver dw W more. */
void power_chain_work_unit(struct chain_work *cw, const struct power_chain *pc, int u,
			   double dw);
/* Each unit i of the last level would deliver d x u[i] W more (u: one
 * weight per unit; zeros skipped): power_chain_work_unit for them all in
 * one call, as a trial of a class-wide change stages them. */
void power_chain_work_units(struct chain_work *cw, const struct power_chain *pc,
			    const double *u, double d);
/* Rack r would draw dw W more (negative: less). */
void power_chain_work_rack(struct chain_work *cw, const struct power_chain *pc, int r,
			   double dw);
/* The chain's total loss, W, with the staged changes made; the indoor
 * levels' share in *indoor_w. cw is left empty; pc does not change. */
double power_chain_loss_at(const struct power_chain *pc, struct chain_work *cw,
			   double *indoor_w);

#endif
