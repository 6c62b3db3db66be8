/*
 * curve.h - evaluating a curve_spec (hardware.h): linear, power law, or a
 * piecewise-linear table through GSL's linear interpolation.
 *
 * A curve maps [0, 1] onto [0, 1]; arguments outside are clamped, so a
 * rounding error at an end point never reaches GSL's range check. The
 * interpolation object is built once per run and only read afterwards;
 * evaluation passes no accelerator, so one curve may be read by any
 * number of threads.
 */
#ifndef DCSIM_CURVE_H
#define DCSIM_CURVE_H

#include <stddef.h>

#include <gsl/gsl_interp.h>

#include "hardware.h"

struct curve {
	const struct curve_spec *spec;
	gsl_interp *interp; /* TABLE only */
};

/* 0, or -1 when memory runs out. The spec must outlive the curve. */
int curve_init(struct curve *c, const struct curve_spec *spec);
void curve_fini(struct curve *c);
double curve_eval(const struct curve *c, double x);

/*
 * Check a spec: a table needs 2..CURVE_MAX_POINTS points, x strictly
 * increasing from 0 to 1, y non-decreasing from 0 to 1; a power law a
 * positive exponent. 0 when valid, else -1 with the rule broken in why.
 */
int curve_spec_check(const struct curve_spec *s, char *why, size_t why_size);

#endif
