/*
 * test_chain.c - the power distribution chain: efficiency curves, losses
 * against hand calculations, conservation through the levels, redundancy,
 * the rating checks, and deferred settling with exact resync.
 *
 * One rack, one HGX H100 node (1,710 W idle, 10,200 W at full load), one job
 * of 8 GPUs at utilization 1 from 0 to 2 h, over 6 h: the rack draws
 * 10,200 W for 2 h and 1,710 W for 4 h.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_interp.h>

#include "power_chain.h"
#include "test_util.h"

static const char one_job[] =
	"{ \"name\": \"chain\", \"duration_h\": 6, \"sample_interval_min\": 60,"
	"  \"cooling\": { \"technology\": \"fixed_pue\", \"pue\": 1.2 },"
	"  \"cluster\": { \"racks\": 1, \"nodes_per_rack\": 1, \"node\": \"hgx_h100\" },"
	"  \"workload\": { \"classes\": ["
	"    { \"name\": \"train\", \"arrival\": { \"process\": \"list\", \"times_h\": [0] },"
	"      \"gpus\": 8, \"duration\": { \"distribution\": \"constant\", \"value_h\": 2 },"
	"      \"utilization\": 1.0 } ] } }";

static const double busy_w = 10200.0, idle_w = 1710.0;

/* Loss of a unit rated r W delivering out W, table (0.25, 0.9), (0.5, 0.95),
 * (1, 0.96), by hand: constant below the first point, linear in between. */
static double hand_loss(double r, double out)
{
	double x = out / r;
	if (x <= 0.25)
		return r * 0.25 * (1 / 0.9 - 1);
	double eff = x <= 0.5 ? 0.9 + (x - 0.25) / 0.25 * 0.05 : 0.95 + (x - 0.5) / 0.5 * 0.01;
	return out * (1 / eff - 1);
}

#define TABLE "\"efficiency\": {\"load_fraction\": [0.25, 0.5, 1], \"efficiency\": [0.9, 0.95, 0.96]}"

static void test_presets_follow_the_loss_model(void **state)
{
	(void)state;
	struct eff_table t;
	assert_int_equal(power_chain_preset_table("ups_double_conversion", &t), 0);
	assert_int_equal(t.n, 10);
	/* x / (x + 0.01 + 0.02 x + 0.01 x^2) at 50% load */
	assert_rel(t.eff[4], 0.5 / (0.5 + 0.01 + 0.01 + 0.0025), 1e-15);
	assert_int_equal(power_chain_preset_table("transformer_mv_dry", &t), 0);
	assert_rel(t.eff[4], 0.5 / (0.5 + 0.002 + 0.008 * 0.25), 1e-15);
	assert_true(t.eff[4] >= 0.992 - 1e-4); /* the DOE 50%-load figure it is set to */
	assert_int_equal(power_chain_preset_table("no_such", &t), -1);
	for (size_t i = 0; i < power_chain_preset_count(); i++)
		assert_non_null(power_chain_preset_at(i)->source);
}

/* One level, a user table, rated 20 kW: idle sits below the first point
 * (no-load loss), busy at 51% interpolates between 50% and 100%. */
/* power_chain_eff_at is GSL's linear interpolation to the bit: every
 * preset and an uneven user table, at each point, between points and
 * one ulp either side of each point. */
static void test_eff_at_is_gsl(void **state)
{
	(void)state;
	struct eff_table tables[8];
	size_t n = 0;
	for (size_t i = 0; i < power_chain_preset_count(); i++)
		assert_int_equal(power_chain_preset_table(power_chain_preset_at(i)->name,
							  &tables[n++]), 0);
	tables[n] = (struct eff_table){ 4, { 0.05, 0.3, 0.35, 0.9 }, { 0.8, 0.93, 0.95, 0.97 } };
	n++;
	for (size_t k = 0; k < n; k++) {
		const struct eff_table *t = &tables[k];
		gsl_interp *g = gsl_interp_alloc(gsl_interp_linear, t->n);
		assert_non_null(g);
		gsl_interp_init(g, t->load, t->eff, t->n);
		double lo = t->load[0], hi = t->load[t->n - 1];
		for (int i = 1; i < 100000; i++) {
			double x = lo + (hi - lo) * i / 100000.0;
			assert_true(power_chain_eff_at(t, x) == gsl_interp_eval(g, t->load, t->eff, x, NULL));
		}
		for (size_t i = 1; i + 1 < t->n; i++) {
			double xs[] = { t->load[i], nextafter(t->load[i], 0), nextafter(t->load[i], 2) };
			for (size_t m = 0; m < 3; m++)
				assert_true(power_chain_eff_at(t, xs[m]) ==
					    gsl_interp_eval(g, t->load, t->eff, xs[m], NULL));
		}
		gsl_interp_free(g);
	}
}

