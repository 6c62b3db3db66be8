/*
 * hand_case.h - the hand case the run tests compute by hand (test_world.c
 * works it out; test_months.c dates it across a month end, test_tco.c
 * prices it): one rack of two HGX H100 nodes at a fixed PUE of 1.5, class
 * a (8 GPUs, 2 h, full power, at 0 h and 1 h) and class b (16 GPUs, 1 h,
 * half power, at 0.5 h); FCFS runs A1 0-2 h, B 2-3 h, A2 3-5 h over 6 h.
 *
 * HAND_CASE(extra) is the scenario's text with `extra` (more top-level
 * members, each ending in a comma) after its name, duration and sampling.
 */
#ifndef DCSIM_HAND_CASE_H
#define DCSIM_HAND_CASE_H

#define HAND_CASE(extra)                                                                       \
	"{ \"name\": \"hand\", \"duration_h\": 6, \"sample_interval_min\": 60," extra            \
	"  \"cooling\": { \"technology\": \"fixed_pue\", \"pue\": 1.5 },"                        \
	"  \"cluster\": { \"racks\": 1, \"nodes_per_rack\": 2, \"node\": \"hgx_h100\" },"        \
	"  \"workload\": { \"classes\": ["                                                      \
	"    { \"name\": \"a\", \"arrival\": { \"process\": \"list\", \"times_h\": [0, 1] },"    \
	"      \"gpus\": 8, \"duration\": { \"distribution\": \"constant\", \"value_h\": 2 },"   \
	"      \"utilization\": 1.0 },"                                                         \
	"    { \"name\": \"b\", \"arrival\": { \"process\": \"list\", \"times_h\": [0.5] },"     \
	"      \"gpus\": 16, \"duration\": { \"distribution\": \"constant\", \"value_h\": 1 },"  \
	"      \"utilization\": 0.5 } ] } }"

/* A node's idle draw (8 GPUs at 70 W, a 1,150 W host) and the draw one
 * GPU adds at full load (630 W more on the GPU, an eighth of the host's
 * 1,150-4,600 W range), W: the hgx_h100 catalog entry's figures. */
static const double node_idle_w = 8 * 70.0 + 1150.0;
static const double slope_w = 630.0 + (4600.0 - 1150.0) / 8.0;

#endif
