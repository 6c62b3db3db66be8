/*
 * psychro.c - saturation pressure, humidity ratio, dew point and wet bulb.
 *
 * Units: temperatures in C (kelvin inside the saturation formula),
 * pressures in Pa, humidity ratios in kg/kg. The wet bulb lies between the
 * dew point and the dry bulb, and the ASHRAE equation is monotone there,
 * so Brent's method on that bracket always converges; 1e-6 K is far below
 * the 0.1 C resolution of weather files. Source: ASHRAE Handbook -
 * Fundamentals (2017) ch. 1, eqs. 5, 6, 20, 33, 35.
 */
#include "psychro.h"

#include <math.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_roots.h>

double psychro_saturation_pa(double t_c)
{
	double t = t_c + 273.15;
	if (t_c < 0)
		return exp(-5.6745359e3 / t + 6.3925247 - 9.6778430e-3 * t + 6.2215701e-7 * t * t +
			   2.0747825e-9 * t * t * t - 9.4840240e-13 * t * t * t * t +
			   4.1635019 * log(t));
	return exp(-5.8002206e3 / t + 1.3914993 - 4.8640239e-2 * t + 4.1764768e-5 * t * t -
		   1.4452093e-8 * t * t * t + 6.5459673 * log(t));
}

double psychro_humidity_ratio(double pw_pa, double p_pa)
{
	return 0.621945 * pw_pa / (p_pa - pw_pa);
}

double psychro_latent_heat_j_per_kg(double t_c)
{
	return 2.501e6 - 2.37e3 * t_c;
}

/* Saturation pressure minus a target: its root is the dew point. */
struct dew_target {
	double pw;
};

static double dew_residual(double t, void *p)
{
	const struct dew_target *d = p;
	return psychro_saturation_pa(t) - d->pw;
}

struct wb_target {
	double t;  /* dry bulb, C */
	double w;  /* humidity ratio of the air */
	double p;  /* pressure, Pa */
};

/* Humidity ratio air at wet bulb ts would have (eq. 33/35), minus the
 * actual: increasing in ts, zero at the wet bulb. */
static double wb_residual(double ts, void *p)
{
	const struct wb_target *a = p;
	double ws = psychro_humidity_ratio(psychro_saturation_pa(ts), a->p);
	double w;
	if (ts >= 0)
		w = ((2501.0 - 2.326 * ts) * ws - 1.006 * (a->t - ts)) /
		    (2501.0 + 1.86 * a->t - 4.186 * ts);
	else
		w = ((2830.0 - 0.24 * ts) * ws - 1.006 * (a->t - ts)) /
		    (2830.0 + 1.86 * a->t - 2.1 * ts);
	return w - a->w;
}

/* Brent on [lo, hi] where f changes sign; returns lo or hi when either is
 * already a root, NaN when the bracket does not hold one. */
static double solve(double (*f)(double, void *), void *params, double lo, double hi)
{
	double flo = f(lo, params), fhi = f(hi, params);
	if (flo == 0)
		return lo;
	if (fhi == 0)
		return hi;
	if ((flo < 0) == (fhi < 0) || !isfinite(flo) || !isfinite(fhi))
		return NAN;
	gsl_function fn = { f, params };
	gsl_root_fsolver *s = gsl_root_fsolver_alloc(gsl_root_fsolver_brent);
	if (!s)
		return NAN;
	double x = NAN;
	gsl_root_fsolver_set(s, &fn, lo, hi);
	for (int i = 0; i < 100; i++) {
		if (gsl_root_fsolver_iterate(s) != GSL_SUCCESS)
			break;
		x = gsl_root_fsolver_root(s);
		double a = gsl_root_fsolver_x_lower(s), b = gsl_root_fsolver_x_upper(s);
		if (gsl_root_test_interval(a, b, 1e-7, 0) == GSL_SUCCESS)
			break;
	}
	gsl_root_fsolver_free(s);
	return x;
}

double psychro_dew_point_c(double t_c, double rh)
{
	if (rh >= 1.0)
		return t_c;
	struct dew_target d = { rh * psychro_saturation_pa(t_c) };
	return solve(dew_residual, &d, -100.0, t_c);
}

double psychro_wet_bulb_c(double t_c, double dew_c, double p_pa)
{
	if (dew_c >= t_c)
		return t_c;
	struct wb_target a = { t_c, psychro_humidity_ratio(psychro_saturation_pa(dew_c), p_pa),
			       p_pa };
	/* The wet bulb is above the dew point; below -100 C the formula ends. */
	return solve(wb_residual, &a, dew_c > -100.0 ? dew_c : -100.0, t_c);
}