static void test_losses_by_hand(void **state)
{
	(void)state;
	const char *sets[] = { "power.chain={\"levels\": [{\"name\": \"pdu\", \"rating_kw\": 20, "
			       TABLE "}]}" };
	struct scenario sc;
	struct run_result r;
	run_ok(one_job, sets, 1, &sc, &r);
	double loss_wh = hand_loss(20000, busy_w) * 2 + hand_loss(20000, idle_w) * 4;
	double it_wh = busy_w * 2 + idle_w * 4;
	assert_rel(r.kpis.distribution_loss_mwh, loss_wh / 1e6, 1e-9);
	assert_rel(r.kpis.facility_energy_mwh, (it_wh + loss_wh + 0.2 * it_wh) / 1e6, 1e-9);
	assert_int_equal(r.n_chain_units, 1);
	const struct chain_unit_record *u = &r.chain_units[0];
	assert_rel(u->peak_kw, busy_w / 1000, 1e-12);
	assert_rel(u->efficiency, it_wh / (it_wh + loss_wh), 1e-9);
	assert_rel(r.chain_levels[0].stranded_kw, 20 - busy_w / 1000, 1e-12);
	assert_rel(r.chain_levels[0].oversubscription, busy_w / 20000, 1e-12);
	run_result_fini(&r);
	scenario_fini(&sc);
}

/* Two levels, the upper one 2N: it carries the lower one's input (output
 * plus loss) at half the load fraction of its usable rating. */
static void test_two_levels_and_2n(void **state)
{
	(void)state;
	const char *sets[] = { "power.chain={\"levels\": ["
			       "{\"name\": \"ups\", \"rating_kw\": 44, \"redundancy\": \"2N\", " TABLE "},"
			       "{\"name\": \"pdu\", \"rating_kw\": 20, " TABLE "}]}" };
	struct scenario sc;
	struct run_result r;
	run_ok(one_job, sets, 1, &sc, &r);
	double pdu_busy = busy_w + hand_loss(20000, busy_w);
	double pdu_idle = idle_w + hand_loss(20000, idle_w);
	double ups_wh = hand_loss(44000, pdu_busy) * 2 + hand_loss(44000, pdu_idle) * 4;
	double pdu_wh = hand_loss(20000, busy_w) * 2 + hand_loss(20000, idle_w) * 4;
	assert_rel(r.chain_levels[0].loss_mwh, ups_wh / 1e6, 1e-9);
	assert_rel(r.chain_levels[1].loss_mwh, pdu_wh / 1e6, 1e-9);
	assert_rel(r.kpis.distribution_loss_mwh, (ups_wh + pdu_wh) / 1e6, 1e-9);
	assert_rel(r.chain_units[0].usable_kw, 22, 1e-15);
	assert_rel(r.chain_units[0].peak_kw, pdu_busy / 1000, 1e-12);
	run_result_fini(&r);
	scenario_fini(&sc);
}

/* Two levels over 16 racks: 2 units of `top` (400 kW, outdoors if asked)
 * feeding 8 transformer PDUs of 100 kW. */
static void two_levels(struct chain_spec *c, const char *top, const char *top_preset,
		       int top_outdoors)
{
	memset(c, 0, sizeof *c);
	c->n_levels = 2;
	const char *names[] = { top, "pdu" };
	const char *presets[] = { top_preset, "pdu_transformer" };
	const int units[] = { 2, 8 };
	for (size_t l = 0; l < 2; l++) {
		struct chain_level_spec *lv = &c->levels[l];
		snprintf(lv->name, sizeof lv->name, "%s", names[l]);
		lv->units = units[l];
		lv->rating_kw = l == 0 ? 400 : 100;
		lv->outdoors = l == 0 && top_outdoors;
		assert_int_equal(power_chain_preset_table(presets[l], &lv->efficiency), 0);
	}
}

/* Rack changes wait for a settle and are carried up once; a flush
 * re-derives every unit and sum from the racks, so after a million
 * changes a level equals the sum of its units exactly (the run's
 * conservation check allows 1e-9 relative; differences drift past that
 * over weeks of binding grid caps). */
