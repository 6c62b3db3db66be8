/*
 * test_mmc.c - M/M/c queue against Erlang C.
 *
 * Single-GPU jobs, Poisson arrivals, exponential durations, c GPUs under
 * FCFS are exactly an M/M/c queue, whose probability of waiting C(c, a)
 * and mean wait C / (c mu - lambda) are closed forms (Erlang C).
 *
 * How many jobs make 3% a real check: one run of 1.27 M jobs at c = 16,
 * rho = 0.8 has a mean wait with a standard deviation of 1.5% between
 * seeds (measured over 30 seeds, whose average, 34.22 +- 0.09 s, agrees
 * with the closed form's 34.30 s: no bias). So we pool six independent
 * replications (about 7.6 M jobs): the pooled estimate's deviation is about
 * 0.6%, and the 3% bound sits about five deviations out. The second load
 * (c = 4, rho = 0.5) mixes faster and passes by a wider margin.
 */
#include <stdlib.h>

#include "test_util.h"
#include "world.h"

static const char mmc_json[] =
	"{ \"name\": \"mmc\", \"duration_h\": 10000, \"warmup_h\": 50,"
	"  \"sample_interval_min\": 60000,"
	"  \"cluster\": { \"racks\": 1, \"nodes_per_rack\": 2, \"node\": \"hgx_h100\" },"
	"  \"output\": { \"jobs\": false, \"timeseries\": false },"
	"  \"workload\": { \"classes\": [ { \"name\": \"m\","
	"    \"arrival\": { \"process\": \"poisson\", \"rate_per_h\": 128 }, \"gpus\": 1,"
	"    \"duration\": { \"distribution\": \"exponential\", \"mean_h\": 0.1 },"
	"    \"utilization\": 1 } ] } }";

/* Erlang C: probability that an arrival waits, offered load a = lambda/mu. */
static double erlang_c(int c, double a)
{
	double term = 1.0, sum = 0.0; /* a^k / k! */
	for (int k = 0; k < c; k++) {
		sum += term;
		term *= a / (k + 1);
	}
	double top = term * c / (c - a);
	return top / (sum + top);
}

#define REPLICATIONS 6

static void check_mmc(const char *const *sets, size_t n_sets, int c, double rho,
		      double mean_s)
{
	struct scenario sc;
	struct diag d;
	if (load_text(mmc_json, sets, n_sets, &sc, &d) != 0) {
		print_diag(&d);
		fail_msg("scenario did not load");
	}
	assert_int_equal(scenario_total_gpus(&sc), c);
	double waits = 0, waited = 0;
	uint64_t jobs = 0;
	for (int r = 0; r < REPLICATIONS; r++) {
		struct run_result res;
		sc.replication = (uint64_t)r;
		assert_int_equal(world_run(&sc, &res, &d), 0);
		waits += res.kpis.wait_mean_s * (double)res.kpis.jobs_started;
		waited += res.kpis.wait_prob * (double)res.kpis.jobs_started;
		jobs += res.kpis.jobs_started;
		run_result_fini(&res);
	}
	double a = c * rho;
	double p_wait = erlang_c(c, a);
	double wq_s = p_wait / (c - a) * mean_s;
	print_message("c=%d rho=%.2f over %llu jobs: P(wait) %.5f vs %.5f, mean wait %.3f s vs %.3f s\n",
		      c, rho, (unsigned long long)jobs, waited / (double)jobs, p_wait,
		      waits / (double)jobs, wq_s);
	assert_true(jobs > 1000000);
	assert_rel(waited / (double)jobs, p_wait, 0.03);
	assert_rel(waits / (double)jobs, wq_s, 0.03);
	scenario_fini(&sc);
	diag_fini(&d);
}

static void test_mmc_16_at_08(void **state)
{
	(void)state;
	check_mmc(NULL, 0, 16, 0.8, 360.0);
}

static void test_mmc_4_at_05(void **state)
{
	(void)state;
	/* 4 GPUs: one rack of one 4-GPU node; lambda = 0.5 x 4 / 0.01 h */
	const char *sets[] = {
		"cluster.nodes_per_rack=1", "cluster.node={\"preset\":\"hgx_h100\",\"gpus_per_node\":4}",
		"workload.classes[0].arrival.rate_per_h=200",
		"workload.classes[0].duration.mean_h=0.01", "duration_h=2000",
	};
	check_mmc(sets, 5, 4, 0.5, 36.0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mmc_16_at_08),
		cmocka_unit_test(test_mmc_4_at_05),
	};
	return cmocka_run_group_tests_name("mmc_erlang_c", tests, NULL, NULL);
}
