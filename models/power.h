/*
 * power.h - electrical power of a GPU and of a node's host versus load.
 *
 * Linear model: an accelerator draws idle power when free and
 * idle + (TDP - idle) x u when busy at utilization u; the host (CPUs,
 * memory, NICs, switches, fans) draws idle + (max - idle) x the node's mean
 * GPU utilization, idle GPUs counting 0. Linear in u, so a node's power is
 * constant + load x slope, where load is the sum of its busy GPUs'
 * utilization: the facility keeps only that sum per rack.
 *
 * Published measurements support the end points (A100 clusters: 60-66 W
 * idle, about TDP when busy); the straight line between them is the usual
 * first-order model and is what issue 3 replaces with measured curves.
 */
#ifndef DCSIM_POWER_H
#define DCSIM_POWER_H

#include "hardware.h"

static inline double power_gpu_w(const struct accel_spec *a, double util)
{
	return a->idle_w + (a->tdp_w - a->idle_w) * util;
}

/* Added node power per unit of load (one GPU at utilization 1). */
static inline double power_node_slope_w(const struct node_spec *n)
{
	return (n->accel.tdp_w - n->accel.idle_w) +
	       (n->host_max_w - n->host_idle_w) / n->gpus_per_node;
}

#endif
