/*
 * bench_mmc.c - engine throughput on the M/M/c workload of the validation
 * test, at planning scale: c = 1,000 GPUs (125 HGX H100 nodes), load 0.9,
 * mean duration 1 h, 1,000,000 jobs, energy accounting on (every start and
 * end moves a rack meter, the IT and facility meters), job log off.
 *
 * usage: bench_mmc [JOBS]   prints wall time, events/s and jobs/s.
 * Speed targets live here, never in tests (timing is not a test).
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "scenario.h"
#include "world.h"

static const char mmc_json[] =
	"{ \"name\": \"bench_mmc\", \"warmup_h\": 0, \"sample_interval_min\": 60,"
	"  \"cluster\": { \"racks\": 25, \"nodes_per_rack\": 5, \"node\": \"hgx_h100\" },"
	"  \"output\": { \"jobs\": false, \"timeseries\": true },"
	"  \"workload\": { \"classes\": [ { \"name\": \"m\","
	"    \"arrival\": { \"process\": \"poisson\", \"rate_per_h\": 900 }, \"gpus\": 1,"
	"    \"duration\": { \"distribution\": \"exponential\", \"mean_h\": 1 },"
	"    \"utilization\": 1 } ] } }";

int main(int argc, char **argv)
{
	double jobs = argc > 1 ? atof(argv[1]) : 1e6;
	char horizon[64];
	/* lambda = 0.9 x 1000 / 1 h = 900 jobs per hour */
	snprintf(horizon, sizeof horizon, "duration_h=%.6f", jobs / 900.0);
	const char *sets[] = { horizon };
	struct scenario sc;
	struct run_result r;
	struct diag d;
	diag_init(&d);
	if (scenario_load(mmc_json, "bench_mmc", ".", NULL, sets, 1, &sc, &d) != 0 ||
	    world_run(&sc, &r, &d) != 0) {
		diag_print(&d, stderr);
		return 1;
	}
	struct timespec t0, t1;
	run_result_fini(&r);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (world_run(&sc, &r, &d) != 0) {
		diag_print(&d, stderr);
		return 1;
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	double wall = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) * 1e-9;
	printf("bench_mmc: c=%d GPUs, load 0.9, %llu jobs, %llu events\n", r.kpis.gpus,
	       (unsigned long long)r.kpis.jobs_submitted, (unsigned long long)r.kpis.events);
	printf("  wall %.3f s, %.3g events/s, %.3g jobs/s\n", wall,
	       (double)r.kpis.events / wall, (double)r.kpis.jobs_submitted / wall);
	printf("  check: utilization %.4f (offered 0.9), IT energy %.3f MWh\n",
	       r.kpis.gpu_utilization, r.kpis.it_energy_mwh);
	run_result_fini(&r);
	scenario_fini(&sc);
	diag_fini(&d);
	return 0;
}