static void test_settle_and_resync(void **state)
{
	(void)state;
	struct chain_spec c;
	two_levels(&c, "ups", "ups_double_conversion", 0);
	enum { RACKS = 16 };
	double w0[RACKS], np[RACKS], rack[RACKS];
	for (int r = 0; r < RACKS; r++) {
		w0[r] = rack[r] = 10000;
		np[r] = 40000;
	}
	struct power_chain pc;
	assert_int_equal(power_chain_init(&pc, &c, RACKS, w0, np, 0), 0);
	double loss0 = pc.loss_w.value;
	power_chain_rack(&pc, 3, 30000); /* pending: nothing moves yet */
	assert_true(pc.loss_w.value == loss0);
	power_chain_rack(&pc, 3, 10000); /* and back at the same tick */
	power_chain_settle(&pc, 0);
	assert_rel(pc.loss_w.value, loss0, 1e-12);
	unsigned s = 12345;
	for (sim_time t = 1; t <= 1000; t++)
		for (int k = 0; k < 1000; k++) {
			s = s * 1103515245u + 12345u;
			int r = (int)(s >> 16) % RACKS;
			rack[r] = 5000 + (double)((s >> 4) % 30000) + 1e-3 * (double)(s % 997);
			power_chain_rack(&pc, r, rack[r]);
			if (k % 10 == 9)
				power_chain_settle(&pc, t);
		}
	power_chain_flush(&pc, 1001);
	double racks_w = 0, top_loss = 0;
	for (int r = 0; r < RACKS; r++)
		racks_w += rack[r];
	for (size_t l = 0; l < 2; l++) {
		const struct chain_level *lv = &pc.levels[l];
		double out = 0, loss = 0;
		for (int u = 0; u < lv->spec->units; u++) {
			out += lv->units[u].out_w.value;
			loss += lv->units[u].loss_w.value;
		}
		assert_true(lv->out_w.value == out);
		assert_true(lv->loss_w.value == loss);
		top_loss += loss;
	}
	assert_true(pc.loss_w.value == top_loss);
	assert_rel(pc.levels[1].out_w.value, racks_w, 1e-12);
	assert_rel(pc.levels[0].out_w.value, racks_w + pc.levels[1].loss_w.value, 1e-12);
	power_chain_fini(&pc);
}

/*
 * Flushes re-derive only the units that moved, and a unit's meters
 * replay the flushes they missed (power_chain.c): after flushes at ticks
 * 10, 17, 23 and 31 with one rack changed at 17, every unit equals the sum of
 * its racks' draws (or its children's inputs) added in order, and an
 * untouched PDU's integral and peak are, to the bit, those of a meter
 * flushed at each of those ticks (what every flush used to do to it;
 * draws that are not binary fractions and uneven ticks, so one flush over
 * the whole span would round differently).
 */
static void test_flush_replays_untouched_units(void **state)
{
	(void)state;
	struct chain_spec c;
	two_levels(&c, "ups", "ups_double_conversion", 0);
	enum { RACKS = 16 };
	double w0[RACKS], np[RACKS];
	for (int r = 0; r < RACKS; r++) {
		w0[r] = 9000 + 137.1 * r;
		np[r] = 40000;
	}
	struct power_chain pc;
	assert_int_equal(power_chain_init(&pc, &c, RACKS, w0, np, 0), 0);
	power_chain_flush(&pc, 10);
	struct meter ref = pc.levels[1].units[7].out_w; /* rack 15's PDU is unit 7 */
	power_chain_flush(&pc, 17);
	power_chain_rack(&pc, 0, 12345.5); /* rack 0: PDU 0, UPS 0 */
	power_chain_settle(&pc, 17);
	power_chain_flush(&pc, 23);
	power_chain_flush(&pc, 31);
	assert_true(pc.levels[1].units[7].flushed < pc.n_flush); /* not flushed since */
	power_chain_flush_units(&pc);
	meter_flush(&ref, 17);
	meter_flush(&ref, 23);
	meter_flush(&ref, 31);
	const struct chain_unit *u7 = &pc.levels[1].units[7];
	assert_true(u7->out_w.integral == ref.integral && u7->out_w.peak == ref.peak);
	assert_true(u7->out_w.t_last == 31);
	for (size_t l = 0; l < 2; l++) {
		const struct chain_level *lv = &pc.levels[l];
		for (int u = 0; u < lv->spec->units; u++) {
			double out = 0;
			for (int k = lv->first_child[u]; k < lv->first_child[u + 1]; k++)
				out += l == 1 ? pc.rack_w[k] : pc.levels[1].units[k].in_w;
			assert_true(lv->units[u].out_w.value == out);
			assert_true(lv->units[u].in_w == out + lv->units[u].loss_w.value);
		}
	}
	assert_true(pc.levels[1].units[0].out_w.value == 12345.5 + w0[1]);
	power_chain_fini(&pc);
}

/* The pure trial of hypothetical rack loads (power_chain_loss_at): the
 * loss it predicts is what the settle then computes (to rounding), the
 * chain does not move while it is asked, and the workspace comes back
 * empty; an outdoor level's loss is left out of the indoor share. */
