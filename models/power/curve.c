/*
 * curve.c - linear, power-law and tabulated curves on [0, 1].
 *
 * Tables interpolate linearly between the user's points (gsl_interp_linear):
 * a measured curve is reproduced at its points exactly and never overshoots
 * between them, which a spline could.
 */
#include "curve.h"

#include <math.h>
#include <stdio.h>

int curve_init(struct curve *c, const struct curve_spec *spec)
{
	c->spec = spec;
	c->interp = NULL;
	if (spec->model != CURVE_TABLE)
		return 0;
	c->interp = gsl_interp_alloc(gsl_interp_linear, spec->n);
	if (!c->interp)
		return -1;
	/* x is strictly increasing (curve_spec_check), so init cannot fail. */
	gsl_interp_init(c->interp, spec->x, spec->y, spec->n);
	return 0;
}

void curve_fini(struct curve *c)
{
	gsl_interp_free(c->interp);
	c->interp = NULL;
}

double curve_eval(const struct curve *c, double x)
{
	x = x < 0 ? 0 : x > 1 ? 1 : x;
	switch (c->spec->model) {
	case CURVE_LINEAR:
		return x;
	case CURVE_POWER_LAW:
		return pow(x, c->spec->exponent);
	case CURVE_TABLE:
		return gsl_interp_eval(c->interp, c->spec->x, c->spec->y, x, NULL);
	}
	return x;
}

int curve_spec_check(const struct curve_spec *s, char *why, size_t why_size)
{
	if (s->model == CURVE_POWER_LAW) {
		if (!(s->exponent > 0 && isfinite(s->exponent))) {
			snprintf(why, why_size, "exponent must be a positive number, got %g",
				 s->exponent);
			return -1;
		}
		return 0;
	}
	if (s->model != CURVE_TABLE)
		return 0;
	if (s->n < 2 || s->n > CURVE_MAX_POINTS) {
		snprintf(why, why_size, "a table needs 2 to %d points, got %zu",
			 CURVE_MAX_POINTS, s->n);
		return -1;
	}
	if (s->x[0] != 0 || s->x[s->n - 1] != 1 || s->y[0] != 0 || s->y[s->n - 1] != 1) {
		snprintf(why, why_size, "a table must run from (0, 0) to (1, 1), got (%g, %g) "
			 "to (%g, %g)", s->x[0], s->y[0], s->x[s->n - 1], s->y[s->n - 1]);
		return -1;
	}
	for (size_t i = 1; i < s->n; i++) {
		if (!(s->x[i] > s->x[i - 1])) {
			snprintf(why, why_size, "x must increase strictly: point %zu (%g) after "
				 "%g", i, s->x[i], s->x[i - 1]);
			return -1;
		}
		if (!(s->y[i] >= s->y[i - 1])) {
			snprintf(why, why_size, "y must not decrease: point %zu (%g) after %g",
				 i, s->y[i], s->y[i - 1]);
			return -1;
		}
	}
	return 0;
}
