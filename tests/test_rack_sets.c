/*
 * test_rack_sets.c - the racks a power group holds whole move as one
 * record (facility_groups.c's rack sets, the chain's shares) and end
 * where moving every rack does.
 *
 * Two copies of the default scenario's 64 racks of two 8-GPU nodes and
 * its transformer / UPS / PDU chain: in one every job's racks move one by
 * one (facility_load per job, power_chain_rack per rack: the per-rack
 * path); in the other the jobs are in three power groups whose draws move
 * through facility_groups_load (whole racks in rack sets, the rest rack
 * by rack). Random starts and ends of jobs of 8 to 64 GPUs (half racks,
 * whole racks, racks shared by groups), moves of each group's draw, host
 * changes on single nodes (another path: the rack leaves its set), chain
 * flushes (the resync reads a share's racks through it) and the warm-up
 * mark in the middle (peaks from there). Every rack's meters (value,
 * integral, window integral, peak, host peak), every chain unit's and the
 * chain's loss agree to 1e-12 relative: the same sums in another order;
 * so do the nodes' draws and the per-node distribution (the node sets of
 * a group at one level merge after a move).
 */
#include <math.h>
#include <stdlib.h>

#include "facility.h"
#include "power_chain.h"
#include "test_util.h"

enum { N_JOBS = 40, N_GROUPS = 3, STEPS = 4000, MARK_AT = 1500 };

struct side {
	struct facility f;
	struct power_chain pc;
};

static void side_init(struct side *s, const struct scenario *sc, int grouped)
{
	assert_int_equal(facility_init(&s->f, sc, 0), 0);
	double w0[256], np[256];
	assert_true(s->f.n_racks <= 256);
	for (int r = 0; r < s->f.n_racks; r++) {
		w0[r] = facility_rack_w(&s->f, r);
		np[r] = scenario_rack_nameplate_at(sc, r);
	}
	assert_int_equal(power_chain_init(&s->pc, &sc->chain, s->f.n_racks, w0, np, 0), 0);
	if (grouped)
		assert_int_equal(facility_groups_init(&s->f, N_GROUPS, &s->pc), 0);
}

/* j's racks to the chain, as the run's chain_follow does. */
static void chain_follow(struct side *s, const struct job *j)
{
	for (uint32_t i = 0; i < j->n_allocs; i++) {
		int rack = (int)j->allocs[i].node / s->f.nodes_per_rack;
		power_chain_rack(&s->pc, rack, facility_rack_w(&s->f, rack));
	}
}

static void rack_meters_agree(const struct it_power *a, const struct it_power *b, double tol)
{
	const struct meter *ma[] = { &a->gpu, &a->raw }, *mb[] = { &b->gpu, &b->raw };
	for (int i = 0; i < 2; i++) {
		assert_rel(ma[i]->value, mb[i]->value, tol);
		assert_rel(ma[i]->integral, mb[i]->integral, tol);
		assert_rel(meter_window(ma[i]), meter_window(mb[i]), tol);
		assert_rel(ma[i]->peak, mb[i]->peak, tol);
	}
	assert_rel(a->host_peak, b->host_peak, tol);
}

