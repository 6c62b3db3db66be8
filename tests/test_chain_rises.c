/*
 * test_chain_rises.c - the least and greatest slopes of a chain level's
 * loss in its load (power_chain_loss_slope_min, power_chain_input_slope_max),
 * against the loss itself sampled on a fine grid: no step falls faster or
 * rises faster than they say, and some step comes close to each.
 *
 * The loss per W of rating at load fraction x is x / eta(x) - x with eta
 * the table's linear interpolation (power_chain_eff_at, as unit_loss
 * computes it), constant below the first point.
 */
#include <math.h>
#include <stdio.h>

#include "power_chain.h"
#include "test_util.h"

static double loss_at(const struct eff_table *t, double x)
{
	if (x <= t->load[0])
		return t->load[0] * (1.0 / t->eff[0] - 1.0);
	if (x >= t->load[t->n - 1])
		return x * (1.0 / t->eff[t->n - 1] - 1.0);
	return x * (1.0 / power_chain_eff_at(t, x) - 1.0);
}

#define STEPS 200000
#define X_MAX 1.2

/* The grid's least and greatest step slopes of the loss. */
static void sample(const struct eff_table *t, double *least, double *most)
{
	*least = INFINITY;
	*most = -INFINITY;
	double h = X_MAX / STEPS, prev = loss_at(t, 0);
	for (int i = 1; i <= STEPS; i++) {
		double l = loss_at(t, i * h), s = (l - prev) / h;
		*least = s < *least ? s : *least;
		*most = s > *most ? s : *most;
		prev = l;
	}
}

static void check(const struct eff_table *t, const char *name)
{
	double lo = power_chain_loss_slope_min(t), hi = power_chain_input_slope_max(t) - 1;
	double least, most;
	sample(t, &least, &most);
	/* every step within the bounds (to the steps' rounding), the
	 * extremes within 1e-3 of them: bounds, and tight ones */
	if (!(least >= lo - 1e-9 && least <= lo + 1e-3))
		fail_msg("%s: least step slope %.6f against the bound %.6f", name, least, lo);
	if (!(most <= hi + 1e-9 && most >= hi - 1e-3))
		fail_msg("%s: steepest step slope %.6f against the bound %.6f", name, most, hi);
}

/* Every preset: the three whose efficiency climbs steeply from 10 to 20%
 * load have a falling loss there; busway (its efficiency falls with
 * load: a resistive loss) rises everywhere. */
static void test_presets(void **state)
{
	(void)state;
	int falling = 0;
	for (size_t i = 0; i < power_chain_preset_count(); i++) {
		const struct eff_preset *p = power_chain_preset_at(i);
		struct eff_table t;
		assert_int_equal(power_chain_preset_table(p->name, &t), 0);
		check(&t, p->name);
		double s = power_chain_loss_slope_min(&t);
		assert_true(s <= 0 && s > -0.03);
		falling += s < 0;
	}
	assert_true(falling >= 3);
}

/* Hand tables: test_chain.c's (0.25, 0.9), (0.5, 0.95), (1, 0.96), whose
 * first segment is eta = 0.85 + 0.2 x: slope 0.85 / eta^2 - 1, from
 * 0.85 / 0.81 - 1 = 0.0494 at 0.25 down to 0.85 / 0.9025 - 1 = -0.0582 at
 * 0.5; a flat 95% (slope 1 / 0.95 - 1 above its only segment, 0 below
 * and along it); one that falls in its last segment only. */
static void test_hand_tables(void **state)
{
	(void)state;
	struct eff_table a = { 3, { 0.25, 0.5, 1.0 }, { 0.9, 0.95, 0.96 } };
	check(&a, "hand");
	assert_true(fabs(power_chain_loss_slope_min(&a) - (0.85 / 0.9025 - 1)) < 1e-12);
	struct eff_table flat = { 2, { 0.1, 1.0 }, { 0.95, 0.95 } };
	check(&flat, "flat");
	assert_true(power_chain_loss_slope_min(&flat) == 0);
	assert_true(fabs(power_chain_input_slope_max(&flat) - 1 / 0.95) < 1e-12);
	struct eff_table late = { 3, { 0.1, 0.8, 1.0 }, { 0.90, 0.91, 0.99 } };
	check(&late, "late");
	assert_true(power_chain_loss_slope_min(&late) < -0.05);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_presets),
		cmocka_unit_test(test_hand_tables),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
