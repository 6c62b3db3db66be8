/*
 * gpu_power.c - GPU draw versus utilization and speed under a power cap.
 * Units: watts; speed is a fraction of full speed. Curves and defaults:
 * hardware.c.
 */
#include "gpu_power.h"

int gpu_power_init(struct gpu_power *g, const struct accel_spec *a)
{
	g->idle_w = a->idle_w;
	g->tdp_w = a->tdp_w;
	g->throughput.interp = NULL;
	if (curve_init(&g->power, &a->power_curve) != 0)
		return -1;
	if (curve_init(&g->throughput, &a->throughput_curve) != 0) {
		curve_fini(&g->power);
		return -1;
	}
	return 0;
}

void gpu_power_fini(struct gpu_power *g)
{
	curve_fini(&g->power);
	curve_fini(&g->throughput);
}

double gpu_power_want_w(const struct gpu_power *g, double u)
{
	return g->idle_w + (g->tdp_w - g->idle_w) * curve_eval(&g->power, u);
}

void gpu_power_under_cap(const struct gpu_power *g, double want_w, double cap_w,
			 double *draw_w, double *speed)
{
	if (cap_w <= 0 || cap_w >= want_w) {
		*draw_w = want_w;
		*speed = 1.0;
		return;
	}
	double range = g->tdp_w - g->idle_w;
	double t_cap = curve_eval(&g->throughput, (cap_w - g->idle_w) / range);
	double t_want = curve_eval(&g->throughput, (want_w - g->idle_w) / range);
	*draw_w = cap_w;
	*speed = t_cap / t_want;
}

double gpu_power_cap_min(double a, double b, double c)
{
	double m = 0;
	const double caps[3] = { a, b, c };
	for (int i = 0; i < 3; i++)
		if (caps[i] > 0 && (m == 0 || caps[i] < m))
			m = caps[i];
	return m;
}