static void test_rack_sets_are_per_rack(void **state)
{
	(void)state;
	struct scenario sc;
	struct diag d;
	load_default(&sc, &d);
	assert_true(sc.chain.n_levels > 0);
	struct side per_rack, grouped;
	side_init(&per_rack, &sc, 0);
	side_init(&grouped, &sc, 1);
	struct job jobs[N_JOBS] = { 0 };
	int live[N_JOBS] = { 0 }, group[N_JOBS] = { 0 }, most_in_sets = 0;
	double draw[N_GROUPS] = { 500, 600, 700 }; /* W above idle per GPU, host included */
	unsigned s = 7;
	for (sim_time t = 1; t < STEPS; t++) {
		if (t == MARK_AT) {
			facility_mark(&per_rack.f, t);
			facility_mark(&grouped.f, t);
		}
		s = s * 1103515245u + 12345u;
		int i = (int)(s >> 8) % N_JOBS, g = (int)(s >> 4) % N_GROUPS;
		unsigned kind = s >> 29; /* 0..7 */
		if (kind <= 2) { /* group g's draw moves by dw: most events, as under a cap */
			double dw = ((double)((s >> 12) % 200) - 100) * 0.37;
			for (int k = 0; k < N_JOBS; k++)
				if (live[k] && group[k] == g) {
					facility_load(&per_rack.f, &jobs[k], dw, 0, t);
					chain_follow(&per_rack, &jobs[k]);
				}
			facility_groups_load(&grouped.f, g, dw, &grouped.pc, t);
			draw[g] += dw;
		} else if (kind == 3 && live[i]) { /* a host change on one of i's nodes */
			int node = (int)jobs[i].allocs[0].node, rack = node / per_rack.f.nodes_per_rack;
			double dh = ((double)((s >> 12) % 100) - 50) * 1.3;
			struct side *both[] = { &per_rack, &grouped };
			for (int b = 0; b < 2; b++) {
				facility_node_load(&both[b]->f, node, 0, dh, t);
				power_chain_rack(&both[b]->pc, rack, facility_rack_w(&both[b]->f, rack));
			}
		} else if (live[i]) { /* i ends */
			facility_load(&per_rack.f, &jobs[i], -draw[group[i]], 0, t);
			chain_follow(&per_rack, &jobs[i]);
			facility_load(&grouped.f, &jobs[i], -draw[group[i]], 0, t);
			chain_follow(&grouped, &jobs[i]);
			facility_groups_add(&grouped.f, &jobs[i], group[i], -1, t);
			uint32_t n = jobs[i].n_allocs; /* (a release forgets them) */
			facility_release(&per_rack.f, &jobs[i], t);
			jobs[i].n_allocs = n;
			facility_release(&grouped.f, &jobs[i], t);
			live[i] = 0;
		} else if (!live[i]) { /* i starts in group g */
			static const int sizes[] = { 8, 16, 16, 32, 48, 64 };
			if (facility_place(&per_rack.f, &jobs[i], sizes[(s >> 20) % 6], t) != 0)
				continue;
			facility_take(&grouped.f, &jobs[i], t);
			live[i] = 1;
			group[i] = g;
			facility_load(&per_rack.f, &jobs[i], draw[g], 0, t);
			chain_follow(&per_rack, &jobs[i]);
			facility_load(&grouped.f, &jobs[i], draw[g], 0, t);
			chain_follow(&grouped, &jobs[i]);
			facility_groups_add(&grouped.f, &jobs[i], g, +1, t);
		}
		int in_sets = 0;
		for (int r = 0; r < grouped.f.n_racks; r++)
			in_sets += grouped.f.rack_set[r] >= 0;
		if (in_sets > most_in_sets)
			most_in_sets = in_sets;
		power_chain_settle(&per_rack.pc, t);
		power_chain_settle(&grouped.pc, t);
		if (t % 97 == 0) { /* a sample: the chain's resync */
			power_chain_flush(&per_rack.pc, t);
			power_chain_flush(&grouped.pc, t);
		}
		/* what the trials read stays the per-rack path's */
		assert_rel(grouped.pc.loss_w.value, per_rack.pc.loss_w.value, 1e-12);
	}
	assert_true(most_in_sets >= 16); /* not vacuous: whole racks did move as sets */
	facility_flush_racks(&per_rack.f, STEPS);
	facility_flush_racks(&grouped.f, STEPS);
	power_chain_flush(&per_rack.pc, STEPS);
	power_chain_flush(&grouped.pc, STEPS);
	power_chain_flush_units(&per_rack.pc);
	power_chain_flush_units(&grouped.pc);
	const double tol = 1e-12;
	for (int r = 0; r < per_rack.f.n_racks; r++) {
		rack_meters_agree(&grouped.f.racks[r], &per_rack.f.racks[r], tol);
		double view = grouped.pc.rack_w[r] +
			      (grouped.pc.rack_share[r] >= 0 ? grouped.pc.share_w[grouped.pc.rack_share[r]]
							     : 0);
		assert_rel(view, per_rack.pc.rack_w[r], tol);
	}
	for (size_t l = 0; l < per_rack.pc.n_levels; l++)
		for (int u = 0; u < per_rack.pc.levels[l].spec->units; u++) {
			const struct chain_unit *a = &grouped.pc.levels[l].units[u];
			const struct chain_unit *b = &per_rack.pc.levels[l].units[u];
			assert_rel(a->out_w.value, b->out_w.value, tol);
			assert_rel(a->out_w.integral, b->out_w.integral, tol);
			assert_rel(a->loss_w.integral, b->loss_w.integral, tol);
			assert_rel(a->out_w.peak, b->out_w.peak, tol);
		}
	assert_rel(grouped.pc.loss_w.integral, per_rack.pc.loss_w.integral, tol);
	/* the nodes: merged sets give back a draw within rounding of each's */
	for (int n = 0; n < per_rack.f.n_nodes; n++)
		assert_rel(facility_node_w(&grouped.f, n), facility_node_w(&per_rack.f, n), tol);
	facility_node_dist_close(&per_rack.f, STEPS);
	facility_node_dist_close(&grouped.f, STEPS);
	assert_rel(grouped.f.node_dist.total, per_rack.f.node_dist.total, 0);
	assert_rel(grouped.f.node_dist.sum, per_rack.f.node_dist.sum, tol);
	assert_rel(level_hist_quantile(&grouped.f.node_dist, 0.5),
		   level_hist_quantile(&per_rack.f.node_dist, 0.5), tol);
	for (int i = 0; i < N_JOBS; i++)
		free(jobs[i].allocs);
	power_chain_fini(&per_rack.pc);
	power_chain_fini(&grouped.pc);
	facility_fini(&per_rack.f);
	facility_fini(&grouped.f);
	scenario_fini(&sc);
	diag_fini(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rack_sets_are_per_rack),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