static void test_loss_at_is_the_settle(void **state)
{
	(void)state;
	struct chain_spec c;
	two_levels(&c, "transformer", "transformer_mv_dry", 1);
	enum { RACKS = 16 };
	double w0[RACKS], np[RACKS];
	for (int r = 0; r < RACKS; r++) {
		w0[r] = 10000;
		np[r] = 40000;
	}
	struct power_chain pc;
	struct chain_work cw;
	assert_int_equal(power_chain_init(&pc, &c, RACKS, w0, np, 0), 0);
	assert_int_equal(power_chain_work_init(&cw, &pc), 0);
	const int racks[] = { 0, 1, 5, 15, 5 };
	const double dw[] = { 20000, -3000, 7000, 15000, 1000 };
	double indoor, loss0 = pc.loss_w.value, in0 = power_chain_indoor_loss_now(&pc);
	for (size_t i = 0; i < 5; i++)
		power_chain_work_rack(&cw, &pc, racks[i], dw[i]);
	double loss = power_chain_loss_at(&pc, &cw, &indoor);
	assert_true(pc.loss_w.value == loss0); /* asked, not moved */
	assert_true(power_chain_indoor_loss_now(&pc) == in0);
	assert_true(loss > loss0 && indoor > in0 && loss - indoor > loss0 - in0);
	for (size_t l = 0; l < 2; l++)
		assert_int_equal(cw.n[l], 0);
	double rack_w[RACKS];
	for (int r = 0; r < RACKS; r++)
		rack_w[r] = w0[r];
	for (size_t i = 0; i < 5; i++)
		rack_w[racks[i]] += dw[i];
	for (int r = 0; r < RACKS; r++)
		power_chain_rack(&pc, r, rack_w[r]);
	power_chain_settle(&pc, 1);
	assert_rel(pc.loss_w.value, loss, 1e-12);
	assert_rel(power_chain_indoor_loss_now(&pc), indoor, 1e-12);
	/* nothing staged: the loss now */
	assert_true(power_chain_loss_at(&pc, &cw, &indoor) == pc.loss_w.value);
	power_chain_work_fini(&cw);
	power_chain_fini(&pc);
}

static void expect_error(const char *set, const char *path, const char *rule)
{
	expect_load_error(one_job, set, path, rule);
}

/* The rack's nameplate (10.2 kW) above a 10 kW PDU is an error naming the
 * level and the numbers; so is N+1 whose usable share is too small; with
 * oversubscription allowed the run reports the overload instead. */
static void test_rating_checks(void **state)
{
	(void)state;
	expect_error("power.chain={\"levels\": [{\"name\": \"pdu\", \"rating_kw\": 10, " TABLE "}]}",
		     "power.chain.levels[0]", "10.2 kW");
	expect_error("power.chain={\"levels\": [{\"name\": \"ups\", \"rating_kw\": 12, "
		     "\"redundancy\": \"N+1\", \"modules\": 4, " TABLE "}]}",
		     "power.chain.levels[0]", "usable 9.0 kW");
	expect_error("power.chain={\"levels\": [{\"name\": \"ups\", \"rating_kw\": 30, "
		     "\"modules\": 4, " TABLE "}]}",
		     "power.chain.levels[0].modules", "only used with");
	expect_error("power.chain={\"levels\": [{\"name\": \"UPS\", \"rating_kw\": 30, " TABLE "}]}",
		     "power.chain.levels[0].name", "snake_case");
	expect_error("power.chain={\"levels\": [{\"name\": \"pdu\", \"units\": 2, \"rating_kw\": 30, "
		     TABLE "}]}",
		     "power.chain.levels[0]", "each unit must feed at least one rack");
	expect_error("power.chain={\"levels\": [{\"name\": \"pdu\", \"rating_kw\": 30, "
		     "\"efficiency\": {\"load_fraction\": [0.5, 0.4], \"efficiency\": [0.9, 0.9]}}]}",
		     "power.chain.levels[0].efficiency.load_fraction[1]", "strictly increasing");
	const char *sets[] = { "power.chain={\"levels\": [{\"name\": \"pdu\", \"rating_kw\": 10, "
			       TABLE "}], \"oversubscription\": \"allow\"}" };
	struct scenario sc;
	struct run_result r;
	run_ok(one_job, sets, 1, &sc, &r);
	assert_rel(r.chain_units[0].hours_over, 2.0, 1e-12);
	assert_rel(r.chain_units[0].max_over_kw, 0.2, 1e-9);
	assert_rel(r.chain_levels[0].oversubscription, 1.02, 1e-12);
	run_result_fini(&r);
	scenario_fini(&sc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_presets_follow_the_loss_model),
		cmocka_unit_test(test_eff_at_is_gsl),
		cmocka_unit_test(test_losses_by_hand),
		cmocka_unit_test(test_two_levels_and_2n),
		cmocka_unit_test(test_rating_checks),
		cmocka_unit_test(test_settle_and_resync),
		cmocka_unit_test(test_flush_replays_untouched_units),
		cmocka_unit_test(test_loss_at_is_the_settle),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
