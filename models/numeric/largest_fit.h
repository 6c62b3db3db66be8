/*
 * largest_fit.h - the largest x in [lo, hi] with f(x) <= 0, for f
 * increasing in x: how much heat a plant removes at its limits, how high
 * a power cap may go and still fit. GSL's Brent solver on the bracket.
 */
#ifndef DCSIM_LARGEST_FIT_H
#define DCSIM_LARGEST_FIT_H

/* hi if f(hi) <= 0; lo if f(lo) > 0 (nothing fits: the caller checks);
 * lo if [lo, hi] is already within epsabs + epsrel |x|; else the end of
 * Brent's bracket that fits once the bracket is within that. f is called
 * at both ends first: GSL aborts on a bracket without a sign change. */
double largest_fit(double (*f)(double x, void *p), void *p, double lo, double hi,
		   double epsabs, double epsrel);

#endif
