/*
 * largest_fit.c - GSL Brent on a bracket, keeping the end that fits.
 */
#include "largest_fit.h"

#include <gsl/gsl_errno.h>
#include <gsl/gsl_roots.h>

double largest_fit(double (*f)(double x, void *p), void *p, double lo, double hi,
		   double epsabs, double epsrel)
{
	if (f(hi, p) <= 0)
		return hi;
	if (f(lo, p) > 0)
		return lo;
	/* a bracket already within the tolerance: its low end, which fits
	 * (Brent's set and first step would cost two more evaluations) */
	if (gsl_root_test_interval(lo, hi, epsabs, epsrel) == GSL_SUCCESS)
		return lo;
	gsl_function fn = { f, p };
	gsl_root_fsolver *s = gsl_root_fsolver_alloc(gsl_root_fsolver_brent);
	if (!s)
		return lo; /* no memory: the low end, which fits */
	gsl_root_fsolver_set(s, &fn, lo, hi);
	double a = lo, b = hi;
	for (int i = 0; i < 200; i++) {
		if (gsl_root_fsolver_iterate(s) != GSL_SUCCESS)
			break;
		a = gsl_root_fsolver_x_lower(s);
		b = gsl_root_fsolver_x_upper(s);
		if (gsl_root_test_interval(a, b, epsabs, epsrel) == GSL_SUCCESS)
			break;
	}
	gsl_root_fsolver_free(s);
	/* the bracket holds the root: its lower end fits when f is increasing;
	 * the upper end only if evaluations disagree slightly */
	if (f(a, p) <= 0)
		return a;
	if (f(b, p) <= 0)
		return b;
	return lo;
}
