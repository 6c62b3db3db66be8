/*
 * checkpoint.c - Daly's (2006) optimum checkpoint interval and expected
 * run time under exponential interruptions (checkpoint.h).
 */
#include "checkpoint.h"

#include <math.h>

double checkpoint_daly_interval_s(double delta_s, double mtbi_s)
{
	if (delta_s >= 2.0 * mtbi_s)
		return mtbi_s;
	double x = delta_s / (2.0 * mtbi_s);
	return sqrt(2.0 * delta_s * mtbi_s) * (1.0 + sqrt(x) / 3.0 + x / 9.0) - delta_s;
}

/* Daly's eq. 13: one segment needing len_s of uninterrupted time. */
static double segment_s(double len_s, double restart_s, double mtbi_s)
{
	return mtbi_s * exp(restart_s / mtbi_s) * expm1(len_s / mtbi_s);
}

double checkpoint_expected_time_s(double work_s, double tau_s, double delta_s,
				  double restart_s, double mtbi_s)
{
	double full = floor(work_s / tau_s);
	double last = work_s - full * tau_s;
	if (last <= 1e-9 * work_s) { /* the last whole segment ends the job: no write */
		full -= 1;
		last = tau_s;
	}
	return full * segment_s(tau_s + delta_s, restart_s, mtbi_s) +
	       segment_s(last, restart_s, mtbi_s);
}
