/*
 * gpu_power.h - what a GPU draws at a utilization, and how fast it runs
 * under a power cap.
 *
 * Draw: idle + (TDP - idle) x P(u), P the accelerator's power curve.
 * Cap: a capped GPU draws min(want, cap); its job's speed is
 * T(dyn(cap)) / T(dyn(want)), where dyn(w) = (w - idle) / (TDP - idle) is
 * the dynamic power fraction and T the throughput curve (relative
 * throughput at a dynamic power fraction, T(1) = 1). The ratio form treats
 * a job at utilization u as a full-load job scaled down: a cap above what
 * the job wants costs nothing, a cap below it slows the job by the curve.
 * Caps at or below idle power are rejected by the loader (no progress).
 */
#ifndef DCSIM_GPU_POWER_H
#define DCSIM_GPU_POWER_H

#include "curve.h"
#include "hardware.h"

struct gpu_power {
	double idle_w;
	double tdp_w;
	struct curve power;
	struct curve throughput;
};

/* 0, or -1 when memory runs out. a must outlive g. */
int gpu_power_init(struct gpu_power *g, const struct accel_spec *a);
void gpu_power_fini(struct gpu_power *g);

/* Uncapped draw of one GPU at utilization u in [0, 1]. */
double gpu_power_want_w(const struct gpu_power *g, double u);

/* Draw and relative speed of a GPU that wants want_w under cap_w
 * (cap_w <= 0 means no cap). */
void gpu_power_under_cap(const struct gpu_power *g, double want_w, double cap_w,
			 double *draw_w, double *speed);

/* The draw alone, gpu_power_under_cap's (the cap's solve tries many caps
 * and needs no speed, whose throughput curve is most of the cost). */
static inline double gpu_power_draw_under_cap(double want_w, double cap_w)
{
	return cap_w <= 0 || cap_w >= want_w ? want_w : cap_w;
}

/* The tightest of several caps in W, each <= 0 meaning none; 0 if none. */
double gpu_power_cap_min(double a, double b, double c);

#endif
